import { connectionStringLabels } from '../connectionHosts';
import { groupBy } from '../groupBy';
import { matchesLabelMap, matchesLabelSelector } from '../labels';
import type { KubeObject, LabelSelector, NetworkPolicy, Service } from '../objects';
import { policyPeers } from '../policy/networkPolicy';
import { picksAPodIn, selectedNamespaces } from '../policy/selectorIndex';
import { picksAPod } from '../snapshot/carriedPodIndexes';
import { sameValue } from '../sameValue';
import type { SnapshotChange } from '../snapshot/snapshotChange';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { podCountIn } from '../snapshot/groupedPods';
import { maySuggest } from './context';
import { labelSuggestion } from './policyChecks';
import { emptySelectorReading } from './serviceChecks';
import { changesOnlyPods, keepPodReaders, podReadersIn, podsThatChanged, reachesOthersThroughPods, selectorsReaching } from './podReaders';

const NO_PODS: readonly SimPod[] = [];

/** Which objects of the rebuilt namespaces to check again, and which connection strings elsewhere read what changed. */
export interface NamespaceRecheck {
  readonly objects: readonly KubeObject[];
  /** Whether an object's connection strings may resolve differently (names a Service whose pods changed, or a pod). */
  readonly readsChangedNames: (object: KubeObject) => boolean;
}

/**
 * After an edit that changed only workloads, ConfigMaps or Secrets, the objects of the rebuilt namespaces whose
 * findings may have changed: those that came, those whose checks read a pod that changed (a Service's selector or a
 * policy's podSelector or peer that picks it, before or after), those whose selector picks no pod and whose finding
 * reads a changed pod (see pickingNothingReads), the workloads whose own pods changed, the connection strings naming
 * a Service whose pods changed, and every object of the other kinds. The others keep their findings: what their checks
 * read is the same. Only the objects that the index of who reads a namespace's pods (podReaders.ts) finds for the
 * changed pods are asked, not every object of the namespace; they come in the snapshot's order. Undefined when the
 * edit changed another kind (a Service, a policy...): every object is checked again.
 */
export function namespaceRecheck(snapshot: ClusterSnapshot, change: SnapshotChange): NamespaceRecheck | undefined {
  // Asked after every edit, so that the index goes on from snapshot to snapshot whatever the edit.
  keepPodReaders(snapshot);
  if (!changesOnlyPods(change)) return undefined;
  const { pods, after } = podsThatChanged(snapshot, change);
  const changedPods = groupBy(pods, (pod) => [pod.namespace]);
  // Asked for every object found: one namespace's list is handed out as it is.
  const podsIn = (namespaces: readonly string[]) => (namespaces.length === 1 ? (changedPods.get(namespaces[0]!) ?? NO_PODS) : namespaces.flatMap((namespace) => changedPods.get(namespace) ?? []));
  const changedPodList = [...changedPods.values()].flat();
  // definesNoPodIn: a selector that picks nothing where a namespace has no pod is no finding at all.
  const podless = new Set([...change.touched].filter((namespace) => podCountIn(change.previous, namespace) === 0 || podCountIn(snapshot, namespace) === 0));
  const changedServiceNames = new Set(
    change.servicesAfter.filter((service) => service.selector !== undefined && Object.keys(service.selector).length > 0 && podsIn([service.namespace]).some((pod) => matchesLabelMap(service.selector!, pod.labels))).map((service) => service.name),
  );
  // The Services' own values stay (a Service did not change), but a changed one is told apart all the same.
  const servicesBefore = new Map(change.servicesBefore.map((service) => [`${service.namespace}/${service.name}`, service]));
  for (const service of change.servicesAfter) if (!sameValue(servicesBefore.get(`${service.namespace}/${service.name}`), service)) changedServiceNames.add(service.name);
  const ownPodsChanged = new Set(changedPodList.map((pod) => `${pod.workload.namespace}/${pod.workload.kind}/${pod.workload.name}`));
  const readsChangedNames = (object: KubeObject) => {
    const labels = connectionStringLabels(object);
    if (labels.size === 0) return false;
    if (labels.has('pod')) return true;
    for (const name of changedServiceNames) if (labels.has(name)) return true;
    return false;
  };
  const readsChangedPods = (object: KubeObject): boolean => {
    const namespace = object.id.namespace ?? 'default';
    if (object.type === 'Service') return serviceReadsChangedPods(object, namespace, podsIn([namespace]), after, podless, change.previous, snapshot);
    if (object.type === 'NetworkPolicy') return policyReadsChangedPods(object, namespace, podsIn, change.touched, podless, change.previous, snapshot);
    if (reachesOthersThroughPods(object)) return ownPodsChanged.has(`${namespace}/${object.id.kind}/${object.id.name}`) || readsChangedNames(object);
    return true;
  };
  // The objects that came, and those the index finds that read a changed pod.
  const found = new Set<KubeObject>(change.added);
  for (const namespace of change.touched) {
    const readers = podReadersIn(snapshot, namespace);
    const candidates = [...selectorsReaching(readers, changedPods.get(namespace) ?? NO_PODS), ...readers.pickingNothing, ...readers.alwaysAsked, ...readers.others];
    for (const pod of changedPodList) if (pod.workload.namespace === namespace) candidates.push(...(readers.byName.get(`${pod.workload.kind}/${pod.workload.name}`) ?? []));
    for (const label of ['pod', ...changedServiceNames]) candidates.push(...(readers.byHostLabel.get(label) ?? []));
    for (const object of candidates) if (!found.has(object) && readsChangedPods(object)) found.add(object);
  }
  return { objects: found.size === 0 ? [] : change.touchedObjects.filter((object) => found.has(object)), readsChangedNames };
}

/**
 * A Service's checks read the pods its selector picks; when it picks none before and after, its finding (KT101) reads
 * the labels of the namespace's pods (and whether it has pods at all; the custom resources that may make pods are not
 * among what such an edit changes). Where a changed pod could change that finding, it is worked out for the snapshots
 * before and after, and the Service is checked again only when they differ.
 */
function serviceReadsChangedPods(service: Service, namespace: string, changedPods: readonly SimPod[], after: ReadonlySet<SimPod>, podless: ReadonlySet<string>, previous: ClusterSnapshot, snapshot: ClusterSnapshot): boolean {
  const selector = service.spec?.selector?.value;
  if (!selector || Object.keys(selector).length === 0) return false;
  if (changedPods.some((pod) => matchesLabelMap(selector, pod.labels))) return true;
  if (picksAPod(selector, namespace, snapshot)) return false;
  if (podless.has(namespace)) return true;
  return emptySelectorReadsChangedPods(selector, changedPods, after) && emptySelectorReading(previous, namespace, selector).text !== emptySelectorReading(snapshot, namespace, selector).text;
}

/**
 * Whether the finding of a Service selector that picks no pod (KT101) may read a changed pod. It names the first entry
 * that the pods matching the rest of the selector lack, how many they are and the nearest value of that key they
 * have: the pods that miss one entry at most. With a one-entry selector those are every pod, but only a value that
 * `nearest` could suggest changes the hint, and the pods' keys are read only where no pod has the selector's key.
 */
function emptySelectorReadsChangedPods(selector: Readonly<Record<string, string>>, changedPods: readonly SimPod[], after: ReadonlySet<SimPod>): boolean {
  if (changedPods.length === 0) return false;
  const keys = Object.keys(selector);
  if (keys.length > 1) return changedPods.some((pod) => entriesMissed(selector, pod.labels) <= 1);
  const key = keys[0]!;
  const value = selector[key]!;
  const withKey = changedPods.filter((pod) => pod.labels[key] !== undefined);
  // A changed pod with the key before and one after: some pod has it before and after.
  if (!withKey.some((pod) => after.has(pod)) || !withKey.some((pod) => !after.has(pod))) return true;
  return withKey.some((pod) => maySuggest(value, pod.labels[key]!));
}

function entriesMissed(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): number {
  let missed = 0;
  for (const key in selector) if (labels[key] !== selector[key]) missed++;
  return missed;
}

/**
 * A policy's checks read the pods its podSelector picks (their ports, whether they reach DNS) and the pods its peers'
 * podSelectors pick, and every pod's labels where one of them picks none.
 */
function policyReadsChangedPods(policy: NetworkPolicy, namespace: string, changedPodsIn: (namespaces: readonly string[]) => readonly SimPod[], touched: ReadonlySet<string>, podless: ReadonlySet<string>, previous: ClusterSnapshot, snapshot: ClusterSnapshot): boolean {
  const own = policy.spec?.podSelector;
  if (readsChangedPodsBy(own, [namespace], changedPodsIn, podless, previous, snapshot)) return true;
  return policyPeers(policy).some((peer) => {
    if (peer.ipBlock || !peer.podSelector || (!peer.podSelector.matchLabels && !peer.podSelector.matchExpressions)) return false;
    const namespaces = peer.namespaceSelector ? selectedNamespaces(peer.namespaceSelector, snapshot) : [namespace];
    return namespaces.some((name) => touched.has(name)) && readsChangedPodsBy(peer.podSelector, namespaces, changedPodsIn, podless, previous, snapshot);
  });
}

/**
 * Whether a selector's checks read a changed pod: one it picks, before or after. When it picks none, its finding
 * (KT301, KT302) suggests the nearest value the namespaces' pods have for one of its matchLabels: where a changed pod
 * carries a value `nearest` could suggest, the hints of the snapshots before and after are compared (and whether the
 * namespaces have pods at all is read).
 */
function readsChangedPodsBy(selector: LabelSelector | undefined, namespaces: readonly string[], changedPodsIn: (namespaces: readonly string[]) => readonly SimPod[], podless: ReadonlySet<string>, previous: ClusterSnapshot, snapshot: ClusterSnapshot): boolean {
  const changed = changedPodsIn(namespaces);
  if (changed.some((pod) => !selector || matchesLabelSelector(selector, pod.labels))) return true;
  if (picksAPodIn(selector, namespaces, snapshot)) return false;
  if (namespaces.some((name) => podless.has(name))) return true;
  const matchLabels = selector?.matchLabels;
  const entries = Object.entries(matchLabels?.value ?? {});
  const mayChangeHint = changed.some((pod) => entries.some(([key, value]) => pod.labels[key] !== undefined && maySuggest(value, pod.labels[key]!)));
  return mayChangeHint && labelSuggestion(previous, matchLabels, namespaces).hint !== labelSuggestion(snapshot, matchLabels, namespaces).hint;
}
