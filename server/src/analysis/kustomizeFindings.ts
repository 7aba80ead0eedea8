import type { Problem } from '../engine';
import type { ClusterModel } from '../model/clusterModel';
import { inputUrisOf } from '../workspace/kustomizeBuilds';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { NAME_AND_LABEL_FINDINGS } from './unrenderedKustomize';

/** The problems made from each finding, by how they were made: an unchanged finding stays the same object across analyses. */
const derivedProblems = new WeakMap<Problem, Map<string, Problem>>();

function derived(problem: Problem, key: string, make: () => Problem): Problem {
  let known = derivedProblems.get(problem);
  if (!known) {
    known = new Map();
    derivedProblems.set(problem, known);
  }
  let made = known.get(key);
  if (!made) {
    made = make();
    known.set(key, made);
  }
  return made;
}

/**
 * A finding about names or labels in a build that went on without something (a remote base, a Helm chart): what
 * it looks for may be there. Information that says so, instead of a warning the full build may prove wrong.
 */
function hedged(problem: Problem, leftOut: readonly string[]): Problem {
  if (leftOut.length === 0 || !NAME_AND_LABEL_FINDINGS.has(problem.code)) return problem;
  const without = leftOut.join(', ');
  return derived(problem, `hedged\n${without}`, () => ({ ...problem, severity: 'information', message: `${problem.message} (The build goes without ${without}, which Kubetrace does not fetch or run: what this looks for may be there.)` }));
}

/** The finding with `suffix` added to its words, and no quick fix: it would edit the text as written, which is not the rendered value. */
function variant(problem: Problem, suffix: string): Problem {
  return derived(problem, `suffix\n${suffix}`, () => {
    const { fixes, ...rest } = problem;
    return { ...rest, message: `${problem.message}${suffix}` };
  });
}

/**
 * A name or label finding on a shared base that holds in some of the builds reading it: the others have what it
 * looks for, so the base line is right and this build leaves the object out on purpose (a smaller install). A note,
 * without a "Did you mean": nothing is mistyped.
 */
function partial(problem: Problem, cluster: string): Problem {
  return derived(problem, `partial\n${cluster}`, () => {
    const { fixes, ...rest } = problem;
    return { ...rest, severity: 'information', message: `${problem.message.replace(/ Did you mean [^?]*\?/, '')} (in ${cluster} only: the other builds that read this file have what it looks for, so ${cluster} leaves it out.)` };
  });
}

/**
 * The findings of the clusters that are Kustomize builds, as the user reads them: a build's failure and notices
 * join its findings; a finding on a file that several builds read (a base) names the build it holds in
 * ("in overlays/prod"), and one that holds in every build that reads the file is reported once: unnamed when
 * its words are the same in each, else in the first build's words, naming the others ("likewise in ...").
 * Quick fixes are dropped: they would edit the text as written, which is not the rendered value.
 * `withBuildProblems`: the list is the model's (not the checks'), which carries the builds' own problems.
 */
export function kustomizeFindings(clusters: readonly ClusterModel[], lists: readonly (readonly Problem[])[], index: WorkspaceIndex, withBuildProblems: boolean): (readonly Problem[])[] {
  const builds = clusters.map((cluster) => index.renderedBuild(cluster.name));
  if (builds.every((build) => build === undefined)) return [...lists];
  const readers = new Map<string, string[]>();
  builds.forEach((build, at) => {
    for (const uri of build ? inputUrisOf(build) : []) readers.set(uri, [...(readers.get(uri) ?? []), clusters[at]!.name]);
  });
  // One finding in several builds: the same check at the same place, its wording perhaps naming each build's namespace.
  const reports = new Map<string, { cluster: string; problem: Problem }[]>();
  const keyOf = (problem: Problem) => `${problem.uri}\n${problem.range.start.line}:${problem.range.start.character}\n${problem.code}`;
  lists.forEach((problems, at) => {
    if (!builds[at]) return;
    for (const problem of problems) {
      const key = keyOf(problem);
      reports.set(key, [...(reports.get(key) ?? []), { cluster: clusters[at]!.name, problem }]);
    }
  });
  return lists.map((problems, at) => {
    const build = builds[at];
    if (!build) return problems;
    const named = problems.map((problem) => {
      const sharing = readers.get(problem.uri) ?? [];
      if (sharing.length <= 1) return variant(problem, '');
      const holding = [...(reports.get(keyOf(problem)) ?? [])].sort((a, b) => a.cluster.localeCompare(b.cluster));
      const everywhere = sharing.every((name) => holding.some((report) => report.cluster === name));
      if (!everywhere) return NAME_AND_LABEL_FINDINGS.has(problem.code) ? partial(problem, clusters[at]!.name) : variant(problem, ` (in ${clusters[at]!.name})`);
      const [first, ...others] = holding;
      if (holding.every((report) => report.problem.message === first!.problem.message)) return variant(first!.problem, '');
      return variant(first!.problem, ` (in ${first!.cluster}; likewise in ${others.map((report) => report.cluster).join(', ')})`);
    });
    const kept = named.map((problem) => hedged(problem, build.leftOut));
    return withBuildProblems ? [...kept, ...build.problems] : kept;
  });
}
