import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectivityDiff, OTHER_SOURCES } from '../../../server/src/engine';
import { appWithService, snapshotOf } from '../../support/engineFixtures';
import { pick, seededRandom } from '../../support/random';

const APPS = ['web', 'api', 'batch'].map((name) => appWithService('shop', name)).join('---\n');
const ONLY_WEB_TO_API = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
      ports: [{port: 8080}]
`;

describe('what a change does to connectivity', () => {
  test('nothing changed, nothing reported', () => {
    const diff = connectivityDiff(snapshotOf(APPS), snapshotOf(APPS));
    assert.deepEqual(diff, { connections: [], routes: [], services: { added: [], removed: [] }, dnsNames: { added: [], removed: [] } });
  });

  test('a policy that isolates api closes it to every source but web, and names the rule on each side', () => {
    const diff = connectivityDiff(snapshotOf(APPS), snapshotOf(`${APPS}---\n${ONLY_WEB_TO_API}`));
    const toApi = diff.connections.filter((change) => change.to === 'shop/api' && change.port === 8080);
    // batch matches no peer of the policy: it is one of the sources the policy treats alike, one change for all of them.
    const others = toApi.find((change) => change.from === OTHER_SOURCES)!;
    assert.deepEqual([others.before, others.after], ['allowed', 'denied']);
    assert.ok(others.sources!.includes('shop/batch') && !others.sources!.includes('shop/web') && !others.sources!.includes('shop/api'), JSON.stringify(others.sources));
    assert.equal(others.sourceCount, others.sources!.length);
    assert.match(others.beforeReason!, /^allowed: no policy selects shop\/api-\S+ for ingress$/);
    assert.match(others.afterReason!, /isolated by shop\/api-from-web/);
    // The line that decided after: the policy that isolates api (before, no policy selected it: no line).
    assert.ok(others.afterRefs?.some((ref) => ref.uri === 'file:///test/manifests.yaml' && /api-from-web/.test(ref.label)), JSON.stringify(others.afterRefs));
    assert.equal(others.beforeRefs, undefined);
    assert.ok(toApi.some((change) => change.from.startsWith('external ') && change.after === 'denied'), 'the internet is closed out too');
    assert.ok(!toApi.some((change) => change.from === 'shop/web'), 'web is still allowed: no change');
    assert.ok(diff.connections.every((change) => change.to === 'shop/api'), 'only api changed');
  });

  test('removing the policy opens the same connections: the two directions are mirror images', () => {
    const closing = connectivityDiff(snapshotOf(APPS), snapshotOf(`${APPS}---\n${ONLY_WEB_TO_API}`));
    const opening = connectivityDiff(snapshotOf(`${APPS}---\n${ONLY_WEB_TO_API}`), snapshotOf(APPS));
    const key = (change: { from: string; to: string; port: number }) => `${change.from}>${change.to}:${change.port}`;
    assert.deepEqual(opening.connections.map(key).sort(), closing.connections.map(key).sort());
    for (const change of opening.connections) {
      const mirror = closing.connections.find((candidate) => key(candidate) === key(change))!;
      assert.deepEqual([change.before, change.after], [mirror.after, mirror.before]);
    }
  });

  test('a port only the new policy names is compared on both sides, and a shared verdict is one change from every other source', () => {
    const policy = ONLY_WEB_TO_API.replace('ports: [{port: 8080}]', 'ports: [{port: 9090}]');
    const diff = connectivityDiff(snapshotOf(APPS), snapshotOf(`${APPS}---\n${policy}`));
    const on9090 = diff.connections.filter((change) => change.to === 'shop/api' && change.port === 9090);
    assert.ok(on9090.length > 0, 'port 9090 was asked on the base side too');
    assert.ok(on9090.every((change) => change.before === 'allowed'), JSON.stringify(on9090));
    assert.ok(!on9090.some((change) => change.from === 'shop/web'), 'web may still reach 9090');
    const webOn8080 = diff.connections.find((change) => change.from === 'shop/web' && change.to === 'shop/api' && change.port === 8080);
    assert.deepEqual([webOn8080?.before, webOn8080?.after], ['allowed', 'denied'], 'and no longer 8080, which the rule does not name');
    const others = diff.connections.filter((change) => change.from === OTHER_SOURCES);
    assert.ok(others.every((change) => change.to === 'shop/api'), JSON.stringify(others));
  });

  test('a workload that comes is absent before; a Service that comes adds its DNS name', () => {
    const diff = connectivityDiff(snapshotOf(APPS), snapshotOf(`${APPS}---\n${appWithService('shop', 'cart')}`));
    assert.ok(diff.connections.some((change) => change.to === 'shop/cart' && change.before === 'absent' && change.after === 'allowed'));
    assert.deepEqual(diff.services, { added: ['shop/cart'], removed: [] });
    assert.deepEqual(diff.dnsNames, { added: ['cart.shop.svc.cluster.local'], removed: [] });
  });

  test("an Ingress path whose backend moves, and one that goes, are route changes", () => {
    const ingress = (backend: string, extra: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: edge, namespace: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /api, pathType: Prefix, backend: {service: {name: ${backend}, port: {number: 80}}}}${extra}
`;
    const diff = connectivityDiff(snapshotOf(`${APPS}---\n${ingress('api', '\n          - {path: /old, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}')}`), snapshotOf(`${APPS}---\n${ingress('batch', '')}`));
    assert.deepEqual(diff.routes, [
      { kind: 'Ingress', object: 'shop/edge', host: 'shop.example.com', path: '/api', before: 'shop/api:80', after: 'shop/batch:80' },
      { kind: 'Ingress', object: 'shop/edge', host: 'shop.example.com', path: '/old', before: 'shop/web:80' },
    ]);
  });

  test('comparing only the rows and cells a policy change can alter gives what comparing every cell gives, over random ingress and egress changes', () => {
    const random = seededRandom(25);
    const namespaces = ['a', 'b', 'c'];
    const apps = namespaces.flatMap((namespace) => ['web', 'api'].map((name) => appWithService(namespace, name))).join('---\n');
    const policy = (namespace: string, index: number) => {
      const target = pick(['web', 'api'], random);
      const peer = pick(['podSelector: {matchLabels: {app: web}}', 'namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: b}}', 'ipBlock: {cidr: 10.0.0.0/8}'], random);
      const kind = pick(['ingress', 'ingress', 'egress'], random);
      const rules = kind === 'ingress' ? `policyTypes: [Ingress]\n  ingress: [{from: [{${peer}}], ports: [{port: ${pick([8080, 9090], random)}}]}]` : `policyTypes: [Egress]\n  egress: [{to: [{${peer}}]}]`;
      return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${index}, namespace: ${namespace}}\nspec:\n  podSelector: {matchLabels: {app: ${target}}}\n  ${rules}\n`;
    };
    for (let round = 0; round < 20; round++) {
      const side = () => Array.from({ length: 1 + Math.floor(random() * 3) }, (_, index) => policy(pick(namespaces, random), index)).join('---\n');
      const before = snapshotOf(`${apps}---\n${side()}`);
      const after = snapshotOf(`${apps}---\n${side()}`);
      assert.deepEqual(connectivityDiff(before, after), connectivityDiff(before, after, { everyRow: true }), `round ${round}`);
    }
  });

  test('an Istio VirtualService route whose destinations or weights change is a route change; an answer Envoy gives itself too', () => {
    const virtualService = (route: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
    - match: [{uri: {prefix: /v2}}]
      ${route}
    - route: [{destination: {host: reviews, subset: v1}}]
`;
    const split = connectivityDiff(snapshotOf(`${APPS}---\n${virtualService('route: [{destination: {host: reviews, subset: v1}, weight: 90}, {destination: {host: reviews, subset: v2}, weight: 10}]')}`), snapshotOf(`${APPS}---\n${virtualService('route: [{destination: {host: reviews, subset: v2}}]')}`));
    assert.deepEqual(split.routes, [{ kind: 'VirtualService', object: 'shop/reviews', host: 'reviews', path: '/v2', before: 'reviews subset v1 (weight 90), reviews subset v2 (weight 10)', after: 'reviews subset v2' }]);
    const fixed = connectivityDiff(snapshotOf(`${APPS}---\n${virtualService('route: [{destination: {host: reviews, subset: v2}}]')}`), snapshotOf(`${APPS}---\n${virtualService('directResponse: {status: 503}')}`));
    assert.equal(fixed.routes[0]?.after, '(direct response 503)');
  });
});
