/**
 * The `http` query. A request from a pod, and one from outside to a host an Istio Gateway serves, is traced and the
 * answer read from the trace, so the query and `trace` follow the client's proxy (an Istio sidecar's or Linkerd's,
 * with their VirtualServices and the HTTPRoutes attached to Services) or kube-proxy through one code path; a request
 * from outside to an Ingress or a Gateway API Gateway is routeHttp's.
 */
import { answerUpstream } from '../dns/clusterDns';
import { hasIstioSidecar } from '../mesh/identity';
import { runsLinkerdProxy } from '../mesh/linkerd';
import { matchesLabelMap } from '../labels';
import { requestHostname } from '../routing/hostnames';
import { routeHttp } from '../routing/routeHttp';
import type { HttpRequest, RouteResult } from '../routing/types';
import type { ClusterSnapshot, SourceRef } from '../snapshot/types';
import { gatewayAddressFor, meshGatewayAddressFor } from './entryPoints';
import { parseSource } from './parseEndpoints';
import { traceWithBuilder } from './trace';
import type { TraceRequest, VerdictKind } from './types';

/** The status a client sees when no proxy answered with one itself: the application answers, or Envoy fails the request. */
const STATUS_OF: Partial<Record<VerdictKind, number>> = { delivered: 200, 'no-route': 404, denied: 403, 'no-endpoints': 503, 'http-error': 500 };

export function answerHttp(request: HttpRequest, snapshot: ClusterSnapshot): RouteResult {
  const traced = tracedRequest(request, snapshot);
  if (!traced) return routeHttp(request, snapshot);
  if (typeof traced === 'string') return { status: 503, backend: null, rule: traced, via: 'none', notes: [], refs: [] };
  const result = traceWithBuilder(traced.request, snapshot);
  if ('error' in result) return { status: 503, backend: null, rule: result.error, via: traced.via, notes: [], refs: [] };
  const { trace, builder } = result;
  const refs = new Map<string, SourceRef>();
  for (const ref of trace.hops.flatMap((hop) => (hop.component === 'sidecar' || hop.component === 'gateway' ? hop.refs : []))) refs.set(JSON.stringify(ref), ref);
  return {
    // Envoy answers for itself (a redirect, a fixed response, an injected fault); otherwise a connection that fails gets 503 from the client's proxy.
    status: builder.envoyStatus ?? STATUS_OF[trace.verdict.kind] ?? 503,
    backend: builder.meshBackend ?? null,
    rule: trace.verdict.summary,
    via: traced.via,
    ...(builder.serviceRoute && { route: builder.serviceRoute }),
    ...(builder.rewrittenPath !== undefined && { backendPath: builder.rewrittenPath }),
    notes: trace.notes,
    refs: [...refs.values()],
  };
}

/**
 * The trace of the query's request: from a pod always (via `mesh` where a mesh proxy carries it), from outside when
 * an Istio Gateway serves the host; undefined for routeHttp, or why a request from a pod cannot be traced.
 */
function tracedRequest(request: HttpRequest, snapshot: ClusterSnapshot): { readonly request: TraceRequest; readonly via: RouteResult['via'] } | string | undefined {
  const host = requestHostname(request.host);
  if (host === undefined) return request.from ? 'a request from a pod is traced to a host name: give the URL a name, or the Host header' : undefined;
  const to = { host, port: request.port, scheme: request.scheme, path: request.path, method: request.method, headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])) };
  const client = request.from;
  if (client) {
    // The workload the query names, or (without a name) a pod of the namespace with the labels it gives.
    const pod = snapshot.pods.find((candidate) => candidate.namespace === client.namespace && (client.name !== undefined ? candidate.workload.name === client.name || candidate.name === client.name : matchesLabelMap(client.labels ?? {}, candidate.labels)));
    if (!pod) return `there is no pod of ${client.namespace}/${client.name ?? Object.entries(client.labels ?? {}).map(([key, value]) => `${key}=${value}`).join(',')}`;
    const from = client.name !== undefined ? ({ kind: 'workload', namespace: client.namespace, name: client.name } as const) : ({ kind: 'pod', namespace: pod.namespace, name: pod.name } as const);
    return { request: { from, to, protocol: 'TCP' }, via: hasIstioSidecar(snapshot, pod) || runsLinkerdProxy(snapshot, pod) ? 'mesh' : 'none' };
  }
  if (request.gateway) return undefined;
  // The trace's order: public DNS, then a Gateway API Gateway, then an Istio Gateway.
  const published = answerUpstream(`${host}.`, 'A', snapshot).answer.some((record) => record.type === 'A');
  if (published || gatewayAddressFor(host, snapshot) || !meshGatewayAddressFor(host, snapshot)) return undefined;
  const from = request.clientAddress ? ({ kind: 'external', ip: request.clientAddress } as const) : parseSource('external');
  return typeof from === 'string' ? undefined : { request: { from, to, protocol: 'TCP' }, via: 'gateway' };
}
