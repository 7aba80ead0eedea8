import type { ResId } from './resource';
import { isKMap, isKScalar, isKSeq, map, scalar, seq, type KMap, type KNode, type Origin } from './tree';

/** Kustomize's FieldSpec: which field of which kinds a transformer touches (`path` is `/`-separated). */
export interface FieldSpec {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly path: string;
  readonly create?: boolean;
}

/** Whether the field spec applies to an object of this type (an empty part matches any). */
export function fieldSpecSelects(spec: FieldSpec, id: Pick<ResId, 'group' | 'version' | 'kind'>): boolean {
  return (!spec.group || spec.group === id.group) && (!spec.version || spec.version === id.version) && (!spec.kind || spec.kind === id.kind);
}

/** Splits a path on `/`, except inside `[...]` (a value that holds a slash), as kyaml's PathSplitter. */
export function splitPath(path: string, separator = '/'): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (let index = 0; index < path.length; index++) {
    const char = path[index]!;
    if (char === '\\' && path[index + 1] === separator) {
      current += separator;
      index++;
      continue;
    }
    if (char === '[') depth++;
    else if (char === ']') depth = Math.max(0, depth - 1);
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.filter((part) => part !== '');
}

/** What a transformer does at a field the spec reaches: `replace` swaps the node in its parent. */
export type FieldVisitor = (node: KNode, replace: (next: KNode) => void) => void;

export type CreateKind = 'scalar' | 'map' | 'seq';

/**
 * Walks `spec.path` in `node` as kustomize's fieldspec filter: a list on the way is walked element by element;
 * a missing field is made (a map on the way, `createKind` at the end) only when the spec says `create`.
 */
export function visitFieldSpec(node: KNode, spec: FieldSpec, visit: FieldVisitor, createKind?: CreateKind, origin?: Origin): void {
  walk(node, splitPath(spec.path), spec.create === true ? createKind : undefined, origin, visit, () => undefined);
}

function walk(node: KNode, path: readonly string[], createKind: CreateKind | undefined, origin: Origin | undefined, visit: FieldVisitor, replace: (next: KNode) => void): void {
  if (path.length === 0) {
    visit(node, replace);
    return;
  }
  if (isKScalar(node) && node.value === null) return;
  if (isKSeq(node)) {
    node.items.forEach((item, index) => walk(item, path, createKind, origin, visit, (next) => (node.items[index] = next)));
    return;
  }
  if (!isKMap(node)) return;
  const [first, ...rest] = path as [string, ...string[]];
  const isSeqField = first.endsWith('[]');
  const key = isSeqField ? first.slice(0, -2) : first;
  let field = node.entries.get(key);
  const kind: CreateKind | undefined = createKind && !isSeqField ? (rest.length === 0 ? createKind : 'map') : undefined;
  if (field === undefined) {
    if (!kind) return;
    field = emptyNode(kind, origin);
    node.entries.set(key, field);
  } else if (isKScalar(field) && field.value === null && kind) {
    field = emptyNode(kind, origin);
    node.entries.set(key, field);
  }
  walk(field, rest, createKind, origin, visit, (next) => setEntry(node, key, next));
}

function setEntry(node: KMap, key: string, next: KNode): void {
  node.entries.set(key, next);
}

function emptyNode(kind: CreateKind, origin: Origin | undefined): KNode {
  if (kind === 'map') return map([], origin);
  if (kind === 'seq') return seq([], origin);
  return scalar(null, origin);
}
