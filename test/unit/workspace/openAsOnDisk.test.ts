/**
 * A file opened in an editor with the text it has on disk keeps the objects the load read (the editor opens files
 * all the time; new objects would have its namespace built and checked again), and reads as a fresh parse after
 * edits all the same.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { unpackValues, ValuePacker } from '../../../server/src/model/packedModel';
import type { ParsedFile } from '../../../server/src/model/parseManifest';
import { contentHash, WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

const URI = 'file:///w/apps.yaml';
const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80}]\n`;
const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}\n`;
const TEXT = [service('api'), deployment('api'), '# a comment only\n', service('web'), 'kind: [broken\n', deployment('web')].join('---\n');

/** The index after a load: the file as a parse worker sends it (packed, then unpacked on the main thread). */
function loaded(text: string): WorkspaceIndex {
  const index = new WorkspaceIndex(() => ['default']);
  const packer = new ValuePacker();
  packer.add(parseManifest(URI, text));
  index.setParsedText(URI, unpackValues(packer.finish())[0] as ParsedFile, contentHash(text));
  return index;
}

describe('a file opened as it is on disk', () => {
  test('keeps the objects the load read, the same objects, and the model sees no change in them', () => {
    const index = loaded(TEXT);
    const before = index.parsedFile(URI)!.objects;
    const inModel = [...index.clusters()[0]!.objects];
    assert.equal(before.length, 4);
    index.setEditedText(URI, TEXT);
    const after = index.parsedFile(URI)!;
    assert.equal(after.objects.length, before.length);
    after.objects.forEach((object, at) => assert.equal(object, before[at], `object ${at} is the one the load read`));
    assert.deepStrictEqual(after, parseManifest(URI, TEXT), 'as a fresh parse reads the text');
    const nowInModel = [...index.clusters()[0]!.objects];
    assert.equal(nowInModel.length, inModel.length);
    nowInModel.forEach((object, at) => assert.equal(object, inModel[at], `the model's object ${at}`));
  });

  test('edits after it read as a fresh parse, and keep the objects of the documents they leave alone', () => {
    const index = loaded(TEXT);
    const before = index.parsedFile(URI)!.objects;
    index.setEditedText(URI, TEXT);
    const edited = TEXT.replace('name: web\n  namespace', 'name: www\n  namespace');
    index.setEditedText(URI, edited);
    const after = index.parsedFile(URI)!;
    assert.deepStrictEqual(after, parseManifest(URI, edited));
    assert.equal(after.objects[0], before[0], 'the first Service, left alone');
    assert.notEqual(after.objects[2], before[2], 'the Service edited');
  });

  test('opened with other text, it reads that text and keeps nothing of the load', () => {
    const index = loaded(TEXT);
    const before = index.parsedFile(URI)!.objects;
    const other = TEXT.replace('selector: {app: api}', 'selector: {app: apj}');
    index.setEditedText(URI, other);
    const after = index.parsedFile(URI)!;
    assert.deepStrictEqual(after, parseManifest(URI, other));
    assert.ok(after.objects.every((object) => !before.includes(object)), 'the objects are the new read');
  });
});
