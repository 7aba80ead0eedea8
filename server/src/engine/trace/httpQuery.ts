/**
 * The `http` query. Where a service mesh's proxy routes the request (from a pod with an Istio sidecar, or from
 * outside to a host an Istio Gateway serves, as the trace finds it) the request is traced and the answer read from
 * the trace, so the query and `trace` follow mesh routes through one code path; anything else is routeHttp's
 * (Ingresses, Gateway API Gateways, and HTTPRoutes attached to Services, which the trace does not follow yet).
 */
import { answerUpstream } from '../dns/clusterDns';
import { hasIstioSidecar } from '../mesh/identity';
import { requestHostname } from '../routing/hostnames';
import { routeHttp } from '../routing/routeHttp';
import type { HttpRequest, RouteResult } from '../routing/types';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot, SourceRef } from '../snapshot/types';
import { gatewayAddressFor, meshGatewayAddressFor } from './entryPoints';
import { parseSource } from './parseEndpoints';
import { traceWithBuilder } from './trace';
import type { TraceRequest, VerdictKind } from './types';

/** The status a client sees when no proxy answered with one itself: the application answers, or Envoy fails the request. */
const STATUS_OF: Partial<Record<VerdictKind, number>> = { delivered: 200, 'no-route': 404, denied: 403, 'no-endpoints': 503, 'http-error': 500 };

export function answerHttp(request: HttpRequest, snapshot: ClusterSnapshot): RouteResult {
  const traced = meshTraceRequest(request, snapshot);
  if (!traced) return routeHttp(request, snapshot);
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
    notes: trace.notes,
    refs: [...refs.values()],
  };
}

/** The trace of the query's request when a mesh proxy routes it, else undefined. */
function meshTraceRequest(request: HttpRequest, snapshot: ClusterSnapshot): { readonly request: TraceRequest; readonly via: RouteResult['via'] } | undefined {
  const host = requestHostname(request.host);
  if (host === undefined) return undefined;
  const to = { host, port: request.port, scheme: request.scheme, path: request.path, method: request.method, headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])) };
  const client = request.from;
  if (client?.name !== undefined) {
    const pod = snapshot.pods.find((candidate) => candidate.namespace === client.namespace && (candidate.workload.name === client.name || candidate.name === client.name));
    // HTTPRoutes attached to Services (GAMMA) are routeHttp's: the trace does not follow them yet.
    if (!hasIstioSidecar(snapshot, pod) || attachesToServices(snapshot)) return undefined;
    return { request: { from: { kind: 'workload', namespace: client.namespace, name: client.name }, to, protocol: 'TCP' }, via: 'mesh' };
  }
  if (client || request.gateway) return undefined;
  // The trace's order: public DNS, then a Gateway API Gateway, then an Istio Gateway.
  const published = answerUpstream(`${host}.`, 'A', snapshot).answer.some((record) => record.type === 'A');
  if (published || gatewayAddressFor(host, snapshot) || !meshGatewayAddressFor(host, snapshot)) return undefined;
  const from = request.clientAddress ? ({ kind: 'external', ip: request.clientAddress } as const) : parseSource('external');
  return typeof from === 'string' ? undefined : { request: { from, to, protocol: 'TCP' }, via: 'gateway' };
}

/** Whether an HTTPRoute of the workspace has a Service as its parent (a GAMMA mesh route). */
function attachesToServices(snapshot: ClusterSnapshot): boolean {
  return objectsOfType(snapshot, 'HTTPRoute').some((route) => (route.spec?.parentRefs?.value ?? []).some((parent) => parent.kind?.value === 'Service'));
}
