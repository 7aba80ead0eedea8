/**
 * A value kept per snapshot is carried over several edits at once when the snapshots between were never asked for
 * it (a file opened as it is on disk makes a snapshot nobody asks anything of), and equals the value derived afresh.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import { perSnapshot } from '../../../server/src/engine/snapshot/perSnapshot';
import { snapshotChange } from '../../../server/src/engine/snapshot/snapshotChange';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { updateSnapshot } from '../../../server/src/engine/snapshot/updateSnapshot';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

const app = (name: string, label: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}, tier: ${label}}}\n    spec: {containers: [{name: main, image: x}]}\n`;

describe('a value kept per snapshot', () => {
  test('is carried over the edits made since the last snapshot asked for it, and equals a fresh derivation', () => {
    const derived: ClusterSnapshot[] = [];
    const carried: ClusterSnapshot[] = [];
    // The names of the pods by tier: what an edit of a label changes.
    const podsByTier = perSnapshot(
      (snapshot) => {
        derived.push(snapshot);
        return [...snapshot.pods].map((pod) => `${pod.name} ${pod.labels['tier']}`).sort();
      },
      (before, change, snapshot) => {
        carried.push(snapshot);
        const went = new Set(change.podsBefore.map((pod) => `${pod.name} ${pod.labels['tier']}`));
        return [...before.filter((entry) => !went.has(entry)), ...change.podsAfter.map((pod) => `${pod.name} ${pod.labels['tier']}`)].sort();
      },
    );
    const index = new WorkspaceIndex(() => ['default']);
    index.setText('file:///w/web.yaml', app('web', 'front'));
    index.setText('file:///w/api.yaml', app('api', 'back'));
    const first = buildSnapshot(index.clusters()[0]!.objects, DEFAULT_PROFILE);
    podsByTier(first);
    let snapshot = first;
    const snapshots: ClusterSnapshot[] = [];
    for (const [file, name, tier] of [['web.yaml', 'web', 'edge'], ['api.yaml', 'api', 'core'], ['web.yaml', 'web', 'front']] as const) {
      index.setText(`file:///w/${file}`, app(name, tier));
      snapshot = updateSnapshot(snapshot, index.clusters()[0]!.objects)!;
      assert.ok(snapshot && snapshotChange(snapshot), `${file}: made from the snapshot before`);
      snapshots.push(snapshot);
    }
    const value = podsByTier(snapshot);
    assert.deepEqual(derived, [first], 'derived from every pod once, for the first snapshot only');
    assert.deepEqual(carried, snapshots, 'carried over each edit since, oldest first');
    podsByTier(snapshots[1]!);
    assert.equal(carried.length + derived.length, 4, 'the snapshots between kept their values: asking one again works nothing out');
    assert.deepEqual(value, podsByTier(buildSnapshot(index.clusters()[0]!.objects, DEFAULT_PROFILE)));
    assert.ok(value.some((entry) => entry.endsWith(' core')), 'the edits are in it');
  });
});
