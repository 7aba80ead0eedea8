/**
 * The snapshot's groupings of objects by kind and namespace after a change (regroup): an edit that replaced objects one
 * for one where they were, under the same keys, replaces only those entries; any other change lists the changed files'
 * groups again. Either way the groups equal those grouped afresh from the objects after the change.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chunkedGroups, type ChunkedList } from '../../../server/src/engine/chunkedList';
import { groupBy } from '../../../server/src/engine/groupBy';
import { LayeredMap } from '../../../server/src/engine/layeredMap';
import type { KubeObject } from '../../../server/src/engine/objects';
import { regroup } from '../../../server/src/engine/snapshot/indexes';
import { pick, seededRandom } from '../../support/random';

const URIS = ['file:///w/a.yaml', 'file:///w/big.yaml', 'file:///w/c.yaml'];
const TYPES = ['Deployment', 'Service', 'NetworkPolicy', 'ConfigMap'] as const;
const NAMESPACES = ['shop', 'data', undefined];

let made = 0;
/** A stand-in object: the groupings read its file, kind and namespace (and compare objects by identity). */
function objectIn(uri: string, type: string, namespace: string | undefined): KubeObject {
  return { uri, type, id: { namespace, name: `o${made++}` } } as unknown as KubeObject;
}

const byType = (object: KubeObject) => [object.type];
const byNamespace = (object: KubeObject) => (object.id.namespace === undefined ? [] : [object.id.namespace]);

function grouped(objects: readonly KubeObject[], keysOf: (object: KubeObject) => readonly string[]): Map<string, KubeObject[]> {
  return groupBy(objects, keysOf);
}

function asMap(groups: LayeredMap<string, ChunkedList<KubeObject>>, keys: Iterable<string>): Map<string, KubeObject[]> {
  const map = new Map<string, KubeObject[]>();
  for (const key of keys) {
    const list = groups.get(key);
    if (list && list.length > 0) map.set(key, [...list]);
  }
  return map;
}

describe('groupings by kind and namespace after a change', () => {
  test('equal a fresh grouping after thousands of random edits, most of them in place', () => {
    const random = seededRandom(4_711);
    const randomObject = (uri: string) => objectIn(uri, pick(TYPES, random), pick(NAMESPACES, random));
    const files = new Map(URIS.map((uri) => [uri, Array.from({ length: 50 + Math.floor(random() * 400) }, () => randomObject(uri))]));
    const all = () => [...files.keys()].sort().flatMap((uri) => files.get(uri)!);
    let types = LayeredMap.of(chunkedGroups(grouped(all(), byType)));
    let namespaces = LayeredMap.of(chunkedGroups(grouped(all(), byNamespace)));
    let inPlace = 0;
    for (let step = 0; step < 2_000; step++) {
      const uri = pick(URIS, random);
      const before = files.get(uri)!;
      const after = [...before];
      const roll = random();
      const at = Math.floor(random() * after.length);
      if (roll < 0.7) {
        // The same kind and namespace, made again (an edit of the document).
        for (let index = at; index < Math.min(after.length, at + 1 + Math.floor(random() * 2)); index++) after[index] = objectIn(uri, after[index]!.type, after[index]!.id.namespace);
        inPlace++;
      } else if (roll < 0.8) {
        after[at] = randomObject(uri);
      } else if (roll < 0.9) {
        after.splice(at, 0, randomObject(uri));
      } else if (roll < 0.95 && after.length > 1) {
        // A document moved: the same keys, somewhere else in the file.
        const [moved] = after.splice(at, 1);
        after.splice(Math.floor(random() * (after.length + 1)), 0, objectIn(uri, moved!.type, moved!.id.namespace));
      } else if (after.length > 1) {
        after.splice(at, 1);
      }
      files.set(uri, after);
      const came = new Set(after);
      const was = new Set(before);
      const change = { removed: before.filter((object) => !came.has(object)), added: after.filter((object) => !was.has(object)), files: { removed: before, added: after } };
      types = regroup(types, change, byType);
      namespaces = regroup(namespaces, change, byNamespace);
      assert.deepStrictEqual(asMap(types, TYPES), grouped(all(), byType), `step ${step}`);
      assert.deepStrictEqual(asMap(namespaces, ['shop', 'data']), grouped(all(), byNamespace), `step ${step}`);
    }
    assert.ok(inPlace > 1_000);
  });
});
