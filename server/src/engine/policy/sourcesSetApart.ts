import { matchesIPBlock } from './matchPeers';
import type { NetworkPolicyPeer } from '../objects';
import { perSnapshot } from '../snapshot/perSnapshot';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { tierPolicies } from './adminPolicy';
import { cniPoliciesSelectFor, cniSourcesSetApart } from './cniPolicies';
import { seenAsNode } from './evaluate';
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

/**
 * The source pods whose ingress verdict at `destination` may differ from that of a source that matches none
 * of its policies' peers. Admin-tier policies that select the destination, and a destination that counts as
 * its node, are not folded: every source is evaluated on its own.
 */
export function sourcesSetApart(destination: SimPod, snapshot: ClusterSnapshot): ReadonlySet<SimPod> | AllSources {
  if (seenAsNode(destination, snapshot)) return 'all';
  if (inAdminTiers(destination, snapshot)) return 'all';
  const cni = cniSourcesSetApart(destination, snapshot);
  if (cni === 'all') return 'all';
  const apart = new Set<SimPod>([...hostNetworkPods(snapshot), ...cni]);
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

/** Host-network pods seen as their node: they match address blocks, not selectors, so every destination evaluates them on their own. */
const hostNetworkPods = perSnapshot((snapshot) => snapshot.pods.filter((pod) => seenAsNode(pod, snapshot)));

/** A source whose egress nothing restricts: no NetworkPolicy or CNI policy selects it for egress and no admin-tier policy selects it at all. */
export function egressUnrestricted(source: SimPod, snapshot: ClusterSnapshot): boolean {
  return (
    !seenAsNode(source, snapshot) &&
    selectingPolicies(source, 'Egress', snapshot).length === 0 &&
    !inAdminTiers(source, snapshot) &&
    !cniPoliciesSelectFor(source, 'Egress', snapshot)
  );
}

/** Whether an admin-tier policy (Admin or Baseline) selects the pod. */
function inAdminTiers(pod: SimPod, snapshot: ClusterSnapshot): boolean {
  return tierPolicies('Admin', pod, snapshot).length > 0 || tierPolicies('Baseline', pod, snapshot).length > 0;
}
