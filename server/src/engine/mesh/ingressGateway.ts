import { matchesLabelMap } from '../labels';
import type { MeshGateway, MeshGatewayServer, VirtualService } from '../objects';
import { gatewayHostMatches, hostnamesIntersect } from '../routing/hostnames';
import { objectsOfType, servicesInNamespace } from '../snapshot/indexes';
import { findPort } from '../snapshot/endpoints';
import type { ClusterSnapshot, SimPod, SimService } from '../snapshot/types';

/** Istio's host patterns: `*` matches any name, `*.example.com` any name under it, anything else itself. */
export function istioHostMatches(pattern: string, host: string): boolean {
  return pattern === '*' || gatewayHostMatches(pattern, host);
}

/** The Istio Gateways that configure a pod: those whose selector (never empty) its labels match, in any namespace. */
export function meshGatewaysOf(snapshot: ClusterSnapshot, pod: SimPod): MeshGateway[] {
  return objectsOfType(snapshot, 'MeshGateway').filter((gateway) => {
    const selector = gateway.spec?.selector?.value;
    return selector !== undefined && Object.keys(selector).length > 0 && matchesLabelMap(selector, pod.labels);
  });
}

/** A server host (`host`, or `namespace/host` where the namespace may be `.` or `*`) split into the VirtualService namespace it admits and the host pattern. */
function serverHost(written: string, gateway: MeshGateway): { readonly namespace: string | undefined; readonly pattern: string } {
  const slash = written.indexOf('/');
  if (slash < 0) return { namespace: undefined, pattern: written };
  const namespace = written.slice(0, slash);
  return { namespace: namespace === '*' ? undefined : namespace === '.' ? (gateway.id.namespace ?? 'default') : namespace, pattern: written.slice(slash + 1) };
}

/** Whether a server of a Gateway takes a host, from VirtualServices of any namespace (or of `namespace` only). */
export function serverTakes(server: MeshGatewayServer, gateway: MeshGateway, host: string, namespace?: string): boolean {
  return (server.hosts?.value ?? []).some((written) => {
    const parsed = serverHost(written.value, gateway);
    return istioHostMatches(parsed.pattern, host) && (parsed.namespace === undefined || namespace === undefined || parsed.namespace === namespace);
  });
}

/** Whether a VirtualService's `gateways` entry (`name` in its own namespace, or `namespace/name`) names a Gateway. */
export function namesGateway(entry: string, service: VirtualService, gateway: MeshGateway): boolean {
  const [namespace, name] = entry.includes('/') ? (entry.split('/', 2) as [string, string]) : [service.id.namespace ?? 'default', entry];
  return namespace === (gateway.id.namespace ?? 'default') && name === gateway.id.name;
}

/**
 * The VirtualServices a Gateway's server routes a host by, in the order Istio merges their routes. Each bound
 * VirtualService makes a virtual host of each of its hosts a server host (of a namespace the server admits) shares a
 * name with, named by the more specific of the two; VirtualServices making the same one are merged into it, and
 * Envoy picks the virtual host whose name fits the request best (exact, then the longest wildcard, then `*`).
 * Istio orders them by creation time, then name, then namespace; manifests carry no creation time, so by name
 * and namespace (istio/istio pilot/pkg/networking/core/gateway.go buildGatewayHTTPRouteConfig, sortConfigByCreationTime).
 */
export function virtualServicesFor(snapshot: ClusterSnapshot, gateway: MeshGateway, server: MeshGatewayServer, host: string): VirtualService[] {
  const made = objectsOfType(snapshot, 'VirtualService')
    .filter((service) => (service.spec?.gateways?.value ?? []).some((entry) => namesGateway(entry.value, service, gateway)))
    .map((service) => ({ service, names: virtualHostNames(server, gateway, service).filter((name) => istioHostMatches(name, host)) }))
    .filter(({ names }) => names.length > 0);
  const best = made.flatMap(({ names }) => names).sort((a, b) => specificity(b) - specificity(a))[0];
  return made
    .filter(({ names }) => names.includes(best!))
    .map(({ service }) => service)
    .sort((a, b) => a.id.name.localeCompare(b.id.name) || (a.id.namespace ?? '').localeCompare(b.id.namespace ?? ''));
}

/** The virtual hosts a VirtualService makes on a server: for each host a server host admits, the more specific of the two. */
function virtualHostNames(server: MeshGatewayServer, gateway: MeshGateway, service: VirtualService): string[] {
  const namespace = service.id.namespace ?? 'default';
  const patterns = (server.hosts?.value ?? []).map((written) => serverHost(written.value, gateway)).filter((parsed) => parsed.namespace === undefined || parsed.namespace === namespace);
  return (service.spec?.hosts?.value ?? []).flatMap(({ value: own }) =>
    patterns.flatMap(({ pattern }) => {
      const lower = own.toLowerCase();
      if (istioHostMatches(pattern, lower)) return [lower];
      return istioHostMatches(lower, pattern) ? [pattern] : [];
    }),
  );
}

/** How closely a virtual host's name fits: an exact name beats any wildcard, a longer suffix a shorter, `*` last. */
function specificity(name: string): number {
  return name === '*' ? 0 : name.startsWith('*') ? name.length : Number.MAX_SAFE_INTEGER;
}

/** Whether some Istio Gateway serves a host to clients outside: a server takes it and a VirtualService routes it. */
export function servedByMeshGateway(snapshot: ClusterSnapshot, host: string): MeshGateway | undefined {
  return objectsOfType(snapshot, 'MeshGateway').find((gateway) => (gateway.spec?.servers?.value ?? []).some((server) => serverTakes(server, gateway, host) && virtualServicesFor(snapshot, gateway, server, host).length > 0));
}

/**
 * The pod port a server's listener is on. Istio reads a server port that is a port of the gateway's Service as
 * that Service port, and listens on its targetPort (80 becomes 8080 in the default install); any other number is
 * the pod port itself.
 */
export function serverListenPorts(snapshot: ClusterSnapshot, pod: SimPod): (serverPort: number) => number[] {
  const fronting = servicesFronting(snapshot, pod);
  return (serverPort) => {
    const targets = fronting.flatMap((service) => service.ports.filter((port) => port.port === serverPort).flatMap((port) => findPort(pod, port) ?? []));
    return targets.length > 0 ? targets : [serverPort];
  };
}

/** The Services in front of a gateway pod (of its namespace, selecting it). */
export function servicesFronting(snapshot: ClusterSnapshot, pod: SimPod): SimService[] {
  return servicesInNamespace(snapshot, pod.namespace).filter((service) => service.selector !== undefined && Object.keys(service.selector).length > 0 && matchesLabelMap(service.selector, pod.labels));
}

/** Whether a server of a Gateway admits a VirtualService host: the patterns share a name, in a namespace it admits. */
export function serverAdmits(server: MeshGatewayServer, gateway: MeshGateway, host: string, namespace: string): boolean {
  return (server.hosts?.value ?? []).some((written) => {
    const parsed = serverHost(written.value, gateway);
    return (parsed.namespace === undefined || parsed.namespace === namespace) && istioHostsIntersect(parsed.pattern, host);
  });
}

/** Whether two Istio host patterns can match one name (`*` matches any). */
function istioHostsIntersect(a: string, b: string): boolean {
  if (a === '*' || b === '*') return true;
  return hostnamesIntersect(a, b);
}
