import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { groupingByUri } from '../workspace/clusterGrouping';
import { createExclusion, describeError, discoverManifestFiles } from '../workspace/fileDiscovery';
import { hashOf, indexContent, readManifestContent, readManifestContents, type ManifestContent } from '../workspace/manifestFiles';
import { fileUri } from '../workspace/fileUris';
import { fingerprintOf, WorkspaceIndex } from '../workspace/workspaceIndex';
import { KustomizeBuilds } from '../workspace/kustomizeBuilds';
import { kustomizeFileSystem } from '../workspace/kustomizeFiles';
import { DEFAULT_CLUSTER } from '../workspace/clusterAssignment';

/** A PATH the user named that cannot be read: the CLI exits 2. */
export class PathError extends Error {}

export interface LoadOptions {
  readonly exclude: readonly string[];
  readonly maxFileSize: number;
}

/** What the named files and folders hold, read but not parsed, with the fingerprint of it all. */
export interface ScannedPaths {
  readonly contents: ReadonlyMap<string, ManifestContent>;
  readonly fingerprint: string;
}

/**
 * Reads the files and folders named on the command line. A named file is read whatever its extension;
 * folders are walked for YAML and JSON files as in the editor. Nothing is parsed yet.
 */
export async function scanPaths(paths: readonly string[], options: LoadOptions): Promise<ScannedPaths> {
  const contents = new Map<string, ManifestContent>();
  for (const given of paths) {
    const absolute = path.resolve(given);
    const stat = await fs.stat(absolute).catch((error: unknown) => {
      throw new PathError(`cannot read ${given}: ${describeError(error)}`);
    });
    if (stat.isDirectory()) {
      const { files, notices } = await discoverManifestFiles(absolute, createExclusion(absolute, options.exclude));
      for (const notice of notices) process.stderr.write(`kubetrace: skipped ${path.relative(process.cwd(), notice.path) || '.'}: ${notice.message}\n`);
      for (const [uri, content] of await readManifestContents(files, options.maxFileSize)) contents.set(uri, content);
    } else {
      contents.set(fileUri(absolute), readManifestContent(absolute, options.maxFileSize));
    }
  }
  const hashes = [...contents].map(([uri, content]) => [uri, hashOf(content)] as const);
  return { contents, fingerprint: fingerprintOf(hashes) };
}

/**
 * Parses what `scanPaths` read into cluster models. One folder is grouped as the editor groups a workspace
 * folder (clusterGrouping.ts); several PATHs are one cluster, as `kubectl apply -f A -f B` applies them together.
 * `namespaceOf` places the objects that name no namespace.
 */
export function indexScannedPaths(scanned: ScannedPaths, paths: readonly string[], namespaceOf: (cluster: string) => string | undefined): WorkspaceIndex {
  const [only] = paths.length === 1 ? paths.map((given) => path.resolve(given)) : [];
  const grouping = only !== undefined && isFolder(only) ? groupingByUri([only], {}) : undefined;
  const read = (uri: string) => {
    const content = scanned.contents.get(uri);
    return content && 'text' in content ? content.text : undefined;
  };
  const index = new WorkspaceIndex(() => [DEFAULT_CLUSTER], grouping, namespaceOf, new KustomizeBuilds(kustomizeFileSystem(read)));
  for (const [uri, content] of scanned.contents) indexContent(index, uri, content);
  return index;
}

function isFolder(given: string): boolean {
  try {
    return statSync(given).isDirectory();
  } catch {
    return false;
  }
}
