import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDestination } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceDestination } from '../../../server/src/engine/trace/types';
import { snapshotOf } from '../../support/engineFixtures';

// Kubernetes documentation, "Pods" (Resource sharing and communication): containers in a Pod share one network
// namespace and reach each other over localhost. The kubelet's managed /etc/hosts maps localhost to 127.0.0.1 and ::1.
const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - {name: app, image: app, ports: [{name: http, containerPort: 8080}]}
      - {name: metrics, image: exporter, ports: [{containerPort: 9102}, {containerPort: 8125, protocol: UDP}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

function trace(to: string, protocol: 'TCP' | 'UDP' = 'TCP'): Trace {
  const result = traceRequest({ from: { kind: 'workload', namespace: 'shop', name: 'api' }, to: parseDestination(to) as TraceDestination, protocol }, snapshotOf(MANIFESTS));
  assert.ok(!('error' in result));
  return result;
}

describe('a pod\'s containers reach each other over its loopback', () => {
  test('localhost:PORT reaches the container of the same pod that declares PORT, without DNS, Service or NetworkPolicy', () => {
    const result = trace('localhost:9102');
    assert.equal(result.verdict.kind, 'delivered');
    assert.match(result.verdict.summary, /^delivered over the loopback to container metrics of pod shop\/api-\S+ at 127\.0\.0\.1:9102$/);
    assert.deepEqual(result.hops.map((hop) => hop.component), ['client', 'container'], 'the deny-all policy does not see loopback traffic');
    assert.deepEqual(result.hops[1]!.before, { protocol: 'TCP', src: '127.0.0.1', srcPort: result.hops[1]!.before!.srcPort, dst: '127.0.0.1', dstPort: 9102 });
    assert.ok(result.hops[1]!.details?.includes('localhost is 127.0.0.1 in the pod\'s /etc/hosts, which the kubelet writes: no DNS query is sent'));
  });

  test('127.0.0.1 and ::1 too, by port and protocol', () => {
    assert.match(trace('127.0.0.1:8080').verdict.summary, /container app /);
    assert.match(trace('[::1]:8080').verdict.summary, /container app .* at ::1:8080$/);
    assert.match(trace('127.0.0.1:8125', 'UDP').verdict.summary, /container metrics /);
  });

  test('no container declares the port: connection refused', () => {
    const result = trace('localhost:7000');
    assert.equal(result.verdict.kind, 'not-listening');
    assert.match(result.verdict.summary, /^no container of pod shop\/api-\S+ declares TCP port 7000: 127\.0\.0\.1:7000 refuses the connection$/);
    assert.equal(trace('127.0.0.1:8125').verdict.kind, 'not-listening', '8125 is declared for UDP only');
  });
});
