import * as fs from 'node:fs';
import type { KustomizeFileSystem } from '../model/kustomize/fileSystem';
import { fileUri } from './fileUris';

/** Past this size a file named in a kustomization is not read (a kustomize input is small; this is not one). */
const MAX_INPUT_SIZE = 5_000_000;

/**
 * The files a Kustomize build reads: the text `openText` gives for a URI (an editor's buffer, a file the CLI
 * already read) wins over the disk. Paths are absolute with `/` separators.
 */
export function kustomizeFileSystem(openText: (uri: string) => string | undefined): KustomizeFileSystem {
  return {
    readText(filePath) {
      const open = openText(fileUri(filePath));
      if (open !== undefined) return open;
      try {
        const stat = fs.statSync(filePath);
        return stat.isFile() && stat.size <= MAX_INPUT_SIZE ? fs.readFileSync(filePath, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    readBytes(filePath) {
      const open = openText(fileUri(filePath));
      if (open !== undefined) return new TextEncoder().encode(open);
      try {
        const stat = fs.statSync(filePath);
        return stat.isFile() && stat.size <= MAX_INPUT_SIZE ? fs.readFileSync(filePath) : undefined;
      } catch {
        return undefined;
      }
    },
    isDirectory(filePath) {
      try {
        return fs.statSync(filePath).isDirectory();
      } catch {
        return false;
      }
    },
  };
}
