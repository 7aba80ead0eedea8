import type { KubeObject } from '../engine/objects';
import type { Problem } from '../engine/problem';
import { CompactRange, fieldSpan, KeyValueSpan, ValueSpan, type TextRange } from '../engine/source';
import { positionAt } from './decode';
import { isHelmTemplate, LINE_STARTING_WITH_ACTION, TEMPLATE_ACTION } from './helmTemplate';
import { fileOfDocuments, lineCounterOf, LOOKS_LIKE_KUBERNETES, parseManifest, readDocument, replacementCharacterWarning, sourceOf, type DocumentContent, type ParsedFile } from './parseManifest';
import { changedSpan, type ChangedSpan, type TextChange } from './pieceText';
import { skipReasonOfPath } from './toolFiles';
import { parseYamlDocuments } from './yamlDocuments';

/** A line that starts a YAML document: `---` at the start of a line, then a space, a tab, a line break or the end. */
const DOCUMENT_START = /(?<=^|\n)---(?=[ \t\r\n]|$)/g;
const DOCUMENT_START_HERE = new RegExp(DOCUMENT_START.source, 'y');
/** What only a read of the whole file gets right: directives and `...` document ends. */
const WHOLE_FILE_ONLY = /(?:^|\n)(?:%|\.\.\.)/;
/**
 * The parser gives a document some of what the next one starts with: errors of closing brackets or other stray
 * tokens after the next `---` line are the document's, not the next one's. So a document is read with the start of
 * the next one after it (to its first line of content), and after a stand-in document that takes its own start's.
 */
const PREVIOUS_DOCUMENT = '~\n';
/**
 * An unclosed quote ends where the next quote of its kind is, anywhere further on, and the parser looks only that
 * far for the line that ends it (at the latest the next `---`); with none further on, it runs to the end of the file
 * and takes every later document in. So a document is read with the quotes the file has after it (`"` then `'`),
 * and one that takes the next document in is read with the whole file. `beyond`: the quotes of the file after `source`.
 */
function quotesAfter(source: string, offset: number, beyond = '', last = lastQuotes(source)): string {
  return (last.double >= offset || beyond.includes('"') ? '"' : '') + (last.single >= offset || beyond.includes("'") ? "'" : '');
}

function lastQuotes(source: string): { readonly double: number; readonly single: number } {
  return { double: source.lastIndexOf('"'), single: source.lastIndexOf("'") };
}

/** A CR that no LF follows: the parser's source reads it as a LF (sourceOf). */
const LONE_CARRIAGE_RETURN = /\r(?!\n)/;

/** One document of a file (its text from its `---` line to the next one's), read on its own. */
interface ReadDocument {
  readonly text: string;
  /** The file's line it starts at. */
  readonly line: number;
  /** How many line breaks it holds. */
  readonly lineBreaks: number;
  readonly content: DocumentContent;
  readonly looksLikeKubernetes: boolean;
  /** The KT009 warning of its first U+FFFD, if it holds one. */
  readonly replacement: Problem | undefined;
  /** It holds what only a read of the whole file gets right. */
  readonly wholeFileOnly: boolean;
  /** It holds a template action (`{{ ... }}`), and one at the start of a line: a Helm template, with what else the file holds. */
  readonly templateAction: boolean;
  readonly lineStartsWithAction: boolean;
  /** Read as the file's last document (nothing follows it). */
  readonly last: boolean;
  /** The quotes it holds, and those the file had after it when it was read (which it was read with). */
  readonly quotes: string;
  readonly quotesAfter: string;
}

/**
 * A file kept as its documents, each read on its own, so that an edit (an editor's open document) reads again only
 * the documents it touched: the others keep their objects and problems, those after the edit moved by the lines it
 * added or took away. An editor's change is applied to the documents it touches (`change`), so that the edit of a
 * large file neither reads nor copies its whole text; the text is joined only when asked for. `parsed` always equals
 * `parseManifest` of the same text (the equivalence tests hold it): a file that only a whole read gets right (Helm
 * templates, directives, tools' files) is read whole.
 */
export class ManifestDocuments {
  private joined: string | undefined;

  private constructor(
    readonly uri: string,
    private readonly textOf: () => string,
    readonly parsed: ParsedFile,
    /** Undefined when the file is read whole. */
    private readonly documents: readonly ReadDocument[] | undefined,
    /** The documents' texts are the file's text (no byte order mark, no lone CR): an editor's change applies to them as it is. */
    private readonly documentsAreText: boolean,
  ) {}

  get text(): string {
    return (this.joined ??= this.textOf());
  }

  static read(uri: string, text: string): ManifestDocuments {
    const source = readableSource(uri, text);
    const documents = source === undefined ? undefined : readDocuments(uri, { source, end: source.length, line: 0, afterAnother: false, atFileEnd: true, quotesBeyond: '' });
    if (source === undefined || !documents || documents.some((document) => document.wholeFileOnly)) return new ManifestDocuments(uri, () => text, parseManifest(uri, text), undefined, false);
    return ManifestDocuments.of(uri, () => text, documents, source === text);
  }

  /**
   * `read`, with the objects of `before` (the same file as a parse worker read it) kept when the read finds objects
   * equal to them: a file opened in an editor as it is on disk then changes nothing in the model, the snapshot or
   * the checks, where new objects would have had its namespace built and checked again.
   */
  static readKeeping(uri: string, text: string, before: ParsedFile): ManifestDocuments {
    const read = ManifestDocuments.read(uri, text);
    const documents = read.documents;
    if (!documents || !sameReadValue(read.parsed.objects, before.objects)) return read;
    // Only where the file's objects are its documents' (not a whole read's, as of a Helm template), in order.
    const ofDocuments = documents.flatMap((document) => document.content.objects);
    if (ofDocuments.length !== read.parsed.objects.length || ofDocuments.some((object, at) => object !== read.parsed.objects[at])) return read;
    let at = 0;
    const keeping = documents.map((document) => (document.content.objects.length === 0 ? document : { ...document, content: { ...document.content, objects: document.content.objects.map(() => before.objects[at++]!) } }));
    return ManifestDocuments.of(uri, () => text, keeping, read.documentsAreText);
  }

  /** The same file with `text`: reads only the documents that differ from before, keeping the others. */
  edit(text: string): ManifestDocuments {
    if (text === this.text) return this;
    const source = this.documents && readableSource(this.uri, text);
    if (!this.documents || source === undefined) return ManifestDocuments.read(this.uri, text);
    const before = this.documents;
    // The documents the edit left alone at the start, then at the end; those between are read again.
    let first = 0;
    let start = 0;
    while (first < before.length && holdsAt(source, before[first]!.text, start)) start += before[first++]!.text.length;
    let last = before.length;
    let end = source.length;
    while (last > first && end - before[last - 1]!.text.length >= start && holdsAt(source, before[last - 1]!.text, end - before[last - 1]!.text.length)) end -= before[--last]!.text.length;
    return this.readAgain({ first, end: last, text: source.slice(start, end) }, () => text, source === text);
  }

  /**
   * The same file with an editor's `changes` applied (`text`: the whole text after them, read only when what the
   * changes made cannot be read on its own: a byte order mark, a lone CR, a NUL, a document only a whole read gets right).
   */
  change(changes: readonly TextChange[], text: () => string): ManifestDocuments {
    if (!this.documents || !this.documentsAreText) return this.edit(text());
    const span = changedSpan(this.documents.map((document) => document.text), this.documents.map((document) => document.lineBreaks), changes);
    if (!span) return this;
    if (span.text.includes('\u0000') || LONE_CARRIAGE_RETURN.test(span.text)) return this.edit(text());
    return this.readAgain(span, text, true);
  }

  /** Reads again the documents of `span` (the documents `first` to `end` now hold its text), and those an edit there may have changed. */
  private readAgain(span: ChangedSpan, text: () => string, documentsAreText: boolean): ManifestDocuments {
    const before = this.documents!;
    let { first, end: last, text: region } = span;
    const ahead = () => region + (before[last]?.text.slice(0, 4) ?? '');
    // A kept document ends where a document starts in the new text (the edit may have touched that `---` line), and
    // is the last one if and only if it was.
    while (first > 0 && (ahead() !== '' ? !startsDocument(ahead(), 0) || before[first - 1]!.last : !before[first - 1]!.last)) region = before[--first]!.text + region;
    // The document before the first one changed was read with that one's start.
    if (first > 0) region = before[--first]!.text + region;
    // A kept document after the edit must still start a line (the edit may have joined its `---` to the line before).
    while (last < before.length && region !== '' && region.charCodeAt(region.length - 1) !== 10) region += before[last++]!.text;
    const line = first === 0 ? 0 : before[first - 1]!.line + before[first - 1]!.lineBreaks;
    // The start of the document after the region reaches at most into the one after it (nextDocumentStart).
    const following = before.slice(last, last + 2);
    const quotesBeyond = before.slice(last + 2).reduce((quotes, document) => mergedQuotes(quotes, document.quotes), '');
    const read = readDocuments(this.uri, { source: region + following.map((document) => document.text).join(''), end: region.length, line, afterAnother: first > 0, atFileEnd: last === before.length, quotesBeyond });
    if (read.some((document) => document.wholeFileOnly)) return ManifestDocuments.read(this.uri, text());
    // A document read again as it was read before (the one before the edit, mostly) keeps its objects: the model
    // sees no change in them, and neither do the snapshot and the checks.
    for (let at = 0; at < read.length && first + at < last && sameRead(read[at]!, before[first + at]!); at++) read[at] = before[first + at]!;
    const lineAfter = read.length > 0 ? read.at(-1)!.line + read.at(-1)!.lineBreaks : line;
    const shift = last < before.length ? lineAfter - before[last]!.line : 0;
    const after = before.slice(last).map((document) => (shift === 0 ? document : shifted(document, shift)));
    return ManifestDocuments.of(this.uri, text, [...before.slice(0, first), ...read, ...after], documentsAreText);
  }

  private static of(uri: string, text: () => string, documents: readonly ReadDocument[], documentsAreText: boolean): ManifestDocuments {
    // An edit may have taken away or brought the last quote of a kind: the documents before it are read again.
    let after = '';
    for (let at = documents.length - 1; at >= 0; at--) {
      const document = documents[at]!;
      if (!document.last && document.quotesAfter !== after) return ManifestDocuments.read(uri, text());
      after = mergedQuotes(after, document.quotes);
    }
    // A Helm template is skipped as a whole read says.
    const signs = { hasAction: documents.some((document) => document.templateAction), lineStartsWithAction: () => documents.some((document) => document.lineStartsWithAction), parsesCleanly: () => !documents.some((document) => document.content.syntaxErrors) };
    if (isHelmTemplate(uri, signs)) {
      return new ManifestDocuments(uri, text, parseManifest(uri, text()), documents, documentsAreText);
    }
    const looksLikeKubernetes = documents.some((document) => document.looksLikeKubernetes);
    const replacement = documents.find((document) => document.replacement)?.replacement;
    const { file, toolDocument } = fileOfDocuments(uri, documents.map((document) => document.content), looksLikeKubernetes, replacement);
    // A file of tools' configuration alone is skipped as a whole read says (a kustomization's transforms).
    return new ManifestDocuments(uri, text, toolDocument ? parseManifest(uri, text()) : file, documents, documentsAreText);
  }
}

/** Whether a document read again reads as it did: the same text at the same line, with the same next document, objects and problems. */
function sameRead(again: ReadDocument, before: ReadDocument): boolean {
  return again.text === before.text && again.line === before.line && again.last === before.last && again.quotesAfter === before.quotesAfter && sameReadValue(again.content, before.content) && sameReadValue(again.replacement, before.replacement);
}

/** Whether two values of model data are equal all the way down: plain records, arrays, and the range and span classes. */
function sameReadValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof CompactRange) return sameRange(a, b as CompactRange);
  if (a instanceof KeyValueSpan || a instanceof ValueSpan) return sameReadValue(a.packed(), (b as KeyValueSpan | ValueSpan).packed());
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, index) => sameReadValue(item, (b as unknown[])[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && sameReadValue(left[key], right[key]));
}

function sameRange(a: TextRange, b: TextRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The quotes of two stretches together, in quotesAfter's order. */
function mergedQuotes(a: string, b: string): string {
  // The common cases made no new string: an edit merges those of every document after the one it changed.
  if (b === '' || a === b || a === `"'`) return a;
  if (a === '') return b;
  return (a.includes('"') || b.includes('"') ? '"' : '') + (a.includes("'") || b.includes("'") ? "'" : '');
}

/** The text the parser reads, or undefined when only a whole read gets the file right. */
function readableSource(uri: string, text: string): string | undefined {
  return text.includes('\u0000') || skipReasonOfPath(uri, []) !== undefined ? undefined : sourceOf(text);
}

/** Whether `source` holds `text` at `offset`: a slice compared whole, several times faster than startsWith on megabytes. */
function holdsAt(source: string, text: string, offset: number): boolean {
  return source.length - offset >= text.length && source.slice(offset, offset + text.length) === text;
}

function startsDocument(source: string, offset: number): boolean {
  DOCUMENT_START_HERE.lastIndex = offset;
  return DOCUMENT_START_HERE.test(source);
}

/**
 * A stretch of a file to read as documents: `source` holds it from its start (a document's start) to `end`, then
 * what the file has after it, at least to where the start of the document after it ends (nextDocumentStart).
 */
interface Stretch {
  readonly source: string;
  readonly end: number;
  /** The file's line it starts at. */
  readonly line: number;
  /** A document comes before it in the file. */
  readonly afterAnother: boolean;
  /** It ends where the file ends. */
  readonly atFileEnd: boolean;
  /** The quotes the file has after `source`. */
  readonly quotesBeyond: string;
}

/** Reads the documents of a stretch of a file. */
function readDocuments(uri: string, stretch: Stretch): ReadDocument[] {
  const { source, end, quotesBeyond } = stretch;
  const last = lastQuotes(source);
  const starts = [0];
  DOCUMENT_START.lastIndex = 1;
  for (let match = DOCUMENT_START.exec(source); match && match.index < end; match = DOCUMENT_START.exec(source)) starts.push(match.index);
  const documents: ReadDocument[] = [];
  let at = stretch.line;
  for (const [index, from] of starts.entries()) {
    if (from >= end) break;
    const to = starts[index + 1] ?? end;
    // A copy, not a slice: the values read from it would otherwise keep every edit's whole text alive.
    const text = `${source.slice(from, to)} `.slice(0, -1);
    const next = to === end && stretch.atFileEnd ? undefined : { start: nextDocumentStart(source, to), quotes: quotesAfter(source, to, quotesBeyond, last) };
    const document = readOne(uri, text, at, from > 0 || stretch.afterAnother, next);
    documents.push(document);
    at += document.lineBreaks;
  }
  return documents;
}

/** The start of the document at `offset` (its `---` line), to the end of its first line of content, or the whole of it if it has none. */
function nextDocumentStart(source: string, offset: number): string {
  let lineStart = offset;
  for (;;) {
    const lineEnd = source.indexOf('\n', lineStart);
    const end = lineEnd < 0 ? source.length : lineEnd + 1;
    const content = (lineStart === offset ? source.slice(lineStart + 3, end) : source.slice(lineStart, end)).trim();
    if ((content !== '' && !content.startsWith('#')) || end === source.length || (lineStart > offset && startsDocument(source, end))) return source.slice(offset, end);
    lineStart = end;
  }
}

/**
 * One document read on its own: `afterAnother`, it is not the file's first; `next`, unless it is the last, the start
 * of the one after it and the quotes further on.
 */
function readOne(uri: string, text: string, line: number, afterAnother: boolean, next: { readonly start: string; readonly quotes: string } | undefined): ReadDocument {
  const previous = afterAnother ? PREVIOUS_DOCUMENT : '';
  const parsedText = next === undefined ? previous + text : `${previous}${text}${next.start}\n${next.quotes}`;
  const documents = parseYamlDocuments(parsedText);
  const lineCounter = lineCounterOf(parsedText);
  const all = documents.filter((document) => document.range[0] >= previous.length && document.range[0] < previous.length + text.length);
  // What the document left open took the next one in: so it would every later one (a quote with none further on).
  const tookNextIn = next !== undefined && !documents.some((document) => document.range[0] >= previous.length + text.length);
  // A `---` line starts each document, so the text holds one (none when only comments come before the first `---`).
  const firstLine = line - (afterAnother ? 1 : 0);
  const content: DocumentContent = all.length === 0 ? { objects: [], problems: [] } : readDocument({ uri, document: all[0]!, lineCounter, source: parsedText, firstLine });
  const templateAction = TEMPLATE_ACTION.test(text);
  // An action opened here may close in a later document, where a whole read would see it.
  const wholeFileOnly = all.length > 1 || tookNextIn || WHOLE_FILE_ONLY.test(text) || (!templateAction && text.includes('{{'));
  const replacementAt = text.indexOf('\ufffd');
  const replacement = replacementAt >= 0 ? replacementCharacterWarning(uri, positionAt({ lineCounter, firstLine }, previous.length + replacementAt)) : undefined;
  return { text, line, lineBreaks: lineBreaks(text), content, looksLikeKubernetes: LOOKS_LIKE_KUBERNETES.test(text), replacement, wholeFileOnly, templateAction, lineStartsWithAction: LINE_STARTING_WITH_ACTION.test(text), last: next === undefined, quotes: quotesAfter(text, 0), quotesAfter: next?.quotes ?? '' };
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** A document moved by `lines` lines: its objects and problems copied with every position moved, its text not read again. */
function shifted(document: ReadDocument, lines: number): ReadDocument {
  const { content } = document;
  return {
    ...document,
    line: document.line + lines,
    content: {
      objects: content.objects.map((object) => shiftedValue(object, lines) as KubeObject),
      problems: content.problems.map((problem) => shiftedValue(problem, lines) as Problem),
      ...(content.syntaxErrors && { syntaxErrors: content.syntaxErrors.map((problem) => shiftedValue(problem, lines) as Problem) }),
      ...(content.toolReason && { toolReason: content.toolReason }),
    },
    replacement: document.replacement && (shiftedValue(document.replacement, lines) as Problem),
  };
}

/** A copy of plain model data with every line moved: ranges (compact or plain) and positions; the rest as it is. */
function shiftedValue(value: unknown, lines: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof CompactRange) return shiftedRange(value, lines);
  if (value instanceof KeyValueSpan) return fieldSpan(shiftedRange(value.key, lines), shiftedRange(value.value, lines));
  if (value instanceof ValueSpan) return fieldSpan(undefined, shiftedRange(value.value, lines));
  if (Array.isArray(value)) return value.map((item) => shiftedValue(item, lines));
  const record = value as Record<string, unknown>;
  if (isPosition(record)) return { line: record['line'] + lines, character: record['character'] };
  const copy: Record<string, unknown> = {};
  // defineProperty: a key the manifest wrote may be `__proto__`.
  for (const key of Object.keys(record)) Object.defineProperty(copy, key, { value: shiftedValue(record[key], lines), enumerable: true, writable: true, configurable: true });
  return copy;
}

function shiftedRange({ start, end }: TextRange, lines: number): CompactRange {
  return new CompactRange(start.line + lines, start.character, end.line + lines, end.character);
}

function isPosition(record: Record<string, unknown>): record is { line: number; character: number } {
  const keys = Object.keys(record);
  return keys.length === 2 && typeof record['line'] === 'number' && typeof record['character'] === 'number';
}
