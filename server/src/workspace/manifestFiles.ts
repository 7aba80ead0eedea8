import { promises as fs } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Problem } from '../engine/problem';
import { describeError } from './fileDiscovery';
import { contentHash, noticeHash, type WorkspaceIndex } from './workspaceIndex';

const START_OF_FILE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/**
 * One spelling per file: VS Code percent-encodes characters such as `(` that Node leaves alone, so a
 * `file:` URI from the editor is rewritten as the server spells the same path. Other URIs pass unchanged.
 */
export function canonicalUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileUri(fileURLToPath(uri));
  } catch {
    return uri;
  }
}

/** A file's content as read from disk, or the notice that stands in for it (too large, unreadable). */
export type ManifestContent = { readonly text: string } | { readonly notice: Problem };

/** Reads one file; a file over the size limit or one that cannot be read gives a notice at its first line. */
export async function readManifestContent(filePath: string, maxFileSize: number): Promise<ManifestContent> {
  const uri = fileUri(filePath);
  try {
    const { size } = await fs.stat(filePath);
    if (size > maxFileSize) {
      return { notice: notice(uri, 'KT005', 'information', `Skipped: the file is ${formatBytes(size)}, over the ${formatBytes(maxFileSize)} limit (setting kubetrace.maxFileSize).`) };
    }
    return { text: await fs.readFile(filePath, 'utf8') };
  } catch (error) {
    return { notice: notice(uri, 'KT006', 'warning', `Could not read the file: ${describeError(error)}.`) };
  }
}

/** What the index and the warm-start cache know a content by. */
export function hashOf(content: ManifestContent): string {
  return 'text' in content ? contentHash(content.text) : noticeHash(content.notice);
}

/** Puts a file's content into the index: its text is parsed, a notice stands in for its objects. */
export function indexContent(index: WorkspaceIndex, uri: string, content: ManifestContent): void {
  if ('text' in content) index.setText(uri, content.text);
  else index.setNotice(uri, content.notice);
}

/** Reads one file from disk into the index; the rest of the workspace is unaffected by its problems. */
export async function readManifestFile(index: WorkspaceIndex, filePath: string, maxFileSize: number): Promise<void> {
  indexContent(index, fileUri(filePath), await readManifestContent(filePath, maxFileSize));
}

/** How many files are read at once: enough to keep the disk busy while the one thread parses. */
const READS_IN_FLIGHT = 32;

/** Reads many files, several at a time; the result is keyed by URI, so the order reads finish in does not matter. */
export async function readManifestContents(filePaths: readonly string[], maxFileSize: number): Promise<Map<string, ManifestContent>> {
  const contents = new Map<string, ManifestContent>();
  let next = 0;
  const reader = async () => {
    while (next < filePaths.length) {
      const filePath = filePaths[next++]!;
      contents.set(fileUri(filePath), await readManifestContent(filePath, maxFileSize));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, filePaths.length) }, reader));
  return contents;
}

/** Reads many files into the index. */
export async function readManifestFiles(index: WorkspaceIndex, filePaths: readonly string[], maxFileSize: number): Promise<void> {
  for (const [uri, content] of await readManifestContents(filePaths, maxFileSize)) indexContent(index, uri, content);
}

function notice(uri: string, code: string, severity: Problem['severity'], message: string): Problem {
  return { code, severity, message, uri, range: START_OF_FILE };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(1)} kB`;
  return `${bytes} bytes`;
}
