import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { snapshotOf } from '../../support/engineFixtures';

const SELECTING = `apiVersion: v1
kind: Service
metadata: {name: redis, namespace: cache}
spec:
  selector: {app.kubernetes.io/name: redis}
  ports: [{port: 6379}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: redis, namespace: cache}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: redis}}
  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: cache}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: web, env: [{name: CACHE, value: 'redis://redis-master.cache:6379'}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: cache}
spec:
  rules: [{backendRefs: [{name: redis-ui, port: 80}]}]
`;

const HELM_RELEASE = `---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: redis, namespace: cache}
spec: {chart: {spec: {chart: redis}}}
`;

function findings(text: string): string[] {
  return checkCluster(snapshotOf(text))
    .filter((problem) => ['KT101', 'KT201', 'KT301', 'KT302', 'KT401'].includes(problem.code))
    .map((problem) => `${problem.code} ${problem.severity}`);
}

describe('a namespace with custom resources the model does not know', () => {
  test('without them, missing pods and Services are warnings and errors', () => {
    assert.deepEqual(findings(SELECTING), ['KT101 warning', 'KT301 warning', 'KT302 warning', 'KT401 warning', 'KT201 error']);
  });

  test('with a HelmRelease beside them, they are information naming the resource, linked', () => {
    const problems = checkCluster(snapshotOf(SELECTING + HELM_RELEASE)).filter((problem) => ['KT101', 'KT201', 'KT301', 'KT302', 'KT401'].includes(problem.code));
    assert.deepEqual(problems.map((problem) => `${problem.code} ${problem.severity}`), ['KT101 information', 'KT301 information', 'KT302 information', 'KT401 information', 'KT201 information']);
    for (const problem of problems) {
      assert.match(problem.message, /The custom resource HelmRelease\/redis in the same namespace may create .*: its operator is not simulated\./);
      assert.equal(problem.related?.length, 1);
      assert.equal(problem.related![0]!.range.start.line, 33, 'the related location is the HelmRelease\'s name');
    }
  });

  test('resources that only configure (a Certificate, a ServiceMonitor) and built-in kinds change nothing', () => {
    const configOnly = `---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: redis, namespace: cache}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: redis, namespace: cache}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: redis, namespace: cache}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: redis, namespace: cache}
`;
    assert.deepEqual(findings(SELECTING + configOnly), ['KT101 warning', 'KT301 warning', 'KT302 warning', 'KT401 warning', 'KT201 error']);
  });

  test('a custom resource in another namespace changes nothing here', () => {
    assert.deepEqual(findings(SELECTING + HELM_RELEASE.replace('namespace: cache', 'namespace: flux-system')), ['KT101 warning', 'KT301 warning', 'KT302 warning', 'KT401 warning', 'KT201 error']);
  });
});

describe('what counts as a custom resource', () => {
  test('a tool\'s file with an apiVersion but no API group (skaffold\'s Config) is none', () => {
    const skaffold = `---
apiVersion: skaffold/v4beta6
kind: Config
metadata: {name: app, namespace: cache}
`;
    assert.deepEqual(findings(SELECTING + skaffold), ['KT101 warning', 'KT301 warning', 'KT302 warning', 'KT401 warning', 'KT201 error']);
  });

  test("an IstioOperator, istioctl's install configuration (Istio removed the in-cluster operator), is none", () => {
    const istio = `---
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: {name: control-plane, namespace: cache}
`;
    assert.deepEqual(findings(SELECTING + istio), ['KT101 warning', 'KT301 warning', 'KT302 warning', 'KT401 warning', 'KT201 error']);
  });
});
