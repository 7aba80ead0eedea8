import { cidrContains, parseCidr } from '../cidr';
import type { ClusterSnapshot, SimGateway, SimNode, SimPod, SimService, SourceRef } from '../snapshot/types';
import type { TraceSource } from './types';

/** The sender of a trace, made concrete: its address, node and (for pods) the pod. */
export interface ResolvedSource {
  readonly ip: string;
  readonly node?: SimNode;
  readonly pod?: SimPod;
  readonly description: string;
  readonly refs: readonly SourceRef[];
  /**
   * Whether the connection carries Istio mTLS, when the client's proxy decided it (a DestinationRule's tls mode);
   * otherwise it does exactly when the sender is an Istio proxy.
   */
  readonly istioMtls?: boolean;
}

/** Finds the pod (the first ready one of a workload, by name) or node a source names; a message when there is none. */
export function resolveSource(source: TraceSource, snapshot: ClusterSnapshot): ResolvedSource | string {
  switch (source.kind) {
    case 'external':
      return { ip: source.ip, description: `a client outside the cluster (${source.ip})`, refs: [] };
    case 'port-forward':
      return { ip: '127.0.0.1', description: 'a client of kubectl port-forward, on the machine that runs kubectl', refs: [] };
    case 'node': {
      const node = snapshot.nodes.find((candidate) => candidate.name === source.name);
      if (!node) return `there is no node ${source.name} (nodes: ${snapshot.nodes.map((candidate) => candidate.name).join(', ')})`;
      return { ip: node.addresses[0] ?? '0.0.0.0', node, description: `node ${node.name}`, refs: node.source ? [node.source] : [] };
    }
    case 'pod':
    case 'workload': {
      const candidates = snapshot.pods
        .filter((pod) => pod.namespace === source.namespace)
        .filter((pod) =>
          source.kind === 'pod'
            ? pod.name === source.name
            : pod.workload.name === source.name && (source.workloadKind === undefined || pod.workload.kind.toLowerCase() === source.workloadKind.toLowerCase()),
        )
        .sort((a, b) => Number(b.ready) - Number(a.ready) || a.name.localeCompare(b.name));
      const pod = candidates.find((candidate) => candidate.ips.length > 0 && candidate.node !== undefined);
      const what = source.kind === 'pod' ? `pod ${source.namespace}/${source.name}` : `workload ${source.namespace}/${source.workloadKind ? `${source.workloadKind}/` : ''}${source.name}`;
      if (!pod) return candidates.length > 0 ? `${what} has no running pod (no node fits it)` : `there is no ${what} in the workspace`;
      const node = snapshot.nodes.find((candidate) => candidate.name === pod.node);
      return {
        ip: pod.ips[0]!,
        ...(node && { node }),
        pod,
        description: `pod ${pod.namespace}/${pod.name}${pod.simulated ? ` (of ${pod.workload.kind} ${pod.workload.name})` : ''}`,
        refs: pod.source ? [pod.source] : [],
      };
    }
  }
}

export type DestinationKind =
  | { readonly kind: 'cluster-ip'; readonly service: SimService }
  | { readonly kind: 'external-address'; readonly service: SimService; readonly via: 'loadbalancer' | 'external-ip' }
  | { readonly kind: 'pod'; readonly pod: SimPod }
  | { readonly kind: 'gateway'; readonly gateway: SimGateway }
  | { readonly kind: 'node'; readonly node: SimNode }
  | { readonly kind: 'unassigned'; readonly range: string }
  | { readonly kind: 'outside' };

/** What an address is in this cluster. */
export function classifyAddress(ip: string, snapshot: ClusterSnapshot): DestinationKind {
  const service = snapshot.services.find((candidate) => candidate.clusterIPs.includes(ip));
  if (service) return { kind: 'cluster-ip', service };
  const loadBalanced = snapshot.services.find((candidate) => candidate.loadBalancerIPs.includes(ip));
  if (loadBalanced) return { kind: 'external-address', service: loadBalanced, via: 'loadbalancer' };
  const externalIp = snapshot.services.find((candidate) => candidate.externalIPs.includes(ip));
  if (externalIp) return { kind: 'external-address', service: externalIp, via: 'external-ip' };
  const pod = snapshot.pods.find((candidate) => !candidate.hostNetwork && candidate.ips.includes(ip));
  if (pod) return { kind: 'pod', pod };
  const gateway = snapshot.gateways.find((candidate) => candidate.addresses.includes(ip));
  if (gateway) return { kind: 'gateway', gateway };
  const node = snapshot.nodes.find((candidate) => candidate.addresses.includes(ip));
  if (node) return { kind: 'node', node };
  for (const range of [...snapshot.profile.serviceCIDR, ...snapshot.profile.podCIDR]) {
    const cidr = parseCidr(range);
    if (cidr && cidrContains(cidr, ip)) return { kind: 'unassigned', range };
  }
  return { kind: 'outside' };
}
