import { cidrContains, compareAddresses, parseAddress, parseCidr } from '../cidr';
import type { ClusterSnapshot, SimService, SimServicePort } from '../snapshot/types';
import { perSnapshot } from '../snapshot/perSnapshot';
import { serviceRejection } from './rejectedServices';

export interface ProxyEndpoint {
  readonly ip: string;
  readonly port: number;
  /** `ip:port`, or `[ip]:port` for IPv6, as kube-proxy writes it. */
  readonly address: string;
  readonly nodeName?: string;
  readonly pod?: string;
}

/** One Service port as kube-proxy sees it: `namespace/name:port` with its usable endpoints. */
export interface ProxyServicePort {
  readonly service: SimService;
  readonly port: SimServicePort;
  /** ServicePortName.String(): `namespace/name:portName`, or `namespace/name` for an unnamed port. */
  readonly name: string;
  /** Lower case, as in chain names and rules. */
  readonly protocol: string;
  readonly clusterIP: string | undefined;
  readonly endpoints: readonly ProxyEndpoint[];
}

/** The mark kube-proxy sets on packets that need SNAT: bit `masqueradeBit` (14 → 0x4000). */
export function masqueradeMark(snapshot: ClusterSnapshot): string {
  return `0x${(1 << snapshot.profile.kubeProxy.masqueradeBit).toString(16)}`;
}

/**
 * Every Service port kube-proxy programs (not those of a Service the API server would reject: it never exists), sorted by name (kube-proxy walks a map; the order carries no
 * meaning). Found once per snapshot: traces ask for them over and over.
 */
export const proxyServicePorts: (snapshot: ClusterSnapshot) => readonly ProxyServicePort[] = perSnapshot(findProxyServicePorts);

function findProxyServicePorts(snapshot: ClusterSnapshot): ProxyServicePort[] {
  const result: ProxyServicePort[] = [];
  for (const service of snapshot.services) {
    if (service.type === 'ExternalName' || service.headless || serviceRejection(snapshot, service)) continue;
    const clusterIP = service.clusterIPs.find((ip) => parseAddress(ip)?.family === 'IPv4') ?? service.clusterIPs[0];
    const family = clusterIP ? parseAddress(clusterIP)?.family : 'IPv4';
    const endpoints = snapshot.endpoints.get(`${service.namespace}/${service.name}`)?.endpoints ?? [];
    for (const port of service.ports) {
      const usable = endpoints
        .filter((endpoint) => endpoint.ready && endpoint.ports[port.name] !== undefined && parseAddress(endpoint.ip)?.family === family)
        .map((endpoint) => {
          const target = endpoint.ports[port.name]!;
          return {
            ip: endpoint.ip,
            port: target,
            address: family === 'IPv6' ? `[${endpoint.ip}]:${target}` : `${endpoint.ip}:${target}`,
            ...(endpoint.nodeName !== undefined && { nodeName: endpoint.nodeName }),
            ...(endpoint.pod !== undefined && { pod: endpoint.pod }),
          };
        })
        .sort((a, b) => compareAddresses(a.ip, b.ip) || a.port - b.port);
      result.push({
        service,
        port,
        name: `${service.namespace}/${service.name}${port.name ? `:${port.name}` : ''}`,
        protocol: port.protocol.toLowerCase(),
        clusterIP,
        endpoints: usable,
      });
    }
  }
  return result.sort((a, b) => a.name.localeCompare(b.name) || a.protocol.localeCompare(b.protocol));
}

/** The pod CIDR that kube-proxy's local-traffic detector uses (`--cluster-cidr`). */
export function clusterCidr(snapshot: ClusterSnapshot): string | undefined {
  return snapshot.profile.podCIDR.map((text) => parseCidr(text)).find((cidr) => cidr?.family === 'IPv4')?.text;
}

export function isLocalEndpoint(endpoint: ProxyEndpoint, nodeName: string, snapshot: ClusterSnapshot): boolean {
  if (endpoint.nodeName !== undefined) return endpoint.nodeName === nodeName;
  const node = snapshot.nodes.find((candidate) => candidate.name === nodeName);
  return node?.podCIDRs.some((cidr) => cidrContains(cidr, endpoint.ip)) ?? false;
}
