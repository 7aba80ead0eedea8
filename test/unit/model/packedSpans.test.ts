import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Service } from '../../../server/src/engine/objects';
import { CompactRange, fieldSpan, KeyValueSpan, ValueSpan, type FieldSpan, type TextRange } from '../../../server/src/engine/source';
import { ManifestDocuments } from '../../../server/src/model/manifestDocuments';
import { unpackValues, ValuePacker } from '../../../server/src/model/packedModel';
import { parseManifest } from '../../../server/src/model/parseManifest';

const URI = 'file:///work/spans.yaml';

/** A plain range, as the model kept every range before spans were packed. */
function plain(range: TextRange): TextRange {
  return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

/** Lines and characters on both sides of what a packed position holds (2^20 lines, 2^11 characters). */
const LINES = [0, 1, 77, 2 ** 20 - 1, 2 ** 20, 3 * 2 ** 20];
const CHARACTERS = [0, 1, 2046, 2047, 2048, 70_000];

describe('a span packed into one object reads as the plain ranges it was made from', () => {
  test('every position, packed or not, reads back the same; JSON writes a plain span', () => {
    for (const line of LINES) {
      for (const character of CHARACTERS) {
        const key = new CompactRange(line, character, line, character + 3);
        const value = new CompactRange(line, 2, line + 1, character);
        const valueFits = line + 1 < 2 ** 20 && character < 2048;
        const keyFits = line < 2 ** 20 && character + 3 < 2048;
        for (const [span, withKey] of [[fieldSpan(key, value), true], [fieldSpan(undefined, value), false]] as const) {
          assert.deepStrictEqual(plain(span.value), plain(value));
          assert.deepStrictEqual(span.key && plain(span.key), withKey ? plain(key) : undefined);
          assert.equal(JSON.stringify(span), JSON.stringify(withKey ? { key, value } : { value }));
          assert.equal(Object.getPrototypeOf(span), !valueFits || (withKey && !keyFits) ? Object.prototype : (withKey ? KeyValueSpan : ValueSpan).prototype, `${line}:${character}`);
        }
      }
    }
  });

  test('a packed span crosses threads as itself', () => {
    const spans: FieldSpan[] = [fieldSpan(new CompactRange(3, 2, 3, 9), new CompactRange(3, 11, 3, 20)), fieldSpan(undefined, new CompactRange(2 ** 20 - 1, 2047, 2 ** 20 - 1, 2047))];
    const packer = new ValuePacker();
    packer.add({ spans });
    const [back] = unpackValues(packer.finish()) as [{ spans: FieldSpan[] }];
    assert.deepStrictEqual(back.spans, spans);
    assert.ok(back.spans[0] instanceof KeyValueSpan && back.spans[1] instanceof ValueSpan);
  });

  test('a parsed field reads the range its text is written at, on a short line and on a line longer than 2,048 characters', () => {
    const long = 'x'.repeat(3000);
    const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations: {note: "${long}", after: tail}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n`;
    const service = parseManifest(URI, text).objects[0] as Service;
    const lines = text.split('\n');
    const written = (range: TextRange) => lines[range.start.line]!.slice(range.start.character, range.end.character);
    assert.ok(service.metadata.name.span instanceof KeyValueSpan);
    assert.equal(written(service.metadata.name.span.key!), 'name');
    assert.equal(written(service.metadata.name.span.value), 'web');
    const after = service.metadata.annotations!.entries['after']!;
    assert.equal(Object.getPrototypeOf(after), Object.prototype);
    assert.equal(written(after.key!), 'after');
    assert.equal(written(after.value), 'tail');
    assert.equal(written(service.spec!.selector!.entries['app']!.value), 'web');
  });

  test('documents moved by an edit keep packed spans equal to a fresh read of the new text', () => {
    const document = (index: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web-${index}\nspec:\n  selector: {app: web-${index}}\n  ports: [{port: 80, targetPort: http}]\n`;
    const text = Array.from({ length: 6 }, (_, index) => document(index)).join('---\n');
    const at = text.indexOf('spec:', text.indexOf('web-1'));
    for (const inserted of ['# one line more\n', '', '\n\n\n']) {
      const edited = `${text.slice(0, at)}${inserted}${text.slice(at)}`;
      const documents = ManifestDocuments.read(URI, text).edit(edited);
      assert.deepStrictEqual(documents.parsed, parseManifest(URI, edited));
    }
    const removed = text.replace('metadata:\n  name: web-0\n', 'metadata: {name: web-0}\n');
    assert.deepStrictEqual(ManifestDocuments.read(URI, text).edit(removed).parsed, parseManifest(URI, removed));
  });
});
