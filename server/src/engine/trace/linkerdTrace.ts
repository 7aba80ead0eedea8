/**
 * Linkerd's proxies in a trace. The client's proxy applies the HTTPRoutes attached to the Service
 * (serviceRouteTrace.ts), resolves the Service through Linkerd's destination controller and balances over its
 * endpoints itself (per request for HTTP, per connection otherwise), over mTLS when the pod it picks is meshed too;
 * the server's proxy applies the Server selecting the port and its authorizations, or the default inbound policy;
 * an HTTP request to a Server with HTTPRoutes takes one of them (or gets 404).
 */
import { counted } from '../counted';
import { fnv1a } from '../hash';
import { serviceAccountOf } from '../snapshot/podOwner';
import { inClusterNetworks, inPortList, linkerdIdentity, linkerdSettings, opaqueServicePort, runsLinkerdProxy } from '../mesh/linkerd';
import type { ProxyServicePort } from '../kubeProxy/servicePorts';
import { podAtAddress } from '../references';
import { refTo } from '../snapshot/sourceRef';
import type { SimNode, SimPod, SourceRef } from '../snapshot/types';
import { linkerdClient, linkerdInboundDecision, type LinkerdInboundDecision } from '../mesh/linkerdPolicy';
import type { HTTPRoute } from '../objects';
import { meshRequest } from './meshRouting';
import { throughServiceRoutes } from './serviceRouteTrace';
import type { ResolvedSource } from './locate';
import type { TraceBuilder } from './traceBuilder';
import type { Packet, Trace, TraceVerdict } from './types';

/** Whether a pod runs Linkerd's proxy. */
export function hasLinkerdProxy(trace: TraceBuilder, pod: SimPod | undefined): boolean {
  return pod !== undefined && runsLinkerdProxy(trace.snapshot, pod);
}

/**
 * The client's proxy takes a connection to a Service port. Undefined when the port is in the pod's
 * skip-outbound-ports (the connection bypasses the proxy, and kube-proxy handles it as for any pod).
 */
export function throughLinkerdOutbound(trace: TraceBuilder, source: ResolvedSource, packet: Packet, entry: ProxyServicePort, node: SimNode, deliver: (packet: Packet, pod: SimPod) => Trace): Trace | undefined {
  const { snapshot } = trace;
  const client = source.pod!;
  const title = `linkerd-proxy of ${client.namespace}/${client.name} (outbound)`;
  const settings = linkerdSettings(snapshot, client);
  if (inPortList(settings.skipOutboundPorts, packet.dstPort)) {
    trace.hop({ component: 'sidecar', node: node.name, title, decision: `Port ${packet.dstPort} is in config.linkerd.io/skip-outbound-ports: the connection bypasses the proxy.`, before: packet, refs: [] });
    return undefined;
  }
  // Linkerd's outbound policy reads HTTPRoutes whose parent is the Service (since 2.14 the gateway.networking.k8s.io ones).
  return throughServiceRoutes(trace, client, packet, entry, node, title, (backend) => balanceOver(trace, source, packet, backend, node, title, deliver)) ?? balanceOver(trace, source, packet, entry, node, title, deliver);
}

/** The proxy balances over the endpoints of a Service port itself, and connects to the one it picks. */
function balanceOver(trace: TraceBuilder, source: ResolvedSource, packet: Packet, entry: ProxyServicePort, node: SimNode, title: string, deliver: (packet: Packet, pod: SimPod) => Trace): Trace {
  const { snapshot } = trace;
  const client = source.pod!;
  const service = `${entry.service.namespace}/${entry.service.name}`;
  trace.meshBackend ??= { namespace: entry.service.namespace, service: entry.service.name, port: entry.port.port };
  const endpoints = entry.endpoints;
  if (endpoints.length === 0) {
    trace.hop({ component: 'sidecar', node: node.name, title, decision: `Service ${service} has no ready endpoint: the proxy fails the request (HTTP 503, or the connection is closed).`, before: packet, refs: entry.service.source ? [entry.service.source] : [] });
    return trace.finish({ kind: 'no-endpoints', summary: `${service} has no endpoint: Linkerd's proxy answers 503` });
  }
  const pick = fnv1a(`${packet.src}:${packet.srcPort}->${service}`) % endpoints.length;
  const chosen = endpoints[pick]!;
  const server = podAtAddress(chosen.ip, snapshot);
  const opaque = opaqueServicePort(snapshot, entry.service, entry.port.port, chosen.port, server);
  const http = !opaque && trace.request.to.scheme === 'http';
  const mtls = hasLinkerdProxy(trace, server);
  const after: Packet = { ...packet, dst: chosen.ip, dstPort: chosen.port };
  trace.hop({
    component: 'sidecar',
    node: node.name,
    title,
    decision: `The proxy resolves Service ${service} through Linkerd's destination controller and ${http ? 'balances HTTP requests' : 'balances the connection'} over its ${counted(endpoints.length, 'endpoint')}: pod ${chosen.pod ?? chosen.address}; it connects to ${chosen.address} itself (no kube-proxy DNAT), ${mtls ? 'over mTLS (that pod is meshed too)' : 'in plaintext (that pod has no Linkerd proxy)'}.`,
    before: packet,
    after,
    details: [
      opaque ? `port ${packet.dstPort} is opaque (config.linkerd.io/opaque-ports, or the install's default list): proxied as TCP, no protocol detection` : http ? 'protocol detection: HTTP, balanced per request' : 'protocol detection: not HTTP, balanced per connection',
      'Linkerd prefers the endpoint with the lowest latency (peak EWMA); the simulation draws one with equal odds',
      mtls ? `client identity: ${linkerdIdentity(client, serviceAccountOf(snapshot, client) ?? 'default')}` : 'plaintext: the server sees no client identity',
    ],
    alternatives: endpoints.map((endpoint, index) => ({ address: endpoint.address, ...(endpoint.pod && { pod: endpoint.pod }), ...(endpoint.nodeName && { node: endpoint.nodeName }), probability: 1 / endpoints.length, chosen: index === pick })),
    refs: entry.service.source ? [entry.service.source] : [],
  });
  if (!server) return trace.finish({ kind: 'leaves-cluster', summary: `the endpoint ${chosen.address} is not a pod of the workspace` });
  return deliver(after, server);
}

/**
 * The server's proxy: a Server selecting the port decides (for an HTTP request, through the HTTPRoute it takes, or
 * 404 when none matches; an AuthorizationPolicy of that route, or the Server's AuthorizationPolicy or
 * ServerAuthorization admitting the client, else the Server's accessPolicy, `deny` when absent); without one, the
 * default inbound policy (unless the port skips the proxy).
 */
export function linkerdInbound(trace: TraceBuilder, source: ResolvedSource, packet: Packet, pod: SimPod): TraceVerdict | undefined {
  const { snapshot } = trace;
  const title = `linkerd-proxy of ${pod.namespace}/${pod.name} (inbound)`;
  const hop = (decision: string, details: string[] = [], refs: SourceRef[] = pod.source ? [pod.source] : []) => trace.hop({ component: 'sidecar', ...(pod.node && { node: pod.node }), title, decision, before: packet, details, refs });
  const client = linkerdClient(snapshot, source.pod, packet.src);
  // An HTTP request picks a route; another scheme (TLS from the application) is opaque to the proxy; none given: port level.
  const scheme = trace.request.to.scheme;
  const request = scheme === 'http' ? meshRequest(trace) : undefined;
  const decision = linkerdInboundDecision(snapshot, pod, packet.dstPort, client, request ?? (scheme ? 'opaque' : undefined));
  if (decision.by === 'skipped') {
    hop(`Port ${packet.dstPort} is in config.linkerd.io/skip-inbound-ports: the connection bypasses the proxy.`);
    return undefined;
  }
  const who = client.identity ? `mTLS from ${client.identity}` : `plaintext from ${packet.src} (no identity)`;
  const clientDetail = `client: ${who}${inClusterNetworks(packet.src) ? ', inside the cluster networks' : ', outside the cluster networks'}`;
  if (decision.by === 'server') return serverDecision(trace, hop, decision, { who, clientDetail, port: packet.dstPort, pod, request: request && `${request.method} ${request.path}` });
  const { settings, refusal } = decision;
  const policy = settings.inboundPolicy;
  const from = settings.inboundPolicyFrom === 'install' ? "the install's default" : `config.linkerd.io/default-inbound-policy on the ${settings.inboundPolicyFrom}`;
  const details = [`default inbound policy ${policy} (${from})`, `no Server selects port ${packet.dstPort}`, clientDetail];
  if (refusal) {
    hop(`Default inbound policy ${policy}: ${refusal}, so the proxy refuses it (HTTP 403, or the connection is closed).`, details);
    return { kind: 'denied', summary: `Linkerd's proxy on ${pod.namespace}/${pod.name} refuses the connection: ${refusal} (default inbound policy ${policy})` };
  }
  hop(`Default inbound policy ${policy} admits the connection (${who}). The request goes to the application.`, details);
  return undefined;
}

type ServerDecision = Extract<LinkerdInboundDecision, { by: 'server' }>;
interface InboundContext {
  readonly who: string;
  readonly clientDetail: string;
  readonly port: number;
  readonly pod: SimPod;
  /** `METHOD path` of an HTTP request; undefined for a connection that is not HTTP. */
  readonly request: string | undefined;
}

/** The hop of a Server's decision: the route the request takes (its rule's YAML line), the authorization, the 404 or the refusal. */
function serverDecision(trace: TraceBuilder, hop: (decision: string, details?: string[], refs?: SourceRef[]) => void, decision: ServerDecision, context: InboundContext): TraceVerdict | undefined {
  const { server, authorization, accessPolicy, refusal, routes, route } = decision;
  const { who, clientDetail, port, pod } = context;
  const name = `Server ${server.id.namespace}/${server.id.name}`;
  const routeNames = (list: readonly HTTPRoute[]) => list.map((candidate) => `HTTPRoute ${candidate.id.namespace}/${candidate.id.name} (${candidate.id.group})`).join(', ');
  const opaque = routes.length > 0 && !route && !decision.notFound && decision.perRoute.length === 0;
  const routeDetail = routes.length === 0 ? 'no HTTPRoute is attached to the Server: its default route matches every request' : `HTTPRoutes attached to the Server: ${routeNames(routes)}${opaque ? "; the connection is not HTTP to the proxy, so they do not apply and the Server's own authorizations decide" : ''}`;
  if (decision.notFound) {
    trace.envoyStatus = 404;
    hop(`${name} selects port ${port}, and none of its HTTPRoutes matches ${context.request}: the proxy answers 404 without calling the application.`, [clientDetail, routeDetail], [refTo(server), ...routes.map((candidate) => refTo(candidate))]);
    return { kind: 'http-error', summary: `Linkerd's proxy on ${pod.namespace}/${pod.name} answers 404: no HTTPRoute of ${name} matches ${context.request}` };
  }
  const rule = route && route.route.spec?.rules?.value[route.ruleIndex];
  const ruleLine = route && rule ? ` rule ${route.ruleIndex + 1} (line ${rule.span.value.start.line + 1})` : '';
  const through = route ? `, the request takes HTTPRoute ${route.route.id.namespace}/${route.route.id.name}${ruleLine}` : '';
  const routeRefs = route ? [refTo(route.route, rule?.span, `rule ${route.ruleIndex + 1}`)] : [];
  const details = [clientDetail, routeDetail, ...perRouteDetails(decision)];
  if (decision.dependsOnRequest) {
    const admitting = decision.perRoute.filter((each) => each.refusal === undefined).map((each) => `${each.route.id.namespace}/${each.route.id.name}`);
    hop(`${name} selects port ${port}; its HTTPRoutes decide per request, and the client (${who}) is admitted only on ${admitting.join(', ')}: requests on the other routes are refused (403), and requests no route matches get 404.`, details, [refTo(server), ...routes.map((candidate) => refTo(candidate))]);
    return undefined;
  }
  if (authorization) {
    const how = authorization.type === 'ServerAuthorization' ? 'the client it describes matches' : 'every authentication it requires is satisfied';
    // With a route taken, say whether the authorization is the route's own or the Server's (appended to every route).
    const scope = !route ? '' : authorization.type === 'LinkerdAuthorizationPolicy' && authorization.spec?.targetRef?.kind?.value === 'HTTPRoute' ? ' (for the route)' : ' (for the Server)';
    hop(`${name} selects port ${port}${through}, and ${authorization.id.kind} ${authorization.id.namespace}/${authorization.id.name}${scope} admits the client (${who}): ${how}.${redirectOrOn(trace, route)}`, details, [refTo(server), ...routeRefs, refTo(authorization)]);
    return redirectVerdict(route, pod);
  }
  details.push(`no AuthorizationPolicy or ServerAuthorization ${route ? 'of the route or ' : ''}of ${name} admits the client; its accessPolicy is ${accessPolicy}${decision.accessPolicyWritten ? '' : ' (the default)'}`);
  if (refusal) {
    hop(`${name} selects port ${port}${through}, no AuthorizationPolicy or ServerAuthorization admits this client and ${refusal}: the proxy refuses it (HTTP 403, or the connection is closed).`, details, [refTo(server), ...routeRefs]);
    return { kind: 'denied', summary: `Linkerd's proxy on ${pod.namespace}/${pod.name} refuses the connection: ${name} selects port ${port}${route ? ` (HTTPRoute ${route.route.id.namespace}/${route.route.id.name})` : ''} and nothing authorizes the client` };
  }
  hop(`${name} selects port ${port}${through}; its accessPolicy ${accessPolicy} admits the client (${who}).${redirectOrOn(trace, route)}`, details, [refTo(server), ...routeRefs]);
  return redirectVerdict(route, pod);
}

/** With nothing known of the traffic: what each attached route decides. */
function perRouteDetails(decision: ServerDecision): string[] {
  return decision.perRoute.map(({ route, refusal }) => `HTTPRoute ${route.id.namespace}/${route.id.name}: ${refusal ? `refused (${refusal})` : 'admitted'}`);
}

/** The route's RequestRedirect filter (the proxy answers the redirect itself), else the request goes on (noting a RequestHeaderModifier). */
function redirectOrOn(trace: TraceBuilder, route: ServerDecision['route']): string {
  const filters = route?.rule.filters?.value ?? [];
  const redirect = filters.find((filter) => filter.type?.value === 'RequestRedirect')?.requestRedirect;
  if (redirect) {
    const status = redirect.statusCode?.value ?? 302;
    trace.envoyStatus = status;
    return ` The route's RequestRedirect filter answers ${status} itself; the application is not called.`;
  }
  const modifies = filters.some((filter) => filter.type?.value === 'RequestHeaderModifier');
  return ` The request goes to the application${modifies ? ", with the headers the route's RequestHeaderModifier sets" : ''}.`;
}

function redirectVerdict(route: ServerDecision['route'], pod: SimPod): TraceVerdict | undefined {
  const redirect = (route?.rule.filters?.value ?? []).find((filter) => filter.type?.value === 'RequestRedirect')?.requestRedirect;
  if (!redirect || !route) return undefined;
  return { kind: 'delivered', summary: `Linkerd's proxy on ${pod.namespace}/${pod.name} answers ${redirect.statusCode?.value ?? 302}, redirecting (HTTPRoute ${route.route.id.namespace}/${route.route.id.name})` };
}
