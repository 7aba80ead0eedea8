/**
 * How an Istio proxy picks the route of a VirtualService for a request: the first HTTP route whose match fits
 * (URI, method, headers, authority, port, source labels, the gateway it is bound to) or the first TCP route, and
 * what that route does besides choosing a destination (redirects, fixed responses, faults, rewrites, mirrors).
 */
import { fnv1a } from '../hash';
import { matchesLabelMap } from '../labels';
import { HTTP_PROTOCOLS, namedProtocol } from '../mesh/protocols';
import { meshRulesOf } from '../mesh/rules';
import type { HTTPMatchRequest, MeshHTTPRoute, MeshTCPRoute, StringMatch, VirtualService } from '../objects';
import { refTo } from '../snapshot/sourceRef';
import type { SimPod, SimService, SimServicePort, SourceRef } from '../snapshot/types';
import type { TraceBuilder } from './traceBuilder';
import type { Packet, TraceVerdict } from './types';

/** Istio's default retry policy for HTTP routes that set none. */
const DEFAULT_RETRIES = 'retries: 2 attempts (Istio\'s default) on connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes';

/** The request's attributes a route can match on. */
export function meshRequest(trace: TraceBuilder) {
  const to = trace.request.to;
  return { path: trace.rewrittenPath ?? (to.path || '/'), method: (to.method ?? 'GET').toUpperCase(), headers: Object.fromEntries(Object.entries(to.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])), authority: to.host };
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
  /** When no route matched at a gateway: the VirtualServices whose routes were merged and tried. */
  readonly merged?: readonly VirtualService[];
}

/**
 * What an HTTP route does besides choosing a destination. Envoy answers itself for a redirect, a fixed response or
 * an injected abort the request draws (the draw is fixed by the connection, as the split's is); a delay, a
 * rewrite (the server's sidecar sees the new path) and a mirror are noted.
 */
export function routeActions(trace: TraceBuilder, routing: Routing, route: MeshHTTPRoute, packet: Packet): { readonly details: string[]; readonly answer?: { readonly decision: string; readonly verdict: TraceVerdict } } {
  const request = meshRequest(trace);
  const draws = (percentage: number | undefined, what: string) => (fnv1a(`${packet.src}:${packet.srcPort}:${what}`) % 10_000) / 100 < (percentage ?? 100);
  const share = (percentage: number | undefined) => (percentage === undefined ? 'every request' : `${percentage}% of requests`);
  const where = `VirtualService ${routing.service.id.namespace}/${routing.service.id.name} ${routing.description.split(',')[0]}`;
  if (route.redirect) {
    const { redirect } = route;
    const status = redirect.redirectCode?.value ?? 301;
    const location = `${redirect.scheme?.value ?? trace.request.to.scheme ?? 'http'}://${redirect.authority?.value ?? request.authority}${redirect.uri?.value ?? request.path}`;
    trace.envoyStatus = status;
    return { details: [], answer: { decision: `the route redirects: Envoy answers ${status} with Location ${location}.`, verdict: { kind: 'delivered', summary: `Envoy answers ${status}, redirecting to ${location} (${where})` } } };
  }
  if (route.directResponse) {
    const status = route.directResponse.status?.value ?? 200;
    trace.envoyStatus = status;
    return { details: [], answer: { decision: `the route answers itself: Envoy returns ${status} without calling any pod.`, verdict: { kind: status >= 400 ? 'http-error' : 'delivered', summary: `Envoy answers ${status} itself (${where}, directResponse)` } } };
  }
  const details: string[] = [];
  const abort = route.fault?.abort;
  if (abort) {
    const status = abort.httpStatus?.value ?? 500;
    const percentage = abort.percentage?.value?.value;
    if (draws(percentage, 'abort')) {
      trace.envoyStatus = status;
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
export function httpSettings(routing: Routing | undefined, http: boolean): string[] {
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
export function carriesHttp(trace: TraceBuilder, port: SimServicePort): boolean {
  const declared = port.appProtocol ?? namedProtocol(port.name);
  if (declared !== undefined) return HTTP_PROTOCOLS.has(declared);
  return trace.request.to.scheme === 'http';
}

/** The VirtualService bound to the mesh for a Service, and the route the connection takes. */
export function sidecarRouting(trace: TraceBuilder, client: SimPod, service: SimService, http: boolean): Routing | undefined {
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
  const request = meshRequest(trace);
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

/**
 * How an Istio gateway routes a request for a host several bound VirtualServices list (in the order Istio merges
 * them): TCP takes the first of them with a TCP route; HTTP merges their routes into one virtual host, each match
 * of a route its own Envoy route, and moves the catch-all ones (a `/` prefix or `.*` regex URI, or none, and no
 * header, method or authority condition) to the end; the first that fits the request wins (istio/istio
 * pilot/pkg/networking/core/gateway.go buildGatewayHTTPRouteConfig, route.SortVHostRoutes and IsCatchAllRoute).
 */
export function gatewayRouting(trace: TraceBuilder, bound: readonly VirtualService[], gateway: SimPod, http: boolean, boundTo: (entry: string, service: VirtualService) => boolean): Routing | undefined {
  if (bound.length === 1 || !http) {
    for (const service of bound) {
      const routing = routeOf(trace, service, gateway, http, (entry) => boundTo(entry, service));
      if (routing) return routing;
    }
    return undefined;
  }
  const request = meshRequest(trace);
  const envoyRoutes = bound.flatMap((service) =>
    (service.spec?.http?.value ?? []).flatMap((route, index): { service: VirtualService; route: MeshHTTPRoute; index: number; match: HTTPMatchRequest | undefined }[] => {
      const matches = route.match?.value ?? [];
      return matches.length === 0 ? [{ service, route, index, match: undefined }] : matches.map((match) => ({ service, route, index, match }));
    }),
  );
  const ordered = [...envoyRoutes.filter(({ match }) => !catchAll(match)), ...envoyRoutes.filter(({ match }) => catchAll(match))];
  const unmatched: string[] = [];
  for (const { service, route, index, match } of ordered) {
    const where = `VirtualService ${service.id.namespace}/${service.id.name} route ${index + 1}${route.name ? ` (${route.name.value})` : ''}`;
    if (match && !matchesRequest(match, request, gateway, trace.request.to.port, (entry) => boundTo(entry, service))) {
      unmatched.push(`${where} does not match: it needs ${describeMatch(match)}`);
      continue;
    }
    const why = match ? `matched ${describeMatch(match)}` : 'no match conditions: it takes every request';
    return { service, route, ...(match && { matched: match }), description: `route ${index + 1}${route.name ? ` (${route.name.value})` : ''}, ${why}`, unmatched, ref: refTo(service, route.span, `route ${index + 1}`) };
  }
  return { service: bound[0]!, route: undefined, description: '', unmatched, ref: refTo(bound[0]!), merged: bound };
}

/** Whether Envoy counts a match as a catch-all route: every path (a `/` prefix or `.*` regex, or no URI) and no header condition. */
function catchAll(match: HTTPMatchRequest | undefined): boolean {
  if (!match) return true;
  const uri = match.uri;
  const everyPath = !uri || uri.prefix?.value === '/' || uri.regex?.value === '.*' || (!uri.prefix && !uri.exact && !uri.regex);
  return everyPath && !match.headers && !match.method && !match.authority;
}

function matchesRequest(match: HTTPMatchRequest, request: ReturnType<typeof meshRequest>, client: SimPod, port: number, boundTo: (gateway: string) => boolean): boolean {
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
