/**
 * The `http` query where Istio's proxies route the request answers from the trace itself: from a pod with a
 * sidecar, its VirtualService routes (fixed responses, rerouting) as `trace` takes them; from outside, a host an
 * Istio Gateway serves goes through the ingress gateway, its server and the bound VirtualServices, as `trace` does.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerRequest } from '../../../server/src/features/query';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import { appWithService, snapshotOf } from '../../support/engineFixtures';

const app = (name: string) => appWithService('shop', name);
const INJECTED = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n';
const ROUTES = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - match: [{uri: {prefix: /teapot}}]
    directResponse: {status: 418}
  - match: [{headers: {x-canary: {exact: "1"}}}]
    route: [{destination: {host: ratings}}]
  - route: [{destination: {host: reviews}}]
`;
const GATEWAY = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: shop}\nspec: {selector: {istio: ingressgateway}, servers: [{port: {number: 8080, name: http, protocol: HTTP}, hosts: [shop.example.com]}]}\n';
const EDGE = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: edge, namespace: shop}\nspec: {hosts: [shop.example.com], gateways: [public], http: [{match: [{uri: {prefix: /reviews}}], route: [{destination: {host: reviews}}]}]}\n';
const TEXT = [INJECTED, app('web'), app('reviews'), app('ratings'), ROUTES, GATEWAY, EDGE].join('---\n');

const ask = (request: Record<string, unknown>) => answerRequest({ id: 1, kind: 'http', ...request }, snapshotOf(TEXT));

describe('the http query through Istio, as the trace goes', () => {
  test('from a pod with a sidecar: the VirtualService\'s routes decide', () => {
    const plain = ask({ url: 'http://reviews/', from: 'shop/web' });
    assert.equal(plain['status'], 200);
    assert.equal(plain['via'], 'mesh');
    assert.deepEqual(plain['backend'], { namespace: 'shop', service: 'reviews', port: 80 });
    const teapot = ask({ url: 'http://reviews/teapot', from: 'shop/web' });
    assert.equal(teapot['status'], 418, 'Envoy answers the fixed response itself');
    assert.equal(teapot['backend'], null);
    const canary = ask({ url: 'http://reviews/', from: 'shop/web', headers: { 'X-Canary': '1' } });
    assert.deepEqual(canary['backend'], { namespace: 'shop', service: 'ratings', port: 80 }, 'the header match reroutes');
  });

  test('a VirtualService and HTTPRoutes both routing a Service: the sidecar follows one, the VirtualService, and says so', () => {
    // Istio's sidecars apply one VirtualService per host, the oldest (istio/istio#36621); without creation times the simulation takes the VirtualService.
    const gamma = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: reviews, namespace: shop}\nspec:\n  parentRefs: [{group: "", kind: Service, name: reviews, port: 80}]\n  rules: [{backendRefs: [{name: ratings, port: 80}]}]\n';
    const answer = answerRequest({ id: 1, kind: 'http', url: 'http://reviews/', from: 'shop/web' }, snapshotOf([TEXT, gamma].join('---\n')));
    assert.deepEqual(answer['backend'], { namespace: 'shop', service: 'reviews', port: 80 });
    assert.ok((answer['notes'] as string[]).some((note) => /both VirtualService shop\/reviews and HTTPRoutes attached to Service shop\/reviews route it; .* the simulation follows the VirtualService/.test(note)));
  });

  test('the answer is the trace\'s: its summary is the rule', () => {
    const snapshot = snapshotOf(TEXT);
    const trace = traceRequest({ from: { kind: 'workload', namespace: 'shop', name: 'web' }, to: { host: 'reviews', port: 80, scheme: 'http', path: '/teapot' }, protocol: 'TCP' }, snapshot);
    assert.ok(!('error' in trace));
    assert.equal(answerRequest({ id: 1, kind: 'http', url: 'http://reviews/teapot', from: 'shop/web' }, snapshot)['rule'], trace.verdict.summary);
  });

  test('from outside, a host an Istio Gateway serves goes through the ingress gateway and its VirtualService', () => {
    const answer = ask({ url: 'http://shop.example.com/reviews/1' });
    assert.equal(answer['status'], 200);
    assert.equal(answer['via'], 'gateway');
    assert.deepEqual(answer['backend'], { namespace: 'shop', service: 'reviews', port: 80 });
    const missing = ask({ url: 'http://shop.example.com/other' });
    assert.equal(missing['status'], 404);
    assert.equal(missing['rule'], 'no route of VirtualService shop/edge matches the request: 404');
  });
});
