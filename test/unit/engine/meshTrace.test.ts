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
    assert.match(outbound!.decision, /^VirtualService default\/reviews, route 1, no match conditions: it takes every request: to default\/reviews subset v1, pod default\/reviews-v1-.*over mTLS \(auto mTLS: the pod has a sidecar\)/);
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

  test('a route to a ServiceEntry host leaves the cluster; to a host the registry does not know, Envoy answers 503', () => {
    const routes = scenario('virtual-service-all-v1.yaml').replace(/host: reviews\n(\s+)subset: v1/, 'host: httpbin.org');
    const entry = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: httpbin, namespace: default}\nspec: {hosts: [httpbin.org], location: MESH_EXTERNAL, resolution: DNS, ports: [{number: 80, name: http, protocol: HTTP}]}\n';
    const declared = trace(bookinfo(routes, entry), 'default/productpage-v1', { host: 'reviews' });
    assert.deepEqual(declared.verdict, { kind: 'leaves-cluster', summary: 'the route sends the request to httpbin.org (ServiceEntry default/httpbin), outside the cluster' });
    assert.match(sidecars(declared)[0]!.decision, /declared by ServiceEntry default\/httpbin \(MESH_EXTERNAL, resolution DNS, ports 80\/HTTP\)/);
    const unknown = trace(bookinfo(routes), 'default/productpage-v1', { host: 'reviews' });
    assert.deepEqual(unknown.verdict, { kind: 'no-endpoints', summary: "the route's destination httpbin.org is in no Service or ServiceEntry: 503" });
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
    const portLevel = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: reviews, namespace: default}\nspec:\n  selector: {matchLabels: {app: reviews}}\n  portLevelMtls:\n    9080: {mode: PERMISSIVE}\n';
    const opened = trace(`${text}\n---\n${portLevel}`, 'batch/legacy', { host: 'reviews.default' });
    assert.equal(opened.verdict.kind, 'delivered', "a workload policy's portLevelMtls decides for its port");
    assert.match(sidecars(opened).at(-1)!.decision, /^mTLS mode PERMISSIVE on port 9080 \(PeerAuthentication default\/reviews, portLevelMtls\), plaintext is accepted/);
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

  test("a DestinationRule's tls mode decides for the client: DISABLE sends plaintext, which STRICT resets; ISTIO_MUTUAL to a pod without a sidecar fails", () => {
    const rule = (mode: string) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: ratings-tls, namespace: default}\nspec: {host: ratings, trafficPolicy: {tls: {mode: ${mode}}}}\n`;
    const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ratings, namespace: default}\nspec: {selector: {matchLabels: {app: ratings}}, mtls: {mode: STRICT}}\n';
    const disabled = trace(bookinfo(rule('DISABLE'), strict), 'default/reviews-v1', { host: 'ratings', path: '/ratings/0' });
    assert.equal(disabled.verdict.kind, 'denied');
    const [outbound, inbound] = sidecars(disabled);
    assert.match(outbound!.decision, /in plaintext \(DestinationRule default\/ratings-tls sets tls mode DISABLE\)\.$/);
    assert.ok(outbound!.refs.some((ref) => ref.label === 'DestinationRule.networking.istio.io default/ratings-tls tls mode'));
    assert.match(inbound!.decision, /STRICT.*sends plaintext, so the sidecar resets the connection/);
    const simple = trace(bookinfo(rule('SIMPLE')), 'default/reviews-v1', { host: 'ratings', path: '/ratings/0' });
    assert.equal(simple.verdict.kind, 'delivered', 'PERMISSIVE accepts what is not Istio mTLS');
    assert.match(sidecars(simple)[0]!.decision, /over TLS Envoy originates itself, not Istio mTLS/);
    assert.match(sidecars(simple)[1]!.decision, /plaintext is accepted/);
    const outside = bookinfo(rule('ISTIO_MUTUAL')).replace(/(name: ratings-v1\n[\s\S]*?template:\n\s+metadata:\n)/, '$1      annotations: {sidecar.istio.io/inject: "false"}\n');
    const failed = trace(outside, 'default/reviews-v1', { host: 'ratings', path: '/ratings/0' });
    assert.equal(failed.verdict.kind, 'no-endpoints');
    assert.equal(failed.verdict.summary, 'DestinationRule default/ratings-tls sets tls mode ISTIO_MUTUAL, and the pod has no sidecar to answer it: 503');
  });

  test('to an address outside the cluster, the sidecar passes the connection through before it leaves', () => {
    const result = trace(bookinfo(), 'default/productpage-v1', { host: '198.51.100.20', port: 443, scheme: 'https' });
    assert.equal(result.verdict.kind, 'leaves-cluster');
    assert.deepEqual(result.hops.slice(-2).map((hop) => hop.component), ['sidecar', 'egress']);
    assert.match(sidecars(result)[0]!.decision, /^198\.51\.100\.20:443 is in no Service or ServiceEntry: Envoy sends the connection on unchanged \(PassthroughCluster\)/);
    const entry = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: partner, namespace: default}\nspec: {hosts: ["198.51.100.20"], addresses: ["198.51.100.20"], resolution: STATIC, ports: [{number: 443, name: tls, protocol: TLS}]}\n';
    const declared = trace(bookinfo(entry), 'default/productpage-v1', { host: '198.51.100.20', port: 443, scheme: 'https' });
    assert.match(sidecars(declared)[0]!.decision, /^198\.51\.100\.20 is declared by ServiceEntry default\/partner \(MESH_EXTERNAL, resolution STATIC, ports 443\/TLS\): Envoy sends the connection out through the entry's cluster\.$/);
  });

  test('a policy that wants a JWT denies a traced request, and says why; a CUSTOM policy is named as not simulated', () => {
    const jwt = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: require-jwt, namespace: default}\nspec:\n  selector: {matchLabels: {app: ratings}}\n  action: ALLOW\n  rules:\n  - from: [{source: {requestPrincipals: ["*"]}}]\n';
    const custom = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ext-authz, namespace: default}\nspec:\n  selector: {matchLabels: {app: ratings}}\n  action: CUSTOM\n  provider: {name: opa}\n  rules: [{}]\n';
    const result = trace(bookinfo(jwt, custom), 'default/reviews-v1', { host: 'ratings', path: '/ratings/0' });
    assert.equal(result.verdict.kind, 'denied');
    const inbound = sidecars(result).at(-1)!;
    assert.ok(inbound.details!.includes('the traced request carries no JWT: requestPrincipals and request.auth.* conditions do not match it'));
    assert.ok(inbound.details!.includes('CUSTOM policies (default/ext-authz) ask an external authorizer first, which Kubetrace does not simulate'));
  });

  test('virtual-service-ratings-test-abort and -delay: jason gets 500 from the fault, or a 7 s delay; others reach ratings', () => {
    const abort = bookinfo(scenario('virtual-service-ratings-test-abort.yaml'));
    const jason = trace(abort, 'default/reviews-v2', { host: 'ratings', path: '/ratings/0', headers: { 'end-user': 'jason' } });
    assert.equal(jason.verdict.kind, 'http-error');
    assert.equal(jason.verdict.summary, 'fault injection: Envoy answers 500 (VirtualService default/ratings route 1 aborts 100% of requests)');
    assert.match(sidecars(jason)[0]!.decision, /route 1, matched header end-user = jason: fault injection aborts 100% of requests with 500, and this one drew it/);
    assert.equal(trace(abort, 'default/reviews-v2', { host: 'ratings', path: '/ratings/0' }).verdict.kind, 'delivered');
    const delayed = trace(bookinfo(scenario('virtual-service-ratings-test-delay.yaml')), 'default/reviews-v2', { host: 'ratings', path: '/ratings/0', headers: { 'end-user': 'jason' } });
    assert.equal(delayed.verdict.kind, 'delivered');
    assert.ok(sidecars(delayed)[0]!.details!.includes('fault injection delays 100% of requests by 7s; this one drew it: a client with a shorter timeout gives up first'));
  });

  test('a redirect or a fixed response is answered by Envoy; a rewrite changes the path the server\'s policies see', () => {
    const routes = (http: string) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: ratings, namespace: default}\nspec:\n  hosts: [ratings]\n  http:\n${http}\n`;
    const redirect = trace(bookinfo(routes('  - redirect: {uri: /v2/ratings, redirectCode: 308}')), 'default/reviews-v1', { host: 'ratings', path: '/ratings/0' });
    assert.equal(redirect.verdict.kind, 'delivered');
    assert.equal(redirect.verdict.summary, 'Envoy answers 308, redirecting to http://ratings/v2/ratings (VirtualService default/ratings route 1)');
    const fixed = trace(bookinfo(routes('  - directResponse: {status: 503}')), 'default/reviews-v1', { host: 'ratings', path: '/ratings/0' });
    assert.equal(fixed.verdict.kind, 'http-error');
    const onlyV2 = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ratings, namespace: default}\nspec:\n  selector: {matchLabels: {app: ratings}}\n  rules: [{to: [{operation: {paths: ["/v2/*"]}}]}]\n';
    const rewritten = trace(bookinfo(routes('  - match: [{uri: {prefix: /ratings}}]\n    rewrite: {uri: /v2/ratings}\n    route: [{destination: {host: ratings}}]'), onlyV2), 'default/reviews-v1', { host: 'ratings', path: '/ratings/0' });
    assert.equal(rewritten.verdict.kind, 'delivered', 'the policy allows the rewritten path');
    assert.ok(sidecars(rewritten)[0]!.details!.includes('rewrite: the path goes on as /v2/ratings/0'));
    assert.match(sidecars(rewritten)[1]!.details!.join('\n'), /request: GET \/v2\/ratings\/0 from/);
  });

  test("the balancing a DestinationRule sets is named, and connection limits or outlier ejection are said to be assumed away", () => {
    const outbound = (extra: string[]) => sidecars(trace(bookinfo(...extra), 'default/reviews-v1', { host: 'ratings', path: '/ratings/0' }))[0]!.details!;
    assert.ok(outbound([]).includes("load balancing: LEAST_REQUEST (Istio's default)"));
    const sticky = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: ratings-lb, namespace: default}\nspec:\n  host: ratings\n  trafficPolicy:\n    loadBalancer: {consistentHash: {httpHeaderName: x-user}}\n    outlierDetection: {consecutive5xxErrors: 3}\n';
    const details = outbound([sticky]);
    assert.ok(details.includes('load balancing: consistent hash on the header x-user (DestinationRule default/ratings-lb): the same value reaches the same pod'), details.join('\n'));
    assert.ok(details.includes('DestinationRule default/ratings-lb sets outlier ejection: under load or after errors Envoy may refuse requests (503 UO) or skip pods; the trace assumes neither'));
    assert.ok(outbound([sticky.replace('{consistentHash: {httpHeaderName: x-user}}', '{simple: ROUND_ROBIN}')]).includes('load balancing: ROUND_ROBIN (DestinationRule default/ratings-lb)'));
  });

  describe('through the Istio ingress gateway', () => {
    const fromOutside = (text: string, to: Partial<TraceDestination> & { host: string }) => {
      const result = traceRequest({ from: { kind: 'external', ip: '198.51.100.7' }, to: { port: 80, scheme: 'http', path: '/', ...to }, protocol: 'TCP' }, snapshotOf(text));
      assert.ok(!('error' in result), JSON.stringify(result));
      return result;
    };
    const gatewayHops = (result: Trace) => result.hops.filter((hop) => hop.component === 'gateway');

    test('bookinfo-gateway: /productpage from outside goes load balancer → kube-proxy → the stand-in gateway → productpage over mTLS', () => {
      const result = fromOutside(bookinfo(scenario('bookinfo-gateway.yaml')), { host: 'bookinfo.example.com', path: '/productpage' });
      assert.equal(result.verdict.kind, 'delivered');
      assert.match(result.verdict.summary, /productpage-v1-/);
      assert.deepEqual(result.hops.map((hop) => hop.component), ['client', 'dns', 'load-balancer', 'kube-proxy', 'cni', 'network-policy', 'container', 'gateway', 'gateway', 'cni', 'network-policy', 'sidecar', 'container']);
      assert.match(result.hops[1]!.decision, /served by Istio Gateway default\/bookinfo-gateway: assuming public DNS points it at the ingress gateway's address [\d.]+ \(Service istio-system\/istio-ingressgateway, a stand-in\)/);
      assert.match(result.hops.find((hop) => hop.component === 'kube-proxy')!.decision, /DNAT to [\d.]+:8080 \(pod istio-system\/istio-ingressgateway-/, "the stand-in's Service sends 80 to 8080, where the Gateway's server is");
      const [server, upstream] = gatewayHops(result);
      assert.equal(server!.decision, 'Gateway default/bookinfo-gateway, server http (HTTP 8080) takes bookinfo.example.com; VirtualService default/bookinfo routes it.');
      assert.match(upstream!.decision, /^VirtualService default\/bookinfo, route 1, matched uri = \/productpage: to default\/productpage, pod default\/productpage-v1-.*over mTLS/);
      assert.ok(upstream!.details!.includes('client identity: cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'));
      assert.equal(upstream!.after!.src, result.hops.find((hop) => hop.component === 'kube-proxy')!.after!.dst, 'the gateway opens its own connection, from its pod address');
      assert.match(sidecars(result)[0]!.decision, /the connection is mTLS/);
      assert.ok(result.notes.some((note) => note.startsWith("the Istio ingress gateway's pods are not in the workspace: a stand-in")));
    });

    test('a path no route of the bound VirtualService matches is a 404 at the gateway', () => {
      const result = fromOutside(bookinfo(scenario('bookinfo-gateway.yaml')), { host: 'bookinfo.example.com', path: '/admin' });
      assert.equal(result.verdict.kind, 'no-route');
      assert.equal(result.verdict.summary, 'no route of VirtualService default/bookinfo matches the request: 404');
    });

    test('STRICT mTLS on the backend admits the gateway (it is a mesh proxy); an AuthorizationPolicy sees its principal', () => {
      const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: default}\nspec: {mtls: {mode: STRICT}}\n';
      const onlyGateway = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: productpage, namespace: default}\nspec:\n  selector: {matchLabels: {app: productpage}}\n  action: ALLOW\n  rules:\n  - from: [{source: {principals: ["cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"]}}]\n';
      const allowed = fromOutside(bookinfo(scenario('bookinfo-gateway.yaml'), strict, onlyGateway), { host: 'bookinfo.example.com', path: '/productpage' });
      assert.equal(allowed.verdict.kind, 'delivered');
      assert.match(sidecars(allowed)[0]!.decision, /AuthorizationPolicy default\/productpage, rule 1, allows it/);
    });

    test('NetworkPolicy sees the gateway as a pod of istio-system: a policy admitting only that namespace lets it in', () => {
      const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: from-gateway, namespace: default}\nspec:\n  podSelector: {matchLabels: {app: productpage}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-system}}}]\n';
      const result = fromOutside(bookinfo(scenario('bookinfo-gateway.yaml'), policy), { host: 'bookinfo.example.com', path: '/productpage' });
      assert.equal(result.verdict.kind, 'delivered');
      const denyAll = policy.replace("namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-system}}", 'podSelector: {matchLabels: {app: nobody}}');
      const denied = fromOutside(bookinfo(scenario('bookinfo-gateway.yaml'), denyAll), { host: 'bookinfo.example.com', path: '/productpage' });
      assert.equal(denied.verdict.kind, 'denied');
      assert.match(denied.verdict.summary, /NetworkPolicy default\/from-gateway/);
    });

    test('a host no server takes, a port no server is on, a TLS passthrough server, HTTP to an HTTPS server', () => {
      const gateway = (servers: string) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: default}\nspec:\n  selector: {istio: ingressgateway}\n  servers: [${servers}]\n`;
      const routes = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: shop, namespace: default}\nspec:\n  hosts: ["shop.example.com"]\n  gateways: [gw]\n  http: [{route: [{destination: {host: productpage, port: {number: 9080}}}]}]\n';
      const served = fromOutside(bookinfo(gateway('{port: {number: 8080, name: http, protocol: HTTP}, hosts: ["shop.example.com"]}'), routes), { host: 'shop.example.com' });
      assert.equal(served.verdict.kind, 'delivered');
      const byServicePort = fromOutside(bookinfo(gateway('{port: {number: 80, name: http, protocol: HTTP}, hosts: ["shop.example.com"]}'), routes), { host: 'shop.example.com' });
      assert.equal(byServicePort.verdict.kind, 'delivered', "a server on the Service's port 80 listens on its targetPort 8080, as Istio translates it");
      assert.match(gatewayHops(byServicePort)[0]!.decision, /^Gateway default\/gw, server http \(HTTP 80, listening on 8080\) takes shop\.example\.com/);
      const otherHost = fromOutside(bookinfo(gateway('{port: {number: 8080, name: http, protocol: HTTP}, hosts: ["shop.example.com"]}'), routes), { host: '203.0.113.139' });
      assert.equal(otherHost.verdict.kind, 'no-route');
      assert.match(otherHost.verdict.summary, /no server of Gateway default\/gw on port 8080 takes 203\.0\.113\.139: 404/);
      const httpsOnly = bookinfo(gateway('{port: {number: 8443, name: https, protocol: HTTPS}, tls: {mode: SIMPLE, credentialName: shop}, hosts: ["shop.example.com"]}'), routes);
      const toPort80 = fromOutside(httpsOnly, { host: 'shop.example.com' });
      assert.equal(toPort80.verdict.kind, 'not-listening');
      assert.equal(toPort80.verdict.summary, 'no server of Gateway default/gw is on port 8080 of the Istio ingress gateway', '80 reaches 8080, where no server is');
      const plainTo443 = fromOutside(httpsOnly, { host: 'shop.example.com', port: 443 });
      assert.equal(plainTo443.verdict.kind, 'no-route');
      assert.match(plainTo443.verdict.summary, /expects TLS; a plain HTTP request fails/);
      const tlsToPlain = fromOutside(bookinfo(gateway('{port: {number: 80, name: http, protocol: HTTP}, hosts: ["shop.example.com"]}'), routes), { host: 'shop.example.com', scheme: 'https' });
      assert.match(tlsToPlain.verdict.summary, /expects plain HTTP; an HTTPS request fails/);
      const tls = fromOutside(bookinfo(gateway('{port: {number: 8443, name: tls, protocol: HTTPS}, tls: {mode: PASSTHROUGH}, hosts: ["shop.example.com"]}'), routes), { host: 'shop.example.com', port: 443, scheme: 'https' });
      assert.equal(tls.verdict.kind, 'not-traced');
      assert.match(tls.verdict.summary, /passes TLS through: Kubetrace follows HTTP, HTTPS \(terminated\) and TCP servers/);
      const terminated = fromOutside(bookinfo(gateway('{port: {number: 8443, name: https, protocol: HTTPS}, tls: {mode: SIMPLE, credentialName: shop}, hosts: ["shop.example.com"]}'), routes), { host: 'shop.example.com', port: 443, scheme: 'https' });
      assert.equal(terminated.verdict.kind, 'delivered');
      assert.match(gatewayHops(terminated)[0]!.decision, /terminating TLS \(mode SIMPLE\)/);
    });

    test('a Gateway whose selector picks pods of the workspace uses them, not a stand-in; a custom selector with no pods says why nothing answers', () => {
      const own = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: edge, namespace: edge}\nspec:\n  selector: {matchLabels: {istio: ingressgateway}}\n  template:\n    metadata: {labels: {istio: ingressgateway}}\n    spec: {serviceAccountName: edge, containers: [{name: envoy, image: istio/proxyv2, ports: [{containerPort: 8080}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: edge, namespace: edge}\nspec: {type: LoadBalancer, selector: {istio: ingressgateway}, ports: [{name: http, port: 80, targetPort: 8080}]}\n';
      const result = fromOutside(bookinfo(scenario('bookinfo-gateway.yaml'), own), { host: 'bookinfo.example.com', path: '/productpage' });
      assert.equal(result.verdict.kind, 'delivered');
      assert.match(gatewayHops(result)[0]!.title, /^Istio ingress gateway edge\/edge-/);
      assert.ok(gatewayHops(result)[1]!.details!.includes('client identity: cluster.local/ns/edge/sa/edge'));
      assert.ok(!result.notes.some((note) => note.includes('stand-in')));
      // A label no gateway installation gives (istio: X is the istio/gateway chart's, with its own stand-in).
      const custom = bookinfo(scenario('bookinfo-gateway.yaml').replace('istio: ingressgateway', 'gateway: internal'));
      const nothing = fromOutside(custom, { host: 'bookinfo.example.com', path: '/productpage' });
      assert.equal(nothing.verdict.kind, 'dns-failure');
      assert.ok(nothing.hops[1]!.details!.some((line) => line.startsWith('Istio Gateway default/bookinfo-gateway serves bookinfo.example.com, but no LoadBalancer or external-IP Service')));
    });
  });
});

