import { buildSnapshot, type ClusterProfile, parseDestination, parseProtocol, parseSource, traceRequest } from '../engine';
import type { ClusterModel } from '../model/clusterModel';
import { UsageError, type OutputFormat } from './arguments';
import { formatTrace } from './formatTrace';

export const TRACE_HELP = `Usage: kubetrace trace [options] PATH... --from SRC --to DST

Follows one request through the cluster the manifests describe, hop by hop: DNS, kube-proxy (DNAT, SNAT,
the endpoint chosen and the alternatives), the CNI between nodes, NetworkPolicy, Istio's sidecars (route, subset, mTLS, authorization), the receiving
container.

SRC: NAMESPACE/WORKLOAD, NAMESPACE/KIND/NAME, pod:NAMESPACE/NAME, node:NAME, external or external:IP,
     or port-forward (a client of kubectl port-forward, to DST NAMESPACE/TYPE/NAME:PORT)
DST: a URL (http://api.shop:8080/users), HOST:PORT, IP:PORT, or a DNS name (port 80); from port-forward,
     what kubectl port-forward names: NAMESPACE/TYPE/NAME:PORT (shop/svc/web:80, shop/pod/web-0:8080)

Exit status: 0 when the request is delivered, 1 when it is not, 2 on a usage or I/O error.

Options:
  --from SRC             who sends the request (required)
  --to DST               where it goes (required)
  --protocol P           TCP (default), UDP or SCTP
  --method M             the HTTP method, for a service mesh's routes and policies (default GET)
  --header NAME:VALUE    an HTTP header, for a service mesh's routes (repeatable)
  --rules                show the kube-proxy rules behind each decision (text format)
  --profile FILE         the cluster profile (default: kubetrace.yaml in or above the cluster's folder)
  --cluster NAME         the cluster to trace in, when the PATHs hold several (default: the one holding SRC)
  --namespace NS         where objects that name no namespace go (as kubectl apply -n; default: the profile's)
  --format text|json     output format (default text)
  --exclude GLOB         skip files matching GLOB (repeatable)
  -h, --help             show this help
`;

/** `options.cluster`: the cluster's name, said first when the PATHs hold several. */
export function runTrace(
  cluster: ClusterModel | undefined,
  profile: ClusterProfile,
  options: { from?: string; to?: string; protocol?: string; method?: string; headers?: readonly string[]; rules: boolean; format: OutputFormat; cluster?: string },
  out: (text: string) => void,
): number {
  if (!options.from || !options.to) throw new UsageError('trace needs --from and --to');
  const from = parseSource(options.from);
  if (typeof from === 'string') throw new UsageError(from);
  const destination = parseDestination(options.to);
  if (typeof destination === 'string') throw new UsageError(destination);
  const headers: Record<string, string> = {};
  for (const header of options.headers ?? []) {
    const colon = header.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header wants NAME:VALUE, not ${JSON.stringify(header)}`);
    headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
  }
  const to = { ...destination, ...(options.method && { method: options.method.toUpperCase() }), ...(Object.keys(headers).length > 0 && { headers }) };
  const protocol = parseProtocol(options.protocol);
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') throw new UsageError(protocol);
  const snapshot = buildSnapshot(cluster?.objects ?? [], profile);
  const trace = traceRequest({ from, to, protocol }, snapshot);
  if (options.cluster !== undefined && options.format === 'text') out(`cluster ${options.cluster}\n`);
  if ('error' in trace) {
    if (options.format === 'json') out(`${JSON.stringify({ error: trace.error, ...(options.cluster !== undefined && { cluster: options.cluster }) })}\n`);
    else out(`kubetrace: ${trace.error}\n`);
    return 1;
  }
  out(options.format === 'json' ? `${JSON.stringify(options.cluster !== undefined ? { cluster: options.cluster, ...trace } : trace, null, 2)}\n` : formatTrace(trace, options.rules));
  return trace.verdict.kind === 'delivered' ? 0 : 1;
}
