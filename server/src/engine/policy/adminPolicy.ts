import { cidrContains, parseCidr } from '../cidr';
import { matchesLabelSelector } from '../labels';
import type { AdminNetworkPolicy, AdminPolicyPeer, ClusterNetworkPolicy, ClusterPolicyProtocol } from '../objects';
import type { FieldSpan } from '../source';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { hasNamedPort, matchesAdminPort, matchesNamespacedPods, namespaceLabels } from './matchPeers';
import type { DirectedConnection, PolicyDecision, PolicyPeer } from './types';
import { objectsOfType } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';

type TierPolicy = AdminNetworkPolicy | ClusterNetworkPolicy;

function selectsSubject(policy: TierPolicy, pod: SimPod, snapshot: ClusterSnapshot): boolean {
  const subject = policy.spec?.subject;
  // Host-network pods are never subjects of the admin tiers.
  if (!subject || pod.hostNetwork) return false;
  if (subject.namespaces) return matchesLabelSelector(subject.namespaces, namespaceLabels(pod.namespace, snapshot));
  if (subject.pods) return matchesNamespacedPods(subject.pods, pod, snapshot);
  return false;
}

function peerMatches(peer: AdminPolicyPeer, other: PolicyPeer, snapshot: ClusterSnapshot, networksMatchPods: boolean): boolean {
  if (peer.namespaces) return other.kind === 'pod' && matchesLabelSelector(peer.namespaces, namespaceLabels(other.pod.namespace, snapshot));
  if (peer.pods) return other.kind === 'pod' && matchesNamespacedPods(peer.pods, other.pod, snapshot);
  if (peer.nodes) {
    const node = snapshot.nodes.find((candidate) => candidate.addresses.includes(other.ip));
    return node !== undefined && matchesLabelSelector(peer.nodes, node.labels);
  }
  if (peer.networks) {
    if (other.kind === 'pod' && !networksMatchPods) return false;
    return peer.networks.value.some((network) => {
      const cidr = parseCidr(network.value);
      return cidr !== undefined && cidrContains(cidr, other.ip);
    });
  }
  return false;
}

function matchesProtocol(entry: ClusterPolicyProtocol, protocol: string, port: number, destination: SimPod | undefined): boolean {
  if (entry.destinationNamedPort) return hasNamedPort(destination, entry.destinationNamedPort.value, protocol, port);
  const match = protocol === 'TCP' ? entry.tcp : protocol === 'UDP' ? entry.udp : entry.sctp;
  if (!match) return false;
  const destinationPort = match.destinationPort;
  if (!destinationPort) return true;
  if (destinationPort.number) return destinationPort.number.value === port;
  if (destinationPort.range) return port >= (destinationPort.range.start?.value ?? 1) && port <= (destinationPort.range.end?.value ?? 65535);
  return false;
}

/** One rule of either API, in the shape the tiers evaluate. */
interface TierRule {
  readonly policy: TierPolicy;
  readonly index: number;
  readonly name?: string;
  readonly action: string | undefined;
  readonly peers: readonly AdminPolicyPeer[];
  readonly ports: (connection: DirectedConnection) => boolean;
  readonly span: FieldSpan;
}

function rulesOf(policy: TierPolicy, direction: 'Ingress' | 'Egress'): TierRule[] {
  if (policy.type === 'ClusterNetworkPolicy') {
    const rules = (direction === 'Ingress' ? policy.spec?.ingress?.value : policy.spec?.egress?.value) ?? [];
    return rules.map((rule, index) => ({
      policy,
      index,
      ...(rule.name && { name: rule.name.value }),
      action: rule.action?.value === 'Accept' ? 'Allow' : rule.action?.value,
      peers: (direction === 'Ingress' ? rule.from?.value : rule.to?.value) ?? [],
      ports: ({ protocol, port, destinationPod }) => !rule.protocols || rule.protocols.value.length === 0 || rule.protocols.value.some((entry) => matchesProtocol(entry, protocol, port, destinationPod)),
      span: rule.span,
    }));
  }
  const rules = (direction === 'Ingress' ? policy.spec?.ingress?.value : policy.spec?.egress?.value) ?? [];
  return rules.map((rule, index) => ({
    policy,
    index,
    ...(rule.name && { name: rule.name.value }),
    action: rule.action?.value,
    peers: (direction === 'Ingress' ? rule.from?.value : rule.to?.value) ?? [],
    ports: ({ protocol, port, destinationPod }) => !rule.ports || rule.ports.value.length === 0 || rule.ports.value.some((entry) => matchesAdminPort(entry, protocol, port, destinationPod)),
    span: rule.span,
  }));
}

/**
 * Each tier's policies in evaluation order (by priority, lower first, then name), found once per snapshot. They
 * are cluster-scoped, and a snapshot made from the one before an edit changed only namespaced objects: it keeps them.
 */
const policiesByTier = perSnapshot((snapshot): Record<'Admin' | 'Baseline', TierPolicy[]> => {
  const candidates: TierPolicy[] = [...objectsOfType(snapshot, 'AdminNetworkPolicy'), ...objectsOfType(snapshot, 'BaselineAdminNetworkPolicy'), ...objectsOfType(snapshot, 'ClusterNetworkPolicy')];
  const inTier = (wanted: 'Admin' | 'Baseline') =>
    candidates
      .filter((object) => {
        if (object.type === 'AdminNetworkPolicy') return wanted === 'Admin';
        if (object.type === 'BaselineAdminNetworkPolicy') return wanted === 'Baseline';
        return object.type === 'ClusterNetworkPolicy' && object.spec?.tier?.value === wanted;
      })
      .sort((a, b) => (a.spec?.priority?.value ?? 1000) - (b.spec?.priority?.value ?? 1000) || a.id.name.localeCompare(b.id.name));
  return { Admin: inTier('Admin'), Baseline: inTier('Baseline') };
}, (previous) => previous);

/** The policies of a tier that select the subject, in evaluation order: by priority (lower first), then name. */
export function tierPolicies(tier: 'Admin' | 'Baseline', subject: SimPod, snapshot: ClusterSnapshot): TierPolicy[] {
  return policiesByTier(snapshot)[tier].filter((policy) => selectsSubject(policy, subject, snapshot));
}

function describePolicy(policy: TierPolicy): string {
  if (policy.type === 'ClusterNetworkPolicy') return `ClusterNetworkPolicy ${policy.id.name} (${policy.spec?.tier?.value} tier, priority ${policy.spec?.priority?.value ?? '?'})`;
  return `${policy.type} ${policy.id.name}${policy.type === 'AdminNetworkPolicy' ? ` (priority ${policy.spec?.priority?.value ?? '?'})` : ''}`;
}

/**
 * One admin tier for one direction: the first rule (policies by priority, rules in order) whose peers and
 * ports match decides: Allow (Accept), Deny, or Pass to the next tier. The Admin tier holds
 * AdminNetworkPolicies and Admin ClusterNetworkPolicies; the Baseline tier the BaselineAdminNetworkPolicy and
 * Baseline ClusterNetworkPolicies. ClusterNetworkPolicy `networks` match pod addresses too, as its API says.
 */
export function evaluateAdminTier(tier: 'Admin' | 'Baseline', connection: DirectedConnection, snapshot: ClusterSnapshot): PolicyDecision | undefined {
  const { direction, subject, other } = connection;
  for (const policy of tierPolicies(tier, subject, snapshot)) {
    const networksMatchPods = policy.type === 'ClusterNetworkPolicy' || snapshot.profile.policy.ipBlockMatchesPods;
    for (const rule of rulesOf(policy, direction)) {
      if (!rule.peers.some((peer) => peerMatches(peer, other, snapshot, networksMatchPods))) continue;
      if (!rule.ports(connection)) continue;
      const action = rule.action;
      if (action !== 'Allow' && action !== 'Deny' && action !== 'Pass') continue;
      if (policy.type === 'BaselineAdminNetworkPolicy' && action === 'Pass') continue;
      return {
        tier: policy.type,
        policy: policy.id.name,
        rule: rule.index,
        action,
        explanation: `${direction.toLowerCase()} rule ${rule.index + 1}${rule.name ? ` "${rule.name}"` : ''} of ${describePolicy(policy)}: ${action}${action === 'Pass' ? ` (${tier === 'Admin' ? 'NetworkPolicy decides' : 'the default, allowed, applies'})` : ''}`,
        refs: [refTo(policy, rule.span, `spec.${direction.toLowerCase()}[${rule.index}]`)],
      };
    }
  }
  return undefined;
}
