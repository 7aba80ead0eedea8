/**
 * A document nested deeper than the composer is let read (500 levels of collections) is a located syntax error,
 * whatever thread reads it and however much stack is left, instead of a recursion to the bottom of the stack (where
 * V8 compiling a regular expression for the first time ended the whole process: the hostile-input test did).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { parseYamlDocuments } from '../../../server/src/model/yamlDocuments';

const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  a: ';

/** A ConfigMap whose value `a` is `levels` flow sequences deep; with the root and `data` maps, levels + 2 collections. */
function flowNested(levels: number): string {
  return `${HEAD}${'['.repeat(levels)}${']'.repeat(levels)}\n`;
}

/** Keys nested `levels` deep: with the root map, `levels` maps (the last key's value is a scalar). */
function blockNested(levels: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\n${Array.from({ length: levels }, (_, level) => `${' '.repeat(level)}k${level}:`).join('\n')} end\n`;
}

describe('documents nested past the limit', () => {
  test('500 levels of collections are read; 501 are one KT001 at the first collection past the limit', () => {
    const read = parseManifest('file:///deep.yaml', flowNested(498));
    assert.deepEqual(read.problems.map((problem) => problem.code), ['KT002'], 'read: data.a is a list, not a string');
    const refused = parseManifest('file:///deep.yaml', flowNested(499));
    assert.deepEqual(
      refused.problems.map((problem) => [problem.code, problem.message, problem.range.start]),
      [['KT001', 'YAML syntax error: the document is nested too deeply to read (more than 500 levels)', { line: 4, character: 5 + 498 }]],
    );
    assert.equal(refused.objects.length, 0);
  });

  test('the same for block collections, and far past the limit the answer is the same, never a stack overflow', () => {
    assert.equal(parseYamlDocuments(blockNested(500))[0]!.errors.length, 0);
    for (const text of [blockNested(501), blockNested(5_000), flowNested(100_000)]) {
      const [document] = parseYamlDocuments(text);
      assert.deepEqual(
        document!.errors.map((error) => error.message),
        ['the document is nested too deeply to read (more than 500 levels)'],
      );
    }
  });

  test('only the deep document of a file is refused, also where a directive makes the file composed whole', () => {
    for (const before of ['', '%YAML 1.1\n']) {
      const text = `${before}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: kept}\n...\n---\n${flowNested(1_000)}`;
      const file = parseManifest('file:///two.yaml', text);
      assert.deepEqual(file.objects.map((object) => object.id.name), ['kept'], before);
      assert.deepEqual(file.problems.map((problem) => problem.code), ['KT001'], before);
    }
  });
});
