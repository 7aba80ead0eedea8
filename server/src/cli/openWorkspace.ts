import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClusterProfile, DEFAULT_PROFILE } from '../engine';
import type { ClusterModel } from '../model/clusterModel';
import { PROFILE_FILE_NAMES } from '../model/profileFile';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { nearestAbove } from '../workspace/workspaceProfile';
import { UsageError } from './arguments';
import { findProfileFile, readProfileAt } from './loadProfile';
import { indexScannedPaths, scanPaths, type LoadOptions, type ScannedPaths } from './loadPaths';

/** The PATHs of a command read into cluster models, with each cluster's profile. */
export interface CliWorkspace {
  readonly scanned: ScannedPaths;
  /** Parsed when first read: `check` answered from the cache parses nothing. */
  readonly index: WorkspaceIndex;
  profileOf(cluster: string): ClusterProfile;
  /** Every profile read, for the cache key. */
  readonly profiles: readonly ClusterProfile[];
}

export interface WorkspaceOptions extends LoadOptions {
  /** `--profile FILE`: one profile for every cluster. */
  readonly profile?: string;
  /** `--namespace NS`: where objects that name no namespace go, over any profile's `namespace`. */
  readonly namespace?: string;
}

/**
 * Reads the PATHs and groups them into clusters. A cluster's profile is `--profile` when given, else the
 * kubetrace.yaml of its folder or the nearest one above it (up to the PATH and beyond, as before).
 */
export async function openWorkspace(paths: readonly string[], options: WorkspaceOptions, warn: (text: string) => void): Promise<CliWorkspace> {
  const scanned = await scanPaths(paths, options);
  const explicit = options.profile === undefined ? undefined : await readProfileAt(options.profile, warn);
  const found = paths.map(findProfileFile).find((file) => file !== undefined);
  const byFolder = new Map<string, ClusterProfile>();
  if (!explicit) {
    const inside = [...scanned.contents.keys()].map(pathOf).filter((file) => PROFILE_FILE_NAMES.includes(path.basename(file)));
    for (const file of new Set([...(found ? [found] : []), ...inside])) byFolder.set(path.dirname(file), await readProfileAt(file, warn));
  }
  const workspaceProfile = explicit ?? (found === undefined ? undefined : byFolder.get(path.dirname(found))) ?? DEFAULT_PROFILE;
  const holder: { index?: WorkspaceIndex } = {};
  const withNamespace = (profile: ClusterProfile) => (options.namespace ? { ...profile, namespace: options.namespace } : profile);
  const profileOf = (cluster: string): ClusterProfile => {
    if (explicit) return withNamespace(explicit);
    return withNamespace(nearestAbove(holder.index?.clusterFolder(cluster), byFolder) ?? workspaceProfile);
  };
  let index: WorkspaceIndex | undefined;
  return {
    scanned,
    get index() {
      index ??= holder.index = indexScannedPaths(scanned, paths, (cluster) => profileOf(cluster).namespace);
      return index;
    },
    profileOf,
    profiles: [workspaceProfile, ...byFolder.values()].map(withNamespace),
  };
}

/**
 * The cluster a command that works on one model (trace, matrix, query) is about: `--cluster NAME`, the only one,
 * or the one that `holds` picks out; otherwise a usage error that lists them.
 */
export function chooseCluster(index: WorkspaceIndex, named: string | undefined, holds?: (cluster: ClusterModel) => boolean): ClusterModel | undefined {
  const clusters = index.clusters();
  if (named !== undefined) {
    const found = clusters.find((cluster) => cluster.name === named);
    if (!found) throw new UsageError(`no cluster named ${named}; the PATHs hold ${describeClusters(clusters)}`);
    return found;
  }
  if (clusters.length <= 1) return clusters[0];
  const holding = holds ? clusters.filter(holds) : [];
  if (holding.length === 1) return holding[0];
  throw new UsageError(`the PATHs hold ${clusters.length} clusters (${describeClusters(clusters)}); name one with --cluster NAME`);
}

function describeClusters(clusters: readonly ClusterModel[]): string {
  return clusters.map((cluster) => cluster.name).join(', ');
}

function pathOf(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}
