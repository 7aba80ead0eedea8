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
 * The pods of a snapshot by each `key=value` label and by workload, kept per snapshot and carried over edits: a
 * selector's pods are found from its rarest label, and a workload's from its key, instead of from every pod of the
 * namespace (selectorIndex.ts asks for thousands of selectors; the checks an edit reaches, for the pods of a Service
 * or a workload, where grouping the 1,200 pods of the 50,000-line file's namespace cost a millisecond an edit).
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

const workloadKey = (namespace: string, kind: string, name: string) => `${namespace}/${kind}/${name}`;

const podWorkloadKey = (pod: SimPod): readonly string[] => [workloadKey(pod.namespace, pod.workload.kind, pod.workload.name)];

/**
 * Pods under each key `keysOf` gives them, in the snapshot's order. After an edit, a key no pod made again has lists
 * the same pods as before; one that has loses the pods that went and gains those that came, each found by binary search.
 */
function podsIndexedBy(keysOf: (pod: SimPod) => readonly string[]): (snapshot: ClusterSnapshot) => LayeredMap<string, ChunkedList<SimPod>> {
  return perSnapshot(
    (snapshot) => LayeredMap.of(chunkedGroups(groupBy(snapshot.pods, keysOf))),
    (previous, change) => {
      const { went, came } = podsWentAndCame(change);
      const wentBy = groupBy(went, keysOf);
      const cameBy = groupBy(came, keysOf);
      const changes = new Map<string, ChunkedList<SimPod> | undefined>();
      for (const key of new Set([...wentBy.keys(), ...cameBy.keys()])) {
        const pods = replaceSorted<SimPod>(previous.get(key) ?? ChunkedList.empty(), wentBy.get(key) ?? [], cameBy.get(key) ?? [], comparePods);
        changes.set(key, pods.length > 0 ? pods : undefined);
      }
      return previous.with(changes);
    },
  );
}

/** Pods by label. */
export const podsByLabel = podsIndexedBy(labelPairs);

const podsByWorkload = podsIndexedBy(podWorkloadKey);

/** Works the indexes out for a snapshot, so that the snapshots edits make from it carry them over. */
export function prepareCarriedPodIndexes(snapshot: ClusterSnapshot): void {
  podsByLabel(snapshot);
  podsByWorkload(snapshot);
}

/** The pods of a workload (`kind`, `name`) in a namespace, in the snapshot's order: those it makes, and those written with it as their owner. */
export function podsOfWorkloadIn(snapshot: ClusterSnapshot, namespace: string, kind: string, name: string): ReadonlyList<SimPod> {
  return podsByWorkload(snapshot).get(workloadKey(namespace, kind, name)) ?? ChunkedList.empty();
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

