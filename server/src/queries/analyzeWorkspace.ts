import type { Problem } from '../engine/problem';
import type { ClusterProfile } from '../engine/profile';
import { addToFiles, type WorkspaceIndex } from '../workspace/workspaceIndex';
import { ClusterChecks } from './clusterChecks';
import { SnapshotCache } from './snapshotCache';

/**
 * Every problem of the workspace by file: the model's own (syntax, types, duplicates) and the engine's checks
 * of each cluster (KT1xx-KT4xx). A file in several clusters reports a finding once.
 */
export function analyzeWorkspace(index: WorkspaceIndex, profile: ClusterProfile, snapshots: SnapshotCache = new SnapshotCache(), checks: ClusterChecks = new ClusterChecks()): Map<string, readonly Problem[]> {
  const byUri = index.problemsByUri();
  addToFiles(byUri, index.clusters().map((cluster) => checks.problemsOf(cluster.name, snapshots.get(cluster, profile))));
  return byUri;
}
