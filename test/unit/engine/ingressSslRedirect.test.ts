import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { routeIngress } from '../../../server/src/engine/routing/ingress';
import type { HttpRequest } from '../../../server/src/engine/routing/types';
import { appWithService, snapshotOf } from '../../support/engineFixtures';

const BACKEND = appWithService('shop', 'web');

function ingress(name: string, rules: string, extra = '', annotations = ''): string {
  return `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
${annotations ? `  annotations:\n${annotations}\n` : ''}spec:
${extra}  rules:
${rules}
`;
}

const rule = (host: string | undefined) => `  - ${host ? `host: ${host}\n    ` : ''}http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}`;

function get(manifests: string, host: string | undefined, scheme: 'http' | 'https' = 'http') {
  const request: HttpRequest = { ...(host && { host }), path: '/', method: 'GET', headers: {}, scheme, port: scheme === 'http' ? 80 : 443 };
  return routeIngress(request, snapshotOf(BACKEND + manifests));
}

// ingress-nginx: docs/user-guide/tls.md ("Server-side HTTPS enforcement through redirect"), rootfs/etc/nginx/lua/lua_ingress.lua
// (redirect_to_https: force_ssl_redirect, else ssl_redirect and certificate.configured_for_current_request()), certificate.lua
// (the request's host, then its *.parent), internal/ingress/controller/controller.go createServers (which hosts get a certificate).
describe('ingress-nginx redirects plain HTTP to HTTPS only for hosts with a certificate', () => {
  test('a host in spec.tls is redirected (308); a host of an Ingress without TLS is served', () => {
    const manifests = ingress('secure', rule('a.example.com'), '  tls: [{hosts: [a.example.com], secretName: a-tls}]\n') + ingress('plain', rule('b.example.com'));
    const secure = get(manifests, 'a.example.com');
    assert.equal(secure.status, 308);
    assert.ok(secure.notes.some((note) => note.startsWith('host a.example.com has a certificate (spec.tls of Ingress shop/secure)')));
    assert.equal(get(manifests, 'a.example.com', 'https').status, 200, 'HTTPS is not redirected');
    assert.equal(get(manifests, 'b.example.com').status, 200);
  });

  test('a request that names no host reaches a hostless rule of an Ingress with TLS without a redirect: no certificate is configured for its host', () => {
    const manifests = ingress('catch-all', rule(undefined), '  tls: [{hosts: [a.example.com], secretName: a-tls}]\n');
    const result = get(manifests, undefined);
    assert.equal(result.status, 200);
    assert.ok(result.notes.some((note) => note.includes('a request that names no host has no certificate')));
  });

  test('every host of an Ingress with a TLS section gets a certificate, the default one when the section does not list it (kubernetes/ingress-nginx#3258)', () => {
    const manifests = ingress('two-hosts', `${rule('a.example.com')}\n${rule('c.example.com')}`, '  tls: [{hosts: [a.example.com], secretName: a-tls}]\n');
    const result = get(manifests, 'c.example.com');
    assert.equal(result.status, 308);
    assert.ok(result.notes.some((note) => note.includes('which does not list it: ingress-nginx gives it the default certificate')));
  });

  test('the certificate belongs to the host (the server), whichever Ingress gave it', () => {
    const manifests = ingress('tls-root', rule('a.example.com'), '  tls: [{hosts: [a.example.com], secretName: a-tls}]\n') + ingress('api', '  - host: a.example.com\n    http: {paths: [{path: /api, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}');
    const request: HttpRequest = { host: 'a.example.com', path: '/api/x', method: 'GET', headers: {}, scheme: 'http', port: 80 };
    const result = routeIngress(request, snapshotOf(BACKEND + manifests));
    assert.equal(result.route, 'shop/api');
    assert.equal(result.status, 308, 'the Ingress that decided has no TLS, but its host has a certificate');
  });

  test('force-ssl-redirect redirects without a certificate; ssl-redirect: "false" serves plain HTTP with one', () => {
    assert.equal(get(ingress('forced', rule('b.example.com'), '', '    nginx.ingress.kubernetes.io/force-ssl-redirect: "true"'), 'b.example.com').status, 308);
    const off = get(ingress('unredirected', rule('a.example.com'), '  tls: [{hosts: [a.example.com], secretName: a-tls}]\n', '    nginx.ingress.kubernetes.io/ssl-redirect: "false"'), 'a.example.com');
    assert.equal(off.status, 200);
    assert.ok(off.notes.some((note) => note.includes('ssl-redirect is "false"')));
  });
});

describe('a path no rule of a host with a certificate matches', () => {
  test('is redirected by the host\'s catch-all location before the default backend would answer 404', () => {
    const manifests = ingress('secure', rule('a.example.com').replace('path: /,', 'path: /app,'), '  tls: [{hosts: [a.example.com], secretName: a-tls}]\n');
    const request: HttpRequest = { host: 'a.example.com', path: '/other', method: 'GET', headers: {}, scheme: 'http', port: 80 };
    const result = routeIngress(request, snapshotOf(BACKEND + manifests));
    assert.equal(result.status, 308);
    assert.match(result.rule, /^no path of host a\.example\.com matches, but the host has a certificate/);
    assert.equal(routeIngress({ ...request, scheme: 'https', port: 443 }, snapshotOf(BACKEND + manifests)).status, 404);
  });
});
