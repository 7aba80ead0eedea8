import { matchesLabelSelector } from '../labels';
import type { LabelSelector } from '../objects';
import { groupBy } from '../groupBy';
import { podsInNamespace } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { namespaceLabels } from './matchPeers';

/** Selector lookups through an index by label, for checks and the matrix that ask about thousands of selectors. */

const podsByLabel = perSnapshot((snapshot) => groupBy(snapshot.pods, (pod) => Object.entries(pod.labels).map(([key, value]) => `${key}=${value}`)));

/** Namespaces that hold pods, including those of stand-ins (the profile's ingress controller) that no manifest names. */
const namespacesWithPods = perSnapshot((snapshot) => [...new Set(snapshot.pods.map((pod) => pod.namespace))]);

/** The namespaces a namespaceSelector matches, per selector text: many policies repeat one selector. */
const namespacesMatching = perSnapshot(() => new Map<string, string[]>());

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
    names = namespacesWithPods(snapshot).filter((name) => matchesLabelSelector(selector, namespaceLabels(name, snapshot)));
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

