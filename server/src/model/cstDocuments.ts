import { CST, Document, isScalar, Pair, Scalar, YAMLMap, YAMLSeq, type CollectionTag, type Node as YamlNode, type ScalarTag } from 'yaml';
import type { YamlDocument } from './yamlDocument';

/**
 * Reads a YAML document straight from the parser's concrete syntax tree into the nodes the `yaml` library's
 * composer makes (same classes, values, scalar types and ranges), skipping the composer: about a third of a parse.
 * It reads the plain subset manifests are written in; anything else (anchors, aliases, tags, explicit or merge keys,
 * duplicate keys, tabs in indentation, an error token, whatever the composer would report) gives undefined, and the
 * composer reads that document (yamlDocuments.ts): every document reads as the composer reads it. The equivalence
 * test holds the two equal over every YAML file the project has.
 */
export function readCstDocument(document: CST.Document): YamlDocument | undefined {
  try {
    return readDocument(document);
  } catch {
    // NOT_READ, or anything unforeseen (a stack too deep): the composer reads the document, as it would have.
    return undefined;
  }
}

/** What the reader does not read as the composer would: the composer reads the file. */
const NOT_READ = new Error('not read from the CST');

/** Deeper than manifests go; the composer's own recursion decides what a deeper document gives. */
const MAX_DEPTH = 64;

/** The schema and options of a YAML 1.1 document, which parseManifest reads with. */
const TEMPLATE = new Document(undefined, { version: '1.1' });
export const SCHEMA = TEMPLATE.schema;
const OPTIONS = TEMPLATE.options;
/** The tags a plain scalar's text is tested against, in the composer's order (merge keys excepted: not read here). */
const PLAIN_TAGS = SCHEMA.tags.filter((tag): tag is ScalarTag & { test: RegExp } => tag.default === true && !isCollectionTag(tag) && tag.test !== undefined);

function isCollectionTag(tag: ScalarTag | CollectionTag): tag is CollectionTag {
  return tag.collection !== undefined;
}

type Range = [number, number, number];
type ScalarToken = CST.FlowScalar | CST.BlockScalar;

/** What the tokens before a node (its properties) say, as the composer's resolveProps reads them. */
interface Props {
  readonly found: CST.SourceToken | undefined;
  readonly comma: CST.SourceToken | undefined;
  readonly hasNewline: boolean;
  readonly hasComment: boolean;
  readonly end: number;
}

function readDocument(document: CST.Document): YamlDocument {
  const props = readProps(document.start, 'doc-start', false, document.offset, true);
  const value = document.value;
  if (props.found && value && (value.type === 'block-map' || value.type === 'block-seq') && !props.hasNewline) throw NOT_READ;
  const contents = value ? readNode(value, props, 0) : emptyNode(props.end, document.start, props);
  const contentEnd = contents.range![2];
  const end = document.end ? nodeEnd(document.end, contentEnd, false) : contentEnd;
  return { contents, errors: [], range: [document.offset, contentEnd, end] };
}

function readProps(tokens: readonly CST.SourceToken[], indicator: string, flow: boolean, offset: number, startOnNewline: boolean): Props {
  let hasSpace = startOnNewline;
  let hasNewline = false;
  let hasComment = false;
  let found: CST.SourceToken | undefined;
  let comma: CST.SourceToken | undefined;
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        // A tab in block indentation is an error in places: left to the composer.
        if (!flow && token.source.includes('\t')) throw NOT_READ;
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) throw NOT_READ;
        hasComment = true;
        break;
      case 'newline':
        hasNewline = true;
        hasSpace = true;
        break;
      case indicator:
        if (found) throw NOT_READ;
        found = token;
        hasSpace = false;
        break;
      case 'comma':
        if (!flow || comma) throw NOT_READ;
        comma = token;
        hasSpace = false;
        break;
      default:
        // Anchors, tags, stray indicators and error tokens.
        throw NOT_READ;
    }
  }
  const last = tokens[tokens.length - 1];
  return { found, comma, hasNewline, hasComment, end: last ? last.offset + last.source.length : offset };
}

function readNode(token: CST.Token, props: Props, depth: number): YamlNode {
  if (depth > MAX_DEPTH) throw NOT_READ;
  switch (token.type) {
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'block-scalar':
      return readScalar(token, false);
    case 'block-map':
      return readBlockMap(token, depth);
    case 'block-seq':
      return readBlockSeq(token, depth);
    case 'flow-collection':
      return readFlowCollection(token, depth);
    default:
      throw NOT_READ;
  }
}

/** A plain scalar's value by its text: most recur (keys, names, ports), and testing every tag costs more than a lookup. */
const plainValues = new Map<string, string | number | boolean | null>();
/** Only these start a null, a boolean, a number (`e5` is one: 5e0 without digits before) or a timestamp. */
const MAY_NOT_BE_A_STRING = /^[~nNyYtTfFoOeE0-9+\-.]/;
const PLAIN_VALUES_KEPT = 10_000;
const REMEMBERED_LENGTH = 12;

function readScalar(token: ScalarToken, atKey: boolean): Scalar {
  const { value, type, range } = oneLineScalar(token) ?? resolveScalar(token);
  let node: Scalar;
  if (token.type === 'scalar') {
    // `<<` as a key is a merge key in YAML 1.1.
    if (atKey && value === '<<') throw NOT_READ;
    const typed = plainValue(value);
    node = isScalar(typed) ? typed : new Scalar(typed);
  } else {
    node = new Scalar(value);
  }
  node.range = range;
  node.source = value;
  if (type) node.type = type;
  return node;
}

function resolveScalar(token: ScalarToken): { value: string; type: Scalar.Type | null; range: Range } {
  let failed = false;
  const resolved = CST.resolveAsScalar(token, true, () => (failed = true));
  if (failed || !resolved) throw NOT_READ;
  return resolved;
}

/** The characters a plain scalar must not start with (the composer reports them). */
const BAD_PLAIN_START = new Set(['\t', ',', '%', '|', '>', '@', '`']);

/**
 * Most scalars are one line of plain text or quotes with no escape, whose value is their text (less the quotes):
 * read without the composer's folding of lines and escapes, which `resolveAsScalar` does for the rest.
 */
function oneLineScalar(token: ScalarToken): { value: string; type: Scalar.Type; range: Range } | undefined {
  const { source, offset } = token;
  if (token.type === 'block-scalar' || source.includes('\n') || source.includes('\r')) return undefined;
  let value: string;
  let type: Scalar.Type;
  if (token.type === 'scalar') {
    if (BAD_PLAIN_START.has(source.charAt(0))) return undefined;
    value = source;
    type = 'PLAIN';
  } else {
    const quote = token.type === 'double-quoted-scalar' ? '"' : "'";
    if (source.length < 2 || !source.endsWith(quote) || source.includes(quote === '"' ? '\\' : "''", 1)) return undefined;
    value = source.slice(1, -1);
    type = quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
  }
  const valueEnd = offset + source.length;
  return { value, type, range: [offset, valueEnd, token.end ? nodeEnd(token.end, valueEnd, true) : valueEnd] };
}

/**
 * What a plain scalar's text means under the YAML 1.1 schema: the first tag whose test it passes, else a string (a
 * Scalar where the tag keeps more than the value). Throws where the tag reports an error.
 */
export function plainValue(text: string): unknown {
  if (text !== '' && !MAY_NOT_BE_A_STRING.test(text)) return text;
  const known = plainValues.get(text);
  if (known !== undefined) return known;
  const tag = PLAIN_TAGS.find((candidate) => candidate.test.test(text));
  if (!tag) return remember(text, text);
  let failed = false;
  const value: unknown = tag.resolve(text, () => (failed = true), OPTIONS);
  if (failed) throw NOT_READ;
  // A number written in octal, hex or base 60 (and a timestamp) keeps its tag's format, as the composer's node does.
  if (tag.format) {
    const node = isScalar(value) ? value : new Scalar(value);
    node.format = tag.format;
    return node;
  }
  // A tag may give a Scalar (a null, a float): one that holds only its value is that value; one that keeps more
  // (the digits a float is written with) is a node of its own each time, as is an object (a timestamp's Date).
  const plain = isScalar(value) && Object.keys(value).length === 1 ? value.value : value;
  return plain === null || typeof plain === 'string' || typeof plain === 'number' || typeof plain === 'boolean' ? remember(text, plain) : plain;
}

function remember(text: string, value: string | number | boolean | null): string | number | boolean | null {
  // A longer text is a slice of its file's (V8 copies only short substrings): kept, it would keep the file's text.
  if (text.length > REMEMBERED_LENGTH) return value;
  if (plainValues.size >= PLAIN_VALUES_KEPT) plainValues.clear();
  plainValues.set(text, value);
  return value;
}

function isScalarToken(token: CST.Token | null | undefined): token is CST.FlowScalar {
  return token?.type === 'scalar' || token?.type === 'single-quoted-scalar' || token?.type === 'double-quoted-scalar';
}

/** An implicit key: a flow scalar on one line (anything else the composer reports, or reads as this reader does not). */
function readKey(key: CST.Token | null | undefined, keys: Set<unknown>): Scalar {
  if (!isScalarToken(key) || key.source.includes('\n') || key.end?.some((token) => token.type === 'newline')) throw NOT_READ;
  const node = readScalar(key, true);
  // A key written twice is a syntax error the composer reports.
  if (keys.has(node.value)) throw NOT_READ;
  keys.add(node.value);
  return node;
}

function readBlockMap(map: CST.BlockMap, depth: number): YAMLMap {
  const node = new YAMLMap(SCHEMA);
  const keys = new Set<unknown>();
  let offset = map.offset;
  let commentEnd: number | null = null;
  for (const { start, key, sep, value } of map.items) {
    const keyProps = readProps(start, 'explicit-key-ind', false, offset, true);
    if (keyProps.found) throw NOT_READ;
    if (!sep) {
      // Comments after the last entry.
      if (key || value) throw NOT_READ;
      commentEnd = keyProps.end;
      continue;
    }
    if (!key || !('indent' in key) || key.indent !== map.indent) throw NOT_READ;
    const keyNode = readKey(key, keys);
    const valueProps = readProps(sep, 'map-value-ind', false, keyNode.range![2], false);
    offset = valueProps.end;
    if (!valueProps.found || (value?.type === 'block-map' && !valueProps.hasNewline)) throw NOT_READ;
    if (keyProps.end < valueProps.found.offset - 1024) throw NOT_READ;
    const valueNode = value ? readNode(value, valueProps, depth + 1) : emptyNode(offset, sep, valueProps);
    offset = valueNode.range![2];
    node.items.push(new Pair(keyNode, valueNode));
  }
  if (commentEnd && commentEnd < offset) throw NOT_READ;
  node.range = [map.offset, offset, commentEnd ?? offset];
  return node;
}

function readBlockSeq(seq: CST.BlockSequence, depth: number): YAMLSeq {
  const node = new YAMLSeq(SCHEMA);
  let offset = seq.offset;
  let commentEnd: number | null = null;
  for (const { start, value } of seq.items) {
    const props = readProps(start, 'seq-item-ind', false, offset, true);
    if (!props.found) {
      if (value) throw NOT_READ;
      commentEnd = props.end;
      continue;
    }
    const item = value ? readNode(value, props, depth + 1) : emptyNode(props.end, start, props);
    offset = item.range![2];
    node.items.push(item);
  }
  node.range = [seq.offset, offset, commentEnd ?? offset];
  return node;
}

function readFlowCollection(collection: CST.FlowCollection, depth: number): YAMLMap | YAMLSeq {
  const isMap = collection.start.source === '{';
  const node = isMap ? new YAMLMap(SCHEMA) : new YAMLSeq(SCHEMA);
  node.flow = true;
  const keys = new Set<unknown>();
  let offset = collection.offset + collection.start.source.length;
  const items = collection.items;
  for (let index = 0; index < items.length; index++) {
    const { start, key, sep, value } = items[index]!;
    const props = readProps(start, 'explicit-key-ind', true, offset, false);
    if (props.found) throw NOT_READ;
    if (!sep && !value) {
      // Only an empty collection (`{ }`) or a trailing comma is an empty item without an error.
      if (key || (index === 0 && props.comma) || index < items.length - 1) throw NOT_READ;
      offset = props.end;
      continue;
    }
    if ((index === 0) === (props.comma !== undefined)) throw NOT_READ;
    if (node instanceof YAMLSeq) {
      if (sep || !value || isBlock(value)) throw NOT_READ;
      const item = readNode(value, props, depth + 1);
      node.items.push(item);
      offset = item.range![2];
      continue;
    }
    const keyNode = readKey(key, keys);
    const valueProps = readProps(sep ?? [], 'map-value-ind', true, keyNode.range![2], false);
    if ((!valueProps.found && value) || isBlock(value)) throw NOT_READ;
    const valueNode = value ? readNode(value, valueProps, depth + 1) : valueProps.found ? emptyNode(valueProps.end, sep, valueProps) : null;
    node.items.push(new Pair(keyNode, valueNode));
    offset = valueNode ? valueNode.range![2] : valueProps.end;
  }
  const [close, ...after] = collection.end;
  if (close?.source !== (isMap ? '}' : ']')) throw NOT_READ;
  const closeEnd = close.offset + close.source.length;
  node.range = [collection.offset, closeEnd, after.length > 0 ? nodeEnd(after, closeEnd, true) : closeEnd];
  return node;
}

function isBlock(token: CST.Token | null | undefined): boolean {
  return token?.type === 'block-map' || token?.type === 'block-seq';
}

/** A node left out (`key:`): a null where the composer puts it, back over the spaces and comments before. */
function emptyNode(offset: number, before: readonly CST.SourceToken[] | undefined, props: Props): Scalar {
  const at = emptyScalarPosition(offset, before);
  const node = new Scalar(null);
  node.range = [at, at, props.hasComment ? props.end : at] satisfies Range;
  node.source = '';
  node.type = 'PLAIN';
  return node;
}

function emptyScalarPosition(offset: number, before: readonly CST.SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let index = before.length - 1; index >= 0; --index) {
    const token = before[index]!;
    if (token.type === 'space' || token.type === 'comment' || token.type === 'newline') {
      offset -= token.source.length;
      continue;
    }
    for (let next = before[++index]; next?.type === 'space'; next = before[++index]) offset += next.source.length;
    break;
  }
  return offset;
}

/** Where a node ends with the spaces and comments after it; `strict`: a comment must follow a space. */
function nodeEnd(tokens: readonly CST.SourceToken[], offset: number, strict: boolean): number {
  let hasSpace = false;
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
      case 'newline':
        hasSpace = true;
        break;
      case 'comment':
        if (strict && !hasSpace) throw NOT_READ;
        break;
      default:
        throw NOT_READ;
    }
    offset += token.source.length;
  }
  return offset;
}
