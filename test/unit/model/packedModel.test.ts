import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CompactRange } from '../../../server/src/engine/source';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { UnpackableValue, unpackValues, ValuePacker } from '../../../server/src/model/packedModel';

function roundTrip(...values: unknown[]): unknown[] {
  const packer = new ValuePacker();
  for (const value of values) packer.add(value);
  return unpackValues(packer.finish());
}

describe('packing plain data to hand it between threads', () => {
  test('every kind of value comes back equal, with its keys in order and its classes', () => {
    const withProto: Record<string, unknown> = {};
    Object.defineProperty(withProto, '__proto__', { value: 'a label', enumerable: true, writable: true, configurable: true });
    const values = [
      undefined,
      null,
      true,
      false,
      0,
      -0,
      42,
      -7,
      2 ** 31,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '',
      'ünïcödé',
      [1, [2, [3]], []],
      { b: 1, a: undefined, c: { d: 'x' } },
      { a: undefined, b: 1 },
      withProto,
      new CompactRange(1, 2, 3, 4),
      { span: { key: new CompactRange(0, 0, 0, 4), value: new CompactRange(0, 6, 0, 9) } },
    ];
    const back = roundTrip(...values);
    assert.deepStrictEqual(back, values);
    assert.ok(Object.is(back[5], -0));
    assert.deepEqual(Object.keys(back[15] as object), ['b', 'a', 'c']);
    assert.equal(Object.getPrototypeOf(back[17]), Object.prototype, 'a __proto__ key stays an entry');
    assert.ok(back[18] instanceof CompactRange);
  });

  test('a parsed file comes back as parseManifest made it', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web, namespace: shop, labels: {app: web}}',
      'spec:',
      '  selector: {app: web}',
      '  ports: [{port: 80, targetPort: http}]',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: settings}',
      'data:',
      '  script: |',
      '    echo hi',
      '---',
      'kind: Service',
      'metadata: {name: nameless: [}',
    ].join('\n');
    const parsed = parseManifest('file:///shop.yaml', text);
    assert.ok(parsed.objects.length === 2 && parsed.problems.length > 0, 'the file has objects and problems');
    assert.deepStrictEqual(roundTrip(parsed), [parsed]);
  });

  test('a value it cannot carry is refused, and the packer goes on with the next', () => {
    const packer = new ValuePacker();
    packer.add({ a: 1 });
    assert.throws(() => packer.add({ b: [1, new Map()] }), UnpackableValue);
    assert.throws(() => packer.add(() => 1), UnpackableValue);
    packer.add({ c: 2 });
    assert.deepStrictEqual(unpackValues(packer.finish()), [{ a: 1 }, { c: 2 }]);
  });
});
