import type { KustomizeFileSystem } from '../../server/src/model/kustomize/fileSystem';

/**
 * Files in memory under `/app`, named relative to it (`base/kustomization.yaml`): a kustomize test's file system.
 * Text is read as UTF-8 bytes and bytes as text, as a file on disk would be.
 */
export function memoryFiles(files: Record<string, string | Uint8Array>): KustomizeFileSystem {
  const at = (path: string): string | Uint8Array | undefined => files[path.replace(/^\/app\/?/, '') || '.'];
  return {
    readText: (path) => {
      const content = at(path);
      return content === undefined ? undefined : typeof content === 'string' ? content : new TextDecoder().decode(content);
    },
    readBytes: (path) => {
      const content = at(path);
      return content === undefined ? undefined : typeof content === 'string' ? new TextEncoder().encode(content) : content;
    },
    isDirectory: (path) => {
      const prefix = path.replace(/^\/app\/?/, '');
      return Object.keys(files).some((name) => prefix === '' || name.startsWith(`${prefix}/`));
    },
  };
}
