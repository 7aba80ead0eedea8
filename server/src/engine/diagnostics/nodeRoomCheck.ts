import { problemOf, type Problem } from '../problem';
import { podAddressCounts } from '../snapshot/groupedPods';
import { addressesPerNode } from '../snapshot/nodeRoom';
import type { ClusterSnapshot } from '../snapshot/types';

/**
 * KT114: the nodes the profile sets hold too few pod addresses for the workspace's pods. One finding on the
 * profile's `nodes` key says it, rather than a finding for every pod left without an address or its Services.
 */
export function checkNodeRoom(snapshot: ClusterSnapshot): Problem[] {
  const written = snapshot.profile.nodesWrittenAt;
  if (!written) return [];
  const { addressed, unaddressed } = podAddressCounts(snapshot);
  if (unaddressed === 0) return [];
  const { nodes } = snapshot;
  const perNode = Math.min(...nodes.map(addressesPerNode));
  const needed = addressed + unaddressed;
  const enough = perNode > 0 ? ` Set nodes to ${Math.ceil(needed / perNode)} or more, or leave it out and the default cluster grows to fit.` : '';
  const message = `The profile's ${nodes.length} node(s) have room for ${nodes.reduce((sum, node) => sum + addressesPerNode(node), 0)} pod addresses, but the workspace runs ${needed} pods: ${unaddressed} get no address, and nothing reaches them.${enough}`;
  return [problemOf({ code: 'KT114', message, uri: written.uri, range: written.range })];
}
