import { matchesLabelMap, type Labels } from '../labels';
import type { SimPod } from './types';

/**
 * The pods of one list (a namespace's, in the snapshot's order) grouped by what finds them: their label set and
 * their name. The pods of one workload share one label object, so a selector is matched once per distinct label set
 * rather than once per pod: with thousands of replicas per workload, a scan per Service would grow with their
 * product. A workload's pods are found through the snapshot's index by workload (carriedPodIndexes.ts).
 */
interface PodGroups {
  /** Positions in the list of the pods with each label object. */
  readonly byLabels: ReadonlyMap<Labels, readonly number[]>;
  /** The label sets with each `key=value` pair: a selector looks only at those with its rarest pair (each StatefulSet pod has a set of its own). */
  readonly byPair: ReadonlyMap<string, readonly Labels[]>;
}

/** Lists are never changed once made (an edit makes new ones), so the groups of a list never go stale. */
const groupsOfList = new WeakMap<readonly SimPod[], PodGroups>();

function groupsOf(pods: readonly SimPod[]): PodGroups {
  let groups = groupsOfList.get(pods);
  if (!groups) {
    const byLabels = new Map<Labels, number[]>();
    pods.forEach((pod, position) => push(byLabels, pod.labels, position));
    const byPair = new Map<string, Labels[]>();
    for (const labels of byLabels.keys()) {
      for (const key in labels) {
        const pair = `${key}\u0000${labels[key]}`;
        const sets = byPair.get(pair);
        if (sets) sets.push(labels);
        else byPair.set(pair, [labels]);
      }
    }
    groups = { byLabels, byPair };
    groupsOfList.set(pods, groups);
  }
  return groups;
}

function push<K>(map: Map<K, number[]>, key: K, position: number): void {
  const positions = map.get(key);
  if (positions) positions.push(position);
  else map.set(key, [position]);
}

/** The pods at some positions of the list, in the list's order. */
function atPositions(pods: readonly SimPod[], lists: readonly (readonly number[])[]): SimPod[] {
  if (lists.length === 0) return [];
  const positions = lists.length === 1 ? lists[0]! : Int32Array.from(lists.flat()).sort();
  return Array.from(positions, (position) => pods[position]!);
}

/** The pods of the list whose labels a plain map selector matches, in the list's order. */
export function podsSelected(pods: readonly SimPod[], selector: Labels): SimPod[] {
  const { byLabels, byPair } = groupsOf(pods);
  let rarest: readonly Labels[] | undefined;
  for (const key in selector) {
    const sets = byPair.get(`${key}\u0000${selector[key]}`) ?? [];
    if (!rarest || sets.length < rarest.length) rarest = sets;
  }
  const lists: (readonly number[])[] = [];
  for (const labels of rarest ?? byLabels.keys()) if (matchesLabelMap(selector, labels)) lists.push(byLabels.get(labels)!);
  return atPositions(pods, lists);
}

/** The distinct label sets of the list's pods, each with how many pods carry it: what a question about labels alone needs. */
export function labelSetCounts(pods: readonly SimPod[]): (readonly [Labels, number])[] {
  // Counted in one pass of its own rather than from groupsOf: the recheck after an edit asks this of a list nothing
  // else groups, and grouping it by workload and pair too cost a millisecond an edit of the 50,000-line file.
  const counts = new Map<Labels, number>();
  for (const pod of pods) counts.set(pod.labels, (counts.get(pod.labels) ?? 0) + 1);
  return Array.from(counts);
}

/** Positions by pod name (a Pod manifest may share its name with a simulated pod), made when first asked for: checking needs none. */
const namesOfList = new WeakMap<readonly SimPod[], ReadonlyMap<string, number | number[]>>();

/** The pods of the list with a name, in the list's order. */
export function podsNamed(pods: readonly SimPod[], name: string): SimPod[] {
  let byName = namesOfList.get(pods);
  if (!byName) {
    const positions = new Map<string, number | number[]>();
    pods.forEach((pod, position) => {
      const before = positions.get(pod.name);
      if (before === undefined) positions.set(pod.name, position);
      else if (typeof before === 'number') positions.set(pod.name, [before, position]);
      else before.push(position);
    });
    byName = positions;
    namesOfList.set(pods, byName);
  }
  const positions = byName.get(name);
  return positions === undefined ? [] : typeof positions === 'number' ? [pods[positions]!] : atPositions(pods, [positions]);
}
