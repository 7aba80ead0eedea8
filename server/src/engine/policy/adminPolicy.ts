import { cidrContains, parseCidr } from '../cidr';
import { matchesLabelSelector } from '../labels';
import type { AdminNetworkPolicy, AdminPolicyPeer } from '../objects';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { matchesAdminPort, matchesNamespacedPods, namespaceLabels } from './matchPeers';
import type { PolicyOptions } from './networkPolicy';
import type { PolicyDecision, PolicyPeer } from './types';

type AdminKind = 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';

function selectsSubject(policy: AdminNetworkPolicy, pod: SimPod, snapshot: ClusterSnapshot): boolean {
  const subject = policy.spec?.subject;
  if (!subject) return false;
  if (subject.namespaces) return matchesLabelSelector(subject.namespaces, namespaceLabels(pod.namespace, snapshot));
  if (subject.pods) return matchesNamespacedPods(subject.pods, pod, snapshot);
  return false;
}

function peerMatches(peer: AdminPolicyPeer, other: PolicyPeer, snapshot: ClusterSnapshot, options: PolicyOptions): boolean {
  if (peer.namespaces) return other.kind === 'pod' && matchesLabelSelector(peer.namespaces, namespaceLabels(other.pod.namespace, snapshot));
  if (peer.pods) return other.kind === 'pod' && matchesNamespacedPods(peer.pods, other.pod, snapshot);
  if (peer.nodes) {
    const node = snapshot.nodes.find((candidate) => candidate.addresses.includes(other.ip));
    return node !== undefined && matchesLabelSelector(peer.nodes, node.labels);
  }
  if (peer.networks) {
    if (other.kind === 'pod' && !options.ipBlockMatchesPods) return false;
    return peer.networks.value.some((network) => {
      const cidr = parseCidr(network.value);
      return cidr !== undefined && cidrContains(cidr, other.ip);
    });
  }
  return false;
}

/** Admin policies that select the subject, in the order they are evaluated: by priority (lower first), then name. */
function orderedPolicies(kind: AdminKind, subject: SimPod, snapshot: ClusterSnapshot): AdminNetworkPolicy[] {
  return snapshot.objects
    .filter((object): object is AdminNetworkPolicy => object.type === kind && selectsSubject(object, subject, snapshot))
    .sort((a, b) => (a.spec?.priority?.value ?? 1000) - (b.spec?.priority?.value ?? 1000) || a.id.name.localeCompare(b.id.name));
}

/**
 * One admin tier for one direction: the first rule (policies by priority, rules in order) whose peers and
 * ports match decides: Allow, Deny, or (AdminNetworkPolicy only) Pass to the NetworkPolicy tier.
 */
export function evaluateAdminTier(
  kind: AdminKind,
  direction: 'Ingress' | 'Egress',
  subject: SimPod,
  other: PolicyPeer,
  protocol: string,
  port: number,
  destinationPod: SimPod | undefined,
  snapshot: ClusterSnapshot,
  options: PolicyOptions,
): PolicyDecision | undefined {
  for (const policy of orderedPolicies(kind, subject, snapshot)) {
    const rules = (direction === 'Ingress' ? policy.spec?.ingress?.value : policy.spec?.egress?.value) ?? [];
    for (const [ruleIndex, rule] of rules.entries()) {
      const peers = (direction === 'Ingress' ? rule.from?.value : rule.to?.value) ?? [];
      if (!peers.some((peer) => peerMatches(peer, other, snapshot, options))) continue;
      const ports = rule.ports?.value;
      if (ports && ports.length > 0 && !ports.some((entry) => matchesAdminPort(entry, protocol, port, destinationPod))) continue;
      const action = rule.action?.value;
      if (action !== 'Allow' && action !== 'Deny' && action !== 'Pass') continue;
      if (kind === 'BaselineAdminNetworkPolicy' && action === 'Pass') continue;
      const label = `${kind} ${policy.id.name}${kind === 'AdminNetworkPolicy' ? ` (priority ${policy.spec?.priority?.value ?? '?'})` : ''}`;
      return {
        tier: kind,
        policy: policy.id.name,
        rule: ruleIndex,
        action,
        explanation: `${direction.toLowerCase()} rule ${ruleIndex + 1}${rule.name ? ` "${rule.name.value}"` : ''} of ${label}: ${action}${action === 'Pass' ? ' (NetworkPolicy decides)' : ''}`,
        refs: [refTo(policy, rule.span, `spec.${direction.toLowerCase()}[${ruleIndex}]`)],
      };
    }
  }
  return undefined;
}
