/**
 * The inbound HTTPRoutes of a Linkerd Server (linkerd2 policy-controller, k8s/index/src/inbound/routes.rs and
 * index/http.rs): an HTTPRoute of either group (policy.linkerd.io, gateway.networking.k8s.io) whose parentRef is a
 * Server (group policy.linkerd.io, kind Server) of the route's own namespace. A parentRef naming another namespace,
 * a port or a sectionName makes the route invalid, and so does a filter the inbound side does not take (a Gateway
 * API route's RequestMirror, URLRewrite or ExtensionRef): the controller then ignores the whole route. The server's
 * proxy picks one rule among all the attached routes as the Gateway API ranks matches; with no route attached, the
 * controller gives the Server a default route matching every request.
 */
import type { HTTPRoute, HTTPRouteFilter, LinkerdServer, ParentReference } from '../objects';
import { candidatesOf, type Candidate, type RouteMatchRequest } from '../routing/gateway';
import { gatewayHostMatches, requestHostname } from '../routing/hostnames';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot } from '../snapshot/types';

const POLICY_GROUP = 'policy.linkerd.io';

/** A request as the server's proxy sees it: what a route's matches look at, and the Host it names. */
export interface LinkerdInboundRequest extends RouteMatchRequest {
  readonly authority?: string;
}

/** The rule of an inbound route that a request takes. */
export type LinkerdRouteMatch = Candidate;

/** Whether a parentRef points at a Server (by group and kind). */
function isServerParent(parent: ParentReference): boolean {
  return parent.group?.value === POLICY_GROUP && parent.kind?.value === 'Server' && (parent.name?.value ?? '') !== '';
}

/** Filters the inbound side reads: a Gateway API route with any other makes the controller reject it. */
const INBOUND_FILTERS = new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect']);

/** Why the policy controller ignores an inbound route, if it does. */
function invalidity(route: HTTPRoute): string | undefined {
  const namespace = route.id.namespace ?? 'default';
  for (const parent of (route.spec?.parentRefs?.value ?? []).filter(isServerParent)) {
    if (parent.namespace !== undefined && parent.namespace.value !== namespace) return 'it names a Server of another namespace';
    if (parent.port !== undefined) return 'its parentRef names a port';
    if (parent.sectionName !== undefined) return 'its parentRef names a sectionName';
  }
  const filters: HTTPRouteFilter[] = (route.spec?.rules?.value ?? []).flatMap((rule) => rule.filters?.value ?? []);
  const unsupported = filters.find((filter) => !INBOUND_FILTERS.has(filter.type?.value ?? ''));
  return unsupported ? `its ${unsupported.type?.value ?? 'untyped'} filter is not supported on inbound routes` : undefined;
}

/** The valid HTTPRoutes attached to a Server. */
export function inboundRoutesOf(snapshot: ClusterSnapshot, server: LinkerdServer): HTTPRoute[] {
  return objectsOfType(snapshot, 'HTTPRoute').filter(
    (route) => route.id.namespace === server.id.namespace && (route.spec?.parentRefs?.value ?? []).some((parent) => isServerParent(parent) && parent.name?.value === server.id.name) && invalidity(route) === undefined,
  );
}

/** The rule a request takes among the routes (undefined: none matches, and the proxy answers 404). */
export function inboundRouteFor(routes: readonly HTTPRoute[], request: LinkerdInboundRequest): LinkerdRouteMatch | undefined {
  const host = requestHostname(request.authority);
  const byHost = routes.filter((route) => {
    const hostnames = route.spec?.hostnames?.value ?? [];
    return hostnames.length === 0 || (host !== undefined && hostnames.some((hostname) => gatewayHostMatches(hostname.value, host)));
  });
  return candidatesOf(byHost, request)[0];
}
