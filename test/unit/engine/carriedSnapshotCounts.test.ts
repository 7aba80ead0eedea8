/**
 * Counts a snapshot made from the one before carries over from that one's (the pod addresses KT114 weighs, whether
 * an ExternalName Service is there) must equal a fresh build's, edit after edit.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import { hasExternalNameService } from '../../../server/src/engine/snapshot/externalNameServices';
import { podAddressCounts } from '../../../server/src/engine/snapshot/groupedPods';
import { snapshotChange } from '../../../server/src/engine/snapshot/snapshotChange';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { updateSnapshot } from '../../../server/src/engine/snapshot/updateSnapshot';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { seededRandom } from '../../support/random';

function app(namespace: string, name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {hostNetwork: false, containers: [{name: main, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec: {type: ClusterIP, selector: {app: ${name}}, ports: [{port: 80, targetPort: 8080}]}
`;
}

const FILES: Record<string, string> = {
  'shop/web.yaml': app('shop', 'web'),
  'shop/api.yaml': `${app('shop', 'api')}---\napiVersion: v1\nkind: Pod\nmetadata: {name: probe, namespace: shop}\nspec: {containers: [{name: c, image: x}]}\nstatus: {podIP: 10.244.0.77}\n`,
  'data/db.yaml': app('data', 'db'),
  'ops/tools.yaml': app('ops', 'tools'),
};

/** Edits that change how many pods there are, how they get their address, and the Services' types. */
const EDITS: ((text: string, random: () => number) => string)[] = [
  (text, random) => text.replace(/replicas: \d+/, `replicas: ${Math.floor(random() * 5)}`),
  (text) => text.replace(/type: ClusterIP/, 'type: ExternalName, externalName: example.com'),
  (text) => text.replace(/type: ExternalName, externalName: example.com/, 'type: ClusterIP'),
  (text) => text.replace(/hostNetwork: false/, 'hostNetwork: true'),
  (text) => text.replace(/hostNetwork: true/, 'hostNetwork: false'),
  (text) => text.replace(/status: \{podIP: [\d.]+\}/, 'status: {}'),
  (text) => text.replace(/status: \{\}/, 'status: {podIP: 10.244.0.77}'),
  (text) => text.replace(/image: x/, 'image: y'),
  (text) => text.replace(/image: y/, 'image: x'),
];

describe('counts carried from the snapshot before an edit', () => {
  test('equal a fresh build\'s, edit after edit', () => {
    const random = seededRandom(2312);
    const index = new WorkspaceIndex(() => ['default']);
    const texts = new Map(Object.entries(FILES));
    for (const [name, text] of texts) index.setText(`file:///w/${name}`, text);
    let previous: ClusterSnapshot = buildSnapshot(index.clusters()[0]!.objects, DEFAULT_PROFILE);
    let carried = 0;
    const seen = new Set<string>();
    for (let step = 0; step < 300; step++) {
      // The snapshot before has its counts: the next one carries them over rather than counting afresh.
      podAddressCounts(previous);
      hasExternalNameService(previous);
      const names = [...texts.keys()];
      const name = names[Math.floor(random() * names.length)]!;
      const text = EDITS[Math.floor(random() * EDITS.length)]!(texts.get(name)!, random);
      texts.set(name, text);
      index.setText(`file:///w/${name}`, text);
      const objects = index.clusters()[0]!.objects;
      const fresh = buildSnapshot(objects, DEFAULT_PROFILE);
      const snapshot = updateSnapshot(previous, objects) ?? fresh;
      if (snapshotChange(snapshot)) carried++;
      assert.deepEqual(podAddressCounts(snapshot), podAddressCounts(fresh), `step ${step}: ${name}`);
      assert.equal(hasExternalNameService(snapshot), hasExternalNameService(fresh), `step ${step}: ${name}`);
      seen.add(`${podAddressCounts(fresh).addressed} ${hasExternalNameService(fresh)}`);
      previous = snapshot;
    }
    assert.ok(carried > 100, `${carried} of 300 snapshots were made from the one before`);
    assert.ok(seen.size > 10, `${seen.size} different counts compared`);
  });
});
