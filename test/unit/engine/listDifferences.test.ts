import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChunkedList } from '../../../server/src/engine/chunkedList';
import { differences } from '../../../server/src/engine/snapshot/snapshotChange';
import { seededRandom } from '../../support/random';

/** The plain way: every item looked up in a set of the other list. */
function differencesBySets<T>(before: readonly T[], after: readonly T[]): { removed: T[]; added: T[] } {
  const was = new Set(before);
  const is = new Set(after);
  return { removed: before.filter((item) => !is.has(item)), added: after.filter((item) => !was.has(item)) };
}

const items = (count: number) => Array.from({ length: count }, (_, index) => ({ index }));

describe('differences between two lists of distinct items', () => {
  test('one item replaced in the middle: that item went and its replacement came', () => {
    const before = items(1000);
    const fresh = { index: -1 };
    const after = [...before.slice(0, 400), fresh, ...before.slice(401)];
    assert.deepEqual(differences(before, after), { removed: [before[400]], added: [fresh] });
  });

  test('items put in, taken out and moved', () => {
    const [a, b, c, d, e] = items(5);
    assert.deepEqual(differences([a, b, c], [a, d, b, c]), { removed: [], added: [d] });
    assert.deepEqual(differences([a, b, c, d], [a, d]), { removed: [b, c], added: [] });
    // A moved item is in both lists: neither went nor came.
    assert.deepEqual(differences([a, b, c, d], [a, c, b, d, e]), { removed: [], added: [e] });
    assert.deepEqual(differences([], [a]), { removed: [], added: [a] });
    assert.deepEqual(differences([a], []), { removed: [a], added: [] });
  });

  test('a chunked list and an array give what sets of every item give, over random edits', () => {
    const random = seededRandom(7);
    let before = items(600);
    let next = 600;
    for (let round = 0; round < 300; round++) {
      const after = [...before];
      for (let edit = Math.floor(random() * 4); edit >= 0; edit--) {
        const at = Math.floor(random() * (after.length + 1));
        const kind = random();
        if (kind < 0.4) after.splice(at, 1, { index: next++ });
        else if (kind < 0.6) after.splice(at, 0, { index: next++ });
        else if (kind < 0.8) after.splice(at, 1);
        else after.splice(at, 0, ...after.splice(Math.floor(random() * after.length), 1));
      }
      const expected = differencesBySets(before, after);
      assert.deepEqual(differences(ChunkedList.of(before), after), expected);
      assert.deepEqual(differences(before, ChunkedList.of(after)), expected);
      before = after;
    }
  });
});
