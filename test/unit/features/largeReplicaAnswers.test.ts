import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { podsOf, servicePods } from '../../../server/src/engine/references';
import { objectNamed } from '../../../server/src/engine/snapshot/indexes';
import { answerRequest } from '../../../server/src/features/query';
import { snapshotOf } from '../../support/engineFixtures';

const WEB = 400;
const DB = 300;

/** Workloads with many replicas: a Deployment behind a Service, a StatefulSet behind a headless one, and a Pod the Service selects that lacks its named port. */
const WORKSPACE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: ${WEB}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: main, image: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: shop, labels: {app: web}}
spec: {containers: [{name: shell, image: busybox}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  serviceName: db
  replicas: ${DB}
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: postgres, ports: [{containerPort: 5432}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
`;

describe('the answers about workloads with hundreds of replicas name every pod', () => {
  const snapshot = snapshotOf(WORKSPACE);
  const webPods = snapshot.pods.filter((pod) => pod.workload.kind === 'Deployment' && pod.workload.name === 'web');
  const dbPods = snapshot.pods.filter((pod) => pod.workload.kind === 'StatefulSet' && pod.workload.name === 'db');

  test('every pod is made, addressed and counted by the references', () => {
    assert.equal(webPods.length, WEB);
    assert.equal(dbPods.length, DB);
    assert.ok([...webPods, ...dbPods].every((pod) => pod.ips.length === 1 && pod.ready));
    assert.equal(podsOf(objectNamed(snapshot, 'shop', 'Deployment', 'web')!, snapshot).length, WEB);
    const web = snapshot.services.find((service) => service.name === 'web')!;
    assert.equal(servicePods(web, snapshot).length, WEB + 1, 'the Pod debug is selected too');
  });

  test("a trace's Service hop lists one alternative per endpoint, each with probability 1/N", () => {
    const trace = answerRequest({ id: 1, kind: 'trace', from: 'data/db', to: 'http://web.shop/', protocol: 'TCP' }, snapshot) as { hops: { alternatives?: { address: string; pod?: string; probability: number }[] }[] };
    const alternatives = trace.hops.find((hop) => hop.alternatives)?.alternatives ?? [];
    assert.equal(alternatives.length, WEB, 'the Pod without the named port is no endpoint');
    assert.ok(alternatives.every((alternative) => alternative.probability === 1 / WEB));
    assert.deepEqual(new Set(alternatives.map((alternative) => alternative.address)), new Set(webPods.map((pod) => `${pod.ips[0]}:8080`)));
  });

  test('the headless Service answers one A record per ready pod, and each pod its own name', () => {
    const answer = answerRequest({ id: 2, kind: 'dns', name: 'db.data', type: 'A', fromNamespace: 'shop' }, snapshot) as { answer: { data: string }[] };
    assert.equal(answer.answer.length, DB);
    assert.deepEqual(new Set(answer.answer.map((record) => record.data)), new Set(dbPods.map((pod) => pod.ips[0])));
    const own = answerRequest({ id: 3, kind: 'dns', name: `db-${DB - 1}.db.data`, type: 'A', fromNamespace: 'shop' }, snapshot) as { answer: { data: string }[] };
    assert.deepEqual(own.answer.map((record) => record.data), dbPods.filter((pod) => pod.name === `db-${DB - 1}`).map((pod) => pod.ips[0]));
  });

  test("kube-proxy's rules have one KUBE-SEP chain per endpoint", () => {
    const { text } = answerRequest({ id: 4, kind: 'rules', mode: 'iptables', node: snapshot.nodes[0]!.name }, snapshot) as { text: string };
    const destinations = [...text.matchAll(/^-A KUBE-SEP-\S+ .*--to-destination (\S+)/gm)].map((match) => match[1]);
    const web = webPods.map((pod) => `${pod.ips[0]}:8080`);
    assert.deepEqual(destinations.filter((destination) => web.includes(destination!)).sort(), [...web].sort());
  });

  test('the findings count the pods', () => {
    const messages = checkCluster(snapshot).map((problem) => `${problem.code} ${problem.message}`);
    assert.ok(messages.some((message) => message.startsWith(`KT103 targetPort "http" names no TCP container port on 1 of the ${WEB + 1} selected pods`)), messages.join('\n'));
  });
});
