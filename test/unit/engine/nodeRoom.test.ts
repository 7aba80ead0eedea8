import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { snapshotOf } from '../../support/engineFixtures';

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: big}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: main}]}}
`;
const workspace = (deployments: number, replicas: number) => Array.from({ length: deployments }, (_, index) => deployment(`app-${index}`, replicas)).join('---\n');
const unaddressed = (snapshot: ReturnType<typeof snapshotOf>) => snapshot.pods.filter((pod) => pod.ips.length === 0).length;

describe('room for the pods on the nodes', () => {
  test('the default cluster grows by whole nodes until their /24 ranges hold every pod (253 addresses each)', () => {
    const snapshot = snapshotOf(workspace(20, 60));
    assert.equal(snapshot.pods.filter((pod) => pod.namespace === 'big').length, 1200);
    assert.equal(unaddressed(snapshot), 0);
    assert.equal(snapshot.nodes.length, 5, '1200 pods and CoreDNS need five ranges of 253');
    assert.deepEqual(snapshot.notes, []);
    assert.equal(snapshotOf(workspace(2, 3)).nodes.length, 3, 'a small workspace keeps the three default nodes');
  });

  test('DaemonSets are counted on every node the cluster grows by', () => {
    const daemonSet = (name: string) => `---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ${name}, namespace: big}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: main}]}}\n`;
    const snapshot = snapshotOf(workspace(1, 755) + Array.from({ length: 40 }, (_, index) => daemonSet(`agent-${index}`)).join(''), { nodeCIDRMaskSize: 24 });
    assert.equal(unaddressed(snapshot), 0);
  });

  test('a node whose range is full sends the next pod to a node with room, as the scheduler would', () => {
    // Three written nodes hold 759 addresses: 750 single pods fit, however unevenly their names spread them.
    const snapshot = snapshotOf(workspace(750, 1), { nodes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    assert.equal(snapshot.nodes.length, 3);
    assert.equal(unaddressed(snapshot), 0);
    assert.deepEqual(snapshot.notes, []);
  });

  test('nodes the user set are kept: too few of them give one note for all the pods left without an address', () => {
    const snapshot = snapshotOf(workspace(4, 100), { nodes: 1 });
    assert.equal(snapshot.nodes.length, 1);
    assert.equal(unaddressed(snapshot), 400 + 2 - 253);
    assert.deepEqual(snapshot.notes.map((note) => note.message), ['The pod ranges of the 1 node(s) are full: 149 pod(s) get no address. Add nodes to the profile.']);
  });

  test('Node objects in the workspace are the nodes, however many pods there are', () => {
    const snapshot = snapshotOf(`${workspace(3, 100)}---\napiVersion: v1\nkind: Node\nmetadata: {name: only}\n`);
    assert.deepEqual(snapshot.nodes.map((node) => node.name), ['only']);
    assert.equal(unaddressed(snapshot), 300 + 2 - 253);
  });
});
