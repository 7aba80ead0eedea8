import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

export function isManifestPath(filePath: string): boolean {
  return MANIFEST_EXTENSION.test(filePath);
}

/** Glob patterns relative to a root (`files.exclude` keys set to true, plus `kubetrace.exclude`). */
export function createExclusion(root: string, patterns: readonly string[]): (filePath: string) => boolean {
  const matchers = patterns.filter((pattern) => pattern.trim() !== '').map((pattern) => picomatch(pattern, { dot: true }));
  return (filePath) => {
    const relative = path.relative(root, filePath).split(path.sep).join('/');
    if (relative.startsWith('..')) return false;
    if (relative.split('/').some((segment) => ALWAYS_SKIPPED.has(segment))) return true;
    return matchers.some((matches) => matches(relative));
  };
}

export interface DiscoveryNotice {
  readonly path: string;
  readonly message: string;
}

/**
 * Every YAML and JSON file under `root` that is not excluded, in a stable order. Symbolic links to
 * folders are followed once (a link loop ends there); unreadable folders are reported, not fatal.
 */
export async function discoverManifestFiles(
  root: string,
  isExcluded: (filePath: string) => boolean,
): Promise<{ files: string[]; notices: DiscoveryNotice[] }> {
  const files: string[] = [];
  const notices: DiscoveryNotice[] = [];
  const visited = new Set<string>();

  async function walk(folder: string): Promise<void> {
    let real: string;
    try {
      real = await fs.realpath(folder);
    } catch (error) {
      notices.push({ path: folder, message: describeError(error) });
      return;
    }
    if (visited.has(real)) {
      // Reached again through a symbolic link: a loop, or a second way to the same folder. Read once.
      notices.push({ path: folder, message: `a link to ${real}, which is read already (a link loop or a second way to it)` });
      return;
    }
    visited.add(real);
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      notices.push({ path: folder, message: describeError(error) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const entryPath = path.join(folder, entry.name);
      if (isExcluded(entryPath)) continue;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await fs.stat(entryPath).catch(() => undefined);
        isDirectory = target?.isDirectory() ?? false;
        // A dangling link with a manifest's name is kept, so reading it reports KT006 instead of losing it.
        isFile = target?.isFile() ?? target === undefined;
      }
      if (isDirectory) await walk(entryPath);
      else if (isFile && isManifestPath(entry.name)) files.push(entryPath);
    }
  }

  await walk(root);
  return { files, notices };
}

export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = String((error as { code: unknown }).code);
    const reasons: Record<string, string> = {
      ENOENT: 'no such file or folder',
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      ELOOP: 'too many levels of symbolic links',
      EISDIR: 'is a folder',
      ENOTDIR: 'not a folder',
    };
    return reasons[code] ?? code;
  }
  return error instanceof Error ? error.message : String(error);
}
