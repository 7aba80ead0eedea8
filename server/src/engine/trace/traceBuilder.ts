import type { ClusterSnapshot } from '../snapshot/types';
import type { Trace, TraceHop, TraceRequest, TraceVerdict } from './types';

/** A trace as it is followed: the hops so far, the notes, and the verdict that ends it. */
export class TraceBuilder {
  readonly hops: TraceHop[] = [];
  readonly notes: string[] = [];
  /** Set once the request went through an ingress controller's routing, so it is not routed twice. */
  routed = false;
  /** The path the request goes on with after a mesh route rewrote it. */
  rewrittenPath: string | undefined;
  /**
   * The Service a pod's request went to (its mesh proxy's route's choice, or the Service kube-proxy balanced), and
   * the status a proxy answered itself with: what the `http` query reports.
   */
  meshBackend: { readonly namespace: string; readonly service: string; readonly port: number | undefined } | undefined;
  envoyStatus: number | undefined;
  /** `namespace/name` of the HTTPRoute attached to a Service whose rule the client's proxy took. */
  serviceRoute: string | undefined;
  constructor(readonly request: TraceRequest, readonly snapshot: ClusterSnapshot) {}
  hop(hop: TraceHop): void {
    this.hops.push(hop);
  }
  finish(verdict: TraceVerdict): Trace {
    return { request: this.request, verdict, hops: this.hops, notes: this.notes };
  }
}

