import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChunkedList } from '../../../server/src/engine/chunkedList';
import { replaceRuns, replaceSorted } from '../../../server/src/engine/sortedLists';
import { seededRandom } from '../../support/random';

interface Item {
  readonly key: number;
  readonly tag: number;
}

const byKey = (a: Item, b: Item) => a.key - b.key;
const order = (item: Item, key: number) => item.key - key;

/** The plain way on an array: each fresh item after the kept ones that sort the same. */
function insertSorted(kept: readonly Item[], fresh: readonly Item[]): Item[] {
  const result = [...kept];
  for (const item of fresh) {
    const at = result.findIndex((other) => byKey(other, item) > 0);
    result.splice(at === -1 ? result.length : at, 0, item);
  }
  return result;
}

describe('a chunked list', () => {
  test('equals a plain sorted array under thousands of random inserts, removes and replaces, and leaves every earlier list as it was', () => {
    const random = seededRandom(23);
    let tag = 0;
    const item = (): Item => ({ key: Math.floor(random() * 600), tag: tag++ });
    // Long enough for many chunks, so that edits split, join and drop chunks.
    let plain = Array.from({ length: 5000 }, item).sort(byKey);
    let list = ChunkedList.of(plain);
    const history: [ChunkedList<Item>, Item[]][] = [[list, plain]];
    for (let round = 0; round < 400; round++) {
      const fresh = Array.from({ length: Math.floor(random() * (round % 50 === 0 ? 3000 : 40)) }, item).sort(byKey);
      if (round % 2 === 0) {
        // Removes (some of them items not in the list) and inserts.
        const removed = plain.filter(() => random() < (round % 30 === 0 ? 0.6 : 0.01));
        if (random() < 0.5) removed.push({ key: 5, tag: -1 });
        list = replaceSorted(list, removed, fresh, byKey);
        plain = insertSorted(plain.filter((candidate) => !removed.includes(candidate)), fresh);
      } else {
        // Whole runs of keys replaced, as a namespace's pods or a file's objects are.
        const keys = Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * 620));
        list = replaceRuns(list, keys, order, fresh, byKey);
        plain = insertSorted(plain.filter((candidate) => !keys.includes(candidate.key)), fresh);
      }
      assert.equal(list.length, plain.length, `round ${round}: length`);
      assert.deepEqual([...list], plain, `round ${round}: items`);
      history.push([list, plain]);
    }
    for (const [earlier, expected] of history) assert.deepEqual([...earlier], expected, 'an earlier list is unchanged');
  });

  test('reads like the array of its items', () => {
    const items = Array.from({ length: 2500 }, (_, index) => ({ key: index, tag: index % 7 }));
    const list = replaceRuns(ChunkedList.of(items), [3, 1500], order, [{ key: 3, tag: 100 }], byKey);
    const array = [...items.slice(0, 3), { key: 3, tag: 100 }, ...items.slice(4, 1500), ...items.slice(1501)];
    assert.deepEqual([...list], array);
    assert.equal(list.length, array.length);
    for (const at of [0, 3, 1023, 1024, 1499, 1500, 2498, -1, -2499, 2499, -2500]) assert.deepEqual(list.at(at), array.at(at), `at(${at})`);
    const odd = (item: Item) => item.key % 2 === 1;
    assert.deepEqual(list.filter(odd), array.filter(odd));
    assert.deepEqual(list.map((item, index) => item.key * index), array.map((item, index) => item.key * index));
    assert.deepEqual(list.flatMap((item) => (item.tag === 0 ? [item.key, item.key] : [])), array.flatMap((item) => (item.tag === 0 ? [item.key, item.key] : [])));
    assert.equal(list.some((item) => item.tag === 100), true);
    assert.equal(list.every((item) => item.key < 2500), true);
    assert.equal(list.every((item) => item.key < 2000), false);
    assert.deepEqual(list.find((item) => item.key > 2000), array.find((item) => item.key > 2000));
    assert.equal(list.findIndex((item) => item.key === 1501), array.findIndex((item) => item.key === 1501));
    assert.equal(list.indexOf(array[2000]!), 2000);
    assert.equal(list.includes(items[1500]!), false, 'a replaced item is gone');
    assert.deepEqual(list.slice(1020, 1030), array.slice(1020, 1030));
    assert.deepEqual(list.slice(-3), array.slice(-3));
    assert.equal(list.reduce((total, item) => total + item.key, 0), array.reduce((total, item) => total + item.key, 0));
    assert.equal(JSON.stringify(list), JSON.stringify(array));
    assert.equal(list.firstAfter((item) => item.key < 1700), array.findIndex((item) => item.key >= 1700));
    assert.deepEqual([...ChunkedList.empty<Item>()], []);
    assert.equal(ChunkedList.empty<Item>().firstAfter(() => true), 0);
  });
});
