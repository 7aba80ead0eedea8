import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LayeredMap } from '../../../server/src/engine/layeredMap';
import { seededRandom } from '../../support/random';

describe('a layered map on a large map', () => {
  test('answers like a map changed in place while its changes are gathered into one layer and, once many, into the map below', () => {
    const random = seededRandom(7);
    const plain = new Map<string, number>(Array.from({ length: 1000 }, (_, index) => [`k${index}`, index]));
    let layered = LayeredMap.of(new Map(plain));
    const history: [LayeredMap<string, number>, Map<string, number>][] = [];
    for (let step = 0; step < 600; step++) {
      // A few keys each step, from a range wider than the map: some set anew, some removed, some added.
      const changes = new Map<string, number | undefined>();
      for (let count = 0; count < 4; count++) changes.set(`k${Math.floor(random() * 1300)}`, random() < 0.3 ? undefined : step);
      layered = layered.with(changes);
      for (const [key, value] of changes) {
        if (value === undefined) plain.delete(key);
        else plain.set(key, value);
      }
      if (step % 25 === 0) history.push([layered, new Map(plain)]);
    }
    history.push([layered, plain]);
    for (const [map, expected] of history) {
      for (let index = 0; index < 1300; index++) assert.equal(map.get(`k${index}`), expected.get(`k${index}`), `k${index}`);
      assert.deepEqual(map.toMap(), expected, 'every entry, flattened');
    }
  });
});
