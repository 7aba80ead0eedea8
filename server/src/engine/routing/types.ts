import type { SourceRef } from '../snapshot/types';

/** An HTTP request arriving at the cluster's edge (Ingress, Gateway) or sent from a pod to a Service (mesh). */
export interface HttpRequest {
  /** The Host header, possibly with a port; undefined when the request names no host (sent to an address). */
  readonly host?: string;
  /** Path with the query string. */
  readonly path: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly scheme: 'http' | 'https';
  /** The port the client connects to (picks the Gateway listener). */
  readonly port: number;
  /** Which Gateway, when there are several. */
  readonly gateway?: { readonly namespace: string; readonly name: string };
  /** The client's address as the proxy sees it (ingress-nginx's whitelist-source-range reads it). */
  readonly clientAddress?: string;
  /** A client pod for east-west (mesh) routes: its namespace and labels, and its workload's name when the query named one. */
  readonly from?: { readonly namespace: string; readonly labels?: Readonly<Record<string, string>>; readonly name?: string };
}

export interface RouteBackend {
  readonly namespace: string;
  readonly service: string;
  /** The Service port number (a port named in the route is resolved to its number). */
  readonly port: number | undefined;
  readonly portName?: string;
}

export interface RouteResult {
  readonly status: number;
  readonly backend: RouteBackend | null;
  /** Which entry point, rule and match decided, for people. */
  readonly rule: string;
  readonly via: 'ingress' | 'gateway' | 'mesh' | 'none';
  /** `namespace/name` of the Ingress or HTTPRoute that decided, when one did. */
  readonly route?: string;
  /** The path (with the query) the backend receives, when the proxy rewrote it (ingress-nginx's rewrite-target). */
  readonly backendPath?: string;
  /** The proxy answered itself (a redirect, or an access rule refusing) and sent nothing to a backend. */
  readonly answeredByProxy?: true;
  /** The weighted split when a rule has several backends. */
  readonly split?: readonly { readonly backend: RouteBackend; readonly weight: number; readonly chosen: boolean }[];
  /** Why other candidates lost, and choices the simulation made. */
  readonly notes: readonly string[];
  readonly refs: readonly SourceRef[];
}
