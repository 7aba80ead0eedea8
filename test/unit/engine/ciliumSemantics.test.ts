/**
 * Cilium's policy semantics where they differ from a plain reading of the YAML, each from Cilium's source or docs
 * (cilium/cilium: pkg/k8s/apis/cilium.io/utils/utils.go, pkg/labelsfilter, pkg/identity, pkg/policy/k8s/service.go,
 * pkg/policy/api, pkg/policy tests; docs "DNS based", "Deny Policies").
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { passingHttpRule } from '../../../server/src/engine/policy/ciliumHttp';
import { evaluateConnection } from '../../../server/src/engine/policy/evaluate';
import type { ConnectionVerdict, PolicyPeer } from '../../../server/src/engine/policy/types';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { deploymentOf, snapshotOf } from '../../support/engineFixtures';

const WORKLOADS = [deploymentOf('a', 'client'), deploymentOf('a', 'web'), deploymentOf('b', 'other')].join('---\n');
const cnp = (namespace: string, spec: string) => `---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: ${namespace}}\nspec:\n${spec}`;

function cilium(text: string, profile: object = {}): ClusterSnapshot {
  return snapshotOf(text, { cni: { plugin: 'cilium' }, ...profile });
}

function pod(snapshot: ClusterSnapshot, name: string): PolicyPeer {
  const [namespace, workload] = name.split('/');
  const found = snapshot.pods.find((candidate) => candidate.namespace === namespace && candidate.workload.name === workload)!;
  return { kind: 'pod', pod: found, ip: found.ips[0]! };
}

function connect(snapshot: ClusterSnapshot, from: string | PolicyPeer, to: string | PolicyPeer, port = 8080): ConnectionVerdict {
  const peer = (side: string | PolicyPeer) => (typeof side === 'string' ? pod(snapshot, side) : side);
  return evaluateConnection({ from: peer(from), to: peer(to), protocol: 'TCP', port }, snapshot);
}

describe('Cilium policy semantics', () => {
  test('toFQDNs admits a name only when the client\'s DNS passes a Cilium DNS rule that allows it ("DNS based")', () => {
    const fqdn = '  endpointSelector: {matchLabels: {app: client}}\n  egress:\n  - toFQDNs: [{matchName: api.example.com}]\n    toPorts: [{ports: [{port: "443", protocol: TCP}]}]\n';
    const dns = '  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]\n    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]\n';
    const outside: PolicyPeer = { kind: 'external', ip: '203.0.113.5', host: 'api.example.com' };
    const without = cilium(WORKLOADS + cnp('a', fqdn));
    assert.equal(connect(without, 'a/client', outside, 443).allowed, false, 'no DNS rule: Cilium never learns the address');
    const withDns = cilium(WORKLOADS + cnp('a', fqdn + dns));
    assert.equal(connect(withDns, 'a/client', outside, 443).allowed, true);
    assert.equal(connect(withDns, 'a/client', { kind: 'external', ip: '203.0.113.5' }, 443).allowed, false, 'the address without the name');
  });

  test('an empty endpoint selector in a clusterwide policy selects pods, not the world', () => {
    const text = `${WORKLOADS}---\napiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: p}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  ingress: [{fromEndpoints: [{}]}]\n`;
    const snapshot = cilium(text);
    assert.equal(connect(snapshot, 'b/other', 'a/web').allowed, true);
    assert.equal(connect(snapshot, { kind: 'external', ip: '203.0.113.5' }, 'a/web').allowed, false);
  });

  test('labels Cilium leaves out of identities select nothing (pod-template-hash)', () => {
    const web = pod(cilium(WORKLOADS), 'a/web');
    const hash = web.kind === 'pod' ? web.pod.labels['pod-template-hash'] : undefined;
    assert.ok(hash, 'the Deployment controller adds pod-template-hash');
    const snapshot = cilium(WORKLOADS + cnp('a', `  endpointSelector: {matchLabels: {pod-template-hash: "${hash}"}}\n  ingress: [{}]\n`));
    assert.equal(connect(snapshot, 'a/client', 'a/web').allowed, true, 'the policy selects no endpoint');
  });

  test("the API server's addresses on a node are that node to remote-node and host rules, and kube-apiserver too", () => {
    const snapshot = cilium(WORKLOADS + cnp('a', '  endpointSelector: {matchLabels: {app: client}}\n  egress: [{toEntities: [remote-node, host]}]\n'));
    const apiServer = snapshot.endpoints.get('default/kubernetes')!.endpoints[0]!.ip;
    assert.equal(connect(snapshot, 'a/client', { kind: 'external', ip: apiServer }, 6443).allowed, true);
  });

  test('toServices: a Service named without a namespace is looked for in every namespace; a selector-less one admits its addresses outside, not pods', () => {
    const services = `---\napiVersion: v1\nkind: Service\nmetadata: {name: other, namespace: b}\nspec: {selector: {app: other}, ports: [{port: 8080}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: a}\nspec: {ports: [{port: 5432}]}\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: db, namespace: a}\nsubsets: [{addresses: [{ip: 198.51.100.20}], ports: [{port: 5432}]}]\n`;
    const snapshot = cilium(WORKLOADS + services + cnp('a', '  endpointSelector: {matchLabels: {app: client}}\n  egress:\n  - toServices: [{k8sService: {serviceName: other}}]\n  - toServices: [{k8sService: {serviceName: db}}]\n'));
    assert.equal(connect(snapshot, 'a/client', 'b/other').allowed, true);
    assert.equal(connect(snapshot, 'a/client', { kind: 'external', ip: '198.51.100.20' }, 5432).allowed, true);
  });

  test('enableDefaultDeny false: HTTP rules give visibility, they refuse no request', () => {
    const snapshot = cilium(WORKLOADS + cnp('a', '  endpointSelector: {matchLabels: {app: web}}\n  enableDefaultDeny: {ingress: false}\n  ingress:\n  - toPorts: [{ports: [{port: "8080", protocol: TCP}], rules: {http: [{method: GET, path: /health}]}}]\n'));
    const verdict = connect(snapshot, 'a/client', 'a/web');
    assert.equal(verdict.allowed, true);
    assert.equal(verdict.ingress?.httpGate, undefined);
  });

  test('fromRequires adds to every endpoint selector of the rules that select the pod', () => {
    const text = [deploymentOf('a', 'client', { labels: { env: 'prod' } }), deploymentOf('a', 'web'), deploymentOf('a', 'dev', { labels: { env: 'dev' } })].join('---\n');
    const snapshot = cilium(text + cnp('a', '  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - fromRequires: [{matchLabels: {env: prod}}]\n  - fromEndpoints: [{}]\n'));
    assert.equal(connect(snapshot, 'a/client', 'a/web').allowed, true);
    assert.equal(connect(snapshot, 'a/dev', 'a/web').allowed, false);
  });

  test('a rule with ICMP types and no ports admits no TCP; a toPorts entry without ports admits nothing', () => {
    const snapshot = cilium(WORKLOADS + cnp('a', '  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    icmps: [{fields: [{type: 8, family: IPv4}]}]\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{}]\n'));
    assert.equal(connect(snapshot, 'a/client', 'a/web').allowed, false);
  });

  test("headers: Cilium splits an entry at its first space ('X-Token: abc', 'X-Token abc'); 'X-Token:abc' names a header of that name", () => {
    const gate = (entry: string) => ({ rules: [{ rule: { span: {} as never, headers: { value: [{ value: entry, span: {} as never }], span: {} as never } }, policy: 'p', ref: { uri: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, label: '' } }] });
    const request = { method: 'GET', path: '/', headers: { 'x-token': 'abc' } };
    assert.ok(passingHttpRule(gate('X-Token: abc'), request));
    assert.ok(passingHttpRule(gate('X-Token abc'), request));
    assert.equal(passingHttpRule(gate('X-Token:abc'), request), undefined);
    assert.equal(passingHttpRule(gate('X-Token: other'), request), undefined);
  });

  test('an ingressDeny of the host entity stops even the pod\'s own node, which NetworkPolicy never can', () => {
    const snapshot = cilium(WORKLOADS + cnp('a', '  endpointSelector: {matchLabels: {app: web}}\n  ingressDeny: [{fromEntities: [host]}]\n  ingress: [{fromEntities: [all]}]\n'));
    const web = pod(snapshot, 'a/web');
    const node = snapshot.nodes.find((candidate) => web.kind === 'pod' && candidate.name === web.pod.node)!;
    assert.equal(connect(snapshot, { kind: 'external', ip: node.addresses[0]! }, web).allowed, false);
  });

  test("a namespaced policy's endpointSelector naming another namespace selects its own namespace's pods (Cilium overwrites the match)", () => {
    const snapshot = cilium(WORKLOADS + cnp('a', '  endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: b, app: web}}\n  ingress: [{}]\n'));
    assert.equal(connect(snapshot, 'a/client', 'a/web').allowed, false);
  });

  test('RE2 syntax in HTTP rules: (?i) and POSIX classes', () => {
    const gate = (path: string) => ({ rules: [{ rule: { span: {} as never, path: { value: path, span: {} as never } }, policy: 'p', ref: { uri: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, label: '' } }] });
    assert.ok(passingHttpRule(gate('(?i)/API/v[[:digit:]]+'), { method: 'GET', path: '/api/v2', headers: {} }));
    assert.equal(passingHttpRule(gate('/api/v[[:digit:]]+'), { method: 'GET', path: '/api/vx', headers: {} }), undefined);
  });
});
