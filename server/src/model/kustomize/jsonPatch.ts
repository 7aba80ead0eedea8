import { KustomizeError } from './errors';
import { cloneNode, isKMap, isKScalar, isKSeq, scalarText, toPlain, type KMap, type KNode, type KSeq } from './tree';

/** One RFC 6902 operation, its value kept as written (with the patch file's origins). */
export interface JsonPatchOperation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: KNode;
}

/**
 * Reads a JSON patch (a JSON or YAML list of operations) as kustomize's jsonPatchFromBytes and evanphx's
 * DecodePatch do: a list of mappings; undefined when the node is not one.
 */
export function readJsonPatch(node: KNode | undefined): JsonPatchOperation[] | undefined {
  if (!isKSeq(node) || !node.items.every(isKMap)) return undefined;
  return (node.items as KMap[]).map((item) => {
    const value = item.entries.get('value');
    const from = scalarText(item.entries.get('from'));
    return {
      op: scalarText(item.entries.get('op')) ?? '',
      path: scalarText(item.entries.get('path')) ?? '',
      ...(from !== undefined && { from }),
      ...(value !== undefined && { value }),
    };
  });
}

/**
 * Applies the operations to `document` in order, as evanphx/json-patch (negative indices allowed, missing paths an
 * error). Values added are copies of the patch's nodes, so they keep the patch's origins. Returns the new root.
 */
export function applyJsonPatch(document: KNode, operations: readonly JsonPatchOperation[]): KNode {
  let root = document;
  for (const operation of operations) root = applyOne(root, operation);
  return root;
}

function applyOne(root: KNode, operation: JsonPatchOperation): KNode {
  const value = (): KNode => {
    if (operation.value === undefined) throw new KustomizeError(`json patch ${operation.op} operation on ${operation.path} has no value`);
    return cloneNode(operation.value);
  };
  switch (operation.op) {
    case 'add':
      return add(root, operation.path, value());
    case 'remove':
      remove(root, operation.path);
      return root;
    case 'replace':
      return replace(root, operation.path, value());
    case 'move': {
      const moved = get(root, requiredFrom(operation), 'move');
      remove(root, operation.from!);
      return add(root, operation.path, moved);
    }
    case 'copy':
      return add(root, operation.path, cloneNode(get(root, requiredFrom(operation), 'copy')));
    case 'test':
      test(root, operation.path, operation.value);
      return root;
    default:
      throw new KustomizeError(`Unexpected kind: ${operation.op}`);
  }
}

function requiredFrom(operation: JsonPatchOperation): string {
  if (operation.from === undefined) throw new KustomizeError(`json patch ${operation.op} operation has no from`);
  return operation.from;
}

/** A JSON pointer's reference tokens (`~1` is `/`, `~0` is `~`). */
function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new KustomizeError(`JSON pointer must be empty or start with a "/": ${pointer}`);
  return pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container that holds the last token of `pointer`, and that token. */
function parentOf(root: KNode, pointer: string, op: string): { parent: KNode; key: string } {
  const parts = tokens(pointer);
  const key = parts.pop();
  if (key === undefined) throw new KustomizeError(`${op} operation does not apply: doc is missing path: "${pointer}"`);
  let current: KNode | undefined = root;
  for (const part of parts) {
    current = child(current, part);
    if (current === undefined) throw new KustomizeError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  }
  return { parent: current, key };
}

function child(node: KNode | undefined, token: string): KNode | undefined {
  if (isKMap(node)) return node.entries.get(token);
  if (isKSeq(node)) {
    const index = arrayIndex(token, node.items.length, false);
    return index === undefined ? undefined : node.items[index];
  }
  return undefined;
}

/** An array index as evanphx reads it: decimal, negative from the end; undefined when out of range. */
function arrayIndex(token: string, length: number, forInsert: boolean): number | undefined {
  if (!/^-?\d+$/.test(token)) throw new KustomizeError(`Unable to access invalid index: ${token}: invalid index referenced`);
  let index = Number(token);
  const limit = forInsert ? length : length - 1;
  if (index > limit) return undefined;
  if (index < 0) {
    if (-index > length) return undefined;
    index += length;
  }
  return index;
}

function get(root: KNode, pointer: string, op: string): KNode {
  let current: KNode | undefined = root;
  for (const part of tokens(pointer)) current = child(current, part);
  if (current === undefined) throw new KustomizeError(`${op} operation does not apply: doc is missing from path: "${pointer}": missing value`);
  return current;
}

function add(root: KNode, pointer: string, value: KNode): KNode {
  if (pointer === '') return value;
  const { parent, key } = parentOf(root, pointer, 'add');
  if (isKMap(parent)) {
    parent.entries.set(key, value);
  } else if (isKSeq(parent)) {
    const index = key === '-' ? parent.items.length : arrayIndex(key, parent.items.length, true);
    if (index === undefined) throw new KustomizeError(`Unable to access invalid index: ${key}: invalid index referenced`);
    parent.items.splice(index, 0, value);
  } else {
    throw new KustomizeError(`add operation does not apply: doc is missing path: "${pointer}": missing value`);
  }
  return root;
}

function remove(root: KNode, pointer: string): void {
  const { parent, key } = parentOf(root, pointer, 'remove');
  if (isKMap(parent) && parent.entries.has(key)) {
    parent.entries.delete(key);
    return;
  }
  const index = isKSeq(parent) ? arrayIndex(key, parent.items.length, false) : undefined;
  if (index === undefined) throw new KustomizeError(`Unable to remove nonexistent key: ${key}: missing value`);
  (parent as KSeq).items.splice(index, 1);
}

function replace(root: KNode, pointer: string, value: KNode): KNode {
  if (pointer === '') return value;
  const { parent, key } = parentOf(root, pointer, 'replace');
  if (isKMap(parent) && parent.entries.has(key)) {
    parent.entries.set(key, value);
    return root;
  }
  const index = isKSeq(parent) ? arrayIndex(key, parent.items.length, false) : undefined;
  if (index === undefined) throw new KustomizeError(`replace operation does not apply: doc is missing key: ${pointer}: missing value`);
  (parent as KSeq).items[index] = value;
  return root;
}

function test(root: KNode, pointer: string, expected: KNode | undefined): void {
  let current: KNode | undefined = root;
  for (const part of tokens(pointer)) current = child(current, part);
  const actual = current === undefined ? null : toPlain(current);
  const wanted = expected === undefined || (isKScalar(expected) && expected.value === null) ? null : toPlain(expected);
  if (JSON.stringify(canonical(actual)) !== JSON.stringify(canonical(wanted))) throw new KustomizeError(`testing value ${pointer} failed: test failed`);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}
