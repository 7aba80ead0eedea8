import { cidrContains, parseCidr } from '../cidr';
import { matchesLabelSelector, type Labels } from '../labels';
import type { IPBlock, LabelSelector, NetworkPolicyPort, NamespacedPods, AdminPolicyPort } from '../objects';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { resolveNamedPort } from '../snapshot/endpoints';
import type { PolicyPeer } from './types';

export function namespaceLabels(namespace: string, snapshot: ClusterSnapshot): Labels {
  return snapshot.namespaces.get(namespace) ?? { 'kubernetes.io/metadata.name': namespace };
}

/** ipBlock: the address is in `cidr` and in none of `except`. Pods match only when the profile says ipBlocks select pod IPs. */
export function matchesIPBlock(block: IPBlock, peer: PolicyPeer, ipBlockMatchesPods: boolean): boolean {
  if (peer.kind === 'pod' && !ipBlockMatchesPods) return false;
  const cidr = block.cidr ? parseCidr(block.cidr.value) : undefined;
  if (!cidr || !cidrContains(cidr, peer.ip)) return false;
  return !(block.except?.value ?? []).some((entry) => {
    const excluded = parseCidr(entry.value);
    return excluded !== undefined && cidrContains(excluded, peer.ip);
  });
}

/** A NetworkPolicy peer with selectors: podSelector alone is the policy's namespace; both are ANDed. */
export function matchesSelectorPeer(
  peer: PolicyPeer,
  policyNamespace: string,
  podSelector: LabelSelector | undefined,
  namespaceSelector: LabelSelector | undefined,
  snapshot: ClusterSnapshot,
): boolean {
  if (peer.kind !== 'pod') return false;
  const namespaceMatches = namespaceSelector ? matchesLabelSelector(namespaceSelector, namespaceLabels(peer.pod.namespace, snapshot)) : peer.pod.namespace === policyNamespace;
  return namespaceMatches && (!podSelector || matchesLabelSelector(podSelector, peer.pod.labels));
}

/** Whether the destination pod has a port of this name, protocol and number: how the admin policies read a named port. */
export function hasNamedPort(destination: SimPod | undefined, name: string, protocol: string, port: number): boolean {
  return (destination?.containers ?? []).some((container) => container.ports.some((candidate) => candidate.name === name && candidate.protocol === protocol && candidate.port === port));
}

/** A NetworkPolicy port entry: protocol (TCP by default), a number, a name on the destination pod, or a range with endPort. */
export function matchesPolicyPort(entry: NetworkPolicyPort, protocol: string, port: number, destination: SimPod | undefined): boolean {
  if ((entry.protocol?.value ?? 'TCP') !== protocol) return false;
  const value = entry.port?.value;
  if (value === undefined) return true;
  if (typeof value === 'string') return resolveNamedPort(destination, value, protocol) === port;
  const end = entry.endPort?.value;
  return end !== undefined ? port >= value && port <= end : port === value;
}

/** An admin policy port: portNumber, namedPort (on the destination pod) or portRange. */
export function matchesAdminPort(entry: AdminPolicyPort, protocol: string, port: number, destination: SimPod | undefined): boolean {
  if (entry.portNumber) return (entry.portNumber.protocol?.value ?? 'TCP') === protocol && entry.portNumber.port?.value === port;
  if (entry.namedPort) return hasNamedPort(destination, entry.namedPort.value, protocol, port);
  if (entry.portRange) {
    const start = entry.portRange.start?.value ?? 0;
    const end = entry.portRange.end?.value ?? 65535;
    return (entry.portRange.protocol?.value ?? 'TCP') === protocol && port >= start && port <= end;
  }
  return false;
}

/** An admin policy's `pods`: namespaces AND pods. */
export function matchesNamespacedPods(selector: NamespacedPods, pod: SimPod, snapshot: ClusterSnapshot): boolean {
  const namespaceMatches = !selector.namespaceSelector || matchesLabelSelector(selector.namespaceSelector, namespaceLabels(pod.namespace, snapshot));
  return namespaceMatches && (!selector.podSelector || matchesLabelSelector(selector.podSelector, pod.labels));
}
