import { isRecord } from './records';

/** Where things are in a manifest. Positions are zero-based, columns in UTF-16 code units, as in LSP. */
export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

export interface TextRange {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

/**
 * A range kept as four numbers in one object, where a plain TextRange is three objects. The model holds one or
 * two for every field of every object (1.7 million at 10,000 applications), and as plain ranges they were half
 * of its memory. It reads as a TextRange, and is written out (JSON, LSP) as one.
 */
export class CompactRange implements TextRange {
  constructor(
    private readonly startLine: number,
    private readonly startCharacter: number,
    private readonly endLine: number,
    private readonly endCharacter: number,
  ) {}

  get start(): TextPosition {
    return { line: this.startLine, character: this.startCharacter };
  }

  get end(): TextPosition {
    return { line: this.endLine, character: this.endCharacter };
  }

  toJSON(): TextRange {
    return { start: this.start, end: this.end };
  }
}

/** A position packed as `line * 2048 + character` while that stays a small integer (V8 keeps it in the field, unboxed). */
const CHARACTER_BITS = 11;
const CHARACTERS = 1 << CHARACTER_BITS;
const LINES = 1 << 20;

function packedPosition(position: TextPosition): number | undefined {
  return position.line < LINES && position.character < CHARACTERS ? position.line * CHARACTERS + position.character : undefined;
}

function unpackedRange(start: number, end: number): CompactRange {
  return new CompactRange(start >>> CHARACTER_BITS, start & (CHARACTERS - 1), end >>> CHARACTER_BITS, end & (CHARACTERS - 1));
}

/**
 * A field's key and value ranges as four packed positions in one object, where a plain span is three objects
 * (the span and two ranges, 156 bytes against 56). The model holds one for nearly every field it reads (77,000 at
 * 1,000 applications); the ranges are made when read, as CompactRanges.
 */
export class KeyValueSpan implements FieldSpan {
  constructor(
    private readonly keyStart: number,
    private readonly keyEnd: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
  ) {}

  get key(): TextRange {
    return unpackedRange(this.keyStart, this.keyEnd);
  }

  get value(): TextRange {
    return unpackedRange(this.valueStart, this.valueEnd);
  }

  /** The four packed positions, as the constructor takes them (for packedModel.ts). */
  packed(): [number, number, number, number] {
    return [this.keyStart, this.keyEnd, this.valueStart, this.valueEnd];
  }

  toJSON(): FieldSpan {
    return { key: this.key, value: this.value };
  }
}

/** A span of a value under no key (a list item, a document), as two packed positions. */
export class ValueSpan implements FieldSpan {
  constructor(
    private readonly valueStart: number,
    private readonly valueEnd: number,
  ) {}

  get value(): TextRange {
    return unpackedRange(this.valueStart, this.valueEnd);
  }

  /** The two packed positions, as the constructor takes them (for packedModel.ts). */
  packed(): [number, number] {
    return [this.valueStart, this.valueEnd];
  }

  toJSON(): FieldSpan {
    return { value: this.value };
  }
}

/** The span of a field written in its object's file: packed when its positions fit, else plain. */
export function fieldSpan(key: TextRange | undefined, value: TextRange): FieldSpan {
  const valueStart = packedPosition(value.start);
  const valueEnd = packedPosition(value.end);
  if (valueStart !== undefined && valueEnd !== undefined) {
    if (key === undefined) return new ValueSpan(valueStart, valueEnd);
    const keyStart = packedPosition(key.start);
    const keyEnd = packedPosition(key.end);
    if (keyStart !== undefined && keyEnd !== undefined) return new KeyValueSpan(keyStart, keyEnd, valueStart, valueEnd);
  }
  return key ? { key, value } : { value };
}

/** The key (when the value sits under a mapping key) and the value of one field. */
export interface FieldSpan {
  readonly key?: TextRange;
  readonly value: TextRange;
  /** For a literal block (`|`), the column its content lines are written from: where a part of the value is. */
  readonly blockIndent?: number;
  /** The file the field is written in, when not its object's (a value a Kustomize patch or overlay wrote). */
  readonly uri?: string;
}

/** A scalar or list read from a manifest, with where it was written. */
export interface Located<T> {
  readonly value: T;
  readonly span: FieldSpan;
}

/** A place in the workspace: a file and a range in it. */
export interface SourceLocation {
  readonly uri: string;
  readonly range: TextRange;
}

/**
 * Where `value.slice(start, end)` of a located string is written, when how the string is written shows it: on
 * one line, plain or quoted without escapes, or on one line of a literal block. Else the whole value's range.
 */
export function substringRange(located: Located<string>, start: number, end: number): TextRange {
  const { value, span } = located;
  const range = span.value;
  const before = value.slice(0, start);
  const lineIndex = before.split('\n').length - 1;
  if (value.slice(start, end).includes('\n')) return range;
  if (span.blockIndent !== undefined) {
    const line = range.start.line + 1 + lineIndex;
    const character = span.blockIndent + start - (before.lastIndexOf('\n') + 1);
    return { start: { line, character }, end: { line, character: character + end - start } };
  }
  if (range.start.line !== range.end.line) return range;
  const written = range.end.character - range.start.character;
  // Plain, or quoted with nothing escaped: the quotes are the only characters the value does not have.
  const offset = written === value.length ? 0 : written === value.length + 2 ? 1 : undefined;
  if (offset === undefined) return range;
  const line = range.start.line;
  return { start: { line, character: range.start.character + offset + start }, end: { line, character: range.start.character + offset + end } };
}

export function spanRange(span: FieldSpan): TextRange {
  return span.key ? { start: span.key.start, end: span.value.end } : span.value;
}

/** Whether a value read from outside (JSON, a client's message) has the shape of a TextRange. */
export function isRange(value: unknown): value is TextRange {
  return isRecord(value) && isPosition(value['start']) && isPosition(value['end']);
}

function isPosition(value: unknown): boolean {
  return isRecord(value) && Number.isInteger(value['line']) && Number.isInteger(value['character']) && (value['line'] as number) >= 0 && (value['character'] as number) >= 0;
}
