import type { KubeProxyMode } from '../profile';
import type { ClusterSnapshot } from '../snapshot/types';
import { renderIptables } from './iptables';
import { renderIpvs } from './ipvs';
import { renderNftables } from './nftables';

/** Everything kube-proxy would program on a node, in the form the node's own tools print it. */
export function renderProxyRules(snapshot: ClusterSnapshot, mode: KubeProxyMode, nodeName: string): string {
  if (mode === 'ipvs') return renderIpvs(snapshot, nodeName);
  if (mode === 'nftables') return renderNftables(snapshot, nodeName);
  return renderIptables(snapshot, nodeName);
}
