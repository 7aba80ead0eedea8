import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerHttp } from '../../../server/src/engine/trace/httpQuery';
import { snapshotOf } from '../../support/engineFixtures';

// gateway-api apis/v1/httproute_types.go, HTTPRouteRule.matches: "When no rules matching a request have been
// successfully attached to the parent a request is coming from, a HTTP 404 status code MUST be returned."
// The parent here is a Service (GAMMA, conformance/tests/mesh-split.go's echo Services); the client is in the mesh
// (its namespace injects Istio's sidecar), whose proxy applies the routes, and the query answers from its trace.
const TEXT = `apiVersion: v1
kind: Namespace
metadata: {name: gamma, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo, namespace: gamma}
spec:
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec: {containers: [{name: echo, image: echo, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: echo, namespace: gamma}
spec: {selector: {app: echo}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: echo-v1, namespace: gamma}
spec: {selector: {app: echo}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: plain, namespace: gamma}
spec: {selector: {app: echo}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: mesh-split, namespace: gamma}
spec:
  parentRefs: [{group: '', kind: Service, name: echo, port: 80}]
  rules:
  - matches: [{path: {type: Exact, value: /v1}}]
    backendRefs: [{name: echo-v1, port: 80}]
`;

describe('a route attached to a Service (GAMMA) whose rules match nothing', () => {
  const snapshot = snapshotOf(TEXT);
  const request = (host: string, path: string) => answerHttp({ host, path, method: 'GET', headers: {}, scheme: 'http', port: 80, from: { namespace: 'gamma', name: 'echo' } }, snapshot);

  test('a matching rule sends to its backend', () => {
    const result = request('echo', '/v1');
    assert.deepEqual([result.status, result.backend?.service], [200, 'echo-v1']);
  });

  test('no rule matches: 404, not the Service itself', () => {
    const result = request('echo', '/v2');
    assert.equal(result.status, 404);
    assert.equal(result.backend, null);
    assert.match(result.rule, /no rule of the HTTPRoutes attached to Service gamma\/echo \(gamma\/mesh-split\) matches GET \/v2: 404/);
    assert.deepEqual(result.refs.map((ref) => ref.label), ['HTTPRoute.gateway.networking.k8s.io gamma/mesh-split']);
  });

  test('a Service with no route attached still answers itself', () => {
    const result = request('plain', '/v2');
    assert.deepEqual([result.status, result.backend?.service], [200, 'plain']);
  });
});
