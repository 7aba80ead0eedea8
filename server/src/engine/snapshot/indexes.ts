import { ChunkedList, chunkedGroups, type ReadonlyList } from '../chunkedList';
import type { KubeObject, Namespace, NetworkPolicy } from '../objects';
import type { ClusterSnapshot, SimPod, SimService } from './types';
import { groupBy } from '../groupBy';
import { LayeredMap } from '../layeredMap';
import { fileOrder, replaceFilesOf } from '../fileOrder';
import { mergeSorted, runOf } from '../sortedLists';
import { comparePods } from './pods';
import { perSnapshot } from './perSnapshot';
import { podsMadeAgain, type SnapshotChange } from './snapshotChange';

/** The pods by namespace and address: apart from the rest, so that a lookup of a Service or object makes no pods. */
interface PodIndexes {
  readonly podsByNamespace: LayeredMap<string, readonly SimPod[]>;
  readonly podsByIp: LayeredMap<string, readonly SimPod[]>;
}

interface SnapshotIndexes {
  readonly servicesByKey: LayeredMap<string, SimService>;
  readonly servicesByNamespace: LayeredMap<string, readonly SimService[]>;
  readonly policiesByNamespace: LayeredMap<string, readonly NetworkPolicy[]>;
  readonly objectsByType: LayeredMap<KubeObject['type'], ChunkedList<KubeObject>>;
  /** Namespaced objects by namespace. */
  readonly objectsByNamespace: LayeredMap<string, ChunkedList<KubeObject>>;
}

const isPolicy = (object: KubeObject): object is NetworkPolicy => object.type === 'NetworkPolicy';
const namespaceOf = (object: KubeObject) => (object.id.namespace === undefined ? [] : [object.id.namespace]);

/** Lookups by namespace, name, address and kind, built once per snapshot, and after an edit from the last ones. */
const podIndexesOf = perSnapshot(
  (snapshot): PodIndexes => ({
    podsByNamespace: LayeredMap.of(groupBy(snapshot.pods, (pod) => [pod.namespace])),
    podsByIp: LayeredMap.of(groupBy(snapshot.pods, (pod) => pod.ips)),
  }),
  carryPodIndexes,
);

/** The same for Services, policies and objects. */
const indexesOf = perSnapshot(
  (snapshot): SnapshotIndexes => ({
    servicesByKey: LayeredMap.of(new Map(snapshot.services.map((service) => [`${service.namespace}/${service.name}`, service]))),
    servicesByNamespace: LayeredMap.of(groupBy(snapshot.services, (service) => [service.namespace])),
    policiesByNamespace: LayeredMap.of(groupBy(snapshot.objects.filter(isPolicy), (policy) => [policy.id.namespace ?? 'default'])),
    objectsByType: LayeredMap.of(chunkedGroups(groupBy(snapshot.objects, (object) => [object.type]))),
    objectsByNamespace: LayeredMap.of(chunkedGroups(groupBy(snapshot.objects, namespaceOf))),
  }),
  carryIndexes,
);

/** The pod indexes after an edit: the entries of the namespaces it rebuilt are replaced, the rest are the last ones. */
function carryPodIndexes(previous: PodIndexes, change: SnapshotChange): PodIndexes {
  const { touched, podsAfter: newPods } = change;
  const inTouched = (item: { readonly namespace: string }) => touched.has(item.namespace);
  // One namespace rebuilt (an edit) has its pods listed already.
  const newByNamespace = touched.size === 1 ? new Map([[[...touched][0]!, newPods]]) : groupBy(newPods, (pod) => [pod.namespace]);
  // Each address a pod made again had or has lists its pods again, in the snapshot's order: only those addresses are looked up.
  const changedIps = new Set(podsMadeAgain(change).flatMap((pod) => pod.ips));
  const newByIp = new Map<string, SimPod[]>();
  for (const pod of newPods) for (const ip of pod.ips) if (changedIps.has(ip)) newByIp.set(ip, [...(newByIp.get(ip) ?? []), pod]);
  const addresses = new Map<string, readonly SimPod[] | undefined>();
  for (const ip of changedIps) {
    const pods = mergeSorted((previous.podsByIp.get(ip) ?? []).filter((pod) => !inTouched(pod)), newByIp.get(ip) ?? [], comparePods);
    addresses.set(ip, pods.length > 0 ? pods : undefined);
  }
  return {
    podsByNamespace: previous.podsByNamespace.with(new Map([...touched].map((namespace) => [namespace, newByNamespace.get(namespace)?.length ? newByNamespace.get(namespace) : undefined]))),
    podsByIp: previous.podsByIp.with(addresses),
  };
}

/** The indexes after an edit: the entries of the namespaces it rebuilt are replaced, the rest are the last ones. */
function carryIndexes(previous: SnapshotIndexes, change: SnapshotChange): SnapshotIndexes {
  const { touched, touchedObjects, servicesBefore, servicesAfter } = change;
  const services = new Map<string, SimService | undefined>();
  for (const service of servicesBefore) services.set(`${service.namespace}/${service.name}`, undefined);
  for (const service of servicesAfter) services.set(`${service.namespace}/${service.name}`, service);
  const newServicesByNamespace = groupBy(servicesAfter, (service) => [service.namespace]);
  // A change that no policy went or came by keeps every namespace's policies.
  const policies = change.changed.some(isPolicy) ? groupBy(touchedObjects.filter(isPolicy), (policy) => [policy.id.namespace ?? 'default']) : undefined;
  return {
    servicesByKey: previous.servicesByKey.with(services),
    servicesByNamespace: previous.servicesByNamespace.with(new Map([...touched].map((namespace) => [namespace, newServicesByNamespace.get(namespace)]))),
    policiesByNamespace: policies ? previous.policiesByNamespace.with(new Map([...touched].map((namespace) => [namespace, policies.get(namespace)]))) : previous.policiesByNamespace,
    objectsByType: regroup(previous.objectsByType, change, (object) => [object.type]),
    objectsByNamespace: regroup(previous.objectsByNamespace, change, namespaceOf),
  };
}

/**
 * A grouping of objects after a change: the groups of the objects that went or came are listed again, in the snapshot's
 * order. When the change replaced objects one for one where they were (an edit of a document of a large file that keeps
 * its objects' kinds and namespaces), only those entries of their groups are replaced: the changed files' other
 * objects are neither grouped nor listed again.
 */
export function regroup<K extends string>(previous: LayeredMap<K, ChunkedList<KubeObject>>, change: Pick<SnapshotChange, 'removed' | 'added' | 'files'>, keysOf: (object: KubeObject) => readonly K[]): LayeredMap<K, ChunkedList<KubeObject>> {
  const replacements = replacedInPlace(change, keysOf);
  const inPlace = replacements && entriesReplaced(previous, replacements, keysOf);
  if (inPlace) return previous.with(inPlace);
  const { files } = change;
  const added = groupBy(files.added, keysOf);
  const groups = new Map<K, ChunkedList<KubeObject> | undefined>();
  for (const key of new Set([...files.removed.flatMap(keysOf), ...added.keys()])) {
    const objects = replaceFilesOf(previous.get(key) ?? ChunkedList.empty<KubeObject>(), files.removed, added.get(key) ?? []);
    groups.set(key, objects.length > 0 ? objects : undefined);
  }
  return previous.with(groups);
}

/**
 * The objects that went, each with the one that came in its place, when the changed files' runs after the change are
 * those before with each object that went replaced by one that came, under the same keys; else undefined.
 */
function replacedInPlace<K extends string>({ removed, added, files }: Pick<SnapshotChange, 'removed' | 'added' | 'files'>, keysOf: (object: KubeObject) => readonly K[]): ReadonlyMap<KubeObject, KubeObject> | undefined {
  if (removed.length !== added.length || files.removed.length !== files.added.length) return undefined;
  const replacements = new Map<KubeObject, KubeObject>();
  for (let index = 0; index < removed.length; index++) {
    const [before, after] = [removed[index]!, added[index]!];
    if (before.uri !== after.uri || keysOf(before).join('\u0000') !== keysOf(after).join('\u0000')) return undefined;
    replacements.set(before, after);
  }
  let replaced = 0;
  for (let index = 0; index < files.removed.length; index++) {
    const before = files.removed[index]!;
    const after = files.added[index]!;
    if (before === after) continue;
    if (replacements.get(before) !== after) return undefined;
    replaced++;
  }
  return replaced === replacements.size ? replacements : undefined;
}

/** The groups with each object that went replaced by the one that came in its place; undefined when one is not where its file's run is. */
function entriesReplaced<K extends string>(previous: LayeredMap<K, ChunkedList<KubeObject>>, replacements: ReadonlyMap<KubeObject, KubeObject>, keysOf: (object: KubeObject) => readonly K[]): Map<K, ChunkedList<KubeObject>> | undefined {
  const groups = new Map<K, ChunkedList<KubeObject>>();
  for (const [before, after] of replacements) {
    for (const key of keysOf(before)) {
      const objects = groups.get(key) ?? previous.get(key);
      if (!objects) return undefined;
      const [start, end] = runOf(objects, before.uri, fileOrder);
      let at = start;
      while (at < end && objects.at(at) !== before) at++;
      if (at === end) return undefined;
      groups.set(key, objects.edited([[at, at + 1]], [after], [at]));
    }
  }
  return groups;
}

/** The namespaced objects of one namespace, in the snapshot's order. */
export function objectsInNamespace(snapshot: ClusterSnapshot, namespace: string): ChunkedList<KubeObject> {
  return indexesOf(snapshot).objectsByNamespace.get(namespace) ?? ChunkedList.empty();
}

/**
 * The objects of some namespaces after a change, from those before it: for a snapshot still being made. One
 * namespace's are its index entry after the change (an edit of one document of a large file replaces its object
 * where it was, without listing the namespace's thousands of objects); several namespaces' are one list.
 */
export function objectsInNamespacesAfter(previous: ClusterSnapshot, namespaces: ReadonlySet<string>, change: Pick<SnapshotChange, 'removed' | 'added' | 'files'>): ReadonlyList<KubeObject> {
  const byNamespace = regroup(indexesOf(previous).objectsByNamespace, change, namespaceOf);
  const lists = [...namespaces].sort().map((namespace) => byNamespace.get(namespace) ?? ChunkedList.empty<KubeObject>());
  return lists.length === 1 ? lists[0]! : ChunkedList.of(lists.flatMap((objects) => [...objects]));
}

/** The EndpointSlices and Endpoints of some namespaces, in the snapshot's order by kind: what a Service's endpoints are read from. */
export function endpointObjectsIn(snapshot: ClusterSnapshot, namespaces: ReadonlySet<string>): KubeObject[] {
  const inNamespaces = (object: KubeObject) => object.id.namespace !== undefined && namespaces.has(object.id.namespace);
  return [...objectsOfType(snapshot, 'EndpointSlice').filter(inNamespaces), ...objectsOfType(snapshot, 'Endpoints').filter(inNamespaces)];
}

export function podsInNamespace(snapshot: ClusterSnapshot, namespace: string): readonly SimPod[] {
  return podIndexesOf(snapshot).podsByNamespace.get(namespace) ?? [];
}

/** The Services of one namespace (those the simulation stands in included), in the snapshot's order. */
export function servicesInNamespace(snapshot: ClusterSnapshot, namespace: string): readonly SimService[] {
  return indexesOf(snapshot).servicesByNamespace.get(namespace) ?? [];
}

/** The Services of every namespace by name, in the snapshot's order: made when first asked (a name not found), not kept up to date. */
const servicesByName = perSnapshot((snapshot) => groupBy(snapshot.services, (service) => [service.name]));

/** The Services of that name in any namespace, in the snapshot's order. */
export function servicesNamed(snapshot: ClusterSnapshot, name: string): readonly SimService[] {
  return servicesByName(snapshot).get(name) ?? [];
}

export function serviceNamed(snapshot: ClusterSnapshot, namespace: string, name: string): SimService | undefined {
  return indexesOf(snapshot).servicesByKey.get(`${namespace}/${name}`);
}

export function policiesInNamespace(snapshot: ClusterSnapshot, namespace: string): readonly NetworkPolicy[] {
  return indexesOf(snapshot).policiesByNamespace.get(namespace) ?? [];
}

/** The pods with an address (several only where host-network pods share their node's address). */
export function podsWithIp(snapshot: ClusterSnapshot, ip: string): readonly SimPod[] {
  return podIndexesOf(snapshot).podsByIp.get(ip) ?? [];
}

/** The objects of one kind, in the snapshot's order. */
export function objectsOfType<T extends KubeObject['type']>(snapshot: ClusterSnapshot, type: T): ChunkedList<Extract<KubeObject, { type: T }>> {
  return (indexesOf(snapshot).objectsByType.get(type) ?? ChunkedList.empty()) as ChunkedList<Extract<KubeObject, { type: T }>>;
}

/** The Namespace object of a name, when the workspace defines it (its labels live in `snapshot.namespaces` either way). */
export function namespaceObject(snapshot: ClusterSnapshot, name: string): Namespace | undefined {
  return objectsOfType(snapshot, 'Namespace').find((candidate) => candidate.id.name === name);
}

/** The objects of a namespace by kind and name, once per list (a namespace untouched by an edit keeps its list). */
const objectsByName = new WeakMap<ChunkedList<KubeObject>, ReadonlyMap<string, KubeObject>>();

/** The object of a kind and name in a namespace. */
export function objectNamed(snapshot: ClusterSnapshot, namespace: string, kind: string, name: string): KubeObject | undefined {
  const objects = objectsInNamespace(snapshot, namespace);
  let byName = objectsByName.get(objects);
  if (!byName) {
    byName = new Map(objects.map((object) => [`${object.id.kind}/${object.id.name}`, object]));
    objectsByName.set(objects, byName);
  }
  return byName.get(`${kind}/${name}`);
}
