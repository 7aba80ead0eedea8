/** Where things are in a manifest. Positions are zero-based, columns in UTF-16 code units, as in LSP. */
export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

export interface TextRange {
  readonly start: TextPosition;
  readonly end: TextPosition;
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
