import type { Problem } from '../engine/problem';
import type { ClusterModel } from '../model/clusterModel';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { fileUri } from '../workspace/manifestFiles';
import { NAME_AND_LABEL_FINDINGS } from './unrenderedKustomize';

const variants = new WeakMap<Problem, Map<string, Problem>>();
const hedges = new WeakMap<Problem, Problem>();

/**
 * A finding about names or labels in a build that went on without something (a remote base, a Helm chart): what
 * it looks for may be there. Information that says so, instead of a warning the full build may prove wrong.
 */
function hedged(problem: Problem, leftOut: readonly string[]): Problem {
  if (leftOut.length === 0 || !NAME_AND_LABEL_FINDINGS.has(problem.code)) return problem;
  let made = hedges.get(problem);
  if (!made) {
    made = { ...problem, severity: 'information', message: `${problem.message} (The build goes without ${leftOut.join(', ')}, which Kubetrace does not fetch or run: what this looks for may be there.)` };
    hedges.set(problem, made);
  }
  return made;
}

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

const partials = new WeakMap<Problem, Map<string, Problem>>();

/**
 * A name or label finding on a shared base that holds in some of the builds reading it: the others have what it
 * looks for, so the base line is right and this build leaves the object out on purpose (a smaller install). A note,
 * without a "Did you mean": nothing is mistyped.
 */
function partial(problem: Problem, cluster: string): Problem {
  let known = partials.get(problem);
  if (!known) {
    known = new Map();
    partials.set(problem, known);
  }
  let made = known.get(cluster);
  if (!made) {
    const { fixes, ...rest } = problem;
    made = { ...rest, severity: 'information', message: `${problem.message.replace(/ Did you mean [^?]*\?/, '')} (in ${cluster} only: the other builds that read this file have what it looks for, so ${cluster} leaves it out.)` };
    known.set(cluster, made);
  }
  return made;
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
    for (const input of build?.inputs ?? []) {
      const uri = fileUri(input);
      readers.set(uri, [...(readers.get(uri) ?? []), clusters[at]!.name]);
    }
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
