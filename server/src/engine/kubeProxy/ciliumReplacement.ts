import type { ClusterProfile } from '../profile';

/** Whether Cilium's eBPF Service load balancing runs instead of kube-proxy (Cilium's `kubeProxyReplacement: true`). */
export function replacesKubeProxy(profile: ClusterProfile): boolean {
  return profile.cni.plugin === 'cilium' && profile.cni.kubeProxyReplacement;
}

/**
 * What a node shows of kube-proxy when Cilium replaces it: nothing (Cilium's kube-proxy-free guide:
 * `iptables-save | grep KUBE-SVC` prints an empty line); the Services are frontends in Cilium's eBPF maps.
 */
export function noKubeProxyRules(nodeName: string): string {
  return [
    `# No kube-proxy rules on ${nodeName}: Cilium replaces kube-proxy (cni.kubeProxyReplacement: true in the profile), so kube-proxy does not run`,
    '# and writes no iptables, IPVS or nftables rules. Cilium load-balances Services in eBPF: at connect() for pods and the node itself',
    '# (socket-level), at the node\'s devices for NodePort, LoadBalancer and external IPs; `cilium-dbg service list` shows its frontends.',
    '',
  ].join('\n');
}
