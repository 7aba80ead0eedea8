import { scalarText, type KMap, type KNode } from './tree';

/**
 * A field of a plugin configuration by its name, as Go's JSON decoding (sigs.k8s.io/yaml) finds it: exactly, else
 * ignoring case (`fieldref.fieldpath` is `fieldRef.fieldPath`).
 */
export function jsonField(node: KMap, name: string): KNode | undefined {
  const exact = node.entries.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of node.entries) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function jsonText(node: KMap, name: string): string | undefined {
  return scalarText(jsonField(node, name));
}
