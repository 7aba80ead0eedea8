import type { ClusterProfile, Problem } from '../engine';
import { ChangeJournal } from '../workspace/changeJournal';
import { problemsByFile, sameItems, withProblems, type WorkspaceIndex } from '../workspace/workspaceIndex';
import { ClusterChecks } from './clusterChecks';
import { SnapshotCache } from './snapshotCache';
import { kustomizeFindings } from './kustomizeFindings';
import { hedgeForKustomize, unrenderedKustomizations } from './unrenderedKustomize';

/** The problems of every file as of the last analysis, and which files' lists changed since an earlier one. */
export interface WorkspaceProblems {
  /** Live: the next analysis updates this map in place. */
  readonly byUri: ReadonlyMap<string, readonly Problem[]>;
  readonly revision: number;
  /** The files whose list changed after `revision`; undefined when that is not known (every file may have). */
  changedSince(revision: number): ReadonlySet<string> | undefined;
}

/** Each cluster's problem list (model or checks), and the same problems by file. */
interface Grouped {
  readonly lists: readonly (readonly Problem[])[];
  readonly byFile: ReadonlyMap<string, readonly Problem[]>;
}

interface Analyzed {
  readonly index: WorkspaceIndex;
  readonly indexRevision: number;
  readonly model: Grouped;
  readonly checks: Grouped;
}

/**
 * Every problem of the workspace by file: the model's own (syntax, types, duplicates) and the engine's checks
 * of each cluster (KT1xx-KT4xx); a file in several clusters reports a finding once. After the first analysis,
 * only the files that changed and those whose cluster findings changed are looked at again, so an edit costs
 * what it touches, not the number of files.
 */
export class WorkspaceAnalysis {
  private readonly byUri = new Map<string, readonly Problem[]>();
  private readonly changes = new ChangeJournal();
  private last: Analyzed | undefined;

  constructor(
    private readonly snapshots = new SnapshotCache(),
    private readonly checks = new ClusterChecks(),
  ) {}

  /** `profile`: one for every cluster, or each cluster's own (a folder's kubetrace.yaml). */
  analyze(index: WorkspaceIndex, profile: ClusterProfile | ((cluster: string) => ClusterProfile)): WorkspaceProblems {
    const last = this.last?.index === index ? this.last : undefined;
    const clusters = index.clusters();
    const profileOf = typeof profile === 'function' ? profile : () => profile;
    // A cluster that is a Kustomize build is rendered: its findings need no hedge.
    const kustomizations = clusters.map((cluster) => (index.renderedBuild(cluster.name) ? [] : unrenderedKustomizations(cluster, index)));
    const model = regroup(last?.model, kustomizeFindings(clusters, clusters.map((cluster, at) => hedgeForKustomize(cluster.problems, kustomizations[at]!)), index, true));
    const checks = regroup(last?.checks, kustomizeFindings(clusters, clusters.map((cluster, at) => hedgeForKustomize(this.checks.problemsOf(cluster.name, this.snapshots.get(cluster, profileOf(cluster.name))), kustomizations[at]!)), index, false));
    const changedFiles = last && index.changes.since(last.indexRevision);
    if (last && changedFiles) {
      const touched = new Set(changedFiles);
      addDifferingFiles(last.model, model, touched);
      addDifferingFiles(last.checks, checks, touched);
      for (const uri of touched) this.update(uri, index, model, checks);
    } else {
      this.byUri.clear();
      for (const uri of index.uris()) this.byUri.set(uri, problemsOfFile(uri, index, model, checks)!);
      this.changes.recordAll();
    }
    this.last = { index, indexRevision: index.changes.revision, model, checks };
    return { byUri: this.byUri, revision: this.changes.revision, changedSince: (revision) => this.changes.since(revision) };
  }

  private update(uri: string, index: WorkspaceIndex, model: Grouped, checks: Grouped): void {
    const problems = problemsOfFile(uri, index, model, checks);
    const before = this.byUri.get(uri);
    if (problems === undefined) {
      if (before === undefined) return;
      this.byUri.delete(uri);
    } else {
      if (before !== undefined && sameItems(before, problems)) return;
      this.byUri.set(uri, problems);
    }
    this.changes.record(uri);
  }
}

/** The whole analysis at once, for the CLI and for comparisons: a fresh map, no state kept (no edit follows unless `checks` is given). */
export function analyzeWorkspace(index: WorkspaceIndex, profile: ClusterProfile | ((cluster: string) => ClusterProfile), snapshots?: SnapshotCache, checks = new ClusterChecks()): Map<string, readonly Problem[]> {
  return new Map(new WorkspaceAnalysis(snapshots, checks).analyze(index, profile).byUri);
}

/** A file's problems: its own, then its clusters' model problems, then their findings; undefined for a file not in the index. */
function problemsOfFile(uri: string, index: WorkspaceIndex, model: Grouped, checks: Grouped): readonly Problem[] | undefined {
  const parsed = index.parsedFile(uri);
  return parsed && withProblems(withProblems(parsed.problems, model.byFile.get(uri)), checks.byFile.get(uri));
}

function regroup(last: Grouped | undefined, lists: readonly (readonly Problem[])[]): Grouped {
  if (last && sameItems(last.lists, lists)) return last;
  return { lists, byFile: problemsByFile(lists) };
}

/** Adds the files whose problems differ between two groupings. */
function addDifferingFiles(before: Grouped, after: Grouped, into: Set<string>): void {
  if (before === after) return;
  for (const [uri, problems] of before.byFile) if (!sameItems(problems, after.byFile.get(uri) ?? [])) into.add(uri);
  for (const uri of after.byFile.keys()) if (!before.byFile.has(uri)) into.add(uri);
}
