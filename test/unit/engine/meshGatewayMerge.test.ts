/**
 * Several VirtualServices bound to one Istio Gateway for the same host, merged as istiod merges them
 * (istio/istio pilot/pkg/networking/core/gateway.go buildGatewayHTTPRouteConfig): the routes of every
 * VirtualService making the virtual host, in creation order (without creation times: by name, then namespace),
 * catch-all routes moved to the end (route.SortVHostRoutes, IsCatchAllRoute); the first that fits wins. Envoy picks
 * the virtual host whose name fits best, so a VirtualService for `*.example.com` does not join one for the exact name.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace } from '../../../server/src/engine/trace/types';
import { appWithService, snapshotOf } from '../../support/engineFixtures';

const app = (name: string) => appWithService('shop', name);
const GATEWAY = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: shop}\nspec: {selector: {istio: ingressgateway}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}\n';
const routes = (name: string, host: string, http: string) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  hosts: ["${host}"]\n  gateways: [public]\n  http: ${http}\n`;
const TO = (service: string) => `{route: [{destination: {host: ${service}}}]}`;

function fromOutside(text: string, path: string, host = 'shop.example.com'): Trace {
  const result = traceRequest({ from: { kind: 'external', ip: '198.51.100.7' }, to: { host, port: 80, scheme: 'http', path }, protocol: 'TCP' }, snapshotOf(text));
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}

const BASE = [app('web'), app('api'), app('admin'), GATEWAY];

describe('VirtualServices merged at an Istio gateway', () => {
  test('a catch-all of the first VirtualService does not hide the paths of the second: catch-all routes go last', () => {
    const text = [...BASE, routes('a-web', 'shop.example.com', `[${TO('web')}]`), routes('b-api', 'shop.example.com', `[{match: [{uri: {prefix: /api}}], route: [{destination: {host: api}}]}]`)].join('---\n');
    const api = fromOutside(text, '/api/items');
    assert.equal(api.verdict.kind, 'delivered');
    assert.match(api.verdict.summary, /api-/);
    const gateway = api.hops.find((hop) => hop.component === 'gateway')!;
    assert.match(gateway.decision, /VirtualService shop\/b-api routes it\.$/);
    assert.ok(gateway.details!.includes('2 VirtualServices bound to the Gateway make the virtual host for shop.example.com: Istio merges their routes in this order, catch-all routes last: shop/a-web, shop/b-api'));
    assert.match(fromOutside(text, '/').verdict.summary, /web-/, 'the rest reaches the catch-all');
  });

  test('among specific routes, the VirtualServices\' order decides (name, then namespace), then the routes\' own', () => {
    const first = routes('a-admin', 'shop.example.com', `[{match: [{uri: {prefix: /api/admin}}], route: [{destination: {host: admin}}]}]`);
    const second = routes('b-api', 'shop.example.com', `[{match: [{uri: {prefix: /api}}], route: [{destination: {host: api}}]}]`);
    assert.match(fromOutside([...BASE, first, second].join('---\n'), '/api/admin/x').verdict.summary, /admin-/);
    const renamed = [...BASE, first.replace('name: a-admin', 'name: c-admin'), second].join('---\n');
    assert.match(fromOutside(renamed, '/api/admin/x').verdict.summary, /api-/, 'b-api is merged first now, and its prefix takes /api/admin too');
  });

  test('no route of the merged VirtualServices matches: 404 naming them all', () => {
    const text = [...BASE, routes('a-admin', 'shop.example.com', `[{match: [{uri: {prefix: /admin}}], route: [{destination: {host: admin}}]}]`), routes('b-api', 'shop.example.com', `[{match: [{uri: {prefix: /api}}], route: [{destination: {host: api}}]}]`)].join('---\n');
    const result = fromOutside(text, '/other');
    assert.equal(result.verdict.kind, 'no-route');
    assert.equal(result.verdict.summary, 'no route of VirtualServices shop/a-admin, shop/b-api (merged) matches the request: 404');
  });

  test('an exact host makes its own virtual host: a wildcard VirtualService is not merged into it', () => {
    const text = [...BASE, routes('a-wild', '*.example.com', `[{match: [{uri: {prefix: /api}}], route: [{destination: {host: api}}]}]`), routes('b-exact', 'shop.example.com', `[${TO('web')}]`)].join('---\n');
    assert.match(fromOutside(text, '/api/items').verdict.summary, /web-/, 'shop.example.com is served by b-exact alone');
    assert.match(fromOutside(text, '/api/items', 'other.example.com').verdict.summary, /api-/);
  });
});
