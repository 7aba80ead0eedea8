import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LayeredMap } from '../../../server/src/engine/layeredMap';

describe('a layered map', () => {
  test('answers like a map changed in place, through many layers and the flattening, and leaves every earlier layer as it was', () => {
    const plain = new Map<string, number>([['a', 1], ['b', 2]]);
    let layered = LayeredMap.of(new Map(plain));
    const history: [LayeredMap<string, number>, Map<string, number>][] = [[layered, new Map(plain)]];
    for (let step = 0; step < 50; step++) {
      const key = `k${step % 7}`;
      const changes = new Map<string, number | undefined>([[key, step % 3 === 0 ? undefined : step], ['a', step]]);
      layered = layered.with(changes);
      for (const [changed, value] of changes) {
        if (value === undefined) plain.delete(changed);
        else plain.set(changed, value);
      }
      history.push([layered, new Map(plain)]);
    }
    for (const [map, expected] of history) {
      for (const key of ['a', 'b', 'k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'missing']) assert.equal(map.get(key), expected.get(key), key);
      assert.deepEqual(map.toMap(), expected, 'every entry, flattened');
    }
  });
});
