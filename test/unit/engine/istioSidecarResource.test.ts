/**
 * Istio's Sidecar resource in the trace (istio.io networking/v1 Sidecar reference): the one selecting the workload,
 * else its namespace's, else the root namespace's; its egress hosts (`namespace/dnsName`, `.` its own namespace) are
 * what the sidecar routes; anything else goes by its outboundTrafficPolicy: ALLOW_ANY passes it on unrouted
 * (PassthroughCluster), REGISTRY_ONLY drops it (BlackHoleCluster).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace } from '../../../server/src/engine/trace/types';
import { appWithService, snapshotOf } from '../../support/engineFixtures';

const app = (name: string, namespace: string) => appWithService(namespace, name);
const injected = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {istio-injection: enabled}}\n`;
const sidecar = (name: string, namespace: string, spec: string) => `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${spec}\n`;
const BASE = [injected('shop'), injected('data'), app('web', 'shop'), app('reviews', 'shop'), app('db', 'data')];

function trace(text: string, host: string, port = 80): Trace {
  const result = traceRequest({ from: { kind: 'workload', namespace: 'shop', name: 'web' }, to: { host, port, scheme: 'http', path: '/' }, protocol: 'TCP' }, snapshotOf(text));
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}
const outbound = (result: Trace) => result.hops.find((hop) => hop.title.includes('(outbound)'))!;

describe("Istio's Sidecar resource", () => {
  const ownNamespace = sidecar('default', 'shop', '  egress: [{hosts: ["./*", "istio-system/*"]}]');

  test('a listed host is routed by the sidecar as before', () => {
    const result = trace([...BASE, ownNamespace].join('---\n'), 'reviews');
    assert.equal(result.verdict.kind, 'delivered');
    assert.match(outbound(result).decision, /^No VirtualService: to shop\/reviews/);
  });

  test('ALLOW_ANY (the default): a Service the egress does not list is passed on unrouted, through kube-proxy, in plaintext', () => {
    const result = trace([...BASE, ownNamespace].join('---\n'), 'db.data');
    assert.equal(result.verdict.kind, 'delivered');
    assert.equal(outbound(result).decision, "Sidecar shop/default's egress does not list data/db.data.svc.cluster.local: Envoy has no route for it and, as outboundTrafficPolicy ALLOW_ANY allows, sends the connection on to " + outbound(result).before!.dst + ':80 unchanged (PassthroughCluster): no VirtualService applies and it leaves in plaintext.');
    assert.ok(result.hops.some((hop) => hop.component === 'kube-proxy'), 'kube-proxy DNATs the ClusterIP');
    assert.match(result.hops.at(-1)!.decision + result.hops.filter((hop) => hop.title.includes('(inbound)')).map((hop) => hop.decision).join(''), /plaintext is accepted/);
  });

  test('REGISTRY_ONLY drops it; a Sidecar selecting the workload wins over the namespace\'s', () => {
    const strict = sidecar('default', 'shop', '  egress: [{hosts: ["./*"]}]\n  outboundTrafficPolicy: {mode: REGISTRY_ONLY}');
    const dropped = trace([...BASE, strict].join('---\n'), 'db.data');
    assert.equal(dropped.verdict.kind, 'denied');
    assert.equal(dropped.verdict.summary, 'Sidecar shop/default does not let the sidecar reach data/db (REGISTRY_ONLY): the connection is closed');
    const web = sidecar('web', 'shop', '  workloadSelector: {labels: {app: web}}\n  egress: [{hosts: ["data/*"]}]\n  outboundTrafficPolicy: {mode: REGISTRY_ONLY}');
    assert.equal(trace([...BASE, strict, web].join('---\n'), 'db.data').verdict.kind, 'delivered');
    assert.equal(trace([...BASE, strict, web].join('---\n'), 'reviews').verdict.kind, 'denied', 'the selecting Sidecar lists data/* only');
  });

  test('an address outside the cluster: the root namespace\'s Sidecar with REGISTRY_ONLY drops it', () => {
    const strict = sidecar('default', 'istio-system', '  outboundTrafficPolicy: {mode: REGISTRY_ONLY}');
    const dropped = trace([...BASE, strict].join('---\n'), '203.0.113.50', 443);
    assert.equal(dropped.verdict.kind, 'denied');
    assert.match(dropped.verdict.summary, /^Sidecar istio-system\/default's outboundTrafficPolicy REGISTRY_ONLY drops 203\.0\.113\.50:443/);
    assert.equal(trace([...BASE].join('---\n'), '203.0.113.50', 443).verdict.kind, 'leaves-cluster', 'ALLOW_ANY by default');
  });
});
