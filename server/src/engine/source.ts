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
