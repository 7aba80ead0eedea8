import { KustomizeError, locationOf } from './errors';
import type { FieldSpec } from './fieldSpec';
import { gvkIsLessThan } from './gvkOrder';
import type { NameBackReference, TransformerConfig } from './plugins';
import { DEFAULT_NAME_REFERENCE_YAML } from './nameReferenceTable';
import { isKMap, isKScalar, isKSeq, parseDocuments, type KMap, type KNode, type Origin } from './tree';
import { DEFAULT_VAR_REFERENCE } from './vars';

// Kustomize's built-in field specs (api/konfig/builtinpluginconsts), as the YAML it parses them from.
const NAME_PREFIX_YAML = `
namePrefix:
- path: metadata/name
nameSuffix:
- path: metadata/name
`;

const METADATA_LABELS_YAML = `
- path: metadata/labels
  create: true
- path: spec/template/metadata/labels
  create: true
  version: v1
  kind: ReplicationController
- path: spec/template/metadata/labels
  create: true
  kind: Deployment
- path: spec/template/metadata/labels
  create: true
  kind: ReplicaSet
- path: spec/template/metadata/labels
  create: true
  kind: DaemonSet
- path: spec/template/metadata/labels
  create: true
  group: apps
  kind: StatefulSet
- path: spec/volumeClaimTemplates[]/metadata/labels
  create: true
  group: apps
  kind: StatefulSet
- path: spec/template/metadata/labels
  create: true
  group: batch
  kind: Job
- path: spec/jobTemplate/metadata/labels
  create: true
  group: batch
  kind: CronJob
- path: spec/jobTemplate/spec/template/metadata/labels
  create: true
  group: batch
  kind: CronJob
`;

const COMMON_LABELS_YAML = `
commonLabels:
- path: spec/selector
  create: true
  version: v1
  kind: Service
- path: spec/selector
  create: true
  version: v1
  kind: ReplicationController
- path: spec/selector/matchLabels
  create: true
  kind: Deployment
- path: spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels
  group: apps
  kind: Deployment
- path: spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels
  group: apps
  kind: Deployment
- path: spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels
  group: apps
  kind: Deployment
- path: spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels
  group: apps
  kind: Deployment
- path: spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels
  group: apps
  kind: Deployment
- path: spec/selector/matchLabels
  create: true
  kind: ReplicaSet
- path: spec/selector/matchLabels
  create: true
  kind: DaemonSet
- path: spec/selector/matchLabels
  create: true
  group: apps
  kind: StatefulSet
- path: spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels
  group: apps
  kind: StatefulSet
- path: spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels
  group: apps
  kind: StatefulSet
- path: spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels
  group: apps
  kind: StatefulSet
- path: spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels
  group: apps
  kind: StatefulSet
- path: spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels
  group: apps
  kind: StatefulSet
- path: spec/selector/matchLabels
  group: batch
  kind: Job
- path: spec/jobTemplate/spec/selector/matchLabels
  group: batch
  kind: CronJob
- path: spec/selector/matchLabels
  group: policy
  kind: PodDisruptionBudget
- path: spec/podSelector/matchLabels
  group: networking.k8s.io
  kind: NetworkPolicy
- path: spec/ingress/from/podSelector/matchLabels
  group: networking.k8s.io
  kind: NetworkPolicy
- path: spec/egress/to/podSelector/matchLabels
  group: networking.k8s.io
  kind: NetworkPolicy
${METADATA_LABELS_YAML}`;

/** What `labels:` entries add with `includeTemplates` (pod templates) and `includeVolumeClaimTemplates`. */
const TEMPLATE_LABELS_YAML = `
templateLabels:
- path: spec/template/metadata/labels
  create: true
  version: v1
  kind: ReplicationController
- path: spec/template/metadata/labels
  create: true
  kind: Deployment
- path: spec/template/metadata/labels
  create: true
  kind: ReplicaSet
- path: spec/template/metadata/labels
  create: true
  kind: DaemonSet
- path: spec/template/metadata/labels
  create: true
  group: apps
  kind: StatefulSet
- path: spec/template/metadata/labels
  create: true
  group: batch
  kind: Job
- path: spec/jobTemplate/metadata/labels
  create: true
  group: batch
  kind: CronJob
- path: spec/jobTemplate/spec/template/metadata/labels
  create: true
  group: batch
  kind: CronJob
volumeClaimTemplateLabels:
- path: spec/volumeClaimTemplates[]/metadata/labels
  create: true
  group: apps
  kind: StatefulSet
`;

const COMMON_ANNOTATIONS_YAML = `
commonAnnotations:
- path: metadata/annotations
  create: true
- path: spec/template/metadata/annotations
  create: true
  version: v1
  kind: ReplicationController
- path: spec/template/metadata/annotations
  create: true
  kind: Deployment
- path: spec/template/metadata/annotations
  create: true
  kind: ReplicaSet
- path: spec/template/metadata/annotations
  create: true
  kind: DaemonSet
- path: spec/template/metadata/annotations
  create: true
  kind: StatefulSet
- path: spec/template/metadata/annotations
  create: true
  group: batch
  kind: Job
- path: spec/jobTemplate/metadata/annotations
  create: true
  group: batch
  kind: CronJob
- path: spec/jobTemplate/spec/template/metadata/annotations
  create: true
  group: batch
  kind: CronJob
`;

const NAMESPACE_YAML = `
namespace:
- path: metadata/namespace
  create: true
- path: metadata/name
  kind: Namespace
  create: true
- path: subjects/namespace
  kind: RoleBinding
- path: subjects/namespace
  kind: ClusterRoleBinding
- path: spec/service/namespace
  group: apiregistration.k8s.io
  kind: APIService
  create: true
- path: spec/conversion/webhook/clientConfig/service/namespace
  group: apiextensions.k8s.io
  kind: CustomResourceDefinition
`;

const IMAGES_YAML = `
images:
- path: spec/containers[]/image
  create: true
- path: spec/initContainers[]/image
  create: true
- path: spec/volumes[]/image/reference
  create: true
- path: spec/template/spec/containers[]/image
  create: true
- path: spec/template/spec/initContainers[]/image
  create: true
- path: spec/template/spec/volumes[]/image/reference
  create: true
`;

const REPLICAS_YAML = `
replicas:
- path: spec/replicas
  create: true
  kind: Deployment
- path: spec/replicas
  create: true
  kind: ReplicationController
- path: spec/replicas
  create: true
  kind: ReplicaSet
- path: spec/replicas
  create: true
  kind: StatefulSet
`;

let defaults: TransformerConfig | undefined;

/** Kustomize's default TransformerConfig (MakeDefaultConfig), read once. */
export function defaultTransformerConfig(): TransformerConfig {
  defaults ??= {
    ...readTransformerConfig(
      [NAME_PREFIX_YAML, COMMON_LABELS_YAML, TEMPLATE_LABELS_YAML, COMMON_ANNOTATIONS_YAML, NAMESPACE_YAML, DEFAULT_NAME_REFERENCE_YAML, IMAGES_YAML, REPLICAS_YAML].join('\n'),
      'kustomize/builtinpluginconsts',
    ),
    varReference: sortSpecs(DEFAULT_VAR_REFERENCE),
  };
  return defaults;
}

/** A TransformerConfig without field specs (kustomize's MakeEmptyConfig). */
export const EMPTY_TRANSFORMER_CONFIG: TransformerConfig = {
  namePrefix: [], nameSuffix: [], nameSpace: [], commonLabels: [], labels: [], templateLabels: [], volumeClaimTemplateLabels: [],
  commonAnnotations: [], nameReference: [], varReference: [], images: [], replicas: [],
};

/** The YAML keys of a configurations file, as kustomize's TransformerConfig names them. */
const FIELD_KEYS = {
  namePrefix: 'namePrefix', nameSuffix: 'nameSuffix', nameSpace: 'namespace', commonLabels: 'commonLabels', labels: 'labels',
  templateLabels: 'templateLabels', volumeClaimTemplateLabels: 'volumeClaimTemplateLabels', commonAnnotations: 'commonAnnotations',
  varReference: 'varReference', images: 'images', replicas: 'replicas',
} as const satisfies Record<Exclude<keyof TransformerConfig, 'nameReference'>, string>;

type SpecField = keyof typeof FIELD_KEYS;

/**
 * Merges two configs as kustomize's TransformerConfig.Merge: each field spec list takes the other's specs it lacks
 * (one of the same path selected by the same type with another `create` is kustomize's "conflicting fieldspecs");
 * name references merge per target type; every list is then sorted by type, as kustomize sorts them.
 */
export function mergeTransformerConfigs(a: TransformerConfig, b: TransformerConfig): TransformerConfig {
  const merged: Record<string, unknown> = {};
  for (const field of Object.keys(FIELD_KEYS) as SpecField[]) merged[field] = sortSpecs(mergeSpecs(a[field], b[field]));
  let references = [...a.nameReference];
  for (const reference of b.nameReference) references = mergeReference(references, reference);
  merged.nameReference = sortReferences(references);
  return merged as unknown as TransformerConfig;
}

/** Adds `incoming`'s specs that `specs` lacks (kustomize's FsSlice.MergeAll). */
export function mergeSpecs(specs: readonly FieldSpec[], incoming: readonly FieldSpec[]): FieldSpec[] {
  const result = [...specs];
  for (const spec of incoming) {
    const existing = result.find((other) => selectsGvk(spec, other) && other.path === spec.path);
    if (!existing) result.push(spec);
    else if ((existing.create === true) !== (spec.create === true)) throw new KustomizeError(`conflicting fieldspecs: ${describeSpec(existing)} and ${describeSpec(spec)}`);
  }
  return result;
}

function mergeReference(references: readonly NameBackReference[], incoming: NameBackReference): NameBackReference[] {
  let found = false;
  const result = references.map((reference) => {
    if ((reference.group ?? '') !== (incoming.group ?? '') || (reference.version ?? '') !== (incoming.version ?? '') || reference.kind !== incoming.kind) return reference;
    found = true;
    return { ...reference, fieldSpecs: mergeSpecs(reference.fieldSpecs, incoming.fieldSpecs) };
  });
  return found ? result : [...result, incoming];
}

/** Whether `selector`'s type (empty parts are wildcards) selects `spec`'s type, as kustomize's Gvk.IsSelected. */
function selectsGvk(selector: FieldSpec, spec: FieldSpec): boolean {
  return (!selector.group || selector.group === spec.group) && (!selector.version || selector.version === spec.version) && (!selector.kind || selector.kind === spec.kind);
}

function describeSpec(spec: FieldSpec): string {
  return `${spec.kind || '[noKind]'}.${spec.version || '[noVer]'}.${spec.group || '[noGrp]'}:${spec.create === true}:${spec.path}`;
}

function sortSpecs(specs: readonly FieldSpec[]): FieldSpec[] {
  return [...specs].sort((a, b) => (gvkIsLessThan(a, b) ? -1 : gvkIsLessThan(b, a) ? 1 : 0));
}

function sortReferences(references: readonly NameBackReference[]): NameBackReference[] {
  return [...references].sort((a, b) => (gvkIsLessThan(a, b) ? -1 : gvkIsLessThan(b, a) ? 1 : 0));
}

/**
 * Reads a `configurations:` file (or inline YAML) as kustomize does: a TransformerConfig whose keys are the field
 * spec lists (`namePrefix`, `commonLabels`, `nameReference`, ...); other keys are ignored, as kustomize's reader
 * ignores them. Each list is sorted by type.
 */
export function readTransformerConfig(text: string, file: string, origin?: Origin): TransformerConfig {
  const where = locationOf(origin) ?? { file };
  const { documents, errors } = parseDocuments(file, text);
  if (errors.length > 0) throw new KustomizeError(`error converting YAML to JSON: ${errors[0]!.message}`, origin ? where : { file, range: errors[0]!.range });
  const node = documents.find((document) => document.node && !(isKScalar(document.node) && document.node.value === null))?.node;
  if (node === undefined) return EMPTY_TRANSFORMER_CONFIG;
  if (!isKMap(node)) throw new KustomizeError('json: cannot unmarshal a transformer configuration that is not a mapping', locationOf(node.origin) ?? where);
  const config: Record<string, unknown> = {};
  for (const field of Object.keys(FIELD_KEYS) as SpecField[]) config[field] = sortSpecs(fieldSpecsFrom(node.entries.get(FIELD_KEYS[field]), where));
  config.nameReference = sortReferences(listOf(node.entries.get('nameReference'), where).map((item) => {
    const entry = asMap(item, where);
    const gvk = gvkOf(entry, where);
    return { ...gvk, kind: gvk.kind ?? '', fieldSpecs: fieldSpecsFrom(entry.entries.get('fieldSpecs'), where) };
  }));
  return config as unknown as TransformerConfig;
}

/** A list of field specs as a transformer's configuration writes it (`path`, `group`, `version`, `kind`, `create`). */
export function fieldSpecsFrom(node: KNode | undefined, where: { file: string }): FieldSpec[] {
  return listOf(node, where).map((item) => {
    const entry = asMap(item, where);
    const path = stringField(entry, 'path', where) ?? '';
    const create = entry.entries.get('create');
    if (create !== undefined && !(isKScalar(create) && (typeof create.value === 'boolean' || create.value === null))) {
      throw new KustomizeError('json: cannot unmarshal a non-boolean into Go struct field FieldSpec.create of type bool', locationOf(create.origin) ?? where);
    }
    return { ...gvkOf(entry, where), path, ...(isKScalar(create) && create.value === true && { create: true }) };
  });
}

function gvkOf(entry: KMap, where: { file: string }): { group?: string; version?: string; kind?: string } {
  const group = stringField(entry, 'group', where);
  const version = stringField(entry, 'version', where);
  const kind = stringField(entry, 'kind', where);
  return { ...(group && { group }), ...(version && { version }), ...(kind && { kind }) };
}

function listOf(node: KNode | undefined, where: { file: string }): KNode[] {
  if (node === undefined || (isKScalar(node) && node.value === null)) return [];
  if (!isKSeq(node)) throw new KustomizeError('json: cannot unmarshal a non-list into a list of field specs', locationOf(node.origin) ?? where);
  return node.items;
}

function asMap(node: KNode, where: { file: string }): KMap {
  if (!isKMap(node)) throw new KustomizeError('json: cannot unmarshal a non-mapping into a field spec', locationOf(node.origin) ?? where);
  return node;
}

/** A string field; a number or boolean there is kustomize's unmarshalling error (its fields are Go strings). */
function stringField(entry: KMap, key: string, where: { file: string }): string | undefined {
  const node = entry.entries.get(key);
  if (node === undefined || (isKScalar(node) && node.value === null)) return undefined;
  if (!isKScalar(node) || typeof node.value !== 'string') {
    throw new KustomizeError(`json: cannot unmarshal ${isKScalar(node) ? typeof node.value : 'an object'} into Go struct field FieldSpec.${key} of type string`, locationOf(node.origin) ?? where);
  }
  return node.value;
}
