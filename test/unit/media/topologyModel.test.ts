import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { layoutTopology, type TopologyLayout } from '../../../media/src/trace/topologyLayout';
import { buildTopology, type Topology, type TopologyNode } from '../../../server/src/engine/topology';
import { filterTopology } from '../../../media/src/trace/topologyModel';
import { exampleSnapshot, snapshotOf } from '../../support/engineFixtures';

function node(topology: Topology, id: string): TopologyNode {
  const found = topology.nodes.find((candidate) => candidate.id === id);
  assert.ok(found, `no node ${id} among ${topology.nodes.map((candidate) => candidate.id).join(', ')}`);
  return found;
}

function edgeLabel(topology: Topology, from: string, to: string): string | undefined {
  return topology.edges.find((edge) => edge.from === from && edge.to === to)?.label;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Crossings between adjacent columns for rows given per node id, counted pair by pair (independent of the layout's own count). */
function crossings(topology: Topology, rowOf: (id: string) => number): number {
  const columnOf = new Map(topology.nodes.map((candidate) => [candidate.id, candidate.column]));
  let count = 0;
  for (const left of [0, 1]) {
    const edges = topology.edges.filter((edge) => columnOf.get(edge.from) === left && columnOf.get(edge.to) === left + 1);
    for (const [index, a] of edges.entries()) {
      for (const b of edges.slice(index + 1)) {
        if ((rowOf(a.from) - rowOf(b.from)) * (rowOf(a.to) - rowOf(b.to)) < 0) count += 1;
      }
    }
  }
  return count;
}

/** Rows in the naive order: each column by namespace, then label. */
function alphabeticalRows(topology: Topology): (id: string) => number {
  const rows = new Map<string, number>();
  for (const column of [0, 1, 2]) {
    topology.nodes
      .filter((candidate) => candidate.column === column)
      .sort((a, b) => byText(a.namespace, b.namespace) || byText(a.label, b.label) || byText(a.id, b.id))
      .forEach((candidate, index) => rows.set(candidate.id, index));
  }
  return (id) => rows.get(id) ?? -1;
}

function assertNoOverlapInColumns(layout: TopologyLayout): void {
  for (const column of [0, 1, 2]) {
    const nodes = layout.nodes.filter((candidate) => candidate.column === column).sort((a, b) => a.y - b.y);
    for (const [index, current] of nodes.entries()) {
      const next = nodes[index + 1];
      if (next) assert.ok(current.y + current.height <= next.y, `${current.id} overlaps ${next.id} in column ${column}`);
    }
  }
}

/** A workspace of 6 namespaces with 20 Services each; Services select workloads and Ingresses reach Services in scrambled orders. */
function largeWorkspace(): string {
  const documents: string[] = [];
  const pad = (index: number) => String(index).padStart(2, '0');
  for (const namespace of ['ns-a', 'ns-b', 'ns-c', 'ns-d', 'ns-e', 'ns-f']) {
    for (let index = 0; index < 20; index += 1) {
      documents.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w-${pad(index)}, namespace: ${namespace}}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: w-${pad(index)}}}\n  template:\n    metadata: {labels: {app: w-${pad(index)}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}\n`);
      // Service i selects workload 7i+3 mod 20: alphabetically, the lines tangle.
      documents.push(`apiVersion: v1\nkind: Service\nmetadata: {name: s-${pad(index)}, namespace: ${namespace}}\nspec:\n  selector: {app: w-${pad((index * 7 + 3) % 20)}}\n  ports: [{port: 80, targetPort: 8080}]\n`);
    }
    for (let ingress = 0; ingress < 4; ingress += 1) {
      const paths = [0, 1, 2, 3, 4].map((step) => `      - {path: /p${step}, pathType: Prefix, backend: {service: {name: s-${pad((ingress * 11 + step * 4) % 20)}, port: {number: 80}}}}`);
      documents.push(`apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: in-${ingress}, namespace: ${namespace}}\nspec:\n  rules:\n  - host: ${namespace}.example.com\n    http:\n      paths:\n${paths.join('\n')}\n`);
    }
  }
  return documents.join('---\n');
}

describe('topology view logic', () => {
  const snapshot = exampleSnapshot();
  const topology = buildTopology(snapshot);

  test('the example Ingress leads to the frontend Service, and the Service to the frontend workload', () => {
    const ingress = node(topology, 'ingress:shop-web/shop');
    assert.equal(ingress.column, 0);
    assert.equal(ingress.kind, 'ingress');
    assert.match(ingress.ref?.uri ?? '', /shop\/ingress\/shop-ingress\.yaml$/);
    assert.deepEqual(ingress.badges, ['class nginx', 'TLS']);
    const service = node(topology, 'service:shop-web/frontend');
    assert.equal(service.column, 1);
    assert.deepEqual(service.badges, ['ClusterIP']);
    assert.match(service.ref?.uri ?? '', /shop\/web\/frontend\.yaml$/);
    const workload = node(topology, 'workload:shop-web/Deployment/frontend');
    assert.equal(workload.column, 2);
    assert.equal(workload.label, 'frontend (Deployment)');
    assert.equal(workload.ref?.label, 'Deployment.apps shop-web/frontend');
    assert.equal(workload.ref?.range.start.line, 3, 'the ref points at the Deployment name, not at its pod template');

    assert.equal(edgeLabel(topology, 'ingress:shop-web/shop', 'service:shop-web/frontend'), 'shop.example.com/ port 80 (http)');
    assert.equal(edgeLabel(topology, 'ingress:shop-api/shop-api', 'service:shop-api/orders-api'), 'shop.example.com/api port 80 (http)');
    assert.equal(edgeLabel(topology, 'service:shop-web/frontend', 'workload:shop-web/Deployment/frontend'), 'port 80 → 8080; 3 pods');
    assert.equal(edgeLabel(topology, 'service:shop-web/frontend-metrics', 'workload:shop-web/Deployment/frontend'), 'port 9113 → 9113; 3 pods');
    assert.equal(topology.edges.filter((edge) => edge.from === 'ingress:shop-web/shop').length, 1);
  });

  test('Services say their type and when they have no endpoints', () => {
    assert.deepEqual(node(topology, 'service:shop-api/orders-api-internal').badges, ['ClusterIP', 'no endpoints']);
    assert.equal(node(topology, 'service:shop-api/orders-api-internal').attention, true);
    assert.deepEqual(node(topology, 'service:shop-data/postgres').badges, ['headless']);
    assert.deepEqual(node(topology, 'service:shop-web/frontend-metrics').badges, ['NodePort']);
    assert.deepEqual(node(topology, 'service:shop-data/redis').badges, ['ClusterIP', 'no ports'], 'the quoted port "6379" is no port');
    assert.ok(!topology.edges.some((edge) => edge.from === 'service:shop-api/orders-api-internal'), 'a selector matching nothing leads nowhere');
    const external = buildTopology(snapshotOf('apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: app}\nspec: {type: ExternalName, externalName: db.example.com}\n'));
    assert.deepEqual(node(external, 'service:app/db').badges, ['ExternalName: DNS alias for db.example.com, no endpoints']);
  });

  test('a workload selected by NetworkPolicies names them; one no policy selects says so', () => {
    const orders = node(topology, 'workload:shop-api/Deployment/orders-api');
    assert.ok(orders.badges.includes('ingress isolated by shop-api/default-deny, shop-api/orders-api-from-frontend-and-ingress'), orders.badges.join(' | '));
    assert.ok(orders.badges.includes('egress isolated by shop-api/default-deny, shop-api/orders-api-egress'), orders.badges.join(' | '));
    assert.deepEqual(node(topology, 'workload:shop-web/Deployment/frontend').badges, ['3 pods', 'ingress isolated by shop-web/frontend-from-ingress', 'egress isolated by shop-web/frontend-egress']);
    assert.deepEqual(node(topology, 'workload:default/Pod/debug-toolbox').badges, ['1 pod', 'not isolated']);
    const flannel = buildTopology(exampleSnapshot({ ...snapshot.profile, cni: { ...snapshot.profile.cni, plugin: 'flannel' } }));
    assert.ok(node(flannel, 'workload:shop-web/Deployment/frontend').badges.includes('policies not enforced by CNI flannel'));
  });

  test('isolation badges list three policies, then how many more; the admin tiers are named too', () => {
    const policy = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: app}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: app, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\n';
    const admin = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: guard}\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: app}}}\n  ingress: [{action: Allow, from: [{namespaces: {}}]}]\n';
    const many = buildTopology(snapshotOf([pod, admin, ...['p5', 'p1', 'p4', 'p2', 'p3'].map(policy)].join('---\n')));
    assert.deepEqual(node(many, 'workload:app/Pod/web').badges, ['1 pod', 'ingress isolated by app/p1, app/p2, app/p3 +2 more', 'egress not isolated', 'admin policies guard']);
  });

  test('a backend naming a Service that does not exist leads to a missing node pointing at the name', () => {
    const text = [
      'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: app}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: 8080}]\n',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: site, namespace: app}\nspec:\n  rules:\n  - host: site.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 81}}}}\n      - {path: /shop, pathType: Prefix, backend: {service: {name: webb, port: {number: 80}}}}\n',
    ].join('---\n');
    const broken = buildTopology(snapshotOf(text));
    const missing = node(broken, 'missing:Service/app/webb');
    assert.equal(missing.kind, 'missing');
    assert.equal(missing.missing, true);
    assert.equal(missing.column, 1);
    assert.deepEqual(missing.badges, ['no such Service']);
    assert.equal(missing.ref?.label, 'Ingress.networking.k8s.io app/site backend service name');
    assert.equal(missing.ref?.range.start.line, 16, 'the ref points at the misspelt name');
    assert.equal(edgeLabel(broken, 'ingress:app/site', 'missing:Service/app/webb'), 'site.example.com/shop port 80');
    assert.equal(edgeLabel(broken, 'ingress:app/site', 'service:app/web'), 'site.example.com/ port 81, which the Service does not have');
    const layout = layoutTopology(broken);
    assert.equal(layout.edges.find((edge) => edge.to === 'missing:Service/app/webb')?.missing, true);
  });

  test('HTTPRoutes sit under their Gateway and lead to their backends by rule', () => {
    const text = [
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: infra}\nspec:\n  gatewayClassName: eg\n  listeners: [{name: web, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}]\n',
      'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: store, namespace: shop}\nspec:\n  parentRefs: [{name: gw, namespace: infra, sectionName: web}, {name: edge}]\n  rules:\n  - matches: [{path: {type: PathPrefix, value: /cart}}]\n    backendRefs: [{name: cart, port: 8080, weight: 90}, {name: cart-v2, port: 8080, weight: 10}]\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: cart, namespace: shop}\nspec:\n  selector: {app: cart}\n  ports: [{port: 8080}]\n',
    ].join('---\n');
    const gateways = buildTopology(snapshotOf(text));
    const route = node(gateways, 'route:shop/store');
    assert.equal(route.column, 0);
    assert.equal(route.nestedUnder, 'gateway:infra/gw');
    assert.equal(route.label, 'shop/store', 'a route under a Gateway of another namespace says its namespace');
    assert.equal(edgeLabel(gateways, 'gateway:infra/gw', 'route:shop/store'), 'listener web');
    assert.equal(node(gateways, 'missing:Gateway/shop/edge').badges[0], 'no such Gateway');
    assert.equal(edgeLabel(gateways, 'route:shop/store', 'service:shop/cart'), 'rule 1 PathPrefix /cart port 8080, weight 90');
    assert.equal(edgeLabel(gateways, 'route:shop/store', 'missing:Service/shop/cart-v2'), 'rule 1 PathPrefix /cart port 8080, weight 10');
    const layout = layoutTopology(gateways, { rowHeight: 60 });
    const placed = (id: string) => layout.nodes.find((candidate) => candidate.id === id)!;
    assert.equal(placed('route:shop/store').y, placed('gateway:infra/gw').y + 60, 'the route is listed right under its Gateway');
    assert.ok(placed('route:shop/store').x > placed('gateway:infra/gw').x, 'and indented');
  });

  test('Istio Gateways list their VirtualServices, which lead to Services by route, subset and weight; mesh routes attach to their host', () => {
    const text = [
      'apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: shop}\nspec:\n  selector: {app: reviews}\n  ports: [{name: http, port: 9080}]\n',
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: shop}\nspec:\n  selector: {istio: ingressgateway}\n  servers: [{port: {number: 80, protocol: HTTP}, hosts: [shop.example.com]}]\n',
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: front, namespace: shop}\nspec:\n  hosts: [shop.example.com]\n  gateways: [public, edge]\n  http:\n  - route: [{destination: {host: reviews, subset: v1}, weight: 80}, {destination: {host: reviews, subset: v2}, weight: 20}]\n  - route: [{destination: {host: httpbin.org}}]\n',
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews, namespace: shop}\nspec:\n  hosts: [reviews]\n  http:\n  - name: all\n    route: [{destination: {host: ratings}}]\n',
    ].join('---\n');
    const topology = buildTopology(snapshotOf(text));
    assert.deepEqual(node(topology, 'istio-gateway:shop/public').badges, ['Istio Gateway', 'servers HTTP/80 shop.example.com', "Envoy: the stand-in for Istio's default ingress gateway"]);
    const front = node(topology, 'virtualservice:shop/front');
    assert.equal(front.nestedUnder, 'istio-gateway:shop/public');
    assert.deepEqual(front.badges, ['VirtualService', 'hosts shop.example.com', 'to hosts outside the cluster httpbin.org']);
    assert.equal(edgeLabel(topology, 'istio-gateway:shop/public', 'virtualservice:shop/front'), 'binds the VirtualService');
    assert.equal(node(topology, 'missing:IstioGateway/shop/edge').badges[0], 'no such Istio Gateway');
    assert.equal(edgeLabel(topology, 'virtualservice:shop/front', 'service:shop/reviews'), 'route 1 subset v1, weight 80; route 1 subset v2, weight 20');
    assert.equal(edgeLabel(topology, 'virtualservice:shop/reviews', 'service:shop/reviews'), 'mesh route for the Service');
    assert.equal(edgeLabel(topology, 'virtualservice:shop/reviews', 'missing:Service/shop/ratings'), 'route 1 "all"');
    assert.equal(node(topology, 'virtualservice:shop/reviews').nestedUnder, undefined);
  });

  test('the layout is deterministic and no two boxes of a column overlap', () => {
    const first = layoutTopology(topology);
    assert.deepEqual(layoutTopology(buildTopology(exampleSnapshot())), first);
    assertNoOverlapInColumns(first);
    assert.equal(first.nodes.length, topology.nodes.length);
    assert.equal(first.edges.length, topology.edges.length);
    assert.deepEqual(first.columns.map((column) => column.title), ['Entry points', 'Services', 'Workloads']);
    for (const laidOut of first.nodes) assert.ok(laidOut.x + laidOut.width <= first.width && laidOut.y + laidOut.height <= first.height, `${laidOut.id} is outside the picture`);
    const shopWeb = first.groups.find((group) => group.column === 1 && group.namespace === 'shop-web');
    assert.ok(shopWeb);
    assert.deepEqual(first.groups.filter((group) => group.namespace === 'shop-web').map((group) => [group.column, group.y, group.height]), [0, 1, 2].map((column) => [column, shopWeb.y, shopWeb.height]), 'a namespace is one band across the columns');
    const placed = (id: string) => first.nodes.find((candidate) => candidate.id === id);
    assert.equal(placed('ingress:shop-web/shop')?.y, placed('service:shop-web/frontend')?.y, 'the Ingress sits level with its only backend');
    for (const laidOut of first.nodes.filter((candidate) => candidate.column === 1 && candidate.namespace === 'shop-web')) {
      assert.ok(laidOut.y >= shopWeb.y && laidOut.y + laidOut.height <= shopWeb.y + shopWeb.height, `${laidOut.id} is outside its namespace band`);
    }
  });

  test('a 120-Service workspace gets distinct positions and no more crossings than alphabetical order', () => {
    const large = buildTopology(snapshotOf(largeWorkspace()));
    assert.equal(large.nodes.filter((candidate) => candidate.kind === 'service' && candidate.namespace.startsWith('ns-')).length, 120);
    const layout = layoutTopology(large);
    assert.deepEqual(layoutTopology(large), layout);
    assert.equal(new Set(layout.nodes.map((laidOut) => `${laidOut.x},${laidOut.y}`)).size, layout.nodes.length);
    assertNoOverlapInColumns(layout);
    const y = new Map(layout.nodes.map((laidOut) => [laidOut.id, laidOut.y]));
    const laidOutCrossings = crossings(large, (id) => y.get(id) ?? -1);
    const naiveCrossings = crossings(large, alphabeticalRows(large));
    assert.equal(layout.crossings, laidOutCrossings, 'the layout counts its crossings as the test does');
    assert.ok(naiveCrossings > 0, 'the generated workspace is tangled when sorted by name');
    assert.ok(laidOutCrossings < naiveCrossings, `the sweeps untangle it: ${laidOutCrossings} crossings against ${naiveCrossings}`);
    for (const column of [0, 1, 2]) {
      const namespaces = layout.nodes.filter((laidOut) => laidOut.column === column).sort((a, b) => a.y - b.y).map((laidOut) => laidOut.namespace);
      assert.deepEqual(namespaces, [...namespaces].sort(byText), `column ${column} keeps namespaces together, in order`);
    }
  });

  test('filtering keeps the matches, their direct neighbours, and the edges among them', () => {
    const filtered = filterTopology(topology, 'FRONTEND');
    const ids = filtered.nodes.map((candidate) => candidate.id);
    assert.deepEqual(ids, [
      'ingress:shop-web/shop',
      'service:shop-web/frontend',
      'service:shop-web/frontend-canary',
      'service:shop-web/frontend-metrics',
      'workload:shop-web/Deployment/frontend',
    ]);
    assert.ok(filtered.edges.every((edge) => ids.includes(edge.from) && ids.includes(edge.to)));
    assert.equal(filtered.edges.length, 3);
    const byNamespace = filterTopology(topology, 'shop-data');
    assert.deepEqual(byNamespace.nodes.map((candidate) => candidate.id), ['service:shop-data/postgres', 'service:shop-data/redis', 'workload:shop-data/StatefulSet/postgres', 'workload:shop-data/Deployment/redis']);
    assert.equal(filterTopology(topology, '  '), topology);
    assert.deepEqual(filterTopology(topology, 'no-such-thing'), { nodes: [], edges: [] });
  });
});
