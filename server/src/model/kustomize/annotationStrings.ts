import { isKMap, isKScalar, map, scalar, type KMap } from './tree';

/**
 * kustomize ends every build by removing its build annotations from each object (Resource.RemoveBuildAnnotations),
 * which reads the annotations as a map of strings and writes them back: every value becomes a string (`8080`,
 * `true`, a null as empty), the keys sorted. An object without annotations, or with an empty map, is left as it is.
 */
export function writeAnnotationsAsStrings(object: KMap): void {
  const metadata = object.entries.get('metadata');
  if (!isKMap(metadata)) return;
  const annotations = metadata.entries.get('annotations');
  if (!isKMap(annotations) || annotations.entries.size === 0) return;
  const keys = [...annotations.entries.keys()].sort();
  const rewritten = map([], annotations.origin);
  for (const key of keys) {
    const value = annotations.entries.get(key)!;
    // kyaml's GetValue: a scalar's text, empty for a null or anything not a scalar.
    const text = isKScalar(value) && value.value !== null ? String(value.value) : '';
    rewritten.entries.set(key, scalar(text, value.origin));
  }
  metadata.entries.set('annotations', rewritten);
}
