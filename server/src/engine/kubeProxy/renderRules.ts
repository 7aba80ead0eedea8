import type { KubeProxyMode } from '../profile';
import type { ClusterSnapshot } from '../snapshot/types';
import { noKubeProxyRules, replacesKubeProxy } from './ciliumReplacement';
import { renderIptables } from './iptables';
import { renderIpvs } from './ipvs';
import { renderNftables } from './nftables';
import type { ProxyServicePort } from './servicePorts';

/**
 * Everything kube-proxy would program on a node, in the form the node's own tools print it; with `only`, the
 * fixed rules and those of these Service ports, in the order of `proxyServicePorts` (a trace needs one Service's
 * rules, not thousands).
 * Where Cilium replaces kube-proxy, a note that there are none.
 */
export function renderProxyRules(snapshot: ClusterSnapshot, mode: KubeProxyMode, nodeName: string, only?: readonly ProxyServicePort[]): string {
  if (replacesKubeProxy(snapshot.profile)) return noKubeProxyRules(nodeName);
  if (mode === 'ipvs') return renderIpvs(snapshot, nodeName, only);
  if (mode === 'nftables') return renderNftables(snapshot, nodeName, only);
  return renderIptables(snapshot, nodeName, only);
}
