import * as path from 'node:path';

/** `kubetrace.clusters`: cluster name to folders (relative to a workspace folder) whose manifests belong to it. */
export type ClusterFolders = Readonly<Record<string, readonly string[]>>;

export const DEFAULT_CLUSTER = 'default';

/**
 * Decides which cluster models a file belongs to. Without settings the whole workspace is one cluster;
 * with them a file belongs to every cluster that lists a folder containing it (a shared `base/` can
 * belong to several), and a file in no listed folder to the cluster `default`.
 */
export function createClusterAssignment(
  roots: readonly string[],
  clusters: ClusterFolders,
): (filePath: string) => readonly string[] {
  const folders: { cluster: string; folder: string }[] = [];
  for (const [cluster, relativeFolders] of Object.entries(clusters)) {
    for (const relative of relativeFolders) {
      for (const root of roots) folders.push({ cluster, folder: path.resolve(root, relative) });
    }
  }
  return (filePath) => {
    const resolved = path.resolve(filePath);
    const names = new Set<string>();
    for (const { cluster, folder } of folders) {
      if (resolved === folder || resolved.startsWith(folder + path.sep)) names.add(cluster);
    }
    return names.size > 0 ? [...names].sort() : [DEFAULT_CLUSTER];
  };
}
