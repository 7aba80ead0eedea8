import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { snapshotOf } from '../../support/engineFixtures';

/** `CODE severity` of each finding of some codes. */
function severities(text: string, codes: readonly string[]): string[] {
  return checkCluster(snapshotOf(text))
    .filter((problem) => codes.includes(problem.code))
    .map((problem) => `${problem.code} ${problem.severity}`);
}

const INJECTED = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n';
const REVIEWS = [
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: reviews, namespace: shop}\nspec:\n  selector: {matchLabels: {app: reviews}}\n  template:\n    metadata: {labels: {app: reviews}}\n    spec: {containers: [{name: app, image: x, ports: [{containerPort: 9080}]}]}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: shop}\nspec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}\n',
];

describe('findings about two sides link to the other side', () => {
  test('KT507: STRICT mTLS relates the clients outside the mesh it resets', () => {
    const client = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: legacy, namespace: batch}\nspec:\n  selector: {matchLabels: {app: legacy}}\n  template:\n    metadata: {labels: {app: legacy}}\n    spec: {containers: [{name: c, image: x, env: [{name: URL, value: "http://reviews.shop:9080/"}]}]}\n';
    const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec: {mtls: {mode: STRICT}}\n';
    const text = [INJECTED, ...REVIEWS, client, strict].join('---\n');
    const [problem] = checkCluster(snapshotOf(text)).filter((candidate) => candidate.code === 'KT507');
    const clientLine = text.split('\n').findIndex((line) => line.includes('name: legacy, namespace: batch'));
    assert.deepEqual(problem?.related?.map((related) => [related.range.start.line, related.message]), [[clientLine, 'a client it refuses']]);
  });
});

describe('severities: an error only where the API server rejects the object or traffic surely fails', () => {
  test('KT511: a DestinationRule whose tls mode the pods cannot take fails every connection: an error', () => {
    const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec: {mtls: {mode: STRICT}}\n';
    const rule = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews, namespace: shop}\nspec: {host: reviews, trafficPolicy: {tls: {mode: DISABLE}}}\n';
    assert.deepEqual(severities([INJECTED, ...REVIEWS, strict, rule].join('---\n'), ['KT511']), ['KT511 error']);
  });

  test('KT502: a missing gateway of the workspace is an error; one in a namespace the workspace holds nothing of is the platform\'s, a note', () => {
    const route = (gateway: string) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews, namespace: shop}\nspec:\n  hosts: [shop.example.com]\n  gateways: [${gateway}]\n  http: [{route: [{destination: {host: reviews}}]}]\n`;
    assert.deepEqual(severities([INJECTED, ...REVIEWS, route('shop/public')].join('---\n'), ['KT502']), ['KT502 error']);
    assert.deepEqual(severities([INJECTED, ...REVIEWS, route('istio-system/public')].join('---\n'), ['KT502']), ['KT502 information']);
  });
});
