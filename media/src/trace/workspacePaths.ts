/** File URIs as the user knows them: relative to the workspace folder that holds them, as VS Code shows paths. */
import type { WorkspaceFolderRef } from '../protocol';

/**
 * `shop/web/frontend.yaml` for a file of the only workspace folder; `folder-name/shop/...` with several (as
 * VS Code's asRelativePath says it); the file's path for a file outside every folder.
 */
export function workspacePath(uri: string, folders: readonly WorkspaceFolderRef[]): string {
  const file = decodeURIComponent(uri);
  for (const folder of folders) {
    const root = decodeURIComponent(folder.uri).replace(/\/?$/, '/');
    if (!file.startsWith(root)) continue;
    const relative = file.slice(root.length);
    return folders.length > 1 ? `${folder.name}/${relative}` : relative;
  }
  return file.replace(/^file:\/\//, '');
}
