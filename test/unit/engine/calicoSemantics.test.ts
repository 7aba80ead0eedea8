/**
 * Calico's policy semantics where they differ from a plain reading of the YAML, each from Calico's source or docs
 * (projectcalico/calico: felix/calc/policy_sorter.go, libcalico-go lib/names and updateprocessors/rules.go,
 * felix/calc/event_sequencer.go, libcalico-go's validator; docs.tigera.io "Policy tiers", "NetworkSet").
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateConnection } from '../../../server/src/engine/policy/evaluate';
import type { ConnectionVerdict, PolicyPeer } from '../../../server/src/engine/policy/types';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { deploymentOf, snapshotOf } from '../../support/engineFixtures';

const WORKLOADS = [deploymentOf('app', 'web'), deploymentOf('app', 'client'), deploymentOf('prod', 'other', { serviceAccount: 'api' })].join('---\n');
const policy = (kind: 'NetworkPolicy' | 'GlobalNetworkPolicy', name: string, spec: string, namespace = 'app') =>
  `---\napiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata: {name: ${name}${kind === 'NetworkPolicy' ? `, namespace: ${namespace}` : ''}}\nspec:\n${spec}`;

function calico(text: string): ClusterSnapshot {
  return snapshotOf(text, { cni: { plugin: 'calico' } });
}

function connect(snapshot: ClusterSnapshot, from: string | PolicyPeer, to: string | PolicyPeer, port = 8080): ConnectionVerdict {
  const peer = (side: string | PolicyPeer): PolicyPeer => {
    if (typeof side !== 'string') return side;
    const [namespace, workload] = side.split('/');
    const pod = snapshot.pods.find((candidate) => candidate.namespace === namespace && candidate.workload.name === workload)!;
    return { kind: 'pod', pod, ip: pod.ips[0]! };
  };
  return evaluateConnection({ from: peer(from), to: peer(to), protocol: 'TCP', port }, snapshot);
}

const OUTSIDE: PolicyPeer = { kind: 'external', ip: '203.0.113.5' };

describe('Calico policy semantics', () => {
  test('policies of equal order go by the name Felix keys them by: tier.name, namespace/tier.name', () => {
    const text = WORKLOADS + policy('GlobalNetworkPolicy', 'deny-egress', "  selector: all()\n  types: [Egress]\n  egress: [{action: Deny, destination: {nets: [203.0.113.0/24]}}]\n") + policy('NetworkPolicy', 'allow-egress', "  selector: all()\n  types: [Egress]\n  egress: [{action: Allow}]\n", 'prod');
    // "default.deny-egress" sorts before "prod/default.allow-egress".
    assert.equal(connect(calico(text), 'prod/other', OUTSIDE, 443).allowed, false);
  });

  test("Kubernetes NetworkPolicies are namespace/knp.default.name at order 1000: before a global policy of that order in a namespace that sorts first", () => {
    const kubernetes = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow, namespace: app}\nspec: {podSelector: {}, ingress: [{}]}\n`;
    const text = WORKLOADS + kubernetes + policy('GlobalNetworkPolicy', 'deny', "  order: 1000\n  selector: app == 'web'\n  ingress: [{action: Deny}]\n");
    assert.equal(connect(calico(text), 'app/client', 'app/web').allowed, true, '"app/knp.default.allow" < "default.deny"');
  });

  test('tiers go by order, the default tier at 1,000,000: a tier ordered after it comes after it', () => {
    const text = `${WORKLOADS}---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: late}\nspec: {order: 2000000}\n` + policy('GlobalNetworkPolicy', 'late.allow', "  tier: late\n  selector: all()\n  ingress: [{action: Allow}]\n") + policy('GlobalNetworkPolicy', 'deny', "  selector: app == 'web'\n  ingress: [{action: Deny}]\n");
    assert.equal(connect(calico(text), 'app/client', 'app/web').allowed, false);
  });

  test('AdminNetworkPolicy sits in a tier of order 1,000: a user tier of order 100 decides first', () => {
    const anp = `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: allow}\nspec:\n  priority: 10\n  subject: {namespaces: {}}\n  ingress: [{action: Allow, from: [{namespaces: {}}]}]\n`;
    const text = `${WORKLOADS}${anp}---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: platform}\nspec: {order: 100}\n` + policy('GlobalNetworkPolicy', 'platform.deny', "  tier: platform\n  selector: app == 'web'\n  ingress: [{action: Deny}]\n");
    const verdict = connect(calico(text), 'app/client', 'app/web');
    assert.equal(verdict.allowed, false, verdict.explanation);
  });

  test('in a namespaced policy a notSelector or serviceAccounts alone stays in its namespace', () => {
    const notSelector = calico(WORKLOADS + policy('NetworkPolicy', 'p', "  selector: app == 'web'\n  ingress: [{action: Allow, source: {notSelector: role == 'x'}}]\n"));
    assert.equal(connect(notSelector, 'app/client', 'app/web').allowed, true);
    assert.equal(connect(notSelector, 'prod/other', 'app/web').allowed, false);
    assert.equal(connect(notSelector, OUTSIDE, 'app/web').allowed, false);
    const accounts = calico(WORKLOADS + policy('NetworkPolicy', 'p', "  selector: app == 'web'\n  ingress: [{action: Allow, source: {serviceAccounts: {names: [api]}}}]\n"));
    assert.equal(connect(accounts, 'prod/other', 'app/web').allowed, false, 'prod/other runs as api, in another namespace');
  });

  test('a rule selector picks the NetworkSets of its scope: addresses outside the cluster by label', () => {
    const sets = `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: db, labels: {role: external-db}}\nspec: {nets: [203.0.113.0/24]}\n`;
    const text = WORKLOADS + sets + policy('GlobalNetworkPolicy', 'p', "  selector: app == 'web'\n  types: [Egress]\n  egress: [{action: Allow, destination: {selector: role == 'external-db'}}]\n");
    assert.equal(connect(calico(text), 'app/web', OUTSIDE, 5432).allowed, true);
    assert.equal(connect(calico(text), 'app/web', { kind: 'external', ip: '198.51.100.9' }, 5432).allowed, false);
  });

  test('applyOnForward policies apply to pods too; doNotTrack ones do not', () => {
    assert.equal(connect(calico(WORKLOADS + policy('GlobalNetworkPolicy', 'p', "  selector: app == 'web'\n  applyOnForward: true\n  ingress: [{action: Deny}]\n")), 'app/client', 'app/web').allowed, false);
    assert.equal(connect(calico(WORKLOADS + policy('GlobalNetworkPolicy', 'p', "  selector: app == 'web'\n  doNotTrack: true\n  applyOnForward: true\n  ingress: [{action: Deny}]\n")), 'app/client', 'app/web').allowed, true);
  });

  test('nets take a plain address; a destination Service is its endpoints on the ports they serve; http matches are read on their other fields', () => {
    const plain = calico(WORKLOADS + policy('NetworkPolicy', 'p', "  selector: app == 'client'\n  types: [Egress]\n  egress: [{action: Allow, destination: {nets: [203.0.113.5]}}]\n"));
    assert.equal(connect(plain, 'app/client', OUTSIDE, 443).allowed, true);
    const service = `---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: app}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n`;
    const services = calico(WORKLOADS + service + policy('NetworkPolicy', 'p', "  selector: app == 'client'\n  types: [Egress]\n  egress: [{action: Allow, destination: {services: {name: web}}}]\n"));
    assert.equal(connect(services, 'app/client', 'app/web', 8080).allowed, true);
    assert.equal(connect(services, 'app/client', 'app/web', 9090).allowed, false, 'not a port the Service serves');
    const http = calico(WORKLOADS + policy('NetworkPolicy', 'p', "  selector: app == 'web'\n  ingress: [{action: Allow, http: {methods: [GET]}}]\n"));
    assert.equal(connect(http, 'app/client', 'app/web').allowed, true);
  });

  test('a crd.projectcalico.org object with no types is read by Felix as both directions', () => {
    const text = `${WORKLOADS}---\napiVersion: crd.projectcalico.org/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: app}\nspec:\n  selector: app == 'client'\n  ingress: [{action: Allow}]\n`;
    assert.equal(connect(calico(text), 'app/client', OUTSIDE, 443).allowed, false);
    assert.equal(connect(calico(text.replace('crd.projectcalico.org/v1', 'projectcalico.org/v3')), 'app/client', OUTSIDE, 443).allowed, true, 'the API server defaults types to Ingress');
  });

  test("a source's notPorts is read for an ephemeral port: it matches unless it names one", () => {
    const text = WORKLOADS + policy('NetworkPolicy', 'p', "  selector: app == 'web'\n  ingress: [{action: Allow, protocol: TCP, source: {notPorts: [22]}}]\n");
    assert.equal(connect(calico(text), 'app/client', 'app/web').allowed, true);
  });
});
