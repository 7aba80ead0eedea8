/**
 * The Istio sidecars in a trace: the client's Envoy (outbound) takes a connection to a Service and routes it by
 * the VirtualService (match, weights, subset, timeout, retries) straight to a pod, over mTLS when that pod has a
 * sidecar too; the server's Envoy (inbound) enforces the PeerAuthentication mode and the AuthorizationPolicies.
 * NetworkPolicy still applies underneath, between the two pods.
 */
import { fnv1a } from '../hash';
import { matchesLabelMap } from '../labels';
import type { ProxyServicePort } from '../kubeProxy/servicePorts';
import { describeEntry, meshHost, serviceEntryFor } from '../mesh/hosts';
import { meshGatewaysOf } from '../mesh/ingressGateway';
import { ISTIO_INGRESS_GATEWAY } from '../snapshot/standIns';
import { HTTP_PROTOCOLS, namedProtocol } from '../mesh/protocols';
import { meshRulesOf } from '../mesh/rules';
import { podMesh, serviceAccountOf } from '../mesh/injection';
import { appliesTo, readsJwt, ruleMatches, type AuthorizationRequest } from '../mesh/authorization';
import { effectiveMtls } from '../mesh/mtls';
import type { AuthorizationPolicy, DestinationRule, HTTPMatchRequest, MeshHTTPRoute, MeshTCPRoute, StringMatch, VirtualService } from '../objects';
import { objectsOfType, podsWithIp } from '../snapshot/indexes';
import { refTo } from '../snapshot/sourceRef';
import type { SimNode, SimPod, SimService, SimServicePort, SourceRef } from '../snapshot/types';
import type { ResolvedSource } from './locate';
import type { TraceBuilder } from './traceBuilder';
import type { EndpointChoice, Packet, Trace, TraceVerdict } from './types';

/** Istio's default retry policy for HTTP routes that set none. */
const DEFAULT_RETRIES = 'retries: 2 attempts (Istio\'s default) on connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes';

/** Whether a pod has an Istio sidecar. */
export function hasIstioSidecar(trace: TraceBuilder, pod: SimPod | undefined): boolean {
  return pod !== undefined && !pod.hostNetwork && podMesh(trace.snapshot, pod) === 'istio';
}

/** The request's attributes a route can match on. */
function requestOf(trace: TraceBuilder) {
  const to = trace.request.to;
  return { path: trace.rewrittenPath ?? (to.path || '/'), method: (to.method ?? 'GET').toUpperCase(), headers: Object.fromEntries(Object.entries(to.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])), authority: to.host };
}

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
 * A connection from a pod with a sidecar to an address outside the cluster: Envoy captures it too, and with no
 * Service for it (ServiceEntries are not read) sends it on as it is.
 */
export function passThroughSidecar(trace: TraceBuilder, source: ResolvedSource, packet: Packet): void {
  const client = source.pod!;
  const host = trace.request.to.host;
  const entry = serviceEntryFor(trace.snapshot, host);
  const title = `Envoy sidecar of ${client.namespace}/${client.name} (outbound)`;
  const place = { component: 'sidecar' as const, ...(source.node && { node: source.node.name }), title, before: packet };
  if (entry) {
    trace.hop({ ...place, decision: `${host} is declared by ServiceEntry ${entry.id.namespace}/${entry.id.name} (${describeEntry(entry)}): Envoy sends the connection out through the entry's cluster.`, refs: [refTo(entry)] });
    return;
  }
  trace.hop({
    ...place,
    decision: `${host === packet.dst ? packet.dst : `${host} (${packet.dst})`}:${packet.dstPort} is in no Service or ServiceEntry: Envoy sends the connection on unchanged (PassthroughCluster), as Istio's default outboundTrafficPolicy ALLOW_ANY allows.`,
    details: ['with outboundTrafficPolicy REGISTRY_ONLY (mesh configuration, not in the manifests) Envoy would refuse it (BlackHoleCluster) until a ServiceEntry declares the host'],
    refs: [],
  });
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
 * The route taken (or, without a VirtualService, the Service the client named) to one pod: the weighted split drawn,
 * the subset resolved through the DestinationRule's labels, an endpoint picked; the proxy opens the connection
 * to the pod from `from`, over mTLS when the pod has a sidecar.
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
): Trace {
  const { snapshot } = trace;
  const { title, component } = proxy;
  const node = proxy.node;
  const hop = (fields: { decision: string; details?: string[]; after?: Packet; alternatives?: EndpointChoice[] }) => trace.hop({ component, ...(node && { node }), title, before: packet, refs, ...fields });
  const refs: SourceRef[] = routing ? [routing.ref] : [];
  if (routing && !routing.route) {
    hop({ decision: `VirtualService ${routing.service.id.namespace}/${routing.service.id.name} has no route that matches ${requestOf(trace).method} ${requestOf(trace).path}: Envoy answers 404 (NR).`, details: routing.unmatched });
    return trace.finish({ kind: 'no-route', summary: `no route of VirtualService ${routing.service.id.namespace}/${routing.service.id.name} matches the request: 404` });
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
  const subsetLabels = subset === undefined ? undefined : subsetLabelsFor(trace, targetService, subset);
  const sameService = targetService === service;
  const port = destination?.port?.number?.value ?? (sameService ? named!.port.port : targetService.ports[0]?.port);
  const endpoints = (sameService ? named!.endpoints : endpointsOf(trace, targetService, port)).map((endpoint) => ({ endpoint, pod: podsWithIp(snapshot, endpoint.ip).find((candidate) => !candidate.hostNetwork) }));
  const candidates = subsetLabels ? endpoints.filter(({ pod }) => pod && matchesLabelMap(subsetLabels.labels, pod.labels)) : endpoints;
  const details = [
    ...(routing || !service ? [] : [`no VirtualService is bound to the mesh for ${service.namespace}/${service.name}: Envoy balances over its endpoints`]),
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
  const tls = upstreamTls(trace, targetService, hasIstioSidecar(trace, chosen.pod));
  if (tls.ref) refs.push(tls.ref);
  const after: Packet = { protocol: packet.protocol, src: from.ip, srcPort: from.port, dst: chosen.endpoint.ip, dstPort: chosen.endpoint.port };
  const to = `${routing ? `VirtualService ${routing.service.id.namespace}/${routing.service.id.name}, ${routing.description}` : 'No VirtualService'}: to ${targetService.namespace}/${targetService.name}${subset ? ` subset ${subset}` : ''}, pod ${chosen.endpoint.pod ?? chosen.endpoint.address}`;
  if (tls.fails) {
    hop({ decision: `${to}; ${tls.text}: the handshake fails and Envoy answers 503 (UF, upstream connect error).`, details, alternatives });
    return trace.finish({ kind: 'no-endpoints', summary: `${tls.text}: 503` });
  }
  hop({
    decision: `${to}; Envoy connects to ${chosen.endpoint.address} itself (no kube-proxy DNAT), ${tls.text}.`,
    after,
    details: [...details, tls.istioMtls ? `client identity: ${principalOf(trace, proxy.pod)}` : 'no Istio mTLS: the server sees no client identity'],
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

/**
 * How the proxy protects the connection to a pod of a Service: a DestinationRule's `trafficPolicy.tls.mode` when
 * one sets it (ISTIO_MUTUAL, DISABLE, or TLS it originates itself: SIMPLE, MUTUAL), else auto mTLS (Istio mTLS
 * exactly when the pod has a sidecar). ISTIO_MUTUAL to a pod without a sidecar fails.
 */
function upstreamTls(trace: TraceBuilder, service: SimService, sidecar: boolean): { readonly istioMtls: boolean; readonly fails: boolean; readonly text: string; readonly ref?: SourceRef } {
  const rule = meshRulesOf(service, trace.snapshot).destinationRules.find((candidate) => candidate.spec?.trafficPolicy?.tls?.mode !== undefined);
  const mode = rule?.spec?.trafficPolicy?.tls?.mode;
  if (!rule || !mode) return sidecar ? { istioMtls: true, fails: false, text: 'over mTLS (auto mTLS: the pod has a sidecar)' } : { istioMtls: false, fails: false, text: 'in plaintext (the pod has no sidecar)' };
  const by = `DestinationRule ${rule.id.namespace}/${rule.id.name} sets tls mode ${mode.value}`;
  const ref = refTo(rule, mode.span, 'tls mode');
  switch (mode.value) {
    case 'ISTIO_MUTUAL':
      return sidecar ? { istioMtls: true, fails: false, text: `over mTLS (${by})`, ref } : { istioMtls: false, fails: true, text: `${by}, and the pod has no sidecar to answer it`, ref };
    case 'DISABLE':
      return { istioMtls: false, fails: false, text: `in plaintext (${by})`, ref };
    default:
      return { istioMtls: false, fails: false, text: `over TLS Envoy originates itself, not Istio mTLS (${by})`, ref };
  }
}

/** The VirtualService that routes a request and the route it takes (none: no route matched). */
export interface Routing {
  readonly service: VirtualService;
  readonly route: MeshHTTPRoute | MeshTCPRoute | undefined;
  /** The condition of the HTTP route that matched (none for a route without conditions). */
  readonly matched?: HTTPMatchRequest;
  readonly description: string;
  readonly unmatched: string[];
  readonly ref: SourceRef;
}

/**
 * What an HTTP route does besides choosing a destination. Envoy answers itself for a redirect, a fixed response or
 * an injected abort the request draws (the draw is fixed by the connection, as the split's is); a delay, a
 * rewrite (the server's sidecar sees the new path) and a mirror are noted.
 */
function routeActions(trace: TraceBuilder, routing: Routing, route: MeshHTTPRoute, packet: Packet): { readonly details: string[]; readonly answer?: { readonly decision: string; readonly verdict: TraceVerdict } } {
  const request = requestOf(trace);
  const draws = (percentage: number | undefined, what: string) => (fnv1a(`${packet.src}:${packet.srcPort}:${what}`) % 10_000) / 100 < (percentage ?? 100);
  const share = (percentage: number | undefined) => (percentage === undefined ? 'every request' : `${percentage}% of requests`);
  const where = `VirtualService ${routing.service.id.namespace}/${routing.service.id.name} ${routing.description.split(',')[0]}`;
  if (route.redirect) {
    const { redirect } = route;
    const status = redirect.redirectCode?.value ?? 301;
    const location = `${redirect.scheme?.value ?? trace.request.to.scheme ?? 'http'}://${redirect.authority?.value ?? request.authority}${redirect.uri?.value ?? request.path}`;
    return { details: [], answer: { decision: `the route redirects: Envoy answers ${status} with Location ${location}.`, verdict: { kind: 'delivered', summary: `Envoy answers ${status}, redirecting to ${location} (${where})` } } };
  }
  if (route.directResponse) {
    const status = route.directResponse.status?.value ?? 200;
    return { details: [], answer: { decision: `the route answers itself: Envoy returns ${status} without calling any pod.`, verdict: { kind: status >= 400 ? 'http-error' : 'delivered', summary: `Envoy answers ${status} itself (${where}, directResponse)` } } };
  }
  const details: string[] = [];
  const abort = route.fault?.abort;
  if (abort) {
    const status = abort.httpStatus?.value ?? 500;
    const percentage = abort.percentage?.value?.value;
    if (draws(percentage, 'abort')) {
      return { details, answer: { decision: `fault injection aborts ${share(percentage)} with ${status}, and this one drew it: Envoy answers ${status} without calling any pod.`, verdict: { kind: 'http-error', summary: `fault injection: Envoy answers ${status} (${where} aborts ${share(percentage)})` } } };
    }
    details.push(`fault injection aborts ${share(percentage)} with ${status}; this one did not draw it`);
  }
  const delay = route.fault?.delay;
  if (delay) {
    const percentage = delay.percentage?.value?.value;
    details.push(`fault injection delays ${share(percentage)} by ${delay.fixedDelay?.value ?? '?'}; this one ${draws(percentage, 'delay') ? 'drew it: a client with a shorter timeout gives up first' : 'did not'}`);
  }
  if (route.rewrite?.uri) {
    const prefix = routing.matched?.uri?.prefix?.value;
    const path = prefix !== undefined && request.path.startsWith(prefix) ? route.rewrite.uri.value + request.path.slice(prefix.length) : route.rewrite.uri.value;
    details.push(`rewrite: the path goes on as ${path}`);
    trace.rewrittenPath = path;
  }
  if (route.rewrite?.authority) details.push(`rewrite: the Host header goes on as ${route.rewrite.authority.value}`);
  if (route.mirror?.host) details.push(`mirror: a copy goes to ${route.mirror.host.value}${route.mirror.subset ? ` ${route.mirror.subset.value}` : ''}, its answer dropped`);
  return { details };
}

/** The timeout and retries of the HTTP route taken (or Istio's defaults); a TCP connection has neither. */
function httpSettings(routing: Routing | undefined, http: boolean): string[] {
  if (!http) return ['TCP: timeouts and retries are HTTP settings and do not apply'];
  const route = routing?.route as MeshHTTPRoute | undefined;
  return [
    route?.timeout ? `timeout: ${route.timeout.value}` : 'timeout: none set (Istio sets no HTTP timeout by default)',
    route?.retries ? `retries: ${route.retries.attempts?.value ?? 2} attempts${route.retries.perTryTimeout ? `, ${route.retries.perTryTimeout.value} each` : ''}${route.retries.retryOn ? ` on ${route.retries.retryOn.value}` : ''}` : DEFAULT_RETRIES,
  ];
}

/**
 * Whether Envoy treats a Service port as HTTP: by its name (`http`, `http2`, `grpc`, with a suffix) or appProtocol,
 * and for a port that says neither, by sniffing what the client sends (the trace's scheme).
 */
function carriesHttp(trace: TraceBuilder, port: SimServicePort): boolean {
  const declared = port.appProtocol ?? namedProtocol(port.name);
  if (declared !== undefined) return HTTP_PROTOCOLS.has(declared);
  return trace.request.to.scheme === 'http';
}

/** The VirtualService bound to the mesh for a Service, and the route the connection takes. */
function sidecarRouting(trace: TraceBuilder, client: SimPod, service: SimService, http: boolean): Routing | undefined {
  const bound = meshRulesOf(service, trace.snapshot).routedBy.find((candidate) => {
    const gateways = candidate.spec?.gateways?.value ?? [];
    return gateways.length === 0 || gateways.some((gateway) => gateway.value === 'mesh');
  });
  return bound && routeOf(trace, bound, client, http, (gateway) => gateway === 'mesh');
}

/**
 * The route of a VirtualService a connection takes: its first HTTP route whose match (one of them) fits the
 * request, or for TCP its first TCP route. `boundTo` says whether a match's `gateways` entry names where the
 * request is routed (`mesh` for a sidecar, the Gateway for an ingress gateway).
 */
export function routeOf(trace: TraceBuilder, bound: VirtualService, client: SimPod, http: boolean, boundTo: (gateway: string) => boolean): Routing | undefined {
  if (!http) {
    // TCP: no request to match, the first TCP route takes the connection; without one the VirtualService does not apply.
    const tcp = bound.spec?.tcp?.value[0];
    return tcp ? { service: bound, route: tcp, description: 'TCP route 1 (the port is not HTTP)', unmatched: [], ref: refTo(bound, tcp.span, 'tcp route 1') } : undefined;
  }
  const request = requestOf(trace);
  const unmatched: string[] = [];
  const routes = bound.spec?.http?.value ?? [];
  for (const [index, route] of routes.entries()) {
    const matches = route.match?.value ?? [];
    const matched = matches.length === 0 ? undefined : matches.find((match) => matchesRequest(match, request, client, trace.request.to.port, boundTo));
    if (matches.length === 0 || matched) {
      const name = route.name ? ` (${route.name.value})` : '';
      const why = matched ? `matched ${describeMatch(matched)}` : 'no match conditions: it takes every request';
      return { service: bound, route, ...(matched && { matched }), description: `route ${index + 1}${name}, ${why}`, unmatched, ref: refTo(bound, route.span, `route ${index + 1}`) };
    }
    unmatched.push(`route ${index + 1}${route.name ? ` (${route.name.value})` : ''} does not match: it needs ${matches.map(describeMatch).join(' or ')}`);
  }
  return { service: bound, route: undefined, description: '', unmatched, ref: refTo(bound) };
}

function matchesRequest(match: HTTPMatchRequest, request: ReturnType<typeof requestOf>, client: SimPod, port: number, boundTo: (gateway: string) => boolean): boolean {
  if (match.uri && !matchesString(match.uri, request.path)) return false;
  if (match.method && !matchesString(match.method, request.method)) return false;
  if (match.authority && !matchesString(match.authority, request.authority)) return false;
  if (match.port && match.port.value !== port) return false;
  if (match.sourceLabels && !matchesLabelMap(match.sourceLabels.value, client.labels)) return false;
  if (match.gateways && !match.gateways.value.some((gateway) => boundTo(gateway.value))) return false;
  for (const [name, condition] of Object.entries(match.headers?.value ?? {})) {
    const value = request.headers[name.toLowerCase()];
    if (value === undefined || !matchesString(condition, value)) return false;
  }
  return true;
}

function matchesString(condition: StringMatch, value: string): boolean {
  if (condition.exact) return value === condition.exact.value;
  if (condition.prefix) return value.startsWith(condition.prefix.value);
  if (condition.regex) {
    try {
      return new RegExp(`^(?:${condition.regex.value})$`).test(value);
    } catch {
      return false;
    }
  }
  return true;
}

function describeMatch(match: HTTPMatchRequest): string {
  const parts: string[] = [];
  const text = (condition: StringMatch) => (condition.exact ? `= ${condition.exact.value}` : condition.prefix ? `prefix ${condition.prefix.value}` : condition.regex ? `~ ${condition.regex.value}` : 'any');
  if (match.uri) parts.push(`uri ${text(match.uri)}`);
  if (match.method) parts.push(`method ${text(match.method)}`);
  for (const [name, condition] of Object.entries(match.headers?.value ?? {})) parts.push(`header ${name} ${text(condition)}`);
  if (match.sourceLabels) parts.push(`source labels ${Object.entries(match.sourceLabels.value).map(([key, value]) => `${key}=${value}`).join(', ')}`);
  if (match.port) parts.push(`port ${match.port.value}`);
  return parts.length > 0 ? parts.join(' and ') : 'anything';
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

/** Whether a pod's traffic goes through an Istio proxy that speaks mTLS: its sidecar, or the pod is an ingress gateway. */
function isIstioProxy(trace: TraceBuilder, pod: SimPod | undefined): boolean {
  return pod !== undefined && (hasIstioSidecar(trace, pod) || meshGatewaysOf(trace.snapshot, pod).length > 0);
}

/** A pod's mesh identity: its service account's SPIFFE name in Istio's default trust domain. */
function principalOf(trace: TraceBuilder, pod: SimPod): string {
  const standIn = !pod.source && pod.namespace === ISTIO_INGRESS_GATEWAY.namespace && pod.workload.name === ISTIO_INGRESS_GATEWAY.name;
  const account = standIn ? ISTIO_INGRESS_GATEWAY.serviceAccount : serviceAccountOf(trace.snapshot, pod);
  return `cluster.local/ns/${pod.namespace}/sa/${account ?? 'default'}`;
}

/**
 * The server's sidecar: PeerAuthentication's mode (STRICT resets plaintext), then the AuthorizationPolicies
 * (any matching DENY rule denies; with ALLOW policies, a request no ALLOW rule matches is denied).
 */
export function inboundSidecar(trace: TraceBuilder, source: ResolvedSource, packet: Packet, pod: SimPod): TraceVerdict | undefined {
  const { snapshot } = trace;
  const viaMtls = source.istioMtls ?? isIstioProxy(trace, source.pod);
  const mtls = effectiveMtls(snapshot, pod, packet.dstPort);
  const title = `Envoy sidecar of ${pod.namespace}/${pod.name} (inbound)`;
  const modeText = `mTLS mode ${mtls.mode}${mtls.port !== undefined ? ` on port ${mtls.port}` : ''}${mtls.policy ? ` (PeerAuthentication ${mtls.policy.id.namespace}/${mtls.policy.id.name}${mtls.port !== undefined ? ', portLevelMtls' : ''})` : " (no PeerAuthentication: Istio's default)"}`;
  const modeSpan = mtls.port !== undefined ? mtls.policy?.spec?.portLevelMtls?.value[String(mtls.port)]?.span : mtls.policy?.spec?.mtls?.mode?.span;
  const refs: SourceRef[] = mtls.policy ? [refTo(mtls.policy, modeSpan)] : [];
  if (mtls.mode === 'STRICT' && !viaMtls) {
    trace.hop({ component: 'sidecar', ...(pod.node && { node: pod.node }), title, decision: `${modeText}: the client has no sidecar and sends plaintext, so the sidecar resets the connection.`, before: packet, refs });
    return { kind: 'denied', summary: `STRICT mTLS on ${pod.namespace}/${pod.name} resets plaintext from a client outside the mesh` };
  }
  const request = requestOf(trace);
  const identity = viaMtls && source.pod ? { principal: principalOf(trace, source.pod), namespace: source.pod.namespace } : undefined;
  const policies = objectsOfType(snapshot, 'AuthorizationPolicy').filter((policy) => appliesTo(policy, pod));
  const withAction = (action: string) => policies.filter((policy) => (policy.spec?.action?.value ?? 'ALLOW') === action);
  const rulesOf = (list: readonly AuthorizationPolicy[]) => list.flatMap((policy) => (policy.spec?.rules?.value ?? []).map((rule, index) => ({ policy, rule, index })));
  const context: AuthorizationRequest = { ...request, identity, sourceIp: packet.src, destinationIp: packet.dst, port: packet.dstPort };
  const denied = rulesOf(withAction('DENY')).find(({ rule }) => ruleMatches(rule, context));
  // An ALLOW policy without rules allows nothing: with it, every request is denied.
  const allowPolicies = withAction('ALLOW');
  const allowed = rulesOf(allowPolicies).find(({ rule }) => ruleMatches(rule, context));
  const who = identity ? `${identity.principal}` : `plaintext from ${packet.src} (no identity)`;
  const custom = withAction('CUSTOM');
  const details = [
    modeText,
    `request: ${request.method} ${request.path} from ${who}`,
    ...(policies.some(readsJwt) ? ['the traced request carries no JWT: requestPrincipals and request.auth.* conditions do not match it'] : []),
    ...(custom.length > 0 ? [`CUSTOM policies (${custom.map((policy) => `${policy.id.namespace}/${policy.id.name}`).join(', ')}) ask an external authorizer first, which Kubetrace does not simulate`] : []),
  ];
  if (denied) {
    trace.hop({ component: 'sidecar', ...(pod.node && { node: pod.node }), title, decision: `AuthorizationPolicy ${denied.policy.id.namespace}/${denied.policy.id.name} (DENY), rule ${denied.index + 1}, matches: the sidecar answers 403 (RBAC: access denied).`, before: packet, details, refs: [...refs, refTo(denied.policy, denied.rule.span, `rule ${denied.index + 1}`)] });
    return { kind: 'denied', summary: `HTTP 403: AuthorizationPolicy ${denied.policy.id.namespace}/${denied.policy.id.name} denies the request (rule ${denied.index + 1})` };
  }
  if (allowPolicies.length > 0 && !allowed) {
    const names = allowPolicies.map((policy) => `${policy.id.namespace}/${policy.id.name}`).join(', ');
    trace.hop({ component: 'sidecar', ...(pod.node && { node: pod.node }), title, decision: `ALLOW policies apply (${names}) and no rule of theirs matches: the sidecar answers 403 (RBAC: access denied).`, before: packet, details, refs: [...refs, ...allowPolicies.map((policy) => refTo(policy))] });
    return { kind: 'denied', summary: `HTTP 403: no rule of the ALLOW AuthorizationPolicies of ${pod.namespace}/${pod.name} (${names}) matches the request` };
  }
  const authz = allowed ? `AuthorizationPolicy ${allowed.policy.id.namespace}/${allowed.policy.id.name}, rule ${allowed.index + 1}, allows it` : policies.length === 0 ? 'no AuthorizationPolicy applies: allowed' : 'no DENY rule matches and no ALLOW policy applies: allowed';
  trace.hop({ component: 'sidecar', ...(pod.node && { node: pod.node }), title, decision: `${modeText}, ${viaMtls ? 'the connection is mTLS' : 'plaintext is accepted'}; ${authz}. The request goes to the application.`, before: packet, details, refs: [...refs, ...(allowed ? [refTo(allowed.policy, allowed.rule.span, `rule ${allowed.index + 1}`)] : [])] });
  return undefined;
}

