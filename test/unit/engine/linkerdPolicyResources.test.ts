/**
 * Linkerd's policy resources in the server's proxy (linkerd.io "Authorization Policy" reference): a Server selecting
 * the port replaces the default inbound policy; an AuthorizationPolicy targeting it (or its Namespace) admits the
 * clients that satisfy all of its required authentications (MeshTLSAuthentication by identity or identityRefs,
 * NetworkAuthentication by address); any other client gets the Server's accessPolicy, `deny` when absent.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace } from '../../../server/src/engine/trace/types';
import { snapshotOf } from '../../support/engineFixtures';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: emoji, annotations: {linkerd.io/inject: enabled}}\n';
const deployment = (name: string, namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {serviceAccountName: ${name}, containers: [{name: app, image: x, ports: [{name: http, containerPort: 8080}]}]}\n`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: emoji-svc, namespace: emoji}\nspec: {selector: {app: emoji}, ports: [{name: http, port: 80, targetPort: 8080}]}\n';
const SERVER = (port: string, extra = '') => `apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata: {name: emoji-http, namespace: emoji}\nspec:\n  podSelector: {matchLabels: {app: emoji}}\n  port: ${port}\n  proxyProtocol: HTTP/1${extra}\n`;
const policy = (refs: string, target = 'group: policy.linkerd.io, kind: Server, name: emoji-http') => `apiVersion: policy.linkerd.io/v1alpha1\nkind: AuthorizationPolicy\nmetadata: {name: emoji-auth, namespace: emoji}\nspec:\n  targetRef: {${target}}\n  requiredAuthenticationRefs: [${refs}]\n`;
const MESH_TLS = (spec: string) => `apiVersion: policy.linkerd.io/v1alpha1\nkind: MeshTLSAuthentication\nmetadata: {name: web-only, namespace: emoji}\nspec: {${spec}}\n`;
const NETWORK = 'apiVersion: policy.linkerd.io/v1alpha1\nkind: NetworkAuthentication\nmetadata: {name: cluster, namespace: emoji}\nspec: {networks: [{cidr: 10.0.0.0/8, except: [10.96.0.0/12]}]}\n';
const BASE = [NAMESPACE, deployment('web', 'emoji'), deployment('other', 'emoji'), deployment('emoji', 'emoji'), SERVICE];
const MESH_REF = '{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: web-only}';

function trace(documents: string[], from: string): Trace {
  const result = traceRequest({ from: { kind: 'workload', namespace: 'emoji', name: from }, to: { host: 'emoji-svc.emoji', port: 80, scheme: 'http', path: '/' }, protocol: 'TCP' }, snapshotOf(documents.join('---\n')));
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}
const inbound = (result: Trace) => result.hops.find((hop) => hop.title.startsWith('linkerd-proxy') && hop.title.endsWith('(inbound)'))!;

describe("Linkerd's Server and AuthorizationPolicy", () => {
  test('a Server selecting the port with no authorization denies every client (accessPolicy deny by default); by port name too', () => {
    for (const port of ['8080', 'http']) {
      const result = trace([...BASE, SERVER(port)], 'web');
      assert.equal(result.verdict.kind, 'denied', port);
      assert.equal(result.verdict.summary, "Linkerd's proxy on emoji/" + inbound(result).title.split('/')[1]!.split(' ')[0] + ' refuses the connection: Server emoji/emoji-http selects port 8080 and nothing authorizes the client');
    }
    assert.equal(trace([...BASE, SERVER('9090')], 'web').verdict.kind, 'delivered', 'a Server for another port leaves the default policy (all-unauthenticated)');
    assert.equal(trace([...BASE, SERVER('8080', '\n  accessPolicy: all-authenticated')], 'web').verdict.kind, 'delivered', "the Server's accessPolicy admits meshed clients");
  });

  test('a MeshTLSAuthentication admits the identities it names, by name or by ServiceAccount reference', () => {
    const byName = MESH_TLS('identities: ["web.emoji.serviceaccount.identity.linkerd.cluster.local"]');
    const admitted = trace([...BASE, SERVER('8080'), policy(MESH_REF), byName], 'web');
    assert.equal(admitted.verdict.kind, 'delivered');
    assert.match(inbound(admitted).decision, /^Server emoji\/emoji-http selects port 8080, and AuthorizationPolicy emoji\/emoji-auth admits the client \(mTLS from web\.emoji\.serviceaccount\.identity\.linkerd\.cluster\.local\)/);
    assert.equal(trace([...BASE, SERVER('8080'), policy(MESH_REF), byName], 'other').verdict.kind, 'denied', 'another identity is not admitted');
    const byRef = MESH_TLS('identityRefs: [{kind: ServiceAccount, name: other}]');
    assert.equal(trace([...BASE, SERVER('8080'), policy(MESH_REF), byRef], 'other').verdict.kind, 'delivered');
    assert.equal(trace([...BASE, SERVER('8080'), policy(MESH_REF, 'group: core, kind: Namespace, name: emoji'), byRef], 'other').verdict.kind, 'delivered', 'a policy targeting the namespace covers its Servers');
  });

  test('every required authentication must hold: a NetworkAuthentication by the client address', () => {
    const any = MESH_TLS('identities: ["*"]');
    const network = '{group: policy.linkerd.io, kind: NetworkAuthentication, name: cluster}';
    assert.equal(trace([...BASE, SERVER('8080'), policy(`${MESH_REF}, ${network}`), any, NETWORK], 'web').verdict.kind, 'delivered', 'pod addresses are in 10.0.0.0/8');
    const outside = NETWORK.replace('10.0.0.0/8', '192.168.0.0/16');
    assert.equal(trace([...BASE, SERVER('8080'), policy(`${MESH_REF}, ${network}`), any, outside], 'web').verdict.kind, 'denied');
  });
});
