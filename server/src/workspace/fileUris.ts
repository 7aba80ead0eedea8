import { fileURLToPath, pathToFileURL } from 'node:url';

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/** The path of a `file:` URI; undefined for other schemes and malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
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
