import { isLocalEndpoint, type ProxyEndpoint } from '../kubeProxy/servicePorts';
import type { SimNode, SimService } from '../snapshot/types';
import type { ResolvedSource } from './locate';
import type { TraceBuilder } from './traceBuilder';

/**
 * How Cilium's kube-proxy replacement translates a connection to a Service (Cilium's "Kubernetes Without
 * kube-proxy" guide): a pod or the node itself is served by socket-level load balancing, which picks the
 * backend at connect() and connects the socket to it, so no packet carries the Service address and nothing is
 * masqueraded; traffic from outside is translated per packet at the node's device, SNATed (the default SNAT
 * mode) when a Cluster policy sends it to a backend on another node.
 */
export function ciliumTranslation(trace: TraceBuilder, source: ResolvedSource, service: SimService, chosen: ProxyEndpoint, node: SimNode): { how: string; snat: boolean; details: string[] } {
  const replaced = 'kube-proxy does not run: Cilium replaces it (cni.kubeProxyReplacement: true), so there are no kube-proxy rules';
  if (trace.request.from.kind !== 'external') {
    return {
      how: `Cilium's socket-level load balancing connects the socket of ${source.description} at connect() straight`,
      snat: false,
      details: [`the backend is chosen once, when the socket connects (connect(), or sendmsg() for UDP): every packet already goes to the backend, none carries the Service address, so nothing is DNATed or masqueraded on the way`, replaced],
    };
  }
  const local = service.externalTrafficPolicy === 'Local' || isLocalEndpoint(chosen, node.name);
  return {
    how: `Cilium's eBPF load balancing at ${node.name}'s network device translates the packet`,
    snat: !local,
    details: [
      service.externalTrafficPolicy === 'Local'
        ? 'externalTrafficPolicy: Local: only backends on this node, and the client address is kept'
        : local
          ? 'the backend is on this node: the client address is kept'
          : 'externalTrafficPolicy: Cluster and the backend is on another node: Cilium SNATs to the node address (its default SNAT mode; DSR or hybrid mode would keep the client address)',
      replaced,
    ],
  };
}
