import { effectiveNamespace } from './clusterScope';
import { KustomizeError, locationOf, MissingTargetError } from './errors';
import { jsonField, jsonText } from './jsonFields';
import { FieldPathError, lookupField, matchFields, retypeScalar, splitFieldPath, type FieldSlot, type NodeKind } from './fieldPath';
import { joinPath } from './paths';
import { matchesLabelSelector } from './patchTarget';
import type { PluginContext, Transformer } from './plugins';
import { idOf, stringMapAt, type ResId, type Resource } from './resource';
import type { ResourceList } from './resourceList';
import { cloneNode, isKMap, isKScalar, isKSeq, parseDocuments, scalar, scalarText, type KMap, type KNode, type Origin } from './tree';

/** What kustomize's ReplacementTransformer reads a field path with when none is given. */
const DEFAULT_FIELD_PATH = 'metadata.name';

/** A resource id where an empty part matches anything (kustomize's ResId used as a selector). */
interface IdSelector {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

interface FieldOptions {
  readonly delimiter: string;
  readonly index: number;
  readonly create: boolean;
}

interface SourceSelector extends IdSelector {
  readonly fieldPath: string;
  readonly options?: FieldOptions;
}

interface Selector extends IdSelector {
  readonly annotationSelector: string;
  readonly labelSelector: string;
}

interface TargetSelector {
  readonly select?: Selector;
  readonly reject: readonly Selector[];
  readonly fieldPaths: readonly string[];
  readonly options?: FieldOptions;
  readonly origin?: Origin;
}

/** One entry of `replacements:` as kustomize's types.Replacement reads it. */
interface Replacement {
  readonly source?: SourceSelector;
  readonly targets?: readonly TargetSelector[];
  readonly origin?: Origin;
}

/**
 * kustomize's ReplacementTransformer: each replacement copies the value at one field of one source object into
 * fields of the objects its targets select, in order. The copied node keeps the origin of the source field, so a
 * finding on a target points at the line that wrote the value.
 */
export const replacementTransformer: Transformer = (resources, config, context) => {
  for (const replacement of readReplacements(config, context)) {
    const where = locationOf(replacement.origin) ?? { file: context.kustomizationFile };
    try {
      if (!replacement.source || !replacement.targets) throw new KustomizeError('replacements must specify a source and at least one target');
      const value = sourceValue(resources, replacement.source);
      for (const target of replacement.targets) applyTarget(resources, value, target);
    } catch (error) {
      if (error instanceof KustomizeError && !error.location) throw new (error instanceof MissingTargetError ? MissingTargetError : KustomizeError)(error.message, where);
      if (error instanceof FieldPathError) throw new KustomizeError(error.message, where);
      throw error;
    }
  }
};

function readReplacements(config: KMap, context: PluginContext): Replacement[] {
  const list = jsonField(config, 'replacements');
  if (list === undefined || isNull(list)) return [];
  if (!isKSeq(list)) throw new KustomizeError('replacements must be a list', locationOf(list.origin) ?? { file: context.kustomizationFile });
  const replacements: Replacement[] = [];
  for (const entry of list.items) {
    const where = locationOf(entry.origin) ?? { file: context.kustomizationFile };
    if (!isKMap(entry)) throw new KustomizeError('each replacement must be a mapping', where);
    const path = jsonText(entry, 'path');
    if (!path) {
      replacements.push(readReplacement(entry));
      continue;
    }
    const targets = jsonField(entry, 'targets');
    if (jsonField(entry, 'source') !== undefined || (isKSeq(targets) && targets.items.length > 0)) throw new KustomizeError('cannot specify both path and inline replacement', where);
    replacements.push(...replacementsInFile(path, entry.origin, context));
  }
  return replacements;
}

/** A `path:` entry: the file holds one replacement or a list of them. */
function replacementsInFile(path: string, origin: Origin | undefined, context: PluginContext): Replacement[] {
  const text = context.loadFile(path, origin);
  const file = joinPath(context.directory, path);
  const { documents, errors } = parseDocuments(file, text);
  if (errors.length > 0) throw new KustomizeError(`YAML syntax error in ${path}: ${errors[0]!.message}`, { file, range: errors[0]!.range });
  const node = documents[0]?.node;
  if (isKSeq(node)) {
    return node.items.map((item) => {
      if (!isKMap(item)) throw new KustomizeError(`${path}: each replacement must be a mapping`, locationOf(item.origin) ?? { file });
      return readReplacement(item);
    });
  }
  if (isKMap(node)) return [readReplacement(node)];
  throw new KustomizeError(`unsupported replacement type encountered within replacement path: ${goKindOf(node)}`, locationOf(origin) ?? { file });
}

/** How Go's reflection names what a replacement file held instead of a mapping or a list. */
function goKindOf(node: KNode | undefined): string {
  if (!isKScalar(node) || node.value === null) return 'invalid';
  return typeof node.value === 'string' ? 'string' : typeof node.value === 'number' ? 'float64' : 'bool';
}

function readReplacement(entry: KMap): Replacement {
  const source = jsonField(entry, 'source');
  const targets = jsonField(entry, 'targets');
  return {
    ...(isKMap(source) && { source: { ...readIdSelector(source), fieldPath: jsonText(source, 'fieldPath') ?? '', ...optionsOf(source) } }),
    ...(targets !== undefined && !isNull(targets) && { targets: listOf(targets).map(readTarget) }),
    ...(entry.origin && { origin: entry.origin }),
  };
}

function readTarget(node: KNode): TargetSelector {
  if (!isKMap(node)) throw new KustomizeError('each replacement target must be a mapping', locationOf(node.origin));
  const select = jsonField(node, 'select');
  return {
    ...(isKMap(select) && { select: readSelector(select) }),
    reject: listOf(jsonField(node, 'reject')).filter(isKMap).map(readSelector),
    fieldPaths: listOf(jsonField(node, 'fieldPaths')).map((path) => scalarText(path) ?? ''),
    ...optionsOf(node),
    ...(node.origin && { origin: node.origin }),
  };
}

function readIdSelector(node: KMap): IdSelector {
  return {
    group: jsonText(node, 'group') ?? '',
    version: jsonText(node, 'version') ?? '',
    kind: jsonText(node, 'kind') ?? '',
    name: jsonText(node, 'name') ?? '',
    namespace: jsonText(node, 'namespace') ?? '',
  };
}

function readSelector(node: KMap): Selector {
  return { ...readIdSelector(node), annotationSelector: jsonText(node, 'annotationSelector') ?? '', labelSelector: jsonText(node, 'labelSelector') ?? '' };
}

function optionsOf(node: KMap): { options?: FieldOptions } {
  const options = jsonField(node, 'options');
  if (!isKMap(options)) return {};
  const index = jsonField(options, 'index');
  if (index !== undefined && !isNull(index) && !(isKScalar(index) && typeof index.value === 'number' && Number.isInteger(index.value))) {
    throw new KustomizeError('options.index must be an integer', locationOf(index.origin));
  }
  return {
    options: {
      delimiter: jsonText(options, 'delimiter') ?? '',
      index: isKScalar(index) && typeof index.value === 'number' ? index.value : 0,
      create: scalarText(jsonField(options, 'create')) === 'true',
    },
  };
}


function listOf(node: KNode | undefined): KNode[] {
  return isKSeq(node) ? node.items : [];
}

function isNull(node: KNode): boolean {
  return isKScalar(node) && node.value === null;
}

/** The value a replacement copies: the source object's field, refined by `options.delimiter` and `index`. */
function sourceValue(resources: ResourceList, selector: SourceSelector): KNode {
  const source = selectSource(resources, selector);
  const fieldPath = selector.fieldPath || DEFAULT_FIELD_PATH;
  let found: FieldSlot | undefined;
  try {
    found = lookupField(source.node, splitFieldPath(fieldPath));
  } catch (error) {
    throw error instanceof FieldPathError ? new KustomizeError(`error looking up replacement source: ${error.message}`) : error;
  }
  if (!found || isNilOrEmpty(found.node)) throw new KustomizeError(`fieldPath \`${fieldPath}\` is missing for replacement source ${idText(selector)}`);
  const value = found.node;
  const options = selector.options;
  if (!options || options.delimiter === '') return value;
  if (!isKScalar(value)) throw new KustomizeError('delimiter option can only be used with scalar nodes');
  const text = scalarText(value) ?? '';
  const parts = text.split(options.delimiter);
  if (options.index >= parts.length || options.index < 0) throw new KustomizeError(`options.index ${options.index} is out of bounds for value ${text}`);
  return scalar(retypeScalar(parts[options.index]!, value.value), value.origin);
}

function isNilOrEmpty(node: KNode): boolean {
  if (isKScalar(node)) return node.value === null;
  return isKMap(node) ? node.entries.size === 0 : node.items.length === 0;
}

/** The one object the source selects by any of its ids (current or earlier); none or several is an error. */
function selectSource(resources: ResourceList, selector: SourceSelector): Resource {
  const matches = resources.resources.filter((resource) => idsOf(resource).some((id) => isSelectedBy(id, selector)));
  if (matches.length > 1) throw new KustomizeError(`multiple matches for selector ${idText(selector)}`);
  if (matches.length === 0) throw new MissingTargetError(`nothing selected by ${idText(selector)}`);
  return matches[0]!;
}

function applyTarget(resources: ResourceList, value: KNode, target: TargetSelector): void {
  const select = target.select;
  if (!select) throw new KustomizeError('target must specify resources to select', locationOf(target.origin));
  const fieldPaths = target.fieldPaths.length > 0 ? target.fieldPaths : [DEFAULT_FIELD_PATH];
  // As kustomize's TargetSelectorRegex: select and reject ids are anchored regular expressions; a reject that
  // matches any of an object's ids (current or earlier) leaves the object out.
  const selects = idMatcher(select, target.origin);
  const rejects = target.reject.filter((reject) => !isEmptyId(reject)).map((reject) => idMatcher(reject, target.origin));
  for (const resource of resources.resources) {
    if (!selectedByLabelsAndAnnotations(resource, select, target.reject)) continue;
    const ids = idsOf(resource);
    if (ids.some((id) => rejects.some((rejected) => rejected(id)))) continue;
    if (ids.some(selects)) for (const fieldPath of fieldPaths) copyValueTo(resource, value, fieldPath, target);
  }
}

/** kustomize's SelectorRegex over an id: each non-empty part is a regular expression matched whole, namespaces as written. */
function idMatcher(selector: IdSelector, origin: Origin | undefined): (id: ResId) => boolean {
  const fields = ['group', 'version', 'kind', 'name', 'namespace'] as const;
  const patterns = fields.map((field) => {
    const pattern = selector[field];
    if (pattern === '') return undefined;
    try {
      return new RegExp(`^(?:${pattern})$`);
    } catch {
      throw new KustomizeError(`error creating target selector: error parsing regexp: invalid ${field} pattern: \`${pattern}\``, locationOf(origin));
    }
  });
  return (id) => fields.every((field, index) => patterns[index]?.test(id[field]) ?? true);
}

function copyValueTo(resource: Resource, value: KNode, fieldPath: string, target: TargetSelector): void {
  const options = target.options;
  const slots = options?.create ? findOrCreateFields(resource.node, fieldPath, value.type, target.origin) : findMatchingFields(resource.node, fieldPath);
  for (const slot of slots) setFieldValue(slot, value, options);
}

function findMatchingFields(node: KMap, fieldPath: string): FieldSlot[] {
  let slots: FieldSlot[];
  try {
    slots = matchFields(node, splitFieldPath(fieldPath));
  } catch (error) {
    throw error instanceof FieldPathError ? new KustomizeError(`error finding field in replacement target: ${error.message}`) : error;
  }
  if (slots.length === 0) throw new KustomizeError(`unable to find field ${fieldPath} in replacement target`);
  return slots;
}

/** With `create`, each path (wildcards expanded over the lists that exist) is found or made. */
function findOrCreateFields(node: KMap, fieldPath: string, kind: NodeKind, origin: Origin | undefined): FieldSlot[] {
  const split = splitFieldPath(fieldPath);
  const paths = fieldPath.includes('*') ? expandPaths(node, split) : [split];
  return paths.map((path) => {
    let slot: FieldSlot | undefined;
    try {
      slot = lookupField(node, path, kind, origin);
    } catch (error) {
      throw error instanceof FieldPathError ? new KustomizeError(`error creating replacement node: ${error.message}`) : error;
    }
    if (!slot) throw new KustomizeError(`unable to find or create field ${fieldPath} in replacement target`);
    return slot;
  });
}

/**
 * The concrete paths a path with `*` stands for: each `*` becomes the index of every element of the list there.
 * Past a part that does not exist, the rest (up to the next `*`) is kept for creating.
 */
function expandPaths(node: KNode, path: readonly string[]): string[][] {
  if (path.length === 0) return [[]];
  const [part, ...rest] = path as [string, ...string[]];
  if (part !== '*') {
    const found = lookupField(node, [part]);
    if (!found) {
      const wildcard = rest.indexOf('*');
      return [[part, ...(wildcard < 0 ? rest : rest.slice(0, wildcard))]];
    }
    return expandPaths(found.node, rest).map((tail) => [part, ...tail]);
  }
  if (isNull(node)) return [];
  if (!isKSeq(node)) throw new KustomizeError('wildcard must target a list');
  return node.items.flatMap((item, index) => expandPaths(item, rest).map((tail) => [String(index), ...tail]));
}

/**
 * Writes the value into a target field. A scalar keeps its YAML type and only takes the text (kustomize converts a
 * string to a number where the target was one); a map or list is replaced by a copy of the value.
 */
function setFieldValue(slot: FieldSlot, value: KNode, options: FieldOptions | undefined): void {
  const target = slot.node;
  let text = isKScalar(value) ? (scalarText(value) ?? '') : '';
  if (options && options.delimiter !== '') {
    if (!isKScalar(target)) throw new KustomizeError('delimiter option can only be used with scalar nodes');
    const parts = (scalarText(target) ?? '').split(options.delimiter);
    if (options.index < 0) parts.unshift(text);
    else if (options.index >= parts.length) parts.push(text);
    else parts[options.index] = text;
    text = parts.join(options.delimiter);
  }
  if (isKScalar(target)) {
    slot.set(scalar(retypeScalar(text, target.value, slot.created), value.origin ?? target.origin));
    return;
  }
  slot.set(cloneNode(value));
}

/** A resource's current id and its earlier ones (with its current group and version, as kustomize's MakeResIds). */
function idsOf(resource: Resource): ResId[] {
  const current = idOf(resource);
  return [current, ...resource.previousIds.map((previous) => ({ ...previous, group: current.group, version: current.version }))];
}

/** kustomize's ResId.IsSelectedBy: empty selector parts match anything; namespaces compare effectively. */
function isSelectedBy(id: ResId, selector: IdSelector): boolean {
  return (
    (selector.name === '' || selector.name === id.name) &&
    (selector.namespace === '' || effectiveNamespace({ ...id, namespace: selector.namespace }) === effectiveNamespace(id)) &&
    (selector.group === '' || selector.group === id.group) &&
    (selector.version === '' || selector.version === id.version) &&
    (selector.kind === '' || selector.kind === id.kind)
  );
}

function isEmptyId(selector: IdSelector): boolean {
  return !selector.group && !selector.version && !selector.kind && !selector.name && !selector.namespace;
}

/** kustomize's ResId.String: `Kind.version.group/name.namespace`, each empty part named. */
function idText(id: IdSelector): string {
  return `${id.kind || '[noKind]'}.${id.version || '[noVer]'}.${id.group || '[noGrp]'}/${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}

/** The select's label and annotation selectors match, and no reject's do (rejects with neither are skipped). */
function selectedByLabelsAndAnnotations(resource: Resource, select: Selector, rejects: readonly Selector[]): boolean {
  if (!matchesLabelsAndAnnotations(resource, select)) return false;
  return !rejects.some((reject) => (reject.annotationSelector !== '' || reject.labelSelector !== '') && matchesLabelsAndAnnotations(resource, reject));
}

function matchesLabelsAndAnnotations(resource: Resource, selector: Selector): boolean {
  return (
    matchesLabelSelector(stringMapAt(resource.node, 'metadata', 'annotations'), selector.annotationSelector) &&
    matchesLabelSelector(stringMapAt(resource.node, 'metadata', 'labels'), selector.labelSelector)
  );
}

