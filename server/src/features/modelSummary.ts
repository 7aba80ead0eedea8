import type { ClusterModel } from '../model/clusterModel';
import type { ModelSummary } from '../protocol';
import type { Problem } from '../engine/problem';
import { describeSkipReason, type SkipReason } from '../model/toolFiles';

export function summarizeModel(
  clusters: readonly ClusterModel[],
  problemsByUri: ReadonlyMap<string, readonly Problem[]>,
  skippedOf: (uri: string) => SkipReason | undefined,
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
        skippedFiles: cluster.files.flatMap((uri) => {
          const reason = skippedOf(uri);
          return reason ? [{ uri, reason: describeSkipReason(reason) }] : [];
        }),
        errorCount: problems.filter((problem) => problem.severity === 'error').length,
        warningCount: problems.filter((problem) => problem.severity === 'warning').length,
      };
    }),
  };
}
