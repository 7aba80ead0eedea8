/**
 * The connectivity matrix reads the meshes' policies as the trace does: Istio's PeerAuthentication and
 * AuthorizationPolicy, the client's Sidecar resource, Linkerd's Server and authorizations. Where the answer depends on
 * the request (an AuthorizationPolicy rule on methods or paths), the cell says so instead of picking one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectivityMatrix, type MatrixCell } from '../../../server/src/engine/connectivity/matrix';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceRequest } from '../../../server/src/engine/trace/types';
import { appWithService, snapshotOf } from '../../support/engineFixtures';
import { MESHED_WORKSPACE } from '../../support/meshFixtures';

function cell(cells: readonly MatrixCell[], from: string, to: string, port?: number): MatrixCell {
  const found = cells.find((candidate) => candidate.from === from && candidate.to === to && (port === undefined || candidate.port === port));
  assert.ok(found, `no cell ${from} -> ${to}`);
  return found;
}

describe('the matrix with Istio and Linkerd', () => {
  const snapshot = snapshotOf(MESHED_WORKSPACE);
  const { cells } = connectivityMatrix(snapshot);

  test('Istio: the AuthorizationPolicy admits web, admin only for some requests; STRICT resets clients outside the mesh', () => {
    assert.equal(cell(cells, 'shop/web', 'shop/api').verdict, 'allowed');
    assert.match(cell(cells, 'shop/web', 'shop/api').reason, /AuthorizationPolicy shop\/api, rule 1/);
    const admin = cell(cells, 'shop/admin', 'shop/api');
    assert.equal(admin.verdict, 'depends', 'admin is allowed GET only: the request decides');
    assert.match(admin.reason, /the request decides: AuthorizationPolicy shop\/api rule 2/);
    assert.equal(cell(cells, 'default/outside', 'shop/api').verdict, 'denied');
    assert.match(cell(cells, 'default/outside', 'shop/api').reason, /STRICT mTLS on shop\/api-.* \(PeerAuthentication shop\/strict\) resets plaintext/);
    assert.equal(cell(cells, 'external 198.51.100.7 (the internet)', 'shop/api').verdict, 'denied');
  });

  test('Istio does not identify a connection to a pod address: a meshed client without a Service is plaintext to a STRICT pod', () => {
    const direct = cell(cells, 'shop/api', 'shop/web');
    assert.equal(direct.verdict, 'denied');
    assert.match(direct.reason, /no Service selects shop\/web-.* on port 8080: the client's proxy sends the connection to the pod's address in plaintext/);
  });

  test('Linkerd: the Server on authors admits only the books service account', () => {
    assert.equal(cell(cells, 'books/books', 'books/authors').verdict, 'allowed');
    for (const client of ['default/outside', 'shop/web', 'kube-system/coredns', 'external 198.51.100.7 (the internet)']) {
      const refused = cell(cells, client, 'books/authors');
      assert.equal(refused.verdict, 'denied', client);
      assert.match(refused.reason, /Linkerd's proxy on books\/authors-.* refuses the connection: .*Server books\/authors selects port 7001/);
    }
    assert.equal(cell(cells, 'default/outside', 'books/books').verdict, 'allowed', 'no Server on books: the default all-unauthenticated admits');
  });

  test('UDP goes around the proxies: DNS to kube-dns from a meshed pod is the policies\' alone', () => {
    assert.equal(cell(cells, 'shop/web', 'kube-system/coredns', 53).verdict, 'allowed');
  });

  test('a cell a meshed client reaches through a Service names it, for the trace the panel opens', () => {
    assert.equal(cell(cells, 'shop/web', 'shop/api').through, 'api.shop:80');
    assert.equal(cell(cells, 'default/outside', 'shop/api').through, undefined, 'a client outside the mesh connects by address');
  });

  test('each cell with a Service agrees with the trace of a request through it', () => {
    const traced = (from: string, host: string, method = 'GET'): Trace['verdict']['kind'] => {
      const [namespace, name] = from.split('/');
      const request: TraceRequest = { from: { kind: 'workload', namespace: namespace!, name: name! }, to: { host, port: 80, scheme: 'http', path: '/', method }, protocol: 'TCP' };
      return (traceRequest(request, snapshot) as Trace).verdict.kind;
    };
    assert.equal(traced('shop/web', 'api.shop'), 'delivered');
    assert.equal(traced('default/outside', 'api.shop'), 'denied');
    // The cell that depends: GET is allowed, anything else is not.
    assert.equal(traced('shop/admin', 'api.shop', 'GET'), 'delivered');
    assert.equal(traced('shop/admin', 'api.shop', 'DELETE'), 'denied');
  });
});

describe("the client's Sidecar resource", () => {
  const workspace = (mode: string, hosts: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
${appWithService('shop', 'web')}---
${appWithService('shop', 'api')}---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: shop}
spec:
  egress: [{hosts: [${hosts}]}]
  outboundTrafficPolicy: {mode: ${mode}}
`;

  test('REGISTRY_ONLY drops a Service its egress does not list, and every address outside the cluster', () => {
    const { cells } = connectivityMatrix(snapshotOf(workspace('REGISTRY_ONLY', '"./web.shop.svc.cluster.local"')));
    const dropped = cell(cells, 'shop/web', 'shop/api');
    assert.equal(dropped.verdict, 'denied');
    assert.match(dropped.reason, /Sidecar shop\/default's egress does not list shop\/api\.shop\.svc\.cluster\.local, and its outboundTrafficPolicy REGISTRY_ONLY drops it/);
    assert.equal(cell(cells, 'shop/api', 'shop/web').verdict, 'allowed', 'web is listed');
    const outside = cell(cells, 'shop/web', 'external 198.51.100.7 (the internet)');
    assert.equal(outside.verdict, 'denied');
    assert.match(outside.reason, /REGISTRY_ONLY drops 198\.51\.100\.7:443, which no ServiceEntry declares/);
  });

  test('ALLOW_ANY passes an unlisted Service on, unrouted and in plaintext (allowed where the server accepts plaintext)', () => {
    const { cells } = connectivityMatrix(snapshotOf(workspace('ALLOW_ANY', '"./web.shop.svc.cluster.local"')));
    assert.equal(cell(cells, 'shop/web', 'shop/api').verdict, 'allowed');
    assert.equal(cell(cells, 'shop/web', 'external 198.51.100.7 (the internet)').verdict, 'allowed');
  });
});
