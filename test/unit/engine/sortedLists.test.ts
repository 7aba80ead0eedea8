import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChunkedList } from '../../../server/src/engine/chunkedList';
import { mergeSorted, replaceRuns, replaceSorted } from '../../../server/src/engine/sortedLists';

interface Item {
  readonly key: string;
  readonly tag: number;
}

const byKey = (a: Item, b: Item) => a.key.localeCompare(b.key);
const item = (key: string, tag = 0): Item => ({ key, tag });
const order = (x: Item, key: string) => x.key.localeCompare(key);

/** The plain way, one comparison per item: fresh items after the kept ones that sort the same. */
function mergeByComparing(kept: readonly Item[], fresh: readonly Item[]): Item[] {
  const result = [...kept];
  for (const x of fresh) {
    const at = result.findIndex((y) => byKey(y, x) > 0);
    result.splice(at === -1 ? result.length : at, 0, x);
  }
  return result;
}

describe('sorted lists', () => {
  test('merging keeps the order, and puts a fresh item after the kept ones that sort the same', () => {
    const kept = [item('a'), item('c', 1), item('e')];
    const merged = mergeSorted(kept, [item('b'), item('c', 2), item('f')], byKey);
    assert.deepEqual(merged.map((x) => `${x.key}${x.tag}`), ['a0', 'b0', 'c1', 'c2', 'e0', 'f0']);
  });

  test('replacing takes out exactly the items named, telling apart items that sort the same by identity', () => {
    const twin1 = item('m', 1);
    const twin2 = item('m', 2);
    const items = [item('a'), item('k'), twin1, twin2, item('x')];
    const result = replaceSorted(ChunkedList.of(items), [twin2, items[0]!], [item('b'), item('z')], byKey);
    assert.deepEqual(result.map((x) => `${x.key}${x.tag}`), ['b0', 'k0', 'm1', 'x0', 'z0']);
    assert.equal(result.at(2), twin1, 'the other item of the same key stays');
  });

  test('replacing ignores an item that is not in the list', () => {
    const items = [item('a'), item('c')];
    const result = replaceSorted(ChunkedList.of(items), [item('a')], [item('b'), item('d')], byKey);
    assert.deepEqual(result.map((x) => x.key), ['a', 'b', 'c', 'd'], 'an equal item that is another object is not taken out');
    assert.deepEqual(items.map((x) => x.key), ['a', 'c'], 'the list given is not changed');
  });

  test('replacing agrees with filtering and sorting on random lists', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const items = Array.from({ length: Math.floor(random() * 30) }, (_, i) => item(String.fromCharCode(97 + Math.floor(random() * 8)), i)).sort(byKey);
      const removed = items.filter(() => random() < 0.3);
      const added = Array.from({ length: Math.floor(random() * 5) }, (_, i) => item(String.fromCharCode(97 + Math.floor(random() * 8)), 100 + i));
      const fresh = added.sort(byKey);
      assert.deepEqual([...replaceSorted(ChunkedList.of(items), removed, fresh, byKey)], mergeByComparing(items.filter((x) => !removed.includes(x)), fresh), `round ${round}`);
      const keys = [...new Set(removed.map((x) => x.key))];
      assert.deepEqual([...replaceRuns(ChunkedList.of(items), keys, order, fresh, byKey)], mergeByComparing(items.filter((x) => !keys.includes(x.key)), fresh), `round ${round}, runs`);
    }
  });

  test('replacing runs cuts out every item of each key and puts the fresh items where they sort, in a run cut or not', () => {
    const items = [item('a'), item('b', 1), item('b', 2), item('c'), item('d')];
    assert.deepEqual(replaceRuns(ChunkedList.of(items), ['b', 'd', 'q', 'b'], order, [], byKey).map((x) => x.key), ['a', 'c']);
    const result = replaceRuns(ChunkedList.of(items), ['b', 'd'], order, [item('0'), item('b', 3), item('c', 4), item('e')], byKey);
    assert.deepEqual(result.map((x) => `${x.key}${x.tag}`), ['00', 'a0', 'b3', 'c0', 'c4', 'e0']);
  });
});
