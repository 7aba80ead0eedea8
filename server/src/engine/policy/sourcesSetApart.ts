import { matchesIPBlock, namespaceLabels } from './matchPeers';
import { matchesLabelSelector } from '../labels';
import type { LabelSelector, NetworkPolicyPeer } from '../objects';
import { groupBy } from '../groupBy';
import { podsInNamespace } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { tierPolicies } from './adminPolicy';
import { selectingPolicies } from './networkPolicy';

/**
 * The matrix folds the sources a destination's policies treat alike into one answer. Two source pods get the
 * same ingress verdict from a destination when they match the same peers of the policies that select it, so
 * only the pods that match some peer need a verdict of their own; every other one gets the shared answer.
 * This file finds those pods through an index by label, without looking at every source.
 */

/** Every pod of the snapshot: the answer when the sources cannot be told apart cheaply. */
export type AllSources = 'all';

const podsByLabel = perSnapshot((snapshot) => groupBy(snapshot.pods, (pod) => Object.entries(pod.labels).map(([key, value]) => `${key}=${value}`)));

/** Namespaces that hold pods, including those of stand-ins (the profile's ingress controller) that no manifest names. */
const namespacesWithPods = perSnapshot((snapshot) => [...new Set(snapshot.pods.map((pod) => pod.namespace))]);

/** The namespaces a namespaceSelector matches, per selector text: many policies repeat one selector. */
const namespacesMatching = perSnapshot(() => new Map<string, string[]>());

function selectedNamespaces(selector: LabelSelector, snapshot: ClusterSnapshot): string[] {
  const cache = namespacesMatching(snapshot);
  const key = JSON.stringify([selector.matchLabels?.value ?? null, selector.matchExpressions?.value.map((requirement) => [requirement.key?.value, requirement.operator?.value, requirement.values?.value.map((value) => value.value)]) ?? null]);
  let names = cache.get(key);
  if (!names) {
    names = namespacesWithPods(snapshot).filter((name) => matchesLabelSelector(selector, namespaceLabels(name, snapshot)));
    cache.set(key, names);
  }
  return names;
}

/** The pods a podSelector (absent: every pod) picks out of some namespaces, starting from its rarest label. */
function podsMatching(podSelector: LabelSelector | undefined, namespaces: readonly string[], snapshot: ClusterSnapshot): SimPod[] {
  const inNamespaces = new Set(namespaces);
  const labels = Object.entries(podSelector?.matchLabels?.value ?? {});
  const candidates = labels.length === 0
    ? namespaces.flatMap((namespace) => podsInNamespace(snapshot, namespace))
    : labels.map(([key, value]) => podsByLabel(snapshot).get(`${key}=${value}`) ?? []).reduce((rarest, list) => (list.length < rarest.length ? list : rarest));
  return candidates.filter((pod) => inNamespaces.has(pod.namespace) && (!podSelector || matchesLabelSelector(podSelector, pod.labels)));
}

/** The pods a NetworkPolicy peer matches as the other side of a connection. */
function peerMembers(peer: NetworkPolicyPeer, policyNamespace: string, snapshot: ClusterSnapshot): SimPod[] {
  if (peer.ipBlock) {
    if (!snapshot.profile.policy.ipBlockMatchesPods) return [];
    return snapshot.pods.filter((pod) => pod.ips.length > 0 && matchesIPBlock(peer.ipBlock!, { kind: 'pod', pod, ip: pod.ips[0]! }, true));
  }
  if (!peer.podSelector && !peer.namespaceSelector) return [];
  const namespaces = peer.namespaceSelector ? selectedNamespaces(peer.namespaceSelector, snapshot) : [policyNamespace];
  return podsMatching(peer.podSelector, namespaces, snapshot);
}

/** Members per peer object: a policy that selects many destinations names its peers once. */
const membersOfPeer = perSnapshot(() => new WeakMap<NetworkPolicyPeer, readonly SimPod[]>());

/** Whether host-network pods count as their node: then they match address blocks, not selectors, and need their own verdict. */
function hostNetworkIsNode(pod: SimPod, snapshot: ClusterSnapshot): boolean {
  return pod.hostNetwork && snapshot.profile.policy.hostNetworkPods === 'node';
}

/**
 * The source pods whose ingress verdict at `destination` may differ from that of a source that matches none
 * of its policies' peers. Admin-tier policies that select the destination, and a destination that counts as
 * its node, are not folded: every source is evaluated on its own.
 */
export function sourcesSetApart(destination: SimPod, snapshot: ClusterSnapshot): ReadonlySet<SimPod> | AllSources {
  if (hostNetworkIsNode(destination, snapshot)) return 'all';
  if (tierPolicies('Admin', destination, snapshot).length > 0 || tierPolicies('Baseline', destination, snapshot).length > 0) return 'all';
  const apart = new Set<SimPod>(hostNetworkPods(snapshot));
  const cache = membersOfPeer(snapshot);
  for (const policy of selectingPolicies(destination, 'Ingress', snapshot)) {
    for (const rule of policy.spec?.ingress?.value ?? []) {
      for (const peer of rule.from?.value ?? []) {
        let members = cache.get(peer);
        if (!members) {
          members = peerMembers(peer, policy.id.namespace ?? 'default', snapshot);
          cache.set(peer, members);
        }
        for (const pod of members) apart.add(pod);
      }
    }
  }
  return apart;
}

const hostNetworkPods = perSnapshot((snapshot) => snapshot.pods.filter((pod) => hostNetworkIsNode(pod, snapshot)));

/** A source whose egress nothing restricts: no NetworkPolicy selects it for egress and no admin-tier policy selects it at all. */
export function egressUnrestricted(source: SimPod, snapshot: ClusterSnapshot): boolean {
  return (
    !hostNetworkIsNode(source, snapshot) &&
    selectingPolicies(source, 'Egress', snapshot).length === 0 &&
    tierPolicies('Admin', source, snapshot).length === 0 &&
    tierPolicies('Baseline', source, snapshot).length === 0
  );
}
