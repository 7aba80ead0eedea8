/**
 * What the service meshes decide for a connection the NetworkPolicies let through, without its request: the client's
 * Istio sidecar (its Sidecar resource's egress, the TLS it uses), then the server's proxy (Istio's PeerAuthentication
 * and AuthorizationPolicies, or Linkerd's Server, authorizations and default inbound policy). The trace decides the
 * same things hop by hop, through the same functions of mesh/.
 *
 * A meshed client is taken to connect as applications do, through a Service that selects the destination pod on that
 * port (the first of its namespace's, by name), so Envoy knows the host and speaks mTLS; without such a Service it
 * connects to the pod's address, which Istio does not identify: plaintext through the PassthroughCluster.
 */
import { authorizeRequest, type IstioAuthorization } from '../mesh/authorization';
import { hasIstioSidecar, isIstioProxy, istioPrincipal } from '../mesh/identity';
import { runsLinkerdProxy } from '../mesh/linkerd';
import { linkerdClient, linkerdInboundDecision } from '../mesh/linkerdPolicy';
import { effectiveMtls } from '../mesh/mtls';
import { egressAdmits, outboundPolicy, sidecarOf, visibleServiceEntry } from '../mesh/sidecarScope';
import { upstreamTls } from '../mesh/upstreamTls';
import type { PolicyPeer } from '../policy/types';
import { servicesInNamespace } from '../snapshot/indexes';
import type { ClusterSnapshot, Protocol, SimPod, SimService } from '../snapshot/types';

/** A mesh's verdict on a connection: `depends` when some of its requests are allowed and some refused. */
export interface MeshOutcome {
  readonly verdict: 'allowed' | 'denied' | 'depends';
  readonly reason: string;
  /** `name.namespace:port` of the Service the client's proxy was taken to connect through: what a trace of the cell asks for. */
  readonly through?: string;
}

/** How the client's Istio proxy sends the connection: over mTLS with its identity, in plaintext, or not at all; and through which Service. */
type IstioClientSide = { readonly mtls: boolean; readonly note?: string; readonly through?: string } | { readonly refused: string; readonly through?: string };

/** The mesh's verdict on a connection, or undefined when no mesh proxy decides anything for it. */
export function meshOutcome(from: PolicyPeer, to: PolicyPeer, protocol: Protocol, port: number, snapshot: ClusterSnapshot): MeshOutcome | undefined {
  // The proxies capture TCP only: UDP and SCTP go around them.
  if (protocol !== 'TCP') return undefined;
  const client = from.kind === 'pod' ? from.pod : undefined;
  if (to.kind === 'external') return client && hasIstioSidecar(snapshot, client) ? outsideTheMesh(client, to.ip, port, snapshot) : undefined;
  const server = to.pod;
  const side = client && isIstioProxy(snapshot, client) ? istioClientSide(client, server, port, snapshot) : { mtls: false };
  const through = side.through !== undefined ? { through: side.through } : {};
  if ('refused' in side) return { verdict: 'denied', reason: side.refused, ...through };
  if (hasIstioSidecar(snapshot, server)) {
    const outcome = istioServerSide(client, server, port, side.mtls, from.ip, to.ip, snapshot, side.note);
    return outcome && { ...outcome, ...through };
  }
  if (runsLinkerdProxy(snapshot, server)) {
    const decision = linkerdInboundDecision(snapshot, server, port, linkerdClient(snapshot, client, from.ip));
    if (decision.by === 'server' && decision.dependsOnRequest) {
      const verdicts = decision.perRoute.map(({ route, refusal }) => `HTTPRoute ${route.id.namespace}/${route.id.name} ${refusal ? 'refuses' : 'admits'} it`).join(', ');
      return { verdict: 'depends', reason: `the request decides: the HTTPRoutes of Server ${decision.server.id.namespace}/${decision.server.id.name} on ${server.namespace}/${server.name} split its requests, and ${verdicts}` };
    }
    if (decision.by === 'skipped' || decision.refusal === undefined) return undefined;
    const by = decision.by === 'server' ? `Server ${decision.server.id.namespace}/${decision.server.id.name} selects port ${port} and nothing authorizes the client` : `default inbound policy ${decision.settings.inboundPolicy}`;
    return { verdict: 'denied', reason: `Linkerd's proxy on ${server.namespace}/${server.name} refuses the connection: ${decision.refusal} (${by})` };
  }
  return undefined;
}

/** A sidecar's connection to an address outside the cluster: a ServiceEntry declares it, or the outboundTrafficPolicy decides. */
function outsideTheMesh(client: SimPod, ip: string, port: number, snapshot: ClusterSnapshot): MeshOutcome | undefined {
  const sidecar = sidecarOf(snapshot, client);
  if (visibleServiceEntry(snapshot, sidecar, ip, port)) return undefined;
  if (outboundPolicy(sidecar) !== 'REGISTRY_ONLY') return undefined;
  return { verdict: 'denied', reason: `Sidecar ${sidecar!.id.namespace}/${sidecar!.id.name}'s outboundTrafficPolicy REGISTRY_ONLY drops ${ip}:${port}, which no ServiceEntry declares (BlackHoleCluster)` };
}

/** The Service a meshed client reaches a pod's port through: the first of the pod's namespace whose endpoint for the pod has that port. */
function serviceReaching(server: SimPod, port: number, snapshot: ClusterSnapshot): { readonly service: SimService; readonly port: number } | undefined {
  const ip = server.ips[0];
  for (const service of servicesInNamespace(snapshot, server.namespace)) {
    const endpoint = snapshot.endpoints.get(`${service.namespace}/${service.name}`)?.endpoints.find((candidate) => candidate.ip === ip);
    const servicePort = endpoint && service.ports.find((candidate) => endpoint.ports[candidate.name] === port);
    if (servicePort) return { service, port: servicePort.port };
  }
  return undefined;
}

/** The client's Istio proxy: the Service it goes through, whether its Sidecar lets it, and the TLS it speaks. */
function istioClientSide(client: SimPod, server: SimPod, port: number, snapshot: ClusterSnapshot): IstioClientSide {
  const serverSidecar = hasIstioSidecar(snapshot, server);
  const reached = serviceReaching(server, port, snapshot);
  const sidecar = hasIstioSidecar(snapshot, client) ? sidecarOf(snapshot, client) : undefined;
  const policy = outboundPolicy(sidecar);
  if (!reached) {
    if (policy === 'REGISTRY_ONLY') return { refused: `no Service selects ${server.namespace}/${server.name} on port ${port}, and Sidecar ${sidecar!.id.namespace}/${sidecar!.id.name}'s outboundTrafficPolicy REGISTRY_ONLY drops a pod address it does not know (BlackHoleCluster)` };
    return { mtls: false, note: `no Service selects ${server.namespace}/${server.name} on port ${port}: the client's proxy sends the connection to the pod's address in plaintext (PassthroughCluster)` };
  }
  const { service } = reached;
  const through = `${service.name}.${service.namespace}:${reached.port}`;
  const host = `${service.name}.${service.namespace}.svc.${snapshot.profile.clusterDomain}`;
  if (sidecar && !egressAdmits(sidecar, service.namespace, host, reached.port)) {
    const name = `Sidecar ${sidecar.id.namespace}/${sidecar.id.name}`;
    if (policy === 'REGISTRY_ONLY') return { refused: `${name}'s egress does not list ${service.namespace}/${host}, and its outboundTrafficPolicy REGISTRY_ONLY drops it (BlackHoleCluster)`, through };
    return { mtls: false, note: `${name}'s egress does not list ${service.namespace}/${host}: the client's proxy passes the connection on in plaintext (PassthroughCluster)`, through };
  }
  const tls = upstreamTls(snapshot, service, serverSidecar);
  if (tls.fails) return { refused: `${tls.text}: the handshake fails (503)`, through };
  return { mtls: tls.istioMtls, note: `through Service ${service.namespace}/${service.name} port ${reached.port}, ${tls.text}`, through };
}

/** The server's Istio sidecar: STRICT mTLS resets plaintext, then its AuthorizationPolicies decide for every request of the connection. */
function istioServerSide(client: SimPod | undefined, server: SimPod, port: number, mtls: boolean, sourceIp: string, destinationIp: string, snapshot: ClusterSnapshot, note: string | undefined): MeshOutcome | undefined {
  const mode = effectiveMtls(snapshot, server, port);
  const how = note ? ` (${note})` : '';
  if (mode.mode === 'STRICT' && !mtls) {
    const by = mode.policy ? `PeerAuthentication ${mode.policy.id.namespace}/${mode.policy.id.name}` : 'the mesh';
    return { verdict: 'denied', reason: `STRICT mTLS on ${server.namespace}/${server.name} (${by}) resets plaintext${how}` };
  }
  const identity = mtls && client ? { principal: istioPrincipal(snapshot, client), namespace: client.namespace } : undefined;
  const authorization = authorizeRequest(snapshot, server, { http: undefined, identity, sourceIp, destinationIp, port });
  if (authorization.policies.length === 0) return undefined;
  return { verdict: authorization.verdict, reason: `${describe(authorization, server)}${how}` };
}

/** An AuthorizationPolicy verdict in one sentence, naming the rule that decided or the rules the request decides between. */
function describe(authorization: IstioAuthorization, server: SimPod): string {
  const name = (policy: { id: { namespace?: string; name: string } }) => `${policy.id.namespace}/${policy.id.name}`;
  const { denied, allowed, allowPolicies, requestDependent } = authorization;
  if (denied) return `AuthorizationPolicy ${name(denied.policy)} (DENY), rule ${denied.index + 1}, matches: the sidecar of ${server.namespace}/${server.name} answers 403`;
  if (authorization.verdict === 'denied') return `no rule of the ALLOW AuthorizationPolicies of ${server.namespace}/${server.name} (${allowPolicies.map(name).join(', ')}) can match this client: its sidecar answers 403`;
  if (authorization.verdict === 'depends') {
    const rules = requestDependent.map((rule) => `${name(rule.policy)} rule ${rule.index + 1}`).join(', ');
    return `the request decides: AuthorizationPolicy ${rules} match${requestDependent.length === 1 ? 'es' : ''} some requests (by method, path, host, header or JWT) and not others`;
  }
  return allowed ? `AuthorizationPolicy ${name(allowed.policy)}, rule ${allowed.index + 1}, allows every request of this client` : `no DENY rule of the AuthorizationPolicies of ${server.namespace}/${server.name} can match this client`;
}
