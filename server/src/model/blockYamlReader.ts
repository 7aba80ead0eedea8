import { CST, isScalar, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { plainValue, SCHEMA } from './cstDocuments';
import type { YamlDocument } from './yamlDocument';

/**
 * Reads the documents of a YAML text straight from its characters into the nodes the `yaml` library's composer
 * makes (same classes, values, scalar types and ranges), with no lexer, parser or syntax tree: most of a parse. It
 * reads the block YAML manifests are written in (mappings, sequences, one-line plain and quoted scalars, one-line flow
 * collections, literal and folded block scalars, comments where their place is known, `---` between documents) and
 * gives undefined for anything else (tabs, carriage returns, anchors, aliases, tags, directives, `...`, keys written
 * twice, scalars over several lines, block scalars with indicators, odd indentation, any syntax error), which the
 * parser and composer read (yamlDocuments.ts). The comments and blank lines between entries make no nodes, but they
 * lengthen ranges where the parser attaches them: to the scalar before them when indented deeper than its
 * collection, to a collection when as deep as it, else to the document's end. The equivalence test holds the reader
 * to the composer over every YAML file the project has and thousands of damaged copies.
 */
export function readBlockYaml(source: string): YamlDocument[] | undefined {
  if (NOT_READ_CHARACTERS.test(source)) return undefined;
  try {
    return new BlockYamlReader(source).read();
  } catch {
    // NOT_READ, or anything unforeseen: the parser and composer read the text, as they would have.
    return undefined;
  }
}

/** Tabs, carriage returns, other control characters, line separators and byte order marks: the parser's to read. */
// eslint-disable-next-line no-control-regex
const NOT_READ_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

const NOT_READ = new Error('not read as block YAML');

/** As deep as cstDocuments.ts reads; deeper is the composer's. */
const MAX_DEPTH = 64;
/** The composer reports a `:` more than 1024 characters after its key's start. */
const MAX_KEY_LENGTH = 1000;

const NEWLINE = 10;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const COMMA = 44;
const BACKSLASH = 92;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** What a plain scalar may not start with here: indicators, and what the composer reports (`-` is checked apart). */
const NOT_PLAIN_START = new Set(['?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`'].map((character) => character.charCodeAt(0)));

function isFlowIndicator(code: number): boolean {
  return code === COMMA || code === OPEN_BRACKET || code === CLOSE_BRACKET || code === OPEN_BRACE || code === CLOSE_BRACE;
}

type Range = [number, number, number];

/** An open block mapping or sequence: the parser's collection on its stack. */
interface Frame {
  readonly node: YAMLMap | YAMLSeq;
  readonly indent: number;
  readonly start: number;
  readonly keys: Set<unknown>;
  /** Where the last entry ends (its value's range[2]). */
  end: number;
  /** Comments as deep as the collection after its last entry: where they end. */
  commentEnd: number | undefined;
  /** A key whose value is not on its line: a nested collection or, if none follows, an empty scalar at `emptyAt`. */
  pendingKey: Scalar | undefined;
  emptyAt: number;
}

/** What the line before the comments and blank lines in waiting ended with. */
type Before = 'document start' | 'value' | 'empty value';

class BlockYamlReader {
  private readonly documents: YamlDocument[] = [];
  private readonly stack: Frame[] = [];
  /** The current document's start, undefined between documents. */
  private documentStart: number | undefined;
  /** Of a document begun with `---`: the end of the marker and the spaces after it. */
  private markerEnd = 0;
  private root: YAMLMap | YAMLSeq | undefined;
  private before: Before = 'document start';
  /** The scalar or flow collection last read, which indented comments after it lengthen. */
  private lastValue: Scalar | YAMLMap | YAMLSeq | undefined;
  /** Where to read on after a block scalar: the line after its last. */
  private resumeAt: number | undefined;
  /** Whether the last `key:` read has a comment after it on its line. */
  private commentAfterKey = false;
  /** The comment and blank lines since the last content line: each one's column (-1 for blank) and its end. */
  private readonly waitingColumns: number[] = [];
  private readonly waitingEnds: number[] = [];

  constructor(private readonly source: string) {}

  read(): YamlDocument[] {
    const { source } = this;
    const length = source.length;
    let lineStart = 0;
    while (lineStart < length) {
      const newline = source.indexOf('\n', lineStart);
      const lineEnd = newline < 0 ? length : newline;
      const next = newline < 0 ? length : newline + 1;
      let at = lineStart;
      while (source.charCodeAt(at) === SPACE) at++;
      if (at === lineEnd) this.wait(-1, next);
      else if (source.charCodeAt(at) === HASH) this.wait(at - lineStart, next);
      else if (at === lineStart && this.isMarker(lineStart, lineEnd)) this.startDocument(lineStart, lineEnd);
      else this.readLine(lineStart, at, lineEnd, next);
      lineStart = this.resumeAt ?? next;
      this.resumeAt = undefined;
    }
    this.endDocument(length);
    return this.documents;
  }

  private wait(column: number, end: number): void {
    this.waitingColumns.push(column);
    this.waitingEnds.push(end);
  }

  /** `---` alone on its line starts a document; `...`, a directive or content after `---` is the parser's. */
  private isMarker(lineStart: number, lineEnd: number): boolean {
    const { source } = this;
    const first = source.charCodeAt(lineStart);
    if (first === 37 /* % */) throw NOT_READ;
    if (!source.startsWith('---', lineStart) && !source.startsWith('...', lineStart)) return false;
    if (first === 46 /* . */) throw NOT_READ;
    for (let at = lineStart + 3; at < lineEnd; at++) if (source.charCodeAt(at) !== SPACE) throw NOT_READ;
    return true;
  }

  private startDocument(lineStart: number, lineEnd: number): void {
    this.endDocument(lineStart);
    this.documentStart = lineStart;
    this.markerEnd = lineEnd;
  }

  private endDocument(end: number): void {
    const start = this.documentStart;
    if (start !== undefined) {
      if (this.root === undefined) {
        // `---` and nothing else: the empty scalar after the marker, over the comments after it if any.
        const contents = emptyScalar(this.markerEnd, this.waitingColumns.some((column) => column >= 0) ? end : this.markerEnd);
        this.documents.push({ contents, errors: [], range: [start, contents.range![2], contents.range![2]] });
      } else {
        const emptyAtEnd = this.before === 'empty value';
        this.settle(-1, end, false);
        const contentEnd = this.root.range![2];
        // The comments and blank lines after the content are the document's, but for those after an empty value.
        this.documents.push({ contents: this.root, errors: [], range: [start, contentEnd, emptyAtEnd ? contentEnd : end] });
      }
    }
    this.documentStart = undefined;
    this.root = undefined;
    this.lastValue = undefined;
    this.before = 'document start';
    this.clearWaiting();
  }

  private clearWaiting(): void {
    this.waitingColumns.length = 0;
    this.waitingEnds.length = 0;
  }

  /** A line of content: `key: ...` or `- ...`, in the collection its column says. */
  private readLine(lineStart: number, at: number, lineEnd: number, next: number): void {
    const { source } = this;
    const column = at - lineStart;
    const isItem = source.charCodeAt(at) === DASH && (at + 1 === lineEnd || source.charCodeAt(at + 1) === SPACE);
    if (this.documentStart === undefined) this.documentStart = at;
    this.settle(column, at, isItem);
    let frame = this.stack[this.stack.length - 1];
    if (!frame) {
      if (this.root !== undefined || column !== 0) throw NOT_READ;
      frame = this.open(isItem, 0, at);
      this.root = frame.node;
    } else if (frame.pendingKey && (column > frame.indent || (column === frame.indent && isItem))) {
      const key = frame.pendingKey;
      frame.pendingKey = undefined;
      const nested = this.open(isItem, column, at);
      (frame.node as YAMLMap).items.push(new Pair(key, nested.node));
      frame = nested;
    } else {
      if (frame.pendingKey) closeEmptyValue(frame);
      if (column !== frame.indent || isItem !== frame.node instanceof YAMLSeq) throw NOT_READ;
    }
    if (isItem) this.readItem(frame, lineStart, at, lineEnd, next);
    else this.readEntry(frame, at, lineEnd, next);
  }

  private open(isSequence: boolean, indent: number, start: number): Frame {
    if (this.stack.length >= MAX_DEPTH) throw NOT_READ;
    const frame: Frame = { node: isSequence ? new YAMLSeq(SCHEMA) : new YAMLMap(SCHEMA), indent, start, keys: new Set(), end: start, commentEnd: undefined, pendingKey: undefined, emptyAt: start };
    this.stack.push(frame);
    return frame;
  }

  /**
   * Places the comment and blank lines in waiting as the parser does, then closes the collections a line at
   * `column` ends (-1: the document's end). After a scalar or flow collection, comment lines indented deeper than
   * its collection (and the blank lines before them) lengthen its range, until one that is not; the rest end a
   * collection closed here if one of their comments is as deep as it (not at column 0), else pass to the next.
   */
  private settle(column: number, at: number, isItem: boolean): void {
    const { waitingColumns, waitingEnds } = this;
    let top = this.stack[this.stack.length - 1];
    let deepestComment = -1;
    if (this.before === 'value' && top) {
      let index = 0;
      // A block scalar takes no comment after it: they all wait for the next entry or end a collection.
      const last = this.lastValue!;
      const takesComments = !isScalar(last) || (last.type !== 'BLOCK_LITERAL' && last.type !== 'BLOCK_FOLDED');
      for (; takesComments && index < waitingColumns.length; index++) {
        const commentColumn = waitingColumns[index]!;
        if (commentColumn < 0) continue;
        if (commentColumn <= top.indent) break;
        this.lastValue!.range![2] = top.end = waitingEnds[index]!;
      }
      for (; index < waitingColumns.length; index++) deepestComment = Math.max(deepestComment, waitingColumns[index]!);
    } else if (this.before === 'empty value' && (this.commentAfterKey || waitingColumns.some((commentColumn) => commentColumn >= 0))) {
      // Comments after `key:` are in the key's separator: read only where the key's collection follows them.
      if (!top?.pendingKey || !(column > top.indent || (column === top.indent && isItem))) throw NOT_READ;
    }
    this.clearWaiting();
    while (top && (column < top.indent || (column === top.indent && !isItem && top.node instanceof YAMLSeq))) {
      if (top.pendingKey) closeEmptyValue(top);
      if (deepestComment >= top.indent && top.indent !== 0) {
        top.commentEnd = at;
        deepestComment = -1;
      }
      this.stack.pop();
      const end = top.end;
      top.node.range = [top.start, end, top.commentEnd ?? end] satisfies Range;
      const parent = this.stack[this.stack.length - 1];
      if (parent) parent.end = top.node.range[2];
      top = parent;
    }
  }

  /** `key: value`, `key:` or `key:` and a collection on the next lines. */
  private readEntry(frame: Frame, at: number, lineEnd: number, next: number): void {
    const keyEnd = this.keyEnd(at, lineEnd);
    if (keyEnd === undefined) throw NOT_READ;
    const key = this.key(frame, at, keyEnd);
    let valueAt = keyEnd + 1;
    while (this.source.charCodeAt(valueAt) === SPACE) valueAt++;
    // `key:` and a comment: read only where the key's collection follows (else the comment lengthens the empty value).
    this.commentAfterKey = this.source.charCodeAt(valueAt) === HASH;
    if (valueAt === lineEnd || this.commentAfterKey) {
      frame.pendingKey = key;
      frame.emptyAt = valueAt;
      frame.end = valueAt;
      this.before = 'empty value';
      return;
    }
    const value = this.value(valueAt, lineEnd, next, frame.indent);
    (frame.node as YAMLMap).items.push(new Pair(key, value));
    this.readValue(frame, value);
  }

  /** `- value` or `- key: ...`, the first entry of a mapping in the sequence. */
  private readItem(frame: Frame, lineStart: number, at: number, lineEnd: number, next: number): void {
    const { source } = this;
    let valueAt = at + 1;
    while (source.charCodeAt(valueAt) === SPACE) valueAt++;
    // An empty item, a comment or a nested sequence on the item's line: the parser's.
    if (valueAt === lineEnd || source.charCodeAt(valueAt) === HASH || (source.charCodeAt(valueAt) === DASH && (valueAt + 1 === lineEnd || source.charCodeAt(valueAt + 1) === SPACE))) throw NOT_READ;
    if (this.keyEnd(valueAt, lineEnd) !== undefined) {
      const map = this.open(false, valueAt - lineStart, valueAt);
      (frame.node as YAMLSeq).items.push(map.node);
      this.readEntry(map, valueAt, lineEnd, next);
      return;
    }
    const value = this.value(valueAt, lineEnd, next, frame.indent);
    (frame.node as YAMLSeq).items.push(value);
    this.readValue(frame, value);
  }

  private readValue(frame: Frame, value: Scalar | YAMLMap | YAMLSeq): void {
    frame.end = value.range![2];
    this.lastValue = value;
    this.before = 'value';
  }

  /** Where the `:` of an implicit key starting at `at` is (followed by a space or the line's end), if the line has one. */
  private keyEnd(at: number, lineEnd: number): number | undefined {
    const { source } = this;
    const first = source.charCodeAt(at);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const colon = this.quotedEnd(at, lineEnd) + 1;
      return source.charCodeAt(colon) === COLON && (colon + 1 === lineEnd || source.charCodeAt(colon + 1) === SPACE) ? colon : undefined;
    }
    // A flow collection: a value (a `:` after it, a complex key, is refused after it).
    if (first === OPEN_BRACE || first === OPEN_BRACKET) return undefined;
    for (let index = at; index < lineEnd; index++) {
      const code = source.charCodeAt(index);
      if (code === COLON && (index + 1 === lineEnd || source.charCodeAt(index + 1) === SPACE)) return index;
      if (code === SPACE && source.charCodeAt(index + 1) === HASH) return undefined;
    }
    return undefined;
  }

  /** The key from `at` to its `:`, once in its mapping. */
  private key(frame: Frame, at: number, colon: number): Scalar {
    const { source } = this;
    if (colon - at > MAX_KEY_LENGTH || colon === at) throw NOT_READ;
    let key: Scalar;
    const first = source.charCodeAt(at);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      key = this.quoted(at, colon - 1, colon);
    } else {
      // A space before the `:` is the parser's (a key's end, or a comment's start).
      if (source.charCodeAt(colon - 1) === SPACE) throw NOT_READ;
      checkPlainStart(first, source.charCodeAt(at + 1), false);
      const text = source.slice(at, colon);
      // `<<` is a merge key in YAML 1.1.
      if (text === '<<') throw NOT_READ;
      key = plainScalar(text, [at, colon, colon]);
    }
    // A key written twice is an error the composer reports.
    if (frame.keys.has(key.value)) throw NOT_READ;
    frame.keys.add(key.value);
    return key;
  }

  /**
   * A value on the rest of a block line: a plain or quoted scalar or a flow collection, then spaces and a comment;
   * or a block scalar's header and its lines. `indent`: its collection's.
   */
  private value(at: number, lineEnd: number, next: number, indent: number): Scalar | YAMLMap | YAMLSeq {
    const { source } = this;
    const first = source.charCodeAt(at);
    let node: Scalar | YAMLMap | YAMLSeq;
    let end: number;
    if (first === 124 /* | */ || first === 62 /* > */) return this.blockScalar(at, lineEnd, next, indent);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      end = this.quotedEnd(at, lineEnd) + 1;
      node = this.quoted(at, end - 1, next);
    } else if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      ({ node, end } = this.flowCollection(at, lineEnd, 0));
      node.range = [at, end, next];
    } else {
      checkPlainStart(first, source.charCodeAt(at + 1), false);
      let textEnd = at;
      let index = at;
      for (; index < lineEnd; index++) {
        const code = source.charCodeAt(index);
        if (code === SPACE) {
          if (source.charCodeAt(index + 1) === HASH) break;
          continue;
        }
        // `key: a: b` (a mapping on a key's line) and `key: a:` are errors.
        if (code === COLON && (index + 1 === lineEnd || source.charCodeAt(index + 1) === SPACE)) throw NOT_READ;
        textEnd = index + 1;
      }
      return plainScalar(source.slice(at, textEnd), [at, textEnd, next]);
    }
    // After quotes or a flow collection: spaces, and a comment after a space.
    let index = end;
    while (source.charCodeAt(index) === SPACE) index++;
    if (index !== lineEnd && !(source.charCodeAt(index) === HASH && index > end)) throw NOT_READ;
    return node;
  }

  /**
   * A block scalar (`|`, `|-`, `>`, `>-` alone after the key or dash) and its lines, those indented deeper than its
   * collection's and as deep as its first. Its lines are what the lexer would give (up to the last that is not
   * empty), which the library's own resolveBlockScalar reads, as the composer does. The reader reads on after them.
   */
  private blockScalar(at: number, lineEnd: number, next: number, indent: number): Scalar {
    const { source } = this;
    const header = source.slice(at, lineEnd);
    if ((header !== '|' && header !== '|-' && header !== '>' && header !== '>-') || lineEnd === source.length) throw NOT_READ;
    let contentIndent = -1;
    let contentEnd = next;
    for (let lineStart = next; lineStart < source.length; ) {
      const newline = source.indexOf('\n', lineStart);
      const end = newline < 0 ? source.length : newline;
      let column = 0;
      while (source.charCodeAt(lineStart + column) === SPACE) column++;
      if (lineStart + column === end) {
        // An empty line goes on; one of spaces alone may set the indentation: the parser's.
        if (column > 0) throw NOT_READ;
      } else if (contentIndent < 0 ? column > indent : column >= contentIndent) {
        if (contentIndent < 0) contentIndent = column;
        contentEnd = newline < 0 ? source.length : newline + 1;
      } else {
        break;
      }
      lineStart = newline < 0 ? source.length : newline + 1;
    }
    // An empty block scalar: the parser's.
    if (contentIndent < 0) throw NOT_READ;
    const token: CST.BlockScalar = {
      type: 'block-scalar',
      offset: at,
      indent,
      props: [
        { type: 'block-scalar-header', offset: at, indent, source: header },
        { type: 'newline', offset: lineEnd, indent, source: '\n' },
      ],
      source: source.slice(next, contentEnd),
    };
    let failed = false;
    const resolved = CST.resolveAsScalar(token, true, () => (failed = true));
    if (failed || !resolved) throw NOT_READ;
    const node = new Scalar(resolved.value);
    node.range = resolved.range;
    node.source = resolved.value;
    node.type = resolved.type!;
    this.resumeAt = contentEnd;
    return node;
  }

  /** Where the quoted scalar starting at `at` closes, on its line. */
  private quotedEnd(at: number, lineEnd: number): number {
    const { source } = this;
    const quote = source.charCodeAt(at);
    for (let index = at + 1; index < lineEnd; index++) {
      const code = source.charCodeAt(index);
      if (code === quote) {
        if (quote === SINGLE_QUOTE && source.charCodeAt(index + 1) === SINGLE_QUOTE) {
          index++;
          continue;
        }
        return index;
      }
      // An escaped character does not close the quotes.
      if (code === BACKSLASH && quote === DOUBLE_QUOTE) index++;
    }
    throw NOT_READ;
  }

  /** The quoted scalar from `at` to its closing quote at `close`; the library reads its escapes, if any. */
  private quoted(at: number, close: number, end: number): Scalar {
    const single = this.source.charCodeAt(at) === SINGLE_QUOTE;
    const inner = this.source.slice(at + 1, close);
    const value = single ? (inner.includes("''") ? inner.replaceAll("''", "'") : inner) : inner.includes('\\') ? this.escaped(at, close) : inner;
    const node = new Scalar(value);
    node.range = [at, close + 1, end] satisfies Range;
    node.source = value;
    node.type = single ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
    return node;
  }

  private escaped(at: number, close: number): string {
    let failed = false;
    const resolved = CST.resolveAsScalar({ type: 'double-quoted-scalar', offset: at, indent: 0, source: this.source.slice(at, close + 1) }, true, () => (failed = true));
    if (failed || typeof resolved?.value !== 'string') throw NOT_READ;
    return resolved.value;
  }

  /** `{key: value, ...}` or `[item, ...]` on one line, from `at`; `end` is after its closing bracket. */
  private flowCollection(at: number, lineEnd: number, depth: number): { node: YAMLMap | YAMLSeq; end: number } {
    if (depth > MAX_DEPTH) throw NOT_READ;
    const { source } = this;
    const isMap = source.charCodeAt(at) === OPEN_BRACE;
    const close = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
    const node = isMap ? new YAMLMap(SCHEMA) : new YAMLSeq(SCHEMA);
    node.flow = true;
    const keys = new Set<unknown>();
    let index = at + 1;
    while (source.charCodeAt(index) === SPACE) index++;
    if (source.charCodeAt(index) === close) return { node, end: index + 1 };
    for (;;) {
      if (isMap) {
        const key = this.flowNode(index, lineEnd, depth, true);
        const keyEnd = key.range![1];
        // `key: value`: a `:` right after the key and a space after it (anything else is the parser's).
        if (!isScalar(key) || key.range![2] !== keyEnd || source.charCodeAt(keyEnd) !== COLON || source.charCodeAt(keyEnd + 1) !== SPACE) throw NOT_READ;
        if (key.value === '<<' && key.type === 'PLAIN') throw NOT_READ;
        if (keys.has(key.value)) throw NOT_READ;
        keys.add(key.value);
        index = keyEnd + 2;
        while (source.charCodeAt(index) === SPACE) index++;
        const value = this.flowNode(index, lineEnd, depth, false);
        (node as YAMLMap).items.push(new Pair(key, value));
        index = value.range![2];
      } else {
        const item = this.flowNode(index, lineEnd, depth, false);
        (node as YAMLSeq).items.push(item);
        index = item.range![2];
      }
      const code = source.charCodeAt(index);
      if (code === close) return { node, end: index + 1 };
      if (code !== COMMA) throw NOT_READ;
      index++;
      while (source.charCodeAt(index) === SPACE) index++;
      // A trailing comma is the composer's.
      if (source.charCodeAt(index) === close) throw NOT_READ;
    }
  }

  /** A node in a flow collection at `at`: its range's end is after the spaces that follow it. */
  private flowNode(at: number, lineEnd: number, depth: number, isKey: boolean): Scalar | YAMLMap | YAMLSeq {
    const { source } = this;
    const first = source.charCodeAt(at);
    let node: Scalar | YAMLMap | YAMLSeq;
    let end: number;
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      if (isKey) throw NOT_READ;
      ({ node, end } = this.flowCollection(at, lineEnd, depth + 1));
    } else if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      end = this.quotedEnd(at, lineEnd) + 1;
      node = this.quoted(at, end - 1, end);
    } else {
      checkPlainStart(first, source.charCodeAt(at + 1), true);
      let textEnd = at;
      let index = at;
      for (; index < lineEnd; index++) {
        const code = source.charCodeAt(index);
        if (isFlowIndicator(code)) break;
        if (code === SPACE) {
          if (source.charCodeAt(index + 1) === HASH) throw NOT_READ;
          continue;
        }
        if (code === COLON) {
          const after = source.charCodeAt(index + 1);
          if (index + 1 === lineEnd || after === SPACE || isFlowIndicator(after)) break;
        }
        textEnd = index + 1;
      }
      if (index === lineEnd) throw NOT_READ;
      end = textEnd;
      node = plainScalar(source.slice(at, textEnd), [at, textEnd, textEnd]);
    }
    let after = end;
    while (source.charCodeAt(after) === SPACE) after++;
    node.range = [at, end, after] satisfies Range;
    return node;
  }
}

/** A plain scalar's first characters: no indicator, and `-` only before what makes it text. */
function checkPlainStart(first: number, second: number, inFlow: boolean): void {
  if (NOT_PLAIN_START.has(first)) throw NOT_READ;
  if (first === DASH && (second === SPACE || second === NEWLINE || Number.isNaN(second) || (inFlow && isFlowIndicator(second)))) throw NOT_READ;
}

function plainScalar(text: string, range: Range): Scalar {
  const typed = plainValue(text);
  const node = isScalar(typed) ? typed : new Scalar(typed);
  node.range = range;
  node.source = text;
  node.type = 'PLAIN';
  return node;
}

/** The empty scalar the composer puts where a value is left out, after the indicator and the spaces on its line. */
function emptyScalar(at: number, end: number): Scalar {
  const node = new Scalar(null);
  node.range = [at, at, end] satisfies Range;
  node.source = '';
  node.type = 'PLAIN';
  return node;
}

function closeEmptyValue(frame: Frame): void {
  (frame.node as YAMLMap).items.push(new Pair(frame.pendingKey, emptyScalar(frame.emptyAt, frame.emptyAt)));
  frame.pendingKey = undefined;
  frame.end = frame.emptyAt;
}
