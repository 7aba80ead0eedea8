/**
 * Traces through Istio's sidecars on the Bookinfo application of ../shared/corpus with Istio's well-known route
 * files (test/fixtures/bookinfo-istio): the route chosen, the split, the subset's pods, mTLS, the authorization
 * decision, and NetworkPolicy underneath.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceDestination } from '../../../server/src/engine/trace/types';
import { snapshotOf } from '../../support/engineFixtures';
import { PROJECT_ROOT, SHARED } from '../../support/fixtures';

const BOOKINFO = path.join(SHARED, 'corpus', 'bookinfo', 'platform-kube', 'bookinfo.yaml');
const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'bookinfo-istio');
const read = (file: string) => fs.readFileSync(file, 'utf8');

function bookinfo(...extra: string[]): string {
  return [read(BOOKINFO), ...['namespace.yaml', 'destination-rule-all.yaml'].map((name) => read(path.join(FIXTURES, name))), ...extra].join('\n---\n');
}

function trace(text: string, from: string, to: Partial<TraceDestination> & { host: string }): Trace {
  const result = traceRequest({ from: { kind: 'workload', namespace: from.split('/')[0]!, name: from.split('/')[1]! }, to: { port: 9080, scheme: 'http', path: '/', ...to }, protocol: 'TCP' }, snapshotOf(text));
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}

const sidecars = (result: Trace) => result.hops.filter((hop) => hop.component === 'sidecar');
const scenario = (name: string) => read(path.join(FIXTURES, name));

describe('traces through Istio sidecars (Bookinfo)', { skip: !fs.existsSync(BOOKINFO) && 'no ../shared/corpus' }, () => {
  test('virtual-service-all-v1: productpage reaches a reviews-v1 pod, sidecar to sidecar over mTLS, with no kube-proxy DNAT', () => {
    const result = trace(bookinfo(scenario('virtual-service-all-v1.yaml')), 'default/productpage-v1', { host: 'reviews', path: '/reviews/0' });
    assert.equal(result.verdict.kind, 'delivered');
    assert.match(result.verdict.summary, /reviews-v1-/);
    const [outbound, inbound] = sidecars(result);
    assert.match(outbound!.title, /Envoy sidecar of default\/productpage-v1-.* \(outbound\)/);
    assert.match(outbound!.decision, /^VirtualService default\/reviews, route 1, no match conditions: it takes every request: to default\/reviews subset v1, pod default\/reviews-v1-.*over mTLS \(ISTIO_MUTUAL/);
    assert.ok(outbound!.details!.includes('subset v1: version=v1 (DestinationRule default/reviews)'));
    assert.ok(outbound!.details!.includes('client identity: cluster.local/ns/default/sa/bookinfo-productpage'));
    assert.ok(!result.hops.some((hop) => hop.component === 'kube-proxy'), 'Envoy picks the pod: kube-proxy is not on the path');
    assert.match(inbound!.decision, /mTLS mode PERMISSIVE \(no PeerAuthentication: Istio's default\), the connection is mTLS; no AuthorizationPolicy applies/);
    const labels = outbound!.refs.map((ref) => ref.label);
    assert.deepEqual(labels, ['VirtualService.networking.istio.io default/reviews route 1', 'DestinationRule.networking.istio.io default/reviews subset v1']);
  });

  test('virtual-service-reviews-50-v3: the split is shown, and the pod chosen is one of the subset drawn', () => {
    const result = trace(bookinfo(scenario('virtual-service-reviews-50-v3.yaml')), 'default/productpage-v1', { host: 'reviews' });
    const [outbound] = sidecars(result);
    assert.ok(outbound!.details!.some((line) => /^split: reviews v1 50%, reviews v3 50%; this connection drew reviews v[13]$/.test(line)), outbound!.details!.join('\n'));
    assert.match(result.verdict.summary, /reviews-v[13]-/);
    assert.deepEqual(outbound!.alternatives!.map((choice) => choice.probability), [0.5], 'one pod in the subset drawn, half the connections');
  });

  test('virtual-service-reviews-test-v2: the header end-user: jason goes to v2, any other request to v1', () => {
    const text = bookinfo(scenario('virtual-service-reviews-test-v2.yaml'));
    const jason = trace(text, 'default/productpage-v1', { host: 'reviews', headers: { 'end-user': 'jason' } });
    assert.match(jason.verdict.summary, /reviews-v2-/);
    assert.match(sidecars(jason)[0]!.decision, /route 1, matched header end-user = jason: to default\/reviews subset v2/);
    const anyone = trace(text, 'default/productpage-v1', { host: 'reviews', headers: { 'end-user': 'alice' } });
    assert.match(anyone.verdict.summary, /reviews-v1-/);
    assert.match(sidecars(anyone)[0]!.decision, /route 2, no match conditions/);
  });

  test('a route to a subset no DestinationRule defines: Envoy answers 503', () => {
    const routes = scenario('virtual-service-all-v1.yaml').replace(/host: reviews\n(\s+)subset: v1/, 'host: reviews\n$1subset: v9');
    const result = trace(bookinfo(routes), 'default/productpage-v1', { host: 'reviews' });
    assert.deepEqual(result.verdict, { kind: 'no-endpoints', summary: 'subset v9 of default/reviews is not defined: 503' });
  });

  test('a route to a host outside the cluster leaves it', () => {
    const routes = scenario('virtual-service-all-v1.yaml').replace(/host: reviews\n(\s+)subset: v1/, 'host: httpbin.org');
    const result = trace(bookinfo(routes), 'default/productpage-v1', { host: 'reviews' });
    assert.deepEqual(result.verdict, { kind: 'leaves-cluster', summary: 'the route sends the request to httpbin.org, outside the cluster' });
  });

  test('STRICT mTLS resets a client outside the mesh and lets a meshed one through', () => {
    const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: default}\nspec: {mtls: {mode: STRICT}}';
    const outside = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: legacy, namespace: batch}\nspec:\n  selector: {matchLabels: {app: legacy}}\n  template:\n    metadata: {labels: {app: legacy}}\n    spec: {containers: [{name: c, image: x}]}';
    const text = bookinfo(scenario('virtual-service-all-v1.yaml'), strict, outside);
    const refused = trace(text, 'batch/legacy', { host: 'reviews.default' });
    assert.equal(refused.verdict.kind, 'denied');
    assert.match(refused.verdict.summary, /STRICT mTLS on default\/reviews-v\d-.* resets plaintext from a client outside the mesh/);
    assert.ok(refused.hops.some((hop) => hop.component === 'kube-proxy'), 'without a sidecar, the client goes through kube-proxy');
    assert.equal(trace(text, 'default/productpage-v1', { host: 'reviews' }).verdict.kind, 'delivered');
  });

  test('AuthorizationPolicy: the rule that allows, the 403 when no ALLOW rule matches, a DENY rule on a path', () => {
    const policies = [
      'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ratings-viewers, namespace: default}\nspec:\n  selector: {matchLabels: {app: ratings}}\n  action: ALLOW\n  rules:\n  - from: [{source: {principals: ["cluster.local/ns/default/sa/bookinfo-reviews"]}}]\n    to: [{operation: {methods: [GET]}}]',
      'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: no-admin, namespace: default}\nspec:\n  selector: {matchLabels: {app: ratings}}\n  action: DENY\n  rules:\n  - to: [{operation: {paths: ["/admin*"]}}]',
    ];
    const text = bookinfo(scenario('virtual-service-all-v1.yaml'), ...policies);
    const allowed = trace(text, 'default/reviews-v2', { host: 'ratings', path: '/ratings/0' });
    assert.equal(allowed.verdict.kind, 'delivered');
    assert.match(sidecars(allowed).at(-1)!.decision, /AuthorizationPolicy default\/ratings-viewers, rule 1, allows it/);
    const stranger = trace(text, 'default/productpage-v1', { host: 'ratings', path: '/ratings/0' });
    assert.deepEqual(stranger.verdict, { kind: 'denied', summary: 'HTTP 403: no rule of the ALLOW AuthorizationPolicies of ' + stranger.verdict.summary.split('AuthorizationPolicies of ')[1] });
    assert.match(stranger.verdict.summary, /default\/ratings-v1-.* \(default\/ratings-viewers\) matches the request$/);
    const admin = trace(text, 'default/reviews-v2', { host: 'ratings', path: '/admin/reset' });
    assert.deepEqual(admin.verdict, { kind: 'denied', summary: 'HTTP 403: AuthorizationPolicy default/no-admin denies the request (rule 1)' });
    const post = trace(text, 'default/reviews-v2', { host: 'ratings', path: '/ratings/0', method: 'POST' });
    assert.equal(post.verdict.kind, 'denied', 'the ALLOW rule admits GET only');
  });

  test('NetworkPolicy still applies underneath: both layers show, and the policy decides', () => {
    const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: reviews-closed, namespace: default}\nspec: {podSelector: {matchLabels: {app: reviews}}, policyTypes: [Ingress]}';
    const result = trace(bookinfo(scenario('virtual-service-all-v1.yaml'), deny), 'default/productpage-v1', { host: 'reviews' });
    assert.equal(result.verdict.kind, 'denied');
    assert.match(result.verdict.summary, /denied by NetworkPolicy default\/reviews-closed \(ingress of default\/reviews-v1-/);
    assert.deepEqual(result.hops.map((hop) => hop.component), ['client', 'dns', 'network-policy', 'sidecar', 'cni', 'network-policy']);
  });

  test('a port Envoy treats as TCP (by its name, or unnamed and not spoken to in HTTP) takes the first TCP route, not the HTTP ones', () => {
    const app = (version: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db-${version}, namespace: default}\nspec:\n  selector: {matchLabels: {app: db, version: ${version}}}\n  template:\n    metadata: {labels: {app: db, version: ${version}}}\n    spec: {containers: [{name: db, image: db, ports: [{containerPort: 5432}]}]}`;
    const service = (port: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: default}\nspec: {selector: {app: db}, ports: [${port}]}`;
    const rules = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: db, namespace: default}\nspec: {host: db, subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]}\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: db, namespace: default}\nspec:\n  hosts: [db]\n  http: [{route: [{destination: {host: db, subset: v2}}]}]\n  tcp: [{route: [{destination: {host: db, subset: v1}}]}]';
    const text = (port: string) => bookinfo(app('v1'), app('v2'), service(port), rules);
    const tcp = trace(text('{name: tcp-postgres, port: 5432}'), 'default/productpage-v1', { host: 'db', port: 5432, scheme: 'http' });
    assert.match(tcp.verdict.summary, /db-v1-/, 'named tcp-: the TCP route, whatever the client sends');
    assert.ok(sidecars(tcp)[0]!.details!.includes('TCP: timeouts and retries are HTTP settings and do not apply'));
    const sniffed = trace(text('{port: 5432}'), 'default/productpage-v1', { host: 'db', port: 5432, scheme: 'http' });
    assert.match(sniffed.verdict.summary, /db-v2-/, 'unnamed, spoken to in HTTP: sniffed as HTTP, the HTTP route');
    const raw = traceRequest({ from: { kind: 'workload', namespace: 'default', name: 'productpage-v1' }, to: { host: 'db', port: 5432 }, protocol: 'TCP' }, snapshotOf(text('{port: 5432}')));
    assert.ok(!('error' in raw) && /db-v1-/.test(raw.verdict.summary), 'unnamed, no HTTP: the TCP route');
  });
});
