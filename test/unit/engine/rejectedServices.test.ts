import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderProxyRules } from '../../../server/src/engine/kubeProxy/renderRules';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { snapshotOf } from '../../support/engineFixtures';

// The API server refuses these Services (its ClusterIP and NodePort allocators: "provided port is not in the
// valid range", "provided IP is not in the valid range"; ValidateService: a nodePort "may not be used when
// `type` is 'ClusterIP'"), so kube-proxy never sees them.
const MANIFESTS = `apiVersion: v1
kind: Service
metadata: {name: low, namespace: shop}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
    nodePort: 80
---
apiVersion: v1
kind: Service
metadata: {name: outside, namespace: shop}
spec: {clusterIP: 10.0.0.5, selector: {app: web}, ports: [{port: 81, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: plain, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 82, targetPort: 8080, nodePort: 30082}]}
---
apiVersion: v1
kind: Service
metadata: {name: good, namespace: shop}
spec: {type: NodePort, selector: {app: web}, ports: [{port: 83, targetPort: 8080, nodePort: 30083}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {nodeName: node-1, containers: [{name: web, ports: [{containerPort: 8080}]}]}
status: {podIP: 10.244.0.10}
`;

function trace(snapshot: ClusterSnapshot, from: string, to: string): Trace {
  const result = traceRequest({ from: parseSource(from) as TraceSource, to: parseDestination(to) as TraceDestination, protocol: 'TCP' }, snapshot);
  assert.ok(!('error' in result));
  return result;
}

describe('Services the API server would reject', () => {
  const snapshot = snapshotOf(MANIFESTS);

  test('iptables, nftables and IPVS leave them out, and keep the valid one', () => {
    for (const mode of ['iptables', 'nftables', 'ipvs'] as const) {
      const text = renderProxyRules(snapshot, mode, 'node-1');
      for (const name of ['low', 'outside', 'plain']) assert.ok(!text.includes(`shop/${name}`), `${mode}: ${name}`);
      assert.ok(!text.includes(':80 ') && !text.includes('10.0.0.5'), `${mode}: no rule for the rejected ports and addresses`);
      if (mode !== 'ipvs') assert.ok(text.includes('shop/good'), mode);
      else assert.match(text, /:30083 rr/);
    }
  });

  test('a NodePort outside the range: the trace stops at the proxy and names the line', () => {
    const node = snapshot.nodes[0]!.addresses[0]!;
    const low = snapshot.services.find((service) => service.name === 'low')!;
    for (const to of [`${low.clusterIPs[0]}:80`, 'low.shop:80']) {
      const result = trace(snapshot, 'shop/web', to);
      assert.equal(result.verdict.kind, 'no-route', to);
      assert.match(result.verdict.summary, /^Service shop\/low is rejected by the API server \(spec\.ports\[0\]\.nodePort 80 is not in the NodePort range 30000-32767/);
      const hop = result.hops.at(-1)!;
      assert.equal(hop.component, 'kube-proxy');
      assert.match(hop.decision, /It is never created, so kube-proxy \(iptables\) has no rule for/);
      assert.equal(hop.refs[0]!.range.start.line, 9, 'the nodePort line');
      assert.ok(hop.details!.some((detail) => detail.includes('line 10')));
    }
    assert.ok(trace(snapshot, 'shop/web', 'low.shop:80').hops.at(-1)!.details!.some((detail) => /would not resolve either/.test(detail)));
    const fromOutside = trace(snapshot, '198.51.100.7', `${node}:80`);
    assert.equal(fromOutside.verdict.kind, 'no-route', 'port 80 of the node is no NodePort');
    assert.match(fromOutside.hops.at(-1)!.title, /no rules for Service shop\/low/);
  });

  test('a clusterIP outside the service CIDR and a nodePort on a ClusterIP Service are rejected too', () => {
    const outside = trace(snapshot, 'shop/web', 'outside.shop:81');
    assert.equal(outside.verdict.kind, 'no-route');
    assert.match(outside.hops.at(-1)!.decision, /spec\.clusterIP 10\.0\.0\.5 is not in the service CIDR 10\.96\.0\.0\/12/);
    const plain = trace(snapshot, 'shop/web', 'plain.shop:82');
    assert.match(plain.hops.at(-1)!.decision, /spec\.ports\[0\]\.nodePort may not be set on a ClusterIP Service/);
    assert.equal(trace(snapshot, 'shop/web', 'good.shop:83').verdict.kind, 'delivered');
  });

  test('the range is the profile\'s', () => {
    const wide = snapshotOf(MANIFESTS, { nodePortRange: '80-32767' });
    assert.ok(renderProxyRules(wide, 'iptables', 'node-1').includes('shop/low'));
    assert.equal(trace(wide, 'shop/web', 'low.shop:80').verdict.kind, 'delivered');
  });
});
