import { parseAddress, parseCidr, subnetAt, type Cidr } from '../cidr';
import type { Node } from '../objects';
import { kubeletLabels, type ClusterProfile } from '../profile';
import { refTo } from './sourceRef';
import type { SimNode, SnapshotNote } from './types';

/**
 * The cluster's nodes: Node objects from the workspace when there are any, else the profile's. Each gets
 * its pod range: `spec.podCIDR(s)` as written, else the next subnet of the pod CIDR (a /24 each by default).
 */
export function buildNodes(nodeObjects: readonly Node[], profile: ClusterProfile, notes: SnapshotNote[]): SimNode[] {
  const podCIDRs = profile.podCIDR.map((text) => parseCidr(text)).filter((cidr): cidr is Cidr => cidr !== undefined);
  const rangeFor = (index: number, written: readonly string[]): Cidr[] => {
    const parsed = written.map((text) => parseCidr(text)).filter((cidr): cidr is Cidr => cidr !== undefined);
    if (parsed.length > 0) return parsed;
    return podCIDRs
      .map((cidr) => subnetAt(cidr, cidr.family === 'IPv4' ? profile.nodeCIDRMaskSize : Math.max(profile.nodeCIDRMaskSize, 64), index))
      .filter((cidr): cidr is Cidr => cidr !== undefined);
  };
  if (nodeObjects.length === 0) {
    return profile.nodes.map((node, index) => ({
      name: node.name,
      addresses: node.addresses,
      podCIDRs: rangeFor(index, []),
      ...(node.zone && { zone: node.zone }),
      labels: node.labels,
      taints: node.taints ?? [],
      ...(node.assumed && { assumed: node.assumed }),
    }));
  }
  return [...nodeObjects]
    .sort((a, b) => a.id.name.localeCompare(b.id.name))
    .map((node, index) => {
      const labels: Record<string, string> = { ...kubeletLabels(node.id.name), ...(node.metadata.labels?.value ?? {}) };
      const addresses = (node.status?.addresses?.value ?? [])
        .filter((address) => address.type?.value === 'InternalIP' || address.type?.value === 'ExternalIP')
        .map((address) => parseAddress(address.address?.value ?? '')?.address)
        .filter((address): address is string => address !== undefined);
      const fallback = profile.nodes[index]?.addresses ?? [];
      if (addresses.length === 0) {
        notes.push({ message: `Node ${node.id.name} lists no InternalIP; the simulation gives it ${fallback.join(', ') || 'no address'}.`, source: refTo(node) });
      }
      const written = [...(node.spec?.podCIDRs?.value.map((cidr) => cidr.value) ?? []), ...(node.spec?.podCIDR ? [node.spec.podCIDR.value] : [])];
      const zone = labels['topology.kubernetes.io/zone'];
      return {
        name: node.id.name,
        addresses: addresses.length > 0 ? addresses : fallback,
        podCIDRs: rangeFor(index, [...new Set(written)]),
        ...(zone && { zone }),
        labels,
        taints: (node.spec?.taints?.value ?? []).flatMap((taint) =>
          taint.key && taint.effect ? [{ key: taint.key.value, ...(taint.value && { value: taint.value.value }), effect: taint.effect.value }] : [],
        ),
        source: refTo(node),
      };
    });
}
