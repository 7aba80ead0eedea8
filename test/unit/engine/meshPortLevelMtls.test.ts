import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { snapshotOf } from '../../support/engineFixtures';

/**
 * KT507 and KT511 judged per port, as the sidecar does: a PeerAuthentication's portLevelMtls entry, keyed by the
 * workload's port (the Service's targetPort), decides for that port before the policy's own mode (Istio's
 * security.istio.io PeerAuthentication reference, "portLevelMtls: port specific mutual TLS settings").
 */
const INJECTED = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n';
const REVIEWS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: shop}
spec:
  selector: {matchLabels: {app: reviews}}
  template:
    metadata: {labels: {app: reviews}}
    spec: {containers: [{name: app, image: x, ports: [{containerPort: 9080}]}]}
`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: shop}\nspec: {selector: {app: reviews}, ports: [{name: http, port: 80, targetPort: 9080}]}\n';
const LEGACY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: legacy, namespace: batch}\nspec:\n  selector: {matchLabels: {app: legacy}}\n  template:\n    metadata: {labels: {app: legacy}}\n    spec: {containers: [{name: c, image: x, env: [{name: URL, value: "http://reviews.shop/"}]}]}\n';
const NAMESPACE_STRICT = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec: {mtls: {mode: STRICT}}\n';
const portLevel = (port: number, mode: string) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: reviews, namespace: shop}\nspec:\n  selector: {matchLabels: {app: reviews}}\n  portLevelMtls:\n    ${port}: {mode: ${mode}}\n`;
const tls = (mode: string) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews-tls, namespace: shop}\nspec: {host: reviews, trafficPolicy: {tls: {mode: ${mode}}}}\n`;

function findings(code: string, ...documents: string[]): string[] {
  const text = documents.join('---\n');
  return checkCluster(snapshotOf(text))
    .filter((problem) => problem.code === code)
    .map((problem) => `${problem.range.start.line + 1}: ${problem.message}`);
}

describe('portLevelMtls in KT507 and KT511', () => {
  test('KT507: a portLevelMtls PERMISSIVE on the targeted port lifts the namespace STRICT for that port', () => {
    assert.equal(findings('KT507', INJECTED, REVIEWS, SERVICE, LEGACY, NAMESPACE_STRICT).length, 1, 'STRICT alone resets the client');
    assert.deepEqual(findings('KT507', INJECTED, REVIEWS, SERVICE, LEGACY, NAMESPACE_STRICT, portLevel(9080, 'PERMISSIVE')), []);
    assert.equal(findings('KT507', INJECTED, REVIEWS, SERVICE, LEGACY, NAMESPACE_STRICT, portLevel(9999, 'PERMISSIVE')).length, 1, 'an entry for a port the Service does not target changes nothing');
  });

  test('KT507: a portLevelMtls STRICT under PERMISSIVE is reported at the entry, naming the port', () => {
    const text = [INJECTED, REVIEWS, SERVICE, LEGACY, portLevel(9080, 'STRICT')];
    const found = findings('KT507', ...text);
    assert.equal(found.length, 1);
    const line = text.join('---\n').split('\n').findIndex((candidate) => candidate.includes('9080: {mode: STRICT}')) + 1;
    assert.equal(found[0], `${line}: STRICT mTLS on port 9080 rejects plaintext, and 1 workload(s) outside the mesh name Services it protects: Deployment batch/legacy (to shop/reviews). Their connections are reset; use PERMISSIVE until they join the mesh.`);
    assert.deepEqual(findings('KT507', INJECTED, REVIEWS, SERVICE, LEGACY, portLevel(8080, 'STRICT')), [], 'STRICT on a port no Service targets resets no client of the Service');
  });

  test('KT511: DISABLE is judged against the mode of the port the Service targets', () => {
    assert.deepEqual(findings('KT511', INJECTED, REVIEWS, SERVICE, tls('DISABLE'), NAMESPACE_STRICT, portLevel(9080, 'DISABLE')), [], 'the port takes plaintext');
    assert.deepEqual(
      findings('KT511', INJECTED, REVIEWS, SERVICE, tls('DISABLE'), portLevel(9080, 'STRICT')).map((line) => line.replace(/^\d+: /, '')),
      ["tls mode DISABLE sends plaintext to shop/reviews, whose pods require STRICT mTLS on port 9080 (PeerAuthentication shop/reviews, portLevelMtls 9080): every meshed client's connection is reset."],
    );
  });
});
