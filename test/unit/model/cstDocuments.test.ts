/**
 * The CST reader (cstDocuments.ts) against the `yaml` library's composer, which it replaces where it can: over every
 * YAML file the project has (the shared real-world, corpus and conformance files, the test fixtures, what the
 * benchmark generates, hostile inputs and randomly damaged copies), each document it reads gives the composer's
 * nodes (classes, values, scalar types, ranges), and every file the model and the problems (syntax errors included,
 * with their messages and ranges) that the composer alone gives.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { isAlias, isDocument, isMap, isPair, isScalar, isSeq, type YAMLError } from 'yaml';
import { parseManifest, sourceOf } from '../../../server/src/model/parseManifest';
import { parseYamlDocuments } from '../../../server/src/model/yamlDocuments';
import { PROJECT_ROOT, SHARED } from '../../support/fixtures';
import { mutate } from '../../support/mutations';
import { benchGenerators, composedDocuments, yamlFilesUnder } from '../../support/yamlReaders';
import { seededRandom } from '../../support/random';

/** What tests the reader's edges: every construct it leaves to the composer, and those it reads. */
const HOSTILE: Record<string, string> = {
  'anchors and aliases': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: &l {app: web}}\ndata:\n  x: *l\n  y: *missing\n',
  'merge key': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  <<: {name: merged}\n',
  tags: 'apiVersion: v1\nkind: Secret\nmetadata: {name: !!str 12}\ndata: !!map {a: !!binary aGk=}\n',
  'explicit key': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  ? name\n  : explicit\n',
  directive: '%YAML 1.1\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: directed}\n',
  'document end marker': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ended}\n...\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: next}\n',
  'duplicate keys': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: one\n  name: two\n',
  'duplicate flow keys': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: one, name: two}\n',
  tabs: 'apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: tabbed\n',
  'tab after a value': 'apiVersion: v1\t\nkind: Namespace\nmetadata: {name:\ttab}\n',
  'multi-line implicit key': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\ndata:\n  "two\n  lines": x\n',
  'multi-line plain and quoted values': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: folded}\ndata:\n  a: one\n    two\n\n    three\n  b: "x\\ty \\\n    z"\n  c: \'it\'\'s\n    folded\'\n',
  'block scalars': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: blocks}\ndata:\n  a: |\n    x\n      y\n  b: >-\n    folded\n    text\n\n  c: |2\n     indented\n  d: |+\n    kept\n\n  e: >\n\n    leading\n',
  'empty values and comments': '# head\napiVersion: v1 # a comment\nkind: ConfigMap\nmetadata:\n  name: empty\n  labels:\n  # inside\ndata:\n  a:\n  b: # after\n  c: []\n  d: {}\nlist:\n  -\n  - # c\n  - x\n# tail\n',
  'flow collections': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flow, labels: {a: "1", b: \'2\', c}}\ndata: {x: [1, 2.50, 0x1F, 0755, 1:20, .inf, ~, yes, off, 2024-01-02, "q"], y: {z: {}}, trailing: [a, b,], }\nodd: {app:web}\n',
  'plain scalars of every kind': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\ndata: [${['e5', 'E1', '.5', '.inf', '-.Inf', '.NaN', '+1', '-1', '~', 'Yes', 'y', 'N', 'on', 'Off', 'NULL', 'Null', 'nul', '0o7', '0b101', '0x1F', '0755', '08', '1_000', '1:20', '1:20.5', '1e3', '2001-12-14t21:59:43.10-05:00', '2002-12-14', 'x1', 'true', 'False', 'TRUE', 'tRue', '<<'].join(', ')}]\nkeys: {e5: 1, 1: 2, ~: 3, yes: 4, 0x1F: 5, 1.5: 6}\n`,
  'flow pair in a sequence': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p}\ndata: [a: b, {c: d}]\n',
  'complex flow key': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: k}\ndata: {[a, b]: c, {d: e}: f}\n',
  'flow collection not closed': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: open\ndata: [a, b\n',
  'compact nested mapping': 'apiVersion: v1\nkind: ConfigMap\nmetadata: name: x\n',
  'bad indentation': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n    name: a\n  namespace: b\n',
  'comment without a space': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "c"}#no space\ndata: {a: b}#c\n',
  'key over 1024 characters': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long}\ndata:\n  ${'k'.repeat(1100)}: v\n`,
  'deep flow': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(2_000)}${']'.repeat(2_000)}\n`,
  'deep block': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deeper}\nextra:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')} end\n`,
  'byte order mark and line ends': '\uFEFFapiVersion: v1\r\nkind: Namespace\rmetadata:\n  name: mixed-ends\r\n',
  'only comments': '# nothing\n# here\n',
  empty: '',
  'document markers only': '---\n---\n',
  'a document start on the content line': '--- {apiVersion: v1, kind: Namespace, metadata: {name: inline}}\n--- a\n---\n- x\n',
  'a sequence at the root': '- apiVersion: v1\n  kind: Namespace\n  metadata: {name: in-a-list}\n',
  'a list kind': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: one}\n- kind: Namespace\n  metadata:\n    name: two\n',
  'wrong types': 'apiVersion: 7\nkind: [Service]\nmetadata: {name: {a: 1}, labels: [a], annotations: "x"}\nspec: {ports: {port: 80}, selector: "a=b", type: 1.0}\n',
  'syntax errors everywhere': Array.from({ length: 12 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}\ndata: [${'{'.repeat(i % 5)}\n  - : :\n\t- x`).join('\n---\n'),
  'reserved characters': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "r"}\ndata:\n  a: @x\n  b: `y\n  c: %z\n',
};

/** The same nodes: kind, flow style, value (of the same type), scalar type and range, item by item. */
function assertSameNode(actual: unknown, expected: unknown, at: string): void {
  if (actual === null || expected === null) return assert.equal(actual, expected, at);
  const kind = (node: unknown) => (isMap(node) ? 'map' : isSeq(node) ? 'seq' : isScalar(node) ? 'scalar' : isPair(node) ? 'pair' : isAlias(node) ? 'alias' : typeof node);
  assert.equal(kind(actual), kind(expected), at);
  if (isPair(actual) && isPair(expected)) {
    assertSameNode(actual.key, expected.key, `${at}.key`);
    return assertSameNode(actual.value, expected.value, `${at}.value`);
  }
  if (isScalar(actual) && isScalar(expected)) {
    // A merge key's value is a new Symbol each time it is composed.
    const value = (node: typeof actual) => (typeof node.value === 'symbol' ? String(node.value) : node.value);
    assert.deepEqual([actual.constructor, value(actual), actual.type, actual.range], [expected.constructor, value(expected), expected.type, expected.range], at);
    return;
  }
  if ((isMap(actual) && isMap(expected)) || (isSeq(actual) && isSeq(expected))) {
    assert.deepEqual([actual.constructor, Boolean(actual.flow), actual.range, actual.items.length], [expected.constructor, Boolean(expected.flow), expected.range, expected.items.length], at);
    actual.items.forEach((item, index) => assertSameNode(item, expected.items[index], `${at}[${index}]`));
    return;
  }
  if (isAlias(actual) && isAlias(expected)) return assert.deepEqual([actual.source, actual.range], [expected.source, expected.range], at);
  assert.fail(`${at}: a ${kind(actual)} no reader makes`);
}

/** How the inputs went: documents read from the CST and documents the composer read. */
const tally = { texts: 0, readDocuments: 0, composedDocuments: 0 };

/** A document nested too deeply for the composer's recursion: what it gives depends on the stack left where it runs. */
const NESTED_TOO_DEEPLY = 'nested too deeply';

/** Holds the CST reader to the composer on one text; returns whether it read every document of the text itself. */
function assertEquivalent(name: string, text: string): boolean {
  const uri = `file:///equivalence/${name.replace(/[^\w.-]+/g, '-')}.yaml`;
  const model = parseManifest(uri, text);
  const composedModel = parseManifest(uri, text, composedDocuments);
  tally.texts++;
  if (composedModel.problems.some((problem) => problem.message.includes(NESTED_TOO_DEEPLY))) {
    assert.ok(model.problems.some((problem) => problem.message.includes(NESTED_TOO_DEEPLY)), `${name}: nested too deeply`);
    return false;
  }
  assert.deepStrictEqual(model, composedModel, `${name}: the model and problems`);
  if (text.includes('\u0000')) return false;
  const source = sourceOf(text);
  const documents = parseYamlDocuments(source);
  const composed = composedDocuments(source);
  assert.equal(documents.length, composed.length, `${name}: documents`);
  let read = 0;
  documents.forEach((document, index) => {
    const expected = composed[index]!;
    if (isDocument(document)) tally.composedDocuments++;
    else read++;
    const errors = (errors: readonly YAMLError[]) => errors.map((error) => [error.code, error.message, error.pos]);
    assert.deepEqual(errors(document.errors), errors(expected.errors), `${name}: document ${index}'s errors`);
    assert.deepEqual(document.range, expected.range, `${name}: document ${index}'s range`);
    assertSameNode(document.contents, expected.contents, `${name}: document ${index}`);
  });
  tally.readDocuments += read;
  return read === documents.length;
}

const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetrace-cst-'));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

describe('the CST reader gives what the composer gives', () => {
  const sharedFiles = ['realworld', 'corpus', 'conformance'].flatMap((folder) => yamlFilesUnder(path.join(SHARED, folder)));
  const fixtureFiles = yamlFilesUnder(path.join(PROJECT_ROOT, 'test', 'fixtures')).concat(yamlFilesUnder(path.join(PROJECT_ROOT, 'examples')));

  test('every shared real-world, corpus and conformance file, and every test fixture', { skip: sharedFiles.length === 0 && 'no ../shared' }, () => {
    let read = 0;
    for (const file of [...sharedFiles, ...fixtureFiles]) if (assertEquivalent(path.relative(SHARED, file), fs.readFileSync(file, 'utf8'))) read++;
    // Most real manifests are the plain YAML the reader reads; were it to give up on them, the parse would be slow again.
    assert.ok(read > 0.9 * (sharedFiles.length + fixtureFiles.length), `read ${read} of ${sharedFiles.length + fixtureFiles.length} files`);
  });

  test("the benchmark's workspace, its Kustomize workspace and its large files, all read from the CST", () => {
    const generators = benchGenerators();
    const files = [...generators.generateWorkspace(path.join(temporary, 'workspace'), 120).files, ...generators.generateKustomizeWorkspace(path.join(temporary, 'kustomize'), 20).files];
    const texts = files.map((file) => [path.relative(temporary, file), fs.readFileSync(file, 'utf8')] as const);
    for (const [name, text] of texts) assert.ok(assertEquivalent(name, text), `${name} is read from the CST`);
    // The large files hold a key written twice on purpose: that document alone is the composer's.
    for (const [name, text] of [['large exported file', generators.largeManifest(6_000, { exported: true })], ['large file', generators.largeManifest(6_000)]] as const) {
      assertEquivalent(name, text);
      assert.ok(parseYamlDocuments(text).filter(isDocument).length <= 1, `${name}: one document composed at most`);
    }
  });

  test('hostile inputs: what the reader leaves to the composer, and what it reads', () => {
    for (const [name, text] of Object.entries(HOSTILE)) assertEquivalent(name, text);
    for (const name of ['anchors and aliases', 'merge key', 'tags', 'explicit key', 'directive', 'duplicate keys', 'duplicate flow keys', 'tabs', 'deep flow', 'syntax errors everywhere']) {
      assert.ok(parseYamlDocuments(HOSTILE[name]!).some(isDocument), `${name} is left to the composer`);
    }
    for (const name of ['plain scalars of every kind', 'multi-line plain and quoted values', 'block scalars', 'empty values and comments', 'flow collections', 'wrong types', 'a list kind', 'empty']) {
      assert.ok(!parseYamlDocuments(HOSTILE[name]!).some(isDocument), `${name} is read from the CST`);
    }
  });

  test('randomly damaged copies of the shared files and the hostile inputs', () => {
    const random = seededRandom(23);
    const donors = [...sharedFiles.slice(0, 400).map((file) => fs.readFileSync(file, 'utf8')), ...Object.values(HOSTILE)];
    for (let round = 0; round < 1_500; round++) {
      const original = donors[round % donors.length]!;
      const damaged = mutate(mutate(original, random, donors[(round * 7) % donors.length]!).text, random, original);
      assertEquivalent(`damage ${round} (${damaged.name})`, damaged.text);
    }
  });

  test('how many documents the composer read', (context) => {
    context.diagnostic(`${tally.texts} texts: ${tally.readDocuments} documents read from the CST, ${tally.composedDocuments} by the composer`);
    assert.ok(tally.readDocuments > 0);
  });
});
