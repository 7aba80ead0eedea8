import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type ClusterProfile, DEFAULT_PROFILE, type Problem, problemOf, readProfile } from '../engine';
import { PROFILE_FILE_NAMES, readProfileFile } from '../model/profileFile';
import { fileUri } from './fileUris';

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
  for (const root of roots) {
    for (const name of PROFILE_FILE_NAMES) {
      const candidate = path.join(root, name);
      const text = await readText(candidate);
      if (text !== undefined) return layeredProfile(candidate, text, settingsProfile, true);
    }
  }
  return layeredProfile(undefined, undefined, settingsProfile, true);
}

/** The profile of a cluster root below a workspace folder: its own kubetrace.yaml, under the editor setting (whose problems the workspace's profile reports). */
export async function loadFolderProfile(file: string, settingsProfile: unknown, readText: (filePath: string) => Promise<string | undefined>): Promise<WorkspaceProfile> {
  return layeredProfile(file, (await readText(file)) ?? '', settingsProfile, false);
}

/** A profile file's text (none: the defaults) with the editor setting over it, and the problems of each. */
function layeredProfile(file: string | undefined, text: string | undefined, settingsProfile: unknown, reportSettings: boolean): WorkspaceProfile {
  const problems: Problem[] = [];
  let base = DEFAULT_PROFILE;
  if (file !== undefined && text !== undefined) {
    const read = readProfileFile(text, undefined, fileUri(file));
    base = read.profile;
    for (const problem of read.problems) problems.push(profileProblem(fileUri(file), problem.path, problem.message));
  }
  const layered = readProfile(settingsProfile, base);
  if (reportSettings) for (const problem of layered.problems) problems.push(profileProblem(file ? fileUri(file) : 'kubetrace-settings:', `kubetrace.profile.${problem.path}`, problem.message));
  return { profile: layered.profile, ...(file && { file }), problems };
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
  return problemOf({ code: 'KT007', message: `Cluster profile: ${key ? `${key} ` : ''}${message}; the default is used.`, uri, range: START });
}
