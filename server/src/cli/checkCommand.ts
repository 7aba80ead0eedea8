import { type ClusterProfile, compareProblems, type Problem } from '../engine';
import { analyzeWorkspace } from '../analysis/workspaceAnalysis';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { toSarif } from './sarif';
import type { OutputFormat } from './arguments';
import { displayPath } from './paths';

export const CHECK_HELP = `Usage: kubetrace check [options] PATH...

Reads every Kubernetes manifest (*.yaml, *.yml, Kubernetes JSON) in the given files and folders into one
cluster model, runs the checks of the networking engine on it (Services, Ingress and Gateway API,
NetworkPolicy, connection strings) and prints the problems, one per line:

  FILE:LINE:COLUMN SEVERITY CODE MESSAGE

Exit status: 0 when there is no error, 1 when there is at least one error, 2 on a usage or I/O error.

Options:
  --format text|json|sarif  output format (default text; SARIF 2.1.0 for code-scanning uploads)
  --profile FILE         the cluster profile (default: kubetrace.yaml in or above the first PATH)
  --exclude GLOB         skip files matching GLOB, relative to each folder (repeatable)
  --max-file-size BYTES  skip larger files with a notice (default 5000000)
  --exit-zero            exit 0 even when there are errors (for demos and reports)
  --cache-dir DIR        keep the analysis in DIR; a later run over exactly the same files, options,
                         profile and kubetrace build prints it without parsing anything again. Without
                         it nothing is written (no cache in your home or cache folder): in CI, name a
                         folder the pipeline keeps between runs
  -h, --help             show this help
`;

/** What `check` reports: every problem by file, and the size of the model. */
export interface CheckResult {
  readonly problems: ReadonlyMap<string, readonly Problem[]>;
  readonly files: number;
  readonly objects: number;
}

/** The workspace's problems: the model's and the engine's checks. */
export function checkModel(index: WorkspaceIndex, profile: ClusterProfile | ((cluster: string) => ClusterProfile)): CheckResult {
  return { problems: analyzeWorkspace(index, profile), files: index.uris().length, objects: index.objectCount() };
}

/** Prints the problems of a check; returns the exit status. */
export function printCheck(result: CheckResult, format: OutputFormat | 'sarif', exitZero: boolean, out: (text: string) => void): number {
  const problems = [...result.problems.values()].flat().sort(compareProblems);
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const { files, objects } = result;
  if (format === 'sarif') {
    out(`${JSON.stringify(toSarif(problems), null, 2)}\n`);
  } else if (format === 'json') {
    out(
      JSON.stringify(
        {
          files,
          objects,
          problems: problems.map((problem) => ({
            file: displayPath(problem.uri),
            line: problem.range.start.line + 1,
            column: problem.range.start.character + 1,
            endLine: problem.range.end.line + 1,
            endColumn: problem.range.end.character + 1,
            severity: problem.severity,
            code: problem.code,
            message: problem.message,
            related: (problem.related ?? []).map((related) => ({
              file: displayPath(related.uri),
              line: related.range.start.line + 1,
              column: related.range.start.character + 1,
              message: related.message,
            })),
          })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const problem of problems) {
      const { line, character } = problem.range.start;
      out(`${displayPath(problem.uri)}:${line + 1}:${character + 1} ${problem.severity} ${problem.code} ${problem.message}\n`);
    }
    const warnings = problems.filter((problem) => problem.severity === 'warning').length;
    out(`${files} files, ${objects} objects: ${errors} errors, ${warnings} warnings, ${problems.length - errors - warnings} notes.\n`);
  }
  return errors > 0 && !exitZero ? 1 : 0;
}
