import { buildSnapshot } from '../engine/snapshot/buildSnapshot';
import type { ClusterProfile } from '../engine/profile';
import { parseDestination, parseProtocol, parseSource } from '../engine/trace/parseEndpoints';
import { traceRequest } from '../engine/trace/trace';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { UsageError, type OutputFormat } from './arguments';
import { formatTrace } from './formatTrace';

export const TRACE_HELP = `Usage: kubetrace trace [options] PATH... --from SRC --to DST

Follows one request through the cluster the manifests describe, hop by hop: DNS, kube-proxy (DNAT, SNAT,
the endpoint chosen and the alternatives), the CNI between nodes, NetworkPolicy, the receiving container.

SRC: NAMESPACE/WORKLOAD, NAMESPACE/KIND/NAME, pod:NAMESPACE/NAME, node:NAME, external or external:IP
DST: a URL (http://api.shop:8080/users), HOST:PORT, IP:PORT, or a DNS name (port 80)

Exit status: 0 when the request is delivered, 1 when it is not, 2 on a usage or I/O error.

Options:
  --from SRC             who sends the request (required)
  --to DST               where it goes (required)
  --protocol P           TCP (default), UDP or SCTP
  --rules                show the kube-proxy rules behind each decision (text format)
  --profile FILE         the cluster profile (default: kubetrace.yaml in or above the first PATH)
  --format text|json     output format (default text)
  --exclude GLOB         skip files matching GLOB (repeatable)
  -h, --help             show this help
`;

export function runTrace(index: WorkspaceIndex, profile: ClusterProfile, options: { from?: string; to?: string; protocol?: string; rules: boolean; format: OutputFormat }, out: (text: string) => void): number {
  if (!options.from || !options.to) throw new UsageError('trace needs --from and --to');
  const from = parseSource(options.from);
  if (typeof from === 'string') throw new UsageError(from);
  const to = parseDestination(options.to);
  if (typeof to === 'string') throw new UsageError(to);
  const protocol = parseProtocol(options.protocol);
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') throw new UsageError(protocol);
  const snapshot = buildSnapshot(index.clusters().flatMap((cluster) => cluster.objects), profile);
  const trace = traceRequest({ from, to, protocol }, snapshot);
  if ('error' in trace) {
    if (options.format === 'json') out(`${JSON.stringify({ error: trace.error })}\n`);
    else out(`kubetrace: ${trace.error}\n`);
    return 1;
  }
  out(options.format === 'json' ? `${JSON.stringify(trace, null, 2)}\n` : formatTrace(trace, options.rules));
  return trace.verdict.kind === 'delivered' ? 0 : 1;
}
