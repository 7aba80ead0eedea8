import type { KustomizeFileSystem } from '../../server/src/model/kustomize/fileSystem';

/**
 * An in-memory file system for kustomize tests: file names are relative to `/app` (`base/deployment.yaml` is
 * `/app/base/deployment.yaml`), contents are text or bytes.
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
