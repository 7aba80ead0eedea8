import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPort } from '../../../server/src/engine/snapshot/endpoints';
import { snapshotOf } from '../../support/engineFixtures';

/**
 * The endpoints a selector picks resolve a Service's ports once per container list (a template's pods share
 * theirs): each endpoint must still carry what its own pod's containers give, pods of different templates apart,
 * and each pod's unresolved ports listed under its own name.
 */
const workspace = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: web, ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-old, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web, track: old}}
  template:
    metadata: {labels: {app: web, track: old}}
    spec: {containers: [{name: app, image: web, ports: [{name: http, containerPort: 8000}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-debug, namespace: shop, labels: {app: web}}
spec: {containers: [{name: app, image: web, ports: [{name: metrics, containerPort: 9100}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}, {name: metrics, port: 9090, targetPort: metrics}, {name: admin, port: 81, targetPort: 7000}]
`;

test('each endpoint of a selector carries the ports its own pod resolves, and each pod its unresolved ports', () => {
  const snapshot = snapshotOf(workspace);
  const service = snapshot.services.find((candidate) => candidate.name === 'web')!;
  const endpoints = snapshot.endpoints.get('shop/web')!;
  const pods = snapshot.pods.filter((pod) => pod.namespace === 'shop' && pod.labels['app'] === 'web' && pod.ips.length > 0);
  assert.equal(pods.length, 6);
  const expectedPorts = (pod: (typeof pods)[number]) => Object.fromEntries(service.ports.flatMap((port) => (findPort(pod, port) === undefined ? [] : [[port.name, findPort(pod, port)!]])));
  assert.deepEqual(
    endpoints.endpoints.map((endpoint) => [endpoint.pod, endpoint.ports, endpoint.publishedPorts.map((port) => `${port.name}:${port.port}/${port.protocol}`)]),
    pods.map((pod) => [`shop/${pod.name}`, expectedPorts(pod), service.ports.filter((port) => findPort(pod, port) !== undefined).map((port) => `${port.name}:${findPort(pod, port)}/${port.protocol}`)]),
  );
  assert.deepEqual(
    endpoints.excluded,
    pods.flatMap((pod) => service.ports.filter((port) => findPort(pod, port) === undefined).map((port) => ({ pod: `shop/${pod.name}`, port: port.name, reason: `no container port named ${String(port.targetPort)} with protocol ${port.protocol}` }))),
  );
  // The three templates give three different sets of ports.
  assert.equal(new Set(endpoints.endpoints.map((endpoint) => JSON.stringify(endpoint.ports))).size, 3);
});
