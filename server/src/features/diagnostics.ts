import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Problem, Severity } from '../engine/problem';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
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
  private readonly published = new Map<string, string>();
  /** The list each file was last published from: the same list again needs no look. */
  private readonly lists = new Map<string, readonly Problem[]>();

  constructor(private readonly send: (uri: string, diagnostics: Diagnostic[]) => void) {}

  publish(problemsByUri: ReadonlyMap<string, readonly Problem[]>): void {
    for (const uri of this.published.keys()) {
      if (!problemsByUri.has(uri)) {
        this.published.delete(uri);
        this.lists.delete(uri);
        this.send(uri, []);
      }
    }
    for (const [uri, problems] of problemsByUri) {
      if (this.lists.get(uri) === problems) continue;
      this.lists.set(uri, problems);
      const diagnostics = problems.map(toDiagnostic);
      const fingerprint = JSON.stringify(diagnostics);
      if ((this.published.get(uri) ?? '[]') === fingerprint) continue;
      this.published.set(uri, fingerprint);
      this.send(uri, diagnostics);
    }
  }
}
