import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import { formatTrace } from '../../../server/src/cli/formatTrace';
import { readProfile } from '../../../server/src/engine/profile';
import { exampleSnapshot, snapshotOf } from '../../support/engineFixtures';
import { PROJECT_ROOT } from '../../support/fixtures';

const GOLDEN = path.join(PROJECT_ROOT, 'test', 'golden', 'traces');
/** Golden files change only when asked: UPDATE_GOLDEN=1 npm run test:unit. */
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

const snapshot = exampleSnapshot();
const loadBalancerIP = snapshot.services.find((service) => service.name === 'ingress-nginx-controller')!.loadBalancerIPs[0]!;
const node2 = snapshot.nodes[1]!.addresses[0]!;

function trace(from: string, to: string, protocol: 'TCP' | 'UDP' = 'TCP'): Trace {
  const result = traceRequest({ from: parseSource(from) as TraceSource, to: parseDestination(to) as TraceDestination, protocol }, snapshot);
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}

function matchesGolden(name: string, result: Trace): void {
  const file = path.join(GOLDEN, `${name}.txt`);
  const text = formatTrace(result, true);
  if (UPDATE || !fs.existsSync(file)) {
    if (!UPDATE) assert.fail(`no golden file ${file}: run UPDATE_GOLDEN=1 npm run test:unit and review it`);
    fs.writeFileSync(file, text);
  }
  assert.equal(text, fs.readFileSync(file, 'utf8'));
}

describe('traces through the example workspace', () => {
  test('frontend → orders-api: the frontend\'s egress policy drops its DNS query, and the trace says which rule came closest', () => {
    const result = trace('shop-web/frontend', 'http://orders-api.shop-api/users');
    assert.equal(result.verdict.kind, 'denied');
    assert.match(result.verdict.summary, /^the DNS query to kube-dns is denied by NetworkPolicy shop-web\/frontend-egress/);
    assert.deepEqual(result.hops.map((hop) => hop.component), ['client', 'dns', 'network-policy']);
    const policy = result.hops[2]!;
    assert.equal(policy.before?.protocol, 'UDP');
    assert.equal(policy.before?.dstPort, 53);
    assert.ok(policy.details?.some((detail) => detail.startsWith('nearest miss: egress rule 1 of shop-web/frontend-egress would admit this if')));
    assert.deepEqual(policy.refs.map((ref) => ref.label), ['NetworkPolicy.networking.k8s.io shop-web/frontend-egress']);
    matchesGolden('frontend-dns-denied', result);
  });

  test('orders-api → postgres by its headless name: DNS allowed by rule 3, the connection by a rule on each side', () => {
    const result = trace('shop-api/orders-api', 'postgres.shop-data:5432');
    assert.equal(result.verdict.kind, 'delivered');
    assert.deepEqual(result.hops.map((hop) => hop.component), ['client', 'dns', 'network-policy', 'cni', 'network-policy', 'container']);
    const connection = result.hops[4]!;
    assert.deepEqual(connection.refs.map((ref) => ref.label), [
      'NetworkPolicy.networking.k8s.io shop-api/orders-api-egress spec.egress[0]',
      'NetworkPolicy.networking.k8s.io shop-data/postgres-from-orders-api spec.ingress[0]',
    ]);
    assert.equal(result.hops.find((hop) => hop.component === 'kube-proxy'), undefined, 'a headless Service has no kube-proxy hop');
    matchesGolden('orders-api-to-postgres', result);
  });

  test('frontend → orders-api with a CNI that does not enforce policy: delivered, and the trace says the policies would deny it', () => {
    const flannel = exampleSnapshot(readProfile({ cni: { plugin: 'flannel' } }).profile);
    const result = traceRequest({ from: parseSource('shop-web/frontend') as TraceSource, to: parseDestination('http://orders-api.shop-api/users') as TraceDestination, protocol: 'TCP' }, flannel) as Trace;
    assert.equal(result.verdict.kind, 'delivered');
    assert.match(result.hops.find((hop) => hop.component === 'network-policy')!.decision, /would deny .* but flannel does not enforce NetworkPolicy/);
    const proxy = result.hops.find((hop) => hop.component === 'kube-proxy')!;
    assert.equal(proxy.after?.dstPort, 8080, 'targetPort http resolves to 8080');
    assert.equal(proxy.after?.src, proxy.before?.src, 'pod to Service keeps the source address');
    assert.equal(proxy.alternatives?.length, 2);
    assert.equal(proxy.alternatives?.filter((choice) => choice.chosen).length, 1);
    const admin = traceRequest({ from: parseSource('shop-web/frontend') as TraceSource, to: parseDestination('orders-api-admin.shop-api:9000') as TraceDestination, protocol: 'TCP' }, flannel) as Trace;
    // containerPort is informational: the connection reaches the pod, and the hop says the port is not declared.
    assert.equal(admin.verdict.kind, 'delivered', 'targetPort 8081 is declared by no container, which does not stop the packet');
    assert.match(admin.verdict.summary, /\(a port no container declares\)$/);
    assert.match(admin.hops.at(-1)!.decision, /^No container of the pod declares TCP port 8081 \(declared: 8080\/TCP\): the connection is delivered, and accepted if the application listens on 8081\.$/);
    assert.match(admin.hops.at(-1)!.details![0]!, /^port 8081 is not declared: containerPort is informational/);
    assert.equal(admin.hops.find((hop) => hop.component === 'kube-proxy')?.after?.dstPort, 8081);
  });

  test('a Service whose selector has a typo: no endpoints, connection refused', () => {
    const result = trace('shop-api/orders-api', 'orders-api-internal.shop-api:8080');
    assert.equal(result.verdict.kind, 'no-endpoints');
    assert.match(result.hops.at(-1)!.rules ?? '', /"shop-api\/orders-api-internal:http has no endpoints" -m tcp -p tcp -d \S+ --dport 8080 -j REJECT/);
    matchesGolden('orders-api-internal-no-endpoints', result);
  });

  test('debug-toolbox → the admin Service: the destination\'s ingress policy denies the port', () => {
    const result = trace('default/debug-toolbox', 'orders-api-admin.shop-api:9000');
    assert.equal(result.verdict.kind, 'denied');
    assert.match(result.verdict.summary, /ingress of shop-api\/orders-api-/);
  });

  test('a name that does not exist: NXDOMAIN after the whole search list', () => {
    const result = trace('shop-api/orders-api', 'nope.shop-api');
    assert.equal(result.verdict.kind, 'nxdomain');
    assert.deepEqual(result.hops.map((hop) => hop.component), ['client', 'dns', 'network-policy'], 'the query itself is allowed');
    assert.match(result.verdict.summary, /tried nope\.shop-api\.shop-api\.svc\.cluster\.local\., nope\.shop-api\.svc\.cluster\.local\., nope\.shop-api\.cluster\.local\., nope\.shop-api\./);
  });

  test('an external client through the LoadBalancer with externalTrafficPolicy Local keeps its address', () => {
    const result = trace('external:198.51.100.7', 'https://shop.example.com/');
    assert.equal(result.verdict.kind, 'delivered');
    assert.match(result.verdict.summary, /^delivered to pod shop-web\/frontend-/);
    const balancer = result.hops.find((hop) => hop.component === 'load-balancer')!;
    const proxy = result.hops.find((hop) => hop.component === 'kube-proxy')!;
    assert.equal(proxy.after?.src, '198.51.100.7', 'no SNAT with Local');
    const target = snapshot.nodes.find((node) => node.addresses.includes(balancer.after?.dst ?? ''));
    assert.equal(proxy.node, target?.name, 'kube-proxy runs on the node the balancer chose');
    assert.ok(proxy.alternatives?.every((choice) => choice.node === proxy.node), 'only local endpoints');
    matchesGolden('external-through-load-balancer', result);
  });

  test('a NodePort from a node: SNAT to the node address; only the pod\'s own node gets past its ingress policy', () => {
    const result = trace('node:node-1', `${node2}:30913`);
    const proxy = result.hops.find((hop) => hop.component === 'kube-proxy')!;
    assert.equal(proxy.node, 'node-2');
    assert.equal(proxy.after?.src, node2);
    assert.equal(proxy.after?.dstPort, 9113);
    const chosen = proxy.alternatives?.find((choice) => choice.chosen);
    assert.equal(result.verdict.kind, chosen?.node === 'node-2' ? 'delivered' : 'denied');
    if (chosen?.node !== 'node-2') assert.match(result.verdict.summary, /denied by NetworkPolicy shop-web\/frontend-from-ingress/);
  });

  test('an address outside the cluster leaves it, masqueraded to the node', () => {
    const result = trace('ingress-nginx/ingress-nginx-controller', 'https://93.184.216.34/');
    assert.equal(result.verdict.kind, 'leaves-cluster');
    const egress = result.hops.at(-1)!;
    assert.ok(snapshot.nodes.some((node) => node.addresses[0] === egress.after?.src));
  });

  test('a connection to an address outside the cluster is stopped by the egress policies of its pod', () => {
    const result = trace('shop-api/orders-api', 'https://93.184.216.34/');
    assert.equal(result.verdict.kind, 'denied');
    const policy = result.hops.find((hop) => hop.component === 'network-policy')!;
    assert.match(policy.decision, /egress of shop-api\/orders-api-\S+ is isolated by shop-api\/default-deny, shop-api\/orders-api-egress/);
    assert.ok(policy.refs.some((ref) => ref.label.includes('shop-api/orders-api-egress')));
    assert.ok(!result.hops.some((hop) => hop.component === 'egress'), 'the packet never leaves the cluster');
  });

  test('ClusterIPs cannot be reached from outside; unknown sources are errors, not crashes', () => {
    const service = snapshot.services.find((candidate) => candidate.name === 'orders-api')!;
    assert.equal(trace('external', `${service.clusterIPs[0]}:80`).verdict.kind, 'no-route');
    assert.deepEqual(traceRequest({ from: { kind: 'workload', namespace: 'nope', name: 'x' }, to: { host: 'a', port: 1 }, protocol: 'TCP' }, snapshot), {
      error: 'there is no workload nope/x in the workspace',
    });
  });
});

describe('reading sources and destinations', () => {
  test('destinations', () => {
    assert.deepEqual(parseDestination('http://api.shop:8080/users?x=1'), { host: 'api.shop', port: 8080, scheme: 'http', path: '/users' });
    assert.deepEqual(parseDestination('https://shop.example.com'), { host: 'shop.example.com', port: 443, scheme: 'https', path: '/' });
    assert.deepEqual(parseDestination('10.96.0.1:443'), { host: '10.96.0.1', port: 443 });
    assert.deepEqual(parseDestination('[fd00::1]:53'), { host: 'fd00::1', port: 53 });
    assert.deepEqual(parseDestination('db'), { host: 'db', port: 80 });
    assert.equal(typeof parseDestination('db:99999'), 'string');
    assert.equal(typeof parseDestination('not a host'), 'string');
  });

  test('sources', () => {
    assert.deepEqual(parseSource('shop/web'), { kind: 'workload', namespace: 'shop', name: 'web' });
    assert.deepEqual(parseSource('shop/StatefulSet/db'), { kind: 'workload', namespace: 'shop', workloadKind: 'StatefulSet', name: 'db' });
    assert.deepEqual(parseSource('pod:shop/web-0'), { kind: 'pod', namespace: 'shop', name: 'web-0' });
    assert.deepEqual(parseSource('203.0.113.9'), { kind: 'external', ip: '203.0.113.9' });
    assert.deepEqual(parseSource('node:node-2'), { kind: 'node', name: 'node-2' });
    assert.equal(typeof parseSource('a/b/c/d'), 'string');
  });
});

describe('north-south traces through the ingress controller', () => {
  test('an external client to https://shop.example.com/api/orders: LB, NodePort, controller, Ingress rule, endpoint, policy, container', () => {
    const result = trace('external', 'https://shop.example.com/api/orders');
    assert.equal(result.verdict.kind, 'delivered');
    assert.deepEqual(result.hops.map((hop) => hop.component), [
      'client', 'dns', 'load-balancer', 'kube-proxy', 'cni', 'network-policy', 'container',
      'ingress-controller', 'ingress-controller', 'cni', 'network-policy', 'container',
    ]);
    const routing = result.hops[7]!;
    assert.match(routing.decision, /^Ingress shop-api\/shop-api: host shop\.example\.com path \/api \(Prefix\) → Service shop-api\/orders-api port 80 \(HTTP 200\)\.$/);
    const upstream = result.hops[8]!;
    assert.equal(upstream.before?.dstPort, 8080, 'straight to the endpoint, not the ClusterIP');
    assert.match(result.hops[10]!.decision, /ingress rule 1 of shop-api\/orders-api-from-frontend-and-ingress admits it/);
    matchesGolden('external-through-ingress', result);
  });

  test('a path no rule serves and no defaultBackend: the controller answers 404', () => {
    const result = trace('external', 'https://unknown.example.com/');
    assert.equal(result.verdict.kind, 'dns-failure', 'a host no Ingress serves is not assumed to point at the cluster');
    const byAddress = trace('external', `https://${loadBalancerIP}/`);
    assert.equal(byAddress.verdict.kind, 'no-route');
    assert.match(byAddress.verdict.summary, /^the ingress controller answers HTTP 404/);
  });
});

describe('north-south traces through a Gateway', () => {
  const manifests = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: example}
spec: {controllerName: example.com/gateway}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  gatewayClassName: example
  addresses: [{type: IPAddress, value: 192.0.2.80}]
  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: store, namespace: shop}
spec:
  parentRefs: [{name: edge, namespace: infra}]
  hostnames: [store.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /cart}}]
      backendRefs: [{name: cart, port: 8080, weight: 90}, {name: cart-canary, port: 8080, weight: 10}]
    - backendRefs: [{name: web, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec: {selector: {app: cart}, ports: [{port: 8080, targetPort: 9000}]}
---
apiVersion: v1
kind: Service
metadata: {name: cart-canary, namespace: shop}
spec: {selector: {app: cart-canary}, ports: [{port: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template: {metadata: {labels: {app: cart}}, spec: {containers: [{name: cart, ports: [{containerPort: 9000}]}]}}
`;

  test('a Gateway host resolves to its address; the route with the longest prefix wins and the heaviest backend is followed', () => {
    const gatewaySnapshot = snapshotOf(manifests);
    const result = traceRequest({ from: { kind: 'external', ip: '198.51.100.7' }, to: parseDestination('http://store.example.com/cart/items') as TraceDestination, protocol: 'TCP' }, gatewaySnapshot) as Trace;
    assert.equal(result.verdict.kind, 'delivered');
    assert.deepEqual(result.hops.map((hop) => hop.component), ['client', 'dns', 'gateway', 'gateway', 'network-policy', 'container']);
    assert.match(result.hops[1]!.decision, /served by Gateway infra\/edge: assuming public DNS points it at the Gateway's address 192\.0\.2\.80/);
    assert.match(result.hops[2]!.decision, /HTTPRoute shop\/store rule 1 \(PathPrefix \/cart\) → Service shop\/cart port 8080 \(HTTP 200\)/);
    assert.ok(result.hops[2]!.details?.includes('split: cart weight 90 (followed), cart-canary weight 10'));
    assert.equal(result.hops[3]!.before?.dstPort, 9000);
  });

  test('the other rule sends to a Service that does not exist: 500', () => {
    const gatewaySnapshot = snapshotOf(manifests);
    const result = traceRequest({ from: { kind: 'external', ip: '198.51.100.7' }, to: parseDestination('http://192.0.2.80/') as TraceDestination, protocol: 'TCP' }, gatewaySnapshot) as Trace;
    assert.equal(result.verdict.kind, 'no-route');
    assert.match(result.verdict.summary, /^the Gateway answers HTTP 404/, 'a request without the route\'s host name matches no route');
    const named = traceRequest({ from: { kind: 'external', ip: '198.51.100.7' }, to: parseDestination('http://store.example.com/') as TraceDestination, protocol: 'TCP' }, gatewaySnapshot) as Trace;
    assert.match(named.verdict.summary, /^the Gateway answers HTTP 500: .*Service shop\/web does not exist/);
  });
});

describe('the profile\'s ingress controller stands in when the workspace has none', () => {
  test('a virtual ingress-nginx (LoadBalancer Service, two pods) routes by the Ingress rules', () => {
    const manifests = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: store, namespace: shop}
spec:
  rules: [{host: store.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, ports: [{containerPort: 8080}]}]}}
`;
    const snapshot = snapshotOf(manifests);
    const controller = snapshot.services.find((service) => service.virtual && service.namespace === 'ingress-nginx');
    assert.ok(controller, 'a virtual controller Service');
    assert.equal(controller.type, 'LoadBalancer');
    assert.equal(snapshot.pods.filter((pod) => pod.namespace === 'ingress-nginx').length, 2);
    const result = traceRequest({ from: { kind: 'external', ip: '198.51.100.7' }, to: parseDestination('http://store.example.com/') as TraceDestination, protocol: 'TCP' }, snapshot) as Trace;
    assert.equal(result.verdict.kind, 'delivered');
    assert.ok(result.hops.some((hop) => hop.component === 'ingress-controller' && hop.decision.includes('Service shop/web port 80 (HTTP 200)')));
  });
});
