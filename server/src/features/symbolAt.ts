/**
 * What is at a position: the one resolver hover, definition, references and the other editor features ask. It
 * walks the object under the cursor to the innermost field written there, as a path of keys and list indices read
 * from the object's structure (a Located's `value` is its content, an env var's `value` is a field), and says what
 * that field is about as one typed value.
 */
import { type ClusterSnapshot, type CniPolicy, isCniPolicy, type FieldSpan, groupBy, hostOfValue, hostsIn, isRecord, podsOf, type KubeObject, type LabelSelector, type Located, type LocatedStringMap, type ReadonlyList, matchesLabelMap, matchesLabelSelector, type MeshGateway, meshHost, type MeshHost, meshRulesOf, namesGateway, type NetworkPolicy, type NetworkPolicyPeer, type NetworkPolicyPort, objectsOfType, podsSelectedBy, podTemplateOf, type Service, servicePods, type SimPod, type SimService, type Subset, substringRange, type TextPosition, type TextRange } from '../engine';

/** A field's place in its object: keys and list indices (`spec`, `ports`, 0, `targetPort`). */
export type FieldPath = readonly (string | number)[];

/** A selector as written: a LabelSelector, or a Service's plain label map. */
export type WrittenSelector = LabelSelector | Readonly<Record<string, string>>;

/** A DestinationRule subset (in the rule, or named by a VirtualService destination), with its pods. */
export interface SubsetAtCursor {
  readonly name: string;
  readonly service: SimService;
  readonly labels: Readonly<Record<string, string>>;
  readonly subset: Subset;
  readonly pods: readonly SimPod[];
}

interface At {
  readonly object: KubeObject;
  /** Where the innermost field under the cursor is written (the object's when no field is). */
  readonly range: TextRange;
  readonly path: FieldPath;
}

/** What is under the cursor, one kind per thing the features know how to talk about. */
export type SymbolAt = At &
  (
    | { readonly kind: 'object' }
    /** A name that refers to a Service: an Ingress backend, an HTTPRoute backendRef, a StatefulSet's serviceName. */
    | { readonly kind: 'service-ref'; readonly namespace: string; readonly name: string }
    /** A selector (or an entry of it), with the namespaces whose pods it selects; `owner` says whose it is. */
    | { readonly kind: 'selector'; readonly owner: 'service' | 'policy' | 'workload'; readonly selector: WrittenSelector; readonly namespaces: readonly string[] }
    /** A `labels` map, or one `key: value` entry of it; `within` is what the map belongs to (the object, a subset). */
    | { readonly kind: 'label'; readonly entry: { readonly key: string; readonly value: string } | undefined; readonly within: SymbolAt }
    /** A host a workload's env value connects to, read by the engine's parser; `client` is the pod that would connect. */
    | { readonly kind: 'connection-string'; readonly written: string; readonly scheme: string | undefined; readonly host: string; readonly port: number | undefined; readonly client: SimPod | undefined }
    | { readonly kind: 'mesh-host'; readonly written: string; readonly host: MeshHost }
    | { readonly kind: 'mesh-subset'; readonly subset: SubsetAtCursor }
    | { readonly kind: 'mesh-gateway'; readonly written: string; readonly gateway: MeshGateway | undefined }
    /** Inside a NetworkPolicy rule: on one of its peers, one of its ports, or neither. */
    | { readonly kind: 'cni-policy'; readonly object: CniPolicy; readonly rule: FieldPath | undefined }
    | { readonly kind: 'policy-rule'; readonly object: NetworkPolicy; readonly direction: 'ingress' | 'egress'; readonly rule: number; readonly peer: number | undefined; readonly port: number | undefined }
    /** A Service port's named targetPort. */
    | { readonly kind: 'target-port'; readonly object: Service; readonly name: string }
  );

export function contains(range: TextRange, position: TextPosition): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** The objects of each file, per object list (a snapshot's), so finding the one under the cursor reads one file's. */
const objectsByUri = new WeakMap<ReadonlyList<KubeObject>, Map<string, KubeObject[]>>();

/** The object written at a position of a file. */
export function objectAt(objects: ReadonlyList<KubeObject>, uri: string, position: TextPosition): KubeObject | undefined {
  let byUri = objectsByUri.get(objects);
  if (!byUri) {
    byUri = groupBy(objects, (object) => [object.uri]);
    objectsByUri.set(objects, byUri);
  }
  return (byUri.get(uri) ?? []).find((candidate) => contains(candidate.range, position));
}

/** What is at a position of a file of the snapshot's cluster; undefined outside every object. */
export function symbolAt(snapshot: ClusterSnapshot, uri: string, position: TextPosition): SymbolAt | undefined {
  const object = objectAt(snapshot.objects, uri, position);
  if (!object) return undefined;
  const field = innermostField(object, uri, position);
  return classify({ object, range: field.span?.value ?? object.range, path: field.path }, field.span, position, snapshot);
}

/** Whether the cursor is on the object's own name. */
export function onObjectName(symbol: SymbolAt): boolean {
  return is(symbol.path, ['metadata', 'name']) !== undefined;
}

function isSpan(value: unknown): value is FieldSpan {
  return isRecord(value) && isRecord(value['value']) && 'start' in value['value'];
}

/**
 * A Located wraps its content in `value`; a nested object may have a field of that name (an env var's `value`), and
 * then that field is itself located.
 */
function isLocated(node: Record<string, unknown>): boolean {
  return 'value' in node && !(isRecord(node['value']) && isSpan(node['value']['span']));
}

/**
 * Visits every located node of an object with its path, depth first; `visit` says whether to go into the node. A
 * string map's entries are visited as its own (they are not nodes).
 */
function walk(object: KubeObject, visit: (node: Record<string, unknown>, path: FieldPath) => boolean): void {
  const into = (node: unknown, path: FieldPath): void => {
    if (!isRecord(node) || !visit(node, path)) return;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'span' || key === 'entries' || key === 'range' || key === 'id') continue;
      if (key === 'value' && isLocated(node)) {
        if (Array.isArray(child)) child.forEach((item, index) => into(item, [...path, index]));
        else if (isRecord(child) && !isRecord(node['entries'])) for (const [entry, value] of Object.entries(child)) into(value, [...path, entry]);
      } else into(child, [...path, key]);
    }
  };
  into(object, []);
}

/** The innermost field written in `uri` whose key or value holds the position. */
function innermostField(object: KubeObject, uri: string, position: TextPosition): { path: FieldPath; span: FieldSpan | undefined } {
  let best: { path: FieldPath; span: FieldSpan | undefined } = { path: [], span: undefined };
  // A rendered object's field may be written in a patch: only the fields of the file under the cursor count.
  const holds = (span: FieldSpan) => (span.uri ?? object.uri) === uri && (contains(span.value, position) || (span.key !== undefined && contains(span.key, position)));
  walk(object, (node, path) => {
    const span = node['span'];
    if (isSpan(span)) {
      if (!holds(span)) return false;
      best = { path, span };
    }
    const entries = node['entries'];
    if (isRecord(entries)) for (const [key, entry] of Object.entries(entries)) if (isSpan(entry) && holds(entry)) best = { path: [...path, key], span: entry };
    return true;
  });
  return best;
}

/** Every string map of an object (labels, selectors, matchLabels, ...) with its path. */
export function stringMapsOf(object: KubeObject): { path: FieldPath; map: LocatedStringMap }[] {
  const maps: { path: FieldPath; map: LocatedStringMap }[] = [];
  walk(object, (node, path) => {
    if (isRecord(node['entries']) && isRecord(node['value'])) maps.push({ path, map: node as unknown as LocatedStringMap });
    return true;
  });
  return maps;
}

/** A path pattern: keys, and `N` for any list index. */
const N = Symbol('index');
type Pattern = readonly (string | number | typeof N)[];

/** `path` begins with `prefix`: the indices `N` stood for, in order. */
function startsWith(path: FieldPath, prefix: Pattern): number[] | undefined {
  if (path.length < prefix.length) return undefined;
  const indices: number[] = [];
  for (const [at, step] of prefix.entries()) {
    const actual = path[at];
    if (step === N ? typeof actual !== 'number' : actual !== step) return undefined;
    if (step === N) indices.push(actual as number);
  }
  return indices;
}
const is = (path: FieldPath, pattern: Pattern) => (path.length === pattern.length ? startsWith(path, pattern) : undefined);

/** The kinds of field whose value names something else of the cluster. */
export type ReferringKind = 'service-ref' | 'target-port' | 'mesh-host' | 'mesh-subset' | 'mesh-gateway';

/** Where each kind of object names something else: a Service, a named port, a mesh host, subset or gateway. */
const REFERRING_FIELDS: readonly { readonly type: KubeObject['type']; readonly path: Pattern; readonly kind: ReferringKind }[] = [
  { type: 'Ingress', path: ['spec', 'defaultBackend', 'service', 'name'], kind: 'service-ref' },
  { type: 'Ingress', path: ['spec', 'rules', N, 'http', 'paths', N, 'backend', 'service', 'name'], kind: 'service-ref' },
  { type: 'HTTPRoute', path: ['spec', 'rules', N, 'backendRefs', N, 'name'], kind: 'service-ref' },
  { type: 'HTTPRoute', path: ['spec', 'rules', N, 'filters', N, 'requestMirror', 'backendRef', 'name'], kind: 'service-ref' },
  { type: 'StatefulSet', path: ['spec', 'serviceName'], kind: 'service-ref' },
  { type: 'Service', path: ['spec', 'ports', N, 'targetPort'], kind: 'target-port' },
  { type: 'VirtualService', path: ['spec', 'hosts', N], kind: 'mesh-host' },
  { type: 'VirtualService', path: ['spec', 'http', N, 'route', N, 'destination', 'host'], kind: 'mesh-host' },
  { type: 'VirtualService', path: ['spec', 'tcp', N, 'route', N, 'destination', 'host'], kind: 'mesh-host' },
  { type: 'VirtualService', path: ['spec', 'http', N, 'mirror', 'host'], kind: 'mesh-host' },
  { type: 'DestinationRule', path: ['spec', 'host'], kind: 'mesh-host' },
  { type: 'VirtualService', path: ['spec', 'http', N, 'route', N, 'destination', 'subset'], kind: 'mesh-subset' },
  { type: 'VirtualService', path: ['spec', 'tcp', N, 'route', N, 'destination', 'subset'], kind: 'mesh-subset' },
  { type: 'VirtualService', path: ['spec', 'gateways', N], kind: 'mesh-gateway' },
  { type: 'VirtualService', path: ['spec', 'http', N, 'match', N, 'gateways', N], kind: 'mesh-gateway' },
];

/**
 * What a field names, by its object's kind and its keys, for text that does not parse yet (completion): list
 * indices are not known there, so the keys alone are compared.
 */
export function referringKindOf(kind: string | undefined, keys: readonly string[]): ReferringKind | undefined {
  return REFERRING_FIELDS.find((field) => field.type === kind && is(keys, field.path.filter((step) => step !== N)))?.kind;
}

function classify(at: At, span: FieldSpan | undefined, position: TextPosition, snapshot: ClusterSnapshot): SymbolAt {
  const { object, path } = at;
  const namespace = object.id.namespace ?? 'default';
  const label = labelAt(object, path);
  if (label) return { ...at, kind: 'label', entry: label.entry, within: classify({ ...at, path: label.mapPath }, undefined, position, snapshot) };
  const written = valueAt(object, path);
  const referring = typeof written === 'string' ? REFERRING_FIELDS.find((field) => field.type === object.type && is(path, field.path))?.kind : undefined;
  const reference = referring && referenceAt(at, referring, written as string, snapshot);
  if (reference) return reference;
  switch (object.type) {
    case 'Service': {
      const selector = object.spec?.selector?.value;
      if (selector && startsWith(path, ['spec', 'selector'])) return { ...at, kind: 'selector', owner: 'service', selector, namespaces: [namespace] };
      break;
    }
    case 'NetworkPolicy': {
      if (object.spec?.podSelector && startsWith(path, ['spec', 'podSelector'])) return { ...at, kind: 'selector', owner: 'policy', selector: object.spec.podSelector, namespaces: [namespace] };
      for (const direction of ['ingress', 'egress'] as const) {
        const rule = startsWith(path, ['spec', direction, N])?.[0];
        if (rule === undefined) continue;
        const peer = startsWith(path, ['spec', direction, rule, direction === 'ingress' ? 'from' : 'to', N])?.[0];
        const port = startsWith(path, ['spec', direction, rule, 'ports', N])?.[0];
        return { ...at, object, kind: 'policy-rule', direction, rule, peer, port };
      }
      break;
    }
    case 'DestinationRule': {
      const index = startsWith(path, ['spec', 'subsets', N])?.[0];
      const subset = index === undefined ? undefined : subsetWithPods(object.spec?.subsets?.value[index], object.spec?.host?.value, namespace, snapshot);
      if (subset) return { ...at, kind: 'mesh-subset', subset };
      break;
    }
    case 'MeshGateway':
      return { ...at, kind: 'mesh-gateway', written: object.id.name, gateway: object };
    case 'CiliumNetworkPolicy':
    case 'CiliumClusterwideNetworkPolicy':
    case 'CalicoNetworkPolicy':
    case 'CalicoGlobalNetworkPolicy': {
      // A rule's fields are about the rule (`spec.ingress[0]`, `specs[1].egressDeny[0]`); anywhere else, about the policy.
      const depth = path[0] === 'specs' ? 4 : 3;
      const rule = path.length >= depth && typeof path[depth - 1] === 'number' && /^(ingress|egress)(Deny)?$/.test(String(path[depth - 2])) ? path.slice(0, depth) : undefined;
      if (isCniPolicy(object)) return { ...at, kind: 'cni-policy', object, rule };
      break;
    }
    default:
      break;
  }
  const connection = connectionStringAt(at, span, position, snapshot);
  if (connection) return connection;
  const selector = startsWith(path, ['spec', 'selector']) ? workloadSelector(object) : undefined;
  if (selector) return { ...at, kind: 'selector', owner: 'workload', selector, namespaces: [namespace] };
  return { ...at, kind: 'object' };
}

/** What a referring field's value names, resolved as its kind reads it. */
function referenceAt(at: At, kind: ReferringKind, written: string, snapshot: ClusterSnapshot): SymbolAt | undefined {
  const { object, path } = at;
  const namespace = object.id.namespace ?? 'default';
  switch (kind) {
    case 'service-ref': {
      // A backendRef may name the Service's namespace beside its name.
      const beside = valueAt(object, [...path.slice(0, -1), 'namespace']);
      return { ...at, kind, namespace: typeof beside === 'string' ? beside : namespace, name: written };
    }
    case 'target-port':
      return object.type === 'Service' ? { ...at, object, kind, name: written } : undefined;
    case 'mesh-host':
      return { ...at, kind, written, host: meshHost(written, namespace, snapshot) };
    case 'mesh-subset': {
      const subset = routeSubset(object, written, path, snapshot);
      return subset && { ...at, kind, subset };
    }
    case 'mesh-gateway':
      return object.type !== 'VirtualService' || written === 'mesh' ? undefined : { ...at, kind, written, gateway: objectsOfType(snapshot, 'MeshGateway').find((candidate) => namesGateway(written, object, candidate)) };
  }
}

function workloadSelector(object: KubeObject): WrittenSelector | undefined {
  if (object.type === 'ReplicationController') return object.spec?.selector?.value;
  if (object.type === 'Deployment' || object.type === 'ReplicaSet' || object.type === 'StatefulSet' || object.type === 'DaemonSet' || object.type === 'Job') return object.spec?.selector;
  return undefined;
}

/** The content of the field at a path, read from the object's structure; undefined when the path leads nowhere. */
function valueAt(object: KubeObject, path: FieldPath): unknown {
  let node: unknown = object;
  for (const step of path) {
    if (isRecord(node) && isLocated(node)) node = node['value'];
    node = Array.isArray(node) ? node[step as number] : isRecord(node) ? node[step] : undefined;
  }
  return isRecord(node) && isLocated(node) ? node['value'] : node;
}

/** A `labels` map (an object's, a pod template's, a subset's), or a `key: value` entry of it, and the path of what holds the map. */
function labelAt(object: KubeObject, path: FieldPath): { entry: { key: string; value: string } | undefined; mapPath: FieldPath } | undefined {
  if (path[path.length - 1] === 'labels') return { entry: undefined, mapPath: path.slice(0, -1) };
  const key = path[path.length - 1];
  const value = valueAt(object, path);
  if (typeof key !== 'string' || path[path.length - 2] !== 'labels' || typeof value !== 'string') return undefined;
  return { entry: { key, value }, mapPath: path.slice(0, -2) };
}

/** A host of a workload container's env value, as KT401 reads it: the one under the cursor, or the first. */
function connectionStringAt(at: At, span: FieldSpan | undefined, position: TextPosition, snapshot: ClusterSnapshot): SymbolAt | undefined {
  const { object, path } = at;
  const [list, container, env, variable, field] = path.slice(-5);
  const inEnv = (list === 'containers' || list === 'initContainers') && typeof container === 'number' && env === 'env' && typeof variable === 'number' && field === 'value';
  const value = inEnv && podTemplateOf(object) ? valueAt(object, path) : undefined;
  if (typeof value !== 'string' || !span) return undefined;
  const located: Located<string> = { value, span };
  const references = hostsIn(value);
  const reference = references.find((candidate) => contains(substringRange(located, candidate.start, candidate.start + candidate.host.length), position)) ?? references[0] ?? hostOfValue(value);
  if (!reference) return undefined;
  const client = podsOf(object, snapshot)[0];
  return { ...at, kind: 'connection-string', written: value, scheme: reference.scheme, host: reference.host, port: reference.port, client };
}

/** The subset a route destination names: the one a DestinationRule of the destination's host defines. */
function routeSubset(object: KubeObject, name: string, path: FieldPath, snapshot: ClusterSnapshot): SubsetAtCursor | undefined {
  const host = valueAt(object, [...path.slice(0, -1), 'host']);
  const target = typeof host === 'string' ? meshHost(host, object.id.namespace ?? 'default', snapshot) : undefined;
  return target?.kind === 'service' && target.service ? serviceSubset(target.service, name, snapshot) : undefined;
}

/** A subset of a Service by name, as its DestinationRules define it, with its pods. */
export function serviceSubset(service: SimService, name: string, snapshot: ClusterSnapshot): SubsetAtCursor | undefined {
  const rule = meshRulesOf(service, snapshot).destinationRules.find((candidate) => candidate.spec?.subsets?.value.some((entry) => entry.name?.value === name));
  return rule && subsetWithPods(rule.spec?.subsets?.value.find((entry) => entry.name?.value === name), rule.spec?.host?.value, rule.id.namespace ?? 'default', snapshot);
}

function subsetWithPods(subset: Subset | undefined, host: string | undefined, namespace: string, snapshot: ClusterSnapshot): SubsetAtCursor | undefined {
  const resolved = host ? meshHost(host, namespace, snapshot) : undefined;
  const service = resolved?.kind === 'service' ? resolved.service : undefined;
  if (!subset?.name || !service) return undefined;
  const labels = subset.labels?.value ?? {};
  const pods = servicePods(service, snapshot).filter((pod) => matchesLabelMap(labels, pod.labels));
  return { name: subset.name.value, service, labels, subset, pods };
}

/** The namespaces and pods a NetworkPolicy peer admits (none for an ipBlock, whose addresses are outside pods). */
export function peerPods(peer: NetworkPolicyPeer, policy: NetworkPolicy, snapshot: ClusterSnapshot): { namespaces: string[]; pods: SimPod[] } {
  if (peer.ipBlock) return { namespaces: [], pods: [] };
  const namespaces = peer.namespaceSelector ? [...snapshot.namespaces.entries()].filter(([, labels]) => matchesLabelSelector(peer.namespaceSelector!, labels)).map(([name]) => name) : [policy.id.namespace ?? 'default'];
  return { namespaces, pods: podsSelectedBy(peer.podSelector, namespaces, snapshot) };
}

/** A NetworkPolicy rule's peers (undefined: every peer) and ports (none: every port). */
export function policyRule(policy: NetworkPolicy, direction: 'ingress' | 'egress', index: number): { peers: readonly NetworkPolicyPeer[] | undefined; ports: readonly NetworkPolicyPort[] } | undefined {
  if (direction === 'ingress') {
    const rule = policy.spec?.ingress?.value[index];
    return rule && { peers: rule.from?.value, ports: rule.ports?.value ?? [] };
  }
  const rule = policy.spec?.egress?.value[index];
  return rule && { peers: rule.to?.value, ports: rule.ports?.value ?? [] };
}
