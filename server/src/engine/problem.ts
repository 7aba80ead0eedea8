import type { SourceLocation, TextRange } from './source';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A located finding about the user's manifests. `code` is stable and documented in the README. */
export interface Problem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly uri: string;
  readonly range: TextRange;
  readonly related?: readonly RelatedLocation[];
}

export interface RelatedLocation extends SourceLocation {
  readonly message: string;
}

export function compareProblems(a: Problem, b: Problem): number {
  return (
    a.uri.localeCompare(b.uri) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.code.localeCompare(b.code) ||
    a.message.localeCompare(b.message)
  );
}
