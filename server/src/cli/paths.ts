import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file as the CLI prints it: relative to the working folder when it lies inside it, absolute otherwise. */
export function displayPath(uri: string): string {
  const filePath = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  const relative = path.relative(process.cwd(), filePath);
  return relative.startsWith('..') ? filePath : relative;
}
