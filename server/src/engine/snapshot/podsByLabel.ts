import { ChunkedList, chunkedGroups, type ReadonlyList } from '../chunkedList';
import { groupBy } from '../groupBy';
import { matchesLabelMap, type Labels } from '../labels';
import { LayeredMap } from '../layeredMap';
import { replaceSorted } from '../sortedLists';
import { podsInNamespace } from './indexes';
import { perSnapshot } from './perSnapshot';
import { comparePods } from './pods';
import { podsWentAndCame } from './snapshotChange';
import type { ClusterSnapshot, SimPod } from './types';

/**
 * The pods of a snapshot by each `key=value` label, kept per snapshot and carried over edits: a selector's pods are
 * found from its rarest label instead of from every pod of its namespace (selectorIndex.ts asks it for thousands of
 * selectors; the checks of a Service an edit reaches, for the pods it picks).
 */

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
export const podsByLabel = perSnapshot(
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

