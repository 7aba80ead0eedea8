import type { Located } from '../source';
import type { LabelSelector, LabelSelectorRequirement, LocatedList, LocatedStringMap, ObjectBase, ObjectMetadata, Spanned } from './meta';

export interface ContainerPort extends Spanned {
  readonly name?: Located<string>;
  readonly containerPort?: Located<number>;
  readonly protocol?: Located<string>;
  readonly hostPort?: Located<number>;
}

export interface ProbeHandlerPort extends Spanned {
  readonly port?: Located<number | string>;
}

export interface Probe extends Spanned {
  readonly httpGet?: ProbeHandlerPort;
  readonly tcpSocket?: ProbeHandlerPort;
  readonly grpc?: ProbeHandlerPort;
}

export interface EnvVar extends Spanned {
  readonly name?: Located<string>;
  readonly value?: Located<string>;
  /** Only what names a ConfigMap's key is read: a Secret's is never followed. */
  readonly valueFrom?: Spanned & { readonly configMapKeyRef?: Spanned & { readonly name?: Located<string>; readonly key?: Located<string> } };
}

/** `envFrom`: every key of a ConfigMap as an environment variable (a Secret's are never read). */
export interface EnvFromSource extends Spanned {
  readonly configMapRef?: Spanned & { readonly name?: Located<string> };
}

/** A pod volume; only a ConfigMap's, whose files the containers read, is kept. */
export interface Volume extends Spanned {
  readonly name?: Located<string>;
  readonly configMap?: Spanned & { readonly name?: Located<string> };
}

export interface Container extends Spanned {
  readonly name?: Located<string>;
  readonly image?: Located<string>;
  readonly env?: LocatedList<EnvVar>;
  readonly envFrom?: LocatedList<EnvFromSource>;
  readonly args?: LocatedList<Located<string>>;
  readonly command?: LocatedList<Located<string>>;
  readonly ports?: LocatedList<ContainerPort>;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly startupProbe?: Probe;
}

export interface PodDnsConfig extends Spanned {
  readonly nameservers?: LocatedList<Located<string>>;
  readonly searches?: LocatedList<Located<string>>;
  readonly options?: LocatedList<PodDnsOption>;
}

export interface PodDnsOption extends Spanned {
  readonly name?: Located<string>;
  readonly value?: Located<string>;
}

/** A node selector term: its expressions on node labels AND its fields (only `metadata.name`). Gt and Lt compare integers. */
export interface NodeSelectorTerm extends Spanned {
  readonly matchExpressions?: LocatedList<LabelSelectorRequirement>;
  readonly matchFields?: LocatedList<LabelSelectorRequirement>;
}

export interface Affinity extends Spanned {
  readonly nodeAffinity?: Spanned & {
    /** Any one of the terms must match; preferred terms only rank nodes and are not read. */
    readonly requiredDuringSchedulingIgnoredDuringExecution?: Spanned & { readonly nodeSelectorTerms?: LocatedList<NodeSelectorTerm> };
  };
}

export interface Toleration extends Spanned {
  readonly key?: Located<string>;
  readonly operator?: Located<string>;
  readonly value?: Located<string>;
  readonly effect?: Located<string>;
}

export interface Taint extends Spanned {
  readonly key?: Located<string>;
  readonly value?: Located<string>;
  readonly effect?: Located<string>;
}

export interface PodSpec extends Spanned {
  readonly containers?: LocatedList<Container>;
  readonly volumes?: LocatedList<Volume>;
  readonly initContainers?: LocatedList<Container>;
  readonly hostNetwork?: Located<boolean>;
  readonly nodeName?: Located<string>;
  readonly nodeSelector?: LocatedStringMap;
  readonly affinity?: Affinity;
  readonly tolerations?: LocatedList<Toleration>;
  readonly hostname?: Located<string>;
  readonly subdomain?: Located<string>;
  readonly dnsPolicy?: Located<string>;
  readonly dnsConfig?: PodDnsConfig;
  readonly setHostnameAsFQDN?: Located<boolean>;
  /** The identity the pod runs as: in a mesh, its mTLS principal. */
  readonly serviceAccountName?: Located<string>;
}

export interface PodTemplate extends Spanned {
  readonly metadata?: Partial<ObjectMetadata> & Spanned;
  readonly spec?: PodSpec;
}

export interface PodCondition extends Spanned {
  readonly type?: Located<string>;
  readonly status?: Located<string>;
}

export interface PodStatus extends Spanned {
  readonly podIP?: Located<string>;
  readonly podIPs?: LocatedList<Spanned & { readonly ip?: Located<string> }>;
  readonly hostIP?: Located<string>;
  readonly phase?: Located<string>;
  readonly conditions?: LocatedList<PodCondition>;
}

export interface Pod extends ObjectBase {
  readonly type: 'Pod';
  readonly spec?: PodSpec;
  readonly status?: PodStatus;
}

/** Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job: a pod template behind a selector. */
export interface WorkloadSpec extends Spanned {
  readonly replicas?: Located<number>;
  readonly selector?: LabelSelector;
  readonly template?: PodTemplate;
  /** StatefulSet only. */
  readonly serviceName?: Located<string>;
}

/** ReplicationController's selector is a plain label map, not a LabelSelector. */
export interface ReplicationControllerSpec extends Spanned {
  readonly replicas?: Located<number>;
  readonly selector?: LocatedStringMap;
  readonly template?: PodTemplate;
}

export interface Workload extends ObjectBase {
  readonly type: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job';
  readonly spec?: WorkloadSpec;
}

export interface ReplicationController extends ObjectBase {
  readonly type: 'ReplicationController';
  readonly spec?: ReplicationControllerSpec;
}

export interface CronJobSpec extends Spanned {
  readonly schedule?: Located<string>;
  readonly jobTemplate?: Spanned & { readonly spec?: WorkloadSpec };
}

export interface CronJob extends ObjectBase {
  readonly type: 'CronJob';
  readonly spec?: CronJobSpec;
}

export interface NodeAddress extends Spanned {
  readonly type?: Located<string>;
  readonly address?: Located<string>;
}

export interface Node extends ObjectBase {
  readonly type: 'Node';
  readonly spec?: Spanned & { readonly podCIDR?: Located<string>; readonly podCIDRs?: LocatedList<Located<string>>; readonly taints?: LocatedList<Taint> };
  readonly status?: Spanned & { readonly addresses?: LocatedList<NodeAddress> };
}

export interface Namespace extends ObjectBase {
  readonly type: 'Namespace';
}
