import { podAtAddress, traceWithProxyStatus, type ClusterSnapshot, type SimPod, type SourceRef, type Trace, type TraceDestination, type TraceSource } from '../engine';
import type { DnsQueryRecord, TerminalNote, TrackedConnection } from './commandOutput';

/**
 * What a client program in a pod sees of one TCP connection (and, for HTTP clients, its request), read from the
 * engine's trace: the failures programs tell apart (no address, refused, timed out, reset) and the HTTP status
 * of an answer, with the trace's verdict and the YAML that decided it as notes.
 */
export type ConnectionOutcome =
  | { readonly kind: 'answered'; readonly status: number; readonly address: string | undefined; readonly server: SimPod | undefined; readonly by: string }
  | { readonly kind: 'unresolved' }
  | { readonly kind: 'resolve-timeout' }
  | { readonly kind: 'refused'; readonly address: string | undefined }
  | { readonly kind: 'timeout'; readonly address: string | undefined }
  | { readonly kind: 'reset'; readonly address: string | undefined }
  | { readonly kind: 'not-simulated'; readonly address: string | undefined; readonly why: string };

export interface TracedConnection {
  readonly outcome: ConnectionOutcome;
  readonly notes: readonly TerminalNote[];
  /** The connection as the client's node tracks it, where it went through one (not through port-forward). */
  readonly tracked?: TrackedConnection;
}

/** Who connects, and where to, as the trace's request names it. */
export interface ConnectionRequest extends TraceDestination {
  /** A pod, a client outside the cluster, or kubectl port-forward (with `portForward`). */
  readonly from: TraceSource;
}

/** Follows the connection through the engine and reads what the client sees. */
export function traceConnection(request: ConnectionRequest, snapshot: ClusterSnapshot): TracedConnection {
  const { from, ...to } = request;
  const traced = traceWithProxyStatus({ from, to, protocol: 'TCP' }, snapshot);
  if ('error' in traced) return { outcome: { kind: 'not-simulated', address: undefined, why: traced.error }, notes: [{ text: traced.error }] };
  const { trace, proxyStatus } = traced;
  const outcome = outcomeOf(trace, proxyStatus, snapshot);
  const tracked = trackedConnection(trace, outcome);
  return { outcome, notes: traceNotes(trace), ...(tracked && { tracked }) };
}

/** The conntrack entry of the client's node: the first TCP packet, and the address kube-proxy rewrote it to. */
function trackedConnection(trace: Trace, outcome: ConnectionOutcome): TrackedConnection | undefined {
  const first = trace.hops.find((hop) => hop.before?.protocol === 'TCP' && hop.node !== undefined);
  if (!first?.before || first.before.src === '127.0.0.1') return undefined;
  const rewritten = trace.hops.find((hop) => hop.component === 'kube-proxy' && hop.after)?.after ?? first.before;
  const answered = outcome.kind === 'answered' || outcome.kind === 'reset';
  return { node: first.node!, src: first.before.src, srcPort: first.before.srcPort, dst: first.before.dst, dstPort: first.before.dstPort, replySrc: rewritten.dst, replyPort: rewritten.dstPort, answered };
}

function outcomeOf(trace: Trace, proxyStatus: number | undefined, snapshot: ClusterSnapshot): ConnectionOutcome {
  const { verdict } = trace;
  const address = connectedAddress(trace);
  const lastHop = trace.hops.at(-1);
  switch (verdict.kind) {
    case 'delivered': {
      const arrived = [...trace.hops].reverse().find((hop) => hop.component === 'container')?.before;
      const server = arrived ? podAtAddress(arrived.dst, snapshot) : undefined;
      return { kind: 'answered', status: proxyStatus ?? 200, address, server, by: server ? `pod ${server.namespace}/${server.name}` : verdict.summary };
    }
    case 'nxdomain':
    case 'dns-failure':
      return { kind: 'unresolved' };
    case 'no-endpoints':
    case 'no-route':
    case 'http-error':
      // A proxy on the way (an ingress controller, Envoy) answers with a status; kube-proxy rejects a Service without endpoints.
      if (proxyStatus !== undefined) return { kind: 'answered', status: proxyStatus, address, server: undefined, by: verdict.summary };
      return { kind: 'refused', address };
    case 'not-listening':
      return { kind: 'refused', address };
    case 'denied': {
      const status = /^HTTP (\d{3}):/.exec(verdict.summary)?.[1];
      if (status) return { kind: 'answered', status: Number(status), address, server: undefined, by: verdict.summary };
      if (verdict.summary.includes("Linkerd's proxy")) return { kind: 'answered', status: 403, address, server: undefined, by: verdict.summary };
      if (verdict.summary.endsWith('the name never resolves')) return { kind: 'resolve-timeout' };
      if (verdict.summary.includes('resets')) return { kind: 'reset', address };
      if (verdict.summary.endsWith('the connection is closed')) return { kind: 'answered', status: 502, address, server: undefined, by: verdict.summary };
      if (lastHop?.component === 'network-policy' || verdict.summary.includes('times out')) return { kind: 'timeout', address };
      return { kind: 'not-simulated', address, why: verdict.summary };
    }
    case 'leaves-cluster':
    case 'not-traced':
      return { kind: 'not-simulated', address, why: verdict.summary };
  }
}

/** The address the client connected to: the destination of the first TCP packet the trace follows. */
function connectedAddress(trace: Trace): string | undefined {
  return trace.hops.find((hop) => hop.before?.protocol === 'TCP')?.before?.dst;
}

/** The verdict, then each hop's decision that names YAML, as notes the terminal prints after the program's output. */
function traceNotes(trace: Trace): TerminalNote[] {
  const seen = new Set<string>();
  const refs: SourceRef[] = [];
  for (const hop of trace.hops) {
    for (const ref of hop.refs) {
      const key = `${ref.uri}:${ref.range.start.line}`;
      if (!seen.has(key)) refs.push(ref);
      seen.add(key);
    }
  }
  const decisive = [...trace.hops].reverse().find((hop) => hop.refs.length > 0 && (hop.component === 'network-policy' || hop.component === 'sidecar' || hop.component === 'ingress-controller'));
  const first = decisive?.refs[0] ?? refs.at(-1);
  return [{ text: `${trace.verdict.kind}: ${trace.verdict.summary}`, ...(first && { source: first }) }];
}

/**
 * Who runs a client program: where its connection to a host and port starts (a pod; outside the cluster; kubectl
 * port-forward for a forwarded local port), and the DNS queries its resolver sends for a name.
 */
export interface ConnectionClient {
  readonly route: (host: string, port: number) => Pick<ConnectionRequest, 'from' | 'portForward' | 'host' | 'port'>;
  readonly queries: (host: string) => readonly DnsQueryRecord[];
}

/** A client program in a pod: the trace starts at the pod, and names go to the cluster DNS. */
export function podClient(pod: SimPod, queries: (host: string) => readonly DnsQueryRecord[]): ConnectionClient {
  return { route: (host, port) => ({ from: { kind: 'pod', namespace: pod.namespace, name: pod.name }, host, port }), queries };
}
