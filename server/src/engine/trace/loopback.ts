import { cidrContains, parseAddress, parseCidr } from '../cidr';
import type { SimPod } from '../snapshot/types';
import type { TraceBuilder } from './traceBuilder';
import type { Packet, Trace } from './types';

/** The names the kubelet's /etc/hosts gives the loopback addresses (127.0.0.1 localhost; ::1 localhost ip6-localhost ip6-loopback). */
const LOOPBACK_NAMES = new Set(['localhost', 'ip6-localhost', 'ip6-loopback']);
const LOOPBACK_V4 = parseCidr('127.0.0.0/8')!;

/** The loopback address a destination names, when it names one: a loopback address, or a name /etc/hosts maps to one. */
export function loopbackAddress(host: string): string | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (LOOPBACK_NAMES.has(name)) return name === 'localhost' ? '127.0.0.1' : '::1';
  const address = parseAddress(host);
  if (!address) return undefined;
  return (address.family === 'IPv4' && cidrContains(LOOPBACK_V4, address.address)) || address.address === '::1' ? address.address : undefined;
}

/**
 * A pod's containers share one network namespace, so a connection to its loopback reaches the container of
 * the same pod that listens on the port: no DNS query, no Service, no NetworkPolicy (it never leaves the
 * namespace's `lo`), no sidecar (Istio's and Linkerd's iptables leave loopback traffic alone).
 * `how` says how the connection got there.
 */
export function throughLoopback(trace: TraceBuilder, pod: SimPod, packet: Packet, how: readonly string[], via = 'over the loopback'): Trace {
  const address = packet.dst;
  const declared = pod.containers.flatMap((container) => container.ports.map((port) => ({ container: container.name, ...port })));
  const listening = declared.find((port) => port.port === packet.dstPort && port.protocol === packet.protocol);
  trace.hop({
    component: 'container',
    ...(pod.node && { node: pod.node }),
    title: `Loopback of pod ${pod.namespace}/${pod.name}`,
    decision: listening
      ? `The pod's containers share its network namespace: container ${listening.container} declares ${packet.protocol} ${packet.dstPort}${listening.name ? ` (${listening.name})` : ''} and gets the connection over lo.`
      : `The pod's containers share its network namespace, and none declares ${packet.protocol} port ${packet.dstPort}${declared.length > 0 ? ` (declared: ${declared.map((port) => `${port.container} ${port.port}/${port.protocol}`).join(', ')})` : ''}: the connection is refused.`,
    before: packet,
    details: [
      ...how,
      ...(listening ? [] : [`containerPort is informational: if a container's process listens on ${packet.dstPort} without declaring it, the connection is accepted`]),
    ],
    refs: listening?.source ? [listening.source] : pod.source ? [pod.source] : [],
  });
  return listening
    ? trace.finish({ kind: 'delivered', summary: `delivered ${via} to container ${listening.container} of pod ${pod.namespace}/${pod.name} at ${address}:${packet.dstPort}` })
    : trace.finish({ kind: 'not-listening', summary: `no container of pod ${pod.namespace}/${pod.name} declares ${packet.protocol} port ${packet.dstPort}: ${address}:${packet.dstPort} refuses the connection` });
}
