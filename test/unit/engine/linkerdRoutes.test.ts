/**
 * Linkerd's inbound HTTPRoutes in the server proxy's decision, written from Linkerd's own per-route policy example
 * (linkerd.io "Configuring Per-Route Authorization Policy", the Books app: the authors-server Server, the
 * authors-get-route, authors-probe-route and authors-modify-route HTTPRoutes and their AuthorizationPolicies, in the
 * order the guide applies them) and from linkerd2's policy controller and proxy:
 * - a route attaches to a Server of its own namespace by a parentRef of group policy.linkerd.io, kind Server; a
 *   parentRef naming another namespace, a port or a sectionName invalidates the route (policy-controller
 *   k8s/index/src/inbound/routes.rs, from_http_parent_ref); HTTPRoutes of gateway.networking.k8s.io attach the same
 *   way (index/http.rs);
 * - with routes attached, a request no route matches gets 404 (the guide: "the authors proxy rejects those requests
 *   with a 404 error"); a Server without routes has the default route (index.rs, default_inbound_http_routes);
 * - a route's requests are authorized by the AuthorizationPolicies targeting it (index.rs, route_client_authzs) and by
 *   the Server's own authorizations, which the proxy appends to every route (linkerd2-proxy server-policy authz.rs,
 *   mk_authorizations);
 * - the request takes one rule by the Gateway API's precedence (the authorization policy reference: "A given HTTP
 *   request can only match one HTTPRoute").
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectivityMatrix } from '../../../server/src/engine/connectivity/matrix';
import { linkerdClient, linkerdInboundDecision } from '../../../server/src/engine/mesh/linkerdPolicy';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace } from '../../../server/src/engine/trace/types';
import { snapshotOf } from '../../support/engineFixtures';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: booksapp, annotations: {linkerd.io/inject: enabled}}\n';
const deployment = (name: string, namespace = 'booksapp') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: ${name}, project: booksapp}}\n  template:\n    metadata: {labels: {app: ${name}, project: booksapp}}\n    spec: {serviceAccountName: ${name}, containers: [{name: ${name}, image: x, ports: [{name: service, containerPort: 7001}]}]}\n`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: authors, namespace: booksapp}\nspec: {selector: {app: authors}, ports: [{name: service, port: 7001}]}\n';
const SERVER = 'apiVersion: policy.linkerd.io/v1beta1\nkind: Server\nmetadata: {name: authors-server, namespace: booksapp}\nspec:\n  podSelector: {matchLabels: {app: authors, project: booksapp}}\n  port: service\n';
const route = (name: string, matches: string, group = 'policy.linkerd.io/v1beta1', parent = '{name: authors-server, kind: Server, group: policy.linkerd.io}') =>
  `apiVersion: ${group}\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: booksapp}\nspec:\n  parentRefs: [${parent}]\n  rules:\n    - matches:\n${matches}`;
const GET_ROUTE = route('authors-get-route', '      - {path: {value: "/authors.json"}, method: GET}\n      - {path: {value: "/authors/", type: PathPrefix}, method: GET}\n');
const PROBE_ROUTE = route('authors-probe-route', '      - {path: {value: "/ping"}, method: GET}\n');
const MODIFY_ROUTE = route('authors-modify-route', '      - {path: {value: "/authors/", type: PathPrefix}, method: DELETE}\n      - {path: {value: "/authors/", type: PathPrefix}, method: PUT}\n      - {path: {value: "/authors.json"}, method: POST}\n');
const policy = (name: string, targetKind: string, target: string, authentication: string, authKind = 'MeshTLSAuthentication') =>
  `apiVersion: policy.linkerd.io/v1alpha1\nkind: AuthorizationPolicy\nmetadata: {name: ${name}, namespace: booksapp}\nspec:\n  targetRef: {group: policy.linkerd.io, kind: ${targetKind}, name: ${target}}\n  requiredAuthenticationRefs: [{name: ${authentication}, kind: ${authKind}, group: policy.linkerd.io}]\n`;
const identities = (name: string, accounts: string[]) =>
  `apiVersion: policy.linkerd.io/v1alpha1\nkind: MeshTLSAuthentication\nmetadata: {name: ${name}, namespace: booksapp}\nspec:\n  identities: [${accounts.map((account) => `"${account}.booksapp.serviceaccount.identity.linkerd.cluster.local"`).join(', ')}]\n`;
const GET_POLICY = [policy('authors-get-policy', 'HTTPRoute', 'authors-get-route', 'authors-get-authn'), identities('authors-get-authn', ['books', 'webapp'])];
const PROBE_POLICY = [
  'apiVersion: policy.linkerd.io/v1alpha1\nkind: NetworkAuthentication\nmetadata: {name: authors-probe-authn, namespace: booksapp}\nspec:\n  networks: [{cidr: 0.0.0.0/0}, {cidr: "::/0"}]\n',
  policy('authors-probe-policy', 'HTTPRoute', 'authors-probe-route', 'authors-probe-authn', 'NetworkAuthentication'),
];
const MODIFY_POLICY = [policy('authors-modify-policy', 'HTTPRoute', 'authors-modify-route', 'authors-modify-authn'), identities('authors-modify-authn', ['webapp'])];
// books and webapp are meshed (namespace booksapp); legacy, in a namespace without injection, is not.
const APP = [NAMESPACE, deployment('authors'), deployment('books'), deployment('webapp'), deployment('legacy', 'batch'), SERVICE, SERVER];
const GUIDE = [...APP, GET_ROUTE, ...GET_POLICY, PROBE_ROUTE, ...PROBE_POLICY];

function trace(documents: string[], from: string, method: string, path: string, namespace = 'booksapp', scheme: string | null = 'http'): Trace {
  const to = scheme ? { host: 'authors.booksapp', port: 7001, scheme, path, method } : { host: 'authors.booksapp', port: 7001 };
  const result = traceRequest({ from: { kind: 'workload', namespace, name: from }, to, protocol: 'TCP' }, snapshotOf(documents.join('---\n')));
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}
const inbound = (result: Trace) => result.hops.find((hop) => hop.title.startsWith('linkerd-proxy') && hop.title.endsWith('(inbound)'))!;

/** The decision without a request (port level, as the connectivity matrix asks it) for a client workload. */
function portDecision(snapshot: ClusterSnapshot, from: string, namespace = 'booksapp') {
  const server = snapshot.pods.find((pod) => pod.namespace === 'booksapp' && pod.labels.app === 'authors')!;
  const client = snapshot.pods.find((pod) => pod.namespace === namespace && pod.labels.app === from)!;
  return linkerdInboundDecision(snapshot, server, 7001, linkerdClient(snapshot, client, client.ips[0]!));
}

describe("Linkerd's inbound HTTPRoutes (the Books app's per-route policy)", () => {
  test('a request takes the route that matches it, and that route’s AuthorizationPolicy admits the client; the hop names the route and its rule’s line', () => {
    const result = trace(GUIDE, 'books', 'GET', '/authors/1.json');
    assert.equal(result.verdict.kind, 'delivered');
    const hop = inbound(result);
    assert.match(hop.decision, /^Server booksapp\/authors-server selects port 7001, the request takes HTTPRoute booksapp\/authors-get-route rule 1 \(line \d+\), and AuthorizationPolicy booksapp\/authors-get-policy \(for the route\) admits the client/);
    assert.ok(!hop.details!.some((detail) => /not read/.test(detail)), 'the hop no longer says the routes are not read');
    assert.ok(hop.refs.some((ref) => ref.label.includes('authors-get-route')));
  });

  test('a request no attached route matches gets 404 from the proxy (the guide’s DELETE before authors-modify-route exists)', () => {
    const result = trace(GUIDE, 'webapp', 'DELETE', '/authors/1.json');
    assert.equal(result.verdict.kind, 'http-error');
    assert.match(result.verdict.summary, /answers 404: no HTTPRoute of Server booksapp\/authors-server matches DELETE \/authors\/1\.json/);
  });

  test('a route nothing authorizes refuses its requests (403); its AuthorizationPolicy then admits only the identities it requires', () => {
    assert.equal(trace([...GUIDE, MODIFY_ROUTE], 'webapp', 'DELETE', '/authors/1.json').verdict.kind, 'denied');
    const admitted = [...GUIDE, MODIFY_ROUTE, ...MODIFY_POLICY];
    assert.equal(trace(admitted, 'webapp', 'DELETE', '/authors/1.json').verdict.kind, 'delivered');
    assert.equal(trace(admitted, 'books', 'DELETE', '/authors/1.json').verdict.kind, 'denied', 'books is not in authors-modify-authn');
    assert.equal(trace(admitted, 'books', 'GET', '/authors/1.json').verdict.kind, 'delivered', 'GET stays on authors-get-route');
    assert.equal(trace(admitted, 'legacy', 'GET', '/ping', 'batch').verdict.kind, 'delivered', 'the probe route admits every network');
  });

  test("the Server's own authorizations apply on every route, as the proxy appends them to each route's; without routes, the default route", () => {
    const serverPolicy = [policy('authors-server-policy', 'Server', 'authors-server', 'books-only'), identities('books-only', ['books'])];
    const result = trace([...GUIDE, MODIFY_ROUTE, ...serverPolicy], 'books', 'DELETE', '/authors/1.json');
    assert.equal(result.verdict.kind, 'delivered');
    assert.match(inbound(result).decision, /takes HTTPRoute booksapp\/authors-modify-route rule 1 \(line \d+\), and AuthorizationPolicy booksapp\/authors-server-policy \(for the Server\) admits the client/);
    const alone = trace([...APP, ...serverPolicy], 'books', 'DELETE', '/anything');
    assert.equal(alone.verdict.kind, 'delivered', 'a Server without routes matches every request');
    assert.ok(inbound(alone).details!.includes('no HTTPRoute is attached to the Server: its default route matches every request'));
  });

  test("the proxy's ranking across routes: path characters matched (an Exact and a PathPrefix of one length tie), then a method; a tie goes to the first route by name (linkerd2-proxy http/route lib.rs and match/path.rs)", () => {
    const exact = route('authors-exact', '      - {path: {value: "/authors.json", type: Exact}}\n');
    const tie = trace([...GUIDE, exact], 'books', 'GET', '/authors.json');
    assert.equal(tie.verdict.kind, 'delivered', "the get route's PathPrefix of the same length names a method: it outranks the Exact path");
    assert.match(inbound(tie).decision, /takes HTTPRoute booksapp\/authors-get-route rule 1/);
    const longer = route('authors-one', '      - {path: {value: "/authors/1.json", type: Exact}}\n');
    const one = trace([...GUIDE, longer], 'books', 'GET', '/authors/1.json');
    assert.equal(one.verdict.kind, 'denied', 'authors-one matches more characters, and nothing authorizes it');
    assert.match(inbound(one).decision, /takes HTTPRoute booksapp\/authors-one rule 1/);
    const same = route('authors-aaa', '      - {path: {value: "/authors/", type: PathPrefix}, method: GET}\n');
    assert.match(inbound(trace([...GUIDE, same], 'books', 'GET', '/authors/1.json')).decision, /takes HTTPRoute booksapp\/authors-aaa rule 1/, 'an equal match: the first route by name');
    const byHost = (hostname: string) => route('authors-zzz', '      - {path: {value: "/", type: PathPrefix}}\n').replace('spec:\n', `spec:\n  hostnames: ["${hostname}"]\n`);
    assert.match(inbound(trace([...GUIDE, byHost('authors.booksapp')], 'books', 'GET', '/authors/1.json')).decision, /takes HTTPRoute booksapp\/authors-zzz rule 1/, 'a route whose hostname matches the Host outranks any without hostnames');
    assert.match(inbound(trace([...GUIDE, byHost('books.example')], 'books', 'GET', '/authors/1.json')).decision, /takes HTTPRoute booksapp\/authors-get-route rule 1/, 'a route whose hostnames do not match is not a candidate');
  });

  test('a Gateway API HTTPRoute attaches to a Server too; a parentRef naming another namespace, a port or a sectionName invalidates the route', () => {
    const gatewayRoute = route('authors-get-route', '      - {path: {value: "/authors/", type: PathPrefix}, method: GET}\n', 'gateway.networking.k8s.io/v1');
    assert.equal(trace([...APP, gatewayRoute, ...GET_POLICY], 'books', 'GET', '/authors/1.json').verdict.kind, 'delivered');
    assert.equal(trace([...APP, gatewayRoute, ...GET_POLICY], 'books', 'GET', '/books').verdict.kind, 'http-error');
    for (const parent of ['{name: authors-server, kind: Server, group: policy.linkerd.io, namespace: other}', '{name: authors-server, kind: Server, group: policy.linkerd.io, port: 7001}', '{name: authors-server, kind: Server, group: policy.linkerd.io, sectionName: http}']) {
      const invalid = route('authors-get-route', '      - {path: {value: "/authors/", type: PathPrefix}, method: GET}\n', 'policy.linkerd.io/v1beta3', parent);
      // The invalid route is ignored: the Server has its default route, and nothing of the Server admits books.
      const result = trace([...APP, invalid, ...GET_POLICY], 'books', 'GET', '/books');
      assert.equal(result.verdict.kind, 'denied', parent);
    }
    const toService = route('authors-get-route', '      - {path: {value: "/authors/", type: PathPrefix}}\n', 'policy.linkerd.io/v1beta2', '{name: authors, kind: Service, group: core}');
    assert.equal(trace([...APP, toService, ...GET_POLICY], 'books', 'GET', '/books').verdict.kind, 'denied', 'a route with a Service parent is not an inbound route');
  });

  test('inbound filters: RequestRedirect is answered by the proxy, RequestHeaderModifier goes on; a Gateway API route with a filter the inbound side does not take is ignored (index/http.rs, try_gateway_filter)', () => {
    const redirect = route('authors-moved', '      - {path: {value: "/old", type: PathPrefix}}\n      filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /authors}, statusCode: 301}}]\n');
    const moved = trace([...GUIDE, redirect, policy('moved-policy', 'HTTPRoute', 'authors-moved', 'authors-get-authn')], 'books', 'GET', '/old/1');
    assert.equal(moved.verdict.kind, 'delivered');
    assert.match(moved.verdict.summary, /answers 301, redirecting \(HTTPRoute booksapp\/authors-moved\)/);
    const headers = route('authors-get-route', '      - {path: {value: "/authors/", type: PathPrefix}, method: GET}\n      filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-from, value: mesh}]}}]\n');
    assert.match(inbound(trace([...APP, headers, ...GET_POLICY], 'books', 'GET', '/authors/1.json')).decision, /goes to the application, with the headers the route's RequestHeaderModifier sets\.$/);
    const rewrite = route('authors-get-route', '      - {path: {value: "/authors/", type: PathPrefix}, method: GET}\n      filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]\n', 'gateway.networking.k8s.io/v1');
    assert.equal(trace([...APP, rewrite, ...GET_POLICY], 'books', 'GET', '/authors/1.json').verdict.kind, 'denied', 'the route is ignored: the Server alone decides, and nothing of it admits books');
  });

  test("a connection the proxy does not read as HTTP takes no route: only the Server's own authorizations decide; a plain connection is judged per route", () => {
    const documents = [...APP, GET_ROUTE, ...GET_POLICY, MODIFY_ROUTE];
    const tls = trace(documents, 'books', 'GET', '/authors/1.json', 'booksapp', 'https');
    assert.equal(tls.verdict.kind, 'denied', 'the route policy admitting books does not apply to TLS the proxy cannot read');
    assert.ok(inbound(tls).details!.some((detail) => /they do not apply and the Server's own authorizations decide/.test(detail)));
    const plain = trace(documents, 'books', 'GET', '/', 'booksapp', null);
    assert.equal(plain.verdict.kind, 'delivered');
    assert.match(inbound(plain).decision, /its HTTPRoutes decide per request, and the client \(mTLS from books\.booksapp\.serviceaccount\.identity\.linkerd\.cluster\.local\) is admitted only on booksapp\/authors-get-route/);
  });

  test("without a request (the matrix's port-level question) the decision says when the verdict depends on the request, and gives it when every route agrees", () => {
    const guide = snapshotOf([...APP, GET_ROUTE, ...GET_POLICY, MODIFY_ROUTE, ...MODIFY_POLICY].join('---\n'));
    const books = portDecision(guide, 'books');
    assert.ok(books.by === 'server');
    assert.equal(books.dependsOnRequest, true);
    assert.equal(books.refusal, undefined);
    assert.deepEqual(books.perRoute.map((decision) => [decision.route.id.name, decision.refusal === undefined]).sort(), [['authors-get-route', true], ['authors-modify-route', false]]);
    const webapp = portDecision(guide, 'webapp');
    assert.ok(webapp.by === 'server' && !webapp.dependsOnRequest && webapp.refusal === undefined, 'both routes admit webapp');
    const legacy = portDecision(guide, 'legacy', 'batch');
    assert.ok(legacy.by === 'server' && !legacy.dependsOnRequest);
    assert.match(legacy.refusal ?? '', /denies every connection/, 'no route admits a client without an identity');
  });

  test('the connectivity matrix says the request decides where the routes split a client, and refuses where none admits it', () => {
    const { cells } = connectivityMatrix(snapshotOf([...APP, GET_ROUTE, ...GET_POLICY, MODIFY_ROUTE, ...MODIFY_POLICY].join('---\n')));
    const toAuthors = (from: string) => cells.find((cell) => cell.from === from && cell.to === 'booksapp/authors' && cell.port === 7001)!;
    assert.equal(toAuthors('booksapp/books').verdict, 'depends');
    assert.match(toAuthors('booksapp/books').reason, /HTTPRoute booksapp\/authors-get-route admits it, HTTPRoute booksapp\/authors-modify-route refuses it|HTTPRoute booksapp\/authors-modify-route refuses it, HTTPRoute booksapp\/authors-get-route admits it/);
    assert.equal(toAuthors('booksapp/webapp').verdict, 'allowed');
    assert.equal(toAuthors('batch/legacy').verdict, 'denied');
  });
});
