import { ChunkedList, chunkedGroups, type ReadonlyList } from '../chunkedList';
import { matchesLabelMap, matchesLabelSelector, type Labels } from '../labels';
import type { LabelSelector } from '../objects';
import { groupBy } from '../groupBy';
import { LayeredMap } from '../layeredMap';
import { podsInNamespace } from '../snapshot/indexes';
import { comparePods } from '../snapshot/pods';
import { perSnapshot } from '../snapshot/perSnapshot';
import { replaceSorted } from '../sortedLists';
import { podsWentAndCame } from '../snapshot/snapshotChange';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { namespaceLabels } from './matchPeers';

/** Selector lookups through an index by label, for checks and the matrix that ask about thousands of selectors. */

/** A label set's `key=value` pairs, per label object: the pods of a workload share theirs, and every pod is indexed. */
const pairsOfLabels = new WeakMap<Labels, readonly string[]>();

const labelPairs = (pod: SimPod): readonly string[] => {
  let pairs = pairsOfLabels.get(pod.labels);
  if (!pairs) {
    pairs = Object.entries(pod.labels).map(([key, value]) => `${key}=${value}`);
    pairsOfLabels.set(pod.labels, pairs);
  }
  return pairs;
};

/** Pods by label, in the snapshot's order; after an edit, only the labels of the pods made again are listed again. */
const podsByLabel = perSnapshot(
  (snapshot) => LayeredMap.of(chunkedGroups(groupBy(snapshot.pods, labelPairs))),
  (previous, change) => {
    // A label no pod made again has lists the same pods as before; one that has loses the pods that went and gains
    // those that came, each found by binary search (a label every pod of the namespace carries lists 1,200 pods
    // of the 50,000-line file, which listing again after each edit cost a millisecond).
    const { went, came } = podsWentAndCame(change);
    const wentBy = groupBy(went, labelPairs);
    const cameBy = groupBy(came, labelPairs);
    const changes = new Map<string, ChunkedList<SimPod> | undefined>();
    for (const label of new Set([...wentBy.keys(), ...cameBy.keys()])) {
      const pods = replaceSorted<SimPod>(previous.get(label) ?? ChunkedList.empty(), wentBy.get(label) ?? [], cameBy.get(label) ?? [], comparePods);
      changes.set(label, pods.length > 0 ? pods : undefined);
    }
    return previous.with(changes);
  },
);

/**
 * The namespaces a namespaceSelector chooses among: those of the workspace, and those of stand-ins (the profile's
 * ingress controller) that no manifest names. In name order.
 */
const selectableNamespaces = perSnapshot(
  (snapshot) => [...new Set([...snapshot.namespaces.keys(), ...snapshot.pods.map((pod) => pod.namespace)])].sort((a, b) => a.localeCompare(b)),
  // An edit applied to the last snapshot keeps its namespaces, and its pods stay in them.
  (previous) => previous,
);

/** The namespaces a namespaceSelector matches, per selector text: many policies repeat one selector. */
const namespacesMatching = perSnapshot(
  () => new Map<string, string[]>(),
  // An edit applied to the last snapshot keeps its namespaces and their labels: what a selector matched, it matches.
  (previous) => previous,
);

/** A selector's text, per selector object: selectors never change, and thousands of policies ask on every edit. */
const selectorKeys = new WeakMap<LabelSelector, string>();

function selectorKey(selector: LabelSelector): string {
  let key = selectorKeys.get(selector);
  if (key === undefined) {
    key = JSON.stringify([selector.matchLabels?.value ?? null, selector.matchExpressions?.value.map((requirement) => [requirement.key?.value, requirement.operator?.value, requirement.values?.value.map((value) => value.value)]) ?? null]);
    selectorKeys.set(selector, key);
  }
  return key;
}

export function selectedNamespaces(selector: LabelSelector, snapshot: ClusterSnapshot): string[] {
  const cache = namespacesMatching(snapshot);
  const key = selectorKey(selector);
  let names = cache.get(key);
  if (!names) {
    names = selectableNamespaces(snapshot).filter((name) => matchesLabelSelector(selector, namespaceLabels(name, snapshot)));
    cache.set(key, names);
  }
  return names;
}

/** The pods of a namespace that carry all of `labels` (a Service's selector), starting from the rarest. */
export function podsLabelled(labels: Labels, namespace: string, snapshot: ClusterSnapshot): SimPod[] {
  return podsCarrying(labels, namespace, snapshot).filter((pod) => pod.namespace === namespace && matchesLabelMap(labels, pod.labels));
}

/** Whether a pod of a namespace carries all of `labels`: what the recheck after an edit asks of every Service there. */
export function picksAPod(labels: Labels, namespace: string, snapshot: ClusterSnapshot): boolean {
  return podsCarrying(labels, namespace, snapshot).some((pod) => pod.namespace === namespace && matchesLabelMap(labels, pod.labels));
}

/** The pods of the rarest of `labels` (every pod of the namespace when there are none): those that may carry them all. */
function podsCarrying(labels: Labels, namespace: string, snapshot: ClusterSnapshot): ReadonlyList<SimPod> | readonly SimPod[] {
  const entries = Object.entries(labels);
  if (entries.length === 0) return podsInNamespace(snapshot, namespace);
  return entries.map(([key, value]): ReadonlyList<SimPod> | readonly SimPod[] => podsByLabel(snapshot).get(`${key}=${value}`) ?? []).reduce((rarest, list) => (list.length < rarest.length ? list : rarest));
}

/** The pods a podSelector (absent: every pod) picks out of some namespaces, starting from its rarest label. */
export function podsMatching(podSelector: LabelSelector | undefined, namespaces: readonly string[], snapshot: ClusterSnapshot): SimPod[] {
  const inNamespaces = new Set(namespaces);
  const labels = Object.entries(podSelector?.matchLabels?.value ?? {});
  const candidates = labels.length === 0
    ? namespaces.flatMap((namespace) => podsInNamespace(snapshot, namespace))
    : labels.map(([key, value]) => podsByLabel(snapshot).get(`${key}=${value}`) ?? []).reduce((rarest, list) => (list.length < rarest.length ? list : rarest));
  return candidates.filter((pod) => inNamespaces.has(pod.namespace) && (!podSelector || matchesLabelSelector(podSelector, pod.labels)));
}

/** Whether a podSelector (absent: every pod) picks a pod of some namespaces: what the recheck after an edit asks of every policy there. */
export function picksAPodIn(podSelector: LabelSelector | undefined, namespaces: readonly string[], snapshot: ClusterSnapshot): boolean {
  const picks = (pod: SimPod) => !podSelector || matchesLabelSelector(podSelector, pod.labels);
  const labels = Object.entries(podSelector?.matchLabels?.value ?? {});
  if (labels.length === 0) return namespaces.some((namespace) => podsInNamespace(snapshot, namespace).some(picks));
  const inNamespaces = new Set(namespaces);
  return labels.map(([key, value]): ReadonlyList<SimPod> | readonly SimPod[] => podsByLabel(snapshot).get(`${key}=${value}`) ?? []).reduce((rarest, list) => (list.length < rarest.length ? list : rarest)).some((pod) => inNamespaces.has(pod.namespace) && picks(pod));
}
