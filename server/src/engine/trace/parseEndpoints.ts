import { parseAddress } from '../cidr';
import type { Protocol } from '../snapshot/types';
import type { PortForwardTarget, TraceDestination, TraceSource } from './types';

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, grpc: 80 };

/**
 * Reads a destination as people write it: `http://api.shop:8080/users`, `api.shop:8080`, `10.96.0.1:443`,
 * `[fd00::1]:443`, a bare name or address (port 80), or what `kubectl port-forward` names, `NAMESPACE/TYPE/NAME:PORT`
 * (`shop/svc/web:80`, `shop/pod/web-0:8080`). Returns an error message for anything else.
 */
export function parseDestination(text: string): TraceDestination | string {
  const trimmed = text.trim();
  const forwarded = /^([a-z0-9-]+)\/([a-z]+)\/([a-z0-9.-]+):(\d+)$/i.exec(trimmed);
  if (forwarded) {
    const target = portForwardTarget(forwarded[1]!, forwarded[2]!.toLowerCase(), forwarded[3]!);
    return typeof target === 'string' ? target : checkPort({ host: `${forwarded[2]!.toLowerCase()}/${forwarded[3]!}`, port: Number(forwarded[4]), portForward: target });
  }
  const url = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([^?#]*)?/i.exec(trimmed);
  if (url) {
    const scheme = url[1]!.toLowerCase();
    const port = url[3] ? Number(url[3]) : DEFAULT_PORTS[scheme];
    if (port === undefined) return `no port given and no default port for ${scheme}://`;
    return checkPort({ host: url[2]!.replace(/^\[|\]$/g, ''), port, scheme, path: url[4] || '/' });
  }
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  if (bracketed) return checkPort({ host: bracketed[1]!, port: Number(bracketed[2] ?? 80) });
  if (parseAddress(trimmed)) return { host: trimmed, port: 80 };
  const hostPort = /^([a-z0-9.-]+)(?::(\d+))?$/i.exec(trimmed);
  if (hostPort) return checkPort({ host: hostPort[1]!, port: Number(hostPort[2] ?? 80) });
  return `cannot read "${text}" as a destination: write a URL, HOST:PORT, IP:PORT or a DNS name`;
}

/** The resource types `kubectl port-forward TYPE/NAME` accepts, by the names kubectl takes for them. */
const FORWARDABLE: Record<string, { type: PortForwardTarget['type']; workloadKind?: string }> = {
  pod: { type: 'pod' }, pods: { type: 'pod' }, po: { type: 'pod' },
  svc: { type: 'service' }, service: { type: 'service' }, services: { type: 'service' },
  deploy: { type: 'workload', workloadKind: 'deployment' }, deployment: { type: 'workload', workloadKind: 'deployment' }, deployments: { type: 'workload', workloadKind: 'deployment' },
  sts: { type: 'workload', workloadKind: 'statefulset' }, statefulset: { type: 'workload', workloadKind: 'statefulset' }, statefulsets: { type: 'workload', workloadKind: 'statefulset' },
  rs: { type: 'workload', workloadKind: 'replicaset' }, replicaset: { type: 'workload', workloadKind: 'replicaset' }, replicasets: { type: 'workload', workloadKind: 'replicaset' },
  ds: { type: 'workload', workloadKind: 'daemonset' }, daemonset: { type: 'workload', workloadKind: 'daemonset' }, daemonsets: { type: 'workload', workloadKind: 'daemonset' },
  job: { type: 'workload', workloadKind: 'job' }, jobs: { type: 'workload', workloadKind: 'job' },
};

/** What `kubectl port-forward -n NAMESPACE TYPE/NAME` forwards to; a message for a type it does not take. */
export function portForwardTarget(namespace: string, type: string, name: string): PortForwardTarget | string {
  const known = FORWARDABLE[type];
  if (!known) return `kubectl port-forward does not forward to ${type}/${name}: name a pod, svc, deploy, sts, rs, ds or job`;
  return { namespace, type: known.type, name, ...(known.workloadKind && { workloadKind: known.workloadKind }) };
}

function checkPort(destination: TraceDestination): TraceDestination | string {
  return Number.isInteger(destination.port) && destination.port >= 1 && destination.port <= 65535 ? destination : `port ${destination.port} is not between 1 and 65535`;
}

/**
 * Reads a source: `NS/WORKLOAD`, `NS/Kind/NAME`, `pod:NS/NAME`, `node:NAME`, `external` (a client on the
 * internet, 198.51.100.7) or `external:IP`, a bare IP address outside the cluster, or `port-forward` (a client
 * through `kubectl port-forward` to the destination).
 */
export function parseSource(text: string): TraceSource | string {
  const trimmed = text.trim();
  if (trimmed === 'external') return { kind: 'external', ip: '198.51.100.7' };
  if (trimmed === 'port-forward') return { kind: 'port-forward' };
  if (trimmed.startsWith('external:')) {
    const ip = parseAddress(trimmed.slice('external:'.length))?.address;
    return ip ? { kind: 'external', ip } : `"${trimmed}" does not name an IP address`;
  }
  const bare = parseAddress(trimmed);
  if (bare) return { kind: 'external', ip: bare.address };
  if (trimmed.startsWith('node:')) return { kind: 'node', name: trimmed.slice('node:'.length) };
  if (trimmed.startsWith('pod:')) {
    const [namespace, name] = trimmed.slice('pod:'.length).split('/');
    return namespace && name ? { kind: 'pod', namespace, name } : `write a pod as pod:NAMESPACE/NAME, not "${trimmed}"`;
  }
  const parts = trimmed.split('/');
  if (parts.length === 2 && parts[0] && parts[1]) return { kind: 'workload', namespace: parts[0], name: parts[1] };
  if (parts.length === 3 && parts[0] && parts[1] && parts[2]) return { kind: 'workload', namespace: parts[0], workloadKind: parts[1], name: parts[2] };
  return `cannot read "${text}" as a source: write NAMESPACE/WORKLOAD, NAMESPACE/KIND/NAME, pod:NAMESPACE/NAME, node:NAME, external[:IP] or port-forward`;
}

export function parseProtocol(text: string | undefined): Protocol | string {
  const upper = (text ?? 'TCP').toUpperCase();
  return upper === 'TCP' || upper === 'UDP' || upper === 'SCTP' ? upper : `protocol must be TCP, UDP or SCTP, not ${text}`;
}
