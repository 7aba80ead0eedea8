import type { Labels } from '../labels';
import type { PodSpec } from '../objects';
import type { SimContainer, SourceRef, WorkloadRef } from './types';

/** A pod to be made, before it has a node and an address: from a manifest, a workload's template, an operator or a stand-in. */
export interface PodPlan {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly workload: WorkloadRef;
  readonly spec: PodSpec | undefined;
  readonly simulated: boolean;
  readonly hostname?: string;
  readonly subdomain?: string;
  /** Index among the workload's pods, to spread them over nodes. */
  readonly replica: number;
  /** The node a DaemonSet pod is made for. */
  readonly pinnedNode?: string;
  /** Containers of a pod with no manifest (the cluster's own CoreDNS). */
  readonly containers?: readonly SimContainer[];
  readonly statusIPs: readonly string[];
  readonly ready: boolean;
  /** undefined for the pods every cluster runs that the workspace does not define (CoreDNS). */
  readonly source: SourceRef | undefined;
}
