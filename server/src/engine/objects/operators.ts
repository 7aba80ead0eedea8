import type { Located } from '../source';
import type { LocatedList, LocatedStringMap, ObjectBase, Spanned } from './meta';
import type { PodTemplate } from './workloads';

/** Labels a custom resource asks its operator to put on the pods (`podMetadata`, `inheritedMetadata`, Strimzi's `template.pod.metadata`). */
export interface OperatorPodMetadata extends Spanned {
  readonly labels?: LocatedStringMap;
}

/** Strimzi's `template` block: the pod's metadata is the part that reaches the pods. */
export interface StrimziTemplate extends Spanned {
  readonly pod?: Spanned & { readonly metadata?: OperatorPodMetadata };
}

/** A Strimzi Kafka listener: its name names the container port `tcp-<name>`; `type` says which Service publishes it. */
export interface StrimziListener extends Spanned {
  readonly name?: Located<string>;
  readonly port?: Located<number>;
  readonly type?: Located<string>;
}

/** Strimzi's `spec.kafka` and `spec.zookeeper` of a Kafka. */
export interface StrimziComponent extends Spanned {
  readonly replicas?: Located<number>;
  readonly listeners?: LocatedList<StrimziListener>;
  readonly template?: StrimziTemplate;
}

/** One ECK Elasticsearch node set: a StatefulSet of `count` pods. */
export interface ElasticNodeSet extends Spanned {
  readonly name?: Located<string>;
  readonly count?: Located<number>;
  readonly podTemplate?: PodTemplate;
}

/** LeaderWorkerSet's groups: a leader and `size - 1` workers each. */
export interface LeaderWorkerTemplate extends Spanned {
  readonly size?: Located<number>;
  readonly leaderTemplate?: PodTemplate;
  readonly workerTemplate?: PodTemplate;
}

/**
 * The fields of a pod-making custom resource's spec that decide its pods and Services. One shape for every kind
 * of the table (engine/snapshot/operatorPods.ts); each kind reads only its own fields.
 */
export interface OperatorSpec extends Spanned {
  /** Prometheus Operator, LeaderWorkerSet, Strimzi (KafkaNodePool, KafkaConnect, KafkaBridge, KafkaMirrorMaker2). */
  readonly replicas?: Located<number>;
  /** Prometheus: one StatefulSet per shard. */
  readonly shards?: Located<number>;
  /** CloudNativePG Cluster and Pooler. */
  readonly instances?: Located<number>;
  /** ECK Kibana. */
  readonly count?: Located<number>;
  /** Prometheus Operator kinds. */
  readonly podMetadata?: OperatorPodMetadata;
  readonly listenLocal?: Located<boolean>;
  readonly portName?: Located<string>;
  /** Prometheus: a Thanos sidecar (gRPC 10901, HTTP 10902) runs beside Prometheus when set. */
  readonly thanos?: Spanned;
  /** CloudNativePG Cluster: labels put on every object it makes, pods included. */
  readonly inheritedMetadata?: OperatorPodMetadata;
  /** CloudNativePG Pooler: the pod template of its PgBouncer pods. */
  readonly template?: PodTemplate & StrimziTemplate;
  /** CloudNativePG Pooler: the Cluster it pools (`cluster.name`). */
  readonly cluster?: Spanned & { readonly name?: Located<string> };
  /** LeaderWorkerSet. */
  readonly leaderWorkerTemplate?: LeaderWorkerTemplate;
  /** ECK Elasticsearch. */
  readonly nodeSets?: LocatedList<ElasticNodeSet>;
  /** ECK Kibana. */
  readonly podTemplate?: PodTemplate;
  /** Strimzi Kafka. */
  readonly kafka?: StrimziComponent;
  readonly zookeeper?: StrimziComponent;
  readonly entityOperator?: Spanned;
  readonly cruiseControl?: Spanned;
  readonly kafkaExporter?: Spanned;
  /** Strimzi KafkaNodePool: broker, controller or both. */
  readonly roles?: LocatedList<Located<string>>;
  /** Strimzi KafkaBridge: the HTTP port. */
  readonly http?: Spanned & { readonly port?: Located<number> };
}

/** A custom resource whose operator makes pods and Services the workspace does not write: see engine/snapshot/operatorPods.ts. */
export interface OperatorResource extends ObjectBase {
  readonly type: 'OperatorResource';
  readonly spec?: OperatorSpec;
}
