import { isAlias, isDocument, isMap, isScalar, isSeq, type LineCounter, type Node as YamlNode } from 'yaml';
import { problemOf, type Problem } from '../engine/problem';
import { CompactRange, fieldSpan, type FieldSpan, type Located, type TextPosition, type TextRange } from '../engine/source';
import type { LocatedStringMap, Spanned } from '../engine/objects';
import { setEntry } from '../engine/records';
import type { YamlDocument } from './yamlDocument';

/** What a decoder needs to know about the document it reads and where to put problems. */
export interface DecodeContext {
  readonly uri: string;
  readonly document: YamlDocument;
  readonly lineCounter: LineCounter;
  readonly problems: Problem[];
  /** The text the document was parsed from (after the byte order mark), for what the nodes do not keep. */
  readonly source: string;
  /** The file's line that `source` starts at, when it is one document of the file read on its own (0 otherwise). */
  readonly firstLine?: number;
  /** Of a rendered object (Kustomize), where each node was written: its file's URI and range. */
  readonly originOf?: (node: YamlNode) => { readonly uri: string; readonly range: TextRange } | undefined;
}

/** Where a value sits: its path for messages and the range of the key it is under. */
export interface FieldPlace {
  readonly path: string;
  readonly key?: TextRange;
}

/** Reads one YAML node into a typed, located value; reports a located problem and returns undefined on a wrong type. */
export type Decoder<T> = (node: unknown, place: FieldPlace, context: DecodeContext) => T | undefined;

export function positionAt(context: Pick<DecodeContext, 'lineCounter' | 'firstLine'>, offset: number): TextPosition {
  const { line, col } = context.lineCounter.linePos(offset);
  return { line: line - 1 + (context.firstLine ?? 0), character: col - 1 };
}

export function rangeOf(context: DecodeContext, node: YamlNode): TextRange {
  const origin = context.originOf?.(node);
  if (origin) return origin.range;
  const [startOffset, endOffset] = node.range ?? [0, 0];
  const start = context.lineCounter.linePos(startOffset);
  const end = context.lineCounter.linePos(endOffset);
  const firstLine = (context.firstLine ?? 0) - 1;
  return new CompactRange(start.line + firstLine, start.col - 1, end.line + firstLine, end.col - 1);
}

/** Follows aliases (`*name`) to the node they stand for; a dangling alias is reported and reads as absent. */
export function resolveNode(node: unknown, context: DecodeContext): YamlNode | undefined {
  // A key with no value in a flow mapping (`{app:web}`, one key with a colon in it) has null for its value node.
  if (!isAlias(node)) return (node ?? undefined) as YamlNode | undefined;
  // Only the composer's documents hold aliases (cstDocuments.ts leaves a file with one to it).
  const target = isDocument(context.document) ? node.resolve(context.document) : undefined;
  if (target && !isAlias(target)) return target;
  context.problems.push(problemOf({
    code: 'KT001',
    message: `YAML syntax error: the alias *${node.source} refers to no anchor before it.`,
    uri: context.uri,
    range: rangeOf(context, node),
  }));
  return undefined;
}

/** `blockIndent`: of a literal block, the column its content is written from (a rare span, kept plain). */
function spanOf(context: DecodeContext, node: YamlNode, place: FieldPlace, blockIndent?: number): FieldSpan {
  const value = rangeOf(context, node);
  const uri = context.originOf?.(node)?.uri;
  const indent = blockIndent === undefined ? undefined : { blockIndent };
  // A key range is in the object's file; a value written elsewhere (a patch) is located there alone.
  if (uri !== undefined && uri !== context.uri) return { value, uri, ...indent };
  if (indent) return place.key ? { key: place.key, value, ...indent } : { value, ...indent };
  return fieldSpan(place.key, value);
}

function describeNode(node: YamlNode): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === 'string') return `a string (${JSON.stringify(truncate(value))})`;
    if (typeof value === 'number') return Number.isInteger(value) ? `an integer (${value})` : `a number (${value})`;
    if (typeof value === 'boolean') return `a boolean (${value})`;
    return `${typeof value}`;
  }
  return 'something else';
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export function reportWrongType(context: DecodeContext, node: YamlNode, place: FieldPlace, expected: string): undefined {
  context.problems.push(problemOf({
    code: 'KT002',
    message: `${place.path} must be ${expected}, not ${describeNode(node)}.`,
    uri: context.uri,
    range: rangeOf(context, node),
  }));
  return undefined;
}

/** A null scalar (`key:` with nothing after it) counts as absent: it is what a half-typed line looks like. */
function isAbsent(node: YamlNode | undefined): node is undefined {
  return node === undefined || (isScalar(node) && node.value === null);
}

function scalar<T>(expected: string, accept: (value: unknown) => value is T): Decoder<Located<T>> {
  return (raw, place, context) => {
    const node = resolveNode(raw, context);
    if (isAbsent(node)) return undefined;
    if (!isScalar(node) || !accept(node.value)) return reportWrongType(context, node, place, expected);
    const indent = node.type === 'BLOCK_LITERAL' && typeof node.value === 'string' ? literalBlockIndent(context.source, node.range?.[0] ?? 0, node.value) : undefined;
    return { value: node.value, span: spanOf(context, node, place, indent) };
  };
}

/**
 * The column the content of a literal block (`|`) starting at `headerOffset` is written from: the first line
 * that is not blank, less the spaces the value keeps at its start (an indentation indicator, `|2`, keeps some).
 */
function literalBlockIndent(source: string, headerOffset: number, value: string): number | undefined {
  const firstValueLine = value.split('\n').find((line) => line.trim() !== '');
  if (firstValueLine === undefined) return undefined;
  let lineStart = source.indexOf('\n', headerOffset) + 1;
  while (lineStart > 0 && lineStart < source.length) {
    const lineEnd = source.indexOf('\n', lineStart);
    const line = source.slice(lineStart, lineEnd < 0 ? source.length : lineEnd);
    if (line.trim() !== '') return line.length - line.trimStart().length - (firstValueLine.length - firstValueLine.trimStart().length);
    lineStart = lineEnd + 1;
  }
  return undefined;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isIntegerOrString = (value: unknown): value is number | string => isInteger(value) || isString(value);

export const string: Decoder<Located<string>> = scalar('a string', isString);
export const integer: Decoder<Located<number>> = scalar('an integer', isInteger);
export const number: Decoder<Located<number>> = scalar('a number', isNumber);
export const boolean: Decoder<Located<boolean>> = scalar('true or false', isBoolean);
export const integerOrString: Decoder<Located<number | string>> = scalar('an integer or a string', isIntegerOrString);

/** Calls `visit` with each key of a mapping, its key range and its value node. */
export function forEachEntry(
  node: YamlNode,
  context: DecodeContext,
  visit: (key: string, keyRange: TextRange, value: unknown) => void,
): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = resolveNode(pair.key, context);
    if (!isScalar(key) || key.value === null || typeof key.value === 'object') continue;
    visit(String(key.value), rangeOf(context, key), pair.value);
  }
}

/** A mapping of string to string, such as labels, annotations and `matchLabels`. */
export const stringMap: Decoder<LocatedStringMap> = (raw, place, context) => {
  const node = resolveNode(raw, context);
  if (isAbsent(node)) return undefined;
  if (!isMap(node)) return reportWrongType(context, node, place, 'a mapping of strings');
  const value: Record<string, string> = {};
  const entries: Record<string, FieldSpan> = {};
  forEachEntry(node, context, (key, keyRange, entryRaw) => {
    const entry = string(entryRaw, { path: `${place.path}.${key}`, key: keyRange }, context);
    if (entry === undefined) return;
    setEntry(value, key, entry.value);
    setEntry(entries, key, entry.span);
  });
  return { value, entries, span: spanOf(context, node, place) };
};

export function list<T>(item: Decoder<T>): Decoder<Located<readonly T[]>> {
  return (raw, place, context) => {
    const node = resolveNode(raw, context);
    if (isAbsent(node)) return undefined;
    if (!isSeq(node)) return reportWrongType(context, node, place, 'a list');
    const items: T[] = [];
    node.items.forEach((itemNode, index) => {
      const decoded = item(itemNode, { path: `${place.path}[${index}]` }, context);
      if (decoded !== undefined) items.push(decoded);
    });
    return { value: items, span: spanOf(context, node, place) };
  };
}

type FieldDecoders<T> = { readonly [K in Exclude<keyof T, 'span'>]-?: Decoder<NonNullable<T[K]>> };

/** A mapping with known fields; fields it does not know are ignored, as the API server would prune them. */
export function object<T extends Spanned>(fields: FieldDecoders<T>): Decoder<T> {
  return (raw, place, context) => {
    const node = resolveNode(raw, context);
    if (isAbsent(node)) return undefined;
    if (!isMap(node)) return reportWrongType(context, node, place, 'a mapping');
    const result: Record<string, unknown> = { span: spanOf(context, node, place) };
    forEachEntry(node, context, (key, keyRange, value) => {
      if (!Object.prototype.hasOwnProperty.call(fields, key)) return;
      const decode = (fields as Record<string, Decoder<unknown>>)[key];
      const decoded = decode?.(value, { path: `${place.path}.${key}`, key: keyRange }, context);
      if (decoded !== undefined) result[key] = decoded;
    });
    return result as unknown as T;
  };
}

/** A mapping whose keys the manifest chooses (header names), each value read by `item`. */
export function mapOf<T>(item: Decoder<T>): Decoder<Located<Readonly<Record<string, T>>>> {
  return (raw, place, context) => {
    const node = resolveNode(raw, context);
    if (isAbsent(node)) return undefined;
    if (!isMap(node)) return reportWrongType(context, node, place, 'a mapping');
    const value: Record<string, T> = {};
    forEachEntry(node, context, (key, keyRange, entryRaw) => {
      const decoded = item(entryRaw, { path: `${place.path}.${key}`, key: keyRange }, context);
      if (decoded !== undefined) setEntry(value, key, decoded);
    });
    return { value, span: spanOf(context, node, place) };
  };
}

/** The names of a mapping's keys, without reading its values (Secret data never leaves the YAML parser). */
export const keyNames: Decoder<readonly string[]> = (raw, place, context) => {
  const node = resolveNode(raw, context);
  if (isAbsent(node)) return undefined;
  if (!isMap(node)) return reportWrongType(context, node, place, 'a mapping');
  const names: string[] = [];
  forEachEntry(node, context, (key) => names.push(key));
  return names;
};
