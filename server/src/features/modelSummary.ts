import type { ClusterModel } from '../model/clusterModel';
import type { ModelSummary } from '../protocol';
import type { Problem } from '../engine';
import { describeSkipReason, type SkipReason } from '../model/toolFiles';

export function summarizeModel(
  clusters: readonly ClusterModel[],
  problemsByUri: ReadonlyMap<string, readonly Problem[]>,
  skippedFiles: readonly { readonly uri: string; readonly reason: SkipReason }[],
): ModelSummary {
  return {
    clusters: clusters.map((cluster) => {
      const problems = cluster.files.flatMap((uri) => problemsByUri.get(uri) ?? []);
      return {
        name: cluster.name,
        fileCount: cluster.files.length,
        objects: cluster.objects.map((object) => ({
          kind: object.id.kind,
          group: object.id.group,
          namespace: object.id.namespace,
          name: object.id.name,
          uri: object.uri,
          range: object.metadata.name.span.value,
        })),
        errorCount: problems.filter((problem) => problem.severity === 'error').length,
        warningCount: problems.filter((problem) => problem.severity === 'warning').length,
      };
    }),
    // Not by cluster: a kustomization beside applications defines nothing and belongs to none.
    skippedFiles: skippedFiles.map(({ uri, reason }) => ({ uri, reason: describeSkipReason(reason) })),
  };
}
