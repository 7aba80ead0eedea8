import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import { snapshotOf } from '../../support/engineFixtures';

// kubectl port-forward (staging/src/k8s.io/kubectl/pkg/cmd/portforward/portforward.go): a Service or workload is
// resolved to one pod (GetFirstPod), a Service port to its targetPort (translateServicePortToTargetPort,
// LookupContainerPortNumberByServicePort); the kubelet's runtime dials localhost:PORT in the pod's network namespace.
const MANIFESTS = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}, annotations: {sidecar.istio.io/inject: "true"}}
    spec: {containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

const snapshot = snapshotOf(MANIFESTS);

function trace(to: string, protocol: 'TCP' | 'UDP' = 'TCP'): Trace {
  const result = traceRequest({ from: parseSource('port-forward') as TraceSource, to: parseDestination(to) as TraceDestination, protocol }, snapshot);
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}

describe('a trace through kubectl port-forward', () => {
  test('to a Service: one pod, the targetPort, and neither kube-proxy nor the deny-all policy on the way', () => {
    const result = trace('shop/svc/web:80');
    assert.equal(result.verdict.kind, 'delivered');
    assert.match(result.verdict.summary, /^delivered through kubectl port-forward to container web of pod shop\/web-\S+ at 127\.0\.0\.1:8080$/);
    assert.deepEqual(result.hops.map((hop) => hop.component), ['client', 'node', 'container']);
    const tunnel = result.hops[1]!;
    assert.match(tunnel.title, /^kubectl port-forward -n shop svc\/web: API server → kubelet on \S+$/);
    assert.ok(tunnel.details?.some((detail) => /^kubectl picked pod web-\S+, one of the pods the Service selects, and forwards Service port 80 to its targetPort 8080: every connection of this port-forward goes to that one pod/.test(detail)));
    assert.ok(tunnel.details?.some((detail) => detail.startsWith('bypassed: no DNS lookup, no ClusterIP and no kube-proxy')));
    assert.ok(tunnel.details?.some((detail) => detail.startsWith('bypassed: no mesh sidecar inbound redirect')));
  });

  test('to a pod or a Deployment, on the port given', () => {
    const pod = snapshot.pods.find((candidate) => candidate.namespace === 'shop')!;
    assert.match(trace(`shop/pod/${pod.name}:8080`).verdict.summary, new RegExp(`pod shop/${pod.name} at 127\\.0\\.0\\.1:8080$`));
    assert.equal(trace('shop/deploy/web:8080').verdict.kind, 'delivered');
    assert.equal(trace('shop/pod/' + pod.name + ':9999').verdict.kind, 'not-listening');
  });

  test('where kubectl stops: a Service port it lacks, UDP, a name it does not know', () => {
    assert.deepEqual(trace('shop/svc/web:81').verdict, { kind: 'no-route', summary: 'Service shop/web does not have a service port 81' });
    assert.deepEqual(trace('shop/svc/web:80', 'UDP').verdict, { kind: 'no-route', summary: 'kubectl port-forward forwards TCP only, not UDP' });
    assert.match(parseDestination('shop/configmap/web:80') as string, /^kubectl port-forward does not forward to configmap\/web/);
    assert.ok('error' in traceRequest({ from: { kind: 'port-forward' }, to: { host: 'web.shop', port: 80 }, protocol: 'TCP' }, snapshot));
  });
});
