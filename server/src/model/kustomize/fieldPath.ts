import { isKMap, isKScalar, isKSeq, map, scalar, scalarText, seq, type KNode, type KSeq, type Origin, type ScalarValue } from './tree';

/**
 * kyaml's dotted field paths, as replacements and vars read them: `spec.template.spec.containers.[name=web].image`,
 * `[name=x]` and `[=value]` list element selectors, `0` indexes, `-` (the last element) and `*` wildcards.
 */

/** Why a path could not be walked (kyaml's error); callers say where it was written. */
export class FieldPathError extends Error {}

/** A place in a tree: the node found there and how to put another node in its place. */
export interface FieldSlot {
  readonly node: KNode;
  readonly set: (next: KNode) => void;
  /** Made by the lookup: an untagged scalar, whose type comes from the text later written into it. */
  readonly created?: boolean;
}

export type NodeKind = 'scalar' | 'map' | 'seq';

/**
 * Splits a dotted path as kyaml's SmarterPathSplitter: `\.` escapes a dot, a leading dot is dropped, a bracketed
 * part keeps its dots (`[name=a.b]`), and brackets without `=` only quote a map key (`[app.kubernetes.io/name]`).
 */
export function splitFieldPath(path: string): string[] {
  const pieces: string[] = [];
  for (const piece of path.split('.')) {
    const last = pieces.length - 1;
    if (last >= 0 && pieces[last]!.endsWith('\\')) pieces[last] = `${pieces[last]!.slice(0, -1)}.${piece}`;
    else pieces.push(piece);
  }
  if (pieces.length > 1 && pieces[0] === '') pieces.shift();
  const result: string[] = [];
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index]!;
    if (!piece.startsWith('[') || piece.endsWith(']')) {
      result.push(piece);
      continue;
    }
    const bracketed = [piece];
    while (index < pieces.length - 1) {
      const next = pieces[++index]!;
      bracketed.push(next);
      if (next.endsWith(']')) break;
    }
    const joined = bracketed.join('.');
    result.push(joined.includes('=') ? joined : joined.replace(/^\[+|\]+$/g, ''));
  }
  return result;
}

/** `ports[0]` as `ports`, `0`: the form vars' field paths may use (kyaml's convertSliceIndex). */
export function convertSliceIndexes(parts: readonly string[]): string[] {
  const result: string[] = [];
  for (const part of parts) {
    const match = part.endsWith(']') ? /^(.*)\[(\d+)\]$/.exec(part) : null;
    if (!match) {
      result.push(part);
      continue;
    }
    if (match[1]) result.push(match[1]);
    result.push(match[2]!);
  }
  return result;
}

/**
 * The node at `path` (kyaml's PathGetter), or undefined where a part is missing. With `create`, missing fields and
 * `[name=value]` elements are made on the way (maps, or lists before a `[...]` part) and the last one of that kind;
 * indexes are never made. Made nodes carry `origin`.
 */
export function lookupField(root: KNode, rawPath: readonly string[], create?: NodeKind, origin?: Origin): FieldSlot | undefined {
  const path = rawPath.map((part) => part.trim()).filter((part) => part !== '');
  let slot: FieldSlot = { node: root, set: () => undefined };
  for (let index = 0; index < path.length; index++) {
    const part = path[index]!;
    const next = slot.node;
    if (/^[+-]?\d+$/.test(part)) {
      const position = Number(part);
      if (position < 0) throw new FieldPathError(`array index ${position} cannot be negative`);
      slot = elementAt(next, position) ?? missing;
    } else if (part === '-') {
      slot = elementAt(next, -1) ?? missing;
    } else if (isListIndex(part)) {
      slot = matchingElement(next, part, create, origin) ?? missing;
    } else {
      const nextPart = path[index + 1] ?? '';
      const kind: NodeKind | undefined = create && (isListIndex(nextPart) ? 'seq' : nextPart === '' ? create : 'map');
      slot = field(next, part, kind, origin) ?? missing;
    }
    if (slot === missing) return undefined;
  }
  return slot;
}

/**
 * Every node `path` reaches (kyaml's PathMatcher): `[field=regex]` and `[=regex]` select each list element whose
 * value the (unanchored) regular expression matches, `*` every element, `0` one index.
 */
export function matchFields(root: KNode, path: readonly string[]): FieldSlot[] {
  return matchFrom({ node: root, set: () => undefined }, path);
}

/** A sentinel for "not found" inside the walk. */
const missing: FieldSlot = { node: scalar(null), set: () => undefined };

function matchFrom(slot: FieldSlot, path: readonly string[]): FieldSlot[] {
  if (path.length === 0) return [slot];
  const [part, ...rest] = path as [string, ...string[]];
  const node = slot.node;
  if (/^\+?\d+$/.test(part)) {
    const position = Number(part);
    const items = elementsOf(node);
    if (position >= items.length) throw new FieldPathError(`index ${position} specified but only ${items.length} elements found`);
    return matchFrom(itemSlot(node as KSeq, position), rest);
  }
  if (isListIndex(part)) {
    const [name, pattern] = splitIndex(part);
    const expression = compile(pattern);
    const items = elementsOf(node);
    const found: FieldSlot[] = [];
    items.forEach((item, position) => {
      const value = name === '' ? item : isKMap(item) ? item.entries.get(name) : undefined;
      const text = isKScalar(value) ? scalarText(value) : undefined;
      if (text === undefined || !expression.test(text)) return;
      found.push(...(name === '' ? [itemSlot(node as KSeq, position)] : matchFrom(itemSlot(node as KSeq, position), rest)));
    });
    return found;
  }
  if (part === '*') return elementsOf(node).flatMap((_, position) => matchFrom(itemSlot(node as KSeq, position), rest));
  if (isNull(node)) return [];
  if (!isKMap(node)) throw wrongKind('MappingNode', node);
  const child = node.entries.get(part);
  return child === undefined ? [] : matchFrom({ node: child, set: (next) => node.entries.set(part, next) }, rest);
}

function isListIndex(part: string): boolean {
  return part.startsWith('[') && part.endsWith(']');
}

function splitIndex(part: string): [string, string] {
  const inner = part.slice(1, -1);
  const equals = inner.indexOf('=');
  if (equals < 0) throw new FieldPathError('list path element must contain fieldName=fieldValue for element to match');
  return [inner.slice(0, equals), inner.slice(equals + 1)];
}

function compile(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    throw new FieldPathError(`error parsing regexp: ${pattern}`);
  }
}

function isNull(node: KNode): boolean {
  return isKScalar(node) && node.value === null;
}

function wrongKind(expected: string, node: KNode): FieldPathError {
  const actual = isKMap(node) ? 'MappingNode' : isKSeq(node) ? 'SequenceNode' : 'ScalarNode';
  return new FieldPathError(`wrong node kind: expected ${expected} but got ${actual}`);
}

/** A list's elements; a null field has none; anything else is kyaml's wrong-kind error. */
function elementsOf(node: KNode): KNode[] {
  if (isNull(node)) return [];
  if (!isKSeq(node)) throw wrongKind('SequenceNode', node);
  return node.items;
}

function itemSlot(list: KSeq, position: number): FieldSlot {
  return { node: list.items[position]!, set: (next) => (list.items[position] = next) };
}

function elementAt(node: KNode, position: number): FieldSlot | undefined {
  const items = elementsOf(node);
  const index = position < 0 ? items.length - 1 : position;
  return index >= 0 && index < items.length ? itemSlot(node as KSeq, index) : undefined;
}

/** kyaml's ElementMatcher: the first element whose field (or own value) is exactly `value`, made when asked. */
function matchingElement(node: KNode, part: string, create: NodeKind | undefined, origin: Origin | undefined): FieldSlot | undefined {
  const [name, value] = splitIndex(part);
  const items = elementsOf(node);
  const position = items.findIndex((item) =>
    name === '' ? isKScalar(item) && scalarText(item) === value : isKMap(item) && isKScalar(item.entries.get(name)) && scalarText(item.entries.get(name)) === value,
  );
  if (position >= 0) return itemSlot(node as KSeq, position);
  if (!create || !isKSeq(node)) return undefined;
  const element = name === '' ? scalar(resolveScalar(value), origin) : map([[name, scalar(resolveScalar(value), origin)]], origin);
  node.items.push(element);
  return { ...itemSlot(node, node.items.length - 1), ...(name === '' && { created: true }) };
}

/** kyaml's FieldMatcher: a null node has no fields; a field missing is made (of `create` kind) when asked. */
function field(node: KNode, name: string, create: NodeKind | undefined, origin: Origin | undefined): FieldSlot | undefined {
  if (isNull(node)) return undefined;
  if (!isKMap(node)) throw wrongKind('MappingNode', node);
  const set = (next: KNode): void => void node.entries.set(name, next);
  const existing = node.entries.get(name);
  if (existing !== undefined) return { node: existing, set };
  if (!create) return undefined;
  const made = create === 'map' ? map([], origin) : create === 'seq' ? seq([], origin) : scalar(null, origin);
  node.entries.set(name, made);
  return { node: made, set, created: create === 'scalar' };
}

/** The value plain text has in YAML 1.2's core schema (what an untagged scalar reads as). */
export function resolveScalar(text: string): ScalarValue {
  if (/^(|~|null|Null|NULL)$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return Number.parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return Number.NaN;
  return text;
}

/**
 * `text` written into a scalar that keeps its YAML type, as kyaml does when it sets only a node's value: a string
 * stays a string, a number or boolean takes the text as one when it reads as one.
 */
export function retypeScalar(text: string, like: ScalarValue, untagged = false): ScalarValue {
  if (untagged || like === null) return resolveScalar(text);
  if (typeof like === 'string') return text;
  const resolved = resolveScalar(text);
  return typeof resolved === typeof like ? resolved : text;
}
