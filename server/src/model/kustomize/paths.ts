/** Slash-separated paths, as kustomize resolves them against a kustomization's folder (no node: in the model). */

export function joinPath(base: string, relative: string): string {
  if (relative.startsWith('/')) return normalizePath(relative);
  return normalizePath(base === '' ? relative : `${base}/${relative}`);
}

export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function dirnameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return '.';
  return slash === 0 ? '/' : path.slice(0, slash);
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether `path` is `folder` or inside it. */
export function isWithin(path: string, folder: string): boolean {
  if (folder === '/' || folder === '.') return folder === '/' ? path.startsWith('/') : !path.startsWith('..') && !path.startsWith('/');
  return path === folder || path.startsWith(`${folder}/`);
}

/** `path` relative to `from` (both normalized the same way), with `..` where it leaves `from`. */
export function relativePath(from: string, path: string): string {
  const fromParts = from === '.' ? [] : from.split('/').filter(Boolean);
  const pathParts = path.split('/').filter(Boolean);
  let common = 0;
  while (common < fromParts.length && common < pathParts.length && fromParts[common] === pathParts[common]) common++;
  const up = fromParts.slice(common).map(() => '..');
  return [...up, ...pathParts.slice(common)].join('/') || '.';
}
