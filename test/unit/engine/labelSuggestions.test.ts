/**
 * The nearest label value a selector that picks nothing is told about (KT101, KT301, KT302) is carried from one set of
 * candidates to the next set of the same question (the next snapshot's) where the change cannot alter it: over random
 * changes of the candidates (values that went, came, moved; ties of distance), the answer always equals `nearest`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSnapshot } from '../../../server/src/engine';
import { nearest } from '../../../server/src/engine/diagnostics/context';
import { nearestAmong } from '../../../server/src/engine/diagnostics/labelSuggestions';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { pick, seededRandom } from '../../support/random';

/** Names alike, as a namespace's applications are: many within a few edits of each other, many at the same distance. */
const POOL = Array.from({ length: 40 }, (_, index) => [`app-${String(index).padStart(3, '0')}`, `app-${String(index).padStart(3, '0')}z`, `ap-${index}`]).flat();

const ASKED = POOL.filter((_, index) => index % 5 === 0);

describe('the nearest label value, carried between sets of candidates', () => {
  test('equals nearest over every set after random changes', () => {
    const random = seededRandom(42);
    const snapshot = buildSnapshot([], DEFAULT_PROFILE);
    let candidates: string[] = POOL.filter(() => random() < 0.5);
    let named = 0;
    for (let step = 0; step < 400; step++) {
      const roll = random();
      if (roll < 0.4) candidates = candidates.filter(() => random() > 0.05);
      else if (roll < 0.8) {
        const value = pick(POOL, random);
        if (!candidates.includes(value)) candidates.splice(Math.floor(random() * (candidates.length + 1)), 0, value);
      } else if (candidates.length > 1) {
        // One candidate moves: the order of those that stayed changes, which decides ties.
        const [moved] = candidates.splice(Math.floor(random() * candidates.length), 1);
        candidates.splice(Math.floor(random() * (candidates.length + 1)), 0, moved!);
      }
      const set = new Set(candidates);
      // The same values are asked after every change, as the Services and policies of a namespace are.
      for (const value of ASKED) {
        const expected = nearest(value, set);
        assert.equal(nearestAmong(snapshot, 'app', value, set), expected, `step ${step}: ${value} among ${candidates.join(' ')}`);
        if (expected !== undefined) named++;
      }
    }
    assert.ok(named > 1000, `only ${named} answers named a value`);
  });
});
