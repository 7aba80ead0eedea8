import type { ReadonlyList } from '../chunkedList';
import { matchesLabelSelector } from '../labels';
import type { Gateway, GatewayListener, HTTPBackendRef, HTTPRoute, HTTPRouteMatch, HTTPRouteRule } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot } from '../snapshot/types';
import { backendStatus } from './backends';
import { referenceGrantAllows } from './referenceGrant';
import { describeOwner, parentRefNames, servedListeners, type ServedListener } from './gatewayListeners';
import { gatewayHostMatches, hostnamesIntersect, requestHostname } from './hostnames';
import type { HttpRequest, RouteBackend, RouteResult } from './types';


/** The HTTPRoutes, from the snapshot's index by kind: a trace asks at every Service it passes, and a scan of every object cost 15 ms at 10,000 applications. */
export function httpRoutes(snapshot: ClusterSnapshot): ReadonlyList<HTTPRoute> {
  return objectsOfType(snapshot, 'HTTPRoute');
}

/** Element-wise path prefix, as Gateway API's PathPrefix: `/abc` matches `/abc`, `/abc/` and `/abc/def`, not `/abcd`. */
function prefixMatches(prefix: string, path: string): boolean {
  const want = prefix.split('/').filter((part) => part !== '');
  const have = path.split('/').filter((part) => part !== '');
  return want.length <= have.length && want.every((part, index) => have[index] === part);
}

function fullMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

function queryParameters(path: string): Map<string, string> {
  const query = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
  const parameters = new Map<string, string>();
  for (const pair of query.split('&').filter((item) => item !== '')) {
    const [name, value = ''] = pair.split('=');
    if (name !== undefined && !parameters.has(decodeURIComponent(name))) parameters.set(decodeURIComponent(name), decodeURIComponent(value));
  }
  return parameters;
}

/** What an HTTPRouteMatch looks at (Linkerd's server proxy matches its inbound routes on the same). */
export type RouteMatchRequest = Pick<HttpRequest, 'path' | 'method' | 'headers'>;

/** Whether one HTTPRouteMatch matches the request (every condition it has). */
export function matchMatches(match: HTTPRouteMatch, request: RouteMatchRequest): boolean {
  const path = request.path.split('?')[0] || '/';
  const type = match.path?.type?.value ?? 'PathPrefix';
  const value = match.path?.value?.value ?? '/';
  if (type === 'Exact' && path !== value) return false;
  if (type === 'PathPrefix' && !prefixMatches(value, path)) return false;
  if (type === 'RegularExpression' && !fullMatch(value, path)) return false;
  if (match.method && match.method.value !== request.method) return false;
  const headers = new Map(Object.entries(request.headers).map(([name, headerValue]) => [name.toLowerCase(), headerValue]));
  for (const header of match.headers?.value ?? []) {
    const actual = headers.get((header.name?.value ?? '').toLowerCase());
    if (actual === undefined) return false;
    if ((header.type?.value ?? 'Exact') === 'RegularExpression' ? !fullMatch(header.value?.value ?? '', actual) : actual !== header.value?.value) return false;
  }
  const parameters = queryParameters(request.path);
  for (const parameter of match.queryParams?.value ?? []) {
    const actual = parameters.get(parameter.name?.value ?? '');
    if (actual === undefined) return false;
    if ((parameter.type?.value ?? 'Exact') === 'RegularExpression' ? !fullMatch(parameter.value?.value ?? '', actual) : actual !== parameter.value?.value) return false;
  }
  return true;
}

export interface Candidate {
  readonly route: HTTPRoute;
  readonly ruleIndex: number;
  readonly rule: HTTPRouteRule;
  readonly match: HTTPRouteMatch | undefined;
}

/** The specification's precedence: Exact path, longest prefix, method, most headers, most query parameters, then route name and rule order. */
function precedence(a: Candidate, b: Candidate): number {
  const exact = (candidate: Candidate) => Number(candidate.match?.path?.type?.value === 'Exact');
  const length = (candidate: Candidate) => (candidate.match?.path?.value?.value ?? '/').length;
  const count = (candidate: Candidate, field: 'headers' | 'queryParams') => candidate.match?.[field]?.value.length ?? 0;
  return (
    exact(b) - exact(a) ||
    length(b) - length(a) ||
    Number(b.match?.method !== undefined) - Number(a.match?.method !== undefined) ||
    count(b, 'headers') - count(a, 'headers') ||
    count(b, 'queryParams') - count(a, 'queryParams') ||
    `${a.route.id.namespace}/${a.route.id.name}`.localeCompare(`${b.route.id.namespace}/${b.route.id.name}`) ||
    a.ruleIndex - b.ruleIndex
  );
}

export function candidatesOf(routes: readonly HTTPRoute[], request: HttpRequest): Candidate[] {
  const candidates: Candidate[] = [];
  for (const route of routes) {
    (route.spec?.rules?.value ?? []).forEach((rule, ruleIndex) => {
      const matches = rule.matches?.value ?? [];
      if (matches.length === 0) {
        if (matchMatches({ span: rule.span }, request)) candidates.push({ route, ruleIndex, rule, match: undefined });
        return;
      }
      for (const match of matches) if (matchMatches(match, request)) candidates.push({ route, ruleIndex, rule, match });
    });
  }
  return candidates.sort(precedence);
}

/**
 * The rule's backends, each valid or not (500 for the share an invalid one would get), and the one taken. A mesh
 * route (GAMMA) reaches a Service of any namespace without a ReferenceGrant (GEP-1426, "Namespace boundaries").
 */
export function chooseBackend(candidate: Candidate, snapshot: ClusterSnapshot, via: RouteResult['via'], description: string, notes: string[]): RouteResult {
  const refs = [refTo(candidate.route, candidate.rule.span, `spec.rules[${candidate.ruleIndex}]`)];
  const route = `${candidate.route.id.namespace}/${candidate.route.id.name}`;
  const backendRefs = candidate.rule.backendRefs?.value ?? [];
  if (backendRefs.length === 0) {
    return { status: 500, backend: null, rule: `${description}: the rule has no backendRefs, so it forwards nowhere (500)`, via, route, notes, refs };
  }
  const routeNamespace = candidate.route.id.namespace ?? 'default';
  const validity = (ref: HTTPBackendRef): string | undefined => {
    const group = ref.group?.value ?? '';
    const kind = ref.kind?.value ?? 'Service';
    if (group !== '' || kind !== 'Service') return `${kind} backends are not supported`;
    const namespace = ref.namespace?.value ?? routeNamespace;
    const name = ref.name?.value ?? '';
    if (namespace !== routeNamespace && via !== 'mesh' && !referenceGrantAllows(snapshot, routeNamespace, namespace, name)) return `no ReferenceGrant in ${namespace} lets HTTPRoutes of ${routeNamespace} reach Service ${name}`;
    if (!snapshot.services.some((service) => service.namespace === namespace && service.name === name)) return `Service ${namespace}/${name} does not exist`;
    return undefined;
  };
  const backend = (ref: HTTPBackendRef): RouteBackend => ({ namespace: ref.namespace?.value ?? routeNamespace, service: ref.name?.value ?? '', port: ref.port?.value });
  const weighted = backendRefs.map((ref) => ({ ref, weight: ref.weight?.value ?? 1 }));
  const total = weighted.reduce((sum, entry) => sum + entry.weight, 0);
  const chosen = weighted.reduce((best, entry) => (entry.weight > best.weight ? entry : best), weighted[0]!);
  const split = weighted.length > 1 ? weighted.map((entry) => ({ backend: backend(entry.ref), weight: entry.weight, chosen: entry === chosen })) : undefined;
  if (split) notes.push(`the rule splits traffic ${weighted.map((entry) => `${entry.ref.name?.value} ${total > 0 ? Math.round((100 * entry.weight) / total) : 0}%`).join(', ')}; the trace follows the heaviest`);
  const invalid = validity(chosen.ref);
  if (invalid || total === 0) {
    return { status: 500, backend: null, rule: `${description}: ${invalid ?? 'every backend has weight 0'} (500)`, via, route, notes, refs, ...(split && { split }) };
  }
  const target = backend(chosen.ref);
  const status = backendStatus(snapshot, target.namespace, target.service, target.port);
  if (status.note) notes.push(status.note);
  return { status: status.status, backend: target, rule: description, via, route, notes, refs, ...(split && { split }) };
}

export function describeCandidate(candidate: Candidate, entry: string): string {
  const match = candidate.match;
  const conditions = [
    match?.path ? `${match.path.type?.value ?? 'PathPrefix'} ${match.path.value?.value ?? '/'}` : 'PathPrefix /',
    ...(match?.method ? [`method ${match.method.value}`] : []),
    ...(match?.headers?.value.map((header) => `header ${header.name?.value}=${header.value?.value}`) ?? []),
    ...(match?.queryParams?.value.map((parameter) => `query ${parameter.name?.value}=${parameter.value?.value}`) ?? []),
  ];
  return `${entry}: HTTPRoute ${candidate.route.id.namespace}/${candidate.route.id.name} rule ${candidate.ruleIndex + 1} (${conditions.join(', ')})`;
}

/** How specific a listener's hostname is for a request: exact beats the longest wildcard beats none. */
function listenerRank(listener: GatewayListener): number {
  const hostname = listener.hostname?.value;
  if (!hostname) return 0;
  return hostname.startsWith('*.') ? hostname.length : 10_000;
}

/**
 * Whether an HTTPRoute attaches to a served listener, whatever the request's host: a parentRef names the listener's
 * owner (and its section or port, when set), and the listener's allowedRoutes admit the route's namespace and kind.
 */
export function attachesToListener(route: HTTPRoute, { listener, owner }: ServedListener, snapshot: ClusterSnapshot): boolean {
  const routeNamespace = route.id.namespace ?? 'default';
  const parent = (route.spec?.parentRefs?.value ?? []).find(
    (candidate) =>
      parentRefNames(candidate, owner, routeNamespace) &&
      (!candidate.sectionName || candidate.sectionName.value === listener.name?.value) &&
      (!candidate.port || candidate.port.value === listener.port?.value),
  );
  if (!parent) return false;
  const from = listener.allowedRoutes?.namespaces?.from?.value ?? 'Same';
  if (from === 'Same' && routeNamespace !== (owner.id.namespace ?? 'default')) return false;
  if (from === 'Selector') {
    const selector = listener.allowedRoutes?.namespaces?.selector;
    if (!selector || !matchesLabelSelector(selector, snapshot.namespaces.get(routeNamespace) ?? {})) return false;
  }
  const kinds = listener.allowedRoutes?.kinds?.value;
  return !kinds || kinds.length === 0 || kinds.some((kind) => kind.kind?.value === 'HTTPRoute');
}

/**
 * Routes a request that arrives at a Gateway: the most specific matching listener (its own, or one of a ListenerSet
 * it admits), the routes attached to that listener's direct parent, their matches.
 */
export function routeGateway(request: HttpRequest, snapshot: ClusterSnapshot): RouteResult {
  const gateways = snapshot.objects.filter((object): object is Gateway => object.type === 'Gateway');
  const gateway = request.gateway ? gateways.find((candidate) => candidate.id.namespace === request.gateway!.namespace && candidate.id.name === request.gateway!.name) : gateways[0];
  if (!gateway) return { status: 404, backend: null, rule: request.gateway ? `there is no Gateway ${request.gateway.namespace}/${request.gateway.name}` : 'the workspace has no Gateway', via: 'none', notes: [], refs: [] };
  const host = requestHostname(request.host);
  const protocol = request.scheme === 'https' ? 'HTTPS' : 'HTTP';
  const listeners = servedListeners(gateway, snapshot)
    .filter(({ listener }) => listener.port?.value === request.port && (listener.protocol?.value ?? 'HTTP') === protocol)
    .filter(({ listener }) => !listener.hostname || (host !== undefined && gatewayHostMatches(listener.hostname.value, host)))
    .sort((a, b) => listenerRank(b.listener) - listenerRank(a.listener));
  const gatewayName = `Gateway ${gateway.id.namespace}/${gateway.id.name}`;
  if (!listeners[0]) return { status: 404, backend: null, rule: `${gatewayName} has no ${protocol} listener on port ${request.port} for ${host ?? 'a request without a host'}`, via: 'gateway', notes: [], refs: [refTo(gateway)] };
  const { listener, owner } = listeners[0];
  const notes = listeners.length > 1 ? [`listener ${listener.name?.value} is the most specific of ${listeners.length} that match: only its routes apply (listener isolation)`] : [];
  // A route attaches to the listeners of its direct parent only: one attached to the Gateway does not reach a ListenerSet's (GEP-1713).
  const attached = httpRoutes(snapshot).filter((route) => {
    if (!attachesToListener(route, { listener, owner }, snapshot)) return false;
    const hostnames = route.spec?.hostnames?.value.map((hostname) => hostname.value) ?? [];
    if (hostnames.length === 0) return true;
    const listenerHostname = listener.hostname?.value;
    return hostnames.some((hostname) => host !== undefined && gatewayHostMatches(hostname, host) && (!listenerHostname || hostnamesIntersect(hostname, listenerHostname)));
  });
  const winner = candidatesOf(attached, request)[0];
  const entry = `${describeOwner(owner, gateway)} listener ${listener.name?.value ?? ''} (port ${listener.port?.value}${listener.hostname ? `, ${listener.hostname.value}` : ''})`;
  if (!winner) return { status: 404, backend: null, rule: `${entry}: no HTTPRoute rule matches ${host ?? ''}${request.path}`, via: 'gateway', notes, refs: [refTo(owner, listener.span, 'listener')] };
  return chooseBackend(winner, snapshot, 'gateway', describeCandidate(winner, entry), notes);
}
