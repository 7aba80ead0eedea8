import { matchesLabelMap, type Labels } from '../labels';
import type { LabelSetCounts } from '../snapshot/groupedPods';
import type { SimPod } from '../snapshot/types';
import { nearest } from './context';

/**
 * The label values a selector that picks no pod is compared with (KT101, KT301, KT302), and the nearest of them, worked
 * out once per list of pods or label sets: after an edit of a namespace of hundreds of workloads, every Service and
 * policy there whose selector picks nothing is checked again, many of them asking the same (a Service and its policy
 * name one value, most one-entry selectors one key). The lists are a snapshot's (kept per snapshot, never changed),
 * and so are the sets made from them.
 */

/** The label sets that match some labels, with how many pods they count. */
export interface MatchingLabelSets {
  readonly sets: LabelSetCounts;
  readonly podCount: number;
}

const matchingByList = new WeakMap<LabelSetCounts, Map<string, MatchingLabelSets>>();

/** The label sets of a list that carry all of `labels`, in the list's order. */
export function labelSetsMatching(labelSets: LabelSetCounts, labels: Labels): MatchingLabelSets {
  let byLabels = matchingByList.get(labelSets);
  if (!byLabels) matchingByList.set(labelSets, (byLabels = new Map()));
  const key = JSON.stringify(labels);
  let matching = byLabels.get(key);
  if (!matching) {
    const sets = labelSets.filter(([candidate]) => matchesLabelMap(labels, candidate));
    matching = { sets, podCount: sets.reduce((pods, [, count]) => pods + count, 0) };
    byLabels.set(key, matching);
  }
  return matching;
}

const valuesBySets = new WeakMap<LabelSetCounts, Map<string, ReadonlySet<string>>>();

/** The values a label key has among label sets, in their order. */
export function labelSetValues(labelSets: LabelSetCounts, key: string): ReadonlySet<string> {
  return valuesOnce(valuesBySets, labelSets, key, () => labelSets.map(([labels]) => labels[key]));
}

const keysBySets = new WeakMap<LabelSetCounts, ReadonlySet<string>>();

/** The label keys of label sets, in their order. */
export function labelSetKeys(labelSets: LabelSetCounts): ReadonlySet<string> {
  let keys = keysBySets.get(labelSets);
  if (!keys) keysBySets.set(labelSets, (keys = new Set(labelSets.flatMap(([labels]) => Object.keys(labels)))));
  return keys;
}

const valuesByPods = new WeakMap<readonly SimPod[], Map<string, ReadonlySet<string>>>();

/** The values a label key has on a list of pods, in the pods' order. */
export function podLabelValues(pods: readonly SimPod[], key: string): ReadonlySet<string> {
  return valuesOnce(valuesByPods, pods, key, () => pods.map((pod) => pod.labels[key]));
}

function valuesOnce<L extends object>(cache: WeakMap<L, Map<string, ReadonlySet<string>>>, list: L, key: string, valuesOf: () => (string | undefined)[]): ReadonlySet<string> {
  let byKey = cache.get(list);
  if (!byKey) cache.set(list, (byKey = new Map()));
  let values = byKey.get(key);
  if (!values) {
    values = new Set(valuesOf().filter((value): value is string => value !== undefined));
    byKey.set(key, values);
  }
  return values;
}

const nearestBySet = new WeakMap<ReadonlySet<string>, Map<string, string | undefined>>();

/** `nearest(value, candidates)` for a set made above: the Services and policies naming one value ask once. */
export function nearestAmong(value: string, candidates: ReadonlySet<string>): string | undefined {
  let byValue = nearestBySet.get(candidates);
  if (!byValue) nearestBySet.set(candidates, (byValue = new Map()));
  if (byValue.has(value)) return byValue.get(value);
  const suggestion = nearest(value, candidates);
  byValue.set(value, suggestion);
  return suggestion;
}
