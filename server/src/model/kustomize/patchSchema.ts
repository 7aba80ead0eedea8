import { KustomizeError, type KustomizeLocation } from './errors';
import { isKMap, parseDocuments, toPlain } from './tree';

/**
 * What a strategic merge patch needs of the OpenAPI schema: for each field of a definition, its
 * x-kubernetes-patch-strategy, x-kubernetes-patch-merge-key and x-kubernetes-list-map-keys, and the definition
 * below it (kyaml's walker reads nothing else). A list field without a `merge` strategy, or with no schema at
 * all, is replaced whole: kustomize merges lists only where the schema says so.
 */
export interface SchemaField {
  readonly strategy?: string;
  readonly mergeKey?: string;
  readonly mergeKeys?: readonly string[];
  /** The definition of an object field, or of the values of a map field. */
  readonly ref?: string;
  /** The definition of the elements of a list field. */
  readonly elementRef?: string;
  readonly isArray?: boolean;
  readonly isMap?: boolean;
}

/** Where the walk is in the schema: an object's definition, or one field (a list, a map, a leaf). */
export type SchemaPosition = { readonly definition: string } | { readonly field: SchemaField };

export class PatchSchema {
  constructor(
    private readonly definitions: ReadonlyMap<string, ReadonlyMap<string, SchemaField>>,
    /** `apiVersion kind` to the definition of the type. */
    private readonly types: ReadonlyMap<string, string>,
  ) {}

  forType(apiVersion: string, kind: string): SchemaPosition | undefined {
    const definition = this.types.get(`${apiVersion} ${kind}`);
    return definition === undefined ? undefined : { definition };
  }

  /** The schema of `key` below `position` (kyaml's ResourceSchema.Field). */
  field(position: SchemaPosition | undefined, key: string): SchemaPosition | undefined {
    if (!position) return undefined;
    if ('field' in position) return position.field.isMap && position.field.ref ? { definition: position.field.ref } : undefined;
    const field = this.definitions.get(position.definition)?.get(key);
    if (!field) return undefined;
    if (field.isArray || field.isMap || field.strategy) return { field };
    return field.ref ? { definition: field.ref } : undefined;
  }

  /** The schema of a list's elements. */
  elements(position: SchemaPosition | undefined): SchemaPosition | undefined {
    if (!position || !('field' in position) || !position.field.isArray || !position.field.elementRef) return undefined;
    return { definition: position.field.elementRef };
  }
}

/** A list field's strategy and merge keys: x-kubernetes-list-map-keys when given, else the patch merge key. */
export function strategyOf(position: SchemaPosition | undefined): { strategies: string[]; keys: string[] } {
  if (!position || !('field' in position) || !position.field.strategy) return { strategies: [], keys: [] };
  const field = position.field;
  const keys = field.mergeKeys && field.mergeKeys.length > 0 ? [...field.mergeKeys] : field.mergeKey ? [field.mergeKey] : [];
  return { strategies: field.strategy!.split(','), keys };
}

type Fields = Record<string, SchemaField>;

const merge = (mergeKey?: string, more: Partial<SchemaField> = {}): SchemaField => ({ strategy: 'merge', isArray: true, ...(mergeKey && { mergeKey }), ...more });
const ref = (definition: string): SchemaField => ({ ref: definition });
const conditions = { conditions: merge('type') };

/**
 * The patch metadata of the built-in types, from the Kubernetes 1.21.2 OpenAPI document kustomize embeds (kyaml's
 * precomputed table), reduced to the definitions that lead to a field with a patch strategy.
 */
const BUILTIN_DEFINITIONS: Record<string, Fields> = {
  ObjectMeta: { finalizers: merge(), ownerReferences: merge('uid') },
  Object: { metadata: ref('ObjectMeta') },
  Conditions: conditions,
  ObjectWithConditions: { metadata: ref('ObjectMeta'), status: ref('Conditions') },
  PodTemplateSpec: { metadata: ref('ObjectMeta'), spec: ref('PodSpec') },
  PodSpec: {
    containers: merge('name', { elementRef: 'Container' }),
    initContainers: merge('name', { elementRef: 'Container' }),
    ephemeralContainers: merge('name', { elementRef: 'EphemeralContainer' }),
    hostAliases: merge('ip'),
    imagePullSecrets: merge('name'),
    topologySpreadConstraints: merge('topologyKey', { mergeKeys: ['topologyKey', 'whenUnsatisfiable'] }),
    volumes: merge('name', { strategy: 'merge,retainKeys', elementRef: 'Volume' }),
  },
  Container: {
    env: merge('name'),
    ports: merge('containerPort', { mergeKeys: ['containerPort', 'protocol'] }),
    volumeDevices: merge('devicePath'),
    volumeMounts: merge('mountPath'),
  },
  EphemeralContainer: { env: merge('name'), volumeDevices: merge('devicePath'), volumeMounts: merge('mountPath') },
  Volume: { ephemeral: ref('EphemeralVolumeSource') },
  EphemeralVolumeSource: { volumeClaimTemplate: ref('Object') },
  Workload: { metadata: ref('ObjectMeta'), spec: ref('WorkloadSpec'), status: ref('Conditions') },
  WorkloadSpec: { template: ref('PodTemplateSpec') },
  StatefulSet: { metadata: ref('ObjectMeta'), spec: ref('StatefulSetSpec'), status: ref('Conditions') },
  StatefulSetSpec: { template: ref('PodTemplateSpec'), volumeClaimTemplates: { isArray: true, elementRef: 'ObjectWithConditions' } },
  Job: { metadata: ref('ObjectMeta'), spec: ref('WorkloadSpec'), status: ref('Conditions') },
  CronJob: { metadata: ref('ObjectMeta'), spec: ref('CronJobSpec') },
  CronJobSpec: { jobTemplate: ref('JobTemplateSpec') },
  JobTemplateSpec: { metadata: ref('ObjectMeta'), spec: ref('WorkloadSpec') },
  Pod: { metadata: ref('ObjectMeta'), spec: ref('PodSpec'), status: ref('PodStatus') },
  PodStatus: { ...conditions, podIPs: merge('ip') },
  PodTemplate: { metadata: ref('ObjectMeta'), template: ref('PodTemplateSpec') },
  Service: { metadata: ref('ObjectMeta'), spec: ref('ServiceSpec'), status: ref('Conditions') },
  ServiceSpec: { ports: merge('port', { mergeKeys: ['port', 'protocol'] }) },
  ServiceAccount: { metadata: ref('ObjectMeta'), secrets: merge('name') },
  Node: { metadata: ref('ObjectMeta'), spec: ref('NodeSpec'), status: ref('NodeStatus') },
  NodeSpec: { podCIDRs: merge() },
  NodeStatus: { ...conditions, addresses: merge('type') },
  ComponentStatus: { metadata: ref('ObjectMeta'), ...conditions },
  WebhookConfiguration: { metadata: ref('ObjectMeta'), webhooks: merge('name') },
  CSINode: { metadata: ref('ObjectMeta'), spec: ref('CSINodeSpec') },
  CSINodeSpec: { drivers: merge('name') },
};

/** The built-in kinds by apiVersion, each with its definition (`Object` when only metadata has patch metadata). */
const BUILTIN_TYPES: Record<string, string> = {
  'admissionregistration.k8s.io/v1 admissionregistration.k8s.io/v1beta1': 'MutatingWebhookConfiguration=WebhookConfiguration ValidatingWebhookConfiguration=WebhookConfiguration',
  'apiextensions.k8s.io/v1 apiextensions.k8s.io/v1beta1': 'CustomResourceDefinition',
  'apiregistration.k8s.io/v1 apiregistration.k8s.io/v1beta1': 'APIService=ObjectWithConditions',
  'apps/v1': 'ControllerRevision DaemonSet=Workload Deployment=Workload ReplicaSet=Workload StatefulSet=StatefulSet',
  'authentication.k8s.io/v1': 'TokenRequest TokenReview',
  'authentication.k8s.io/v1beta1': 'TokenReview',
  'authorization.k8s.io/v1 authorization.k8s.io/v1beta1': 'LocalSubjectAccessReview SelfSubjectAccessReview SelfSubjectRulesReview SubjectAccessReview',
  'autoscaling/v1': 'HorizontalPodAutoscaler Scale',
  'autoscaling/v2beta1 autoscaling/v2beta2': 'HorizontalPodAutoscaler',
  'batch/v1': 'CronJob=CronJob Job=Job',
  'batch/v1beta1': 'CronJob=CronJob',
  'certificates.k8s.io/v1 certificates.k8s.io/v1beta1': 'CertificateSigningRequest',
  'coordination.k8s.io/v1 coordination.k8s.io/v1beta1': 'Lease',
  'discovery.k8s.io/v1 discovery.k8s.io/v1beta1': 'EndpointSlice',
  'events.k8s.io/v1 events.k8s.io/v1beta1': 'Event',
  'extensions/v1beta1': 'Ingress',
  'flowcontrol.apiserver.k8s.io/v1beta1': 'FlowSchema PriorityLevelConfiguration',
  'networking.k8s.io/v1': 'Ingress IngressClass NetworkPolicy',
  'networking.k8s.io/v1beta1': 'Ingress IngressClass',
  'node.k8s.io/v1 node.k8s.io/v1beta1': 'RuntimeClass',
  'policy/v1': 'PodDisruptionBudget=ObjectWithConditions',
  'policy/v1beta1': 'Eviction PodDisruptionBudget=ObjectWithConditions PodSecurityPolicy',
  'rbac.authorization.k8s.io/v1 rbac.authorization.k8s.io/v1beta1': 'ClusterRole ClusterRoleBinding Role RoleBinding',
  'scheduling.k8s.io/v1 scheduling.k8s.io/v1beta1': 'PriorityClass',
  'storage.k8s.io/v1': 'CSIDriver CSINode=CSINode StorageClass VolumeAttachment',
  'storage.k8s.io/v1beta1': 'CSIDriver CSINode=CSINode CSIStorageCapacity StorageClass VolumeAttachment',
  v1: 'Binding ConfigMap Endpoints Event LimitRange PersistentVolume ResourceQuota Secret ComponentStatus=ComponentStatus Namespace=ObjectWithConditions Node=Node PersistentVolumeClaim=ObjectWithConditions Pod=Pod PodTemplate=PodTemplate ReplicationController=Workload Service=Service ServiceAccount=ServiceAccount',
};

function builtinSchema(): PatchSchema {
  const definitions = new Map(Object.entries(BUILTIN_DEFINITIONS).map(([name, fields]) => [name, new Map(Object.entries(fields))]));
  const types = new Map<string, string>();
  for (const [apiVersions, kinds] of Object.entries(BUILTIN_TYPES)) {
    for (const apiVersion of apiVersions.split(' ')) {
      for (const entry of kinds.split(' ')) {
        const [kind, definition] = entry.split('=') as [string, string | undefined];
        types.set(`${apiVersion} ${kind}`, definition ?? 'Object');
      }
    }
  }
  return new PatchSchema(definitions, types);
}

export const BUILTIN_PATCH_SCHEMA = builtinSchema();

/**
 * Reads the document a kustomization's `openapi: {path: ...}` names (JSON or YAML, OpenAPI v2 `definitions`, each
 * type found by its x-kubernetes-group-version-kind). As in kyaml, it replaces the built-in schema whole.
 */
export function readOpenApiSchema(file: string, text: string, where: KustomizeLocation): PatchSchema {
  const { documents, errors } = parseDocuments(file, text);
  const document = documents[0]?.node;
  if (errors.length > 0 || !isKMap(document)) throw new KustomizeError(`unable to read the OpenAPI schema in ${file}${errors[0] ? `: ${errors[0].message}` : ''}`, where);
  const definitionsValue = (toPlain(document) as { definitions?: unknown }).definitions;
  const definitions = new Map<string, Map<string, SchemaField>>();
  const types = new Map<string, string>();
  const rawDefinitions = isObject(definitionsValue) ? definitionsValue : {};
  for (const [name, schema] of Object.entries(rawDefinitions)) {
    if (!isObject(schema)) continue;
    readDefinition(name, schema, definitions);
    const gvks = schema['x-kubernetes-group-version-kind'];
    for (const gvk of Array.isArray(gvks) ? gvks : []) {
      if (!isObject(gvk)) continue;
      const group = typeof gvk.group === 'string' ? gvk.group : '';
      const version = typeof gvk.version === 'string' ? gvk.version : '';
      if (typeof gvk.kind === 'string') types.set(`${group ? `${group}/${version}` : version} ${gvk.kind}`, name);
    }
  }
  return new PatchSchema(definitions, types);
}

/** One definition's fields; an object written inline (not by `$ref`) becomes a definition of its own. */
function readDefinition(name: string, schema: Record<string, unknown>, into: Map<string, Map<string, SchemaField>>): void {
  const fields = new Map<string, SchemaField>();
  into.set(name, fields);
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [key, property] of Object.entries(properties)) {
    if (isObject(property)) fields.set(key, readField(`${name}/${key}`, property, into));
  }
}

function readField(name: string, property: Record<string, unknown>, into: Map<string, Map<string, SchemaField>>): SchemaField {
  const target = (schema: unknown, inlineName: string): string | undefined => {
    if (!isObject(schema)) return undefined;
    if (typeof schema.$ref === 'string') return schema.$ref.replace(/^#\/definitions\//, '');
    if (isObject(schema.properties)) {
      readDefinition(inlineName, schema, into);
      return inlineName;
    }
    return undefined;
  };
  // As kyaml resolves a `$ref` property to its definition, a property with `$ref` loses its own extensions.
  const extensions: Partial<SchemaField> = typeof property.$ref === 'string' ? {} : {
    ...(typeof property['x-kubernetes-patch-strategy'] === 'string' && { strategy: property['x-kubernetes-patch-strategy'] }),
    ...(typeof property['x-kubernetes-patch-merge-key'] === 'string' && { mergeKey: property['x-kubernetes-patch-merge-key'] }),
    ...(Array.isArray(property['x-kubernetes-list-map-keys']) && { mergeKeys: property['x-kubernetes-list-map-keys'].filter((key): key is string => typeof key === 'string') }),
  };
  if (isObject(property.items)) {
    const elementRef = target(property.items, `${name}[]`);
    return { ...extensions, isArray: true, ...(elementRef && { elementRef }) };
  }
  if (isObject(property.additionalProperties)) {
    const valueRef = target(property.additionalProperties, `${name}{}`);
    return { ...extensions, isMap: true, ...(valueRef && { ref: valueRef }) };
  }
  const objectRef = target(property, name);
  return { ...extensions, ...(objectRef && { ref: objectRef }) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
