import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { buildSnapshot, connectivityMatrix, leastPrivilegePolicies, policiesYaml, type KubeObject } from '../../../server/src/engine';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { PROJECT_ROOT } from '../../support/fixtures';
import { appWithService, snapshotOf } from '../../support/engineFixtures';
import { yamlFilesUnder } from '../../support/yamlReaders';

const POLICY_TYPES = new Set(['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

function objectsUnder(folder: string): KubeObject[] {
  return yamlFilesUnder(folder).flatMap((file) => parseManifest(`file://${file}`, fs.readFileSync(file, 'utf8')).objects);
}

/**
 * The issue's proof: with the workspace's own policies taken out and the generated ones put in, the matrix admits
 * every flow the plan inferred and denies every other pair that a generated policy governs (a source or a
 * destination in a namespace it generated for).
 */
function assertExactlyTheInferredFlows(objects: readonly KubeObject[], where: string): { flows: number; pairs: number } {
  const withoutPolicies = objects.filter((object) => !POLICY_TYPES.has(object.type));
  const plan = leastPrivilegePolicies(buildSnapshot(withoutPolicies, DEFAULT_PROFILE));
  const generated = parseManifest('file:///generated.yaml', policiesYaml(plan.policies, (uri) => uri));
  assert.deepEqual(generated.problems.filter((problem) => problem.severity === 'error'), [], `${where}: the generated YAML reads cleanly`);
  const matrix = connectivityMatrix(buildSnapshot([...withoutPolicies, ...generated.objects], DEFAULT_PROFILE));
  const inferred = new Set(plan.flows.map((flow) => `${flow.from.kind === 'anywhere' ? 'anywhere' : `${flow.from.namespace}/${flow.from.name}`}>${flow.to.namespace}/${flow.to.name}>${flow.protocol}/${flow.port}`));
  const governed = new Set(plan.namespaces);
  const workloadNamespace = (name: string) => (name.startsWith('external ') ? undefined : name.split('/')[0]);
  let pairs = 0;
  const found = new Set<string>();
  for (const cell of matrix.cells) {
    const fromNamespace = workloadNamespace(cell.from);
    const toNamespace = workloadNamespace(cell.to);
    if (!(governed.has(fromNamespace ?? '') || governed.has(toNamespace ?? ''))) continue;
    const from = fromNamespace === undefined ? (cell.from === 'external 198.51.100.7 (the internet)' ? 'anywhere' : undefined) : cell.from;
    if (from === undefined || toNamespace === undefined) continue;
    const key = `${from}>${cell.to}>${cell.protocol}/${cell.port}`;
    pairs++;
    if (inferred.has(key)) {
      found.add(key);
      assert.equal(cell.verdict, 'allowed', `${where}: ${key} is implied and must be admitted: ${cell.reason}`);
    } else {
      assert.equal(cell.verdict, 'denied', `${where}: ${key} is implied by nothing and must be denied: ${cell.reason}`);
    }
  }
  // A destination the workspace does not run (istiod, Linkerd's control plane: installed apart) has no cell to ask.
  const runs = new Set(matrix.parties.filter((party) => party.kind === 'workload').map((party) => party.name));
  for (const key of inferred) if (!found.has(key) && !key.startsWith('anywhere>') && runs.has(key.split('>')[1]!)) assert.fail(`${where}: the matrix never asked ${key}`);
  return { flows: inferred.size, pairs };
}

describe('least-privilege NetworkPolicies generated from the workspace', () => {
  test('a connection string, an Ingress backend and a LoadBalancer Service each give an egress and an ingress rule, with the line that implies it', () => {
    const client = appWithService('shop', 'client').replace("image: app, ports", "image: app, env: [{name: API_URL, value: 'http://api.shop:80/v1'}], ports");
    const text = `${client}---\n${appWithService('shop', 'api')}---\n${appWithService('shop', 'lonely')}`;
    const plan = leastPrivilegePolicies(snapshotOf(text));
    const toApi = plan.flows.find((flow) => flow.from.kind === 'workload' && flow.from.name === 'client' && flow.to.name === 'api');
    assert.deepEqual([toApi?.protocol, toApi?.port], ['TCP', 8080], 'the Service port 80 is the pods\' 8080');
    assert.match(toApi!.because, /Deployment shop\/client connects to api\.shop:80 \(Service shop\/api\)/);
    assert.equal(toApi!.source?.uri, 'file:///test/manifests.yaml');
    const names = plan.policies.map((policy) => `${policy.namespace}/${policy.name}`).sort();
    assert.deepEqual(names, ['shop/api-ingress', 'shop/api-egress', 'shop/client-egress', 'shop/default-deny', 'shop/lonely-egress'].sort());
    const yaml = policiesYaml(plan.policies, (uri) => uri.replace('file:///test/', ''));
    assert.match(yaml, / {4}# Deployment shop\/client connects to api\.shop:80 \(Service shop\/api\) \(manifests\.yaml:\d+\)\n {4}- from:\n {8}- namespaceSelector:\n {12}matchLabels:\n {14}kubernetes\.io\/metadata\.name: shop\n {10}podSelector:\n {12}matchLabels:\n {14}app: client\n {6}ports:\n {8}- \{protocol: TCP, port: 8080\}/);
  });

  test('the example workspace: the inferred flows admitted, every other governed pair denied', () => {
    const { flows, pairs } = assertExactlyTheInferredFlows(objectsUnder(path.join(PROJECT_ROOT, 'examples')), 'examples');
    assert.ok(flows > 10 && pairs > flows, `${flows} flows, ${pairs} pairs`);
  });

  for (const application of ['guestbook', 'online-boutique', 'voting-app', 'podinfo', 'sock-shop', 'aks-store-demo']) {
    test(`../shared/corpus/${application}: the inferred flows admitted, every other governed pair denied`, () => {
      const folder = path.join(PROJECT_ROOT, '..', 'shared', 'corpus', application);
      assertExactlyTheInferredFlows(objectsUnder(folder), application);
    });
  }

  test("flows the workspace's policies admit by a rule are reported, not written again; what cannot be inferred is listed", () => {
    const plan = leastPrivilegePolicies(buildSnapshot(objectsUnder(path.join(PROJECT_ROOT, 'examples')), DEFAULT_PROFILE));
    assert.ok(plan.admitted.some((entry) => entry.direction === 'Ingress' && /^shop-api\/orders-api-from-frontend-and-ingress rule 1$/.test(entry.by)));
    assert.ok(!plan.policies.some((policy) => policy.name === 'orders-api-ingress' && policy.ingress.some((rule) => rule.peer.kind === 'workload' && rule.peer.namespace === 'ingress-nginx')), 'the controller rule exists already');
    assert.ok(plan.notInferred.some((item) => /ConfigMap shop-web\/frontend-config names orders-api\.shop-api\.svc\.cluster\.local/.test(item.text)));
  });

  test('a ConfigMap a workload reads (envFrom, a configMapKeyRef, a volume) gives its connection strings to that workload; one nobody reads is listed', () => {
    const reader = (name: string, reads: string) => appWithService('shop', name).replace('image: app, ports', `image: app, ${reads}, ports`);
    const configMap = (name: string, data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: shop}\ndata: {${data}}\n`;
    const text = [
      appWithService('shop', 'api'),
      appWithService('shop', 'db'),
      reader('all', "envFrom: [{configMapRef: {name: urls}}]"),
      reader('one', "env: [{name: DB, valueFrom: {configMapKeyRef: {name: urls, key: DB_URL}}}]"),
      reader('mounted', "volumeMounts: [{name: config, mountPath: /etc/app}]").replace('containers:', 'volumes: [{name: config, configMap: {name: files}}], containers:'),
      configMap('urls', 'API_URL: "http://api.shop:80/", DB_URL: "db.shop:80"'),
      configMap('files', 'upstream: "http://api.shop:80/"'),
      configMap('unread', 'X: "http://db.shop:80"'),
    ].join('---\n');
    const plan = leastPrivilegePolicies(snapshotOf(text));
    const flowsFrom = (name: string) => plan.flows.filter((flow) => flow.from.kind === 'workload' && flow.from.name === name && flow.to.namespace === 'shop').map((flow) => flow.to.name).sort();
    assert.deepEqual(flowsFrom('all'), ['api', 'db'], 'envFrom reads every key');
    assert.deepEqual(flowsFrom('one'), ['db'], 'a configMapKeyRef reads its key only');
    assert.deepEqual(flowsFrom('mounted'), ['api'], 'a mounted ConfigMap reads every key');
    assert.match(plan.flows.find((flow) => flow.from.kind === 'workload' && flow.from.name === 'one')!.because, /Deployment shop\/one connects to db\.shop:80 \(ConfigMap urls\)/);
    const listed = plan.notInferred.filter((item) => item.text.startsWith('ConfigMap'));
    assert.deepEqual(listed.map((item) => item.text.split(' names ')[0]), ['ConfigMap shop/unread']);
  });

  test("an Istio VirtualService that sends a Service's requests elsewhere admits the client to the destination's pods as well", () => {
    const client = appWithService('shop', 'client').replace("image: app, ports", "image: app, env: [{name: REVIEWS, value: 'http://reviews.shop:80/'}], ports");
    const virtualService = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews, namespace: shop}\nspec:\n  hosts: [reviews]\n  http:\n    - route: [{destination: {host: reviews-v2}}]\n';
    const namespace = (injected: boolean) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio-injection: ${injected ? 'enabled' : 'disabled'}}\n`;
    const text = (injected: boolean) => [namespace(injected), client, appWithService('shop', 'reviews'), appWithService('shop', 'reviews-v2'), virtualService].join('---\n');
    const targets = (injected: boolean) => leastPrivilegePolicies(snapshotOf(text(injected))).flows.filter((flow) => flow.from.kind === 'workload' && flow.from.name === 'client' && flow.to.namespace === 'shop').map((flow) => `${flow.to.name}:${flow.port}`).sort();
    assert.deepEqual(targets(true), ['reviews-v2:8080', 'reviews:8080'], 'with a sidecar: the route\'s destination, and the Service asked');
    assert.deepEqual(targets(false), ['reviews:8080'], 'without one, the VirtualService does not apply');
    const viaRoute = leastPrivilegePolicies(snapshotOf(text(true))).flows.find((flow) => flow.to.name === 'reviews-v2');
    assert.match(viaRoute!.because, /which VirtualService shop\/reviews routes to shop\/reviews-v2$/);
  });

  const gatewayText = (className: string, extra = '') => [
    `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: web, namespace: shop}\nspec:\n  gatewayClassName: ${className}\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n`,
    'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: store, namespace: shop}\nspec:\n  parentRefs: [{name: web}]\n  rules: [{backendRefs: [{name: store, port: 80}]}]\n',
    appWithService('shop', 'store'),
    appWithService('shop', 'other'),
    extra,
  ].filter(Boolean).join('---\n');

  test("a Gateway of a known implementation: clients to its data plane, its data plane to the routes' backends, and the proof holds", () => {
    const plan = leastPrivilegePolicies(snapshotOf(gatewayText('istio')));
    const names = (flows: typeof plan.flows) => flows.map((flow) => `${flow.from.kind === 'anywhere' ? 'anywhere' : flow.from.name}>${flow.to.name}:${flow.port}`).sort();
    assert.deepEqual(names(plan.flows.filter((flow) => flow.to.namespace === 'shop')), ['anywhere>web-istio:80', 'web-istio>store:8080']);
    const toStore = plan.flows.find((flow) => flow.to.name === 'store')!;
    assert.match(toStore.because, /HTTPRoute shop\/store sends Gateway shop\/web's requests to Service shop\/store/);
    assert.deepEqual(toStore.from.kind === 'workload' && toStore.from.labels, { 'gateway.networking.k8s.io/gateway-name': 'web' }, "Istio's deployment is selected by the Gateway's name");
    assert.ok(plan.flows.some((flow) => flow.from.kind === 'workload' && flow.from.name === 'web-istio' && flow.to.name === 'istiod' && flow.port === 15012), "Istio's data plane reaches istiod");
    assert.ok(plan.policies.some((policy) => policy.name === 'web-istio-egress' && /Istio's data plane of Gateway shop\/web/.test(policy.comment)));
    assert.deepEqual(plan.notInferred.filter((item) => item.text.startsWith('HTTPRoute')), []);
    const objects = parseManifest('file:///gateway.yaml', gatewayText('istio')).objects;
    assertExactlyTheInferredFlows(objects, 'an Istio Gateway');
  });

  test("Envoy Gateway's data plane is in envoy-gateway-system, its namespace left alone; an unknown implementation's routes are listed", () => {
    const envoyClass = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: eg}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}\n';
    const plan = leastPrivilegePolicies(snapshotOf(gatewayText('eg', envoyClass)));
    const toStore = plan.flows.find((flow) => flow.to.name === 'store')!;
    assert.deepEqual(toStore.from, { kind: 'workload', namespace: 'envoy-gateway-system', name: 'envoy-shop-web', labels: { 'gateway.envoyproxy.io/owning-gateway-name': 'web', 'gateway.envoyproxy.io/owning-gateway-namespace': 'shop' } });
    assert.deepEqual(plan.namespaces, ['shop'], "the implementation's namespace is not the workspace's to deny");
    assert.ok(!plan.policies.some((policy) => policy.namespace === 'envoy-gateway-system'));
    const unknown = leastPrivilegePolicies(snapshotOf(gatewayText('gke-l7-global-external-managed')));
    assert.equal(unknown.flows.filter((flow) => flow.to.name === 'store').length, 0);
    assert.match(unknown.notInferred.find((item) => item.text.startsWith('HTTPRoute shop/store'))!.text, /class gke-l7-global-external-managed\) is served by an implementation whose pods Kubetrace does not know/);
  });

  test('an HTTPRoute attached to a Service (GAMMA) sends a meshed client to its backends, and not to the Service\'s own pods on an HTTP port', () => {
    const client = appWithService('shop', 'client').replace('image: app, ports', "image: app, env: [{name: REVIEWS, value: 'http://reviews.shop:80/'}], ports");
    const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: reviews-split, namespace: shop}\nspec:\n  parentRefs: [{group: "", kind: Service, name: reviews}]\n  rules: [{backendRefs: [{name: reviews-v1, port: 80, weight: 90}, {name: reviews-v2, port: 80, weight: 10}]}]\n';
    const namespace = (injected: boolean) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio-injection: ${injected ? 'enabled' : 'disabled'}}\n`;
    const text = (injected: boolean) => [namespace(injected), client, appWithService('shop', 'reviews'), appWithService('shop', 'reviews-v1'), appWithService('shop', 'reviews-v2'), route].join('---\n');
    const targets = (injected: boolean) => leastPrivilegePolicies(snapshotOf(text(injected))).flows.filter((flow) => flow.from.kind === 'workload' && flow.from.name === 'client' && flow.to.namespace === 'shop').map((flow) => flow.to.name).sort();
    assert.deepEqual(targets(true), ['reviews-v1', 'reviews-v2'], "the sidecar applies the route: its backends, not the Service's own pods");
    assert.deepEqual(targets(false), ['reviews'], 'without a mesh proxy the route does not apply');
    const plan = leastPrivilegePolicies(snapshotOf(text(true)));
    assert.match(plan.flows.find((flow) => flow.to.name === 'reviews-v2')!.because, /which HTTPRoute shop\/reviews-split \(attached to the Service\) sends to shop\/reviews-v2$/);
    assert.ok(plan.flows.some((flow) => flow.from.kind === 'workload' && flow.from.name === 'client' && flow.to.name === 'istiod' && flow.port === 15012), "the client's sidecar reaches istiod");
  });
});
