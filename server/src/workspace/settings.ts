import { isRecord } from '../engine';
import type { ClusterFolders } from './clusterAssignment';

/** What the user can set (VS Code settings `kubetrace.*` and `files.exclude`), with defaults. */
export interface WorkspaceSettings {
  readonly exclude: readonly string[];
  readonly clusters: ClusterFolders;
  readonly maxFileSize: number;
  /** `kubetrace.profile`: cluster profile keys that override kubetrace.yaml. */
  readonly profile?: unknown;
}

export const DEFAULT_SETTINGS: WorkspaceSettings = { exclude: [], clusters: {}, maxFileSize: 5_000_000 };

/** Reads settings from untrusted JSON, keeping defaults for anything missing or of the wrong type. */
export function readSettings(kubetrace: unknown, filesExclude: unknown): WorkspaceSettings {
  const section = isRecord(kubetrace) ? kubetrace : {};
  const exclude = stringArray(section['exclude']);
  if (isRecord(filesExclude)) {
    for (const [pattern, enabled] of Object.entries(filesExclude)) if (enabled === true) exclude.push(pattern);
  }
  const clusters: Record<string, readonly string[]> = {};
  if (isRecord(section['clusters'])) {
    for (const [name, folders] of Object.entries(section['clusters'])) clusters[name] = stringArray(folders);
  }
  const maxFileSize = section['maxFileSize'];
  return {
    exclude,
    clusters,
    ...(section['profile'] !== undefined && { profile: section['profile'] }),
    maxFileSize: typeof maxFileSize === 'number' && maxFileSize > 0 ? maxFileSize : DEFAULT_SETTINGS.maxFileSize,
  };
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
