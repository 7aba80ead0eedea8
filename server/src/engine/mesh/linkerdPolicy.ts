/**
 * Linkerd's policy resources (linkerd.io "Authorization Policy" reference; linkerd2's policy-controller): a Server
 * selecting a pod's port replaces the default inbound policy there; a client reaches it when an authorization of the
 * Server admits it, or else by the Server's accessPolicy (`deny` when absent). The proxy takes any authorization that
 * admits the client: an AuthorizationPolicy targeting the Server (or its Namespace) with every one of its required
 * authentications satisfied (a MeshTLSAuthentication by the client's identity, a NetworkAuthentication by its
 * address, a ServiceAccount), or a ServerAuthorization naming or selecting the Server whose client it describes.
 * HTTPRoutes attached to the Server (linkerdRoutes.ts) split its requests: a request takes one route, and is
 * authorized by the AuthorizationPolicies targeting that route together with the Server's own authorizations (the
 * proxy appends them to every route: linkerd2-proxy server-policy, authz.rs mk_authorizations); a request no route
 * matches is answered 404. A Server without routes has the controller's default route, matching everything.
 */
import { cidrContains, parseCidr } from '../cidr';
import { matchesLabelSelector } from '../labels';
import type { HTTPRoute, LinkerdAuthorizationPolicy, LinkerdNetwork, LinkerdRef, LinkerdServer, ServerAuthorization } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { serviceAccountOf } from '../snapshot/podOwner';
import { inboundRouteFor, inboundRoutesOf, type LinkerdInboundRequest, type LinkerdRouteMatch } from './linkerdRoutes';
import { accountIdentity, inClusterNetworks, inPortList, linkerdIdentity, linkerdSettings, runsLinkerdProxy, type LinkerdProxySettings } from './linkerd';

/** What a Server's authorizations look at: the client's Linkerd identity (none in plaintext) and its address. */
export interface LinkerdClient {
  readonly identity: string | undefined;
  readonly ip: string;
}

/** A client at an address: a pod running Linkerd's proxy (not on the host's network) speaks mTLS with its identity. */
export function linkerdClient(snapshot: ClusterSnapshot, pod: SimPod | undefined, ip: string): LinkerdClient {
  const meshed = pod !== undefined && runsLinkerdProxy(snapshot, pod);
  return { identity: meshed ? linkerdIdentity(pod, serviceAccountOf(snapshot, pod) ?? 'default') : undefined, ip };
}

/** A resource that admits clients to a Server. */
export type LinkerdAuthorization = LinkerdAuthorizationPolicy | ServerAuthorization;

/** What the server's proxy decides for a client on a port of its pod, and from what. */
export type LinkerdInboundDecision =
  | { readonly by: 'skipped' }
  | {
      readonly by: 'server';
      readonly server: LinkerdServer;
      /** The authorization that admits the client, if one does. */
      readonly authorization: LinkerdAuthorization | undefined;
      /** What applies to clients no authorization admits, and whether the Server writes it. */
      readonly accessPolicy: string;
      readonly accessPolicyWritten: boolean;
      /** Why the client is refused (or, for a request no route matches, answered 404); undefined when it is admitted. */
      readonly refusal: string | undefined;
      /** The HTTPRoutes attached to the Server; none: the default route, matching every request. */
      readonly routes: readonly HTTPRoute[];
      /** With a request: the rule of the route it takes (undefined with no route attached, none matching, or opaque traffic). */
      readonly route: LinkerdRouteMatch | undefined;
      /** With a request: routes are attached and none matches it, so the proxy answers 404. */
      readonly notFound: boolean;
      /** With nothing known of the traffic, and routes attached: what each route decides for the client. */
      readonly perRoute: readonly LinkerdRouteDecision[];
      /** Without a request: some routes admit the client and some refuse it, so the verdict depends on the request (refusal is then undefined). */
      readonly dependsOnRequest: boolean;
    }
  | { readonly by: 'default'; readonly settings: LinkerdProxySettings; readonly refusal: string | undefined };

/** What one inbound route decides for a client: the authorization admitting it (the route's, else the Server's), or why it is refused. */
export interface LinkerdRouteDecision {
  readonly route: HTTPRoute;
  readonly authorization: LinkerdAuthorization | undefined;
  readonly refusal: string | undefined;
}

/**
 * What the server's proxy reads of the traffic: an HTTP request; `opaque`, a connection it does not read as HTTP
 * (TLS from the application, an opaque port), which only the Server's own authorizations decide, routes being
 * HTTP's (linkerd2-proxy's TCP authorization reads the server's authorizations); or nothing known (port level).
 */
export type LinkerdInboundTraffic = LinkerdInboundRequest | 'opaque' | undefined;

/**
 * The inbound decision of a pod's proxy on a port: skipped, a Server's, or the default inbound policy's. With a
 * request, the Server's routes pick the one it takes; without one, the routes' verdicts are given each, and the
 * decision says when they differ.
 */
export function linkerdInboundDecision(snapshot: ClusterSnapshot, pod: SimPod, port: number, client: LinkerdClient, traffic?: LinkerdInboundTraffic): LinkerdInboundDecision {
  const settings = linkerdSettings(snapshot, pod);
  if (inPortList(settings.skipInboundPorts, port)) return { by: 'skipped' };
  const server = serverFor(snapshot, pod, port);
  if (!server) return { by: 'default', settings, refusal: refusalBy(settings.inboundPolicy, client) };
  const serverAuthorization = authorizationFor(snapshot, server, client);
  const accessPolicy = server.spec?.accessPolicy?.value ?? 'deny';
  const accessPolicyWritten = server.spec?.accessPolicy !== undefined;
  const routes = inboundRoutesOf(snapshot, server);
  const decide = (route: HTTPRoute | undefined): Omit<LinkerdRouteDecision, 'route'> => {
    const authorization = (route && routeAuthorizationFor(snapshot, route, client)) ?? serverAuthorization;
    return { authorization, refusal: authorization ? undefined : refusalBy(accessPolicy, client) };
  };
  const base = { by: 'server' as const, server, accessPolicy, accessPolicyWritten, routes, route: undefined, notFound: false, perRoute: [], dependsOnRequest: false };
  if (routes.length === 0 || traffic === 'opaque') return { ...base, ...decide(undefined) };
  if (traffic) {
    const route = inboundRouteFor(routes, traffic);
    if (!route) return { ...base, authorization: undefined, refusal: `no HTTPRoute of the Server matches the request, so the proxy answers 404`, notFound: true };
    return { ...base, route, ...decide(route.route) };
  }
  const perRoute = routes.map((route) => ({ route, ...decide(route) }));
  const admitting = perRoute.find((decision) => decision.refusal === undefined);
  const dependsOnRequest = admitting !== undefined && perRoute.some((decision) => decision.refusal !== undefined);
  return { ...base, perRoute, dependsOnRequest, authorization: admitting?.authorization, refusal: admitting ? undefined : perRoute[0]!.refusal };
}

/** Why a default policy (`all-unauthenticated`, `cluster-authenticated`, `deny`, ...) refuses a client; undefined when it admits it. */
function refusalBy(policy: string, client: LinkerdClient): string | undefined {
  if (policy === 'deny') return 'the policy denies every connection';
  if (policy.endsWith('-authenticated') && client.identity === undefined) return 'the policy admits only meshed (mTLS) clients, and this one has no Linkerd identity';
  if (policy.startsWith('cluster-') && !inClusterNetworks(client.ip)) return `the policy admits only clients inside the cluster networks, and ${client.ip} is not`;
  return undefined;
}

/** The Server of the pod's namespace that selects the pod and the port (a number, or a container port's name). */
export function serverFor(snapshot: ClusterSnapshot, pod: SimPod, port: number): LinkerdServer | undefined {
  return objectsOfType(snapshot, 'LinkerdServer').find((server) => {
    const selector = server.spec?.podSelector;
    const written = server.spec?.port?.value;
    if (server.id.namespace !== pod.namespace || !selector || !matchesLabelSelector(selector, pod.labels)) return false;
    return typeof written === 'number' ? written === port : pod.containers.some((container) => container.ports.some((candidate) => candidate.name === written && candidate.port === port));
  });
}

/** The authorization that admits a client to a Server, if one does: an AuthorizationPolicy, else a ServerAuthorization. */
function authorizationFor(snapshot: ClusterSnapshot, server: LinkerdServer, client: LinkerdClient): LinkerdAuthorization | undefined {
  const namespace = server.id.namespace ?? 'default';
  const policy = objectsOfType(snapshot, 'LinkerdAuthorizationPolicy').find((candidate) => {
    const target = candidate.spec?.targetRef;
    if (candidate.id.namespace !== namespace || !target) return false;
    const kind = target.kind?.value;
    const targets = (kind === 'Server' && target.name?.value === server.id.name) || (kind === 'Namespace' && target.name?.value === namespace);
    return targets && (candidate.spec?.requiredAuthenticationRefs?.value ?? []).every((ref) => satisfies(snapshot, ref, namespace, client));
  });
  return policy ?? objectsOfType(snapshot, 'ServerAuthorization').find((candidate) => candidate.id.namespace === namespace && namesServer(candidate, server) && describesClient(candidate, client));
}

/**
 * The AuthorizationPolicy targeting a route (kind HTTPRoute, by name in the route's namespace, as the controller's
 * route_client_authzs compares it) whose required authentications the client satisfies, if one does.
 */
function routeAuthorizationFor(snapshot: ClusterSnapshot, route: HTTPRoute, client: LinkerdClient): LinkerdAuthorizationPolicy | undefined {
  const namespace = route.id.namespace ?? 'default';
  return objectsOfType(snapshot, 'LinkerdAuthorizationPolicy').find((candidate) => {
    const target = candidate.spec?.targetRef;
    if (candidate.id.namespace !== namespace || target?.kind?.value !== 'HTTPRoute' || target.name?.value !== route.id.name) return false;
    return (candidate.spec?.requiredAuthenticationRefs?.value ?? []).every((ref) => satisfies(snapshot, ref, namespace, client));
  });
}

/** Whether a ServerAuthorization is for a Server: by `name`, else by a `selector` over the Servers' labels (the CRD requires one). */
function namesServer(authorization: ServerAuthorization, server: LinkerdServer): boolean {
  const target = authorization.spec?.server;
  if (target?.name) return target.name.value === server.id.name;
  return target?.selector !== undefined && matchesLabelSelector(target.selector, server.metadata.labels?.value ?? {});
}

/**
 * Whether a ServerAuthorization's `client` describes the client (linkerd2 policy-controller, server_authorization.rs):
 * its address in `networks` (the cluster's networks when none is listed), and `unauthenticated` (anyone), or
 * `meshTLS` with `unauthenticatedTLS` (any meshed client) or an identity it lists or a ServiceAccount's identity.
 */
function describesClient(authorization: ServerAuthorization, client: LinkerdClient): boolean {
  const described = authorization.spec?.client;
  const networks = described?.networks?.value ?? [];
  if (!described || !(networks.length > 0 ? inNetworks(networks, client.ip) : inClusterNetworks(client.ip))) return false;
  if (described.unauthenticated?.value === true) return true;
  const mtls = described.meshTLS;
  const identity = client.identity;
  if (!mtls || identity === undefined) return false;
  if (mtls.unauthenticatedTLS?.value === true) return true;
  const namespace = authorization.id.namespace ?? 'default';
  return (mtls.identities?.value ?? []).some(({ value }) => identityMatches(value, identity)) || (mtls.serviceAccounts?.value ?? []).some((account) => account.name !== undefined && identity === accountIdentity(account.name.value, account.namespace?.value ?? namespace));
}

/** Whether a client satisfies one required authentication (of the policy's namespace unless the reference names one). */
function satisfies(snapshot: ClusterSnapshot, ref: LinkerdRef, policyNamespace: string, client: LinkerdClient): boolean {
  const namespace = ref.namespace?.value ?? policyNamespace;
  const name = ref.name?.value;
  switch (ref.kind?.value) {
    case 'ServiceAccount':
      return name !== undefined && client.identity === accountIdentity(name, namespace);
    case 'MeshTLSAuthentication': {
      const authentication = objectsOfType(snapshot, 'MeshTLSAuthentication').find((candidate) => candidate.id.namespace === namespace && candidate.id.name === name);
      const identity = client.identity;
      if (!authentication || identity === undefined) return false;
      const byName = (authentication.spec?.identities?.value ?? []).some(({ value }) => identityMatches(value, identity));
      const byRef = (authentication.spec?.identityRefs?.value ?? []).some((identityRef) => {
        const refNamespace = identityRef.namespace?.value ?? authentication.id.namespace ?? 'default';
        if (identityRef.kind?.value === 'Namespace') return identityRef.name?.value === '*' || identity.includes(`.${identityRef.name?.value}.serviceaccount.`);
        return identityRef.kind?.value === 'ServiceAccount' && (identityRef.name?.value === '*' ? identity.includes(`.${refNamespace}.serviceaccount.`) : identity === accountIdentity(identityRef.name?.value ?? '', refNamespace));
      });
      return byName || byRef;
    }
    case 'NetworkAuthentication': {
      const authentication = objectsOfType(snapshot, 'NetworkAuthentication').find((candidate) => candidate.id.namespace === namespace && candidate.id.name === name);
      return inNetworks(authentication?.spec?.networks?.value ?? [], client.ip);
    }
    default:
      return false;
  }
}

/** An identity as Linkerd matches it: `*` any, `*.SUFFIX` by its trailing labels, else exactly. */
function identityMatches(pattern: string, identity: string): boolean {
  return pattern === '*' || pattern === identity || (pattern.startsWith('*.') && identity.endsWith(pattern.slice(1)));
}

/** Whether an address is in one of the networks and in none of that network's exceptions. */
function inNetworks(networks: readonly LinkerdNetwork[], ip: string): boolean {
  const contains = (cidr: string | undefined) => {
    const parsed = cidr === undefined ? undefined : parseCidr(cidr);
    return parsed !== undefined && cidrContains(parsed, ip);
  };
  return networks.some((network) => contains(network.cidr?.value) && !(network.except?.value ?? []).some((except) => contains(except.value)));
}
