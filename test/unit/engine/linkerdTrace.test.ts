/**
 * Traces through Linkerd's proxies: the client's proxy balancing over a Service's endpoints itself, mTLS between
 * meshed pods with their identities, protocol detection and opaque ports, skipped ports, and the default inbound
 * policies set by annotation on the pod or its namespace.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace } from '../../../server/src/engine/trace/types';
import { snapshotOf } from '../../support/engineFixtures';
import { PROJECT_ROOT } from '../../support/fixtures';

const NAMESPACE = (annotations = '') => `apiVersion: v1\nkind: Namespace\nmetadata: {name: emoji, annotations: {linkerd.io/inject: enabled${annotations}}}\n`;
const DEPLOYMENT = (name: string, namespace: string, annotations = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}, annotations: {${annotations}}}\n    spec: {serviceAccountName: ${name}, containers: [{name: app, image: x, ports: [{containerPort: 8080}]}]}\n`;
const SERVICE = (annotations = '') => `apiVersion: v1\nkind: Service\nmetadata: {name: emoji-svc, namespace: emoji, annotations: {${annotations}}}\nspec: {selector: {app: emoji}, ports: [{name: http, port: 80, targetPort: 8080}]}\n`;

function trace(documents: string[], from: string, url = 'http://emoji-svc.emoji/list'): Trace {
  const [namespace, name] = from.split('/') as [string, string];
  const parsed = new URL(url);
  const result = traceRequest({ from: { kind: 'workload', namespace, name }, to: { host: parsed.hostname, port: Number(parsed.port || 80), scheme: parsed.protocol.replace(':', ''), path: parsed.pathname }, protocol: 'TCP' }, snapshotOf(documents.join('---\n')));
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}

const proxies = (result: Trace) => result.hops.filter((hop) => hop.title.startsWith('linkerd-proxy'));
const BASE = [NAMESPACE(), DEPLOYMENT('web', 'emoji'), DEPLOYMENT('emoji', 'emoji'), SERVICE()];

describe('traces through Linkerd proxies', () => {
  test('meshed to meshed: the client proxy picks an endpoint itself (no kube-proxy) and connects over mTLS; the server proxy admits it', () => {
    const result = trace(BASE, 'emoji/web');
    assert.equal(result.verdict.kind, 'delivered');
    const [outbound, inbound] = proxies(result);
    assert.match(outbound!.title, /^linkerd-proxy of emoji\/web-.* \(outbound\)$/);
    assert.match(outbound!.decision, /^The proxy resolves Service emoji\/emoji-svc through Linkerd's destination controller and balances HTTP requests over its 2 endpoints: pod emoji\/emoji-.*itself \(no kube-proxy DNAT\), over mTLS \(that pod is meshed too\)\.$/);
    assert.equal(outbound!.after!.dstPort, 8080, 'to the pod port: the proxy does what kube-proxy would have');
    assert.deepEqual(outbound!.alternatives!.map((choice) => choice.probability), [0.5, 0.5]);
    assert.ok(outbound!.details!.includes('client identity: web.emoji.serviceaccount.identity.linkerd.cluster.local'));
    assert.ok(!result.hops.some((hop) => hop.component === 'kube-proxy'));
    assert.match(inbound!.decision, /^Default inbound policy all-unauthenticated admits the connection \(mTLS from web\.emoji\.serviceaccount\.identity\.linkerd\.cluster\.local\)/);
    assert.ok(inbound!.details!.includes("default inbound policy all-unauthenticated (the install's default)"));
    assert.deepEqual(result.hops.map((hop) => hop.component).slice(-3), ['network-policy', 'sidecar', 'container'], 'NetworkPolicy still applies underneath');
  });

  test('all-authenticated on the pod refuses a client outside the mesh, which goes through kube-proxy in plaintext', () => {
    const documents = [NAMESPACE(), DEPLOYMENT('emoji', 'emoji', 'config.linkerd.io/default-inbound-policy: all-authenticated'), SERVICE(), DEPLOYMENT('legacy', 'default')];
    const result = trace(documents, 'default/legacy');
    assert.equal(result.verdict.kind, 'denied');
    assert.match(result.verdict.summary, /^Linkerd's proxy on emoji\/emoji-.* refuses the connection: the policy admits only meshed \(mTLS\) clients, and this one has no Linkerd identity \(default inbound policy all-authenticated\)$/);
    assert.ok(result.hops.some((hop) => hop.component === 'kube-proxy'), 'a pod without a proxy goes through kube-proxy');
    assert.equal(proxies(result).length, 1);
    assert.ok(proxies(result)[0]!.details!.includes('default inbound policy all-authenticated (config.linkerd.io/default-inbound-policy on the pod)'));
  });

  test('the namespace annotation sets the policy for its pods; deny refuses even meshed clients; a skipped inbound port bypasses the proxy', () => {
    const denied = trace([NAMESPACE(', config.linkerd.io/default-inbound-policy: deny'), DEPLOYMENT('web', 'emoji'), DEPLOYMENT('emoji', 'emoji'), SERVICE()], 'emoji/web');
    assert.equal(denied.verdict.kind, 'denied');
    assert.match(denied.verdict.summary, /the policy denies every connection \(default inbound policy deny\)/);
    assert.ok(proxies(denied)[1]!.details!.includes('default inbound policy deny (config.linkerd.io/default-inbound-policy on the namespace)'));
    const skipped = trace([NAMESPACE(', config.linkerd.io/default-inbound-policy: deny'), DEPLOYMENT('web', 'emoji'), DEPLOYMENT('emoji', 'emoji', 'config.linkerd.io/skip-inbound-ports: "8000-8100"'), SERVICE()], 'emoji/web');
    assert.equal(skipped.verdict.kind, 'delivered');
    assert.equal(proxies(skipped)[1]!.decision, 'Port 8080 is in config.linkerd.io/skip-inbound-ports: the connection bypasses the proxy.');
  });

  test('a skipped outbound port goes through kube-proxy; an opaque port is proxied as TCP, per connection', () => {
    const skipped = trace([NAMESPACE(), DEPLOYMENT('web', 'emoji', 'config.linkerd.io/skip-outbound-ports: "80"'), DEPLOYMENT('emoji', 'emoji'), SERVICE()], 'emoji/web');
    assert.equal(skipped.verdict.kind, 'delivered');
    assert.equal(proxies(skipped)[0]!.decision, 'Port 80 is in config.linkerd.io/skip-outbound-ports: the connection bypasses the proxy.');
    assert.ok(skipped.hops.some((hop) => hop.component === 'kube-proxy'));
    const opaque = trace([...BASE.slice(0, 3), SERVICE('config.linkerd.io/opaque-ports: "80"')], 'emoji/web');
    const [outbound] = proxies(opaque);
    assert.match(outbound!.decision, /balances the connection over its 2 endpoint/);
    assert.match(outbound!.details![0]!, /^port 80 is opaque/);
    const tcp = trace(BASE, 'emoji/web', 'tcp://emoji-svc.emoji:80');
    assert.equal(proxies(tcp)[0]!.details![0], 'protocol detection: not HTTP, balanced per connection');
  });

  test('an Istio client reaching a Linkerd pod speaks plaintext to it: the meshes do not share identities', () => {
    const istio = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}\n';
    const documents = [NAMESPACE(), DEPLOYMENT('emoji', 'emoji', 'config.linkerd.io/default-inbound-policy: all-authenticated'), SERVICE(), istio, DEPLOYMENT('cart', 'shop')];
    const result = trace(documents, 'shop/cart');
    assert.match(result.hops.find((hop) => hop.title.includes('(outbound)'))!.decision, /in plaintext \(the pod has no sidecar\)/);
    assert.equal(result.verdict.kind, 'denied');
  });

  test('emojivoto (test/fixtures/linkerd): web reaches voting over mTLS; the vote bot, injection disabled, is refused by all-authenticated', () => {
    const emojivoto = fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'linkerd', 'emojivoto.yaml'), 'utf8');
    const web = trace([emojivoto], 'emojivoto/web', 'http://voting-svc.emojivoto:8080/');
    assert.equal(web.verdict.kind, 'delivered');
    assert.ok(proxies(web)[0]!.details!.includes('client identity: web.emojivoto.serviceaccount.identity.linkerd.cluster.local'));
    const bot = trace([emojivoto], 'emojivoto/vote-bot', 'http://voting-svc.emojivoto:8080/');
    assert.equal(bot.verdict.kind, 'denied');
    assert.deepEqual(proxies(bot).map((hop) => hop.title.replace(/-[a-z0-9]+-[a-z0-9]+ /, ' ')), ['linkerd-proxy of emojivoto/voting (inbound)'], 'linkerd.io/inject: disabled on the pod wins over the namespace');
    assert.equal(trace([emojivoto], 'emojivoto/vote-bot', 'http://web-svc.emojivoto/').verdict.kind, 'delivered', 'web admits anyone (the install default)');
  });
});

