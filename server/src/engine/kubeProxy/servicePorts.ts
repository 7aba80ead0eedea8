import { cidrContains, compareAddresses, parseAddress, parseCidr, parseSloppyCidr } from '../cidr';
import type { ClusterSnapshot, SimService, SimServicePort } from '../snapshot/types';
import { servicesInNamespace } from '../snapshot/indexes';
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
 * meaning). Found once per snapshot, from each Service's own.
 */
export const proxyServicePorts: (snapshot: ClusterSnapshot) => readonly ProxyServicePort[] = perSnapshot((snapshot) => byName(snapshot.services.flatMap((service) => servicePortsOf(snapshot, service))));

/** Each Service's ports, made when first asked for: a trace reads those of the Service it goes through, not of every Service. */
const portsByService = perSnapshot(() => new Map<SimService, readonly ProxyServicePort[]>());

/** The ports kube-proxy programs for one Service (none for a Service it never sees), in the order of `proxyServicePorts`. */
export function servicePortsOf(snapshot: ClusterSnapshot, service: SimService): readonly ProxyServicePort[] {
  const known = portsByService(snapshot);
  let ports = known.get(service);
  if (!ports) {
    ports = byName(findServicePorts(snapshot, service));
    known.set(service, ports);
  }
  return ports;
}

/**
 * The ports of the Services of a namespace and name (a Service written twice is two), in the order of
 * `proxyServicePorts`: sorted again together, as there.
 */
export function servicePortsNamed(snapshot: ClusterSnapshot, namespace: string, name: string): readonly ProxyServicePort[] {
  const services = servicesInNamespace(snapshot, namespace).filter((service) => service.name === name);
  return services.length === 1 ? servicePortsOf(snapshot, services[0]!) : byName(services.flatMap((service) => servicePortsOf(snapshot, service)));
}

/** Sorted by name, then protocol; stable, so ports alike keep their Services' order and their own. */
function byName(ports: ProxyServicePort[]): ProxyServicePort[] {
  return ports.sort((a, b) => a.name.localeCompare(b.name) || a.protocol.localeCompare(b.protocol));
}

function findServicePorts(snapshot: ClusterSnapshot, service: SimService): ProxyServicePort[] {
  if (service.type === 'ExternalName' || service.headless || serviceRejection(snapshot, service)) return [];
  const clusterIP = service.clusterIPs.find((ip) => parseAddress(ip)?.family === 'IPv4') ?? service.clusterIPs[0];
  const family = clusterIP ? parseAddress(clusterIP)?.family : 'IPv4';
  const endpoints = snapshot.endpoints.get(`${service.namespace}/${service.name}`)?.endpoints ?? [];
  return service.ports.map((port) => {
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
    return {
      service,
      port,
      name: `${service.namespace}/${service.name}${port.name ? `:${port.name}` : ''}`,
      protocol: port.protocol.toLowerCase(),
      clusterIP,
      endpoints: usable,
    };
  });
}

/** The pod CIDR that kube-proxy's local-traffic detector uses (`--cluster-cidr`). */
export function clusterCidr(snapshot: ClusterSnapshot): string | undefined {
  return snapshot.profile.podCIDR.map((text) => parseCidr(text)).find((cidr) => cidr?.family === 'IPv4')?.text;
}

/** kube-proxy counts an endpoint as local by the `nodeName` its EndpointSlice gives it, and by nothing else. */
export function isLocalEndpoint(endpoint: ProxyEndpoint, nodeName: string): boolean {
  return endpoint.nodeName === nodeName;
}

/**
 * How kube-proxy sorts one Service port's endpoints on a node (proxy.CategorizeEndpoints and the proxiers'
 * has*Endpoints): which policy chains it writes, which endpoints they reach, and where traffic with no
 * endpoint to reach is dropped or rejected.
 */
export interface ProxyPolicy {
  /** Ready endpoints anywhere in the cluster. */
  readonly hasEndpoints: boolean;
  readonly localEndpoints: readonly ProxyEndpoint[];
  /** Internal traffic (the ClusterIP) reaches the local endpoints only (internalTrafficPolicy: Local). */
  readonly internalLocal: boolean;
  /** External traffic (NodePort, external and load balancer IPs) reaches the local endpoints only. */
  readonly externalLocal: boolean;
  /** NodePort, external IPs or load balancer IPs: the port has an external chain. */
  readonly externallyAccessible: boolean;
  readonly usesClusterChain: boolean;
  readonly usesLocalChain: boolean;
  readonly hasInternalEndpoints: boolean;
  readonly hasExternalEndpoints: boolean;
  /** Every endpoint a chain of this node jumps to, in the order of `entry.endpoints`. */
  readonly reachableEndpoints: readonly ProxyEndpoint[];
}

export function proxyPolicy(entry: ProxyServicePort, nodeName: string): ProxyPolicy {
  const { service, endpoints } = entry;
  const hasEndpoints = endpoints.length > 0;
  const localEndpoints = endpoints.filter((endpoint) => isLocalEndpoint(endpoint, nodeName));
  const externallyAccessible = entry.port.nodePort !== undefined || service.externalIPs.length > 0 || service.loadBalancerIPs.length > 0;
  const internalLocal = service.internalTrafficPolicy === 'Local';
  // apiservice.ExternalPolicyLocal: the policy counts only for a Service reachable from outside.
  const externalLocal = service.externalTrafficPolicy === 'Local' && (service.type === 'NodePort' || service.type === 'LoadBalancer' || service.externalIPs.length > 0);
  const usesClusterEndpoints = !internalLocal || (externallyAccessible && !externalLocal);
  const usesLocalEndpoints = internalLocal || (externallyAccessible && externalLocal);
  const usesClusterChain = hasEndpoints && usesClusterEndpoints;
  const usesLocalChain = localEndpoints.length > 0 && usesLocalEndpoints;
  return {
    hasEndpoints,
    localEndpoints,
    internalLocal,
    externalLocal,
    externallyAccessible,
    usesClusterChain,
    usesLocalChain,
    hasInternalEndpoints: hasEndpoints && (!internalLocal || localEndpoints.length > 0),
    hasExternalEndpoints: hasEndpoints && (!externalLocal || localEndpoints.length > 0),
    reachableEndpoints: usesClusterEndpoints ? endpoints : localEndpoints,
  };
}

/**
 * A LoadBalancer's source ranges as kube-proxy keeps them for one family: trimmed (validation lets padding
 * through), read by ParseCIDRSloppy with the host bits cleared, unreadable ones left out; a zero-length
 * prefix allows everything, as no range does.
 */
export function sourceRanges(service: SimService, family: 'IPv4' | 'IPv6'): string[] {
  const cidrs = service.loadBalancerSourceRanges.map((text) => parseSloppyCidr(text.trim())).filter((cidr) => cidr?.family === family);
  return cidrs.some((cidr) => cidr!.prefix === 0) ? [] : cidrs.map((cidr) => cidr!.text);
}

/** The node's IPv4 addresses that accept NodePorts when `nodePortAddresses` names CIDRs (never loopback). */
export function nodePortIPs(snapshot: ClusterSnapshot, nodeName: string, cidrs: readonly string[]): string[] {
  const node = snapshot.nodes.find((candidate) => candidate.name === nodeName);
  const ranges = cidrs.map((text) => parseCidr(text)).filter((cidr) => cidr?.family === 'IPv4');
  return (node?.addresses ?? []).filter((address) => parseAddress(address)?.family === 'IPv4' && !address.startsWith('127.') && ranges.some((cidr) => cidrContains(cidr!, address)));
}

/** `nodePortAddresses` that accept every local address: none given, or a zero-length prefix among them. */
export function nodePortsOnAllAddresses(cidrs: readonly string[]): boolean {
  return cidrs.length === 0 || cidrs.some((text) => parseCidr(text)?.prefix === 0 && parseCidr(text)?.family === 'IPv4');
}
