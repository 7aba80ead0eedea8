import type { Problem } from '../engine';
import type { WorkspaceProfile } from './workspaceProfile';

/**
 * The profiles' problems as the server reports them: those of a kubetrace.yaml are published with the
 * diagnostics, those of the editor setting (no file to show them in) are logged, once per reading of the profiles.
 */
export class ProfileProblems {
  private seen: readonly WorkspaceProfile[] = [];
  private inFiles: readonly Problem[] = [];

  constructor(private readonly log: (message: string) => void) {}

  /** The problems in files; the same list while the profiles are the same, so the publisher need not look again. */
  inFilesOf(profiles: readonly WorkspaceProfile[]): readonly Problem[] {
    if (profiles.length !== this.seen.length || profiles.some((profile, at) => profile !== this.seen[at])) {
      this.seen = profiles;
      const all = profiles.flatMap((profile) => profile.problems);
      for (const problem of all) if (!problem.uri.startsWith('file:')) this.log(problem.message);
      this.inFiles = all.filter((problem) => problem.uri.startsWith('file:'));
    }
    return this.inFiles;
  }
}
