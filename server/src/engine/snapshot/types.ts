import type { ChunkedList } from '../chunkedList';
import type { LayeredMap } from '../layeredMap';
import type { Cidr } from '../cidr';
import type { Labels } from '../labels';
import type { KubeObject } from '../objects';
import type { ClusterProfile, NodeTaint } from '../profile';
import type { TextRange } from '../source';

/** The transport protocols a port is opened for, a packet carries and a policy's port admits. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** A pointer from a simulated thing back to the YAML that made it. */
export interface SourceRef {
  readonly uri: string;
  readonly range: TextRange;
  /** What is there, for people: `Service shop/web spec.ports[0].targetPort`. */
  readonly label: string;
}

export interface SimNode {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly podCIDRs: readonly Cidr[];
  readonly zone?: string;
  readonly labels: Labels;
  readonly taints: readonly NodeTaint[];
  /** A node of the default profile: nobody described the cluster's nodes, so a pod that fits none is placed anyway. */
  readonly assumed?: true;
  readonly source?: SourceRef;
}

export interface SimContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
  readonly source?: SourceRef;
}

export interface SimContainer {
  readonly name: string;
  readonly ports: readonly SimContainerPort[];
}

export interface SimDnsConfig {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly { readonly name: string; readonly value?: string }[];
}

/** The workload a pod belongs to, as written in the workspace: `shop/Deployment/web`. */
export interface WorkloadRef {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
}

export interface SimPod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly workload: WorkloadRef;
  /** undefined when no node fits its nodeSelector: the pod stays Pending. */
  readonly node: string | undefined;
  readonly ips: readonly string[];
  readonly hostNetwork: boolean;
  readonly ready: boolean;
  /** What `hostname` prints in the pod: `spec.hostname`, or the pod name. */
  readonly hostname: string;
  /** `spec.hostname` as set (StatefulSet pods get their own name): only this names the pod under its subdomain. */
  readonly specHostname?: string;
  readonly subdomain?: string;
  readonly containers: readonly SimContainer[];
  readonly dnsPolicy: string;
  readonly dnsConfig?: SimDnsConfig;
  /** True for pods the engine made from a workload; false for Pod manifests. */
  readonly simulated: boolean;
  /** Whether the IP came from the manifest (`status.podIP`) or from the simulated node range. */
  readonly ipSource: 'status' | 'node-range' | 'host-network' | 'none';
  readonly source?: SourceRef;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface SimServicePort {
  /** "" for the single unnamed port. */
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly nodePort?: number;
  readonly appProtocol?: string;
  readonly source?: SourceRef;
}

export interface SimService {
  readonly namespace: string;
  readonly name: string;
  readonly type: ServiceType;
  readonly headless: boolean;
  readonly clusterIPs: readonly string[];
  readonly selector?: Labels;
  readonly externalName?: string;
  readonly ports: readonly SimServicePort[];
  readonly loadBalancerIPs: readonly string[];
  readonly externalIPs: readonly string[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly internalTrafficPolicy: 'Cluster' | 'Local';
  readonly sessionAffinity: 'None' | 'ClientIP';
  /** How long a ClientIP affinity lasts: sessionAffinityConfig.clientIP.timeoutSeconds, 10800 (3 hours) by default. */
  readonly sessionAffinityTimeoutSeconds: number;
  /** The port a load balancer probes for local endpoints (LoadBalancer with externalTrafficPolicy Local), as written. */
  readonly healthCheckNodePort?: number;
  readonly publishNotReadyAddresses: boolean;
  readonly loadBalancerSourceRanges: readonly string[];
  /** True for the Services every cluster has (default/kubernetes, kube-system/kube-dns) when the workspace has none, for stand-ins, and for those operators make from custom resources. */
  readonly virtual: boolean;
  readonly source?: SourceRef;
}

/** One address behind a Service, with the target port of each Service port (by Service port name). */
export interface SimEndpoint {
  readonly ip: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly hostname?: string;
  readonly nodeName?: string;
  readonly zone?: string;
  /** `namespace/name` of the pod, when the endpoint is one. */
  readonly pod?: string;
  readonly ports: Readonly<Record<string, number>>;
  /**
   * The ports its EndpointSlice (or Endpoints) lists, which CoreDNS reads for a headless Service's SRV records:
   * name ('' when unnamed), port and protocol. For endpoints the selector finds, those the controller would write.
   */
  readonly publishedPorts: readonly PublishedPort[];
}

export interface PublishedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

export interface ServiceEndpoints {
  /** Where the endpoints come from: the selector over the simulated pods, or objects in the workspace. */
  readonly from: 'selector' | 'EndpointSlice' | 'Endpoints' | 'none';
  readonly endpoints: readonly SimEndpoint[];
  /** Pods the selector matched but a Service port could not use (a named targetPort they do not declare). */
  readonly excluded: readonly { readonly pod: string; readonly port: string; readonly reason: string }[];
  readonly source?: SourceRef;
}

/** A Gateway's data plane as the simulation sees it: its addresses (written or simulated). */
export interface SimGateway {
  readonly namespace: string;
  readonly name: string;
  readonly addresses: readonly string[];
  readonly simulatedAddress: boolean;
  /**
   * The pods of a known in-cluster implementation (the workspace's, else a stand-in): the source its upstream
   * connections have. Undefined where the implementation is not known: policies see the Gateway's address.
   */
  readonly dataPlane?: {
    readonly implementation: string;
    readonly namespace: string;
    /** The workload's name. */
    readonly name: string;
    /** The labels the implementation selects its pods by. */
    readonly labels: Labels;
    /** Each listener port and the container port that serves it. */
    readonly ports: readonly { readonly port: number; readonly containerPort: number }[];
  };
  readonly source?: SourceRef;
}

/** A note about a choice the simulation made, or a value it could not use. */
export interface SnapshotNote {
  readonly message: string;
  readonly source?: SourceRef;
}

/** What the cluster would look like running these manifests: plain data, computed once per model change. */
export interface ClusterSnapshot {
  readonly profile: ClusterProfile;
  readonly nodes: readonly SimNode[];
  readonly namespaces: ReadonlyMap<string, Labels>;
  readonly pods: ChunkedList<SimPod>;
  readonly services: ChunkedList<SimService>;
  /** By `namespace/name` of the Service. */
  /** By Service (`namespace/name`); layered, so that an edit replaces the entries of the Services it rebuilt without copying the rest. */
  readonly endpoints: LayeredMap<string, ServiceEndpoints>;
  readonly gateways: readonly SimGateway[];
  readonly objects: ChunkedList<KubeObject>;
  readonly notes: readonly SnapshotNote[];
}

export function keyOf(item: { readonly namespace: string; readonly name: string }): string {
  return `${item.namespace}/${item.name}`;
}
