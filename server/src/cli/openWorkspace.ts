import { statSync } from 'node:fs';
import * as path from 'node:path';
import { type ClusterProfile, DEFAULT_PROFILE } from '../engine';
import type { ClusterModel } from '../model/clusterModel';
import { PROFILE_FILE_NAMES } from '../model/profileFile';
import type { AnalysisContext } from '../workspace/analysisCache';
import { describeError } from '../workspace/fileDiscovery';
import { uriToPath } from '../workspace/fileUris';
import type { WorkspaceSettings } from '../workspace/settings';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { WorkspaceProfile } from '../workspace/workspaceProfile';
import { WorkspaceSession, type SessionProfiles } from '../workspace/workspaceSession';
import { PathError, UsageError } from './arguments';
import { findProfileFile, readProfileAt } from './loadProfile';

export interface LoadOptions {
  readonly exclude: readonly string[];
  readonly maxFileSize: number;
}

export interface WorkspaceOptions extends LoadOptions {
  /** `--profile FILE`: one profile for every cluster. */
  readonly profile?: string;
  /** `--namespace NS`: where objects that name no namespace go, over any profile's `namespace`. */
  readonly namespace?: string;
}

/** The PATHs of a command read into cluster models, with each cluster's profile. */
export interface CliWorkspace {
  readonly index: WorkspaceIndex;
  profileOf(cluster: string): ClusterProfile;
}

/** The PATHs read but not yet in a model: `check` answered from the cache builds none. */
export interface ScannedWorkspace {
  /** What the warm-start cache's key holds, as the server's load gives it. */
  /** The key parts the warm-start cache files this read under, as the language server's load does. */
  readonly cacheContext: AnalysisContext;
  readonly fileCount: number;
  /** Parses what was read: the language server's cold load (WorkspaceSession.indexScanned). */
  parse(): Promise<CliWorkspace>;
}

/**
 * Reads the PATHs as the language server reads a workspace (WorkspaceSession), parsing them in worker threads
 * meanwhile (nothing when `parseAhead` is false), but puts nothing into the model yet. A named
 * file is read whatever its extension; folders are walked for YAML and JSON files as in the editor. One folder
 * is grouped as the editor groups a workspace folder (clusterGrouping.ts); several PATHs are one cluster, as
 * `kubectl apply -f A -f B` applies them together. A cluster's profile is `--profile` when given, else the
 * kubetrace.yaml of its folder or the nearest one above it (up to the PATH and beyond).
 */
export async function scanWorkspace(paths: readonly string[], options: WorkspaceOptions, warn: (text: string) => void, { parseAhead = true }: { readonly parseAhead?: boolean } = {}): Promise<ScannedWorkspace> {
  const roots = paths.map((given) => {
    const absolute = path.resolve(given);
    try {
      statSync(absolute);
    } catch (error) {
      throw new PathError(`cannot read ${given}: ${describeError(error)}`);
    }
    return absolute;
  });
  const [only] = roots.length === 1 ? roots : [];
  const settings: WorkspaceSettings = { exclude: options.exclude, clusters: {}, maxFileSize: options.maxFileSize };
  const session = new WorkspaceSession(roots, settings, {
    oneCluster: only === undefined || !statSync(only).isDirectory(),
    skipped: (notice) => warn(`kubetrace: skipped ${path.relative(process.cwd(), notice.path) || '.'}: ${notice.message}\n`),
    readProfiles: (uris) => readCliProfiles(paths, uris, options, warn),
  });
  const fingerprint = await session.scan(settings, { parseAhead });
  return {
    cacheContext: { fingerprint, settings, profile: session.profiles.map((read) => read.profile) },
    fileCount: session.scannedFileCount,
    parse: async () => {
      await session.indexScanned();
      return { index: session.model, profileOf: (cluster) => session.profileOf(cluster) };
    },
  };
}

/** Reads the PATHs into cluster models. */
export async function openWorkspace(paths: readonly string[], options: WorkspaceOptions, warn: (text: string) => void): Promise<CliWorkspace> {
  return (await scanWorkspace(paths, options, warn)).parse();
}

/** The profiles of the command line: `--profile` alone, or the kubetrace.yaml files above the first PATH and among those read. */
async function readCliProfiles(paths: readonly string[], uris: readonly string[], options: WorkspaceOptions, warn: (text: string) => void): Promise<SessionProfiles> {
  const withNamespace = (profile: ClusterProfile): WorkspaceProfile => ({ profile: options.namespace ? { ...profile, namespace: options.namespace } : profile, problems: [] });
  if (options.profile !== undefined) return { workspace: withNamespace(await readProfileAt(options.profile, warn)), byFolder: new Map() };
  const found = paths.map(findProfileFile).find((file) => file !== undefined);
  const inside = uris.map((uri) => uriToPath(uri) ?? uri).filter((file) => PROFILE_FILE_NAMES.includes(path.basename(file)));
  const byFolder = new Map<string, WorkspaceProfile>();
  for (const file of new Set([...(found ? [found] : []), ...inside])) byFolder.set(path.dirname(file), withNamespace(await readProfileAt(file, warn)));
  return { workspace: (found === undefined ? undefined : byFolder.get(path.dirname(found))) ?? withNamespace(DEFAULT_PROFILE), byFolder };
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
