import type { NetworkPolicy, NetworkPolicyIngressRule, NetworkPolicyEgressRule, NetworkPolicyPeer, LabelSelector } from '../objects';
import { matchesLabelSelector } from '../labels';
import { policiesInNamespace } from '../snapshot/indexes';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { matchesIPBlock, matchesPolicyPort, matchesSelectorPeer, namespaceLabels } from './matchPeers';
import type { DirectedConnection, PolicyDecision, PolicyPeer } from './types';

/** `policyTypes` as written, or as the API server defaults it: Ingress always, Egress when there are egress rules. */
export function policyTypesOf(policy: NetworkPolicy): string[] {
  const written = policy.spec?.policyTypes?.value.map((type) => type.value);
  if (written && written.length > 0) return written;
  return (policy.spec?.egress?.value.length ?? 0) > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Every peer a policy names, in its ingress rules' `from` and its egress rules' `to`. */
export function policyPeers(policy: NetworkPolicy): NetworkPolicyPeer[] {
  return [...(policy.spec?.ingress?.value.flatMap((rule) => rule.from?.value ?? []) ?? []), ...(policy.spec?.egress?.value.flatMap((rule) => rule.to?.value ?? []) ?? [])];
}

/** NetworkPolicies of the pod's namespace that select it for a direction (an empty podSelector selects every pod). */
export function selectingPolicies(pod: SimPod, direction: 'Ingress' | 'Egress', snapshot: ClusterSnapshot): NetworkPolicy[] {
  return policiesInNamespace(snapshot, pod.namespace).filter(
    (policy) => (policy.spec?.podSelector === undefined || matchesLabelSelector(policy.spec.podSelector, pod.labels)) && policyTypesOf(policy).includes(direction),
  );
}

function peerMatches(peer: NetworkPolicyPeer, other: PolicyPeer, policyNamespace: string, snapshot: ClusterSnapshot): boolean {
  if (peer.ipBlock) return matchesIPBlock(peer.ipBlock, other, snapshot.profile.policy.ipBlockMatchesPods);
  if (!peer.podSelector && !peer.namespaceSelector) return false;
  return matchesSelectorPeer(other, policyNamespace, peer.podSelector, peer.namespaceSelector, snapshot);
}

export interface NetworkPolicyResult {
  readonly isolatedBy: readonly NetworkPolicy[];
  readonly decision: PolicyDecision | undefined;
  readonly nearestMiss?: string;
}

/**
 * The NetworkPolicy tier for one direction of a connection: isolated when any policy selects the subject for
 * that direction, allowed when any rule of any of them admits the other side on this port (policies add up).
 */
export function evaluateNetworkPolicies(connection: DirectedConnection, snapshot: ClusterSnapshot): NetworkPolicyResult {
  const { direction, subject, other, protocol, port, destinationPod } = connection;
  const policies = selectingPolicies(subject, direction, snapshot);
  if (policies.length === 0) return { isolatedBy: [], decision: undefined };
  let nearest: { score: number; text: string } | undefined;
  for (const policy of policies) {
    const rules: readonly (NetworkPolicyIngressRule | NetworkPolicyEgressRule)[] = (direction === 'Ingress' ? policy.spec?.ingress?.value : policy.spec?.egress?.value) ?? [];
    for (const [ruleIndex, rule] of rules.entries()) {
      const peers = direction === 'Ingress' ? (rule as NetworkPolicyIngressRule).from?.value : (rule as NetworkPolicyEgressRule).to?.value;
      const ports = rule.ports?.value ?? [];
      const peerIndex = !peers || peers.length === 0 ? -1 : peers.findIndex((peer) => peerMatches(peer, other, policy.id.namespace!, snapshot));
      const portIndex = ports.length === 0 ? -1 : ports.findIndex((entry) => matchesPolicyPort(entry, protocol, port, destinationPod));
      const peerOk = !peers || peers.length === 0 || peerIndex >= 0;
      const portOk = ports.length === 0 || portIndex >= 0;
      if (peerOk && portOk) {
        const peerText = peerIndex < 0 ? 'any peer' : describePeer(peers![peerIndex]!);
        const portText = portIndex < 0 ? 'any port' : describePort(ports[portIndex]!);
        return {
          isolatedBy: policies,
          decision: {
            tier: 'NetworkPolicy',
            policy: `${policy.id.namespace}/${policy.id.name}`,
            rule: ruleIndex,
            action: 'Allow',
            explanation: `${direction.toLowerCase()} rule ${ruleIndex + 1} of ${policy.id.namespace}/${policy.id.name} admits it (${direction === 'Ingress' ? 'from' : 'to'} ${peerText}, ${portText})`,
            refs: [refTo(policy, rule.span, `spec.${direction.toLowerCase()}[${ruleIndex}]`)],
          },
        };
      }
      const miss = describeMiss({ policy, index: ruleIndex, peers: peers ?? [], peerOk, portOk }, connection, snapshot);
      const score = (peerOk ? 0 : 1) + (portOk ? 0 : 1);
      if (!nearest || score < nearest.score) nearest = { score, text: miss };
    }
  }
  const names = policies.map((policy) => `${policy.id.namespace}/${policy.id.name}`);
  return {
    isolatedBy: policies,
    decision: {
      tier: 'NetworkPolicy',
      policy: names.join(', '),
      action: 'DefaultDeny',
      explanation: `${direction.toLowerCase()} of ${subject.namespace}/${subject.name} is isolated by ${names.join(', ')} and no rule of ${names.length === 1 ? 'it' : 'them'} admits this connection`,
      refs: policies.map((policy) => refTo(policy)),
    },
    ...(nearest && { nearestMiss: nearest.text }),
  };
}

/** A selector's labels and expressions, or undefined for an empty selector, which selects everything. */
export function describeSelector(selector: LabelSelector): string | undefined {
  const labels = Object.entries(selector.matchLabels?.value ?? {}).map(([key, value]) => `${key}=${value}`);
  const expressions = (selector.matchExpressions?.value ?? []).map((expression) => `${expression.key?.value} ${expression.operator?.value}${expression.values ? ` (${expression.values.value.map((value) => value.value).join(', ')})` : ''}`);
  const all = [...labels, ...expressions];
  return all.length === 0 ? undefined : all.join(', ');
}

function describePeer(peer: NetworkPolicyPeer): string {
  if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr?.value}${peer.ipBlock.except ? ` except ${peer.ipBlock.except.value.map((entry) => entry.value).join(', ')}` : ''}`;
  const parts = [
    ...(peer.namespaceSelector ? [selectorText('namespaces', describeSelector(peer.namespaceSelector))] : []),
    ...(peer.podSelector ? [selectorText('pods', describeSelector(peer.podSelector))] : []),
  ];
  return parts.join(' AND ');
}

/** `pods {app=web}`, or `all pods` for an empty selector (never `pods {}`). */
function selectorText(what: 'namespaces' | 'pods', labels: string | undefined): string {
  return labels === undefined ? `all ${what}` : `${what} {${labels}}`;
}

function describePort(entry: { protocol?: { value: string }; port?: { value: number | string }; endPort?: { value: number } }): string {
  return `${entry.protocol?.value ?? 'TCP'} ${entry.port?.value ?? 'any'}${entry.endPort ? `-${entry.endPort.value}` : ''}`;
}

/** A rule that does not admit the connection: its policy, its place there, its peers, and which half failed. */
interface MissedRule {
  readonly policy: NetworkPolicy;
  readonly index: number;
  readonly peers: readonly NetworkPolicyPeer[];
  readonly peerOk: boolean;
  readonly portOk: boolean;
}

/** What the rule lacks, said as the change that would make it admit the connection. */
function describeMiss({ policy, index, peers, peerOk, portOk }: MissedRule, { direction, other, protocol, port }: DirectedConnection, snapshot: ClusterSnapshot): string {
  const name = `${direction.toLowerCase()} rule ${index + 1} of ${policy.id.namespace}/${policy.id.name}`;
  const wants: string[] = [];
  if (!peerOk) {
    const peer = peers[0]!;
    const side = direction === 'Ingress' ? 'source' : 'destination';
    if (other.kind === 'external' || peer.ipBlock) {
      wants.push(peer.ipBlock ? `the ${side} address were in ${describePeer(peer)}` : `the ${side} were a pod of ${describePeer(peer)}`);
    } else {
      const missingPod = Object.entries(peer.podSelector?.matchLabels?.value ?? {}).filter(([key, value]) => other.pod.labels[key] !== value);
      const nsLabels = namespaceLabels(other.pod.namespace, snapshot);
      const missingNs = Object.entries(peer.namespaceSelector?.matchLabels?.value ?? {}).filter(([key, value]) => nsLabels[key] !== value);
      if (!peer.namespaceSelector && other.pod.namespace !== policy.id.namespace) wants.push(`the ${side} pod were in namespace ${policy.id.namespace} (a podSelector alone selects pods of the policy's own namespace)`);
      if (missingNs.length > 0) wants.push(`the ${side} namespace had label ${missingNs.map(([key, value]) => `${key}=${value}`).join(', ')}`);
      if (missingPod.length > 0) wants.push(`the ${side} pod had label ${missingPod.map(([key, value]) => `${key}=${value}`).join(', ')}`);
      if (wants.length === 0) wants.push(`the ${side} matched ${describePeer(peer)}`);
    }
  }
  if (!portOk) wants.push(`it allowed ${protocol} ${port}`);
  return `${name} would admit this if ${wants.join(' and ')}`;
}
