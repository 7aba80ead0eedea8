import { KustomizeError } from './errors';
import { strategyOf, type PatchSchema, type SchemaPosition } from './patchSchema';
import { isKMap, isKScalar, isKSeq, scalar, scalarText, seq, stringAt, type KNode, type KSeq } from './tree';

/**
 * A strategic merge patch as kustomize v5 applies it: kyaml's merge2 walker with patch-list items first
 * (ListIncreaseDirection prepend) and no inferred list keys. Maps merge field by field, `null` removes a field,
 * lists merge by the merge keys of the schema and are replaced whole otherwise, `$patch: delete|replace|merge`
 * applies to maps and list elements. Other directives ($setElementOrder, $retainKeys, $deleteFromPrimitiveList)
 * are not kyaml's: like kustomize, they are merged as ordinary fields.
 *
 * Nodes taken from the patch keep the patch's origins; `dest` is changed in place. Returns the merged node, or
 * undefined when the patch deletes it (`$patch: delete` at the top deletes the object).
 */
export function strategicMerge(dest: KNode | undefined, patch: KNode, schema: PatchSchema): KNode | undefined {
  return new Merger(schema).walk(dest, patch, undefined, []);
}

type Directive = 'merge' | 'replace' | 'delete';

const DIRECTIVE_KEY = '$patch';

function isMissingOrNull(node: KNode | undefined): node is undefined {
  return node === undefined || (isKScalar(node) && node.value === null);
}

function isEmptyMap(node: KNode | undefined): boolean {
  return isKMap(node) && node.entries.size === 0;
}

function nodeKind(node: KNode): string {
  return node.type === 'map' ? 'MappingNode' : node.type === 'seq' ? 'SequenceNode' : 'ScalarNode';
}

class Merger {
  constructor(private readonly schema: PatchSchema) {}

  walk(dest: KNode | undefined, origin: KNode | undefined, position: SchemaPosition | undefined, path: readonly string[]): KNode | undefined {
    const schema = position ?? this.typeSchema(dest) ?? this.typeSchema(origin);
    const first = [dest, origin].find((node) => !isMissingOrNull(node));
    const kind = first?.type ?? 'map';
    for (const node of [dest, origin]) {
      if (!isMissingOrNull(node) && node.type !== kind) {
        throw new KustomizeError(`wrong Node Kind for ${path.join('.')} expected: ${nodeKind(first!)} was ${nodeKind(node)}`);
      }
    }
    if (kind === 'map') return this.walkMap(dest, origin, schema, path);
    if (kind === 'seq') {
      return strategyOf(schema).strategies.includes('merge') ? this.walkAssociativeList(dest, origin, schema, path) : origin !== undefined ? origin : dest;
    }
    return origin !== undefined ? origin : dest;
  }

  /** A node with apiVersion and kind starts the schema of its type (kyaml's GetSchema). */
  private typeSchema(node: KNode | undefined): SchemaPosition | undefined {
    const apiVersion = stringAt(node, 'apiVersion');
    const kind = stringAt(node, 'kind');
    return apiVersion && kind ? this.schema.forType(apiVersion, kind) : undefined;
  }

  private walkMap(dest: KNode | undefined, origin: KNode | undefined, schema: SchemaPosition | undefined, path: readonly string[]): KNode | undefined {
    let target: KNode | undefined;
    if (isMissingOrNull(dest)) {
      if (directiveOf(origin) === 'delete') return undefined;
      target = origin;
    } else if (isKScalar(origin) && origin.value === null) {
      return undefined;
    } else {
      const directive = directiveOf(origin);
      if (directive === 'delete') return undefined;
      target = directive === 'replace' ? origin : dest;
    }
    if (!isKMap(target)) return target;
    const originMap = isKMap(origin) ? origin : undefined;
    const keys = [...new Set([...target.entries.keys(), ...(originMap?.entries.keys() ?? [])])].sort();
    for (const key of keys) {
      // As kyaml's VisitMap: a null the patch does not mention is kept (the tree keeps no `key:` apart from `key: null`).
      if (target.entries.has(key) && isMissingOrNull(target.entries.get(key)) && !originMap?.entries.has(key)) continue;
      const merged = this.walk(target.entries.get(key), originMap?.entries.get(key), this.schema.field(schema, key), [...path, key]);
      if (isMissingOrNull(merged)) target.entries.delete(key);
      else target.entries.set(key, merged);
    }
    return target;
  }

  private walkAssociativeList(dest: KNode | undefined, origin: KNode | undefined, schema: SchemaPosition | undefined, path: readonly string[]): KNode | undefined {
    let target: KNode | undefined;
    if (isMissingOrNull(dest)) target = origin;
    else if (isKScalar(origin) && origin.value === null) return undefined;
    else target = dest;
    if (!isKSeq(target)) return target;
    const originSeq = isKSeq(origin) ? origin : undefined;
    const { keys } = strategyOf(schema);
    const values = elementValues([originSeq, target], keys);
    if (values.length > 0 || keys.length > 0) return this.mergeElements(values, keys, target, originSeq, schema, path);
    return this.mergeElements(primitiveValues([originSeq, target]), [''], target, originSeq, schema, path);
  }

  /** kyaml's setAssociativeSequenceElements: each element merged with its match, the patch's order first. */
  private mergeElements(valuesList: string[][], keys: string[], target: KSeq, origin: KSeq | undefined, schema: SchemaPosition | undefined, path: readonly string[]): KSeq {
    const elementSchema = this.schema.elements(schema);
    if (keys.length > 1) mergeValues(valuesList);
    const items: KNode[] = [];
    let validKeys: string[] = keys;
    for (const values of valuesList) {
      if (values.length === 0) continue;
      let validValues: string[];
      [validKeys, validValues] = validateKeys(valuesList, values, keys);
      const [findKeys, findValues] = validateKeys([validValues], validValues, validKeys);
      const merged = this.walk(findElement(target, findKeys, findValues), findElement(origin, findKeys, findValues), elementSchema, path);
      if (isMissingOrNull(merged) || isEmptyMap(merged)) {
        setElement(target.items, undefined, validKeys, validValues);
        continue;
      }
      if (isKMap(merged)) {
        validKeys.forEach((key, index) => {
          const value = validValues[index] ?? '';
          if (key !== '' && !merged.entries.has(key) && value !== '') merged.entries.set(key, scalar(value, merged.origin));
        });
      }
      setElement(items, merged, validKeys, validValues);
    }
    if (valuesList.length === 0) return target;
    // The target's elements are set into the merged ones (kyaml's appendListNode, prepend direction).
    for (const element of target.items) {
      if (isMissingOrNull(element) || isEmptyMap(element)) continue;
      const values = validKeys.map((key) => (key === '' ? scalarText(element) ?? '' : isKMap(element) ? scalarText(element.entries.get(key)) : undefined));
      if (values.some((value) => value === undefined)) {
        if (!items.includes(element)) items.push(element);
        continue;
      }
      setElement(items, element, validKeys, values as string[]);
    }
    return seq(items, target.origin);
  }
}

/** The directive of a patch map (removed from it, as kyaml elides it); lists have none. */
function directiveOf(patch: KNode | undefined): Directive {
  if (!isKMap(patch)) return 'merge';
  const node = patch.entries.get(DIRECTIVE_KEY);
  if (node === undefined) return 'merge';
  const value = scalarText(node);
  if (value === 'delete' || value === 'replace' || value === 'merge') {
    patch.entries.delete(DIRECTIVE_KEY);
    return value;
  }
  throw new KustomizeError(`unknown patch strategy '${value ?? ''}'`);
}

/** The merge-key values of every element, patch first, once each (kyaml's elementValues). */
function elementValues(sources: (KSeq | undefined)[], keys: readonly string[]): string[][] {
  const result: string[][] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    for (const element of source?.items ?? []) {
      if (!isKMap(element) || keys.length === 0) continue;
      const values = keys.map((key) => scalarText(element.entries.get(key)) ?? '');
      const id = JSON.stringify(values);
      if (seen.has(id)) continue;
      seen.add(id);
      result.push(values);
    }
  }
  return result;
}

/** A list of scalars (finalizers): the values once each, the patch's first. */
function primitiveValues(sources: (KSeq | undefined)[]): string[][] {
  const result: string[][] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    for (const element of source?.items ?? []) {
      const value = scalarText(element) ?? '';
      if (seen.has(value)) continue;
      seen.add(value);
      result.push([value]);
    }
  }
  return result;
}

/** Two key tuples that differ only where one is empty (a port with and one without a protocol) are one. */
function mergeValues(valuesList: string[][]): void {
  for (let i = 0; i < valuesList.length; i++) {
    for (let j = 0; j < valuesList.length; j++) {
      const merged = matchValues(valuesList[i]!, valuesList[j]!);
      if (merged) {
        valuesList[i] = merged;
        valuesList[j] = merged;
      }
    }
  }
}

function matchValues(first: readonly string[], second: readonly string[]): string[] | undefined {
  if (first.length !== second.length) return undefined;
  let common = false;
  const result: string[] = [];
  for (let index = 0; index < first.length; index++) {
    const a = first[index]!;
    const b = second[index]!;
    if (a === b) {
      common = true;
      result.push(a);
    } else if (a !== '' && b !== '') {
      return undefined;
    } else {
      result.push(a !== '' ? a : b);
    }
  }
  return common ? result : undefined;
}

/** The keys some element gives a value for (all keys when none does), with this element's values. */
function validateKeys(valuesList: readonly string[][], values: readonly string[], keys: readonly string[]): [string[], string[]] {
  const valid = new Set<string>();
  for (const entry of valuesList) entry.forEach((value, index) => value !== '' && valid.add(keys[index]!));
  if (valid.size === 0) return [[...keys], [...values]];
  return [keys.filter((key) => valid.has(key)), values.filter((value, index) => value !== '' || valid.has(keys[index]!))];
}

function matches(element: KNode, keys: readonly string[], values: readonly string[]): boolean {
  if (keys.length === 0 || keys[0] === '') return isKScalar(element) && (scalarText(element) ?? '') === (values[0] ?? '');
  if (!isKMap(element)) return false;
  return keys.every((key, index) => index >= values.length || scalarText(element.entries.get(key)) === values[index]);
}

function findElement(list: KSeq | undefined, keys: readonly string[], values: readonly string[]): KNode | undefined {
  return list?.items.find((element) => matches(element, keys, values));
}

/** kyaml's ElementSetter: replaces the matching elements (or removes them when `element` is undefined), else appends. */
function setElement(items: KNode[], element: KNode | undefined, keys: readonly string[], values: readonly string[]): void {
  const next: KNode[] = [];
  let found = false;
  for (const item of items) {
    if (isMissingOrNull(item) || isEmptyMap(item)) continue;
    const mappingSetter = keys.length > 0 && keys[0] !== '' && values.length > 0 && values[0] !== '';
    if (!isKMap(item) && mappingSetter) {
      next.push(item);
      continue;
    }
    if (!matches(item, keys, values)) {
      next.push(item);
      continue;
    }
    found = true;
    if (element) next.push(element);
  }
  if (element && !found) next.push(element);
  items.splice(0, items.length, ...next);
}
