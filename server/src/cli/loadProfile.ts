import { existsSync, promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ClusterProfile } from '../engine';
import { PROFILE_FILE_NAMES, readProfileFile } from '../model/profileFile';
import { fileUri } from '../workspace/fileUris';
import { PathError } from './arguments';

/** The nearest `kubetrace.yaml` (or .yml, .json) in a PATH's folder or one of its ancestors. */
export function findProfileFile(given: string): string | undefined {
  let folder = path.resolve(given);
  if (existsSync(folder) && !statSync(folder).isDirectory()) folder = path.dirname(folder);
  for (;;) {
    for (const name of PROFILE_FILE_NAMES) {
      const candidate = path.join(folder, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** Reads one profile file; values it cannot use are reported on stderr and left at their defaults. */
export async function readProfileAt(file: string, warn: (text: string) => void): Promise<ClusterProfile> {
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw new PathError(`cannot read the profile ${file}`);
  });
  const { profile, problems } = readProfileFile(text, undefined, fileUri(path.resolve(file)));
  for (const problem of problems) warn(`kubetrace: ${path.relative(process.cwd(), file) || file}: ${problem.path ? `${problem.path} ` : ''}${problem.message}\n`);
  return profile;
}
