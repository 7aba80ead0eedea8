import type { KubeObject, NetworkPolicy } from '../objects';
import type { ClusterSnapshot, SimPod, SimService } from './types';
import { groupBy } from '../groupBy';
import { mergeSorted } from '../mergeSorted';
import { comparePods } from './pods';
import { perSnapshot } from './perSnapshot';
import type { SnapshotChange } from './snapshotChange';

interface SnapshotIndexes {
  readonly podsByNamespace: ReadonlyMap<string, readonly SimPod[]>;
  readonly podsByIp: ReadonlyMap<string, readonly SimPod[]>;
  readonly servicesByKey: ReadonlyMap<string, SimService>;
  readonly policiesByNamespace: ReadonlyMap<string, readonly NetworkPolicy[]>;
  readonly objectsByType: ReadonlyMap<KubeObject['type'], readonly KubeObject[]>;
  /** Namespaced objects by namespace. */
  readonly objectsByNamespace: ReadonlyMap<string, readonly KubeObject[]>;
}

const isPolicy = (object: KubeObject): object is NetworkPolicy => object.type === 'NetworkPolicy';

/** Lookups by namespace, name, address and kind, built once per snapshot, and after an edit from the last ones. */
const indexesOf = perSnapshot(
  (snapshot): SnapshotIndexes => ({
    podsByNamespace: groupBy(snapshot.pods, (pod) => [pod.namespace]),
    podsByIp: groupBy(snapshot.pods, (pod) => pod.ips),
    servicesByKey: new Map(snapshot.services.map((service) => [`${service.namespace}/${service.name}`, service])),
    policiesByNamespace: groupBy(snapshot.objects.filter(isPolicy), (policy) => [policy.id.namespace ?? 'default']),
    objectsByType: groupBy(snapshot.objects, (object) => [object.type]),
    objectsByNamespace: groupBy(snapshot.objects, (object) => (object.id.namespace === undefined ? [] : [object.id.namespace])),
  }),
  carryIndexes,
);

/** The indexes after an edit: the entries of the namespaces it rebuilt are replaced, the rest are the last ones. */
function carryIndexes(previous: SnapshotIndexes, change: SnapshotChange, snapshot: ClusterSnapshot): SnapshotIndexes {
  const { touched, touchedObjects } = change;
  const oldPods = change.previous.pods.filter((pod) => touched.has(pod.namespace));
  const newPods = snapshot.pods.filter((pod) => touched.has(pod.namespace));
  const podsByNamespace = new Map(previous.podsByNamespace);
  for (const namespace of touched) podsByNamespace.delete(namespace);
  for (const [namespace, pods] of groupBy(newPods, (pod) => [pod.namespace])) podsByNamespace.set(namespace, pods);
  // Each address the rebuilt pods had or have lists its pods again, in the snapshot's order.
  const podsByIp = new Map(previous.podsByIp);
  const newByIp = groupBy(newPods, (pod) => pod.ips);
  for (const ip of new Set([...oldPods.flatMap((pod) => pod.ips), ...newByIp.keys()])) {
    const pods = mergeSorted((podsByIp.get(ip) ?? []).filter((pod) => !touched.has(pod.namespace)), newByIp.get(ip) ?? [], comparePods);
    if (pods.length > 0) podsByIp.set(ip, pods);
    else podsByIp.delete(ip);
  }
  const servicesByKey = new Map(previous.servicesByKey);
  for (const service of change.previous.services) if (touched.has(service.namespace)) servicesByKey.delete(`${service.namespace}/${service.name}`);
  for (const service of snapshot.services) if (touched.has(service.namespace)) servicesByKey.set(`${service.namespace}/${service.name}`, service);
  const policiesByNamespace = new Map(previous.policiesByNamespace);
  for (const namespace of touched) policiesByNamespace.delete(namespace);
  for (const [namespace, policies] of groupBy(touchedObjects.filter(isPolicy), (policy) => [policy.id.namespace ?? 'default'])) policiesByNamespace.set(namespace, policies);
  const objectsByType = regroup(previous.objectsByType, change, (object) => [object.type]);
  const objectsByNamespace = regroup(previous.objectsByNamespace, change, (object) => (object.id.namespace === undefined ? [] : [object.id.namespace]));
  return { podsByNamespace, podsByIp, servicesByKey, policiesByNamespace, objectsByType, objectsByNamespace };
}

/** A grouping of objects after a change: the groups of the objects that went or came are listed again, in the snapshot's order. */
function regroup<K extends string>(previous: ReadonlyMap<K, readonly KubeObject[]>, change: { readonly removed: readonly KubeObject[]; readonly added: readonly KubeObject[] }, keysOf: (object: KubeObject) => readonly K[]): Map<K, readonly KubeObject[]> {
  const groups = new Map(previous);
  const removed = new Set(change.removed);
  const added = groupBy(change.added, keysOf);
  for (const key of new Set([...change.removed.flatMap(keysOf), ...added.keys()])) {
    const objects = mergeSorted((groups.get(key) ?? []).filter((object) => !removed.has(object)), added.get(key) ?? [], compareFiles);
    if (objects.length > 0) groups.set(key, objects);
    else groups.delete(key);
  }
  return groups;
}

/** Objects in the snapshot's order: by file, in the order the model sorts files; within a file, as written. */
function compareFiles(a: KubeObject, b: KubeObject): number {
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0;
}

/** The namespaced objects of one namespace, in the snapshot's order. */
export function objectsInNamespace(snapshot: ClusterSnapshot, namespace: string): readonly KubeObject[] {
  return indexesOf(snapshot).objectsByNamespace.get(namespace) ?? [];
}

/** The objects of some namespaces after a change, from those before it: for a snapshot still being made. */
export function objectsInNamespacesAfter(previous: ClusterSnapshot, namespaces: ReadonlySet<string>, change: { readonly removed: readonly KubeObject[]; readonly added: readonly KubeObject[] }): KubeObject[] {
  const removed = new Set(change.removed);
  return [...namespaces].sort().flatMap((namespace) =>
    mergeSorted(objectsInNamespace(previous, namespace).filter((object) => !removed.has(object)), change.added.filter((object) => object.id.namespace === namespace), compareFiles),
  );
}

export function podsInNamespace(snapshot: ClusterSnapshot, namespace: string): readonly SimPod[] {
  return indexesOf(snapshot).podsByNamespace.get(namespace) ?? [];
}

export function serviceNamed(snapshot: ClusterSnapshot, namespace: string, name: string): SimService | undefined {
  return indexesOf(snapshot).servicesByKey.get(`${namespace}/${name}`);
}

export function policiesInNamespace(snapshot: ClusterSnapshot, namespace: string): readonly NetworkPolicy[] {
  return indexesOf(snapshot).policiesByNamespace.get(namespace) ?? [];
}

/** The pods with an address (several only where host-network pods share their node's address). */
export function podsWithIp(snapshot: ClusterSnapshot, ip: string): readonly SimPod[] {
  return indexesOf(snapshot).podsByIp.get(ip) ?? [];
}

/** The objects of one kind, in the snapshot's order. */
export function objectsOfType<T extends KubeObject['type']>(snapshot: ClusterSnapshot, type: T): readonly Extract<KubeObject, { type: T }>[] {
  return (indexesOf(snapshot).objectsByType.get(type) ?? []) as readonly Extract<KubeObject, { type: T }>[];
}
