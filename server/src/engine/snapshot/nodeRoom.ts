import { cidrSize, parseCidr } from '../cidr';
import type { KubeObject } from '../objects';
import { DEFAULT_PROFILE, defaultNodes, type ClusterProfile } from '../profile';
import { buildNodes } from './nodes';
import type { PodPlan } from './podPlan';
import { addressesNeeded } from './pods';
import type { SimNode } from './types';

/**
 * The profile with enough default nodes for the workspace's pods: when nobody set the nodes (no `nodes` in
 * the profile, no Node objects), the default cluster grows by whole nodes until their pod ranges hold every
 * pod's address, as far as the pod CIDR has node ranges to give. Nodes somebody set are kept as they are.
 */
export function withRoomForPods(profile: ClusterProfile, objects: readonly KubeObject[], hasNodeObjects: boolean, virtualPlans: readonly PodPlan[]): ClusterProfile {
  if (hasNodeObjects || profile.nodes !== DEFAULT_PROFILE.nodes) return profile;
  const limit = Math.min(5000, nodeRanges(profile));
  let count = profile.nodes.length;
  // DaemonSets put a pod on each node, so the count is worked out again with the nodes it asks for.
  for (let round = 0; round < 4; round++) {
    const nodes = buildNodes([], { ...profile, nodes: defaultNodes(count) }, []);
    const perNode = Math.min(...nodes.map(addressesPerNode));
    if (!(perNode > 0)) break;
    const wanted = Math.min(limit, Math.ceil(addressesNeeded(objects, nodes, virtualPlans) / perNode));
    if (wanted <= count) break;
    count = wanted;
  }
  return count === profile.nodes.length ? profile : { ...profile, nodes: defaultNodes(count) };
}

/** The addresses a node's range hands out (the fewest of its families: a dual-stack pod takes one of each). */
export function addressesPerNode(node: SimNode): number {
  if (node.podCIDRs.length === 0) return 0;
  // The allocator keeps the network address and the next one, and (IPv4) the broadcast address.
  return Math.min(...node.podCIDRs.map((cidr) => Number(cidrSize(cidr) > 1_000_000n ? 1_000_000n : cidrSize(cidr)) - 2 - (cidr.family === 'IPv4' ? 1 : 0)));
}

/** How many node ranges the pod CIDR splits into (the fewest of its families). */
function nodeRanges(profile: ClusterProfile): number {
  const counts = profile.podCIDR.map((text) => {
    const cidr = parseCidr(text);
    if (!cidr) return 0;
    const prefix = cidr.family === 'IPv4' ? profile.nodeCIDRMaskSize : Math.max(profile.nodeCIDRMaskSize, 64);
    return prefix < cidr.prefix ? 0 : 2 ** Math.min(prefix - cidr.prefix, 20);
  });
  return Math.min(...counts);
}
