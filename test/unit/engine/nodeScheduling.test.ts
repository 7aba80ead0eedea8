import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { snapshotOf } from '../../support/engineFixtures';

/** A Deployment of two replicas whose pod spec gets `scheduling` (indented for the spec mapping). */
const DEPLOYMENT = (scheduling: string, kind = 'Deployment') => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: web, namespace: app}
spec:
  ${kind === 'Deployment' ? 'replicas: 2' : ''}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: main}]
${scheduling}`;

const findings = (text: string, profile: object = {}) => checkCluster(snapshotOf(text, profile)).map((problem) => `${problem.code} ${problem.severity} ${problem.range.start.line + 1}: ${problem.message}`);
const podsOf = (text: string, profile: object = {}) => snapshotOf(text, profile).pods.filter((pod) => pod.workload.name === 'web');

const DESCRIBED = { nodes: [{ name: 'worker-a', labels: { pool: 'general' } }, { name: 'worker-b', labels: { pool: 'general' } }] };

describe('which nodes pods fit (nodeSelector, node affinity, taints)', () => {
  test('the default nodes carry the labels kubelet sets, under the current and the beta keys', () => {
    const { nodes } = snapshotOf('');
    assert.deepEqual(nodes[0]!.labels, {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'node-1',
      'kubernetes.io/os': 'linux',
    });
    assert.deepEqual(nodes[0]!.taints, [], 'workers: no control-plane taint');
  });

  test("Sock Shop's nodeSelector beta.kubernetes.io/os: linux fits the default nodes: the pods run, with no finding", () => {
    const text = DEPLOYMENT('      nodeSelector: {beta.kubernetes.io/os: linux}\n');
    assert.deepEqual(podsOf(text).map((pod) => pod.node !== undefined && pod.ips.length === 1), [true, true]);
    assert.deepEqual(findings(text), []);
  });

  test('common required affinities fit the default nodes: an architecture list, not on the control plane, a Gt on a number', () => {
    const text = DEPLOYMENT(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}
                  - {key: node-role.kubernetes.io/control-plane, operator: DoesNotExist}
                  - {key: kubernetes.io/os, operator: NotIn, values: [windows]}
`);
    assert.deepEqual(findings(text), []);
    assert.equal(podsOf(text).filter((pod) => pod.node).length, 2);
  });

  test('on the default nodes, a label they lack is information at the nodeSelector entry, and the pods still run', () => {
    const text = DEPLOYMENT('      nodeSelector:\n        kubernetes.io/os: linux\n        cloud.google.com/gke-nodepool: highmem\n');
    assert.deepEqual(findings(text), [
      "KT113 information 13: The default nodes do not fit: no node has the label cloud.google.com/gke-nodepool=highmem. The simulation runs the pods of Deployment app/web on them anyway; describe the cluster's nodes (nodes in kubetrace.yaml, or Node objects) to check where they can run.",
    ]);
    assert.equal(podsOf(text).filter((pod) => pod.node && pod.ips.length > 0).length, 2);
  });

  test('on described nodes, a nodeSelector entry no node has is a warning at that entry, and the pods stay Pending', () => {
    const text = DEPLOYMENT('      nodeSelector:\n        pool: general\n        disktype: ssd\n');
    assert.deepEqual(findings(text, DESCRIBED), [
      'KT113 warning 13: No node fits: no node has the label disktype=ssd (of 2). The pods of Deployment app/web would stay Pending, and nothing reaches them.',
    ]);
    assert.deepEqual(podsOf(text, DESCRIBED).map((pod) => pod.node), [undefined, undefined]);
    assert.deepEqual(findings(DEPLOYMENT('      nodeSelector: {pool: general}\n'), DESCRIBED), [], 'a label the nodes have');
  });

  test('on described nodes, a required affinity no node meets is a warning at the requirement; one term that fits is enough', () => {
    const affinity = (terms: string) => DEPLOYMENT(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
${terms}`);
    const one = affinity('              - matchExpressions:\n                  - {key: pool, operator: In, values: [general]}\n                  - {key: zone, operator: Exists}\n');
    assert.deepEqual(findings(one, DESCRIBED), [
      'KT113 warning 17: No node fits: no node meets the required node affinity zone Exists (of 2). The pods of Deployment app/web would stay Pending, and nothing reaches them.',
    ]);
    const two = affinity('              - matchExpressions: [{key: zone, operator: Exists}]\n              - matchFields: [{key: metadata.name, operator: In, values: [worker-b]}]\n');
    assert.deepEqual(findings(two, DESCRIBED), [], 'the second term (by node name) fits worker-b');
    assert.deepEqual(podsOf(two, DESCRIBED).map((pod) => pod.node), ['worker-b', 'worker-b']);
  });

  test('taints: a pod that tolerates none of them stays Pending (warning); a toleration lets it run; PreferNoSchedule never excludes', () => {
    const nodes = `---
apiVersion: v1
kind: Node
metadata: {name: control-plane}
spec:
  taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
---
apiVersion: v1
kind: Node
metadata: {name: gpu-1}
spec:
  taints: [{key: dedicated, value: gpu, effect: NoSchedule}, {key: spot, effect: PreferNoSchedule}]
`;
    const untolerated = `${DEPLOYMENT('')}${nodes}`;
    assert.deepEqual(findings(untolerated), [
      'KT113 warning 3: No node fits: every node it could run on has a taint it does not tolerate (node-role.kubernetes.io/control-plane:NoSchedule, dedicated=gpu:NoSchedule) (of 2). The pods of Deployment app/web would stay Pending, and nothing reaches them.',
    ]);
    const tolerating = `${DEPLOYMENT('      tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]\n')}${nodes}`;
    assert.deepEqual(findings(tolerating), []);
    assert.deepEqual(podsOf(tolerating).map((pod) => pod.node), ['gpu-1', 'gpu-1']);
    const wrongValue = `${DEPLOYMENT('      tolerations: [{key: dedicated, operator: Equal, value: cpu}]\n')}${nodes}`;
    assert.match(findings(wrongValue)[0]!, /^KT113 warning 11: /, 'located at the tolerations');
    const everything = `${DEPLOYMENT('      tolerations: [{operator: Exists}]\n')}${nodes}`;
    assert.equal(podsOf(everything).filter((pod) => pod.node).length, 2, 'an empty key with Exists tolerates every taint');
  });

  test('a DaemonSet runs on the nodes it fits; on none of the described nodes it is information, not a warning', () => {
    const nodes = `---
apiVersion: v1
kind: Node
metadata: {name: control-plane}
spec:
  taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
---
apiVersion: v1
kind: Node
metadata: {name: worker}
`;
    const agent = `${DEPLOYMENT('', 'DaemonSet')}${nodes}`;
    assert.deepEqual(podsOf(agent).map((pod) => pod.node), ['worker']);
    assert.deepEqual(findings(agent), []);
    const everywhere = `${DEPLOYMENT('      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]\n', 'DaemonSet')}${nodes}`;
    assert.deepEqual(podsOf(everywhere).map((pod) => pod.node).sort(), ['control-plane', 'worker']);
    const windows = `${DEPLOYMENT('      nodeSelector: {kubernetes.io/os: windows}\n', 'DaemonSet')}${nodes}`;
    assert.deepEqual(podsOf(windows), []);
    assert.deepEqual(findings(windows), ['KT113 information 11: No node fits: no node has the label kubernetes.io/os=windows (of 2). The DaemonSet runs no pod.']);
  });

  test('profile nodes may carry taints, and a node count keeps the default labels (and the benefit of the doubt)', () => {
    const tainted = { nodes: [{ name: 'only', taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] }] };
    assert.match(findings(DEPLOYMENT(''), tainted)[0]!, /^KT113 warning 3: No node fits: every node it could run on has a taint it does not tolerate \(dedicated=db:NoExecute\)/);
    assert.match(findings(DEPLOYMENT('      nodeSelector: {disktype: ssd}\n'), { nodes: 5 })[0]!, /^KT113 information 11: The default nodes do not fit/);
  });
});
