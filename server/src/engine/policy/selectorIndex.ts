import type { ReadonlyList } from '../chunkedList';
import { matchesLabelSelector } from '../labels';
import type { LabelSelector } from '../objects';
import { podsInNamespace } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';
import { podsByLabel } from '../snapshot/carriedPodIndexes';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { namespaceLabels } from './matchPeers';

/** Selector lookups through an index by label, for checks and the matrix that ask about thousands of selectors. */

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
