import { nameSuffix } from '../hash';
import type { Labels } from '../labels';
import type { KubeObject, OperatorResource, OperatorSpec, PodTemplate, StrimziListener } from '../objects';
import type { PodPlan } from './podPlan';
import { refTo } from './sourceRef';
import type { ServiceType, SimContainer, SimContainerPort, SourceRef } from './types';

/**
 * The pods and Services that operators make from custom resources, as each project's sources lay them out. Each
 * operator adds its own labels to the labels the resource asks for (`podMetadata`, `inheritedMetadata`, a pod
 * template's or Strimzi's `template.pod.metadata`); its own win. README.md has the same table.
 *
 * | resource | pods (names) | labels the operator sets | ports | Services it makes |
 * |---|---|---|---|---|
 * | Prometheus (monitoring.coreos.com) | `prometheus-NAME[-shard-S]-I` | `app.kubernetes.io/name: prometheus`, `app.kubernetes.io/instance`, `app.kubernetes.io/managed-by: prometheus-operator`, `prometheus`, `operator.prometheus.io/name`, `operator.prometheus.io/shard` | web 9090 (none with listenLocal), reloader-web 8080; with `thanos`: grpc 10901, http 10902 | `prometheus-operated` (headless; 9090, and 10901 with `thanos`) |
 * | Alertmanager | `alertmanager-NAME-I` | `app.kubernetes.io/name: alertmanager`, instance, managed-by, `alertmanager` | web 9093, mesh-tcp 9094, mesh-udp 9094/UDP, reloader-web 8080 | `alertmanager-operated` (headless; 9093, 9094 TCP and UDP) |
 * | ThanosRuler | `thanos-ruler-NAME-I` | `app.kubernetes.io/name: thanos-ruler`, `app: thanos-ruler`, instance, managed-by, `thanos-ruler` | grpc 10901, web 10902 | `thanos-ruler-operated` (headless; 10902, 10901) |
 * | LeaderWorkerSet (leaderworkerset.x-k8s.io) | leaders `NAME-G`, workers `NAME-G-W` | `leaderworkerset.sigs.k8s.io/name`, `…/group-index`, `…/worker-index` | the templates' | `NAME` (headless) |
 * | Cluster (postgresql.cnpg.io) | `NAME-1` … `NAME-N` | `cnpg.io/cluster`, `cnpg.io/instanceName`, `cnpg.io/podRole: instance`, `cnpg.io/instanceRole` and `role` (`primary` for the first, `replica`) | postgresql 5432, metrics 9187, status 8000 | `NAME-rw` (primary), `NAME-ro` (replicas), `NAME-r` (all): 5432 |
 * | Pooler (postgresql.cnpg.io) | Deployment `NAME` | `cnpg.io/poolerName`, `cnpg.io/podRole: pooler` | pgbouncer 5432, metrics 9127 | `NAME`: 5432 |
 * | Elasticsearch (elasticsearch.k8s.elastic.co) | `NAME-es-SET-I` per node set | `common.k8s.elastic.co/type: elasticsearch`, `elasticsearch.k8s.elastic.co/cluster-name`, `elasticsearch.k8s.elastic.co/statefulset-name` | https 9200, transport 9300 | `NAME-es-http`, `NAME-es-internal-http` (9200), `NAME-es-transport` (headless 9300), `NAME-es-SET` (headless) |
 * | Kibana (kibana.k8s.elastic.co) | Deployment `NAME-kb` | `common.k8s.elastic.co/type: kibana`, `kibana.k8s.elastic.co/name` | https 5601 | `NAME-kb-http`: 5601 |
 * | Kafka and KafkaNodePool (kafka.strimzi.io) | `CLUSTER-POOL-I` per pool labelled `strimzi.io/cluster`, else `CLUSTER-kafka-I` (and `CLUSTER-zookeeper-I`) | `strimzi.io/cluster`, `strimzi.io/kind: Kafka`, `strimzi.io/name: CLUSTER-kafka`, `strimzi.io/pool-name`, `strimzi.io/broker-role`, `strimzi.io/controller-role`, `app.kubernetes.io/*` | tcp-ctrlplane 9090, tcp-replication 9091, `tcp-LISTENER` per listener | `CLUSTER-kafka-bootstrap` (brokers; 9091 and internal listeners), `CLUSTER-kafka-brokers` (headless), `CLUSTER-kafka-LISTENER-bootstrap` per external listener; entity operator, Cruise Control (`CLUSTER-cruise-control` 9090), Kafka Exporter pods |
 * | KafkaConnect, KafkaMirrorMaker2 | `NAME-connect-I`, `NAME-mirrormaker2-I` | `strimzi.io/cluster: NAME`, `strimzi.io/kind`, `strimzi.io/name: NAME-connect` / `NAME-mirrormaker2` | rest-api 8083 | `NAME-connect-api`, `NAME-mirrormaker2-api`: 8083 |
 * | KafkaBridge | Deployment `NAME-bridge` | `strimzi.io/cluster: NAME`, `strimzi.io/kind: KafkaBridge`, `strimzi.io/name: NAME-bridge` | rest-api `http.port` (8080) | `NAME-bridge-service` |
 *
 * Sources: prometheus-operator pkg/prometheus/server/statefulset.go, pkg/alertmanager/statefulset.go,
 * pkg/thanos/statefulset.go (makeStatefulSetService); LeaderWorkerSet docs (concepts); CloudNativePG docs
 * (architecture, "Services" and "Labels and annotations"); ECK docs ("Services", "Traffic splitting"); Strimzi
 * docs ("Kafka cluster resources", "Configuring listeners").
 */

/** A Service an operator makes, addressed and given endpoints like one the workspace writes. */
export interface OperatorService {
  readonly namespace: string;
  readonly name: string;
  readonly type: Exclude<ServiceType, 'ExternalName'>;
  readonly headless: boolean;
  readonly selector: Labels;
  readonly ports: readonly { readonly name: string; readonly port: number; readonly targetPort: number | string; readonly protocol: string }[];
  readonly publishNotReadyAddresses: boolean;
  readonly source: SourceRef;
}

interface Made {
  readonly pods: PodPlan[];
  readonly services: OperatorService[];
}

type PortList = readonly (readonly [name: string, port: number, protocol?: string])[];

/** The pods the operators of these objects' custom resources would run. */
export function operatorPodPlans(objects: readonly KubeObject[]): PodPlan[] {
  return made(objects).pods;
}

/** The Services the operators of these objects' custom resources would make (those the workspace writes itself excepted). */
export function operatorServices(objects: readonly KubeObject[]): OperatorService[] {
  const written = new Set(objects.filter((object) => object.type === 'Service').map((object) => `${object.id.namespace}/${object.id.name}`));
  const byKey = new Map<string, OperatorService>();
  for (const service of made(objects).services) {
    const key = `${service.namespace}/${service.name}`;
    if (written.has(key)) continue;
    // One governing Service serves every Prometheus (or Alertmanager) of a namespace: it has the ports any of them asks for.
    const earlier = byKey.get(key);
    byKey.set(key, earlier ? { ...earlier, ports: [...earlier.ports, ...service.ports.filter((port) => !earlier.ports.some((other) => other.name === port.name))] } : service);
  }
  return [...byKey.values()];
}

function made(objects: readonly KubeObject[]): Made {
  const resources = objects.filter((object): object is OperatorResource => object.type === 'OperatorResource');
  const result: Made = { pods: [], services: [] };
  for (const resource of resources) {
    const part = makerOf(resource)?.(resource, resources);
    if (part) {
      result.pods.push(...part.pods);
      result.services.push(...part.services);
    }
  }
  return result;
}

type Maker = (resource: OperatorResource, all: readonly OperatorResource[]) => Made;

function makerOf(resource: OperatorResource): Maker | undefined {
  const { group, kind } = resource.id;
  return MAKERS[`${group}/${kind}`];
}

const PROMETHEUS_OPERATOR = { 'app.kubernetes.io/managed-by': 'prometheus-operator' };

const MAKERS: Readonly<Record<string, Maker>> = {
  'monitoring.coreos.com/Prometheus': (resource) => {
    const { name } = resource.id;
    const spec = resource.spec;
    const portName = spec?.portName?.value ?? 'web';
    const thanos = spec?.thanos !== undefined;
    const containers = [
      container('prometheus', spec?.listenLocal?.value === true ? [] : [[portName, 9090]]),
      container('config-reloader', [['reloader-web', 8080]]),
      ...(thanos ? [container('thanos-sidecar', [['http', 10902], ['grpc', 10901]])] : []),
    ];
    const pods = Array.from({ length: count(spec?.shards, 1) }, (_, shard) =>
      statefulPods(resource, shard === 0 ? `prometheus-${name}` : `prometheus-${name}-shard-${shard}`, count(spec?.replicas, 1), 'prometheus-operated', containers, {
        ...spec?.podMetadata?.labels?.value,
        ...PROMETHEUS_OPERATOR,
        'app.kubernetes.io/name': 'prometheus',
        'app.kubernetes.io/instance': name,
        prometheus: name,
        'operator.prometheus.io/name': name,
        'operator.prometheus.io/shard': String(shard),
      }),
    ).flat();
    const ports = [servicePort(portName, 9090, portName), ...(thanos ? [servicePort('grpc', 10901, 'grpc')] : [])];
    return { pods, services: [service(resource, 'prometheus-operated', { 'app.kubernetes.io/name': 'prometheus' }, ports, { headless: true })] };
  },
  'monitoring.coreos.com/Alertmanager': (resource) => {
    const { name } = resource.id;
    const spec = resource.spec;
    const portName = spec?.portName?.value ?? 'web';
    const containers = [
      container('alertmanager', [...(spec?.listenLocal?.value === true ? [] : [[portName, 9093] as const]), ['mesh-tcp', 9094], ['mesh-udp', 9094, 'UDP']]),
      container('config-reloader', [['reloader-web', 8080]]),
    ];
    const pods = statefulPods(resource, `alertmanager-${name}`, count(spec?.replicas, 1), 'alertmanager-operated', containers, {
      ...spec?.podMetadata?.labels?.value,
      ...PROMETHEUS_OPERATOR,
      'app.kubernetes.io/name': 'alertmanager',
      'app.kubernetes.io/instance': name,
      alertmanager: name,
    });
    const ports = [servicePort(portName, 9093, portName), servicePort('tcp-mesh', 9094, 9094), servicePort('udp-mesh', 9094, 9094, 'UDP')];
    return { pods, services: [service(resource, 'alertmanager-operated', { 'app.kubernetes.io/name': 'alertmanager' }, ports, { headless: true })] };
  },
  'monitoring.coreos.com/ThanosRuler': (resource) => {
    const { name } = resource.id;
    const spec = resource.spec;
    const portName = spec?.portName?.value ?? 'web';
    const containers = [container('thanos-ruler', [['grpc', 10901], ...(spec?.listenLocal?.value === true ? [] : [[portName, 10902] as const])])];
    const pods = statefulPods(resource, `thanos-ruler-${name}`, count(spec?.replicas, 1), 'thanos-ruler-operated', containers, {
      ...spec?.podMetadata?.labels?.value,
      ...PROMETHEUS_OPERATOR,
      app: 'thanos-ruler',
      'app.kubernetes.io/name': 'thanos-ruler',
      'app.kubernetes.io/instance': name,
      'thanos-ruler': name,
    });
    const ports = [servicePort(portName, 10902, portName), servicePort('grpc', 10901, 'grpc')];
    return { pods, services: [service(resource, 'thanos-ruler-operated', { 'app.kubernetes.io/name': 'thanos-ruler' }, ports, { headless: true })] };
  },
  'leaderworkerset.x-k8s.io/LeaderWorkerSet': (resource) => {
    const { name } = resource.id;
    const template = resource.spec?.leaderWorkerTemplate;
    const size = count(template?.size, 1);
    const workerTemplate = template?.workerTemplate;
    const leaderTemplate = template?.leaderTemplate ?? workerTemplate;
    const pods = Array.from({ length: count(resource.spec?.replicas, 1) }, (_, group) =>
      Array.from({ length: size }, (_, worker) => {
        const podTemplate = worker === 0 ? leaderTemplate : workerTemplate;
        return templatePod(resource, worker === 0 ? `${name}-${group}` : `${name}-${group}-${worker}`, group * size + worker, podTemplate, {
          ...podTemplate?.metadata?.labels?.value,
          'leaderworkerset.sigs.k8s.io/name': name,
          'leaderworkerset.sigs.k8s.io/group-index': String(group),
          'leaderworkerset.sigs.k8s.io/worker-index': String(worker),
        }, name);
      }),
    ).flat();
    return { pods, services: [service(resource, name, { 'leaderworkerset.sigs.k8s.io/name': name }, [], { headless: true, publishNotReadyAddresses: true })] };
  },
  'postgresql.cnpg.io/Cluster': (resource) => {
    const { name } = resource.id;
    const inherited = resource.spec?.inheritedMetadata?.labels?.value;
    const containers = [container('postgres', [['postgresql', 5432], ['metrics', 9187], ['status', 8000]])];
    const pods = Array.from({ length: count(resource.spec?.instances, 1) }, (_, index) => {
      const pod = `${name}-${index + 1}`;
      const role = index === 0 ? 'primary' : 'replica';
      return plan(resource, pod, index, containers, {
        ...inherited,
        'cnpg.io/cluster': name,
        'cnpg.io/instanceName': pod,
        'cnpg.io/podRole': 'instance',
        'cnpg.io/instanceRole': role,
        role,
      });
    });
    const postgres = [servicePort('postgres', 5432, 5432)];
    return {
      pods,
      services: [
        service(resource, `${name}-rw`, { 'cnpg.io/cluster': name, 'cnpg.io/instanceRole': 'primary' }, postgres),
        service(resource, `${name}-ro`, { 'cnpg.io/cluster': name, 'cnpg.io/instanceRole': 'replica' }, postgres),
        service(resource, `${name}-r`, { 'cnpg.io/cluster': name, 'cnpg.io/podRole': 'instance' }, postgres),
      ],
    };
  },
  'postgresql.cnpg.io/Pooler': (resource) => {
    const { name } = resource.id;
    const labels = { ...resource.spec?.template?.metadata?.labels?.value, 'cnpg.io/poolerName': name, 'cnpg.io/podRole': 'pooler' };
    const pods = deploymentPods(resource, name, count(resource.spec?.instances, 1), [container('pgbouncer', [['pgbouncer', 5432], ['metrics', 9127]])], labels);
    return { pods, services: [service(resource, name, { 'cnpg.io/poolerName': name }, [servicePort('pgbouncer', 5432, 'pgbouncer')])] };
  },
  'elasticsearch.k8s.elastic.co/Elasticsearch': (resource) => {
    const { name } = resource.id;
    const cluster = { 'common.k8s.elastic.co/type': 'elasticsearch', 'elasticsearch.k8s.elastic.co/cluster-name': name };
    const containers = [container('elasticsearch', [['https', 9200], ['transport', 9300]])];
    const sets = (resource.spec?.nodeSets?.value ?? []).filter((set) => set.name !== undefined);
    const pods = sets.flatMap((set) => {
      const statefulSet = `${name}-es-${set.name!.value}`;
      return statefulPods(resource, statefulSet, count(set.count, 1), statefulSet, containers, {
        ...set.podTemplate?.metadata?.labels?.value,
        ...cluster,
        'elasticsearch.k8s.elastic.co/statefulset-name': statefulSet,
      });
    });
    const https = [servicePort('https', 9200, 9200)];
    return {
      pods,
      services: [
        service(resource, `${name}-es-http`, cluster, https),
        service(resource, `${name}-es-internal-http`, cluster, https),
        service(resource, `${name}-es-transport`, cluster, [servicePort('tls-transport', 9300, 9300)], { headless: true }),
        ...sets.map((set) => service(resource, `${name}-es-${set.name!.value}`, { ...cluster, 'elasticsearch.k8s.elastic.co/statefulset-name': `${name}-es-${set.name!.value}` }, https, { headless: true, publishNotReadyAddresses: true })),
      ],
    };
  },
  'kibana.k8s.elastic.co/Kibana': (resource) => {
    const { name } = resource.id;
    const selector = { 'common.k8s.elastic.co/type': 'kibana', 'kibana.k8s.elastic.co/name': name };
    const pods = deploymentPods(resource, `${name}-kb`, count(resource.spec?.count, 1), [container('kibana', [['https', 5601]])], { ...resource.spec?.podTemplate?.metadata?.labels?.value, ...selector });
    return { pods, services: [service(resource, `${name}-kb-http`, selector, [servicePort('https', 5601, 5601)])] };
  },
  'kafka.strimzi.io/Kafka': (resource, all) => strimziKafka(resource, all),
  'kafka.strimzi.io/KafkaConnect': (resource) => strimziRestApi(resource, 'connect', 'kafka-connect'),
  'kafka.strimzi.io/KafkaMirrorMaker2': (resource) => strimziRestApi(resource, 'mirrormaker2', 'kafka-mirror-maker-2'),
  'kafka.strimzi.io/KafkaBridge': (resource) => {
    const { name } = resource.id;
    const port = resource.spec?.http?.port?.value ?? 8080;
    const labels = strimziLabels(name, 'KafkaBridge', `${name}-bridge`, 'kafka-bridge');
    const pods = deploymentPods(resource, `${name}-bridge`, count(resource.spec?.replicas, 1), [container('bridge', [['rest-api', port]])], { ...templateLabels(resource.spec), ...labels });
    return { pods, services: [service(resource, `${name}-bridge-service`, strimziSelector(labels), [servicePort('rest-api', port, 'rest-api')])] };
  },
};

/** The labels Strimzi puts on every pod it makes. */
function strimziLabels(cluster: string, kind: string, name: string, application: string): Labels {
  return {
    'strimzi.io/cluster': cluster,
    'strimzi.io/kind': kind,
    'strimzi.io/name': name,
    'app.kubernetes.io/name': application,
    'app.kubernetes.io/instance': cluster,
    'app.kubernetes.io/part-of': `strimzi-${cluster}`,
    'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
  };
}

/** The labels Strimzi's Services select on. */
function strimziSelector(labels: Labels): Labels {
  return { 'strimzi.io/cluster': labels['strimzi.io/cluster']!, 'strimzi.io/kind': labels['strimzi.io/kind']!, 'strimzi.io/name': labels['strimzi.io/name']! };
}

function templateLabels(spec: OperatorSpec | undefined): Labels {
  return spec?.template?.pod?.metadata?.labels?.value ?? {};
}

/** KafkaConnect and KafkaMirrorMaker2: `replicas` pods with the Connect REST API on 8083, behind `NAME-SUFFIX-api`. */
function strimziRestApi(resource: OperatorResource, suffix: string, application: string): Made {
  const { name } = resource.id;
  const labels = strimziLabels(name, resource.id.kind, `${name}-${suffix}`, application);
  const containers = [container(`${name}-${suffix}`, [['rest-api', 8083]])];
  const pods = Array.from({ length: count(resource.spec?.replicas, 1) }, (_, index) => plan(resource, `${name}-${suffix}-${index}`, index, containers, { ...templateLabels(resource.spec), ...labels }));
  return { pods, services: [service(resource, `${name}-${suffix}-api`, strimziSelector(labels), [servicePort('rest-api', 8083, 8083)])] };
}

/**
 * A Strimzi Kafka: its brokers and controllers come from the KafkaNodePools labelled with its name when there are
 * any, else from `spec.kafka.replicas` (with ZooKeeper when `spec.zookeeper` is set).
 */
function strimziKafka(resource: OperatorResource, all: readonly OperatorResource[]): Made {
  const cluster = resource.id.name;
  const spec = resource.spec;
  const listeners = (spec?.kafka?.listeners?.value ?? []).filter((listener): listener is StrimziListener & { name: { value: string }; port: { value: number } } => listener.name !== undefined && listener.port !== undefined);
  const listenerPorts: PortList = listeners.map((listener) => [`tcp-${listener.name.value}`, listener.port.value]);
  const base = strimziLabels(cluster, 'Kafka', `${cluster}-kafka`, 'kafka');
  const kafkaTemplate = spec?.kafka?.template?.pod?.metadata?.labels?.value;
  const pools = all.filter((pool) => pool.id.kind === 'KafkaNodePool' && pool.id.group === resource.id.group && pool.id.namespace === resource.id.namespace && pool.metadata.labels?.value['strimzi.io/cluster'] === cluster);
  const pods: PodPlan[] = [];
  const subdomain = `${cluster}-kafka-brokers`;
  if (pools.length > 0) {
    for (const pool of pools) {
      const roles = (pool.spec?.roles?.value ?? []).map((role) => role.value);
      const broker = roles.includes('broker');
      const ports: PortList = [['tcp-ctrlplane', 9090], ...(broker ? [['tcp-replication', 9091] as const, ...listenerPorts] : [])];
      const labels = {
        ...kafkaTemplate,
        ...templateLabels(pool.spec),
        ...base,
        'strimzi.io/pool-name': pool.id.name,
        'strimzi.io/broker-role': String(broker),
        'strimzi.io/controller-role': String(roles.includes('controller')),
        'strimzi.io/component-type': 'kafka',
      };
      pods.push(...statefulPods(pool, `${cluster}-${pool.id.name}`, count(pool.spec?.replicas, 1), subdomain, [container('kafka', ports)], labels, false));
    }
  } else {
    pods.push(...statefulPods(resource, `${cluster}-kafka`, count(spec?.kafka?.replicas, 1), subdomain, [container('kafka', [['tcp-ctrlplane', 9090], ['tcp-replication', 9091], ...listenerPorts])], { ...kafkaTemplate, ...base }, false));
  }
  const services: OperatorService[] = [];
  if (spec?.zookeeper) {
    const labels = { ...spec.zookeeper.template?.pod?.metadata?.labels?.value, ...strimziLabels(cluster, 'Kafka', `${cluster}-zookeeper`, 'zookeeper') };
    pods.push(...statefulPods(resource, `${cluster}-zookeeper`, count(spec.zookeeper.replicas, 1), `${cluster}-zookeeper-nodes`, [container('zookeeper', [['tcp-clients', 2181], ['tcp-clustering', 2888], ['tcp-election', 3888]])], labels, false));
    services.push(
      service(resource, `${cluster}-zookeeper-client`, strimziSelector(labels), [servicePort('tcp-clients', 2181, 2181)]),
      service(resource, `${cluster}-zookeeper-nodes`, strimziSelector(labels), [servicePort('tcp-clients', 2181, 2181), servicePort('tcp-clustering', 2888, 2888), servicePort('tcp-election', 3888, 3888)], { headless: true }),
    );
  }
  const internal = listeners.filter((listener) => (listener.type?.value ?? 'internal') === 'internal');
  const internalPorts = internal.map((listener) => servicePort(`tcp-${listener.name.value}`, listener.port.value, listener.port.value));
  const selector = strimziSelector(base);
  services.push(
    service(resource, `${cluster}-kafka-bootstrap`, pools.length > 0 ? { ...selector, 'strimzi.io/broker-role': 'true' } : selector, [servicePort('tcp-replication', 9091, 9091), ...internalPorts]),
    service(resource, subdomain, selector, [servicePort('tcp-ctrlplane', 9090, 9090), servicePort('tcp-replication', 9091, 9091), ...internalPorts], { headless: true, publishNotReadyAddresses: true }),
    ...listeners
      .filter((listener) => !internal.includes(listener))
      .map((listener) =>
        service(resource, `${cluster}-kafka-${listener.name.value}-bootstrap`, pools.length > 0 ? { ...selector, 'strimzi.io/broker-role': 'true' } : selector, [servicePort(`tcp-${listener.name.value}`, listener.port.value, listener.port.value)], {
          type: listener.type?.value === 'nodeport' ? 'NodePort' : listener.type?.value === 'loadbalancer' ? 'LoadBalancer' : 'ClusterIP',
        }),
      ),
  );
  if (spec?.entityOperator) pods.push(...deploymentPods(resource, `${cluster}-entity-operator`, 1, [container('topic-operator', []), container('user-operator', [])], strimziLabels(cluster, 'Kafka', `${cluster}-entity-operator`, 'entity-operator')));
  if (spec?.cruiseControl) {
    const labels = strimziLabels(cluster, 'Kafka', `${cluster}-cruise-control`, 'cruise-control');
    pods.push(...deploymentPods(resource, `${cluster}-cruise-control`, 1, [container('cruise-control', [['rest-api', 9090]])], labels));
    services.push(service(resource, `${cluster}-cruise-control`, strimziSelector(labels), [servicePort('rest-api', 9090, 9090)]));
  }
  if (spec?.kafkaExporter) pods.push(...deploymentPods(resource, `${cluster}-kafka-exporter`, 1, [container(`${cluster}-kafka-exporter`, [['tcp-prometheus', 9404]])], strimziLabels(cluster, 'Kafka', `${cluster}-kafka-exporter`, 'kafka-exporter')));
  return { pods, services };
}

/** A count the resource writes, or the operator's default; never negative, and bounded as workloads are. */
function count(value: { readonly value: number } | undefined, fallback: number): number {
  return Math.max(0, Math.min(value?.value ?? fallback, 1000));
}

function container(name: string, ports: PortList): SimContainer {
  return { name, ports: ports.map(([portName, port, protocol]): SimContainerPort => ({ name: portName, port, protocol: protocol ?? 'TCP' })) };
}

function servicePort(name: string, port: number, targetPort: number | string, protocol = 'TCP'): OperatorService['ports'][number] {
  return { name, port, targetPort, protocol };
}

function service(resource: OperatorResource, name: string, selector: Labels, ports: OperatorService['ports'], options: { headless?: boolean; publishNotReadyAddresses?: boolean; type?: OperatorService['type'] } = {}): OperatorService {
  return {
    namespace: resource.id.namespace ?? 'default',
    name,
    type: options.type ?? 'ClusterIP',
    headless: options.headless ?? false,
    selector,
    ports,
    publishNotReadyAddresses: options.publishNotReadyAddresses ?? false,
    source: refTo(resource),
  };
}

/** One pod of a custom resource, with the containers its operator gives it. */
function plan(resource: OperatorResource, name: string, replica: number, containers: readonly SimContainer[] | undefined, labels: Labels, extra: Partial<PodPlan> = {}): PodPlan {
  const namespace = resource.id.namespace ?? 'default';
  return {
    namespace,
    name,
    labels,
    workload: { namespace, kind: resource.id.kind, name: resource.id.name },
    spec: undefined,
    simulated: true,
    replica,
    statusIPs: [],
    ready: true,
    source: refTo(resource),
    ...(containers && { containers }),
    ...extra,
  };
}

/**
 * The pods of a StatefulSet the operator makes (`SET-0` …), named under its governing Service; StatefulSet's own
 * pod labels are added unless the operator makes the pods itself (Strimzi's StrimziPodSets).
 */
function statefulPods(resource: OperatorResource, statefulSet: string, replicas: number, subdomain: string, containers: readonly SimContainer[], labels: Labels, byStatefulSet = true): PodPlan[] {
  return Array.from({ length: replicas }, (_, index) => {
    const name = `${statefulSet}-${index}`;
    const podLabels = byStatefulSet ? { ...labels, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(index) } : labels;
    return plan(resource, name, index, containers, podLabels, { hostname: name, subdomain });
  });
}

/** The pods of a Deployment the operator makes, named as a Deployment's are. */
function deploymentPods(resource: OperatorResource, deployment: string, replicas: number, containers: readonly SimContainer[], labels: Labels): PodPlan[] {
  const namespace = resource.id.namespace ?? 'default';
  const replicaSet = `${deployment}-${nameSuffix(`${namespace}/${deployment}/template`, 10)}`;
  return Array.from({ length: replicas }, (_, index) => plan(resource, `${replicaSet}-${nameSuffix(`${replicaSet}/${index}`, 5)}`, index, containers, labels));
}

/** A pod made from a pod template the resource writes (LeaderWorkerSet): its spec and containers are the template's. */
function templatePod(resource: OperatorResource, name: string, replica: number, template: PodTemplate | undefined, labels: Labels, subdomain: string): PodPlan {
  return plan(resource, name, replica, undefined, labels, { hostname: name, subdomain, spec: template?.spec });
}
