import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fnv1a } from '../../../server/src/engine/hash';
import { podsInNamespace } from '../../../server/src/engine/snapshot/indexes';
import { snapshotOf } from '../../support/engineFixtures';
import { seededRandom } from '../../support/random';

const NODES = [
  { name: 'a', labels: { disk: 'ssd' } },
  { name: 'b', labels: { disk: 'ssd' } },
  { name: 'c', labels: {} },
  { name: 'd', labels: {} },
];
/** A /28 per node: 16 addresses less the network, the next one and broadcast. */
const ROOM = 13;

describe('pods placed when the node ranges run out', () => {
  test('each pod goes to the first node in its turn with room left, and gets no address when none has any', () => {
    let moved = 0;
    let unaddressed = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed);
      const sets = Array.from({ length: 14 }, (_, index) => ({ name: `s${index}`, replicas: 1 + Math.floor(random() * 8), ssd: random() < 0.5 }));
      const text = sets
        .map(
          (set) =>
            `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: ${set.name}, namespace: big}\nspec:\n  replicas: ${set.replicas}\n  selector: {matchLabels: {app: ${set.name}}}\n  template: {metadata: {labels: {app: ${set.name}}}, spec: {${set.ssd ? 'nodeSelector: {disk: ssd}, ' : ''}containers: [{name: main}]}}\n`,
        )
        .join('---\n');
      const snapshot = snapshotOf(text, { nodes: NODES, nodeCIDRMaskSize: 28 });
      // The scheduler's rule, worked out by counting: pods in the snapshot's order, each from its own node round the nodes that fit.
      const room = new Map(NODES.map((node) => [node.name, ROOM]));
      const pods = podsInNamespace(snapshot, 'big');
      assert.equal(pods.length, sets.reduce((sum, set) => sum + set.replicas, 0));
      for (const pod of pods) {
        const set = sets.find((candidate) => candidate.name === pod.workload.name)!;
        const replica = Number(pod.name.slice(set.name.length + 1));
        const eligible = NODES.filter((node) => !set.ssd || node.labels.disk === 'ssd');
        const start = (fnv1a(`big/StatefulSet/${set.name}`) + replica) % eligible.length;
        const turn = eligible.map((_, step) => eligible[(start + step) % eligible.length]!);
        const withRoom = turn.find((node) => room.get(node.name)! > 0);
        if (withRoom) room.set(withRoom.name, room.get(withRoom.name)! - 1);
        if (withRoom && withRoom !== turn[0]) moved++;
        if (!withRoom) unaddressed++;
        assert.equal(pod.node, (withRoom ?? turn[0]!).name, `seed ${seed}: node of ${pod.name}`);
        assert.equal(pod.ips.length, withRoom ? 1 : 0, `seed ${seed}: addresses of ${pod.name}`);
      }
    }
    assert.ok(moved > 20 && unaddressed > 20, `full nodes sent pods on (${moved}) and left pods without an address (${unaddressed})`);
  });
});
