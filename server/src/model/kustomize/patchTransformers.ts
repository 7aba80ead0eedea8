import { CompactRange } from '../../engine/source';
import type { TextRange } from '../../engine/source';
import { KustomizeError, locationOf, MissingTargetError } from './errors';
import { applyJsonPatch, readJsonPatch, type JsonPatchOperation } from './jsonPatch';
import { BUILTIN_PATCH_SCHEMA } from './patchSchema';
import { basenameOf, joinPath } from './paths';
import { effectiveNamespace } from './clusterScope';
import { describeSelector, readSelector, selects } from './patchTarget';
import type { PluginContext, Transformer } from './plugins';
import { describeId, idOf, storePreviousId, type ResId, type Resource } from './resource';
import type { ResourceList } from './resourceList';
import { strategicMerge } from './strategicMerge';
import { cloneNode, isKMap, isKScalar, isKSeq, mapAt, nodeAt, parseDocuments, scalar, scalarText, stringAt, type KMap, type KNode, type Origin } from './tree';

/** `patches:` entries and `kind: PatchTransformer`: one strategic merge or JSON patch, from `path` or `patch`. */
export const patchTransformer: Transformer = (resources, config, context) => {
  const patchNode = config.entries.get('patch');
  const pathNode = config.entries.get('path');
  const inline = (scalarText(patchNode) ?? '').trim();
  const path = scalarText(pathNode) ?? '';
  const where = config.origin;
  if (inline === '' && path === '') throw new KustomizeError('must specify one of patch and path', locationOf(where));
  if (inline !== '' && path !== '') throw new KustomizeError("patch and path can't be set at the same time", locationOf(where));
  const documents = path !== '' ? readFileDocuments(path, pathNode?.origin ?? where, context) : readInlineDocuments(scalarText(patchNode)!, patchNode?.origin ?? where, context) ?? [scalar(null)];
  const text = path !== '' ? path : inline;
  // kustomize v5 reads a `patches:` strategic merge patch as one object (FromBytes): two documents are no patch.
  const smPatches = documents.length > 1 ? undefined : strategicMergePatches(documents);
  const jsonPatch = documents.length === 1 ? readJsonPatch(documents[0]) : undefined;
  if (!smPatches && !jsonPatch) throw new KustomizeError(`unable to parse SM or JSON patch from [${text}]`, locationOf(where));
  const target = readSelector(config.entries.get('target'));
  const options = config.entries.get('options');
  const allowNameChange = stringAt(options, 'allowNameChange') === 'true';
  const allowKindChange = stringAt(options, 'allowKindChange') === 'true';
  if (jsonPatch) {
    if (!target) throw new KustomizeError(`must specify a target for patch ${text}`, locationOf(where));
    for (const resource of resources.resources.filter((candidate) => selects(candidate, target))) {
      storePreviousId(resource);
      applyJsonPatchTo(resource, jsonPatch, where);
    }
    return;
  }
  for (const patch of smPatches!) {
    const selected = target ? resources.resources.filter((candidate) => selects(candidate, target)) : uniqueTarget(resources, patch, where, context);
    applyStrategicMergePatch(resources, selected, patch, { allowNameChange, allowKindChange, retype: target !== undefined }, context, where);
  }
};

/** `patchesStrategicMerge:` and `kind: PatchStrategicMergeTransformer`: each patch applies to the object it names. */
export const patchStrategicMergeTransformer: Transformer = (resources, config, context) => {
  const patches: KMap[] = [];
  const paths = config.entries.get('paths');
  for (const entry of isKSeq(paths) ? paths.items : []) {
    const text = scalarText(entry) ?? '';
    // As kustomize, an entry is first read as patch content, and failing that as a file name.
    const inline = readInlineDocuments(text, entry.origin ?? config.origin, context);
    const found = (inline && strategicMergePatches(inline)) ?? strategicMergePatches(readFileDocuments(text, entry.origin ?? config.origin, context));
    if (!found) throw new KustomizeError(`${text}: a strategic merge patch must be a mapping`, locationOf(entry.origin ?? config.origin));
    patches.push(...found.map((patch) => withWhere(patch, entry.origin)));
  }
  const inlinePatches = config.entries.get('patches');
  const inlineDocuments = scalarText(inlinePatches) ? readInlineDocuments(scalarText(inlinePatches)!, inlinePatches!.origin, context) : undefined;
  if (inlineDocuments) patches.push(...(strategicMergePatches(inlineDocuments) ?? []));
  if (patches.length === 0) {
    throw new KustomizeError(`patch appears to be empty; files=${describePaths(paths)}, Patch=${scalarText(inlinePatches) ?? ''}`, locationOf(paths?.origin ?? config.origin));
  }
  for (const patch of patches) {
    const where = WHERE.get(patch) ?? config.origin;
    applyStrategicMergePatch(resources, uniqueTarget(resources, patch, where, context), patch, { allowNameChange: false, allowKindChange: false, retype: true }, context, where);
  }
};

/** `patchesJson6902:` and `kind: PatchJson6902Transformer`: a JSON patch (`path` or `jsonOp`/`patch`) on a target. */
export const patchJson6902Transformer: Transformer = (resources, config, context) => {
  const where = config.origin;
  const target = readSelector(config.entries.get('target'));
  if (!target?.name) throw new KustomizeError('must specify the target name', locationOf(where));
  const pathNode = config.entries.get('path');
  const opNode = config.entries.get('jsonOp') ?? config.entries.get('patch');
  const path = scalarText(pathNode) ?? '';
  const op = scalarText(opNode) ?? '';
  if (path === '' && op === '') throw new KustomizeError('empty file path and empty jsonOp', locationOf(where));
  if (path !== '' && op !== '') throw new KustomizeError('must specify a file path or jsonOp, not both', locationOf(where));
  const documents = path !== '' ? readFileDocuments(path, pathNode?.origin ?? where, context) : readInlineDocuments(op, opNode?.origin ?? where, context) ?? [];
  if (path !== '' && documents.length === 0) throw new KustomizeError(`patch file '${path}' empty seems to be empty`, locationOf(pathNode?.origin ?? where));
  const operations = readJsonPatch(documents[0]);
  if (!operations) throw new KustomizeError(`decoding ${path || op}: a JSON patch must be a list of operations`, locationOf(where));
  if (operations.length === 0) throw new KustomizeError(`patch appears to be empty; file=${path}, JsonOp=${op}`, locationOf(where));
  const selected = resources.resources.filter((candidate) => selects(candidate, target));
  if (selected.length === 0) throw new MissingTargetError(`patchesJson6902 target not found for ${describeSelector(target)}`, locationOf(where));
  for (const resource of selected) applyJsonPatchTo(resource, operations, where);
};

/** Where each strategic merge patch of a patchesStrategicMerge list is written, for its errors. */
const WHERE = new WeakMap<KMap, Origin>();

function withWhere(patch: KMap, origin: Origin | undefined): KMap {
  if (origin) WHERE.set(patch, origin);
  return patch;
}

function describePaths(paths: KNode | undefined): string {
  return `[${(isKSeq(paths) ? paths.items : []).map((entry) => scalarText(entry) ?? '').join(' ')}]`;
}

/** The documents of a patch file, each node with its origin in that file. */
function readFileDocuments(path: string, origin: Origin | undefined, context: PluginContext): KNode[] {
  const text = context.loadFile(path, origin);
  const file = joinPath(context.directory, path);
  const { documents, errors } = parseDocuments(file, text);
  if (errors.length > 0) throw new KustomizeError(`YAML syntax error in ${path}: ${errors[0]!.message}`, { file, range: errors[0]!.range });
  return documents.map((document) => document.node).filter((node): node is KNode => node !== undefined && !(isKScalar(node) && node.value === null));
}

/**
 * The documents of a patch written inline in the kustomization. Each node's origin is its own line in the
 * kustomization when the text is a block scalar (`patch: |-`) or a one-line scalar written as is, else the range
 * of the whole string.
 */
function readInlineDocuments(text: string, origin: Origin | undefined, context: PluginContext): KNode[] | undefined {
  const file = origin?.file ?? context.kustomizationFile;
  const { documents, errors } = parseDocuments(file, text);
  if (errors.length > 0) return undefined;
  const shift = origin ? inlineShift(text, origin, context) : undefined;
  const relocate = (range: TextRange): TextRange =>
    new CompactRange(range.start.line + shift!.line, range.start.character + shift!.character, range.end.line + shift!.line, range.end.character + shift!.character);
  const visit = (node: KNode): void => {
    const own = node.origin;
    if (origin) node.origin = shift && own ? { file: origin.file, range: relocate(own.range), ...(own.key && { key: relocate(own.key) }) } : origin;
    if (isKMap(node)) node.entries.forEach(visit);
    else if (isKSeq(node)) node.items.forEach(visit);
  };
  const nodes = documents.map((document) => document.node).filter((node): node is KNode => node !== undefined && !(isKScalar(node) && node.value === null));
  nodes.forEach(visit);
  return nodes;
}

/** Where the inline text's first line and column sit in the kustomization file, when it is written as is. */
function inlineShift(text: string, origin: Origin, context: PluginContext): { line: number; character: number } | undefined {
  let fileText: string;
  try {
    fileText = context.loadFile(basenameOf(origin.file));
  } catch {
    return undefined;
  }
  const fileLines = fileText.split(/\r?\n/);
  const lines = text.split('\n');
  const start = origin.range.start;
  if (lines.length === 1) {
    const column = fileLines[start.line]?.indexOf(text, start.character) ?? -1;
    return column >= 0 ? { line: start.line, character: column } : undefined;
  }
  const first = lines.findIndex((line) => line.trim() !== '');
  const firstFileLine = fileLines[start.line + 1 + first];
  if (first < 0 || firstFileLine === undefined || !firstFileLine.endsWith(lines[first]!)) return undefined;
  const indent = firstFileLine.length - lines[first]!.length;
  const exact = lines.every((line, index) => {
    const fileLine = fileLines[start.line + 1 + index];
    return line.trim() === '' ? (fileLine ?? '').trim() === '' : fileLine === ' '.repeat(indent) + line;
  });
  return exact ? { line: start.line + 1, character: indent } : undefined;
}

/** The documents as strategic merge patches (kustomize's SliceFromBytes: mappings, a List's items); undefined if any is not. */
function strategicMergePatches(documents: readonly KNode[]): KMap[] | undefined {
  const patches: KMap[] = [];
  for (const document of documents) {
    if (!isKMap(document)) return undefined;
    const items = document.entries.get('items');
    if ((stringAt(document, 'kind') ?? '').endsWith('List') && isKSeq(items)) {
      if (!items.items.every(isKMap)) return undefined;
      patches.push(...(items.items as KMap[]));
    } else if (document.entries.size > 0) {
      patches.push(document);
    }
  }
  return patches;
}

/** kustomize's ResId equality: group, version, kind, name and effective namespace. */
function sameResId(a: ResId, b: ResId): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind && a.name === b.name && effectiveNamespace(a) === effectiveNamespace(b);
}

/** The one resource a patch names, by its current or any earlier id (kustomize's GetById), as a list of it. */
function uniqueTarget(resources: ResourceList, patch: KMap, where: Origin | undefined, context: PluginContext): Resource[] {
  const id = idOf({ node: patch, file: '', previousIds: [], prefixes: [], suffixes: [] });
  const matches = resources.resources.filter((resource) => sameResId(idOf(resource), id) || resource.previousIds.some((previous) => sameResId(previous, id)));
  if (matches.length === 1) return matches;
  // Rendering one file's objects again: the target is another file's.
  if (matches.length === 0 && context.partial) return [];
  const found = matches.length > 1 ? 'multiple matches' : 'no matches';
  const Failure = matches.length > 1 ? KustomizeError : MissingTargetError;
  throw new Failure(`${found} for Id ${describeId(id)}; failed to find unique target for patch ${describeId(id)}`, locationOf(where));
}

interface MergeOptions {
  readonly allowNameChange: boolean;
  readonly allowKindChange: boolean;
  /** The patch takes each target's apiVersion (kustomize's ResMap.ApplySmPatch). */
  readonly retype: boolean;
}

/**
 * Applies a strategic merge patch to each selected resource (kustomize's Resource.ApplySmPatch): the name, kind
 * and namespace are kept unless the options allow a change; an object the patch deletes leaves the build.
 */
function applyStrategicMergePatch(resources: ResourceList, selected: readonly Resource[], patch: KMap, options: MergeOptions, context: PluginContext, where: Origin | undefined): void {
  const schema = context.openApiSchema ?? BUILTIN_PATCH_SCHEMA;
  const deleted = new Set<Resource>();
  for (const resource of selected) {
    const copy = cloneNode(patch);
    if (options.retype) {
      const apiVersion = resource.node.entries.get('apiVersion');
      if (apiVersion) copy.entries.set('apiVersion', apiVersion);
      else copy.entries.delete('apiVersion');
    }
    const kind = resource.node.entries.get('kind');
    const name = nodeAt(resource.node, 'metadata', 'name');
    const namespace = nodeAt(resource.node, 'metadata', 'namespace');
    if (options.allowNameChange || options.allowKindChange) storePreviousId(resource);
    let merged: KNode | undefined;
    try {
      merged = strategicMerge(resource.node, copy, schema);
    } catch (error) {
      if (error instanceof KustomizeError && !error.location) throw new KustomizeError(error.message, locationOf(where));
      throw error;
    }
    if (!isKMap(merged) || merged.entries.size === 0) {
      deleted.add(resource);
      continue;
    }
    resource.node = merged;
    if (!options.allowKindChange && kind) merged.entries.set('kind', kind);
    const metadata = mapAt(merged, ['metadata']);
    if (!metadata) continue;
    if (!options.allowNameChange) metadata.entries.set('name', name ?? scalar(''));
    if (namespace && scalarText(namespace)) metadata.entries.set('namespace', namespace);
    else metadata.entries.delete('namespace');
  }
  resources.filter((resource) => !deleted.has(resource));
  const seen = new Set<string>();
  for (const resource of resources.resources) {
    const id = idOf(resource);
    const key = `${id.group}|${id.version}|${id.kind}|${id.name}|${effectiveNamespace(id)}`;
    if (seen.has(key)) throw new KustomizeError(`may not add resource with an already registered id: ${describeId(id)}`, locationOf(where));
    seen.add(key);
  }
}

function applyJsonPatchTo(resource: Resource, operations: readonly JsonPatchOperation[], where: Origin | undefined): void {
  let result: KNode;
  try {
    result = applyJsonPatch(resource.node, operations);
  } catch (error) {
    if (error instanceof KustomizeError && !error.location) throw new KustomizeError(error.message, locationOf(where));
    throw error;
  }
  if (!isKMap(result)) throw new KustomizeError(`a JSON patch must leave ${describeId(idOf(resource))} a mapping`, locationOf(where));
  resource.node = result;
}
