/**
 * A snapshot made from the one before must not keep that one alive: endpoints listed when first read, and never
 * read, are carried from snapshot to snapshot, and once held every earlier snapshot and every pod made for it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { updateSnapshot } from '../../../server/src/engine/snapshot/updateSnapshot';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function application(namespace: string, label: string, withPolicy: boolean): string {
  const policy = withPolicy ? `\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: ${namespace}}\nspec: {podSelector: {matchLabels: {app: web}}}\n` : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, version: "${label}"}}
    spec: {containers: [{name: main, image: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${namespace}}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
${policy}`;
}

/** Lets the job end (a WeakRef's target is kept until it does), then collects. */
async function collected(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
}

describe('snapshots made from the one before', () => {
  for (const kind of ['a workload edited', 'a namespace rebuilt'] as const) {
    test(`${kind}: the earlier snapshots go once nothing holds them`, async () => {
      const index = new WorkspaceIndex(() => ['default']);
      const namespaces = ['shop', 'data', 'tools'];
      index.setText('file:///w/namespaces.yaml', namespaces.map((namespace) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${namespace}}\n`).join('---\n'));
      for (const namespace of namespaces) index.setText(`file:///w/${namespace}.yaml`, application(namespace, 'v0', false));
      let snapshot: ClusterSnapshot = buildSnapshot(index.clusters()[0]!.objects, DEFAULT_PROFILE);
      const earlier: WeakRef<ClusterSnapshot>[] = [];
      for (let edit = 1; edit <= 6; edit++) {
        // The pods are read (as the checks and a trace do); the endpoints of the other namespaces never are.
        assert.ok(snapshot.pods.length > 0);
        void snapshot.endpoints.get('shop/web')?.endpoints;
        earlier.push(new WeakRef(snapshot));
        index.setText('file:///w/shop.yaml', application('shop', `v${edit}`, kind === 'a namespace rebuilt' && edit % 2 === 1));
        const next = updateSnapshot(snapshot, index.clusters()[0]!.objects);
        assert.ok(next, `edit ${edit} is made from the snapshot before`);
        snapshot = next;
        await collected();
      }
      void snapshot.endpoints.get('shop/web')?.endpoints;
      await collected();
      assert.deepEqual(earlier.map((reference) => reference.deref() !== undefined), [false, false, false, false, false, false]);
    });
  }
});
