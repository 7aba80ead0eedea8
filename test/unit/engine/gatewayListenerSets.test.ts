import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { routeHttp } from '../../../server/src/engine/routing/routeHttp';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import { appWithService, snapshotOf } from '../../support/engineFixtures';

// After gateway-api geps/gep-1713 (its examples: parent-gateway with first/second-workload-listeners, routes by
// sectionName, "Gateway parents and sectionName") and apis/v1 listenerset_types.go and gateway_types.go
// (AllowedListeners: from None by default; Same, All, Selector).

const gateway = (allowedListeners: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: parent-gateway, namespace: infra}
spec:
  gatewayClassName: example
${allowedListeners}
  listeners:
  - {name: foo, hostname: foo.com, protocol: HTTP, port: 80}
`;

const TEXT = (allowedListeners: string) =>
  [
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: infra}\n',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: team, labels: {listeners: allowed}}\n',
    appWithService('infra', 'foo-app'),
    appWithService('infra', 'first-app'),
    appWithService('team', 'team-app'),
    gateway(allowedListeners),
    `apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: first-workload-listeners, namespace: infra}
spec:
  parentRef: {name: parent-gateway, kind: Gateway, group: gateway.networking.k8s.io}
  listeners:
  - {name: first, hostname: first.foo.com, protocol: HTTP, port: 80}
  - {name: other, hostname: other.foo.com, protocol: HTTP, port: 80}
`,
    `apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XListenerSet
metadata: {name: team-listeners, namespace: team}
spec:
  parentRef: {name: parent-gateway, namespace: infra}
  listeners:
  - {name: first, hostname: team.foo.com, protocol: HTTP, port: 80}
`,
    `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: on-gateway, namespace: infra}
spec:
  parentRefs: [{name: parent-gateway}]
  rules: [{backendRefs: [{name: foo-app, port: 80}]}]
`,
    `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: on-first, namespace: infra}
spec:
  parentRefs: [{name: first-workload-listeners, kind: ListenerSet, sectionName: first}]
  rules: [{backendRefs: [{name: first-app, port: 80}]}]
`,
    `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: on-team, namespace: team}
spec:
  parentRefs: [{name: team-listeners, kind: XListenerSet, group: gateway.networking.x-k8s.io}]
  rules: [{backendRefs: [{name: team-app, port: 80}]}]
`,
  ].join('---\n');

const ALL = '  allowedListeners: {namespaces: {from: All}}';
const request = (text: string, host: string) => routeHttp({ host, path: '/', method: 'GET', headers: {}, scheme: 'http', port: 80, gateway: { namespace: 'infra', name: 'parent-gateway' } }, snapshotOf(text));
const outcome = (text: string, host: string) => {
  const result = request(text, host);
  return `${result.status} ${result.backend ? `${result.backend.namespace}/${result.backend.service}` : '-'}`;
};

describe('Gateway API ListenerSets', () => {
  test('a Gateway admits no ListenerSet by default: their listeners do not serve', () => {
    const text = TEXT('');
    assert.equal(outcome(text, 'foo.com'), '200 infra/foo-app');
    const result = request(text, 'first.foo.com');
    assert.equal(result.status, 404);
    assert.match(result.rule, /Gateway infra\/parent-gateway has no HTTP listener on port 80 for first\.foo\.com/);
    assert.equal(outcome(TEXT('  allowedListeners: {namespaces: {from: None}}'), 'first.foo.com'), '404 -');
  });

  test('an admitted ListenerSet\'s listener serves the routes attached to it by sectionName', () => {
    const result = request(TEXT(ALL), 'first.foo.com');
    assert.equal(`${result.status} ${result.backend?.service}`, '200 first-app');
    assert.match(result.rule, /^ListenerSet infra\/first-workload-listeners \(of Gateway infra\/parent-gateway\) listener first \(port 80, first\.foo\.com\): HTTPRoute infra\/on-first rule 1/);
  });

  test('a route with a sectionName attaches only to that listener of the ListenerSet', () => {
    const result = request(TEXT(ALL), 'other.foo.com');
    assert.equal(result.status, 404);
    assert.match(result.rule, /listener other .*: no HTTPRoute rule matches/);
  });

  test('a route attached to the Gateway does not reach a ListenerSet\'s listeners', () => {
    // on-gateway has no hostnames and no sectionName: it serves every listener of the Gateway itself, none of the set's.
    assert.equal(outcome(TEXT(ALL), 'foo.com'), '200 infra/foo-app');
    assert.equal(outcome(TEXT(ALL), 'other.foo.com'), '404 -');
  });

  test('allowedListeners namespaces: Same admits only the Gateway\'s namespace, Selector the namespaces it selects', () => {
    const same = TEXT('  allowedListeners: {namespaces: {from: Same}}');
    assert.equal(outcome(same, 'first.foo.com'), '200 infra/first-app');
    assert.equal(outcome(same, 'team.foo.com'), '404 -');
    const selector = TEXT('  allowedListeners: {namespaces: {from: Selector, selector: {matchLabels: {listeners: allowed}}}}');
    assert.equal(outcome(selector, 'team.foo.com'), '200 team/team-app');
    assert.equal(outcome(selector, 'first.foo.com'), '404 -');
  });

  test('an XListenerSet (the experimental kind) serves its routes, which are allowed from its own namespace', () => {
    assert.equal(outcome(TEXT(ALL), 'team.foo.com'), '200 team/team-app');
  });

  test('a listener of a ListenerSet that conflicts with the Gateway\'s own (same port, protocol, hostname) does not serve', () => {
    const conflicting = TEXT(ALL).replace('hostname: other.foo.com', 'hostname: foo.com');
    assert.equal(outcome(conflicting, 'foo.com'), '200 infra/foo-app');
  });

  test('a trace from outside reaches the Gateway by a ListenerSet\'s hostname', () => {
    const from = parseSource('external') as TraceSource;
    const to = parseDestination('http://first.foo.com/') as TraceDestination;
    const trace = traceRequest({ from, to, protocol: 'TCP' }, snapshotOf(TEXT(ALL)));
    assert.ok(!('error' in trace), JSON.stringify(trace));
    assert.equal(trace.verdict.kind, 'delivered', trace.verdict.summary);
    assert.match(JSON.stringify(trace.hops), /ListenerSet infra\/first-workload-listeners/);
  });
});
