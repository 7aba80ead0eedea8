/**
 * An editor's changes applied to a text kept in pieces (PieceText) and to a file kept as its documents
 * (ManifestDocuments.change), against the same changes applied to a plain string by the editor's own document
 * (vscode-languageserver-textdocument): random ranges, several changes at once, edits across `---` lines, separators
 * typed and taken away, CR LF and lone CR line ends, a byte order mark, positions past a line's end or the last line,
 * and edits at the start and end of the file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ManifestDocuments } from '../../../server/src/model/manifestDocuments';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { PieceText, type TextChange } from '../../../server/src/model/pieceText';
import { pick, seededRandom } from '../../support/random';

const URI = 'file:///work/exported.yaml';

function application(index: number): string {
  const name = `app-${index}`;
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    `    kubectl.kubernetes.io/last-applied-configuration: '{"kind":"Deployment","metadata":{"name":"${name}"}}'`,
    'spec:',
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec:',
    `      containers: [{name: web, image: "web:${index}", ports: [{name: http, containerPort: 8080}]}]`,
    '---',
    'apiVersion: v1',
    'kind: Service',
    `metadata: {name: ${name}}`,
    `spec: {selector: {app: ${index % 4 === 0 ? 'nobody' : name}}, ports: [{port: 80, targetPort: http}]}`,
  ].join('\n');
}

const APPLICATIONS = `${Array.from({ length: 12 }, (_, index) => application(index)).join('\n---\n')}\n`;

const FILES: Record<string, string> = {
  applications: APPLICATIONS,
  // Several of PieceText's pieces (about 16 KB each): long ranges reach across them.
  'many applications': `${Array.from({ length: 160 }, (_, index) => application(index)).join('\n---\n')}\n`,
  'applications, CR LF': APPLICATIONS.replace(/\n/g, '\r\n'),
  'applications, a byte order mark': `\ufeff${APPLICATIONS}`,
  'comments, empty documents, no line break at the end': ['# the platform', '', '---', 'apiVersion: v1', 'kind: Namespace', 'metadata: {name: shop}', '--- # the backend', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: settings, namespace: shop}', '---', '', '---', 'apiVersion: v1', 'kind: Secret', 'metadata: {name: s}', 'data: {key: "x"}'].join('\n'),
};

/** What a typist or a paste puts in: characters, line ends of each kind, document markers, quotes, a NUL. */
const TYPED = ['', 'a', 'z', ' ', ':', '-', '\n', '\r\n', '\r', '\n---\n', '---', '---\n', '"', "'", '{', '#', '...', '\u0000', 'kind: Service\nmetadata: {name: x}\n'];

/** A random position in `document`: mostly within its text, now and then past a line's end or past its last line. */
function randomPosition(document: TextDocument, random: () => number): { line: number; character: number } {
  const roll = random();
  if (roll < 0.05) return { line: document.lineCount + Math.floor(random() * 3), character: Math.floor(random() * 5) };
  const position = document.positionAt(Math.floor(random() * (document.getText().length + 1)));
  return roll < 0.15 ? { line: position.line, character: position.character + 1 + Math.floor(random() * 200) } : position;
}

/**
 * `changes` applied one after another as the editor's document applies each to the text it has (its positions read
 * afresh: the document's own bookkeeping of line starts across changes miscounts where a change joins a CR to a LF).
 */
function applied(text: string, changes: readonly TextChange[]): TextDocument {
  return changes.reduce((document, change) => TextDocument.update(TextDocument.create(URI, 'yaml', 0, document.getText()), [change], 0), TextDocument.create(URI, 'yaml', 0, text));
}

/** One to three changes, each a range (sometimes reversed, sometimes long, sometimes at the start or end) and its new text. */
function randomChanges(document: TextDocument, random: () => number): TextChange[] {
  const changes: TextChange[] = [];
  let current = document;
  for (let count = 1 + Math.floor(random() * (random() < 0.8 ? 1 : 3)); count > 0; count--) {
    const roll = random();
    const start = roll < 0.05 ? { line: 0, character: 0 } : roll < 0.1 ? current.positionAt(current.getText().length) : randomPosition(current, random);
    const long = random() < 0.15;
    const end = long ? randomPosition(current, random) : current.positionAt(Math.min(current.getText().length, current.offsetAt(start) + Math.floor(random() * 4)));
    const change = { range: random() < 0.1 ? { start: end, end: start } : { start, end }, text: pick(TYPED, random) };
    changes.push(change);
    current = applied(current.getText(), [change]);
  }
  return changes;
}

describe("an editor's changes applied where they fall", () => {
  for (const [name, original] of Object.entries(FILES)) {
    test(`${name}: a text kept in pieces equals the editor's text after every change`, () => {
      const random = seededRandom(name.length * 104_729);
      let reference = TextDocument.create(URI, 'yaml', 0, original);
      let pieces = PieceText.of(original);
      for (let round = 0; round < 400; round++) {
        const changes = randomChanges(reference, random);
        reference = applied(reference.getText(), changes);
        pieces = pieces.withChanges(changes);
        assert.equal(pieces.text, reference.getText(), `round ${round}: ${JSON.stringify(changes)}`);
      }
    });

    test(`${name}: a file kept as its documents equals a fresh parse of the editor's text after every change`, () => {
      const random = seededRandom(name.length * 7_919);
      let reference = TextDocument.create(URI, 'yaml', 0, original);
      let documents = ManifestDocuments.read(URI, original);
      for (let round = 0; round < 250; round++) {
        const changes = randomChanges(reference, random);
        reference = applied(reference.getText(), changes);
        const text = reference.getText();
        documents = documents.change(changes, () => text);
        assert.equal(documents.text, text);
        assert.deepStrictEqual(documents.parsed, parseManifest(URI, text), `round ${round}: ${JSON.stringify(changes)} ${JSON.stringify(text.slice(0, 3000))}`);
      }
    });
  }

  test('a text kept in pieces equals the editor\'s after each of its line breaks is taken away and the joined line typed into', () => {
    let text = FILES['many applications']!;
    let pieces = PieceText.of(text);
    for (let line = TextDocument.create(URI, 'yaml', 0, text).lineCount - 2; line >= 0; line--) {
      const document = TextDocument.create(URI, 'yaml', 0, text);
      const end = document.positionAt(document.offsetAt({ line: line + 1, character: 0 }) - 1);
      // Two edits one after the other: the second reads the pieces the first left.
      for (const change of [
        { range: { start: end, end: { line: line + 1, character: 0 } }, text: '' },
        { range: { start: { line, character: end.character + 2 }, end: { line, character: end.character + 2 } }, text: line % 2 === 0 ? '#' : '\n' },
      ]) {
        text = applied(text, [change]).getText();
        pieces = pieces.withChanges([change]);
      }
      if (line % 100 === 0) assert.equal(pieces.text, text, `line ${line}`);
    }
    assert.equal(pieces.text, text);
  });

  test('a change that adds no line gives new objects for the changed document alone: the one before it, read again, keeps its own', () => {
    const documents = ManifestDocuments.read(URI, APPLICATIONS);
    const line = APPLICATIONS.split('\n').indexOf('metadata: {name: app-5}');
    const changed = documents.change([{ range: { start: { line, character: 22 }, end: { line, character: 22 } }, text: 'z' }], () => assert.fail('the whole text is not read'));
    const before = documents.parsed.objects;
    const after = changed.parsed.objects;
    assert.deepEqual(after.filter((object, index) => object !== before[index]).map((object) => `${object.id.kind}/${object.id.name}`), ['Service/app-5z']);
  });

  test('a change in one document of a large file reads neither the whole text nor the other documents again', () => {
    const text = `${Array.from({ length: 240 }, (_, index) => application(index)).join('\n---\n')}\n`;
    const documents = ManifestDocuments.read(URI, text);
    let readWhole = 0;
    const changed = documents.change([{ range: { start: { line: 3000, character: 0 }, end: { line: 3000, character: 0 } }, text: '# a comment\n' }], () => {
      readWhole++;
      return `${text.split('\n').slice(0, 3000).join('\n')}\n# a comment\n${text.split('\n').slice(3000).join('\n')}`;
    });
    assert.equal(readWhole, 0);
    const before = documents.parsed.objects;
    const after = changed.parsed.objects;
    assert.equal(after.length, before.length);
    // The documents before the changed one (and the one just before it) keep their objects, the same values.
    const firstMoved = after.findIndex((object, index) => object !== before[index]);
    assert.ok(firstMoved > 150, `objects kept before the change: ${firstMoved}`);
    assert.equal(changed.text.split('\n')[3000], '# a comment');
    assert.equal(readWhole, 1);
    assert.deepStrictEqual(changed.parsed, parseManifest(URI, changed.text));
  });
});
