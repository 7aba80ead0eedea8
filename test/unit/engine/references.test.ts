import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HTTPRoute, Ingress, KubeObject, LabelSelector, MeshGateway, NetworkPolicy } from '../../../server/src/engine/objects';
import {
  boundVirtualServices,
  ingressBackends,
  isolatingPolicies,
  meshGatewayPods,
  podAtAddress,
  podBehind,
  podsOf,
  podsSelectedBy,
  routeBackends,
  routersOf,
  serviceOfName,
  servicePods,
  servicesRoutedBy,
  servicesSelecting,
} from '../../../server/src/engine/references';
import { serviceNamed } from '../../../server/src/engine/snapshot/indexes';
import type { ClusterSnapshot, SimPod, SimService } from '../../../server/src/engine/snapshot/types';
import { snapshotOf } from '../../support/engineFixtures';

const pod = (name: string, labels: string, namespace = 'shop') => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${namespace}, labels: ${labels}}\nspec: {containers: [{name: c, image: x}]}\n`;

/** Two Services routed to by one Ingress (default backend and rules) and one HTTPRoute; pods isolated by NetworkPolicies and both admin tiers; an Istio Gateway. */
const WORKSPACE = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: shop}}\n',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: other, labels: {team: other}}\n',
  pod('web-1', '{app: web}'),
  pod('web-2', '{app: web}'),
  pod('api-1', '{app: api, version: v1}'),
  pod('edge-1', '{istio: edge}'),
  pod('stranger', '{app: web}', 'other'),
  'apiVersion: v1\nkind: Pod\nmetadata: {name: agent, namespace: infra}\nspec: {hostNetwork: true, containers: [{name: c, image: x}]}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}, ports: [{port: 9090}]}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: external, namespace: shop}\nspec: {ports: [{port: 5432}]}\n',
  `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: front, namespace: shop}
spec:
  defaultBackend: {service: {name: web, port: {number: 80}}}
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 9090}}}}
      - {path: /static, pathType: Prefix, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static}}}
`,
  `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: split, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  rules:
  - backendRefs: [{name: api, port: 9090, weight: 90}, {name: web, namespace: shop, port: 80, weight: 10}]
  - backendRefs: [{group: example.com, kind: Bucket, name: web}, {name: db, namespace: data, port: 5432}]
`,
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]\n',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: all-out, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Egress]}\n',
  'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: guard}\nspec:\n  priority: 10\n  subject: {pods: {namespaceSelector: {matchLabels: {team: shop}}, podSelector: {matchLabels: {app: api}}}}\n  ingress: [{action: Allow, from: [{namespaces: {}}]}]\n',
  'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n',
  'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: edge, namespace: shop}\nspec:\n  selector: {istio: edge}\n  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]\n',
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: bound, namespace: shop}\nspec: {hosts: ["*"], gateways: [edge], http: [{route: [{destination: {host: web}}]}]}\n',
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: bound-by-namespace, namespace: other}\nspec: {hosts: ["*"], gateways: [shop/edge], http: [{route: [{destination: {host: web.shop.svc.cluster.local}}]}]}\n',
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: mesh-only, namespace: shop}\nspec: {hosts: [web], http: [{route: [{destination: {host: web}}]}]}\n',
  'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: cache, namespace: shop}\nspec:\n  serviceName: api\n  selector: {matchLabels: {app: cache}}\n  template:\n    metadata: {labels: {app: cache}}\n    spec: {containers: [{name: c, image: x}]}\n',
].join('---\n');

const names = (objects: readonly KubeObject[]) => objects.map((object) => `${object.id.kind} ${object.id.namespace ?? ''}/${object.id.name}`.replace(' /', ' '));
const podNames = (pods: readonly SimPod[]) => pods.map((candidate) => `${candidate.namespace}/${candidate.name}`);

function objectOf<T extends KubeObject>(snapshot: ClusterSnapshot, type: T['type'], name: string): T {
  const found = snapshot.objects.find((object) => object.type === type && object.id.name === name);
  assert.ok(found, `no ${type} ${name}`);
  return found as T;
}

function service(snapshot: ClusterSnapshot, name: string): SimService {
  const found = serviceNamed(snapshot, 'shop', name);
  assert.ok(found, `no Service ${name}`);
  return found;
}

function podNamed(snapshot: ClusterSnapshot, name: string): SimPod {
  const found = snapshot.pods.find((candidate) => candidate.name === name);
  assert.ok(found, `no pod ${name}`);
  return found;
}

describe('cross-references', () => {
  const snapshot = snapshotOf(WORKSPACE);

  test("an Ingress's backends: the defaultBackend first (no rule, no path), then each path's, a resource backend included", () => {
    const uses = ingressBackends(objectOf<Ingress>(snapshot, 'Ingress', 'front'));
    assert.deepEqual(
      uses.map(({ backend, rule, path }) => [backend.service?.name?.value ?? `${backend.resource?.kind?.value} ${backend.resource?.name?.value}`, rule?.host?.value ?? null, path?.path?.value ?? null]),
      [
        ['web', null, null],
        ['api', 'shop.example.com', '/api'],
        ['StorageBucket static', 'shop.example.com', '/static'],
      ],
    );
  });

  test("a route's backends, rule by rule: the namespace each names (else the route's), and which are core Services", () => {
    const uses = routeBackends(objectOf<HTTPRoute>(snapshot, 'HTTPRoute', 'split'));
    assert.deepEqual(
      uses.map((use) => [use.ruleIndex, use.namespace, use.ref.name?.value, use.isService]),
      [
        [0, 'shop', 'api', true],
        [0, 'shop', 'web', true],
        [1, 'shop', 'web', false],
        [1, 'data', 'db', true],
      ],
    );
  });

  test('the Services an object routes to: Ingress backends, route backendRefs, a StatefulSet serviceName', () => {
    assert.deepEqual(servicesRoutedBy(objectOf(snapshot, 'Ingress', 'front')), ['shop/web', 'shop/api']);
    assert.deepEqual(servicesRoutedBy(objectOf(snapshot, 'StatefulSet', 'cache')), ['shop/api']);
    assert.deepEqual(servicesRoutedBy(objectOf(snapshot, 'NetworkPolicy', 'api-in')), []);
  });

  test("a Service's routers: each object that routes to it once, in workspace order; none for a Service nobody names", () => {
    assert.deepEqual(names(routersOf(service(snapshot, 'web'), snapshot)), ['Ingress shop/front', 'HTTPRoute shop/split']);
    assert.deepEqual(names(routersOf(service(snapshot, 'api'), snapshot)), ['Ingress shop/front', 'HTTPRoute shop/split', 'StatefulSet shop/cache']);
    assert.deepEqual(routersOf(service(snapshot, 'external'), snapshot), []);
  });

  test("the Service a resolved name belongs to: its own name or a pod's under it, in the cluster zone only", () => {
    assert.equal(serviceOfName('web.shop.svc.cluster.local.', snapshot), service(snapshot, 'web'));
    assert.equal(serviceOfName('web-1.api.shop.svc.cluster.local.', snapshot), service(snapshot, 'api'));
    assert.equal(serviceOfName('web.shop.svc.cluster.example.', snapshot), undefined);
    assert.equal(serviceOfName('nothing.shop.svc.cluster.local.', snapshot), undefined);
  });

  test('the pods an object runs: a Pod itself, a workload its own (by kind and name), anything else none', () => {
    assert.deepEqual(podNames(podsOf(objectOf(snapshot, 'Pod', 'web-1'), snapshot)), ['shop/web-1']);
    assert.deepEqual(podNames(podsOf(objectOf(snapshot, 'StatefulSet', 'cache'), snapshot)), ['shop/cache-0']);
    assert.deepEqual(podsOf(objectOf(snapshot, 'Service', 'web'), snapshot), []);
  });

  test("the pod at an address is never a host-network pod (it shares its node's); an endpoint's pod is the one it names, else the one at its address", () => {
    const web = podNamed(snapshot, 'web-1');
    const agent = podNamed(snapshot, 'agent');
    assert.ok(agent.hostNetwork && agent.ips[0]);
    assert.equal(podAtAddress(web.ips[0]!, snapshot), web);
    assert.equal(podAtAddress(agent.ips[0]!, snapshot), undefined);
    const endpoint = { ip: web.ips[0]!, ready: true, serving: true, terminating: false, ports: {}, publishedPorts: [] };
    assert.equal(podBehind(endpoint, snapshot), web);
    assert.equal(podBehind({ ...endpoint, pod: 'shop/web-2' }, snapshot), podNamed(snapshot, 'web-2'));
    assert.equal(podBehind({ ...endpoint, ip: agent.ips[0]! }, snapshot), undefined);
  });

  test('the pods a Service selects are those of its namespace only; a Service without a selector selects none', () => {
    assert.deepEqual(podNames(servicePods(service(snapshot, 'web'), snapshot)), ['shop/web-1', 'shop/web-2']);
    assert.deepEqual(servicePods(service(snapshot, 'external'), snapshot), []);
  });

  test('the Services in front of pods: each whose selector picks any of them, in the same namespace', () => {
    assert.deepEqual(servicesSelecting([podNamed(snapshot, 'web-1'), podNamed(snapshot, 'api-1')], snapshot).map((found) => found.name).sort(), ['api', 'web']);
    assert.deepEqual(servicesSelecting([podNamed(snapshot, 'stranger')], snapshot), []);
  });

  test('the pods a selector picks: a LabelSelector, a plain map, and an absent selector (every pod), in the namespaces asked, in snapshot order', () => {
    const policy = objectOf<NetworkPolicy>(snapshot, 'NetworkPolicy', 'api-in');
    assert.deepEqual(podNames(podsSelectedBy(policy.spec?.podSelector as LabelSelector, ['shop'], snapshot)), ['shop/api-1']);
    assert.deepEqual(podNames(podsSelectedBy({ app: 'web' }, ['shop', 'other'], snapshot)), ['other/stranger', 'shop/web-1', 'shop/web-2']);
    assert.deepEqual(podNames(podsSelectedBy(undefined, ['other'], snapshot)), ['other/stranger']);
  });

  test('the policies isolating a pod: NetworkPolicies by direction, AdminNetworkPolicies and the baseline', () => {
    const isolation = isolatingPolicies([podNamed(snapshot, 'api-1')], snapshot);
    assert.deepEqual(names(isolation.ingress), ['NetworkPolicy shop/api-in']);
    assert.deepEqual(names(isolation.egress), ['NetworkPolicy shop/all-out']);
    assert.deepEqual(names(isolation.admin), ['AdminNetworkPolicy guard']);
    assert.deepEqual(names(isolation.baseline), ['BaselineAdminNetworkPolicy default']);
  });

  test('over several pods the policies add up, each listed once; a pod nothing selects has none', () => {
    const isolation = isolatingPolicies([podNamed(snapshot, 'web-1'), podNamed(snapshot, 'api-1'), podNamed(snapshot, 'web-2')], snapshot);
    assert.deepEqual(names(isolation.ingress), ['NetworkPolicy shop/api-in']);
    assert.deepEqual(names(isolation.egress), ['NetworkPolicy shop/all-out']);
    assert.deepEqual(names(isolation.admin), ['AdminNetworkPolicy guard']);
    const stranger = isolatingPolicies([podNamed(snapshot, 'stranger')], snapshot);
    assert.deepEqual([stranger.ingress, stranger.egress, stranger.admin].map((list) => list.length), [0, 0, 0]);
    assert.deepEqual(names(stranger.baseline), ['BaselineAdminNetworkPolicy default']);
  });

  test("an Istio Gateway's pods, and the VirtualServices bound to it by name or namespace/name (not those of the mesh only)", () => {
    const gateway = objectOf<MeshGateway>(snapshot, 'MeshGateway', 'edge');
    assert.deepEqual(podNames(meshGatewayPods(gateway, snapshot)), ['shop/edge-1']);
    assert.deepEqual(names(boundVirtualServices(gateway, snapshot)), ['VirtualService shop/bound', 'VirtualService other/bound-by-namespace']);
  });
});
