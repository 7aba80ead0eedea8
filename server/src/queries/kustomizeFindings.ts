import type { Problem } from '../engine/problem';
import type { ClusterModel } from '../model/clusterModel';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { fileUri } from '../workspace/manifestFiles';

const variants = new WeakMap<Problem, Map<string, Problem>>();

/** One problem object per original and wording, so that an unchanged finding stays the same object across analyses. */
function variant(problem: Problem, suffix: string): Problem {
  let known = variants.get(problem);
  if (!known) {
    known = new Map();
    variants.set(problem, known);
  }
  let made = known.get(suffix);
  if (!made) {
    // A quick fix edits the file as written: of a rendered value (a prefixed name, a patched field) it would be wrong.
    const { fixes, ...rest } = problem;
    made = { ...rest, message: `${problem.message}${suffix}` };
    known.set(suffix, made);
  }
  return made;
}

/**
 * The findings of the clusters that are Kustomize builds, as the user reads them: a build's failure and notices
 * join its findings; a finding on a file that several builds read (a base) names the builds it holds in
 * ("in overlays/prod"), and one that holds in every build that reads the file is reported once, unnamed.
 * Quick fixes are dropped: they would edit the text as written, which is not the rendered value.
 * `withBuildProblems`: the list is the model's (not the checks'), which carries the builds' own problems.
 */
export function kustomizeFindings(clusters: readonly ClusterModel[], lists: readonly (readonly Problem[])[], index: WorkspaceIndex, withBuildProblems: boolean): (readonly Problem[])[] {
  const builds = clusters.map((cluster) => index.renderedBuild(cluster.name));
  if (builds.every((build) => build === undefined)) return [...lists];
  const readers = new Map<string, string[]>();
  builds.forEach((build, at) => {
    for (const input of build?.inputs ?? []) {
      const uri = fileUri(input);
      readers.set(uri, [...(readers.get(uri) ?? []), clusters[at]!.name]);
    }
  });
  const reporters = new Map<string, Set<string>>();
  const keyOf = (problem: Problem) => `${problem.uri}\n${problem.range.start.line}:${problem.range.start.character}\n${problem.code}\n${problem.message}`;
  lists.forEach((problems, at) => {
    if (!builds[at]) return;
    for (const problem of problems) {
      const key = keyOf(problem);
      reporters.set(key, (reporters.get(key) ?? new Set()).add(clusters[at]!.name));
    }
  });
  return lists.map((problems, at) => {
    const build = builds[at];
    if (!build) return problems;
    const named = problems.map((problem) => {
      const sharing = readers.get(problem.uri) ?? [];
      const holding = [...(reporters.get(keyOf(problem)) ?? [])];
      const everywhere = sharing.length <= 1 || sharing.every((name) => holding.includes(name));
      return variant(problem, everywhere ? '' : ` (in ${holding.sort().join(', ')})`);
    });
    return withBuildProblems ? [...named, ...build.problems] : named;
  });
}
