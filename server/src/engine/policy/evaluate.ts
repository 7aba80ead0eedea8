import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { evaluateAdminTier } from './adminPolicy';
import { evaluateNetworkPolicies, policyPeers } from './networkPolicy';
import type { ConnectionVerdict, DirectedConnection, DirectionVerdict, DnsGate, HttpGate, PolicyConnection, PolicyDecision, PolicyPeer } from './types';
import { evaluateCalico, hasCalicoPolicies } from './calicoPolicy';
import { evaluateCilium, hasCiliumPolicies } from './ciliumPolicy';
import type { KubeObject, NetworkPolicy } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';

/** CNIs that enforce NetworkPolicy by themselves. Flannel does not; the AWS VPC CNI only with its policy agent enabled. */
const ENFORCING_CNIS = new Set(['calico', 'cilium', 'weave', 'kube-router']);

export function cniEnforcesPolicy(snapshot: ClusterSnapshot): boolean {
  return ENFORCING_CNIS.has(snapshot.profile.cni.plugin);
}

/**
 * One direction, through the tiers: the Admin tier (AdminNetworkPolicy, Admin ClusterNetworkPolicy: Allow and
 * Deny decide, Pass goes on), then NetworkPolicy with Cilium's own policies as Cilium adds them up (when they isolate
 * the pod they decide), then the Baseline tier (BaselineAdminNetworkPolicy, Baseline ClusterNetworkPolicy), then
 * allowed. Under Calico with its own policies, Calico's tiers in their order, the admin ones among them.
 */
function evaluateDirection(connection: DirectedConnection, snapshot: ClusterSnapshot): DirectionVerdict {
  const { direction, subject, other } = connection;
  const chain: PolicyDecision[] = [];
  // Looked for only where it matters: a search of every node per connection adds up over thousands of them.
  const residentNode = direction === 'Ingress' && other.kind === 'external' ? snapshot.nodes.find((node) => node.name === subject.node) : undefined;
  if (residentNode?.addresses.includes(other.ip)) {
    // Cilium inserts its allow from the local host under deny rules: an ingressDeny of the host entity wins.
    const ciliumDeny = snapshot.profile.cni.plugin === 'cilium' && hasCiliumPolicies(snapshot) ? evaluateCilium(connection, snapshot, false).decision : undefined;
    if (ciliumDeny?.action === 'Deny') return { direction, allowed: false, isolatedBy: [], chain: [ciliumDeny] };
    // "Pods cannot block access from their resident node" (Kubernetes NetworkPolicy documentation).
    chain.push({ tier: 'none', action: 'Allow', explanation: `${other.ip} is ${residentNode.name}, the node ${subject.namespace}/${subject.name} runs on: traffic from a pod's own node is always allowed`, refs: [] });
    return { direction, allowed: true, isolatedBy: [], chain };
  }
  // Calico orders the admin tiers among its own: its evaluation walks them all.
  if (snapshot.profile.cni.plugin === 'calico' && hasCalicoPolicies(snapshot)) {
    const calico = evaluateCalico(connection, snapshot);
    const isolatedBy = calico.isolatedBy.map((policy) => `${policy.id.namespace}/${policy.id.name}`);
    const decision = calico.decision ?? { tier: 'none' as const, action: 'NotIsolated' as const, explanation: calico.passed.length > 0 ? `every tier that selects ${subject.namespace}/${subject.name} passed it on: its profile allows` : `no policy selects ${subject.namespace}/${subject.name} for ${direction.toLowerCase()}`, refs: [] };
    const allowed = decision.action === 'Allow' || decision.action === 'NotIsolated';
    return { direction, allowed, isolatedBy, chain: [...calico.passed, decision], ...(calico.nearestMiss && !allowed && { nearestMiss: calico.nearestMiss }) };
  }
  const admin = evaluateAdminTier('Admin', connection, snapshot);
  if (admin) {
    chain.push(admin);
    if (admin.action !== 'Pass') return { direction, allowed: admin.action === 'Allow', isolatedBy: [], chain };
  }
  const cni = cniPolicyStep(connection, snapshot);
  if (cni.decision) {
    chain.push(cni.decision);
    const allowed = cni.decision.action === 'Allow';
    return {
      direction,
      allowed,
      isolatedBy: cni.isolatedBy,
      chain,
      ...(cni.nearestMiss && !allowed && { nearestMiss: cni.nearestMiss }),
      ...(cni.httpGate && { httpGate: cni.httpGate }),
      ...(cni.dnsGate && { dnsGate: cni.dnsGate }),
    };
  }
  const isolatedBy = cni.isolatedBy;
  const baseline = evaluateAdminTier('Baseline', connection, snapshot);
  if (baseline) {
    chain.push(baseline);
    return { direction, allowed: baseline.action !== 'Deny', isolatedBy, chain };
  }
  chain.push({ tier: 'none', action: 'NotIsolated', explanation: `no policy selects ${subject.namespace}/${subject.name} for ${direction.toLowerCase()}`, refs: [] });
  return { direction, allowed: true, isolatedBy, chain };
}

/** What the NetworkPolicy step of a direction decided: Kubernetes NetworkPolicies, and Cilium's own policies as Cilium adds them up. */
interface CniPolicyStep {
  readonly decision: PolicyDecision | undefined;
  readonly isolatedBy: readonly string[];
  readonly nearestMiss?: string | undefined;
  readonly httpGate?: HttpGate | undefined;
  readonly dnsGate?: DnsGate | undefined;
}

function cniPolicyStep(connection: DirectedConnection, snapshot: ClusterSnapshot): CniPolicyStep {
  const plugin = snapshot.profile.cni.plugin;
  const names = (policies: readonly NetworkPolicy[]) => policies.map((policy) => `${policy.id.namespace}/${policy.id.name}`);
  const networkPolicies = evaluateNetworkPolicies(connection, snapshot);
  if (plugin === 'cilium' && hasCiliumPolicies(snapshot)) {
    const allowedByNetworkPolicy = networkPolicies.decision?.action === 'Allow';
    const cilium = evaluateCilium(connection, snapshot, allowedByNetworkPolicy);
    const isolatedBy = [...names(networkPolicies.isolatedBy), ...cilium.isolatedBy];
    // A Cilium deny wins over every allow; then any allow (a NetworkPolicy's or Cilium's); then default deny.
    if (cilium.decision?.action === 'Deny' || (!allowedByNetworkPolicy && cilium.decision)) return { decision: cilium.decision, isolatedBy, httpGate: cilium.httpGate, dnsGate: cilium.dnsGate };
    return { decision: networkPolicies.decision, isolatedBy, nearestMiss: networkPolicies.nearestMiss };
  }
  return { decision: networkPolicies.decision, isolatedBy: names(networkPolicies.isolatedBy), nearestMiss: networkPolicies.nearestMiss };
}

/** Whether a NetworkPolicy names an ipBlock, per policy: policies never change, and every edit asks again. */
const namesIpBlock = new WeakMap<NetworkPolicy, boolean>();

function hasIpBlock(policy: NetworkPolicy): boolean {
  let result = namesIpBlock.get(policy);
  if (result === undefined) {
    result = policyPeers(policy).some((peer) => peer.ipBlock !== undefined);
    namesIpBlock.set(policy, result);
  }
  return result;
}

/** Whether any NetworkPolicy names an ipBlock: asked once per snapshot, not once per connection. */
const usesIpBlocks = perSnapshot(
  (snapshot) => objectsOfType(snapshot, 'NetworkPolicy').some(hasIpBlock),
  // After an edit: still the same unless a policy naming one came, or one went.
  (previous, change, snapshot) => {
    const named = (objects: readonly KubeObject[]) => objects.some((object) => object.type === 'NetworkPolicy' && hasIpBlock(object));
    if (named(change.added)) return true;
    return previous && named(change.removed) ? objectsOfType(snapshot, 'NetworkPolicy').some(hasIpBlock) : previous;
  },
);

/** Whether policy sees a pod as its node (a host-network pod, when the profile says so): by address, not by labels. */
export function seenAsNode(pod: SimPod, snapshot: ClusterSnapshot): boolean {
  return pod.hostNetwork && snapshot.profile.policy.hostNetworkPods === 'node';
}

/** The policy verdict of a direct connection: the source's egress and the destination's ingress must both allow it. */
export function evaluateConnection(connection: PolicyConnection, snapshot: ClusterSnapshot): ConnectionVerdict {
  const notes: string[] = [];
  const asPolicyPeer = (peer: PolicyPeer): PolicyPeer => {
    if (peer.kind === 'pod' && seenAsNode(peer.pod, snapshot)) {
      notes.push(`${peer.pod.namespace}/${peer.pod.name} uses the host network: treated as its node (policies do not select it, and it is seen by its node address); CNIs differ here`);
      return { kind: 'external', ip: peer.ip };
    }
    return peer;
  };
  const from = asPolicyPeer(connection.from);
  const to = asPolicyPeer(connection.to);
  const destinationPod = connection.to.kind === 'pod' ? connection.to.pod : undefined;
  if (!snapshot.profile.policy.ipBlockMatchesPods && (from.kind === 'pod' || to.kind === 'pod')) {
    if (usesIpBlocks(snapshot)) notes.push('ipBlock rules are not matched against pod addresses (the profile\'s choice; some CNIs do match them)');
  }
  const sent = { protocol: connection.protocol, port: connection.port, destinationPod };
  const egress = from.kind === 'pod' ? evaluateDirection({ direction: 'Egress', subject: from.pod, other: to, ...sent }, snapshot) : undefined;
  const ingress = to.kind === 'pod' ? evaluateDirection({ direction: 'Ingress', subject: to.pod, other: from, ...sent }, snapshot) : undefined;
  const allowed = (egress?.allowed ?? true) && (ingress?.allowed ?? true);
  const enforced = cniEnforcesPolicy(snapshot);
  if (!enforced) notes.push(`${snapshot.profile.cni.plugin} does not enforce NetworkPolicy: the verdict is what the policies say, but with this CNI alone every connection goes through`);
  const deciding = [egress, ingress].filter((verdict): verdict is DirectionVerdict => verdict !== undefined);
  const denied = deciding.find((verdict) => !verdict.allowed);
  const explanation = denied
    ? `denied: ${denied.chain.at(-1)?.explanation}${denied.nearestMiss ? `; ${denied.nearestMiss}` : ''}`
    : `allowed: ${deciding.map((verdict) => verdict.chain.at(-1)?.explanation).join('; ') || 'no policy applies outside the cluster'}`;
  return { allowed, ...(egress && { egress }), ...(ingress && { ingress }), explanation, notes: [...new Set(notes)], enforced };
}
