import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import type { ClusterSnapshot, SimPod } from '../../../server/src/engine/snapshot/types';
import { updateSnapshot } from '../../../server/src/engine/snapshot/updateSnapshot';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { snapshotOf } from '../../support/engineFixtures';
import { SHARED } from '../../support/fixtures';

function pod(snapshot: ClusterSnapshot, namespace: string, name: string): SimPod {
  const found = snapshot.pods.find((candidate) => candidate.namespace === namespace && candidate.name === name);
  assert.ok(found, `no pod ${namespace}/${name} among ${snapshot.pods.map((candidate) => candidate.name).join(', ')}`);
  return found;
}

function ports(found: SimPod): string[] {
  return found.containers.flatMap((container) => container.ports.map((port) => `${port.name ?? ''}:${port.port}/${port.protocol}`));
}

function traceVerdict(snapshot: ClusterSnapshot, from: string, to: string): string {
  const result = traceRequest({ from: parseSource(from) as TraceSource, to: parseDestination(to) as TraceDestination, protocol: 'TCP' }, snapshot);
  assert.ok(!('error' in result), JSON.stringify(result));
  return result.verdict.kind;
}

const CLIENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: monitoring}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec: {containers: [{name: client, image: curl}]}
`;

// The labels and ports are those of prometheus-operator's pkg/prometheus/server/statefulset.go, pkg/alertmanager
// and pkg/thanos statefulset.go and their makeStatefulSetService.
describe('Prometheus Operator resources', () => {
  const snapshot = snapshotOf(`${CLIENT}---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  replicas: 2
  shards: 2
  podMetadata: {labels: {team: platform, app.kubernetes.io/name: overridden}}
  thanos: {}
---
apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata: {name: main, namespace: monitoring}
spec:
  replicas: 3
  podMetadata: {labels: {team: platform}}
---
apiVersion: monitoring.coreos.com/v1
kind: ThanosRuler
metadata: {name: rules, namespace: monitoring}
spec: {queryEndpoints: [dnssrv+_http._tcp.thanos-query]}
`);

  test('a Prometheus runs replicas × shards pods named as its StatefulSets, with podMetadata and the operator\'s labels', () => {
    const names = snapshot.pods.filter((candidate) => candidate.workload.kind === 'Prometheus').map((candidate) => candidate.name).sort();
    assert.deepEqual(names, ['prometheus-k8s-0', 'prometheus-k8s-1', 'prometheus-k8s-shard-1-0', 'prometheus-k8s-shard-1-1']);
    const shard = pod(snapshot, 'monitoring', 'prometheus-k8s-shard-1-0');
    assert.deepEqual(
      { ...shard.labels },
      {
        team: 'platform',
        'app.kubernetes.io/name': 'prometheus',
        'app.kubernetes.io/instance': 'k8s',
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        prometheus: 'k8s',
        'operator.prometheus.io/name': 'k8s',
        'operator.prometheus.io/shard': '1',
        'statefulset.kubernetes.io/pod-name': 'prometheus-k8s-shard-1-0',
        'apps.kubernetes.io/pod-index': '0',
      },
    );
    assert.deepEqual(ports(shard), ['web:9090/TCP', 'reloader-web:8080/TCP', 'http:10902/TCP', 'grpc:10901/TCP']);
    assert.equal(shard.subdomain, 'prometheus-operated');
  });

  test('Alertmanager and ThanosRuler pods carry their names and listen on 9093/9094 and 10901/10902', () => {
    const alertmanager = pod(snapshot, 'monitoring', 'alertmanager-main-2');
    assert.equal(alertmanager.labels['alertmanager'], 'main');
    assert.equal(alertmanager.labels['app.kubernetes.io/name'], 'alertmanager');
    assert.equal(alertmanager.labels['team'], 'platform');
    assert.deepEqual(ports(alertmanager), ['web:9093/TCP', 'mesh-tcp:9094/TCP', 'mesh-udp:9094/UDP', 'reloader-web:8080/TCP']);
    const ruler = pod(snapshot, 'monitoring', 'thanos-ruler-rules-0');
    assert.equal(ruler.labels['thanos-ruler'], 'rules');
    assert.deepEqual(ports(ruler), ['grpc:10901/TCP', 'web:10902/TCP']);
  });

  test('the governing Services are headless, select the pods and name the resource as their source', () => {
    const governing = snapshot.services.filter((service) => service.name.endsWith('-operated'));
    assert.deepEqual(governing.map((service) => `${service.name} ${service.headless} ${service.ports.map((port) => `${port.port}/${port.protocol}`).join(',')}`), [
      'alertmanager-operated true 9093/TCP,9094/TCP,9094/UDP',
      'prometheus-operated true 9090/TCP,10901/TCP',
      'thanos-ruler-operated true 10902/TCP,10901/TCP',
    ]);
    assert.match(governing[1]!.source!.label, /Prometheus\.monitoring\.coreos\.com monitoring\/k8s/);
    assert.equal(snapshot.endpoints.get('monitoring/alertmanager-operated')?.endpoints.length, 3);
    assert.equal(snapshot.endpoints.get('monitoring/prometheus-operated')?.endpoints.length, 4);
  });

  test('a client reaches Prometheus through prometheus-operated, and a pod by its name under it', () => {
    assert.equal(traceVerdict(snapshot, 'monitoring/client', 'prometheus-operated:9090'), 'delivered');
    assert.equal(traceVerdict(snapshot, 'monitoring/client', 'alertmanager-main-0.alertmanager-operated:9093'), 'delivered');
  });

  test('a Service and a NetworkPolicy written against the operator\'s labels select its pods', () => {
    const findings = checkCluster(snapshotOf(`apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata: {name: alertmanager}
spec: {replicas: 1}
---
apiVersion: v1
kind: Service
metadata: {name: alertmanager}
spec:
  selector: {alertmanager: alertmanager}
  ports: [{port: 9093, targetPort: 9093}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: prometheus}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}
  ingress: [{from: [{podSelector: {matchLabels: {app.kubernetes.io/name: alertmanager}}}]}]
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: prometheus}
spec: {listenLocal: true}
`));
    assert.deepEqual(findings.map((finding) => `${finding.code} ${finding.message}`), []);
  });

  test('the workspace\'s own Service of the governing name wins over the operator\'s', () => {
    const own = snapshotOf(`apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s}
---
apiVersion: v1
kind: Service
metadata: {name: prometheus-operated}
spec:
  selector: {prometheus: k8s}
  ports: [{port: 80, targetPort: 9090}]
`);
    const services = own.services.filter((service) => service.name === 'prometheus-operated');
    assert.deepEqual(services.map((service) => [service.virtual, service.ports[0]!.port]), [[false, 80]]);
  });

  test('after an edit of the namespace, the incremental snapshot equals a fresh one', () => {
    const text = `${CLIENT}---
apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata: {name: main, namespace: monitoring}
`;
    const before = parseManifest('file:///a.yaml', text).objects;
    const after = parseManifest('file:///a.yaml', text.replace('image: curl', 'image: wget')).objects;
    const previous = buildSnapshot(before, DEFAULT_PROFILE);
    const objects = [...after];
    const incremental = updateSnapshot(previous, objects) ?? buildSnapshot(objects, DEFAULT_PROFILE);
    const fresh = buildSnapshot(objects, DEFAULT_PROFILE);
    assert.deepEqual(incremental.pods.map((candidate) => `${candidate.name} ${candidate.ips.join()}`), fresh.pods.map((candidate) => `${candidate.name} ${candidate.ips.join()}`));
    assert.deepEqual(incremental.services.map((service) => service.name), fresh.services.map((service) => service.name));
    const withoutResource = after.filter((object) => object.type !== 'OperatorResource');
    assert.equal(updateSnapshot(previous, withoutResource, { removed: before.filter((object) => object.type === 'OperatorResource'), added: [] }), undefined, 'a custom resource that goes takes its Services with it: built afresh');
  });
});

// From each project's docs: CloudNativePG "Service management" and "Labels and annotations", ECK "Services",
// Strimzi "Kafka cluster resources", LeaderWorkerSet "Concepts".
describe('the table of other pod-making resources', () => {
  test('a CloudNativePG Cluster runs NAME-1..N, the first primary, behind -rw, -ro and -r', () => {
    const snapshot = snapshotOf(`apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: {name: pg, namespace: db}
spec:
  instances: 3
  inheritedMetadata: {labels: {tier: data}}
`);
    assert.equal(snapshot.objects.at(0)!.id.namespace, 'db', 'a Cluster of postgresql.cnpg.io is namespaced');
    const primary = pod(snapshot, 'db', 'pg-1');
    assert.equal(primary.labels['cnpg.io/instanceRole'], 'primary');
    assert.equal(primary.labels['tier'], 'data');
    assert.equal(pod(snapshot, 'db', 'pg-3').labels['cnpg.io/instanceRole'], 'replica');
    const endpoints = (name: string) => snapshot.endpoints.get(`db/${name}`)?.endpoints.map((endpoint) => endpoint.pod).sort();
    assert.deepEqual(endpoints('pg-rw'), ['db/pg-1']);
    assert.deepEqual(endpoints('pg-ro'), ['db/pg-2', 'db/pg-3']);
    assert.deepEqual(endpoints('pg-r'), ['db/pg-1', 'db/pg-2', 'db/pg-3']);
    assert.deepEqual(ports(primary), ['postgresql:5432/TCP', 'metrics:9187/TCP', 'status:8000/TCP']);
  });

  test('Strimzi: node pools make the brokers, the bootstrap Service reaches the broker role only', () => {
    const snapshot = snapshotOf(`apiVersion: kafka.strimzi.io/v1
kind: KafkaNodePool
metadata: {name: controller, labels: {strimzi.io/cluster: my-cluster}}
spec: {replicas: 3, roles: [controller]}
---
apiVersion: kafka.strimzi.io/v1
kind: KafkaNodePool
metadata: {name: broker, labels: {strimzi.io/cluster: my-cluster}}
spec: {replicas: 2, roles: [broker], template: {pod: {metadata: {labels: {team: data}}}}}
---
apiVersion: kafka.strimzi.io/v1
kind: Kafka
metadata: {name: my-cluster}
spec:
  kafka:
    listeners:
      - {name: plain, port: 9092, type: internal, tls: false}
      - {name: external, port: 9094, type: loadbalancer, tls: false}
  entityOperator: {}
---
apiVersion: kafka.strimzi.io/v1
kind: KafkaBridge
metadata: {name: my-bridge}
spec: {replicas: 1, bootstrapServers: 'my-cluster-kafka-bootstrap:9092', http: {port: 8080}}
`);
    const broker = pod(snapshot, 'default', 'my-cluster-broker-1');
    assert.equal(broker.labels['strimzi.io/name'], 'my-cluster-kafka');
    assert.equal(broker.labels['strimzi.io/broker-role'], 'true');
    assert.equal(broker.labels['team'], 'data', 'the pool\'s template.pod.metadata.labels');
    assert.deepEqual(ports(broker), ['tcp-ctrlplane:9090/TCP', 'tcp-replication:9091/TCP', 'tcp-plain:9092/TCP', 'tcp-external:9094/TCP']);
    assert.deepEqual(ports(pod(snapshot, 'default', 'my-cluster-controller-0')), ['tcp-ctrlplane:9090/TCP']);
    assert.deepEqual(snapshot.endpoints.get('default/my-cluster-kafka-bootstrap')?.endpoints.map((endpoint) => endpoint.pod).sort(), ['default/my-cluster-broker-0', 'default/my-cluster-broker-1']);
    assert.equal(snapshot.endpoints.get('default/my-cluster-kafka-brokers')?.endpoints.length, 5);
    assert.equal(snapshot.services.find((service) => service.name === 'my-cluster-kafka-external-bootstrap')?.type, 'LoadBalancer');
    assert.ok(snapshot.pods.some((candidate) => candidate.labels['strimzi.io/name'] === 'my-cluster-entity-operator'));
    assert.equal(traceVerdict(snapshot, 'default/my-bridge', 'my-cluster-kafka-bootstrap:9092'), 'delivered');
    assert.deepEqual(checkCluster(snapshot).map((finding) => finding.code), []);
  });

  test('ECK and LeaderWorkerSet pods carry their operators\' labels and sit behind their Services', () => {
    const snapshot = snapshotOf(`apiVersion: elasticsearch.k8s.elastic.co/v1
kind: Elasticsearch
metadata: {name: quickstart}
spec:
  nodeSets: [{name: default, count: 2}]
---
apiVersion: kibana.k8s.elastic.co/v1
kind: Kibana
metadata: {name: quickstart}
spec: {count: 1, elasticsearchRef: {name: quickstart}}
---
apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: {name: vllm}
spec:
  replicas: 2
  leaderWorkerTemplate:
    size: 2
    workerTemplate:
      metadata: {labels: {app: vllm}}
      spec: {containers: [{name: vllm, image: vllm, ports: [{containerPort: 8080}]}]}
`);
    assert.equal(pod(snapshot, 'default', 'quickstart-es-default-1').labels['elasticsearch.k8s.elastic.co/cluster-name'], 'quickstart');
    assert.equal(snapshot.endpoints.get('default/quickstart-es-http')?.endpoints.length, 2);
    assert.equal(snapshot.endpoints.get('default/quickstart-kb-http')?.endpoints.length, 1);
    const worker = pod(snapshot, 'default', 'vllm-1-1');
    assert.deepEqual([worker.labels['app'], worker.labels['leaderworkerset.sigs.k8s.io/group-index'], worker.labels['leaderworkerset.sigs.k8s.io/worker-index']], ['vllm', '1', '1']);
    assert.deepEqual(ports(pod(snapshot, 'default', 'vllm-0')), [':8080/TCP']);
    assert.equal(pod(snapshot, 'default', 'vllm-0').subdomain, 'vllm');
  });
});

describe('reading the resources', () => {
  test('a field in an older API version\'s shape is no finding: the CRD, not the model, says what is valid', () => {
    const parsed = parseManifest('file:///kafka.yaml', `apiVersion: kafka.strimzi.io/v1beta1
kind: Kafka
metadata: {name: old}
spec:
  kafka:
    replicas: 3
    listeners: {plain: {}, tls: {}}
  zookeeper: {replicas: 3}
`);
    assert.deepEqual(parsed.problems, []);
    const snapshot = buildSnapshot(parsed.objects, DEFAULT_PROFILE);
    assert.deepEqual(snapshot.pods.filter((candidate) => candidate.namespace === 'default').map((candidate) => candidate.name).sort(), ['old-kafka-0', 'old-kafka-1', 'old-kafka-2', 'old-zookeeper-0', 'old-zookeeper-1', 'old-zookeeper-2']);
    assert.equal(snapshot.endpoints.get('default/old-zookeeper-client')?.endpoints.length, 3);
  });
});

describe('the realworld examples that select operator pods', () => {
  const realworld = path.join(SHARED, 'realworld');
  const check = (...files: string[]) =>
    checkCluster(buildSnapshot(files.flatMap((file) => parseManifest(`file://${file}`, fs.readFileSync(path.join(realworld, file), 'utf8')).objects), DEFAULT_PROFILE));

  test('CloudNativePG\'s NetworkPolicy sample selects the pods of cluster-example', { skip: !fs.existsSync(realworld) }, () => {
    const findings = check('cloudnative-pg--docs-src-samples/networkpolicy-example.yaml', 'cloudnative-pg--docs-src-samples/cluster-example.yaml');
    assert.deepEqual(findings.map((finding) => finding.code), ['KT303'], 'the podSelector matches; only the operator namespace\'s labels are unseen');
  });

  test('Strimzi\'s Alertmanager Service selects the Alertmanager\'s pods', { skip: !fs.existsSync(realworld) }, () => {
    assert.deepEqual(check('strimzi-kafka-operator--examples/metrics/prometheus-install/alert-manager.yaml').map((finding) => finding.code), []);
  });
});
