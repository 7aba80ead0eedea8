import { stringify } from 'yaml';
import { KustomizeError } from './kustomize/errors';
import { applyJsonPatch, readJsonPatch } from './kustomize/jsonPatch';
import { BUILTIN_PATCH_SCHEMA } from './kustomize/patchSchema';
import { strategicMerge } from './kustomize/strategicMerge';
import { fromPlain, parseDocuments, toPlain } from './kustomize/tree';

/** A Kubernetes object as plain data, as `kubectl get -o json` would hold it. */
export type PlainObject = Record<string, unknown>;

/** The document of a file that starts on `line` (0-based), read as plain data; undefined when there is none. */
export function plainDocumentAt(uri: string, text: string, line: number): PlainObject | undefined {
  const document = parseDocuments(uri, text).documents.find((candidate) => candidate.range.start.line <= line && line <= candidate.range.end.line);
  const value = document?.node ? toPlain(document.node) : undefined;
  return isPlainObject(value) ? value : undefined;
}

/** Every document of a text that is a mapping, as plain data, and the syntax errors that kept others out. */
export function plainDocuments(uri: string, text: string): { readonly objects: PlainObject[]; readonly errors: string[] } {
  const { documents, errors } = parseDocuments(uri, text);
  const objects = documents.flatMap((document) => {
    const value = document.node ? toPlain(document.node) : undefined;
    return isPlainObject(value) ? [value] : [];
  });
  return { objects, errors: errors.map((error) => `line ${error.range.start.line + 1}: ${error.message}`) };
}

/** Objects as multi-document YAML. */
export function yamlDocuments(objects: readonly PlainObject[]): string {
  return objects.map((object) => stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

/** One value as `kubectl get -o yaml` prints it: sequences not indented under their key. */
export function kubectlYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, indentSeq: false, aliasDuplicateObjects: false });
}

/**
 * `kubectl patch -p PATCH --type strategic|merge|json`: a strategic merge patch as kustomize applies one (merge keys
 * from the built-in schema), an RFC 7386 merge patch, or an RFC 6902 JSON patch. The patch is JSON or YAML.
 */
export function patchObject(object: PlainObject, patchText: string, type: 'strategic' | 'merge' | 'json'): { readonly patched: PlainObject } | { readonly error: string } {
  const { documents, errors } = parseDocuments('patch', patchText);
  if (errors.length > 0 || !documents[0]?.node) return { error: `error: unable to parse the patch: ${errors[0]?.message ?? 'it is empty'}` };
  const patch = documents[0].node;
  try {
    if (type === 'json') {
      const operations = readJsonPatch(patch);
      if (!operations) return { error: 'error: a json patch is a list of operations ({"op": ..., "path": ...})' };
      return plainResult(toPlain(applyJsonPatch(fromPlain(object), operations)));
    }
    if (type === 'merge') return plainResult(mergePatch(object, toPlain(patch)));
    const merged = strategicMerge(fromPlain(object), patch, BUILTIN_PATCH_SCHEMA);
    return plainResult(merged ? toPlain(merged) : undefined);
  } catch (error) {
    if (error instanceof KustomizeError) return { error: `error: ${error.message}` };
    throw error;
  }
}

/** RFC 7386: a mapping merges field by field, `null` removes a field, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: PlainObject = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function plainResult(value: unknown): { readonly patched: PlainObject } | { readonly error: string } {
  return isPlainObject(value) ? { patched: value } : { error: 'error: the patch leaves no object' };
}

function isPlainObject(value: unknown): value is PlainObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
