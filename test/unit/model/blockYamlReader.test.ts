/**
 * The block YAML reader (blockYamlReader.ts) against the `yaml` library's composer: over every YAML file the project
 * has (the shared real-world, corpus and conformance files, the test fixtures, what the benchmark generates), inputs
 * made to test its edges and thousands of randomly damaged copies, every text it reads gives the composer's documents
 * (ranges, node classes, values of the same type, scalar types, sources, formats, ranges of every node) and the same
 * model and problems; every text it gives up on is read as before. It reads the benchmark's workspace whole.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { readBlockYaml } from '../../../server/src/model/blockYamlReader';
import { parseManifest, sourceOf } from '../../../server/src/model/parseManifest';
import { PROJECT_ROOT, SHARED } from '../../support/fixtures';
import { mutate } from '../../support/mutations';
import { benchGenerators, composedDocuments, yamlFilesUnder } from '../../support/yamlReaders';
import { pick, seededRandom } from '../../support/random';

/** The reader's edges: what it reads (comments and blank lines wherever the parser puts them) and what it leaves. */
const EDGES: Record<string, string> = {
  'comments at every column after a scalar': 'a:\n  b:\n    c: 1\n      # deeper\n    # as deep\n  # shallower\n# root\n  d: 2\ne: 3\n',
  'comments after a scalar, then a shallower entry': 'a:\n  b:\n    c: 1\n\n      # deeper\n\n    # as deep\n\n      # deeper again\ne: 3\n',
  'comments before the document end': 'a:\n  b:\n    - x\n      # deeper\n    # item column\n  # map column\n---\nc: 1\n   # indented\n\n',
  'comments in sequences': 'items:\n- a\n  # under a\n- b\n# root\n-   c\n    # under c\n- name: d\n  # in d\n  port: 1\n    # deeper in d\n',
  'comments after a key with no value': 'a:\n  # before the value\n  b: 1\nc: # after the key\n  d: 2\ne:\n# at the key\n- f\n',
  'an empty value and a comment, then the next key': 'a:\n# c\nb: 1\n',
  'an empty value and a comment at the end': 'a: 1\nb: # c\n',
  'empty values': 'a:\nb:   \nc:\n\n\nd:\n  e:\n  f:\ng:\n- h\n',
  'empty values last': 'a:\n  b:\n\n\n---\nc:\n',
  'document markers': '# stream\n\n---\n# start\na: 1\n---   \n---\n# only a comment\n---\n\n- b\n...\n',
  'markers only': '---\n---\n# c\n',
  'a marker with content': '--- a: 1\n',
  'a document without a marker after comments': '# one\n\n# two\nkind: Pod\n',
  'flow collections': 'a: {b: c, d: [1, 2.50, 0x1F, 0755, 1:20, .inf, ~, yes, off, 2024-01-02, "q", \'r\']}\nb: [ ]\nc: { }\nd: [{e: f}, [g]]   # c\ne: [a b, c:d, -1, "x y" ]\n',
  'flow collections the reader leaves': 'a: {b: c,}\nb: {c}\nc: [d: e]\nd: {e: }\nf: {"g":h}\ng: [a, b] c\nh: {a: b # c\n  }\n',
  escapes: 'a: "tab\\tx \\"q\\" \\\\ \\u00e9 \\x41 \\/"\n"b\\"c": d\ne: {"f\\n": "g\\"", h: ["\\\\"]}\n',
  'an escape the composer reports': 'a: "\\q"\n',
  'quotes': 'a: "b c"\nb: \'it\'\'s\'\n"c": d\n\'e f\': "g"   # c\nh: "i\\"j"\nk: "l" m\n',
  'plain scalars of every kind': `data: {${['e5', 'E1', '.5', '.inf', '-.Inf', '.NaN', '+1', '-1', '~', 'Yes', 'y', 'N', 'on', 'Off', 'NULL', 'Null', 'nul', '0o7', '0b101', '0x1F', '0755', '08', '1_000', '1:20', '1:20.5', '1e3', '2001-12-14t21:59:43.10-05:00', '2002-12-14', 'x1', 'true', 'False', 'TRUE', 'tRue'].map((text, index) => `k${index}: ${text}`).join(', ')}}\nkeys:\n  e5: 1\n  1: 2\n  ~: 3\n  yes: 4\n  0x1F: 5\n  1.5: 6\n  2002-12-14: 7\n`,
  'plain scalars with indicators inside': 'a: b#c\nb: c: d\nc: http://x:80/y\nd: -x\ne: - f\nf: a, b [c] {d}\ng: ?h\nh: :i\n',
  'keys the reader leaves': 'a : 1\n<<: {b: 2}\n? c\n: d\n[e]: f\n',
  'keys written twice': 'a: 1\nb: 2\na: 3\n',
  'flow keys written twice': 'a: {b: 1, b: 2}\n',
  'odd indentation': 'a:\n    b: 1\n  c: 2\n',
  'a scalar continued': 'a: b\n  c\n',
  'a sequence continued': '- a\n  - b\n',
  'a sequence on a key line': 'a: - b\n',
  'a mapping on a key line': 'a: b: c\n',
  'a sequence after a value': 'a: b\n- c\n',
  'a sequence at a root map column': 'a:\n- b\nc: d\n- e\n',
  'nested sequences': '- - a\n-\n  - b\n',
  'block scalars': 'a: |\n  x\n    more\n\n  y\n\n\nb: >-\n  folded\n  text\n\n    more\n  end\n  # in it\n# after\nc:\n- |\n   item\n  # after the item\n- >\n  last\n---\nd: |-\n  at the end',
  'block scalars the reader leaves': 'a: |+\n  kept\n\nb: |2\n   indented\nc: | # comment\n  x\nd: |\ne: >\n  x\n  \n  y\n',
  anchors: 'a: &x 1\nb: *x\n',
  tags: 'a: !!str 1\n',
  directive: '%YAML 1.1\n---\na: 1\n',
  tab: 'a:\tb\n',
  'carriage returns': 'a: b\r\nc: d\r\n',
  'a comment without a space': 'a: "b"#c\n',
  'a long key': `${'k'.repeat(1_100)}: v\n`,
  'deep block': Array.from({ length: 100 }, (_, depth) => `${' '.repeat(depth * 2)}k${depth}:`).join('\n') + ' end\n',
  'deep flow': `a: ${'['.repeat(100)}${']'.repeat(100)}\n`,
  'a root scalar': 'just text\n',
  'an indented root': '  a: 1\n',
  'only comments': '# a\n\n# b\n',
  empty: '',
};

/** How the texts went: documents the reader read, and those of texts it left to the parser. */
const tally = { texts: 0, readTexts: 0, readDocuments: 0, leftDocuments: 0 };

/** Deeper than the composer's recursion reaches on any stack: what it gives there is not the reader's business. */
const NESTED_TOO_DEEPLY = 'nested too deeply';

/**
 * The same node: class, flow style, value and its type, scalar type, source, format and range, and no other field
 * than the comments the model does not read.
 */
function assertSameNode(actual: unknown, expected: unknown, at: string): void {
  if (actual === null || expected === null) return assert.equal(actual, expected, at);
  assert.equal(actual?.constructor, expected?.constructor, at);
  if (isPair(actual) && isPair(expected)) {
    assertSameNode(actual.key, expected.key, `${at}.key`);
    return assertSameNode(actual.value, expected.value, `${at}.value`);
  }
  const fields = (node: object) => Object.keys(node).filter((key) => !['comment', 'commentBefore', 'spaceBefore'].includes(key)).sort();
  if (isScalar(actual) && isScalar(expected)) {
    assert.deepEqual(fields(actual), fields(expected), `${at}: fields`);
    assert.equal(typeof actual.value, typeof expected.value, `${at}: the value's type`);
    assert.deepEqual([actual.value, actual.type, actual.source, actual.format, actual.range], [expected.value, expected.type, expected.source, expected.format, expected.range], at);
    return;
  }
  if ((isMap(actual) && isMap(expected)) || (isSeq(actual) && isSeq(expected))) {
    assert.deepEqual(fields(actual), fields(expected), `${at}: fields`);
    assert.deepEqual([Boolean(actual.flow), actual.range, actual.items.length], [Boolean(expected.flow), expected.range, expected.items.length], at);
    actual.items.forEach((item, index) => assertSameNode(item, expected.items[index], `${at}[${index}]`));
    return;
  }
  assert.fail(`${at}: a ${isAlias(actual) ? 'alias' : typeof actual} the reader does not make`);
}

/** Holds the reader to the composer on one text; returns whether it read the text. */
function assertEquivalent(name: string, text: string): boolean {
  tally.texts++;
  const source = sourceOf(text);
  const composed = composedDocuments(source);
  const read = text.includes('\u0000') ? undefined : readBlockYaml(source);
  if (read === undefined) {
    tally.leftDocuments += composed.length;
  } else {
    tally.readTexts++;
    tally.readDocuments += read.length;
    assert.equal(read.length, composed.length, `${name}: documents`);
    read.forEach((document, index) => {
      const expected = composed[index]!;
      assert.deepEqual(expected.errors.map((error) => error.message), [], `${name}: document ${index} has no errors`);
      assert.deepEqual(document.errors, [], `${name}: document ${index}'s errors`);
      assert.deepEqual(document.range, expected.range, `${name}: document ${index}'s range`);
      assertSameNode(document.contents, expected.contents, `${name}: document ${index}`);
    });
  }
  const uri = `file:///equivalence/${name.replace(/[^\w.-]+/g, '-')}.yaml`;
  const composedModel = parseManifest(uri, text, composedDocuments);
  if (!composedModel.problems.some((problem) => problem.message.includes(NESTED_TOO_DEEPLY))) assert.deepStrictEqual(parseManifest(uri, text), composedModel, `${name}: the model and problems`);
  return read !== undefined;
}

/** What typing and pasting do to block YAML: characters, indicators and lines where the reader decides things. */
const DAMAGE: Record<string, (text: string, random: () => number) => string> = {
  'insert a character': (text, random) => insertAt(text, random, pick([' ', '\n', ':', ': ', '#', ' #', '-', '- ', '"', "'", '\t', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '?', '%', '\\', '\r'], random)),
  'delete characters': (text, random) => {
    const at = Math.floor(random() * text.length);
    return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
  },
  'duplicate characters': (text, random) => {
    const at = Math.floor(random() * text.length);
    return text.slice(0, at) + text.slice(at, at + 1 + Math.floor(random() * 6)) + text.slice(at);
  },
  'reindent a line': (text, random) => replaceLine(text, random, (line) => ' '.repeat(Math.floor(random() * 9)) + line.trimStart()),
  'a comment line': (text, random) => insertLine(text, random, `${' '.repeat(Math.floor(random() * 9))}# ${pick(['note', 'a: b', '- x', ''], random)}`),
  'a blank line': (text, random) => insertLine(text, random, ' '.repeat(Math.floor(random() * 4))),
  'a trailing comment': (text, random) => replaceLine(text, random, (line) => `${line}${pick([' # c', '# c', '  #', ' #: x'], random)}`),
  'a value taken away': (text, random) => replaceLine(text, random, (line) => line.replace(/:\s.*$/, pick([':', ': ', ':  # gone'], random))),
  'a document marker': (text, random) => insertLine(text, random, pick(['---', '--- ', '---\n# c', '...', '--- x'], random)),
};

function insertAt(text: string, random: () => number, inserted: string): string {
  const at = Math.floor(random() * (text.length + 1));
  return text.slice(0, at) + inserted + text.slice(at);
}

function insertLine(text: string, random: () => number, line: string): string {
  const lines = text.split('\n');
  lines.splice(Math.floor(random() * (lines.length + 1)), 0, line);
  return lines.join('\n');
}

function replaceLine(text: string, random: () => number, change: (line: string) => string): string {
  const lines = text.split('\n');
  const at = Math.floor(random() * lines.length);
  lines[at] = change(lines[at]!);
  return lines.join('\n');
}

const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetrace-block-yaml-'));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

describe('the block YAML reader gives what the composer gives', () => {
  const sharedFiles = ['realworld', 'corpus', 'conformance'].flatMap((folder) => yamlFilesUnder(path.join(SHARED, folder)));
  const fixtureFiles = yamlFilesUnder(path.join(PROJECT_ROOT, 'test', 'fixtures')).concat(yamlFilesUnder(path.join(PROJECT_ROOT, 'examples')));
  const readTexts: string[] = [];

  test('every shared real-world, corpus and conformance file, and every test fixture', { skip: sharedFiles.length === 0 && 'no ../shared' }, () => {
    let read = 0;
    for (const file of [...sharedFiles, ...fixtureFiles]) {
      const text = fs.readFileSync(file, 'utf8');
      if (assertEquivalent(path.relative(SHARED, file), text)) {
        read++;
        readTexts.push(text);
      }
    }
    // Most real manifests are the block YAML the reader reads.
    assert.ok(read > 0.7 * (sharedFiles.length + fixtureFiles.length), `read ${read} of ${sharedFiles.length + fixtureFiles.length} files`);
  });

  test("the benchmark's workspace and Kustomize workspace, all read by the reader, and its large files", () => {
    const generators = benchGenerators();
    const files = [...generators.generateWorkspace(path.join(temporary, 'workspace'), 120).files, ...generators.generateKustomizeWorkspace(path.join(temporary, 'kustomize'), 20).files];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(assertEquivalent(path.relative(temporary, file), text), `${path.relative(temporary, file)} is read by the block reader`);
      readTexts.push(text);
    }
    // The large files hold a key written twice on purpose: the parser reads them. Without it, the reader does.
    for (const [name, text] of [['large exported file', generators.largeManifest(3_000, { exported: true })], ['large file', generators.largeManifest(3_000)]] as const) {
      assert.equal(assertEquivalent(name, text), false, `${name} is left to the parser`);
      const withoutDuplicate = text.replace('\n  name: again\n', '\n');
      assert.ok(assertEquivalent(`${name} without its duplicate key`, withoutDuplicate), `${name} without its duplicate key is read`);
      readTexts.push(withoutDuplicate.slice(0, 20_000));
    }
  });

  test('inputs at the edges: what the reader reads and what it leaves to the parser', () => {
    for (const [name, text] of Object.entries(EDGES)) assertEquivalent(name, text);
    const read = ['comments at every column after a scalar', 'comments after a scalar, then a shallower entry', 'comments before the document end', 'comments in sequences', 'comments after a key with no value', 'empty values', 'empty values last', 'markers only', 'a document without a marker after comments', 'block scalars', 'plain scalars of every kind', 'escapes', 'only comments', 'empty'];
    for (const name of read) assert.ok(readBlockYaml(EDGES[name]!), `${name} is read`);
    const left = ['an empty value and a comment, then the next key', 'an empty value and a comment at the end', 'document markers', 'a marker with content', 'flow collections the reader leaves', 'quotes', 'plain scalars with indicators inside', 'keys the reader leaves', 'keys written twice', 'flow keys written twice', 'odd indentation', 'a scalar continued', 'a sequence continued', 'a sequence on a key line', 'a mapping on a key line', 'a sequence after a value', 'a sequence at a root map column', 'nested sequences', 'block scalars the reader leaves', 'an escape the composer reports', 'anchors', 'tags', 'directive', 'tab', 'carriage returns', 'a comment without a space', 'a long key', 'deep block', 'a root scalar', 'an indented root'];
    for (const name of left) assert.equal(readBlockYaml(EDGES[name]!), undefined, `${name} is left to the parser`);
  });

  test('randomly damaged copies of the texts the reader reads', () => {
    const random = seededRandom(2301);
    const donors = [...readTexts.filter((text) => text.length < 60_000), ...Object.values(EDGES)];
    const names = Object.keys(DAMAGE);
    let read = 0;
    for (let round = 0; round < 3_000; round++) {
      const original = donors[Math.floor(random() * donors.length)]!;
      let text = original;
      const applied: string[] = [];
      for (let step = 1 + Math.floor(random() * 3); step > 0; step--) {
        if (random() < 0.2) {
          const damaged = mutate(text, random, donors[(round * 7) % donors.length]!);
          applied.push(damaged.name);
          text = damaged.text;
        } else {
          const name = pick(names, random);
          applied.push(name);
          text = DAMAGE[name]!(text, random);
        }
      }
      if (assertEquivalent(`damage ${round} (${applied.join(', ')})`, text)) read++;
    }
    // Damage the reader refuses everywhere would test nothing.
    assert.ok(read > 1_000, `read ${read} of the damaged copies`);
  });

  test('how many documents the reader read', (context) => {
    context.diagnostic(`${tally.texts} texts: ${tally.readTexts} read by the block reader (${tally.readDocuments} documents), ${tally.texts - tally.readTexts} left to the parser (${tally.leftDocuments} documents)`);
    assert.ok(tally.readDocuments > tally.leftDocuments);
  });
});
