/**
 * Istio's ingress gateway: an Envoy that the Istio Gateways selecting its pod configure. The server listening on the
 * port the connection arrived at (after the Service's DNAT: 80 becomes 8080 in Istio's default install) must take the host;
 * a VirtualService bound to the Gateway routes the request; the gateway opens its own connection to a pod of the
 * destination, over mTLS when that pod has a sidecar.
 */
import { fnv1a } from '../hash';
import { meshGatewaysOf, namesGateway, serverListenPorts, serverTakes, virtualServicesFor } from '../mesh/ingressGateway';
import { HTTP_PROTOCOLS } from '../mesh/protocols';
import type { MeshGateway } from '../objects';
import { requestHostname } from '../routing/hostnames';
import { refTo } from '../snapshot/sourceRef';
import { ISTIO_INGRESS_GATEWAY } from '../snapshot/standIns';
import type { SimPod, SourceRef } from '../snapshot/types';
import { gatewayRouting } from './meshRouting';
import { toRouteDestination, type DeliverUpstream } from './meshTrace';
import type { TraceBuilder } from './traceBuilder';
import type { Packet, Trace } from './types';

/** What the stand-in is, said on every trace through it: istioctl's default gateway, or a release of the istio/gateway chart. */
function standInNote(pod: SimPod): string {
  if (pod.namespace === ISTIO_INGRESS_GATEWAY.namespace && pod.workload.name === ISTIO_INGRESS_GATEWAY.name) {
    return "the Istio ingress gateway's pods are not in the workspace: a stand-in laid out as Istio's default install (istio-system/istio-ingressgateway, labels app=istio-ingressgateway and istio=ingressgateway, a LoadBalancer sending 80 to 8080 and 443 to 8443) takes their place";
  }
  const release = pod.workload.name;
  return `the Istio gateway's pods are not in the workspace: a stand-in laid out as the istio/gateway Helm chart installs release ${release} (${pod.namespace}/${release}, labels app=${pod.labels['app']} and istio=${pod.labels['istio']}, a LoadBalancer sending 80 and 443 to the same pod ports) takes their place`;
}

export function throughMeshGateway(trace: TraceBuilder, pod: SimPod, arrived: Packet, deliver: DeliverUpstream): Trace {
  const { snapshot, request } = trace;
  if (!pod.source) trace.notes.push(standInNote(pod));
  const host = requestHostname(request.to.host) ?? '';
  const title = `Istio ingress gateway ${pod.namespace}/${pod.name}`;
  const hop = (decision: string, details: string[], refs: SourceRef[]) => trace.hop({ component: 'gateway', ...(pod.node && { node: pod.node }), title, decision, before: arrived, details, refs });
  const gateways = meshGatewaysOf(snapshot, pod);
  const names = describe(gateways);
  const listensOn = serverListenPorts(snapshot, pod);
  const servers = gateways.flatMap((gateway) => (gateway.spec?.servers?.value ?? []).filter((server) => server.port?.number && listensOn(server.port.number.value).includes(arrived.dstPort)).map((server) => ({ gateway, server })));
  if (servers.length === 0) {
    const ports = [...new Set(gateways.flatMap((gateway) => (gateway.spec?.servers?.value ?? []).flatMap((server) => (server.port?.number ? [server.port.number.value] : []))))];
    hop(`No server of ${names} is on port ${arrived.dstPort}: the gateway has no listener there and refuses the connection.`, [ports.length === 0 ? 'no server has a port' : `servers are on ${ports.length === 1 ? 'port' : 'ports'} ${ports.join(', ')}`], gateways.map((gateway) => refTo(gateway)));
    return trace.finish({ kind: 'not-listening', summary: `no server of ${names} is on port ${arrived.dstPort} of the Istio ingress gateway` });
  }
  const taken = servers.find(({ gateway, server }) => serverTakes(server, gateway, host));
  if (!taken) {
    const hosts = servers.flatMap(({ server }) => server.hosts?.value.map((entry) => entry.value) ?? []);
    hop(`The servers on port ${arrived.dstPort} take ${hosts.join(', ') || 'no host'}, not ${host}: Envoy answers 404 (NR).`, [], servers.map(({ gateway, server }) => refTo(gateway, server.span, 'server')));
    return trace.finish({ kind: 'no-route', summary: `no server of ${names} on port ${arrived.dstPort} takes ${host}: 404` });
  }
  const { gateway, server } = taken;
  const serverRef = refTo(gateway, server.span, 'server');
  const protocol = (server.port?.protocol?.value ?? 'HTTP').toUpperCase();
  const tlsMode = server.tls?.mode?.value?.toUpperCase();
  const serverName = server.port?.name ? ` ${server.port.name.value}` : '';
  const serverPort = server.port?.number?.value;
  const serverText = `Gateway ${gateway.id.namespace}/${gateway.id.name}, server${serverName} (${protocol} ${serverPort}${serverPort === arrived.dstPort ? '' : `, listening on ${arrived.dstPort}`})`;
  const passthrough = protocol === 'TLS' || tlsMode === 'PASSTHROUGH';
  const plainHttp = HTTP_PROTOCOLS.has(protocol.toLowerCase());
  if (passthrough || !(plainHttp || protocol === 'HTTPS' || protocol === 'TCP')) {
    const what = passthrough ? 'passes TLS through' : `speaks ${protocol}`;
    hop(`${serverText} takes ${host}, but ${passthrough ? "passes TLS through by SNI to a VirtualService's tls routes" : `speaks ${protocol}`}, which Kubetrace does not follow.`, [], [serverRef]);
    return trace.finish({ kind: 'not-traced', summary: `${serverText} ${what}: Kubetrace follows HTTP, HTTPS (terminated) and TCP servers of Istio gateways` });
  }
  // The client's first bytes must be what the server expects: a TLS handshake for HTTPS, a request for HTTP.
  const scheme = request.to.scheme;
  if ((protocol === 'HTTPS' && scheme === 'http') || (plainHttp && scheme === 'https')) {
    const expects = protocol === 'HTTPS' ? `TLS (mode ${tlsMode ?? 'SIMPLE'}) and the client speaks plain HTTP` : 'plain HTTP and the client starts a TLS handshake';
    hop(`${serverText} expects ${expects}: the connection fails.`, [], [serverRef]);
    return trace.finish({ kind: 'no-route', summary: `${serverText} expects ${protocol === 'HTTPS' ? 'TLS; a plain HTTP request fails' : 'plain HTTP; an HTTPS request fails'}` });
  }
  const http = protocol !== 'TCP';
  const bound = virtualServicesFor(snapshot, gateway, server, host);
  if (bound.length === 0) {
    hop(`${serverText} takes ${host}, but no VirtualService bound to the Gateway lists it: Envoy answers 404 (NR).`, [], [serverRef]);
    return trace.finish({ kind: 'no-route', summary: `no VirtualService bound to Gateway ${gateway.id.namespace}/${gateway.id.name} routes ${host}: 404` });
  }
  const boundNames = bound.map((service) => `${service.id.namespace}/${service.id.name}`);
  const routing = gatewayRouting(trace, bound, pod, http, (entry, service) => namesGateway(entry, service, gateway));
  if (!routing) {
    const which = boundNames.length === 1 ? `VirtualService ${boundNames[0]} has` : `none of VirtualServices ${boundNames.join(', ')} has`;
    hop(`${serverText} takes the connection, and ${which} a TCP route: the connection is closed.`, [], [serverRef, ...bound.map((service) => refTo(service))]);
    return trace.finish({ kind: 'no-route', summary: `${boundNames.length === 1 ? `VirtualService ${boundNames[0]} has` : `no VirtualService of ${boundNames.join(', ')} has`} a TCP route for the gateway` });
  }
  const service = routing.service;
  hop(
    `${serverText} takes ${host}${protocol === 'HTTPS' ? `, terminating TLS (mode ${tlsMode ?? 'SIMPLE'})` : ''}; VirtualService ${service.id.namespace}/${service.id.name} routes it.`,
    bound.length > 1 ? [`${bound.length} VirtualServices bound to the Gateway make the virtual host for ${host}: Istio merges their ${http ? 'routes in this order, catch-all routes last' : 'TCP routes, the first one taking the connection'}: ${boundNames.join(', ')}`] : [],
    [serverRef, ...bound.map((candidate) => refTo(candidate))],
  );
  const proxy = { component: 'gateway' as const, title: `${title} → upstream`, node: pod.node, pod };
  const from = { ip: pod.ips[0]!, port: 40000 + (fnv1a(`${pod.name}:${arrived.src}:${arrived.srcPort}`) % 20000) };
  return toRouteDestination(trace, proxy, arrived, from, routing, http, undefined, deliver);
}

function describe(gateways: readonly MeshGateway[]): string {
  return gateways.length === 0 ? 'no Istio Gateway' : gateways.map((gateway) => `Gateway ${gateway.id.namespace}/${gateway.id.name}`).join(', ');
}
