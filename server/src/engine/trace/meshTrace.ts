/**
 * The client's Istio proxy in a trace (a sidecar's outbound Envoy, or an ingress gateway's): the route taken to a
 * destination, the split drawn, the subset's pods, the endpoint picked, how the connection is protected; Envoy
 * connects to the pod itself. The server's side is meshInbound.ts; NetworkPolicy still applies between them.
 */
import { fnv1a } from '../hash';
import { matchesLabelMap } from '../labels';
import type { ProxyServicePort } from '../kubeProxy/servicePorts';
import { describeEntry, meshHost, serviceEntryFor } from '../mesh/hosts';
import { hasIstioSidecar, istioPrincipal } from '../mesh/identity';
import { meshRulesOf } from '../mesh/rules';
import { egressAdmits, outboundPolicy, sidecarOf, visibleServiceEntry } from '../mesh/sidecarScope';
import { upstreamTls } from '../mesh/upstreamTls';
import type { DestinationRule, MeshHTTPRoute } from '../objects';
import { podAtAddress } from '../references';
import { refTo } from '../snapshot/sourceRef';
import type { SimNode, SimPod, SimService, SourceRef } from '../snapshot/types';
import type { ResolvedSource } from './locate';
import { carriesHttp, httpSettings, meshRequest, routeActions, sidecarRouting, type Routing } from './meshRouting';
import type { TraceBuilder } from './traceBuilder';
import type { EndpointChoice, Packet, Trace } from './types';

/**
 * The client's sidecar takes a connection to a Service: the VirtualService bound to the mesh for that host picks
 * a route and a destination (subset resolved through the DestinationRule's labels to pods); without one, Envoy
 * balances over the Service's endpoints. Envoy connects to the pod itself: kube-proxy's DNAT is not used.
 */
export function throughOutboundSidecar(trace: TraceBuilder, source: ResolvedSource, packet: Packet, entry: ProxyServicePort, node: SimNode, deliver: DeliverUpstream): Trace {
  const client = source.pod!;
  const http = carriesHttp(trace, entry.port);
  const proxy: MeshProxy = { component: 'sidecar', title: `Envoy sidecar of ${client.namespace}/${client.name} (outbound)`, node: node.name, pod: client };
  return toRouteDestination(trace, proxy, packet, { ip: packet.src, port: packet.srcPort }, sidecarRouting(trace, client, entry.service, http), http, entry, deliver);
}

/**
 * A connection from a pod with a sidecar to an address outside the cluster: Envoy captures it too. A ServiceEntry
 * the pod's Sidecar lets it see declares the host, or the outboundTrafficPolicy decides: ALLOW_ANY sends it on as
 * it is (PassthroughCluster), REGISTRY_ONLY drops it (BlackHoleCluster), and the trace ends there.
 */
export function passThroughSidecar(trace: TraceBuilder, source: ResolvedSource, packet: Packet): Trace | undefined {
  const client = source.pod!;
  const host = trace.request.to.host;
  const sidecar = sidecarOf(trace.snapshot, client);
  const declared = serviceEntryFor(trace.snapshot, host);
  const entry = visibleServiceEntry(trace.snapshot, sidecar, host, packet.dstPort);
  const title = `Envoy sidecar of ${client.namespace}/${client.name} (outbound)`;
  const place = { component: 'sidecar' as const, ...(source.node && { node: source.node.name }), title, before: packet };
  if (entry) {
    trace.hop({ ...place, decision: `${host} is declared by ServiceEntry ${entry.id.namespace}/${entry.id.name} (${describeEntry(entry)}): Envoy sends the connection out through the entry's cluster.`, refs: [refTo(entry)] });
    return undefined;
  }
  const policy = outboundPolicy(sidecar);
  const by = sidecar?.spec?.outboundTrafficPolicy?.mode ? `Sidecar ${sidecar.id.namespace}/${sidecar.id.name}'s outboundTrafficPolicy ${policy}` : `Istio's default outboundTrafficPolicy ${policy}`;
  const unknown = `${host === packet.dst ? packet.dst : `${host} (${packet.dst})`}:${packet.dstPort} is in no Service or ServiceEntry${declared ? ` the pod's Sidecar ${sidecar!.id.namespace}/${sidecar!.id.name} lets it see` : ''}`;
  const refs = sidecar ? [refTo(sidecar, sidecar.spec?.outboundTrafficPolicy?.span)] : [];
  if (policy === 'REGISTRY_ONLY') {
    trace.hop({ ...place, decision: `${unknown}, and ${by} drops what the registry does not know (BlackHoleCluster): the connection is closed (502 for HTTP).`, refs });
    trace.envoyStatus = 502;
    return trace.finish({ kind: 'denied', summary: `${by} drops ${host}:${packet.dstPort}, which no ServiceEntry declares: the connection is closed` });
  }
  trace.hop({
    ...place,
    decision: `${unknown}: Envoy sends the connection on unchanged (PassthroughCluster), as ${by} allows.`,
    details: sidecar?.spec?.outboundTrafficPolicy?.mode ? [] : ['with outboundTrafficPolicy REGISTRY_ONLY (a Sidecar, or the mesh configuration) Envoy would refuse it (BlackHoleCluster) until a ServiceEntry declares the host'],
    refs,
  });
  return undefined;
}

/**
 * A Service the pod's Sidecar egress does not list: Envoy has no route for it. ALLOW_ANY passes the connection on
 * to the address unrouted (`passOn`: kube-proxy, plaintext, no VirtualService); REGISTRY_ONLY drops it. Undefined
 * when the Sidecar lists the Service (or there is none): the sidecar routes it.
 */
export function outsideSidecarEgress(trace: TraceBuilder, source: ResolvedSource, packet: Packet, service: SimService, passOn: () => Trace): Trace | undefined {
  const client = source.pod!;
  const sidecar = sidecarOf(trace.snapshot, client);
  const host = `${service.name}.${service.namespace}.svc.${trace.snapshot.profile.clusterDomain}`;
  if (!sidecar || egressAdmits(sidecar, service.namespace, host, packet.dstPort)) return undefined;
  const policy = outboundPolicy(sidecar);
  const name = `Sidecar ${sidecar.id.namespace}/${sidecar.id.name}`;
  const listed = (sidecar.spec?.egress?.value ?? []).flatMap((listener) => listener.hosts?.value.map((entry) => entry.value) ?? []);
  const place = { component: 'sidecar' as const, ...(source.node && { node: source.node.name }), title: `Envoy sidecar of ${client.namespace}/${client.name} (outbound)`, before: packet, details: [`egress hosts: ${listed.join(', ') || 'none'}`], refs: [refTo(sidecar, sidecar.spec?.egress?.span)] };
  if (policy === 'REGISTRY_ONLY') {
    trace.hop({ ...place, decision: `${name}'s egress does not list ${service.namespace}/${host}, and its outboundTrafficPolicy REGISTRY_ONLY drops what the sidecar has no route for (BlackHoleCluster): the connection is closed (502 for HTTP).` });
    trace.envoyStatus = 502;
    return trace.finish({ kind: 'denied', summary: `${name} does not let the sidecar reach ${service.namespace}/${service.name} (REGISTRY_ONLY): the connection is closed` });
  }
  trace.hop({ ...place, decision: `${name}'s egress does not list ${service.namespace}/${host}: Envoy has no route for it and, as outboundTrafficPolicy ALLOW_ANY allows, sends the connection on to ${packet.dst}:${packet.dstPort} unchanged (PassthroughCluster): no VirtualService applies and it leaves in plaintext.` });
  return passOn();
}

/** Hands the proxy's connection on to the pod it picked, saying whether it carries Istio mTLS. */
export type DeliverUpstream = (packet: Packet, pod: SimPod, istioMtls: boolean) => Trace;

/** The Envoy that routes: a pod's sidecar, or an ingress gateway. */
export interface MeshProxy {
  readonly component: 'sidecar' | 'gateway';
  readonly title: string;
  readonly node: string | undefined;
  readonly pod: SimPod;
}

/**
 * The route taken (or, without a VirtualService, the Service the client named, or the backend `chosenBy` an
 * HTTPRoute's rule chose) to one pod: the weighted split drawn, the subset resolved through the DestinationRule's
 * labels, an endpoint picked; the proxy opens the connection to the pod from `from`, over mTLS when the pod has a sidecar.
 */
export function toRouteDestination(
  trace: TraceBuilder,
  proxy: MeshProxy,
  packet: Packet,
  from: { readonly ip: string; readonly port: number },
  routing: Routing | undefined,
  http: boolean,
  named: ProxyServicePort | undefined,
  deliver: DeliverUpstream,
  chosenBy?: string,
): Trace {
  const { snapshot } = trace;
  const { title, component } = proxy;
  const node = proxy.node;
  const hop = (fields: { decision: string; details?: string[]; after?: Packet; alternatives?: EndpointChoice[] }) => trace.hop({ component, ...(node && { node }), title, before: packet, refs, ...fields });
  const refs: SourceRef[] = routing ? [routing.ref] : [];
  if (routing && !routing.route) {
    const services = (routing.merged ?? [routing.service]).map((service) => `${service.id.namespace}/${service.id.name}`);
    const named = services.length === 1 ? `VirtualService ${services[0]}` : `VirtualServices ${services.join(', ')} (merged)`;
    hop({ decision: `${named} ${services.length === 1 ? 'has' : 'have'} no route that matches ${meshRequest(trace).method} ${meshRequest(trace).path}: Envoy answers 404 (NR).`, details: routing.unmatched });
    return trace.finish({ kind: 'no-route', summary: `no route of ${named} matches the request: 404` });
  }
  const actions = http && routing?.route ? routeActions(trace, routing, routing.route as MeshHTTPRoute, packet) : { details: [] };
  if (actions.answer) {
    hop({ decision: `VirtualService ${routing!.service.id.namespace}/${routing!.service.id.name}, ${routing!.description}: ${actions.answer.decision}`, details: actions.details });
    return trace.finish(actions.answer.verdict);
  }
  const destinations = routing?.route?.route?.value ?? [];
  const weights = destinations.map((destination) => destination.weight?.value ?? (destinations.length === 1 ? 100 : 0));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const service = named?.service;
  const roll = total > 0 ? fnv1a(`${packet.src}:${packet.srcPort}->${service ? `${service.namespace}/${service.name}` : routing?.service.id.name}`) % total : 0;
  let chosenIndex = 0;
  for (let cumulative = 0; chosenIndex < weights.length && roll >= cumulative + weights[chosenIndex]!; chosenIndex++) cumulative += weights[chosenIndex]!;
  const destination = destinations[chosenIndex]?.destination;
  const target = destination?.host ? meshHost(destination.host.value, routing!.service.id.namespace ?? 'default', snapshot) : undefined;
  if (target && target.kind !== 'service') {
    const host = destination!.host!.value;
    const entry = target.kind === 'external' ? target.entry : undefined;
    if (!entry) {
      hop({ decision: `The route sends the request to ${host}, which is neither a Service nor a ServiceEntry host: Envoy has no cluster for it and answers 503 (NC).` });
      return trace.finish({ kind: 'no-endpoints', summary: `the route's destination ${host} is in no Service or ServiceEntry: 503` });
    }
    refs.push(refTo(entry));
    hop({ decision: `The route sends the request to ${host}, declared by ServiceEntry ${entry.id.namespace}/${entry.id.name} (${describeEntry(entry)}): Envoy sends it out of the mesh.`, details: httpSettings(routing, http) });
    return trace.finish({ kind: 'leaves-cluster', summary: `the route sends the request to ${host} (ServiceEntry ${entry.id.namespace}/${entry.id.name}), outside the cluster` });
  }
  const targetService = target ? target.service : service;
  if (!targetService) {
    hop({ decision: `The route sends the request to ${destination?.host?.value ?? 'no destination'}, which is no Service of the workspace: Envoy answers 503 (no healthy upstream).` });
    return trace.finish({ kind: 'no-endpoints', summary: `the route's destination ${destination?.host?.value ?? '(none)'} is no Service: 503` });
  }
  const subset = destination?.subset?.value;
  trace.meshBackend = { namespace: targetService.namespace, service: targetService.name, port: destination?.port?.number?.value ?? (targetService === service ? named!.port.port : targetService.ports[0]?.port) };
  const subsetLabels = subset === undefined ? undefined : subsetLabelsFor(trace, targetService, subset);
  const sameService = targetService === service;
  const port = destination?.port?.number?.value ?? (sameService ? named!.port.port : targetService.ports[0]?.port);
  const endpoints = (sameService ? named!.endpoints : endpointsOf(trace, targetService, port)).map((endpoint) => ({ endpoint, pod: podAtAddress(endpoint.ip, snapshot) }));
  const candidates = subsetLabels ? endpoints.filter(({ pod }) => pod && matchesLabelMap(subsetLabels.labels, pod.labels)) : endpoints;
  const details = [
    ...(routing || chosenBy || !service ? [] : [`no VirtualService is bound to the mesh for ${service.namespace}/${service.name}: Envoy balances over its endpoints`]),
    ...balancing(trace, targetService),
    ...(destinations.length > 1 ? [`split: ${destinations.map((candidate, index) => `${candidate.destination?.host?.value ?? '?'}${candidate.destination?.subset ? ` ${candidate.destination.subset.value}` : ''} ${weights[index]}%`).join(', ')}; this connection drew ${destination?.host?.value}${subset ? ` ${subset}` : ''}`] : []),
    ...(subsetLabels ? [`subset ${subset}: ${Object.entries(subsetLabels.labels).map(([key, value]) => `${key}=${value}`).join(', ')} (DestinationRule ${subsetLabels.rule.id.namespace}/${subsetLabels.rule.id.name})`] : []),
    ...actions.details,
    ...httpSettings(routing, http),
  ];
  if (subset !== undefined && !subsetLabels) {
    hop({ decision: `The route sends the request to subset ${subset} of ${targetService.namespace}/${targetService.name}, which no DestinationRule defines: Envoy answers 503 (NR, no healthy upstream).`, details });
    return trace.finish({ kind: 'no-endpoints', summary: `subset ${subset} of ${targetService.namespace}/${targetService.name} is not defined: 503` });
  }
  if (subsetLabels) refs.push(subsetLabels.ref);
  if (candidates.length === 0) {
    hop({ decision: `${targetService.namespace}/${targetService.name}${subset ? ` subset ${subset}` : ''} has no ready endpoint: Envoy answers 503 (no healthy upstream).`, details });
    return trace.finish({ kind: 'no-endpoints', summary: `${targetService.namespace}/${targetService.name}${subset ? ` subset ${subset}` : ''} has no endpoint: 503` });
  }
  const pick = fnv1a(`${packet.src}:${packet.srcPort}`) % candidates.length;
  const chosen = candidates[pick]!;
  const share = (weights[chosenIndex] ?? 100) / (total || 100);
  const alternatives: EndpointChoice[] = candidates.map(({ endpoint }, index) => ({ address: endpoint.address, ...(endpoint.pod && { pod: endpoint.pod }), ...(endpoint.nodeName && { node: endpoint.nodeName }), probability: share / candidates.length, chosen: index === pick }));
  const tls = upstreamTls(trace.snapshot, targetService, hasIstioSidecar(trace.snapshot, chosen.pod));
  if (tls.ref) refs.push(tls.ref);
  const after: Packet = { protocol: packet.protocol, src: from.ip, srcPort: from.port, dst: chosen.endpoint.ip, dstPort: chosen.endpoint.port };
  const to = `${routing ? `VirtualService ${routing.service.id.namespace}/${routing.service.id.name}, ${routing.description}` : (chosenBy ?? 'No VirtualService')}: to ${targetService.namespace}/${targetService.name}${subset ? ` subset ${subset}` : ''}, pod ${chosen.endpoint.pod ?? chosen.endpoint.address}`;
  if (tls.fails) {
    hop({ decision: `${to}; ${tls.text}: the handshake fails and Envoy answers 503 (UF, upstream connect error).`, details, alternatives });
    return trace.finish({ kind: 'no-endpoints', summary: `${tls.text}: 503` });
  }
  hop({
    decision: `${to}; Envoy connects to ${chosen.endpoint.address} itself (no kube-proxy DNAT), ${tls.text}.`,
    after,
    details: [...details, tls.istioMtls ? `client identity: ${istioPrincipal(trace.snapshot, proxy.pod)}` : 'no Istio mTLS: the server sees no client identity'],
    alternatives,
  });
  if (!chosen.pod) return trace.finish({ kind: 'leaves-cluster', summary: `the endpoint ${chosen.endpoint.address} is not a pod of the workspace` });
  return deliver(after, chosen.pod, tls.istioMtls);
}

/** How Envoy spreads requests over a Service's pods, and what else its DestinationRules set that depends on load. */
function balancing(trace: TraceBuilder, service: SimService): string[] {
  const rules = meshRulesOf(service, trace.snapshot).destinationRules;
  const ruleName = (rule: DestinationRule) => `DestinationRule ${rule.id.namespace}/${rule.id.name}`;
  const balancer = rules.find((rule) => rule.spec?.trafficPolicy?.loadBalancer);
  const setting = balancer?.spec?.trafficPolicy?.loadBalancer;
  const hash = setting?.consistentHash;
  const key = hash?.httpHeaderName ? `the header ${hash.httpHeaderName.value}` : hash?.httpCookie?.name ? `the cookie ${hash.httpCookie.name.value}` : hash?.useSourceIp?.value ? 'the client address' : undefined;
  const how = !balancer ? "load balancing: LEAST_REQUEST (Istio's default)" : key ? `load balancing: consistent hash on ${key} (${ruleName(balancer)}): the same value reaches the same pod` : `load balancing: ${setting?.simple?.value ?? 'LEAST_REQUEST'} (${ruleName(balancer)})`;
  const limits = rules.filter((rule) => rule.spec?.trafficPolicy?.connectionPool || rule.spec?.trafficPolicy?.outlierDetection);
  return [how, ...limits.map((rule) => `${ruleName(rule)} sets ${[rule.spec?.trafficPolicy?.connectionPool && 'connection limits', rule.spec?.trafficPolicy?.outlierDetection && 'outlier ejection'].filter(Boolean).join(' and ')}: under load or after errors Envoy may refuse requests (503 UO) or skip pods; the trace assumes neither`)];
}

/** The labels of a subset, from the DestinationRules whose host is the Service. */
function subsetLabelsFor(trace: TraceBuilder, service: SimService, subset: string) {
  for (const rule of meshRulesOf(service, trace.snapshot).destinationRules) {
    const found = rule.spec?.subsets?.value.find((candidate) => candidate.name?.value === subset);
    if (found) return { labels: found.labels?.value ?? {}, rule, ref: refTo(rule, found.span, `subset ${subset}`) };
  }
  return undefined;
}

/** A Service's ready endpoints for one of its ports, as Envoy learns them. */
function endpointsOf(trace: TraceBuilder, service: SimService, port: number | undefined) {
  const servicePort = service.ports.find((candidate) => candidate.port === port) ?? service.ports[0];
  const entry = trace.snapshot.endpoints.get(`${service.namespace}/${service.name}`);
  return (entry?.endpoints ?? [])
    .filter((endpoint) => endpoint.ready && servicePort && endpoint.ports[servicePort.name] !== undefined)
    .map((endpoint) => ({ ip: endpoint.ip, port: endpoint.ports[servicePort!.name]!, address: `${endpoint.ip}:${endpoint.ports[servicePort!.name]!}`, ...(endpoint.pod && { pod: endpoint.pod }), ...(endpoint.nodeName && { nodeName: endpoint.nodeName }) }));
}

