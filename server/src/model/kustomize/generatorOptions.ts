import { isKMap, isKScalar, map, scalar, type KMap, type KNode } from './tree';

/**
 * A configMapGenerator or secretGenerator entry with the kustomization's `generatorOptions` merged into its own
 * `options`, as kustomize's MergeGlobalOptionsIntoLocal: a label or annotation of the entry keeps its value and the
 * global ones it lacks are added; `disableNameSuffixHash` and `immutable` are true when either says so (a local
 * false cannot undo a global true). The entry itself is not changed.
 */
export function withGlobalOptions(entry: KMap, global: KMap | undefined): KMap {
  if (!global) return entry;
  const local = entry.entries.get('options');
  const localOptions = isKMap(local) ? local : undefined;
  const merged = map([...(localOptions?.entries ?? [])], localOptions?.origin ?? global.origin);
  for (const field of ['labels', 'annotations']) {
    const globalMap = global.entries.get(field);
    if (!isKMap(globalMap)) continue;
    const localMap = merged.entries.get(field);
    const result = map(isKMap(localMap) ? [...localMap.entries] : [], isKMap(localMap) ? localMap.origin : globalMap.origin);
    for (const [key, value] of globalMap.entries) if (!result.entries.has(key)) result.entries.set(key, value);
    merged.entries.set(field, result);
  }
  for (const field of ['disableNameSuffixHash', 'immutable']) {
    const globalFlag = global.entries.get(field);
    if (isTrue(globalFlag)) merged.entries.set(field, globalFlag ?? scalar(true));
  }
  return map([...entry.entries, ['options', merged]], entry.origin);
}

function isTrue(node: KNode | undefined): boolean {
  return isKScalar(node) && (node.value === true || node.value === 'true');
}
