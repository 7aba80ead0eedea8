/**
 * How each CNI plugin carries a packet between nodes, per mode: the encapsulation (its port or IP protocol
 * and device), the bytes it adds, and the pod interface MTU the plugin sets by default on a 1500-byte network.
 * Sources: Calico's "Configure MTU" page and Felix's VXLANPort (4789) and WireGuard port (51820); Cilium's
 * defaults.TunnelPortVXLAN (8472), TunnelPortGeneve (6081), pkg/mtu (TunnelOverhead 50, WireguardOverhead 80)
 * and its WireGuard listenPort (51871); flannel's backends documentation (vxlan: the kernel's port 8472, device
 * flannel.1; host-gw); Weave Net's fast datapath (VXLAN on UDP 6784, MTU 1376).
 */
export type CniPlugin = 'calico' | 'cilium' | 'flannel' | 'weave' | 'aws-vpc-cni' | 'kube-router';
export type CniDatapath = 'vxlan' | 'geneve' | 'ipip' | 'wireguard' | 'bgp' | 'cloud' | 'host-gw';

export type Encapsulation =
  | { readonly name: 'VXLAN' | 'Geneve' | 'WireGuard'; readonly udpPort: number; readonly device: string }
  | { readonly name: 'IP-in-IP'; readonly ipProtocol: 4; readonly device: string };

export interface DatapathFacts {
  /** Absent: the packet is routed as it is (BGP routes, static routes, cloud routes). */
  readonly encapsulation?: Encapsulation;
  /** Bytes the encapsulation adds to each packet (IPv4 outer header). */
  readonly overhead: number;
  /** The pod interface MTU the plugin sets by default. */
  readonly mtu: number;
}

const vxlan = (udpPort: number, device: string, mtu = 1450): DatapathFacts => ({ encapsulation: { name: 'VXLAN', udpPort, device }, overhead: 50, mtu });
const routed = (mtu = 1500): DatapathFacts => ({ overhead: 0, mtu });

/** Each plugin's modes, its default mode first. */
export const CNI_DATAPATHS: Readonly<Record<CniPlugin, Readonly<Partial<Record<CniDatapath, DatapathFacts>>>>> = {
  calico: {
    ipip: { encapsulation: { name: 'IP-in-IP', ipProtocol: 4, device: 'tunl0' }, overhead: 20, mtu: 1480 },
    vxlan: vxlan(4789, 'vxlan.calico'),
    wireguard: { encapsulation: { name: 'WireGuard', udpPort: 51820, device: 'wireguard.cali' }, overhead: 60, mtu: 1440 },
    bgp: routed(),
  },
  cilium: {
    vxlan: vxlan(8472, 'cilium_vxlan'),
    geneve: { encapsulation: { name: 'Geneve', udpPort: 6081, device: 'cilium_geneve' }, overhead: 50, mtu: 1450 },
    wireguard: { encapsulation: { name: 'WireGuard', udpPort: 51871, device: 'cilium_wg0' }, overhead: 80, mtu: 1420 },
  },
  flannel: { vxlan: vxlan(8472, 'flannel.1'), 'host-gw': routed() },
  // Weave Net's MTU is 1376 whatever the underlay, leaving room for its sleeve fallback.
  weave: { vxlan: vxlan(6784, 'vxlan-6784', 1376) },
  'aws-vpc-cni': { cloud: routed(9001) },
  'kube-router': { bgp: routed() },
};

export const CNI_PLUGINS = Object.keys(CNI_DATAPATHS) as CniPlugin[];

/** A plugin's modes, its default first. */
export function datapathsOf(plugin: CniPlugin): CniDatapath[] {
  return Object.keys(CNI_DATAPATHS[plugin]) as CniDatapath[];
}

/** The facts of a plugin's mode; its default mode's when it has no such mode. */
export function datapathFacts(plugin: CniPlugin, datapath: CniDatapath): DatapathFacts {
  const modes = CNI_DATAPATHS[plugin];
  return modes[datapath] ?? modes[datapathsOf(plugin)[0]!]!;
}
