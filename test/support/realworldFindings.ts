import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkModel } from '../../server/src/cli/checkCommand';
import { openWorkspace } from '../../server/src/cli/openWorkspace';
import { PROJECT_ROOT } from './fixtures';

/** `../shared` beside the project: public repositories' manifests (realworld) and demo applications (corpus). */
export const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');

/** Every folder `check` is run on for the triage: each application of realworld/ and corpus/, as `realworld/NAME`. */
export function triagedFolders(): string[] {
  return ['realworld', 'corpus'].flatMap((set) =>
    fs
      .readdirSync(path.join(SHARED, set), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${set}/${entry.name}`)
      .sort(),
  );
}

/** One finding as the triage file names it: where (relative to its folder), severity, code, and the message. */
export interface TriagedFinding {
  readonly folder: string;
  readonly at: string;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/** What `kubetrace check FOLDER` reports, in-process. */
export async function findingsOf(folder: string): Promise<TriagedFinding[]> {
  const root = path.join(SHARED, folder);
  const workspace = await openWorkspace([root], { exclude: [], maxFileSize: 5_000_000 }, () => undefined);
  const { problems } = checkModel(workspace.index, workspace.profileOf);
  return [...problems.values()].flat().map((problem) => ({
    folder,
    at: `${path.relative(root, fileURLToPath(problem.uri)).split(path.sep).join('/')}:${problem.range.start.line + 1}:${problem.range.start.character + 1}`,
    severity: problem.severity,
    code: problem.code,
    message: problem.message,
  }));
}

/** What a finding is known by in the triage file (the message may be reworded without a new triage). */
export function findingKey(finding: { readonly folder: string; readonly at: string; readonly severity: string; readonly code: string }): string {
  return `${finding.folder} ${finding.at} ${finding.severity} ${finding.code}`;
}
