import { checkCluster } from '../engine/diagnostics/checkCluster';
import type { Problem } from '../engine/problem';
import type { ClusterProfile } from '../engine/profile';
import type { ClusterSnapshot } from '../engine/snapshot/types';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { SnapshotCache } from './snapshotCache';

/** A snapshot's checks, computed once: an edit re-checks only the clusters it touched (their snapshots are new). */
const checked = new WeakMap<ClusterSnapshot, readonly Problem[]>();

function checksOf(snapshot: ClusterSnapshot): readonly Problem[] {
  let problems = checked.get(snapshot);
  if (!problems) {
    problems = checkCluster(snapshot);
    checked.set(snapshot, problems);
  }
  return problems;
}

/**
 * Every problem of the workspace by file: the model's own (syntax, types, duplicates) and the engine's checks
 * of each cluster (KT1xx-KT4xx). A file in several clusters reports a finding once.
 */
export function analyzeWorkspace(index: WorkspaceIndex, profile: ClusterProfile, snapshots: SnapshotCache = new SnapshotCache()): Map<string, Problem[]> {
  const byUri = index.problemsByUri();
  const seen = new Set<string>();
  for (const cluster of index.clusters()) {
    for (const problem of checksOf(snapshots.get(cluster, profile))) {
      const key = JSON.stringify(problem);
      if (seen.has(key)) continue;
      seen.add(key);
      byUri.get(problem.uri)?.push(problem);
    }
  }
  return byUri;
}
