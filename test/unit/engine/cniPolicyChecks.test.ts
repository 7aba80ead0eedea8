/**
 * The checks of Cilium's and Calico's own policies (KT308-KT312, and KT010 for what their APIs reject), each
 * with a located message, and no finding at all on the projects' documented examples.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { evaluateConnection } from '../../../server/src/engine/policy/evaluate';
import { snapshotOf } from '../../support/engineFixtures';
import { PROJECT_ROOT, readManifestFolder } from '../../support/fixtures';

const CILIUM = { cni: { plugin: 'cilium' } };
const CALICO = { cni: { plugin: 'calico' } };

/** The findings for some manifests, as `CODE severity line: message`, lines 1-based. */
function findings(text: string, profile: object): string[] {
  return checkCluster(snapshotOf(text, profile)).map((problem) => `${problem.code} ${problem.severity} ${problem.range.start.line + 1}: ${problem.message}`);
}

const PODS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, ports: [{name: http, containerPort: 8080}, {name: redis, containerPort: 6379}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: app}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec:
      containers: [{name: client}]
---
`;

const cnp = (spec: string) => `${PODS}apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: app}
spec:
${spec}`;

const calico = (spec: string, kind = 'NetworkPolicy') => `${PODS}apiVersion: projectcalico.org/v3
kind: ${kind}
metadata: {name: p${kind === 'NetworkPolicy' ? ', namespace: app' : ''}}
spec:
${spec}`;

/** The line in a text where a fragment first appears, 1-based. */
const lineOf = (text: string, fragment: string) => text.slice(0, text.indexOf(fragment)).split('\n').length;

describe('Cilium policy checks', () => {
  test('KT308 an endpointSelector that matches no pod of the namespace', () => {
    const text = cnp('  endpointSelector: {matchLabels: {app: wbe}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]\n');
    assert.deepEqual(findings(text, CILIUM), [`KT308 warning ${lineOf(text, 'endpointSelector')}: The endpointSelector matches no pod in namespace app: this policy applies to nothing.`]);
  });

  test('KT309 a fromEndpoints selector that matches no pod, said with where a namespaced policy looks', () => {
    const text = cnp('  endpointSelector: {matchLabels: {app: web}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: clinet}}]}]\n');
    const [finding, ...rest] = findings(text, CILIUM);
    assert.deepEqual(rest, []);
    assert.match(finding!, /^KT309 warning \d+: This fromEndpoints selector of ingress rule 1 matches no pod of namespace app \(a namespaced policy's selector stays in its namespace unless it names io\.kubernetes\.pod\.namespace or a namespace label\): it admits nothing\.$/);
    // The same selector with the k8s: source and a namespace key of the pod's namespace matches: no finding.
    assert.deepEqual(findings(cnp('  endpointSelector: {matchLabels: {app: web}}\n  ingress: [{fromEndpoints: [{matchLabels: {"k8s:app": client, "k8s:io.kubernetes.pod.namespace": app}}]}]\n'), CILIUM), []);
  });

  test('KT010 what Cilium refuses: an unknown entity, a CIDR without its length, peers of two kinds in one rule, HTTP rules off TCP, RE2 it cannot compile', () => {
    const text = cnp('  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - fromEntities: [wrold]\n  - fromCIDR: [10.0.0.1]\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    fromEntities: [world]\n  - toPorts: [{ports: [{port: "8080"}], rules: {http: [{method: GET}]}}]\n  - toPorts: [{ports: [{port: "8080", protocol: TCP}], rules: {http: [{method: GET, path: "/v1/(?!admin)"}]}}]\n');
    assert.deepEqual(findings(text, CILIUM).map((finding) => finding.replace(/: spec.*?: /, ': ').replace(/ \(.*$|: the API.*|: Cilium's agent.*/, '')), [
      `KT010 error ${lineOf(text, 'wrold')}: "wrold" is not an entity`,
      `KT010 error ${lineOf(text, '10.0.0.1')}: "10.0.0.1" is not a CIDR`,
      `KT010 error ${lineOf(text, 'fromEntities: [world]')}: combining fromEndpoints and fromEntities in one rule is not supported`,
      `KT010 error ${lineOf(text, '{port: "8080"}')}: L7 rules can only apply to TCP, and this port's protocol is ANY`,
      `KT010 error ${lineOf(text, '(?!admin)')}: "/v1/(?!admin)" is not a regular expression RE2 compiles`,
    ]);
    assert.match(findings(text, CILIUM)[0]!, /the API server rejects the policy\.$/);
    assert.match(findings(text, CILIUM)[2]!, /Cilium's agent refuses the policy \(Valid=False\), and none of its rules take effect\.$/);
  });

  test('a policy Cilium refuses takes no effect: no default deny, no allow', () => {
    const snapshot = snapshotOf(cnp('  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - toPorts: [{ports: [{port: "8080"}], rules: {http: [{method: GET}]}}]\n'), CILIUM);
    const pod = (name: string) => snapshot.pods.find((candidate) => candidate.workload.name === name)!;
    const verdict = evaluateConnection({ from: { kind: 'pod', pod: pod('client'), ip: pod('client').ips[0]! }, to: { kind: 'pod', pod: pod('web'), ip: pod('web').ips[0]! }, protocol: 'TCP', port: 9090 }, snapshot);
    assert.equal(verdict.allowed, true, verdict.explanation);
  });

  test("a namespace-label or reserved selector reaches past a namespaced policy's namespace: no KT309", () => {
    const text = `${cnp('  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {k8s:io.cilium.k8s.namespace.labels.team: red}}]\n  - fromEndpoints: [{matchLabels: {reserved:ingress: ""}}]\n')}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: red, labels: {team: red}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: red-client, namespace: red}\nspec: {containers: [{name: c}]}\n`;
    assert.deepEqual(findings(text, CILIUM), []);
  });

  test("KT310 HTTP rules on the Redis port; none on the pods' http port", () => {
    const text = cnp('  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - toPorts: [{ports: [{port: "6379", protocol: TCP}], rules: {http: [{method: GET}]}}]\n  - toPorts: [{ports: [{port: "8080", protocol: TCP}], rules: {http: [{method: GET}]}}]\n');
    assert.deepEqual(findings(text, CILIUM), [
      `KT310 warning ${lineOf(text, '"6379"')}: ingress rule 1 has HTTP rules on this port, but port 6379 carries Redis: Cilium's proxy parses the connection as HTTP and drops what is not.`,
    ]);
  });

  test('KT312 a Cilium policy under a profile whose CNI is Calico', () => {
    const text = cnp('  endpointSelector: {matchLabels: {app: web}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]\n');
    assert.deepEqual(findings(text, CALICO), [`KT312 information ${lineOf(text, 'kind: CiliumNetworkPolicy')}: CiliumNetworkPolicy is enforced by Cilium, and the cluster profile's CNI is calico: traces and the matrix leave this policy out. Set cni.plugin: cilium in kubetrace.yaml if the cluster runs Cilium.`]);
  });
});

describe('Calico policy checks', () => {
  test('KT010 a selector Calico cannot parse, located, with where and why', () => {
    const text = calico('  selector: app = "web"\n  ingress: [{action: Allow}]\n');
    assert.deepEqual(findings(text, CALICO), [`KT010 error ${lineOf(text, 'app = "web"')}: The selector "app = \\"web\\"" is not a Calico selector (at character 5: ${findings(text, CALICO)[0]!.split('at character 5: ')[1]!.split('): the API')[0]}): the API server rejects it.`]);
    assert.match(findings(text, CALICO)[0]!, /at character 5: .*==/);
  });

  test("KT308 a selector that matches no pod; KT309 a rule selector that matches pods of other namespaces only (the namespaceSelector forgotten)", () => {
    const text = calico("  selector: app == 'wbe'\n  ingress: [{action: Allow, source: {selector: app == 'client'}}]\n---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: q, namespace: other}\nspec:\n  selector: app == 'x'\n  ingress: [{action: Allow, source: {selector: app == 'client'}}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: other, labels: {app: x}}\nspec: {containers: [{name: x}]}\n");
    const found = findings(text, CALICO);
    assert.deepEqual(found.map((finding) => finding.replace(/:.*/, '')), [`KT308 warning ${lineOf(text, "app == 'wbe'")}`, `KT309 warning ${text.split('\n').findIndex((line, index) => index > lineOf(text, 'namespace: other}') && line.includes("app == 'client'")) + 1}`]);
    assert.match(found[1]!, /matches no pod of namespace other, where a namespaced policy's rule selector looks; it matches pods of app: add a namespaceSelector to reach them\.$/);
  });

  test('KT309 as information: a rule selector that matches no pod and no NetworkSet may pick sets applied elsewhere; none when a NetworkSet matches', () => {
    const text = calico("  selector: app == 'web'\n  egress: [{action: Allow, destination: {selector: role == 'external-db'}}]\n");
    assert.match(findings(text, CALICO).join('\n'), /^KT309 information \d+: The egress rule 1 destination selector matches no pod of namespace app and no NetworkSet of the workspace/);
    const withSet = `${text}---\napiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata: {name: db, namespace: app, labels: {role: external-db}}\nspec: {nets: [203.0.113.0/24]}\n`;
    assert.deepEqual(findings(withSet, CALICO), []);
  });

  test('KT010 ports on a rule without TCP, UDP or SCTP, and an action Calico does not have', () => {
    const text = calico("  selector: app == 'web'\n  ingress:\n  - action: Allow\n    destination: {ports: [8080]}\n  - action: Accept\n");
    assert.deepEqual(findings(text, CALICO).map((finding) => finding.replace(/:.*/, '')), [`KT010 error ${lineOf(text, 'ports: [8080]')}`, `KT010 error ${lineOf(text, 'Accept')}`]);
  });

  test('KT311 Pass in the default tier, the last; none in a tier the default tier follows', () => {
    const text = calico("  selector: app == 'web'\n  ingress: [{action: Pass}]\n");
    assert.deepEqual(findings(text, CALICO), [`KT311 warning ${lineOf(text, 'action: Pass')}: ingress rule 1 passes to the next tier, but no tier comes after default (tiers go by order; the default tier's is 1,000,000): the endpoint's profile decides, which allows the connection.`]);
    // A BaselineAdminNetworkPolicy's tier comes after the default tier: passing to it is how one defers to it.
    const baseline = `${text}---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n`;
    assert.deepEqual(findings(baseline, CALICO), []);
    const tiered = `${PODS}apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100}\n---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: security.p, namespace: app}\nspec:\n  tier: security\n  selector: app == 'web'\n  ingress: [{action: Pass}]\n`;
    assert.deepEqual(findings(tiered, CALICO), []);
  });
});

describe('no finding on the projects\' documented examples', () => {
  const root = path.join(PROJECT_ROOT, 'test', 'fixtures', 'cni-policies');
  for (const name of fs.readdirSync(root).filter((entry) => fs.existsSync(path.join(root, entry, 'manifests'))).sort()) {
    test(name, () => {
      const text = Object.values(readManifestFolder(path.join(root, name, 'manifests'))).join('\n---\n');
      const found = findings(text, name.startsWith('cilium-') ? CILIUM : CALICO).filter((finding) => /^KT(010|30[89]|31[012]) /.test(finding));
      assert.deepEqual(found, []);
    });
  }
});
