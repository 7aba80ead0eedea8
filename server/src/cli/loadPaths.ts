import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createExclusion, describeError, discoverManifestFiles } from '../workspace/fileDiscovery';
import { readManifestFile, readManifestFiles } from '../workspace/manifestFiles';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { DEFAULT_CLUSTER } from '../workspace/clusterAssignment';

/** A PATH the user named that cannot be read: the CLI exits 2. */
export class PathError extends Error {}

export interface LoadOptions {
  readonly exclude: readonly string[];
  readonly maxFileSize: number;
}

/**
 * Reads the files and folders named on the command line into one cluster model. A named file is read
 * whatever its extension; folders are walked for YAML and JSON files as in the editor.
 */
export async function loadPaths(paths: readonly string[], options: LoadOptions): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(() => [DEFAULT_CLUSTER]);
  for (const given of paths) {
    const absolute = path.resolve(given);
    const stat = await fs.stat(absolute).catch((error: unknown) => {
      throw new PathError(`cannot read ${given}: ${describeError(error)}`);
    });
    if (stat.isDirectory()) {
      const { files, notices } = await discoverManifestFiles(absolute, createExclusion(absolute, options.exclude));
      for (const notice of notices) process.stderr.write(`kubetrace: skipped ${path.relative(process.cwd(), notice.path) || '.'}: ${notice.message}\n`);
      await readManifestFiles(index, files, options.maxFileSize);
    } else {
      await readManifestFile(index, absolute, options.maxFileSize);
    }
  }
  return index;
}
