import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { routeIngress } from '../../../server/src/engine/routing/ingress';
import { readHttpRequest } from '../../../server/src/engine/routing/parseHttpRequest';
import type { HttpRequest } from '../../../server/src/engine/routing/types';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace } from '../../../server/src/engine/trace/types';
import { appWithService, snapshotOf } from '../../support/engineFixtures';

const BACKEND = appWithService('shop', 'web');

/** One Ingress for shop.example.com with these annotations and path (ImplementationSpecific). */
function withAnnotations(annotations: Record<string, string>, path = '/'): string {
  return `${BACKEND}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
${Object.entries(annotations).map(([key, value]) => `    nginx.ingress.kubernetes.io/${key}: ${JSON.stringify(value)}`).join('\n')}
spec:
  rules:
  - host: shop.example.com
    http: {paths: [{path: ${JSON.stringify(path)}, pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}]}
`;
}

function route(manifests: string, request: Partial<HttpRequest> = {}) {
  return routeIngress({ host: 'shop.example.com', path: '/', method: 'GET', headers: {}, scheme: 'http', port: 80, ...request }, snapshotOf(manifests));
}

// ingress-nginx docs/user-guide/nginx-configuration/annotations.md: Authentication, External Authentication,
// Whitelist source range, Rewrite; internal/ingress/annotations/ipallowlist (net.ParseIPNets), rewrite (use-regex implied).
describe('ingress-nginx annotations that change the answer', () => {
  test('whitelist-source-range answers 403 to a client outside its ranges and passes one inside', () => {
    const manifests = withAnnotations({ 'whitelist-source-range': '10.0.0.0/8, 192.0.2.7' });
    const outside = route(manifests, { clientAddress: '198.51.100.7' });
    assert.equal(outside.status, 403);
    assert.equal(outside.backend, null);
    assert.match(outside.rule, /the client address 198\.51\.100\.7 is outside whitelist-source-range 10\.0\.0\.0\/8, 192\.0\.2\.7 of Ingress shop\/web: ingress-nginx answers 403 Forbidden$/);
    assert.equal(route(manifests, { clientAddress: '10.1.2.3' }).status, 200);
    assert.equal(route(manifests, { clientAddress: '192.0.2.7' }).status, 200, 'an address is a one-host range');
    assert.equal(route(withAnnotations({ 'whitelist-source-range': '10.0.0.0/8,nonsense' }), { clientAddress: '10.1.2.3' }).status, 503, 'a value the parser refuses denies the location');
  });

  test('auth-type basic answers 401 without an Authorization header; with one it passes, and the note says the password is not checked', () => {
    const manifests = withAnnotations({ 'auth-type': 'basic', 'auth-secret': 'basic-auth', 'auth-realm': 'Authentication Required' });
    const refused = route(manifests);
    assert.equal(refused.status, 401);
    assert.match(refused.rule, /auth-type basic on Ingress shop\/web \(realm "Authentication Required"\): the request has no Authorization header/);
    const passed = route(manifests, { headers: { Authorization: 'Basic Zm9vOmJhcg==' } });
    assert.equal(passed.status, 200);
    assert.ok(passed.notes.includes('auth-type basic: the request has an Authorization header and is taken as passing; Kubetrace cannot check the password against Secret basic-auth'));
  });

  test('auth-url answers 401 without credentials, 302 to auth-signin when it has one, and passes a request with credentials', () => {
    const manifests = withAnnotations({ 'auth-url': 'http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth' });
    assert.equal(route(manifests).status, 401);
    assert.equal(route(manifests, { headers: { cookie: '_oauth2_proxy=abc' } }).status, 200);
    const signin = route(withAnnotations({ 'auth-url': 'http://oauth2-proxy.auth.svc/oauth2/auth', 'auth-signin': 'https://auth.example.com/oauth2/start' }));
    assert.equal(signin.status, 302);
    assert.match(signin.rule, /auth-signin sends the client to https:\/\/auth\.example\.com\/oauth2\/start \(302\)$/);
  });

  test('rewrite-target: the path is a regex and the backend receives the target with its capture groups, the query kept', () => {
    // The documentation's example: path /something(/|$)(.*) with rewrite-target /$2.
    const manifests = withAnnotations({ 'rewrite-target': '/$2' }, '/something(/|$)(.*)');
    const cases: [string, string][] = [
      ['/something', '/'],
      ['/something/', '/'],
      ['/something/new?x=1', '/new?x=1'],
      ['/SOMETHING/new', '/new'],
    ];
    for (const [path, received] of cases) {
      const result = route(manifests, { path });
      assert.equal(result.status, 200, path);
      assert.equal(result.backendPath, received, path);
    }
    assert.equal(route(manifests, { path: '/other' }).status, 404);
  });

  test('annotations the simulation does not act on are listed as such', () => {
    const result = route(withAnnotations({ 'proxy-body-size': '8m', 'rewrite-target': '/' }));
    assert.ok(result.notes.includes('not simulated (the answer may differ): nginx.ingress.kubernetes.io/proxy-body-size: 8m'));
  });

  test('the http query reads the client address from "external:IP" and passes headers', () => {
    const request = readHttpRequest({ url: 'http://shop.example.com/', from: 'external:10.1.2.3', headers: { Authorization: 'Basic eA==' } }, () => undefined) as HttpRequest;
    assert.equal(request.clientAddress, '10.1.2.3');
    assert.equal((readHttpRequest({ url: 'http://shop.example.com/' }, () => undefined) as HttpRequest).clientAddress, '198.51.100.7');
    assert.equal(route(withAnnotations({ 'whitelist-source-range': '10.0.0.0/8', 'auth-type': 'basic' }), request).status, 200);
  });
});

describe('the ingress controller hop of a trace', () => {
  function trace(manifests: string, to: string, headers: Record<string, string> = {}): Trace {
    const url = new URL(to);
    return traceRequest({ from: { kind: 'external', ip: '198.51.100.7' }, to: { host: url.hostname, port: 80, scheme: 'http', path: `${url.pathname}${url.search}`, headers }, protocol: 'TCP' }, snapshotOf(manifests)) as Trace;
  }

  test('a refusal ends the trace with http-error, and whitelist-source-range sees the address nginx sees: the node\'s, after SNAT', () => {
    const result = trace(withAnnotations({ 'whitelist-source-range': '198.51.100.0/24' }), 'http://shop.example.com/');
    const controller = result.hops.find((hop) => hop.component === 'ingress-controller')!;
    assert.equal(result.verdict.kind, 'http-error');
    assert.match(result.verdict.summary, /^the ingress controller answers HTTP 403 itself: /);
    assert.ok(controller.details?.some((detail) => detail.startsWith(`the controller sees the connection from ${controller.before!.src}, not the client's own address`)));
    assert.equal(trace(withAnnotations({ 'auth-type': 'basic' }), 'http://shop.example.com/', { authorization: 'Basic eA==' }).verdict.kind, 'delivered');
  });

  test('the hop names the path the backend receives under rewrite-target', () => {
    const result = trace(withAnnotations({ 'rewrite-target': '/$2' }, '/something(/|$)(.*)'), 'http://shop.example.com/something/new');
    assert.equal(result.verdict.kind, 'delivered');
    assert.match(result.hops.find((hop) => hop.component === 'ingress-controller')!.decision, /; the backend receives \/new\.$/);
  });
});
