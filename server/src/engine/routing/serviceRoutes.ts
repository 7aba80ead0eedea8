/**
 * HTTPRoutes attached to a Service (GAMMA, gateway-api GEP-1426): which apply to a client's request to one of the
 * Service's ports, and the rule that decides. A mesh proxy on the client applies them (trace/serviceRouteTrace.ts).
 */
import type { HTTPRoute, HTTPRouteFilter, ParentReference } from '../objects';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot, SimService, SimServicePort } from '../snapshot/types';
import { type Candidate, candidatesOf, chooseBackend, describeCandidate, httpRoutes } from './gateway';
import type { HttpRequest, RouteResult } from './types';

/** The routes attached to a Service port that apply to a client's namespace, and whose role they play. */
export interface ServiceRoutes {
  /** Consumer routes live in the client's namespace, producer routes in the Service's (GEP-1426, "Namespace boundaries"). */
  readonly role: 'consumer' | 'producer';
  readonly routes: readonly HTTPRoute[];
}

/**
 * A parentRef naming the Service (group "" and kind Service), on this port: `port` and `sectionName` (the port's
 * name) select one port when set, else the route attaches to every port (GEP-1426, "Ports"; ParentReference).
 */
function attachesTo(parent: ParentReference, routeNamespace: string, service: SimService, port: SimServicePort): boolean {
  return (
    parent.kind?.value === 'Service' &&
    (parent.group?.value ?? '') === '' &&
    (parent.namespace?.value ?? routeNamespace) === service.namespace &&
    parent.name?.value === service.name &&
    (!parent.port || parent.port.value === port.port) &&
    (!parent.sectionName || parent.sectionName.value === port.name)
  );
}

/**
 * The routes that apply to a request from a client in `clientNamespace`: the consumer routes of its namespace when
 * it has any for this Service port, else the producer routes. One group is used, never a mix: "requests from a
 * namespace with consumer routes will utilize the (possibly merged) set of routes in the consumer namespace;
 * requests from other namespaces will utilize the set of routes in the producer namespace" (GEP-1426, "Multiple
 * routes for a Service"). Undefined when none attaches: the Service's own endpoints answer. A headless Service is
 * no parent (it has no frontend, GEP-1426 "Allowed service types").
 */
export function serviceRoutesFor(snapshot: ClusterSnapshot, service: SimService, port: SimServicePort, clientNamespace: string): ServiceRoutes | undefined {
  if (service.headless) return undefined;
  const attached = (namespace: string) =>
    httpRoutes(snapshot).filter((route) => route.id.namespace === namespace && (route.spec?.parentRefs?.value ?? []).some((parent) => attachesTo(parent, namespace, service, port)));
  const consumer = clientNamespace !== service.namespace ? attached(clientNamespace) : [];
  if (consumer.length > 0) return { role: 'consumer', routes: consumer };
  const producer = attached(service.namespace);
  return producer.length > 0 ? { role: 'producer', routes: producer } : undefined;
}

/** An HTTPPathModifier, as RequestRedirect and URLRewrite write it. */
type PathModifier = NonNullable<NonNullable<HTTPRouteFilter['urlRewrite']>['path']>;

/**
 * The path an HTTPPathModifier makes of the request's: replaced whole, or the prefix the rule matched replaced
 * (ReplacePrefixMatch, which only a PathPrefix match allows); the query string is kept.
 */
function modifiedPath(request: HttpRequest, winner: Candidate, modifier: PathModifier | undefined): string {
  const [path = '/', query] = request.path.split('?');
  const prefix = winner.match?.path?.type?.value === 'PathPrefix' || !winner.match?.path ? (winner.match?.path?.value?.value ?? '/') : undefined;
  const replaced =
    modifier?.replaceFullPath?.value ??
    (modifier?.replacePrefixMatch && prefix !== undefined ? `${modifier.replacePrefixMatch.value.replace(/\/$/, '')}${path.slice(prefix.replace(/\/$/, '').length)}` || '/' : path || '/');
  return query === undefined ? replaced : `${replaced}?${query}`;
}

/**
 * A RequestRedirect filter: the proxy answers itself (302 unless statusCode says otherwise) with a Location made
 * of the request's parts the filter replaces (HTTPRequestRedirectFilter: scheme, hostname, port, path).
 */
function redirected(request: HttpRequest, winner: Candidate, redirect: NonNullable<HTTPRouteFilter['requestRedirect']>, description: string): RouteResult {
  const status = redirect.statusCode?.value ?? 302;
  const host = redirect.hostname?.value ?? (request.host ?? '').replace(/:\d+$/, '');
  const location = `${redirect.scheme?.value ?? request.scheme}://${host}${redirect.port ? `:${redirect.port.value}` : ''}${modifiedPath(request, winner, redirect.path)}`;
  const refs = [refTo(winner.route, redirect.span, `spec.rules[${winner.ruleIndex}] RequestRedirect`)];
  return { status, backend: null, rule: `${description}: the rule redirects, the proxy answers ${status} with Location ${location}`, via: 'mesh', route: `${winner.route.id.namespace}/${winner.route.id.name}`, answeredByProxy: true, notes: [], refs };
}

/**
 * What the rule's other filters do on the way: a URLRewrite changes the path (and Host) the backend receives, a
 * RequestMirror sends a copy whose answer is dropped; header modifiers are listed, not simulated.
 */
function filterEffects(request: HttpRequest, winner: Candidate): { readonly backendPath?: string; readonly notes: string[] } {
  const notes: string[] = [];
  let backendPath: string | undefined;
  for (const filter of winner.rule.filters?.value ?? []) {
    const type = filter.type?.value ?? '?';
    if (type === 'URLRewrite' && filter.urlRewrite) {
      if (filter.urlRewrite.path) backendPath = modifiedPath(request, winner, filter.urlRewrite.path);
      notes.push(`URLRewrite: the backend receives ${backendPath ?? request.path}${filter.urlRewrite.hostname ? ` with Host ${filter.urlRewrite.hostname.value}` : ''}`);
    } else if (type === 'RequestMirror' && filter.requestMirror?.backendRef) {
      const mirror = filter.requestMirror.backendRef;
      notes.push(`RequestMirror: a copy goes to Service ${mirror.namespace?.value ?? winner.route.id.namespace}/${mirror.name?.value ?? '?'}${mirror.port ? ` port ${mirror.port.value}` : ''}, its answer dropped`);
    } else notes.push(`${type}: changes the request's or the response's headers, not where it goes; not simulated`);
  }
  return { ...(backendPath !== undefined && { backendPath }), notes };
}

/**
 * The rule of the routes that takes the request (Gateway API's precedence over the merged rules), and its backend;
 * no rule matching answers 404, the Service is not reached around its routes (HTTPRouteRule.matches: "a HTTP 404
 * status code MUST be returned").
 */
export function routeToServiceParent(request: HttpRequest, snapshot: ClusterSnapshot, service: SimService, port: SimServicePort, attached: ServiceRoutes): RouteResult {
  const entry = `Service ${service.namespace}/${service.name} port ${port.port} (${attached.role === 'consumer' ? `consumer route of ${request.from?.namespace}` : 'producer route'})`;
  const winner = candidatesOf(attached.routes, request)[0];
  if (winner) {
    const filters = winner.rule.filters?.value ?? [];
    const redirect = filters.find((filter) => filter.type?.value === 'RequestRedirect')?.requestRedirect;
    const description = describeCandidate(winner, entry);
    if (redirect) return redirected(request, winner, redirect, description);
    const effects = filterEffects(request, winner);
    const result = chooseBackend(winner, snapshot, 'mesh', description, effects.notes);
    return effects.backendPath === undefined ? result : { ...result, backendPath: effects.backendPath };
  }
  const names = attached.routes.map((route) => `${route.id.namespace}/${route.id.name}`).join(', ');
  return {
    status: 404,
    backend: null,
    rule: `no rule of the HTTPRoutes attached to Service ${service.namespace}/${service.name} (${names}) matches ${request.method} ${request.path}: 404`,
    via: 'mesh',
    notes: [],
    refs: attached.routes.map((route) => refTo(route)),
  };
}
