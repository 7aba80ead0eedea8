/**
 * KT513 judges Linkerd's default inbound policy as the trace does: on a port a Server selects, the Server and its
 * authorizations decide, not the default policy (linkerd.io "Authorization Policy": a Server replaces the default
 * policy for the port it selects); so a client an AuthorizationPolicy or a ServerAuthorization admits there is not
 * reported, and a client the default still refuses (another port, or a port no Server selects) is.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import { snapshotOf } from '../../support/engineFixtures';
import { PROJECT_ROOT } from '../../support/fixtures';

const EMOJIVOTO = fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'linkerd', 'emojivoto.yaml'), 'utf8');
// Not meshed: its namespace has no injection. It calls voting's gRPC port, which all-authenticated refuses it.
const LEGACY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: legacy, namespace: batch}\nspec:\n  selector: {matchLabels: {app: legacy}}\n  template:\n    metadata: {labels: {app: legacy}}\n    spec: {serviceAccountName: legacy, containers: [{name: c, image: x, env: [{name: VOTING, value: "voting-svc.emojivoto:8080"}]}]}\n';
const server = (port: string) => `apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata: {name: voting-grpc, namespace: emojivoto}\nspec:\n  podSelector: {matchLabels: {app: voting-svc}}\n  port: ${port}\n  proxyProtocol: gRPC\n`;
const SERVER_AUTHORIZATION = 'apiVersion: policy.linkerd.io/v1beta1\nkind: ServerAuthorization\nmetadata: {name: voting-legacy, namespace: emojivoto}\nspec:\n  server: {name: voting-grpc}\n  client: {unauthenticated: true}\n';
const NETWORK = 'apiVersion: policy.linkerd.io/v1alpha1\nkind: NetworkAuthentication\nmetadata: {name: pods, namespace: emojivoto}\nspec: {networks: [{cidr: 10.0.0.0/8}]}\n';
const POLICY = 'apiVersion: policy.linkerd.io/v1alpha1\nkind: AuthorizationPolicy\nmetadata: {name: voting-legacy, namespace: emojivoto}\nspec:\n  targetRef: {group: policy.linkerd.io, kind: Server, name: voting-grpc}\n  requiredAuthenticationRefs: [{group: policy.linkerd.io, kind: NetworkAuthentication, name: pods}]\n';

const kt513 = (documents: string[]) => checkCluster(snapshotOf(documents.join('---\n'))).filter((problem) => problem.code === 'KT513').map((problem) => problem.message);
const traced = (documents: string[]) => {
  const result = traceRequest({ from: { kind: 'workload', namespace: 'batch', name: 'legacy' }, to: { host: 'voting-svc.emojivoto', port: 8080, scheme: 'http', path: '/' }, protocol: 'TCP' }, snapshotOf(documents.join('---\n')));
  assert.ok(!('error' in result), JSON.stringify(result));
  return result.verdict.kind;
};

describe('KT513 agrees with the trace on Servers and their authorizations', () => {
  test('the default refusing a client is reported, as the trace denies it', () => {
    assert.equal(traced([EMOJIVOTO, LEGACY]), 'denied');
    assert.equal(kt513([EMOJIVOTO, LEGACY]).length, 1);
  });

  test('a Server on the port the client names, with a ServerAuthorization or an AuthorizationPolicy admitting it: not reported, and the trace delivers', () => {
    for (const [what, admitting] of [['ServerAuthorization', [SERVER_AUTHORIZATION]], ['AuthorizationPolicy', [NETWORK, POLICY]]] as const) {
      for (const port of ['8080', 'grpc']) {
        const documents = [EMOJIVOTO, LEGACY, server(port), ...admitting];
        assert.equal(traced(documents), 'delivered', `${what}, port ${port}`);
        assert.deepEqual(kt513(documents), [], `${what}, port ${port}`);
      }
    }
  });

  test('a Server on another port leaves the named port to the default policy, which still refuses the client', () => {
    const documents = [EMOJIVOTO, LEGACY, server('prom'), SERVER_AUTHORIZATION];
    assert.equal(traced(documents), 'denied');
    assert.equal(kt513(documents).length, 1);
  });
});
