import type { SimPod, SimService } from '../snapshot/types';
import { throughLoopback } from './loopback';
import type { TraceBuilder } from './traceBuilder';
import type { PortForwardTarget, Trace } from './types';

/**
 * What `kubectl port-forward` goes around: kubectl streams the connection through the API server to the kubelet,
 * whose container runtime dials localhost:PORT inside the pod's network namespace (containerd and CRI-O do).
 */
const BYPASSED = [
  'no DNS lookup, no ClusterIP and no kube-proxy: no load balancing, session affinity or traffic policy',
  'no CNI between nodes and no NetworkPolicy: the connection reaches the pod on its loopback, not its network interface',
  'no mesh sidecar inbound redirect: Istio\'s and Linkerd\'s iptables leave loopback traffic alone, so the application gets plain TCP (no mTLS, no AuthorizationPolicy or Server authorization)',
];

/** The pods kubectl may pick, readiest first (kubectl's GetFirstPod sorts by podutils.ActivePods, reversed); by name after that. */
function readiestFirst(pods: readonly SimPod[]): SimPod[] {
  return [...pods].filter((pod) => pod.node !== undefined).sort((a, b) => Number(b.ready) - Number(a.ready) || a.name.localeCompare(b.name));
}

/** The pod and remote port kubectl forwards to, as kubectl's port-forward resolves them; a message where kubectl stops. */
function forwardedPod(trace: TraceBuilder, target: PortForwardTarget, port: number): { pod: SimPod; port: number; how: string[] } | string {
  const { snapshot } = trace;
  const inNamespace = snapshot.pods.filter((pod) => pod.namespace === target.namespace);
  if (target.type === 'pod') {
    const pod = inNamespace.find((candidate) => candidate.name === target.name);
    if (!pod || pod.node === undefined) return pod ? `pod ${target.namespace}/${target.name} is not running (no node fits it)` : `there is no pod ${target.namespace}/${target.name} in the workspace`;
    return { pod, port, how: [] };
  }
  if (target.type === 'workload') {
    const pod = readiestFirst(inNamespace.filter((candidate) => candidate.workload.name === target.name && candidate.workload.kind.toLowerCase() === target.workloadKind))[0];
    if (!pod) return `there is no running pod of ${target.workloadKind} ${target.namespace}/${target.name}`;
    return { pod, port, how: [`kubectl picked pod ${pod.name} of ${target.workloadKind} ${target.name}: every connection of this port-forward goes to that one pod`] };
  }
  const service = snapshot.services.find((candidate) => candidate.namespace === target.namespace && candidate.name === target.name);
  if (!service) return `there is no Service ${target.namespace}/${target.name} in the workspace`;
  if (!service.selector || Object.keys(service.selector).length === 0) return `kubectl cannot port-forward to Service ${target.namespace}/${target.name}: it has no selector, so kubectl finds no pod`;
  const pod = readiestFirst(inNamespace.filter((candidate) => Object.entries(service.selector!).every(([key, value]) => candidate.labels[key] === value)))[0];
  if (!pod) return `Service ${target.namespace}/${target.name} selects no running pod: kubectl has nothing to forward to`;
  const remote = containerPortOf(service, pod, port);
  if (typeof remote === 'string') return remote;
  return {
    pod,
    port: remote,
    how: [`kubectl picked pod ${pod.name}, one of the pods the Service selects, and forwards Service port ${port} to its targetPort ${remote}: every connection of this port-forward goes to that one pod, whatever the Service's endpoints`],
  };
}

/** kubectl's LookupContainerPortNumberByServicePort: the Service port's targetPort, a name looked up in the pod's containers. */
function containerPortOf(service: SimService, pod: SimPod, port: number): number | string {
  const entry = service.ports.find((candidate) => candidate.port === port);
  if (!entry) return `Service ${service.namespace}/${service.name} does not have a service port ${port}`;
  if (typeof entry.targetPort === 'number') return entry.targetPort || entry.port;
  const named = pod.containers.flatMap((container) => container.ports).find((candidate) => candidate.name === entry.targetPort);
  return named ? named.port : `pod ${pod.name} has no container port named ${entry.targetPort} (the targetPort of Service port ${port})`;
}

/** A connection through `kubectl port-forward`: the API server and kubelet tunnel, then the pod's loopback. */
export function throughPortForward(trace: TraceBuilder, target: PortForwardTarget, srcPort: number): Trace {
  const { request } = trace;
  const named = `${target.type === 'service' ? 'svc' : target.type === 'pod' ? 'pod' : target.workloadKind}/${target.name}`;
  if (request.protocol !== 'TCP') return trace.finish({ kind: 'no-route', summary: `kubectl port-forward forwards TCP only, not ${request.protocol}` });
  const forwarded = forwardedPod(trace, target, request.to.port);
  if (typeof forwarded === 'string') return trace.finish({ kind: 'no-route', summary: forwarded });
  const { pod, port, how } = forwarded;
  trace.hop({
    component: 'node',
    ...(pod.node && { node: pod.node }),
    title: `kubectl port-forward -n ${target.namespace} ${named}: API server → kubelet on ${pod.node}`,
    decision: `kubectl streams the connection to the API server (pods/${pod.name}/portforward), which hands it to the kubelet on ${pod.node}; the container runtime dials localhost:${port} inside the pod's network namespace.`,
    details: [...how, ...BYPASSED.map((what) => `bypassed: ${what}`), 'a process listening only on 127.0.0.1 is reachable this way, as it is from nowhere else'],
    refs: pod.source ? [pod.source] : [],
  });
  return throughLoopback(trace, pod, { protocol: 'TCP', src: '127.0.0.1', srcPort, dst: '127.0.0.1', dstPort: port }, ['the container runtime connects to the pod\'s own loopback'], 'through kubectl port-forward');
}
