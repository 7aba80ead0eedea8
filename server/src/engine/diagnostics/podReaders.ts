import { connectionStringLabels } from '../connectionHosts';
import { LayeredMap } from '../layeredMap';
import { podTemplateOf, type KubeObject, type LabelSelector, type NetworkPolicy, type Service } from '../objects';
import { policyPeers } from '../policy/networkPolicy';
import { picksAPodIn } from '../policy/selectorIndex';
import { picksAPod } from '../snapshot/carriedPodIndexes';
import { sameValue } from '../sameValue';
import { objectsInNamespace } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';
import { differences, type SnapshotChange } from '../snapshot/snapshotChange';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';

/**
 * Who reads a namespace's pods, kept per snapshot and namespace for the recheck after an edit of workloads
 * (namespaceRecheck.ts): the Services and policies by a label their selectors need, those whose selector picks no pod,
 * the workloads by name and the connection strings by the labels of the hosts they name. The recheck then looks only
 * at the objects a changed pod can reach, instead of asking every object of the namespace. After such an edit, only
 * the selectors that pick a changed pod can start or stop picking none: the rest of each namespace's entry is the last one's.
 */
export interface PodReaders {
  /** Services and policies whose selectors each need a `key=value` label (the first of each selector's matchLabels). */
  readonly bySelectorLabel: ReadonlyMap<string, readonly KubeObject[]>;
  /** Policies with a selector no label finds (none, empty, expressions alone, or reading other namespaces): always asked. */
  readonly alwaysAsked: readonly KubeObject[];
  /** Services and policies (of those found by label) with a selector that picks no pod of the namespace. */
  readonly pickingNothing: ReadonlySet<KubeObject>;
  /** Workloads, Pods, ConfigMaps and Secrets by `kind/name` (layered: an edit changes a few of a namespace's thousands). */
  readonly byName: LayeredMap<string, readonly KubeObject[]>;
  /** Those of them with connection strings, by every label of the hosts they name. */
  readonly byHostLabel: LayeredMap<string, readonly KubeObject[]>;
  /** The objects of every other kind, which an edit of workloads always checks again. */
  readonly others: readonly KubeObject[];
}

/**
 * Kinds whose change reaches the rest of their namespace through their pods alone: a workload (or a Pod), and a
 * ConfigMap or Secret, which no check of another object of the namespace reads (an Ingress's TLS Secret: Ingresses
 * are always checked again).
 */
export function reachesOthersThroughPods(object: KubeObject): boolean {
  return podTemplateOf(object) !== undefined || object.type === 'ConfigMap' || object.type === 'Secret';
}

/** The pods of the rebuilt namespaces that came, went or differ, before and after, and which of them are the pods after. */
export interface ChangedPods {
  readonly pods: readonly SimPod[];
  readonly after: ReadonlySet<SimPod>;
}

const changedPodsBySnapshot = new WeakMap<ClusterSnapshot, ChangedPods>();

/**
 * The pods an edit changed (a changed workload's pods all count, for a check reads its workload through them), worked
 * out once per snapshot: the recheck and the carrying of this index both ask.
 */
export function podsThatChanged(snapshot: ClusterSnapshot, change: SnapshotChange): ChangedPods {
  let changedPods = changedPodsBySnapshot.get(snapshot);
  if (!changedPods) changedPodsBySnapshot.set(snapshot, (changedPods = podsChangedBy(change)));
  return changedPods;
}

function podsChangedBy(change: SnapshotChange): ChangedPods {
  const workloads = new Set(change.changed.map((object) => `${object.id.namespace}/${object.id.kind}/${object.id.name}`));
  const workloadNames = new Set(change.changed.map((object) => object.id.name));
  const ofChangedWorkload = (pod: SimPod) => workloadNames.has(pod.workload.name) && workloads.has(`${pod.workload.namespace}/${pod.workload.kind}/${pod.workload.name}`);
  // Most pods of a rebuilt namespace are the same objects before and after (those differences passes over): of a
  // workload that did not change, they did not.
  const { removed, added } = differences(change.podsBefore, change.podsAfter);
  const went = new Set(removed);
  const came = new Set(added);
  const key = (pod: SimPod) => `${pod.namespace}/${pod.name}`;
  const before = new Map(change.podsBefore.filter((pod) => went.has(pod) || ofChangedWorkload(pod)).map((pod) => [key(pod), pod]));
  const pods: SimPod[] = [];
  const after = new Set<SimPod>();
  const seen = new Set<string>();
  for (const pod of change.podsAfter) {
    if (!came.has(pod) && !ofChangedWorkload(pod)) continue;
    const name = key(pod);
    seen.add(name);
    const old = before.get(name);
    if (old && !ofChangedWorkload(pod) && sameValue(old, pod)) continue;
    pods.push(pod);
    after.add(pod);
    if (old) pods.push(old);
  }
  for (const [name, pod] of before) if (!seen.has(name)) pods.push(pod);
  return { pods, after };
}

/** Whether a change is of workloads, ConfigMaps and Secrets alone: the edits whose recheck this index serves. */
export function changesOnlyPods(change: Pick<SnapshotChange, 'changed'>): boolean {
  return change.changed.every(reachesOthersThroughPods);
}

/** Each namespace's entry, made when the recheck first asks for it; an edit of workloads carries the entries over. */
const readersByNamespace = perSnapshot(
  (): Map<string, PodReaders> => new Map(),
  (previous, change, snapshot) => {
    const carried = new Map(previous);
    const onlyPods = changesOnlyPods(change);
    for (const namespace of change.touched) {
      const entry = carried.get(namespace);
      carried.delete(namespace);
      if (entry && onlyPods) carried.set(namespace, afterEdit(entry, namespace, change, snapshot));
    }
    return carried;
  },
);

/** Who reads a namespace's pods in a snapshot. */
export function podReadersIn(snapshot: ClusterSnapshot, namespace: string): PodReaders {
  const known = readersByNamespace(snapshot);
  let readers = known.get(namespace);
  if (!readers) known.set(namespace, (readers = readersOf(snapshot, namespace)));
  return readers;
}

/** Keeps the entries of a snapshot that is checked in full, so that the edits after it carry them over. */
export function keepPodReaders(snapshot: ClusterSnapshot): void {
  readersByNamespace(snapshot);
}

function hasSelector(service: Service): boolean {
  const selector = service.spec?.selector?.value;
  return selector !== undefined && Object.keys(selector).length > 0;
}

/**
 * The podSelectors of a policy that read its namespace's pods (its own, and its peers' without a namespaceSelector);
 * undefined when one of them no label finds (absent, with no matchLabels, or a peer's reading other namespaces).
 */
function policySelectors(policy: NetworkPolicy): readonly LabelSelector[] | undefined {
  const own = policy.spec?.podSelector;
  if (!own) return undefined;
  const selectors = [own];
  for (const peer of policyPeers(policy)) {
    if (peer.ipBlock || !peer.podSelector || (!peer.podSelector.matchLabels && !peer.podSelector.matchExpressions)) continue;
    if (peer.namespaceSelector) return undefined;
    selectors.push(peer.podSelector);
  }
  return selectors.every((selector) => Object.keys(selector.matchLabels?.value ?? {}).length > 0) ? selectors : undefined;
}

/** A label each of an object's selectors needs (the first of its entries); undefined when no label finds one of them. */
function selectorLabels(object: Service | NetworkPolicy): readonly string[] | undefined {
  const first = (labels: Readonly<Record<string, string>>) => {
    const [key, value] = Object.entries(labels)[0]!;
    return `${key}=${value}`;
  };
  if (object.type === 'Service') return [first(object.spec!.selector!.value)];
  const selectors = policySelectors(object);
  return selectors && [...new Set(selectors.map((selector) => first(selector.matchLabels!.value)))];
}

/** Whether one of an object's selectors (found by label) picks no pod of the namespace. */
function picksNothing(object: Service | NetworkPolicy, namespace: string, snapshot: ClusterSnapshot): boolean {
  if (object.type === 'Service') return !picksAPod(object.spec!.selector!.value, namespace, snapshot);
  return policySelectors(object)!.some((selector) => !picksAPodIn(selector, [namespace], snapshot));
}

function readersOf(snapshot: ClusterSnapshot, namespace: string): PodReaders {
  const bySelectorLabel = new Map<string, KubeObject[]>();
  const alwaysAsked: KubeObject[] = [];
  const pickingNothing = new Set<KubeObject>();
  const byName = new Map<string, KubeObject[]>();
  const byHostLabel = new Map<string, KubeObject[]>();
  const others: KubeObject[] = [];
  const add = (map: Map<string, KubeObject[]>, key: string, object: KubeObject) => {
    const list = map.get(key);
    if (list) list.push(object);
    else map.set(key, [object]);
  };
  for (const object of objectsInNamespace(snapshot, namespace)) {
    if (object.type === 'Service' || object.type === 'NetworkPolicy') {
      // A Service with no selector reads no pod.
      if (object.type === 'Service' && !hasSelector(object)) continue;
      const labels = selectorLabels(object);
      if (!labels) {
        alwaysAsked.push(object);
        continue;
      }
      for (const label of labels) add(bySelectorLabel, label, object);
      if (picksNothing(object, namespace, snapshot)) pickingNothing.add(object);
    } else if (reachesOthersThroughPods(object)) {
      add(byName, `${object.id.kind}/${object.id.name}`, object);
      for (const label of connectionStringLabels(object)) add(byHostLabel, label, object);
    } else others.push(object);
  }
  return { bySelectorLabel, alwaysAsked, pickingNothing, byName: LayeredMap.of(byName), byHostLabel: LayeredMap.of(byHostLabel), others };
}

/** The Services and policies of the entry whose selectors may pick one of some pods. */
export function selectorsReaching(readers: PodReaders, pods: readonly SimPod[]): Set<KubeObject> {
  const reached = new Set<KubeObject>();
  for (const pod of pods) for (const key in pod.labels) for (const object of readers.bySelectorLabel.get(`${key}=${pod.labels[key]}`) ?? []) reached.add(object);
  return reached;
}

/** An entry after an edit of workloads, ConfigMaps and Secrets in its namespace: the objects that went and came, and the selectors whose picks changed. */
function afterEdit(readers: PodReaders, namespace: string, change: SnapshotChange, snapshot: ClusterSnapshot): PodReaders {
  const pods = podsThatChanged(snapshot, change).pods.filter((pod) => pod.namespace === namespace);
  const pickingNothing = new Set(readers.pickingNothing);
  for (const object of selectorsReaching(readers, pods)) {
    if (picksNothing(object as Service | NetworkPolicy, namespace, snapshot)) pickingNothing.add(object);
    else pickingNothing.delete(object);
  }
  const inNamespace = (object: KubeObject) => object.id.namespace === namespace;
  const removed = change.removed.filter(inNamespace);
  const added = change.added.filter(inNamespace);
  return {
    ...readers,
    pickingNothing,
    byName: replaced(readers.byName, removed, added, (object) => [`${object.id.kind}/${object.id.name}`]),
    byHostLabel: replaced(readers.byHostLabel, removed, added, (object) => [...connectionStringLabels(object)]),
  };
}

/** A grouping with some objects taken out and others put in (at the end: the recheck keeps the snapshot's order itself). */
function replaced(groups: LayeredMap<string, readonly KubeObject[]>, removed: readonly KubeObject[], added: readonly KubeObject[], keysOf: (object: KubeObject) => readonly string[]): LayeredMap<string, readonly KubeObject[]> {
  if (removed.length === 0 && added.length === 0) return groups;
  const changed = new Map<string, KubeObject[]>();
  const writable = (key: string) => {
    let list = changed.get(key);
    if (!list) changed.set(key, (list = [...(groups.get(key) ?? [])]));
    return list;
  };
  const gone = new Set(removed);
  for (const object of removed) for (const key of keysOf(object)) writable(key);
  for (const [key, list] of changed) changed.set(key, list.filter((object) => !gone.has(object)));
  for (const object of added) for (const key of keysOf(object)) writable(key).push(object);
  return groups.with(new Map([...changed].map(([key, list]) => [key, list.length > 0 ? list : undefined])));
}
