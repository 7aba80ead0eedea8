import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { isProblemConnection, isProblemFix, isRecord, sameValue, type Problem, type ProblemConnection, type ProblemFix } from '../engine';

const SEVERITY: Record<Problem['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(problem: Problem): Diagnostic {
  return {
    range: problem.range,
    severity: SEVERITY[problem.severity],
    code: problem.code,
    source: 'kubetrace',
    message: problem.message,
    // Kept by the client and sent back with a code action request (LSP 3.16), so the fix needs no second analysis.
    ...((problem.fixes || problem.connection) && { data: { ...(problem.fixes && { fixes: problem.fixes }), ...(problem.connection && { connection: problem.connection }) } }),
    ...(problem.related && {
      relatedInformation: problem.related.map((related) => ({
        location: { uri: related.uri, range: related.range },
        message: related.message,
      })),
    }),
  };
}

/**
 * Publishes only what changed since the last call, and clears files that no longer have problems,
 * so a keystroke in one file does not resend the whole workspace.
 */
export class DiagnosticsPublisher {
  /** Each file's diagnostics as last sent, one JSON text per diagnostic. */
  private readonly published = new Map<string, readonly string[]>();
  /** The list each file was last published from: the same list again needs no look. */
  private readonly lists = new Map<string, readonly Problem[]>();
  private extraProblems: readonly Problem[] = [];

  constructor(private readonly send: (uri: string, diagnostics: Diagnostic[]) => void) {}

  /**
   * `changed` names the files whose lists may differ from the last call (undefined: any may). `extra` are
   * problems of files outside the analysis (the cluster profile's), added after theirs.
   */
  publish(problemsByUri: ReadonlyMap<string, readonly Problem[]>, changed?: ReadonlySet<string>, extra: readonly Problem[] = []): void {
    let uris: Iterable<string> = changed ?? new Set([...this.lists.keys(), ...problemsByUri.keys()]);
    if (extra !== this.extraProblems) {
      uris = new Set([...uris, ...this.extraProblems.map((problem) => problem.uri), ...extra.map((problem) => problem.uri)]);
      this.extraProblems = extra;
    }
    for (const uri of uris) {
      const more = extra.filter((problem) => problem.uri === uri);
      const own = problemsByUri.get(uri);
      this.publishFile(uri, own && more.length === 0 ? own : own || more.length ? [...(own ?? []), ...more] : undefined);
    }
  }

  private publishFile(uri: string, problems: readonly Problem[] | undefined): void {
    if (problems === undefined) {
      this.lists.delete(uri);
      if (this.published.delete(uri)) this.send(uri, []);
      return;
    }
    if (this.lists.get(uri) === problems) return;
    this.lists.set(uri, problems);
    const fingerprint = problems.map(diagnosticJson);
    if (sameValue(this.published.get(uri) ?? [], fingerprint)) return;
    this.published.set(uri, fingerprint);
    this.send(uri, problems.map(toDiagnostic));
  }
}

/**
 * A problem's diagnostic as JSON, worked out once per problem: a problem never changes (its ranges neither), and an
 * edit of a large file keeps most of its problems, whose 600 diagnostics were written out again after every edit.
 */
const diagnosticJsonOf = new WeakMap<Problem, string>();

function diagnosticJson(problem: Problem): string {
  let json = diagnosticJsonOf.get(problem);
  if (json === undefined) diagnosticJsonOf.set(problem, (json = JSON.stringify(toDiagnostic(problem))));
  return json;
}

/** The check's fixes a client sent back with a diagnostic, kept only when they have the shape they were sent in. */
export function fixesOf(diagnostic: Diagnostic): ProblemFix[] | undefined {
  const data: unknown = diagnostic.data;
  const fixes = isRecord(data) ? data['fixes'] : undefined;
  return Array.isArray(fixes) && fixes.every(isProblemFix) ? fixes : undefined;
}

/** The connection a client sent back with a diagnostic, kept only when it has the shape it was sent in. */
export function connectionOf(diagnostic: Diagnostic): ProblemConnection | undefined {
  const data: unknown = diagnostic.data;
  const connection = isRecord(data) ? data['connection'] : undefined;
  return isProblemConnection(connection) ? connection : undefined;
}
