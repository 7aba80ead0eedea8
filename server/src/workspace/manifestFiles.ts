import * as fs from 'node:fs';
import { type Problem, type ProblemCode, problemOf } from '../engine';
import { describeError } from './fileDiscovery';
import { fileUri } from './fileUris';
import { contentHash, noticeHash, type WorkspaceIndex } from './workspaceIndex';

const START_OF_FILE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A file's content as read from disk, or the notice that stands in for it (too large, unreadable). */
export type ManifestContent = { readonly text: string } | { readonly notice: Problem };

/**
 * Reads one file; a file over the size limit or one that cannot be read gives a notice at its first line.
 * Synchronously: a manifest is small and local, and a synchronous read is several times cheaper than the
 * promise API's open, stat, read and close, each a trip through the thread pool.
 */
export function readManifestContent(filePath: string, maxFileSize: number): ManifestContent {
  const uri = fileUri(filePath);
  try {
    const stat = fs.statSync(filePath);
    // A named pipe or a device would block the read or never end.
    if (!stat.isFile()) return { notice: notice(uri, 'KT006', 'Could not read the file: it is not a regular file (a pipe, socket or device).') };
    const size = stat.size;
    if (size > maxFileSize) {
      return { notice: notice(uri, 'KT005', `Skipped: the file is ${formatBytes(size)}, over the ${formatBytes(maxFileSize)} limit (setting kubetrace.maxFileSize).`) };
    }
    return { text: fs.readFileSync(filePath, 'utf8') };
  } catch (error) {
    return { notice: notice(uri, 'KT006', `Could not read the file: ${describeError(error)}.`) };
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
export function readManifestFile(index: WorkspaceIndex, filePath: string, maxFileSize: number): void {
  indexContent(index, fileUri(filePath), readManifestContent(filePath, maxFileSize));
}

/** How long reading goes on before it lets other work (messages, requests) run. */
const READ_SLICE_MS = 20;

/** Reads many files, pausing every few milliseconds so a long read does not hold up messages; `read` is told of each file as it is read. */
export async function readManifestContents(filePaths: readonly string[], maxFileSize: number, read?: (uri: string, content: ManifestContent) => void): Promise<Map<string, ManifestContent>> {
  const contents = new Map<string, ManifestContent>();
  let pausedAt = performance.now();
  for (const filePath of filePaths) {
    const uri = fileUri(filePath);
    const content = readManifestContent(filePath, maxFileSize);
    contents.set(uri, content);
    read?.(uri, content);
    if (performance.now() - pausedAt > READ_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      pausedAt = performance.now();
    }
  }
  return contents;
}

/** Reads many files into the index. */
export async function readManifestFiles(index: WorkspaceIndex, filePaths: readonly string[], maxFileSize: number): Promise<void> {
  for (const [uri, content] of await readManifestContents(filePaths, maxFileSize)) indexContent(index, uri, content);
}

function notice(uri: string, code: ProblemCode, message: string): Problem {
  return problemOf({ code, message, uri, range: START_OF_FILE });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(1)} kB`;
  return `${bytes} bytes`;
}
