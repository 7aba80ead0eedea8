import { promises as fs } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Problem } from '../engine/problem';
import { describeError } from './fileDiscovery';
import type { WorkspaceIndex } from './workspaceIndex';

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

/**
 * Reads one file from disk into the index. A file over the size limit or one that cannot be read gives a
 * notice at its first line instead of objects; the rest of the workspace is unaffected.
 */
export async function readManifestFile(index: WorkspaceIndex, filePath: string, maxFileSize: number): Promise<void> {
  const uri = fileUri(filePath);
  try {
    const { size } = await fs.stat(filePath);
    if (size > maxFileSize) {
      index.setNotice(uri, notice(uri, 'KT005', 'information', `Skipped: the file is ${formatBytes(size)}, over the ${formatBytes(maxFileSize)} limit (setting kubetrace.maxFileSize).`));
      return;
    }
    index.setText(uri, await fs.readFile(filePath, 'utf8'));
  } catch (error) {
    index.setNotice(uri, notice(uri, 'KT006', 'warning', `Could not read the file: ${describeError(error)}.`));
  }
}

function notice(uri: string, code: string, severity: Problem['severity'], message: string): Problem {
  return { code, severity, message, uri, range: START_OF_FILE };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(1)} kB`;
  return `${bytes} bytes`;
}
