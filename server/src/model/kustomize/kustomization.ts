import { KustomizeError, locationOf } from './errors';
import { KUSTOMIZATION_FILE_NAMES, type KustomizeFileSystem } from './fileSystem';
import { joinPath } from './paths';
import { isKMap, isKScalar, isKSeq, parseDocuments, scalarText, type KMap, type KNode, type Origin } from './tree';

/** The fields of kustomize's Kustomization (v1beta1) and Component (v1alpha1): any other is an error, as in kustomize. */
const KNOWN_FIELDS = new Set([
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels',
  'commonAnnotations', 'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements',
  'replicas', 'vars', 'sortOptions', 'resources', 'components', 'crds', 'bases', 'configMapGenerator',
  'secretGenerator', 'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'generatorOptions', 'configurations',
  'generators', 'transformers', 'validators', 'buildMetadata',
]);

/** One kustomization file read: its fields as written (with origins), its kind and where it is. */
export interface Kustomization {
  readonly file: string;
  readonly directory: string;
  readonly kind: 'Kustomization' | 'Component';
  readonly fields: KMap;
}

/** The kustomization file of a folder, if it has exactly one (kustomize refuses a folder with two). */
export function kustomizationFileIn(directory: string, files: KustomizeFileSystem): string | undefined {
  const found = KUSTOMIZATION_FILE_NAMES.map((name) => joinPath(directory, name)).filter((path) => files.readText(path) !== undefined);
  if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${directory}`, { file: found[1]! });
  return found[0];
}

/** `parse`: how the file's text is read into trees (a build's cache, else a fresh parse). */
export function readKustomization(directory: string, files: KustomizeFileSystem, parse: typeof parseDocuments = parseDocuments): Kustomization {
  const file = kustomizationFileIn(directory, files);
  if (!file) {
    throw new KustomizeError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${directory}'`, { file: directory });
  }
  const { documents, errors } = parse(file, files.readText(file) ?? '');
  if (errors.length > 0) throw new KustomizeError(`invalid Kustomization: ${errors[0]!.message}`, { file, range: errors[0]!.range });
  const nodes = documents.map((document) => document.node).filter((node): node is KNode => node !== undefined && !(isKScalar(node) && node.value === null));
  if (nodes.length > 1) throw new KustomizeError('invalid Kustomization: the file holds more than one document', { file });
  const fields = nodes[0] ?? { type: 'map' as const, entries: new Map<string, KNode>() };
  if (!isKMap(fields)) throw new KustomizeError('invalid Kustomization: the file must be a mapping of fields', locationOf(fields.origin) ?? { file });
  canonicalizeFieldNames(fields, file);
  const kind = scalarText(fields.entries.get('kind')) ?? 'Kustomization';
  if (kind !== 'Kustomization' && kind !== 'Component') {
    throw new KustomizeError(`invalid Kustomization: kind must be Kustomization or Component, not ${kind}`, locationOf(fields.entries.get('kind')?.origin) ?? { file });
  }
  // kustomize's EnforceFields: a written apiVersion must be the one of the kind.
  const apiVersion = scalarText(fields.entries.get('apiVersion')) ?? '';
  const requiredVersion = kind === 'Component' ? 'kustomize.config.k8s.io/v1alpha1' : 'kustomize.config.k8s.io/v1beta1';
  if (apiVersion !== '' && apiVersion !== requiredVersion) {
    throw new KustomizeError(`Failed to read kustomization file under ${directory}:\napiVersion for ${kind} should be ${requiredVersion}`, locationOf(fields.entries.get('apiVersion')?.origin) ?? { file });
  }
  return { file, directory, kind, fields };
}

const KNOWN_FIELDS_BY_LOWER_CASE = new Map([...KNOWN_FIELDS].map((field) => [field.toLowerCase(), field]));

/**
 * Renames each field to kustomize's spelling: kustomize decodes the kustomization with Go's JSON reader, which
 * matches field names in any case (`nameprefix` is namePrefix). Two spellings of one field: the one that sorts last
 * wins, as Go reads the keys sorted. Any other field is kustomize's unknown field error.
 */
function canonicalizeFieldNames(fields: KMap, file: string): void {
  const written = [...fields.entries];
  const chosen = new Map<string, string>();
  for (const [key, value] of written) {
    const field = KNOWN_FIELDS.has(key) ? key : KNOWN_FIELDS_BY_LOWER_CASE.get(key.toLowerCase());
    if (field === undefined) throw new KustomizeError(`invalid Kustomization: json: unknown field "${key}"`, locationOf(value.origin) ?? { file });
    const previous = chosen.get(field);
    if (previous === undefined || key > previous) chosen.set(field, key);
  }
  if (written.every(([key]) => chosen.get(key) === key)) return;
  fields.entries.clear();
  for (const [field, key] of chosen) fields.entries.set(field, written.find(([writtenKey]) => writtenKey === key)![1]);
}

/** A list field's entries (a missing or null field is empty); anything but a list is a located error. */
export function listField(kustomization: Kustomization, name: string): KNode[] {
  const node = kustomization.fields.entries.get(name);
  if (node === undefined || (isKScalar(node) && node.value === null)) return [];
  if (!isKSeq(node)) throw new KustomizeError(`invalid Kustomization: ${name} must be a list`, locationOf(node.origin) ?? { file: kustomization.file });
  return node.items;
}

/** A list of strings (paths), each with where it is written. */
export function stringListField(kustomization: Kustomization, name: string): { value: string; origin?: Origin }[] {
  return listField(kustomization, name).map((node) => {
    const value = scalarText(node);
    if (value === undefined) throw new KustomizeError(`invalid Kustomization: each entry of ${name} must be a string`, locationOf(node.origin) ?? { file: kustomization.file });
    return { value, ...(node.origin && { origin: node.origin }) };
  });
}

export function mapField(kustomization: Kustomization, name: string): KMap | undefined {
  const node = kustomization.fields.entries.get(name);
  if (node === undefined || (isKScalar(node) && node.value === null)) return undefined;
  if (!isKMap(node)) throw new KustomizeError(`invalid Kustomization: ${name} must be a mapping`, locationOf(node.origin) ?? { file: kustomization.file });
  return node;
}

export function stringField(kustomization: Kustomization, name: string): { value: string; origin?: Origin } | undefined {
  const node = kustomization.fields.entries.get(name);
  const value = scalarText(node);
  return value === undefined ? undefined : { value, ...(node?.origin && { origin: node.origin }) };
}
