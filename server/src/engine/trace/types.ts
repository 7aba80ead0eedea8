import type { Protocol, SourceRef } from '../snapshot/types';

/**
 * Who sends: a pod (or any pod of a workload), a client outside the cluster, a node itself, or a client
 * through `kubectl port-forward` (its destination names the pod, Service or workload forwarded to).
 */
export type TraceSource =
  | { readonly kind: 'workload'; readonly namespace: string; readonly name: string; readonly workloadKind?: string }
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'external'; readonly ip: string }
  | { readonly kind: 'node'; readonly name: string }
  | { readonly kind: 'port-forward' };

/** What `kubectl port-forward -n NAMESPACE TYPE/NAME` names: a pod, a Service, or a workload (Deployment, StatefulSet, ...). */
export interface PortForwardTarget {
  readonly namespace: string;
  readonly type: 'pod' | 'service' | 'workload';
  readonly name: string;
  /** For a workload: its kind as kubectl names it (deployment, statefulset, replicaset, daemonset, job). */
  readonly workloadKind?: string;
}

/** Where to: a host (DNS name or address) and a port, with the URL path when one was given. */
export interface TraceDestination {
  readonly host: string;
  readonly port: number;
  readonly scheme?: string;
  readonly path?: string;
  /** For HTTP routing that reads them (a service mesh's header matches): GET and no headers when absent. */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Through `kubectl port-forward`: what it forwards to (the port is the remote port). */
  readonly portForward?: PortForwardTarget;
}

export interface TraceRequest {
  readonly from: TraceSource;
  readonly to: TraceDestination;
  readonly protocol: Protocol;
}

export interface Packet {
  readonly protocol: Protocol;
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
}

export type HopComponent = 'client' | 'dns' | 'kube-proxy' | 'cilium' | 'sidecar' | 'cni' | 'network-policy' | 'load-balancer' | 'ingress-controller' | 'gateway' | 'node' | 'container' | 'egress';

export interface EndpointChoice {
  readonly address: string;
  readonly pod?: string;
  readonly node?: string;
  readonly probability: number;
  readonly chosen: boolean;
}

export interface TraceHop {
  readonly component: HopComponent;
  readonly node?: string;
  readonly title: string;
  /** What happened and why, in one or two sentences. */
  readonly decision: string;
  readonly before?: Packet;
  readonly after?: Packet;
  readonly details?: readonly string[];
  /** The rules or routes behind the decision, as the node's tools print them. */
  readonly rules?: string;
  readonly alternatives?: readonly EndpointChoice[];
  readonly refs: readonly SourceRef[];
}

/**
 * `http-error`: a proxy answers an error status itself (a mesh route's fault injection or fixed response).
 * `not-traced`: the request goes on through something the engine does not model; the summary says what.
 */
export const VERDICT_KINDS = ['delivered', 'nxdomain', 'dns-failure', 'no-endpoints', 'not-listening', 'denied', 'leaves-cluster', 'no-route', 'http-error', 'not-traced'] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

export interface TraceVerdict {
  readonly kind: VerdictKind;
  readonly summary: string;
}

export interface Trace {
  readonly request: TraceRequest;
  readonly verdict: TraceVerdict;
  readonly hops: readonly TraceHop[];
  /** Choices the simulation made that a real cluster might make differently. */
  readonly notes: readonly string[];
}
