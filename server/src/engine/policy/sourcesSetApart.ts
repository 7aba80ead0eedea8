import { matchesIPBlock } from './matchPeers';
import type { NetworkPolicyPeer } from '../objects';
import { perSnapshot } from '../snapshot/perSnapshot';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { tierPolicies } from './adminPolicy';
import { selectingPolicies } from './networkPolicy';
import { podsMatching, selectedNamespaces } from './selectorIndex';

/**
 * The matrix folds the sources a destination's policies treat alike into one answer. Two source pods get the
 * same ingress verdict from a destination when they match the same peers of the policies that select it, so
 * only the pods that match some peer need a verdict of their own; every other one gets the shared answer.
 * This file finds those pods through an index by label, without looking at every source.
 */

/** Every pod of the snapshot: the answer when the sources cannot be told apart cheaply. */
export type AllSources = 'all';

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
