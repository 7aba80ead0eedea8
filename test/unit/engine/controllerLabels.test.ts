import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { snapshotOf } from '../../support/engineFixtures';

const TEMPLATE = (app: string) => `selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec: {containers: [{name: main, ports: [{containerPort: 6379}]}]}`;

const WORKLOADS = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis, namespace: db}
spec:
  serviceName: redis
  replicas: 3
  ${TEMPLATE('redis')}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: db}
spec:
  replicas: 2
  ${TEMPLATE('web')}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: db}
spec:
  ${TEMPLATE('agent')}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: db}
spec:
  template:
    metadata: {labels: {app: migrate}}
    spec: {restartPolicy: Never, containers: [{name: main}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: db}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: backup}}
        spec: {restartPolicy: Never, containers: [{name: main}]}
`;

describe('labels the controllers add to the pods they create', () => {
  const snapshot = snapshotOf(WORKLOADS);
  const podsOf = (name: string) => snapshot.pods.filter((pod) => pod.workload.name === name);

  test('StatefulSet pods carry their name, their ordinal and the revision (statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index)', () => {
    const pods = podsOf('redis');
    assert.deepEqual(pods.map((pod) => [pod.name, pod.labels['statefulset.kubernetes.io/pod-name'], pod.labels['apps.kubernetes.io/pod-index']]), [
      ['redis-0', 'redis-0', '0'],
      ['redis-1', 'redis-1', '1'],
      ['redis-2', 'redis-2', '2'],
    ]);
    assert.equal(new Set(pods.map((pod) => pod.labels['controller-revision-hash'])).size, 1, 'one revision for all the pods');
    assert.match(pods[0]!.labels['controller-revision-hash']!, /^redis-[bcdfghjklmnpqrstvwxz2456789]{10}$/, 'the ControllerRevision name');
    assert.equal(pods[0]!.labels['app'], 'redis', "the template's labels stay");
  });

  test('Deployment pods carry pod-template-hash, the suffix of their ReplicaSet', () => {
    for (const pod of podsOf('web')) assert.equal(pod.labels['pod-template-hash'], pod.name.split('-')[1]);
  });

  test('DaemonSet pods carry the revision hash alone', () => {
    const pods = podsOf('agent');
    assert.equal(pods.length, 3);
    for (const pod of pods) assert.match(pod.labels['controller-revision-hash']!, /^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
  });

  test("Job pods carry the Job's name and uid under both keys; a CronJob's pods those of the Job it made", () => {
    const [job] = podsOf('migrate');
    assert.equal(job!.labels['job-name'], 'migrate');
    assert.equal(job!.labels['batch.kubernetes.io/job-name'], 'migrate');
    assert.match(job!.labels['controller-uid']!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(job!.labels['batch.kubernetes.io/controller-uid'], job!.labels['controller-uid']);
    const [backup] = podsOf('backup');
    assert.match(backup!.labels['job-name']!, /^backup-\d{8}$/);
    assert.ok(backup!.name.startsWith(`${backup!.labels['job-name']}-`), 'the pod is named after its Job');
  });

  test('a Service selecting one StatefulSet pod by statefulset.kubernetes.io/pod-name has that pod as its endpoint, with no finding', () => {
    const service = (index: number) => `---
apiVersion: v1
kind: Service
metadata: {name: redis-announce-${index}, namespace: db}
spec:
  publishNotReadyAddresses: true
  selector: {app: redis, statefulset.kubernetes.io/pod-name: redis-${index}}
  ports: [{name: server, port: 6379, targetPort: 6379}]
`;
    const text = `${WORKLOADS}${service(0)}${service(2)}---
apiVersion: v1
kind: Service
metadata: {name: redis, namespace: db}
spec: {clusterIP: None, selector: {app: redis}, ports: [{port: 6379}]}
---
apiVersion: v1
kind: Service
metadata: {name: migrations, namespace: db}
spec: {selector: {job-name: migrate}, ports: [{port: 80}]}
`;
    const withServices = snapshotOf(text);
    assert.deepEqual(withServices.endpoints.get('db/redis-announce-2')?.endpoints.map((endpoint) => endpoint.pod), ['db/redis-2']);
    assert.deepEqual(withServices.endpoints.get('db/migrations')?.endpoints.map((endpoint) => endpoint.pod), [`db/${podsOf('migrate')[0]!.name}`]);
    assert.deepEqual(checkCluster(withServices).map((problem) => `${problem.code} ${problem.message}`), []);
  });

  test('a selector on a controller label the workload does not get still matches nothing (a ReplicaSet adds none)', () => {
    const text = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: bare, namespace: db}
spec:
  ${TEMPLATE('bare')}
---
apiVersion: v1
kind: Service
metadata: {name: bare, namespace: db}
spec: {selector: {app: bare, pod-template-hash: abc}, ports: [{port: 80}]}
`;
    assert.deepEqual(checkCluster(snapshotOf(text)).map((problem) => problem.code), ['KT101']);
  });
});
