import { PROBLEM_CODES, type CaseSeverity, type ProblemCode, type Severity } from './diagnostics/codes';
import { isRecord } from './records';
import { isRange, type SourceLocation, type TextRange } from './source';

/** A located finding about the user's manifests. `code` is stable and documented in the README. */
export interface Problem {
  readonly code: ProblemCode;
  readonly severity: Severity;
  readonly message: string;
  readonly uri: string;
  readonly range: TextRange;
  readonly related?: readonly RelatedLocation[];
  /** The edits that fix it, when the check knows them; the user picks one. */
  readonly fixes?: readonly ProblemFix[];
  /** The connection that fails, when the finding is about one: the editor offers to trace it (and to allow it). */
  readonly connection?: ProblemConnection;
}

/**
 * A connection a finding says fails, named as the trace view names it. `allow` is there where NetworkPolicy denies
 * it: the flow the allow-flow edit admits (workloads as `namespace/Kind/name`, the pods' port).
 */
export interface ProblemConnection {
  /** The trace view's source: `namespace/workload`. */
  readonly from: string;
  /** The trace view's destination: `NAME:PORT`, a URL, or a name whose port the view completes. */
  readonly to: string;
  readonly allow?: { readonly from: string; readonly to: string; readonly protocol: 'TCP' | 'UDP'; readonly port: number };
}

/** A problem as its maker states it: a severity only where the case decides, among those its code allows. */
export type Finding<C extends ProblemCode> = Omit<Problem, 'code' | 'severity'> & { readonly code: C; readonly severity?: CaseSeverity<C> };

/** The problem a finding makes: of its code's default severity unless the finding sets one. */
export function problemOf<C extends ProblemCode>(finding: Finding<C>): Problem {
  const { code, severity = PROBLEM_CODES[code].severity, message, uri, range, related, fixes, connection } = finding;
  return { code, severity, message, uri, range, ...(related && { related }), ...(fixes && { fixes }), ...(connection && { connection }) };
}

/**
 * An edit that fixes a problem, said in terms of the manifest's structure; the server writes it as text (it alone
 * has the text, and declines an edit the text's layout does not allow).
 */
export type ProblemFix = { readonly title: string; readonly preferred: boolean } & (
  | /** A scalar's value replaced, its quotes kept. */ { readonly kind: 'replace'; readonly range: TextRange; readonly value: string }
  | /** A key added to a mapping (a block or flow mapping's range). */ { readonly kind: 'add-entry'; readonly mapping: TextRange; readonly key: string; readonly value: string }
  | /** A block list item moved to just before an earlier item of the same list. */ { readonly kind: 'move-before'; readonly item: TextRange; readonly before: TextRange }
);

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

/** Whether a value (from the cache or a client's diagnostic data) has the shape of a ProblemFix. */
export function isProblemFix(value: unknown): value is ProblemFix {
  if (!isRecord(value) || typeof value['title'] !== 'string' || typeof value['preferred'] !== 'boolean') return false;
  switch (value['kind']) {
    case 'replace':
      return isRange(value['range']) && typeof value['value'] === 'string';
    case 'add-entry':
      return isRange(value['mapping']) && typeof value['key'] === 'string' && typeof value['value'] === 'string';
    case 'move-before':
      return isRange(value['item']) && isRange(value['before']);
    default:
      return false;
  }
}

/** Whether a value (from the cache or a client's diagnostic data) has the shape of a ProblemConnection. */
export function isProblemConnection(value: unknown): value is ProblemConnection {
  if (!isRecord(value) || typeof value['from'] !== 'string' || typeof value['to'] !== 'string') return false;
  const allow = value['allow'];
  if (allow === undefined) return true;
  return isRecord(allow) && typeof allow['from'] === 'string' && typeof allow['to'] === 'string' && (allow['protocol'] === 'TCP' || allow['protocol'] === 'UDP') && Number.isInteger(allow['port']);
}
