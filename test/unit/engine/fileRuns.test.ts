/**
 * Lists kept in file order (the cluster's objects, the snapshot's groupings by kind and namespace) after a file changes:
 * replaceFileRuns cuts only the stretch of a file's run between the objects an edit kept at its start and end. It must
 * give the same list as cutting the whole run and putting every object of the file in again where it sorts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChunkedList } from '../../../server/src/engine/chunkedList';
import { compareFiles, fileOrder, replaceFileRuns, replaceFilesOf } from '../../../server/src/engine/fileOrder';
import type { KubeObject } from '../../../server/src/engine/objects';
import { replaceRuns } from '../../../server/src/engine/sortedLists';
import { pick, seededRandom } from '../../support/random';

const URIS = ['file:///w/a.yaml', 'file:///w/b.yaml', 'file:///w/big.yaml', 'file:///w/c.yaml', 'file:///w/d%20e.yaml', 'file:///w/z.yaml'];

let made = 0;
/** A stand-in object: the lists read only its file (and compare objects by identity). */
const objectIn = (uri: string) => ({ uri, tag: made++ }) as unknown as KubeObject;

describe('a file-ordered list after files change', () => {
  test('equals the list with the changed files\' whole runs cut and put in again, after thousands of random edits', () => {
    const random = seededRandom(2_323);
    const files = new Map<string, KubeObject[]>();
    for (const uri of URIS.slice(0, 4)) files.set(uri, Array.from({ length: 1 + Math.floor(random() * 700) }, () => objectIn(uri)));
    const inOrder = () => [...files.keys()].sort().flatMap((uri) => files.get(uri)!);
    let list = ChunkedList.of(inOrder());
    for (let step = 0; step < 2_000; step++) {
      // A few files change: in a stretch of each, objects go, come or are made again; a file may be deleted or created.
      const changed = new Set(Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(URIS, random)));
      const removed: KubeObject[] = [];
      for (const uri of changed) {
        const before = files.get(uri) ?? [];
        removed.push(...before);
        const roll = random();
        if (roll < 0.05) {
          files.delete(uri);
          continue;
        }
        const after = [...before];
        const at = Math.floor(random() * (after.length + 1));
        const out = roll < 0.15 ? after.length : Math.floor(random() * 4);
        const fresh = roll < 0.1 ? [] : Array.from({ length: Math.floor(random() * 4) }, () => objectIn(uri));
        after.splice(at, out, ...fresh);
        if (after.length > 0) files.set(uri, after);
        else files.delete(uri);
      }
      const added = [...changed].sort().flatMap((uri) => files.get(uri) ?? []);
      const expected = replaceRuns(list, removed.map((object) => object.uri), fileOrder, added, compareFiles);
      const next = step % 2 === 0 ? replaceFilesOf(list, removed, added) : replaceFileRuns(list, [...changed].sort(), added);
      assert.deepStrictEqual([...next], [...expected], `step ${step}`);
      assert.deepStrictEqual([...next], inOrder(), `step ${step}`);
      list = next;
    }
  });

  test('a fresh object of a file whose run is not replaced goes after that run', () => {
    const kept = [objectIn(URIS[0]!), objectIn(URIS[1]!), objectIn(URIS[1]!), objectIn(URIS[3]!)];
    const fresh = objectIn(URIS[1]!);
    const list = replaceFileRuns(ChunkedList.of(kept), [URIS[3]!], [fresh]);
    assert.deepStrictEqual([...list], [kept[0], kept[1], kept[2], fresh]);
  });
});
