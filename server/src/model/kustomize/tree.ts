import { isMap, isScalar, isSeq, isAlias, parseAllDocuments, LineCounter, type Document, type Node as YamlNode } from 'yaml';
import type { TextRange } from '../../engine/source';
import { CompactRange } from '../../engine/source';

/**
 * The tree kustomize transforms, as kustomize's kyaml holds it: maps, lists and scalars, mutable, each node
 * remembering the file and range that wrote it (a base's line, a patch's line, a kustomization's `namespace:`).
 * A node made by a transformer carries the origin of the kustomization field that made it.
 */
export type KNode = KScalar | KMap | KSeq;

/** Where a node was written: a file (a path relative to the build's file system) and ranges in it. */
export interface Origin {
  readonly file: string;
  readonly range: TextRange;
  /** The range of the mapping key the node sits under, when it was read under one. */
  readonly key?: TextRange;
}

export type ScalarValue = string | number | boolean | null;

export interface KScalar {
  readonly type: 'scalar';
  value: ScalarValue;
  origin?: Origin;
}

export interface KMap {
  readonly type: 'map';
  /** Insertion-ordered, as written. */
  readonly entries: Map<string, KNode>;
  origin?: Origin;
}

export interface KSeq {
  readonly type: 'seq';
  items: KNode[];
  origin?: Origin;
}

export function scalar(value: ScalarValue, origin?: Origin): KScalar {
  return origin ? { type: 'scalar', value, origin } : { type: 'scalar', value };
}

export function map(entries: Iterable<[string, KNode]> = [], origin?: Origin): KMap {
  return origin ? { type: 'map', entries: new Map(entries), origin } : { type: 'map', entries: new Map(entries) };
}

export function seq(items: KNode[] = [], origin?: Origin): KSeq {
  return origin ? { type: 'seq', items, origin } : { type: 'seq', items };
}

export function isKMap(node: KNode | undefined): node is KMap {
  return node?.type === 'map';
}

export function isKSeq(node: KNode | undefined): node is KSeq {
  return node?.type === 'seq';
}

export function isKScalar(node: KNode | undefined): node is KScalar {
  return node?.type === 'scalar';
}

/** A deep copy; origins are shared (they are immutable). */
export function cloneNode<T extends KNode>(node: T): T {
  if (node.type === 'scalar') return { ...node };
  if (node.type === 'seq') return { ...node, items: node.items.map(cloneNode) } as T;
  return { ...node, entries: new Map([...node.entries].map(([key, value]) => [key, cloneNode(value)])) } as T;
}

/** The tree as plain data (what `kustomize build` prints). */
export function toPlain(node: KNode): unknown {
  if (node.type === 'scalar') return node.value;
  if (node.type === 'seq') return node.items.map(toPlain);
  const result: Record<string, unknown> = {};
  for (const [key, value] of node.entries) result[key] = toPlain(value);
  return result;
}

/** Plain data as a tree, every node given `origin` (the field of a kustomization that made it). */
export function fromPlain(value: unknown, origin?: Origin): KNode {
  if (Array.isArray(value)) return seq(value.map((item) => fromPlain(item, origin)), origin);
  if (value !== null && typeof value === 'object') {
    return map(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, fromPlain(item, origin)]), origin);
  }
  if (value === undefined) return scalar(null, origin);
  return scalar(value as ScalarValue, origin);
}

/** The string a scalar reads as, as kyaml gives it to transformers (numbers and booleans as written). */
export function scalarText(node: KNode | undefined): string | undefined {
  if (!isKScalar(node) || node.value === null) return undefined;
  return String(node.value);
}

export function stringAt(node: KNode | undefined, ...path: string[]): string | undefined {
  return scalarText(nodeAt(node, ...path));
}

export function nodeAt(node: KNode | undefined, ...path: string[]): KNode | undefined {
  let current = node;
  for (const key of path) {
    if (!isKMap(current)) return undefined;
    current = current.entries.get(key);
  }
  return current;
}

/** The map at `path`, made (with `origin`) where missing; undefined where something else is in the way. */
export function mapAt(node: KMap, path: readonly string[], origin?: Origin): KMap | undefined {
  let current: KMap = node;
  for (const key of path) {
    let next = current.entries.get(key);
    if (next === undefined || (isKScalar(next) && next.value === null)) {
      next = map([], origin);
      current.entries.set(key, next);
    }
    if (!isKMap(next)) return undefined;
    current = next;
  }
  return current;
}

/** One YAML document read into a tree. */
export interface ParsedDocument {
  readonly node: KNode | undefined;
  readonly range: TextRange;
  /** Keys written twice in one mapping (the last one is kept): kustomize prints no object that has one. */
  readonly duplicateKeys: readonly { readonly key: string; readonly range: TextRange }[];
}

/** A YAML syntax error, located. */
export interface SyntaxError {
  readonly message: string;
  readonly range: TextRange;
}

/**
 * Reads a YAML file as kustomize does (YAML 1.2's core schema, as kyaml): every document a tree with origins in
 * `file`. Documents with syntax errors are left out and the errors returned.
 */
export function parseDocuments(file: string, text: string): { documents: ParsedDocument[]; errors: SyntaxError[] } {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const all = Array.isArray(parsed) ? parsed : [];
  const rangeOf = (from: number, to: number): TextRange => {
    const start = lineCounter.linePos(from);
    const end = lineCounter.linePos(to);
    return new CompactRange(start.line - 1, start.col - 1, end.line - 1, end.col - 1);
  };
  const documents: ParsedDocument[] = [];
  const errors: SyntaxError[] = [];
  for (const document of all) {
    if (document.errors.length > 0) {
      for (const error of document.errors) errors.push({ message: error.message.split('\n')[0] ?? error.message, range: rangeOf(error.pos[0], error.pos[1]) });
      continue;
    }
    const [start, , end] = document.range;
    const duplicateKeys: { key: string; range: TextRange }[] = [];
    const reading: Reading = { document, file, rangeOf, duplicateKeys, nodesLeft: MAX_NODES, aliases: new Map() };
    try {
      const node = document.contents ? readNode(document.contents, reading, undefined, 0) : undefined;
      documents.push({ node, range: rangeOf(start, end), duplicateKeys });
    } catch (error) {
      if (!(error instanceof ExpansionError)) throw error;
      errors.push({ message: `the document expands to more than ${MAX_NODES.toLocaleString('en')} values (aliases repeated inside aliases): not read`, range: rangeOf(start, end) });
    }
  }
  return { documents, errors };
}

/** Past this depth a document is hostile: the rest reads as null. */
const MAX_DEPTH = 200;
/** Past this many values one document is an alias bomb (a few lines that expand to billions): it is not read. */
const MAX_NODES = 1_000_000;

class ExpansionError extends Error {}

/** What reading one document needs, and its budget of values. */
interface Reading {
  readonly document: Document.Parsed;
  readonly file: string;
  readonly rangeOf: (from: number, to: number) => TextRange;
  readonly duplicateKeys: { key: string; range: TextRange }[];
  nodesLeft: number;
  /** Each alias resolved once: the library looks its anchor up through the whole document. */
  readonly aliases: Map<unknown, YamlNode | undefined>;
}

function readNode(raw: unknown, reading: Reading, key: TextRange | undefined, depth: number): KNode {
  if (--reading.nodesLeft < 0) throw new ExpansionError();
  const { document, file, rangeOf, duplicateKeys } = reading;
  let node = raw as YamlNode | undefined;
  if (isAlias(node)) {
    const alias = node;
    if (!reading.aliases.has(alias)) reading.aliases.set(alias, (alias.resolve(document) as YamlNode | undefined) ?? undefined);
    node = reading.aliases.get(alias);
  }
  const [from, to] = node?.range ?? [0, 0];
  const origin: Origin = key ? { file, range: rangeOf(from, to), key } : { file, range: rangeOf(from, to) };
  if (depth > MAX_DEPTH || node === undefined || node === null) return scalar(null, origin);
  if (isMap(node)) {
    const result = map([], origin);
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyText = isScalar(keyNode) ? String(keyNode.value) : keyNode === null ? '' : String(keyNode);
      // `<<: *anchor` merges the anchor's entries, as kyaml does.
      if (keyText === '<<' && isScalar(keyNode) && pair.value && (isAlias(pair.value) || isMap(pair.value))) {
        const merged = readNode(pair.value, reading, undefined, depth + 1);
        if (isKMap(merged)) for (const [mergedKey, value] of merged.entries) if (!result.entries.has(mergedKey)) result.entries.set(mergedKey, value);
        continue;
      }
      const keyRange = keyNode?.range ? rangeOf(keyNode.range[0], keyNode.range[1]) : undefined;
      if (result.entries.has(keyText)) duplicateKeys.push({ key: keyText, range: keyRange ?? origin.range });
      result.entries.set(keyText, readNode(pair.value, reading, keyRange, depth + 1));
    }
    return result;
  }
  if (isSeq(node)) return seq(node.items.map((item) => readNode(item, reading, undefined, depth + 1)), origin);
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return scalar(value, origin);
    if (typeof value === 'bigint') return scalar(Number(value), origin);
    return scalar(String(value), origin);
  }
  return scalar(null, origin);
}
