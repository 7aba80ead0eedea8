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
