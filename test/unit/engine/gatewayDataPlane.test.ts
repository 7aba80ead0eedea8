import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDestination } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceDestination } from '../../../server/src/engine/trace/types';
import { updateSnapshot } from '../../../server/src/engine/snapshot/updateSnapshot';
import { buildSnapshot } from '../../../server/src/engine';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { appWithService, snapshotOf } from '../../support/engineFixtures';

/** A Gateway of class `className` in `shop`, an HTTPRoute to Service store, and whatever else is given. */
function workspace(className: string, ...extra: string[]): string {
  return [
    `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: web, namespace: shop}\nspec:\n  gatewayClassName: ${className}\n  addresses: [{type: IPAddress, value: 192.0.2.80}]\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n`,
    'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: store, namespace: shop}\nspec:\n  parentRefs: [{name: web}]\n  rules: [{backendRefs: [{name: store, port: 80}]}]\n',
    appWithService('shop', 'store'),
    ...extra,
  ].join('---\n');
}

const ENVOY_GATEWAY_CLASS = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: eg}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}\n';

/** A NetworkPolicy of `shop` selecting store's pods that admits only `from`. */
function storeAdmits(from: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: store-ingress, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: store}}\n  ingress: [{from: [${from}]}]\n`;
}

function traceFromOutside(text: string): Trace {
  return traceRequest({ from: { kind: 'external', ip: '198.51.100.7' }, to: parseDestination('http://192.0.2.80/') as TraceDestination, protocol: 'TCP' }, snapshotOf(text)) as Trace;
}

describe("a Gateway's data plane, where its implementation is known", () => {
  test("Istio: a stand-in in the Gateway's namespace, labelled with its name, is the source the backend's policy sees", () => {
    const admitted = traceFromOutside(workspace('istio', storeAdmits("{podSelector: {matchLabels: {gateway.networking.k8s.io/gateway-name: web}}}")));
    assert.equal(admitted.verdict.kind, 'delivered', admitted.verdict.summary);
    const plane = admitted.hops.find((hop) => hop.title === 'Istio data plane of Gateway shop/web')!;
    assert.match(plane.decision, /its own pods \(shop\/web-istio, not in the workspace: a stand-in laid out as Istio deploys them takes their place\)/);
    assert.match(admitted.hops.find((hop) => hop.title === 'Gateway → endpoint')!.decision, /NetworkPolicy sees pod shop\/web-istio-/);
    const denied = traceFromOutside(workspace('istio', storeAdmits("{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}")));
    assert.equal(denied.verdict.kind, 'denied');
    assert.match(denied.verdict.summary, /denied by NetworkPolicy shop\/store-ingress \(ingress of shop\/store-/);
  });

  test("a default deny in the Gateway's namespace stops the client at the data plane's pods", () => {
    const denyAll = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n';
    const result = traceFromOutside(workspace('istio', denyAll));
    assert.equal(result.verdict.kind, 'denied');
    assert.match(result.verdict.summary, /^the connection to the Gateway's pods is denied by NetworkPolicy shop\/default-deny \(ingress of shop\/web-istio-/);
  });

  test('Envoy Gateway: the pods are in envoy-gateway-system, owner-labelled, and listener port 80 is served on 10080', () => {
    const result = traceFromOutside(workspace('eg', ENVOY_GATEWAY_CLASS, storeAdmits("{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: envoy-gateway-system}}, podSelector: {matchLabels: {gateway.envoyproxy.io/owning-gateway-name: web}}}")));
    assert.equal(result.verdict.kind, 'delivered', result.verdict.summary);
    const plane = result.hops.find((hop) => hop.title === 'Envoy Gateway data plane of Gateway shop/web')!;
    assert.equal(plane.after?.dstPort, 10080);
    assert.match(plane.decision, /\(envoy-gateway-system\/envoy-shop-web,/);
  });

  test("an implementation Kubetrace does not know (a class it does not define, or a GatewayClass naming another controller) keeps the Gateway's address", () => {
    const other = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: istio}\nspec: {controllerName: example.com/gateway}\n';
    for (const text of [workspace('gke-l7-rilb'), workspace('istio', other)]) {
      const result = traceFromOutside(text);
      assert.ok(!result.hops.some((hop) => / data plane of Gateway /.test(hop.title)));
      assert.match(result.hops.find((hop) => hop.title === 'Gateway → endpoint')!.decision, /NetworkPolicy sees the Gateway's address 192\.0\.2\.80/);
    }
  });

  test('pods the workspace deploys with the data plane\'s labels take the stand-in\'s place', () => {
    const ownPlane = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: my-gateway, namespace: shop}\nspec:\n  selector: {matchLabels: {gateway.networking.k8s.io/gateway-name: web}}\n  template:\n    metadata: {labels: {gateway.networking.k8s.io/gateway-name: web}}\n    spec: {containers: [{name: proxy, image: envoy}]}\n";
    const snapshot = snapshotOf(workspace('istio', ownPlane));
    assert.deepEqual(snapshot.pods.filter((pod) => pod.labels['gateway.networking.k8s.io/gateway-name'] === 'web').map((pod) => pod.workload.name), ['my-gateway']);
    const result = traceFromOutside(workspace('istio', ownPlane));
    assert.match(result.hops.find((hop) => hop.title === 'Istio data plane of Gateway shop/web')!.decision, /from pod shop\/my-gateway-/);
  });

  test('an edit in the data plane\'s namespace builds afresh, so the stand-in stays', () => {
    const before = parseManifest('file:///a.yaml', workspace('istio')).objects;
    const after = parseManifest('file:///a.yaml', workspace('istio', appWithService('shop', 'extra'))).objects;
    const previous = buildSnapshot(before, DEFAULT_PROFILE);
    assert.equal(updateSnapshot(previous, after), undefined);
    assert.equal(buildSnapshot(after, DEFAULT_PROFILE).pods.filter((pod) => pod.workload.name === 'web-istio').length, 1);
  });
});
