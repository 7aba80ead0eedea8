/**
 * The parsed files kept between renders: each parse hands out trees of its own, and no file that may hold a Secret's
 * values is kept. A kept parse shows as trees sharing their (immutable) origins; a parse afresh has origins of its own.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DocumentCache } from '../../../server/src/model/kustomize/documentCache';
import { isKMap, nodeAt, type KNode } from '../../../server/src/model/kustomize/tree';

function kept(file: string, text: string): boolean {
  const cache = new DocumentCache();
  const first = cache.parse(file, text).documents[0]!.node as KNode;
  const second = cache.parse(file, text).documents[0]!.node as KNode;
  assert.notEqual(first, second, 'each parse gives trees of its own');
  assert.ok(first.origin && second.origin);
  return first.origin === second.origin;
}

describe('Kustomize document cache', () => {
  test('a manifest and a kustomization without Secrets are parsed once, and each parse can be changed on its own', () => {
    assert.equal(kept('/w/base/app.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LOG: info\n'), true);
    assert.equal(kept('/w/base/kustomization.yaml', 'resources:\n- app.yaml\nnamePrefix: prod-\n'), true);
    const cache = new DocumentCache();
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';
    const first = cache.parse('/w/a.yaml', text).documents[0]!.node!;
    assert.ok(isKMap(first));
    first.entries.delete('metadata');
    assert.ok(nodeAt(cache.parse('/w/a.yaml', text).documents[0]!.node, 'metadata', 'name'), 'a change to one parse is not seen by the next');
  });

  test('a Secret, a List holding one, and a kustomization that mentions Secrets are parsed afresh each time', () => {
    assert.equal(kept('/w/base/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n'), false);
    assert.equal(kept('/w/base/list.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: db}\n  data: {password: aHVudGVyMg==}\n'), false);
    assert.equal(kept('/w/base/kustomization.yaml', 'secretGenerator:\n- name: db\n  literals:\n  - password=hunter2\n'), false);
    assert.equal(kept('/w/base/Kustomization', 'patches:\n- patch: |-\n    apiVersion: v1\n    kind: Secret\n    metadata: {name: db}\n    stringData: {password: hunter2}\n'), false);
  });
});
