import { parseAddress } from '../cidr';
import { replacesKubeProxy } from '../kubeProxy/ciliumReplacement';
import type { ServiceRejection } from '../kubeProxy/rejectedServices';
import type { SimNode, SimService } from '../snapshot/types';
import type { TraceBuilder } from './traceBuilder';
import type { Packet, Trace } from './types';

/** A Service the API server would reject is never created: no proxy has a rule for it, and the trace says which line is why. */
export function rejectedServiceHop(trace: TraceBuilder, packet: Packet, service: SimService, node: SimNode, rejection: ServiceRejection): Trace {
  const cilium = replacesKubeProxy(trace.snapshot.profile);
  const proxy = cilium ? 'Cilium' : `kube-proxy (${trace.snapshot.profile.kubeProxy.mode})`;
  const described = `Service ${service.namespace}/${service.name}`;
  trace.hop({
    component: cilium ? 'cilium' : 'kube-proxy',
    node: node.name,
    title: `${proxy} on ${node.name}: no rules for ${described}`,
    decision: `The API server would reject ${described}: ${rejection.reason}. It is never created, so ${proxy} has no rule for ${packet.dst}:${packet.dstPort} and nothing translates the packet.`,
    before: packet,
    details: [
      `${rejection.source.label}, line ${rejection.source.range.start.line + 1}, is what the API server refuses`,
      ...(parseAddress(trace.request.to.host) ? [] : [`in a real cluster ${trace.request.to.host} would not resolve either: the Service and its DNS name do not exist`]),
    ],
    refs: [rejection.source],
  });
  return trace.finish({ kind: 'no-route', summary: `${described} is rejected by the API server (${rejection.reason}): it does not exist, so nothing answers at ${packet.dst}:${packet.dstPort}` });
}
