import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readProfile } from '../../../server/src/engine/profile';
import { renderProxyRules } from '../../../server/src/engine/kubeProxy/renderRules';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceDestination, TraceHop, TraceSource } from '../../../server/src/engine/trace/types';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { snapshotOf } from '../../support/engineFixtures';

// From Cilium's "Kubernetes Without kube-proxy" guide (Documentation/network/kubernetes/kubeproxy-free.rst):
// no KUBE-SVC rule is left (iptables-save | grep KUBE-SVC is empty), socket-LB translates a pod's connection
// at connect(), backend selection is random, and NodePort traffic is SNATed in the default SNAT mode.
const MANIFESTS = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {type: NodePort, clusterIP: 10.96.0.80, selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {nodeName: node-2, containers: [{name: web, ports: [{containerPort: 8080}]}]}
status: {podIP: 10.244.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop}
spec: {nodeName: node-1, containers: [{name: client}]}
status: {podIP: 10.244.0.20}
`;
const CILIUM = { cni: { plugin: 'cilium', kubeProxyReplacement: true } };

function serviceHop(snapshot: ClusterSnapshot, from: string, to: string): TraceHop {
  const result = traceRequest({ from: parseSource(from) as TraceSource, to: parseDestination(to) as TraceDestination, protocol: 'TCP' }, snapshot) as Trace;
  assert.ok(!('error' in result));
  assert.equal(result.verdict.kind, 'delivered', result.verdict.summary);
  return result.hops.find((hop) => hop.component === 'cilium' || hop.component === 'kube-proxy')!;
}

describe('Cilium replacing kube-proxy', () => {
  test('the profile setting: true with Cilium; a located problem for a value that is not a boolean or another plugin', () => {
    assert.equal(readProfile(CILIUM).profile.cni.kubeProxyReplacement, true);
    assert.equal(readProfile({}).profile.cni.kubeProxyReplacement, false);
    const notBoolean = readProfile({ cni: { plugin: 'cilium', kubeProxyReplacement: 'strict' } });
    assert.deepEqual(notBoolean.problems.map((problem) => problem.path), ['cni.kubeProxyReplacement']);
    assert.equal(notBoolean.profile.cni.kubeProxyReplacement, false);
    const calico = readProfile({ cni: { kubeProxyReplacement: true } });
    assert.deepEqual(calico.problems.map((problem) => problem.path), ['cni.kubeProxyReplacement']);
    assert.match(calico.problems[0]!.message, /only Cilium replaces kube-proxy, not calico/);
    assert.equal(calico.profile.cni.kubeProxyReplacement, false);
    const layered = readProfile({ cni: { plugin: 'flannel' } }, readProfile(CILIUM).profile);
    assert.equal(layered.profile.cni.kubeProxyReplacement, false, 'another plugin leaves the replacement off');
  });

  test('the rules query: no kube-proxy rules, said in words, whatever mode is asked', () => {
    const snapshot = snapshotOf(MANIFESTS, CILIUM);
    for (const mode of ['iptables', 'ipvs', 'nftables'] as const) {
      const text = renderProxyRules(snapshot, mode, 'node-1');
      assert.match(text, /^# No kube-proxy rules on node-1: Cilium replaces kube-proxy/);
      assert.ok(!/KUBE-|add table|->/.test(text), mode);
    }
    assert.match(renderProxyRules(snapshotOf(MANIFESTS, { cni: { plugin: 'cilium' } }), 'iptables', 'node-1'), /KUBE-SVC-/, 'Cilium alongside kube-proxy');
  });

  test('a pod to a ClusterIP: socket-level load balancing at connect(), no DNAT rule and no SNAT', () => {
    const hop = serviceHop(snapshotOf(MANIFESTS, CILIUM), 'pod:shop/client', 'web.shop:80');
    assert.equal(hop.component, 'cilium');
    assert.match(hop.title, /^Cilium eBPF service load balancing on node-1: shop\/web:http$/);
    assert.match(hop.decision, /^Cilium's socket-level load balancing connects the socket of .* at connect\(\) straight to 10\.244\.1\.10:8080 \(pod shop\/web\), the only endpoint; the client address is kept\.$/);
    assert.equal(hop.after?.src, '10.244.0.20');
    assert.equal(hop.after?.dst, '10.244.1.10');
    assert.equal(hop.rules, undefined);
    assert.ok(hop.details!.some((detail) => /none carries the Service address/.test(detail)));
  });

  test('from outside to a NodePort: per-packet translation at the device, SNAT when the backend is on another node', () => {
    const snapshot = snapshotOf(MANIFESTS, CILIUM);
    const remote = serviceHop(snapshot, '198.51.100.7', `${snapshot.nodes[0]!.addresses[0]}:30080`);
    assert.match(remote.decision, /^Cilium's eBPF load balancing at node-1's network device translates the packet to 10\.244\.1\.10:8080/);
    assert.equal(remote.after?.src, snapshot.nodes[0]!.addresses[0]);
    const local = serviceHop(snapshot, '198.51.100.7', `${snapshot.nodes[1]!.addresses[0]}:30080`);
    assert.equal(local.after?.src, '198.51.100.7', 'a backend on the node: the client address is kept');
  });
});
