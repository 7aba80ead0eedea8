/**
 * Linkerd's ServerAuthorization (policy.linkerd.io/v1beta1) in the server proxy's hop, from linkerd2's policy
 * controller: `spec.server` picks Servers of its namespace by `name` or by a `selector` over their labels
 * (policy-controller/k8s/index/src/inbound/tests/server_authorization.rs, links_server_authz_by_name and _by_label);
 * `spec.client` admits by `networks` (with `except`; the cluster's networks when none is listed), then
 * `unauthenticated: true` (anyone) or `meshTLS` with `unauthenticatedTLS`, `identities` (`*`, `*.suffix`) or
 * `serviceAccounts` (k8s/index/src/inbound/server_authorization.rs, client_authz and client_mtls_authn). A client
 * admitted by a ServerAuthorization or by an AuthorizationPolicy is admitted.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace } from '../../../server/src/engine/trace/types';
import { snapshotOf } from '../../support/engineFixtures';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, annotations: {linkerd.io/inject: enabled}}\n';
const deployment = (name: string, namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {serviceAccountName: ${name}, containers: [{name: app, image: x, ports: [{name: http, containerPort: 8080}]}]}\n`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}, ports: [{name: http, port: 80, targetPort: 8080}]}\n';
const SERVER = 'apiVersion: policy.linkerd.io/v1beta1\nkind: Server\nmetadata: {name: api-http, namespace: shop, labels: {tier: backend}}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  port: http\n  proxyProtocol: HTTP/1\n';
// web and other are meshed (namespace shop); legacy, in a namespace without injection, is not.
const BASE = [NAMESPACE, deployment('web', 'shop'), deployment('other', 'shop'), deployment('api', 'shop'), deployment('legacy', 'batch'), SERVICE, SERVER];
const authorization = (server: string, client: string, namespace = 'shop') =>
  `apiVersion: policy.linkerd.io/v1beta1\nkind: ServerAuthorization\nmetadata: {name: api-clients, namespace: ${namespace}}\nspec:\n  server: {${server}}\n  client:\n${client}\n`;
const BY_NAME = 'name: api-http';
const WEB_ONLY = '    meshTLS: {identities: [web.shop.serviceaccount.identity.linkerd.cluster.local]}';

function trace(documents: string[], from: string, namespace = 'shop'): Trace {
  const result = traceRequest({ from: { kind: 'workload', namespace, name: from }, to: { host: 'api.shop', port: 80, scheme: 'http', path: '/' }, protocol: 'TCP' }, snapshotOf(documents.join('---\n')));
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}
const verdict = (documents: string[], from: string, namespace = 'shop') => trace(documents, from, namespace).verdict.kind;
const inbound = (result: Trace) => result.hops.find((hop) => hop.title.startsWith('linkerd-proxy') && hop.title.endsWith('(inbound)'))!;

describe("Linkerd's ServerAuthorization", () => {
  test('by name it admits the identities it lists to that Server; others get the Server deny', () => {
    assert.equal(verdict(BASE, 'web'), 'denied', 'a Server with no authorization denies');
    const admitted = trace([...BASE, authorization(BY_NAME, WEB_ONLY)], 'web');
    assert.equal(admitted.verdict.kind, 'delivered');
    assert.match(inbound(admitted).decision, /^Server shop\/api-http selects port 8080, and ServerAuthorization shop\/api-clients admits the client \(mTLS from web\.shop\.serviceaccount\.identity\.linkerd\.cluster\.local\): the client it describes matches\./);
    assert.equal(verdict([...BASE, authorization(BY_NAME, WEB_ONLY)], 'other'), 'denied', 'another identity');
    assert.equal(verdict([...BASE, authorization('name: api-admin', WEB_ONLY)], 'web'), 'denied', 'another Server named');
    assert.equal(verdict([...BASE, authorization(BY_NAME, WEB_ONLY, 'batch')], 'web'), 'denied', 'an authorization of another namespace');
  });

  test("by selector over the Servers' labels", () => {
    assert.equal(verdict([...BASE, authorization('selector: {matchLabels: {tier: backend}}', WEB_ONLY)], 'web'), 'delivered');
    assert.equal(verdict([...BASE, authorization('selector: {matchExpressions: [{key: tier, operator: In, values: [frontend]}]}', WEB_ONLY)], 'web'), 'denied');
  });

  test('meshTLS: identities with a wildcard suffix, serviceAccounts (of its namespace unless named), unauthenticatedTLS for any meshed client', () => {
    assert.equal(verdict([...BASE, authorization(BY_NAME, '    meshTLS: {identities: ["*.shop.serviceaccount.identity.linkerd.cluster.local"]}')], 'other'), 'delivered');
    assert.equal(verdict([...BASE, authorization(BY_NAME, '    meshTLS: {serviceAccounts: [{name: other}]}')], 'other'), 'delivered');
    assert.equal(verdict([...BASE, authorization(BY_NAME, '    meshTLS: {serviceAccounts: [{name: other, namespace: batch}]}')], 'other'), 'denied');
    const anyMeshed = authorization(BY_NAME, '    meshTLS: {unauthenticatedTLS: true}');
    assert.equal(verdict([...BASE, anyMeshed], 'other'), 'delivered');
    assert.equal(verdict([...BASE, anyMeshed], 'legacy', 'batch'), 'denied', 'plaintext has no TLS');
  });

  test('unauthenticated admits clients without an identity; networks and their exceptions bound every client', () => {
    assert.equal(verdict([...BASE, authorization(BY_NAME, WEB_ONLY)], 'legacy', 'batch'), 'denied');
    assert.equal(verdict([...BASE, authorization(BY_NAME, '    unauthenticated: true')], 'legacy', 'batch'), 'delivered');
    assert.equal(verdict([...BASE, authorization(BY_NAME, '    unauthenticated: true\n    networks: [{cidr: 0.0.0.0/0}]')], 'legacy', 'batch'), 'delivered');
    assert.equal(verdict([...BASE, authorization(BY_NAME, '    unauthenticated: true\n    networks: [{cidr: 192.168.0.0/16}]')], 'legacy', 'batch'), 'denied', 'pod addresses are in 10.0.0.0/8');
    assert.equal(verdict([...BASE, authorization(BY_NAME, `${WEB_ONLY}\n    networks: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]`)], 'web'), 'denied');
  });

  test('a client admitted by either a ServerAuthorization or an AuthorizationPolicy is admitted', () => {
    const policy = 'apiVersion: policy.linkerd.io/v1alpha1\nkind: AuthorizationPolicy\nmetadata: {name: api-policy, namespace: shop}\nspec:\n  targetRef: {group: policy.linkerd.io, kind: Server, name: api-http}\n  requiredAuthenticationRefs: [{kind: ServiceAccount, name: other}]\n';
    const both = [...BASE, policy, authorization(BY_NAME, WEB_ONLY)];
    assert.equal(verdict(both, 'web'), 'delivered', 'by the ServerAuthorization');
    const byPolicy = trace(both, 'other');
    assert.equal(byPolicy.verdict.kind, 'delivered', 'by the AuthorizationPolicy');
    assert.match(inbound(byPolicy).decision, /AuthorizationPolicy shop\/api-policy admits the client/);
    const refused = trace(both, 'legacy', 'batch');
    assert.equal(refused.verdict.kind, 'denied');
    assert.match(inbound(refused).decision, /no AuthorizationPolicy or ServerAuthorization admits this client and the policy denies every connection/);
  });
});
