import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { snapshotOf } from '../../support/engineFixtures';

const CLIENT = (value: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: web, env: [{name: TARGET, value: '${value}'}]}
`;

function verdict(snapshot: ClusterSnapshot, to: string): string {
  const result = traceRequest({ from: parseSource('shop/web') as TraceSource, to: parseDestination(to) as TraceDestination, protocol: 'TCP' }, snapshot);
  assert.ok(!('error' in result), JSON.stringify(result));
  return result.verdict.kind;
}

describe('Services that platforms install are stand-ins', () => {
  test('naming istiod or metrics-server in a connection string is no finding, and a trace reaches their pods', () => {
    for (const [value, to] of [
      ['istiod.istio-system.svc:15012', 'istiod.istio-system.svc:15012'],
      ['https://metrics-server.kube-system.svc.cluster.local', 'metrics-server.kube-system:443'],
    ] as const) {
      const snapshot = snapshotOf(CLIENT(value));
      assert.deepEqual(checkCluster(snapshot).map((problem) => problem.code), [], value);
      assert.equal(verdict(snapshot, to), 'delivered', value);
    }
  });

  test('they stand in only when used: a workspace that names none has none', () => {
    const snapshot = snapshotOf(CLIENT('http://web.shop:80'));
    assert.ok(!snapshot.services.some((service) => service.name === 'istiod' || service.name === 'metrics-server'));
  });

  test('a Service written against ingress-nginx\'s installation selects the stand-in controller\'s pods', () => {
    // As CloudNativePG's cluster-expose-service.yaml sample does, to expose PostgreSQL through ingress-nginx.
    const snapshot = snapshotOf(`apiVersion: v1
kind: Service
metadata: {name: ingress-nginx, namespace: ingress-nginx}
spec:
  type: LoadBalancer
  selector: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/part-of: ingress-nginx}
  ports: [{name: http, port: 80, targetPort: 80}]
`);
    assert.deepEqual(checkCluster(snapshot).map((problem) => problem.code), []);
    assert.equal(snapshot.endpoints.get('ingress-nginx/ingress-nginx')?.endpoints.length, 2);
  });

  test('a workspace that installs the platform itself gets no stand-in', () => {
    const snapshot = snapshotOf(`${CLIENT('https://metrics-server.kube-system')}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: metrics-server, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: metrics-server}}
  template:
    metadata: {labels: {k8s-app: metrics-server}}
    spec: {containers: [{name: metrics-server, image: metrics-server}]}
`);
    assert.equal(snapshot.pods.filter((pod) => pod.labels['k8s-app'] === 'metrics-server').length, 1);
    assert.deepEqual(checkCluster(snapshot).filter((problem) => problem.code === 'KT401').map((problem) => problem.severity), ['warning'], 'its Service is the workspace\'s to write');
  });
});
