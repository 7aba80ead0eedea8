/**
 * The inbound HTTPRoutes of a Linkerd Server (linkerd2 policy-controller, k8s/index/src/inbound/routes.rs and
 * index/http.rs): an HTTPRoute of either group (policy.linkerd.io, gateway.networking.k8s.io) whose parentRef is a
 * Server (group policy.linkerd.io, kind Server) of the route's own namespace. A parentRef naming another namespace,
 * a port or a sectionName makes the route invalid, and so does a filter the inbound side does not take (a Gateway
 * API route's RequestMirror, URLRewrite or ExtensionRef): the controller then ignores the whole route. With no
 * route attached, the controller gives the Server a default route matching every request.
 * The server's proxy picks one rule among all the attached routes (linkerd2-proxy linkerd/http/route, lib.rs find
 * and http/match.rs): a route whose hostnames match the Host outranks one without hostnames (exact before wildcard);
 * then the rule's best match, by the number of path characters matched (an Exact path, a PathPrefix without its
 * trailing slash, the whole path for a RegularExpression: an Exact and a PathPrefix of the same length tie), then a
 * method, then the most headers, then the most query parameters; a tie goes to the first route in the controller's
 * order (the oldest, then by name: the workspace has no creation times, so by name), then the first rule and match.
 */
import type { HTTPRoute, HTTPRouteFilter, HTTPRouteMatch, HTTPRouteRule, LinkerdServer, ParentReference } from '../objects';
import { matchMatches, type RouteMatchRequest } from '../routing/gateway';
import { gatewayHostMatches, requestHostname } from '../routing/hostnames';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot } from '../snapshot/types';

const POLICY_GROUP = 'policy.linkerd.io';

/** A request as the server's proxy sees it: what a route's matches look at, and the Host it names. */
export interface LinkerdInboundRequest extends RouteMatchRequest {
  readonly authority?: string;
}

/** The rule of an inbound route that a request takes, and its match that fits (none for a rule without matches). */
export interface LinkerdRouteMatch {
  readonly route: HTTPRoute;
  readonly ruleIndex: number;
  readonly rule: HTTPRouteRule;
  readonly match: HTTPRouteMatch | undefined;
}

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
  let best: { readonly rank: readonly number[]; readonly match: LinkerdRouteMatch } | undefined;
  for (const route of [...routes].sort((a, b) => a.id.name.localeCompare(b.id.name))) {
    const hostRank = hostRankOf(route, host);
    if (hostRank === undefined) continue;
    (route.spec?.rules?.value ?? []).forEach((rule, ruleIndex) => {
      const matches = rule.matches?.value ?? [];
      // A rule without matches matches every request, as a PathPrefix `/`.
      const fitting: (HTTPRouteMatch | undefined)[] = matches.length === 0 ? [undefined] : matches.filter((match) => matchMatches(match, request));
      for (const match of fitting) {
        const rank = [hostRank, pathLength(match, request.path), Number(match?.method !== undefined), match?.headers?.value.length ?? 0, match?.queryParams?.value.length ?? 0];
        // Strictly greater only: the first route, rule and match keep a tie.
        if (!best || outranks(rank, best.rank)) best = { rank, match: { route, ruleIndex, rule, match } };
      }
    });
  }
  return best?.match;
}

/** How a route's hostnames match the Host: 0 without hostnames, an exact name above any wildcard (longer wildcards first); undefined when none matches. */
function hostRankOf(route: HTTPRoute, host: string | undefined): number | undefined {
  const hostnames = route.spec?.hostnames?.value ?? [];
  if (hostnames.length === 0) return 0;
  const ranks = hostnames.filter((hostname) => host !== undefined && gatewayHostMatches(hostname.value, host)).map((hostname) => (hostname.value.startsWith('*.') ? hostname.value.length : 100_000));
  return ranks.length > 0 ? Math.max(...ranks) : undefined;
}

/** The number of path characters a match matched, as the proxy counts them (a rule without matches: PathPrefix `/`). */
function pathLength(match: HTTPRouteMatch | undefined, path: string): number {
  const type = match?.path?.type?.value ?? 'PathPrefix';
  const value = match?.path?.value?.value ?? '/';
  if (type === 'Exact') return value.length;
  if (type === 'RegularExpression') return (path.split('?')[0] || '/').length;
  return value === '/' ? 1 : value.replace(/\/+$/, '').length;
}

function outranks(rank: readonly number[], other: readonly number[]): boolean {
  for (let index = 0; index < rank.length; index++) if (rank[index] !== other[index]) return rank[index]! > other[index]!;
  return false;
}
