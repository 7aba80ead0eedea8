import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../engine/problem';
import { DEFAULT_PROFILE, readProfile, type ClusterProfile } from '../engine/profile';
import { PROFILE_FILE_NAMES, readProfileFile } from '../model/profileFile';
import { fileUri } from './manifestFiles';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export interface WorkspaceProfile {
  readonly profile: ClusterProfile;
  /** The profile file read, when there is one. */
  readonly file?: string;
  readonly problems: readonly Problem[];
}

/**
 * The cluster profile of the workspace: the first `kubetrace.yaml` at the root of a workspace folder (the
 * same file the CLI reads), with the editor setting `kubetrace.profile` over it, overriding only what it sets.
 * `readText` lets an open editor's text win over the disk.
 */
export async function loadWorkspaceProfile(
  roots: readonly string[],
  settingsProfile: unknown,
  readText: (filePath: string) => Promise<string | undefined> = (filePath) => fs.readFile(filePath, 'utf8').catch(() => undefined),
): Promise<WorkspaceProfile> {
  const problems: Problem[] = [];
  let base = DEFAULT_PROFILE;
  let file: string | undefined;
  search: for (const root of roots) {
    for (const name of PROFILE_FILE_NAMES) {
      const candidate = path.join(root, name);
      const text = await readText(candidate);
      if (text === undefined) continue;
      file = candidate;
      const read = readProfileFile(text, undefined, fileUri(candidate));
      base = read.profile;
      for (const problem of read.problems) problems.push(profileProblem(fileUri(candidate), problem.path, problem.message));
      break search;
    }
  }
  const layered = readProfile(settingsProfile, base);
  for (const problem of layered.problems) problems.push(profileProblem(file ? fileUri(file) : 'kubetrace-settings:', `kubetrace.profile.${problem.path}`, problem.message));
  return { profile: layered.profile, ...(file && { file }), problems };
}

/** The profile of a cluster root below a workspace folder: its own kubetrace.yaml, under the editor setting. */
export async function loadFolderProfile(file: string, settingsProfile: unknown, readText: (filePath: string) => Promise<string | undefined>): Promise<WorkspaceProfile> {
  const problems: Problem[] = [];
  const read = readProfileFile((await readText(file)) ?? '', undefined, fileUri(file));
  for (const problem of read.problems) problems.push(profileProblem(fileUri(file), problem.path, problem.message));
  const layered = readProfile(settingsProfile, read.profile);
  return { profile: layered.profile, file, problems };
}

/** What `byFolder` holds for the folder or the nearest one above it. */
export function nearestAbove<T>(folder: string | undefined, byFolder: ReadonlyMap<string, T>): T | undefined {
  for (let at = folder; at !== undefined; ) {
    const found = byFolder.get(at);
    if (found !== undefined) return found;
    const parent = path.dirname(at);
    at = parent === at ? undefined : parent;
  }
  return undefined;
}

function profileProblem(uri: string, key: string, message: string): Problem {
  return { code: 'KT007', severity: 'warning', message: `Cluster profile: ${key ? `${key} ` : ''}${message}; the default is used.`, uri, range: START };
}
