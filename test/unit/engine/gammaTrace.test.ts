/**
 * HTTPRoutes attached to a Service (GAMMA) in the trace, and the `http` query answered from it: the client's mesh
 * proxy applies the consumer routes of its namespace, else the Service's producer routes, on the ports they attach
 * to; the rule Gateway API's precedence picks sends the request to its backend, no rule matching answers 404, and a
 * client without a mesh proxy goes through kube-proxy, which ignores the routes. The fixtures are our own, written
 * from gateway-api's GEP-1426 (geps/gep-1426/index.md: "Ports", "Namespace boundaries", "Multiple routes for a
 * Service") and its mesh conformance tests (conformance/tests/mesh/mesh-split.go, mesh-ports.go,
 * mesh-consumer-route.go, httproute-weight.go, httproute-redirect-host-and-status.go): the echo Services of
 * conformance/mesh/manifests.yaml, each route sending somewhere observable where the upstream test sets a header.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerHttp } from '../../../server/src/engine/trace/httpQuery';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace } from '../../../server/src/engine/trace/types';
import { appWithService, snapshotOf } from '../../support/engineFixtures';

const MESH = 'gateway-conformance-mesh';
const CONSUMER = 'gateway-conformance-mesh-consumer';
const namespace = (name: string, meta: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, ${meta}}\n`;
/** The conformance mesh's Service `echo`, selecting both echo versions, with its two HTTP ports. */
const ECHO = `apiVersion: v1
kind: Service
metadata: {name: echo, namespace: ${MESH}}
spec:
  selector: {app: echo}
  ports: [{name: http, port: 80, targetPort: 8080, appProtocol: http}, {name: http-alt, port: 8080, appProtocol: http}]
`;
const echoVersion = (version: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: echo-${version}, namespace: ${MESH}}
spec:
  selector: {matchLabels: {app: echo, version: ${version}}}
  template:
    metadata: {labels: {app: echo, version: ${version}}}
    spec: {containers: [{name: echo, image: echo, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: echo-${version}, namespace: ${MESH}}
spec:
  selector: {app: echo, version: ${version}}
  ports: [{name: http, port: 80, targetPort: 8080, appProtocol: http}, {name: http-alt, port: 8080, appProtocol: http}]
`;
const route = (name: string, routeNamespace: string, parent: string, rules: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${routeNamespace}}
spec:
  parentRefs: [${parent}]
  rules:
${rules}`;
// conformance/tests/mesh/mesh-split.go: /v1 to echo-v1, /v2 to echo-v2.
const SPLIT = route(
  'mesh-split',
  MESH,
  '{group: "", kind: Service, name: echo, port: 80}',
  `  - matches: [{path: {type: Exact, value: /v1}}]
    backendRefs: [{name: echo-v1, port: 80}]
  - matches: [{path: {type: Exact, value: /v2}}]
    backendRefs: [{name: echo-v2, port: 80}]
`,
);
const client = (clientNamespace: string) => appWithService(clientNamespace, 'client');
const world = (meta: string, ...extra: string[]) => [namespace(MESH, meta), namespace(CONSUMER, meta), echoVersion('v1'), echoVersion('v2'), ECHO, client(MESH), client(CONSUMER), ...extra].join('---\n');
const ISTIO = 'labels: {istio-injection: enabled}';

function trace(text: string, from: string, host: string, path: string, port = 80): Trace {
  const [fromNamespace, name] = from.split('/');
  const result = traceRequest({ from: { kind: 'workload', namespace: fromNamespace!, name: name! }, to: { host, port, scheme: 'http', path }, protocol: 'TCP' }, snapshotOf(text));
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}
const ask = (text: string, from: string, host: string, path: string, port = 80) =>
  answerHttp({ host, path, method: 'GET', headers: {}, scheme: 'http', port, from: { namespace: from.split('/')[0]!, name: from.split('/')[1]! } }, snapshotOf(text));
const routeHop = (result: Trace) => result.hops.find((hop) => hop.component === 'sidecar' && /HTTPRoute/.test(hop.decision));
const deliveredTo = (result: Trace) => result.verdict.kind === 'delivered' && /delivered to pod gateway-conformance-mesh\/(echo-v\d)-/.exec(result.verdict.summary)?.[1];

describe('GAMMA routes in the trace, applied by the client\'s Istio sidecar', () => {
  const text = world(ISTIO, SPLIT);

  test('mesh-split: the matching rule sends the request to its backend, and the hop names the rule\'s line', () => {
    const result = trace(text, `${MESH}/client`, 'echo', '/v2');
    assert.equal(deliveredTo(result), 'echo-v2');
    const hop = routeHop(result)!;
    assert.match(hop.title, /^Envoy sidecar of gateway-conformance-mesh\/client-.* \(outbound\)$/);
    assert.match(hop.decision, /^Service gateway-conformance-mesh\/echo port 80 \(producer route\): HTTPRoute gateway-conformance-mesh\/mesh-split rule 2 \(Exact \/v2\) → Service gateway-conformance-mesh\/echo-v2 port 80\.$/);
    assert.equal(hop.refs[0]!.label, 'HTTPRoute.gateway.networking.k8s.io gateway-conformance-mesh/mesh-split spec.rules[1]');
    assert.equal(text.split('\n')[hop.refs[0]!.range.start.line], '  - matches: [{path: {type: Exact, value: /v2}}]');
    // The sidecar balances over the backend's pods itself, over mTLS.
    assert.match(result.hops[result.hops.indexOf(hop) + 1]!.decision, /^HTTPRoute gateway-conformance-mesh\/mesh-split's rule: to gateway-conformance-mesh\/echo-v2, pod .*over mTLS/);
  });

  test('no rule matches: the proxy answers 404, the Service is not reached around its routes', () => {
    const result = trace(text, `${MESH}/client`, 'echo', '/v3');
    assert.equal(result.verdict.kind, 'no-route');
    assert.match(result.verdict.summary, /^the client's proxy answers 404: no rule of the HTTPRoutes attached to Service gateway-conformance-mesh\/echo \(gateway-conformance-mesh\/mesh-split\) matches GET \/v3: 404$/);
    const answer = ask(text, `${MESH}/client`, 'echo', '/v3');
    assert.deepEqual([answer.status, answer.backend, answer.via], [404, null, 'mesh']);
  });

  test('the http query answers from the same trace: status, backend and the route that decided', () => {
    const answer = ask(text, `${MESH}/client`, 'echo.gateway-conformance-mesh.svc.cluster.local', '/v1');
    assert.deepEqual([answer.status, answer.backend, answer.route], [200, { namespace: MESH, service: 'echo-v1', port: 80 }, `${MESH}/mesh-split`]);
    assert.equal(answer.rule, trace(text, `${MESH}/client`, 'echo.gateway-conformance-mesh.svc.cluster.local', '/v1').verdict.summary);
  });

  test('mesh-ports: a parentRef with a port attaches to that port only; without one, to every port', () => {
    const ports = world(
      ISTIO,
      route('mesh-ports', MESH, '{group: "", kind: Service, name: echo-v1, port: 80}', '  - backendRefs: [{name: echo-v2, port: 80}]\n'),
      route('mesh-ports-v2', MESH, '{group: "", kind: Service, name: echo-v2}', '  - backendRefs: [{name: echo-v1, port: 80}]\n'),
    );
    assert.equal(deliveredTo(trace(ports, `${MESH}/client`, 'echo-v1', '/', 80)), 'echo-v2', 'the route applies on port 80');
    const excluded = trace(ports, `${MESH}/client`, 'echo-v1', '/', 8080);
    assert.equal(routeHop(excluded), undefined, 'port 8080 is not the parentRef\'s');
    assert.equal(deliveredTo(excluded), 'echo-v1');
    assert.equal(deliveredTo(trace(ports, `${MESH}/client`, 'echo-v2', '/', 80)), 'echo-v1');
    assert.equal(deliveredTo(trace(ports, `${MESH}/client`, 'echo-v2', '/', 8080)), 'echo-v1');
    // ParentReference.sectionName: for a Service, the port's name.
    const named = world(ISTIO, route('mesh-section', MESH, '{group: "", kind: Service, name: echo-v1, sectionName: http-alt}', '  - backendRefs: [{name: echo-v2, port: 80}]\n'));
    assert.equal(deliveredTo(trace(named, `${MESH}/client`, 'echo-v1', '/', 8080)), 'echo-v2');
    assert.equal(deliveredTo(trace(named, `${MESH}/client`, 'echo-v1', '/', 80)), 'echo-v1');
  });

  test('mesh-consumer-route: a consumer route applies to its namespace\'s clients only, and replaces the producer routes there', () => {
    const consumer = route('mesh-echo-consumer', CONSUMER, `{group: "", kind: Service, name: echo-v1, namespace: ${MESH}}`, `  - matches: [{path: {type: PathPrefix, value: /consumer}}]\n    backendRefs: [{name: echo-v2, namespace: ${MESH}, port: 80}]\n`);
    const producer = route('mesh-echo-producer', MESH, '{group: "", kind: Service, name: echo-v1}', '  - backendRefs: [{name: echo-v1, port: 80}]\n');
    const both = world(ISTIO, consumer, producer);
    const fromConsumer = trace(both, `${CONSUMER}/client`, `echo-v1.${MESH}`, '/consumer');
    assert.equal(deliveredTo(fromConsumer), 'echo-v2');
    assert.match(routeHop(fromConsumer)!.decision, /\(consumer route of gateway-conformance-mesh-consumer\): HTTPRoute gateway-conformance-mesh-consumer\/mesh-echo-consumer rule 1/);
    // GEP-1426: requests from a namespace with consumer routes use those, never the producer's, so nothing matches.
    const unmatched = trace(both, `${CONSUMER}/client`, `echo-v1.${MESH}`, '/other');
    assert.equal(unmatched.verdict.kind, 'no-route');
    assert.match(unmatched.verdict.summary, /\(gateway-conformance-mesh-consumer\/mesh-echo-consumer\) matches GET \/other: 404/);
    // A client of another namespace gets the producer route.
    const fromProducer = trace(both, `${MESH}/client`, 'echo-v1', '/consumer');
    assert.equal(deliveredTo(fromProducer), 'echo-v1');
    assert.match(routeHop(fromProducer)!.decision, /\(producer route\): HTTPRoute gateway-conformance-mesh\/mesh-echo-producer rule 1/);
  });

  test('httproute-weight: the split is shown and the heaviest backend followed; a mesh route needs no ReferenceGrant', () => {
    const weighted = world(ISTIO, route('mesh-weight', CONSUMER, `{group: "", kind: Service, name: echo, namespace: ${MESH}}`, `  - backendRefs: [{name: echo-v1, namespace: ${MESH}, port: 80, weight: 30}, {name: echo-v2, namespace: ${MESH}, port: 80, weight: 70}]\n`));
    const result = trace(weighted, `${CONSUMER}/client`, `echo.${MESH}`, '/');
    assert.equal(deliveredTo(result), 'echo-v2');
    assert.ok(routeHop(result)!.details!.includes('split: gateway-conformance-mesh/echo-v1 weight 30, gateway-conformance-mesh/echo-v2 weight 70 (followed)'));
  });

  test('httproute-redirect-host-and-status: a RequestRedirect filter makes the proxy answer itself', () => {
    const redirect = world(ISTIO, route('mesh-redirect', MESH, '{group: "", kind: Service, name: echo, port: 80}', '  - matches: [{path: {type: PathPrefix, value: /hostname-redirect}}]\n    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, statusCode: 301}}]\n'));
    const answer = ask(redirect, `${MESH}/client`, 'echo', '/hostname-redirect/x');
    assert.deepEqual([answer.status, answer.backend], [301, null]);
    assert.match(answer.rule, /the rule redirects, the proxy answers 301 with Location http:\/\/example\.org\/hostname-redirect\/x$/);
  });

  test('httproute-rewrite-path: a URLRewrite filter changes the path the backend receives; header modifiers are listed, not simulated', () => {
    const rewrite = world(
      ISTIO,
      route(
        'mesh-rewrite-path',
        MESH,
        '{group: "", kind: Service, name: echo, port: 80}',
        `  - matches: [{path: {type: PathPrefix, value: /prefix/one}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /one}}}, {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Header-Set, value: set}]}}]
    backendRefs: [{name: echo-v1, port: 80}]
`,
      ),
    );
    const answer = ask(rewrite, `${MESH}/client`, 'echo', '/prefix/one/two?x=1');
    assert.deepEqual([answer.status, answer.backend?.service, answer.backendPath], [200, 'echo-v1', '/one/two?x=1']);
    const hop = routeHop(trace(rewrite, `${MESH}/client`, 'echo', '/prefix/one/two'))!;
    assert.deepEqual(hop.details, ['URLRewrite: the backend receives /one/two', "RequestHeaderModifier: changes the request's or the response's headers, not where it goes; not simulated"]);
  });
});

describe('GAMMA routes and other clients', () => {
  test('Linkerd\'s proxy applies the routes attached to the Service too (outbound HTTPRoutes)', () => {
    const result = trace(world('annotations: {linkerd.io/inject: enabled}', SPLIT), `${MESH}/client`, 'echo', '/v1');
    const hop = routeHop(result)!;
    assert.match(hop.title, /^linkerd-proxy of gateway-conformance-mesh\/client-.* \(outbound\)$/);
    assert.match(hop.decision, /HTTPRoute gateway-conformance-mesh\/mesh-split rule 1 \(Exact \/v1\) → Service gateway-conformance-mesh\/echo-v1 port 80\./);
    assert.equal(deliveredTo(result), 'echo-v1');
    assert.equal(trace(world('annotations: {linkerd.io/inject: enabled}', SPLIT), `${MESH}/client`, 'echo', '/v3').verdict.kind, 'no-route');
  });

  test('a client without a mesh proxy goes through kube-proxy: the routes do not apply, and the trace says so', () => {
    const plain = world('labels: {team: echo}', SPLIT);
    const result = trace(plain, `${MESH}/client`, 'echo', '/v3');
    assert.equal(routeHop(result), undefined);
    assert.equal(result.verdict.kind, 'delivered');
    assert.ok(result.hops.some((hop) => hop.component === 'kube-proxy'));
    assert.ok(result.notes.includes("HTTPRoute gateway-conformance-mesh/mesh-split attached to Service gateway-conformance-mesh/echo applies only where a mesh proxy carries the request (GAMMA); no proxy carries this connection, so kube-proxy sends it to the Service's endpoints and the route does not apply"));
    const answer = ask(plain, `${MESH}/client`, 'echo', '/v3');
    assert.deepEqual([answer.status, answer.backend, answer.via], [200, { namespace: MESH, service: 'echo', port: 80 }, 'none']);
  });
});
