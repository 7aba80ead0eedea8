import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ipvsHashBucket } from '../../../server/src/engine/kubeProxy/ipvsScheduler';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceDestination, TraceHop, TraceSource } from '../../../server/src/engine/trace/types';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { snapshotOf } from '../../support/engineFixtures';

// Fixtures of our own, from the kernel's schedulers (net/netfilter/ipvs/ip_vs_sh.c, ip_vs_dh.c): the address
// (IPv6 folded by XOR of its four 32-bit words) times 2654435761, masked to the 256-bucket table; the buckets
// hold the servers in turn, each as many times as its weight (kube-proxy gives weight 1).
const MANIFESTS = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {type: NodePort, clusterIP: 10.96.0.80, selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]}
${['a', 'b', 'c']
  .map((name, index) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-${name}, namespace: shop, labels: {app: web}}\nspec: {nodeName: node-${index + 1}, containers: [{name: web, ports: [{containerPort: 8080}]}]}\nstatus: {podIP: 10.244.${index}.10}\n`)
  .join('')}---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {nodeName: node-1, containers: [{name: client}]}
status: {podIP: 10.244.0.20}
`;

function kernelBucket(value: bigint): number {
  return Number((value * 2654435761n) & 255n);
}

function proxyHop(snapshot: ClusterSnapshot, from: string, to: string): TraceHop {
  const result = traceRequest({ from: parseSource(from) as TraceSource, to: parseDestination(to) as TraceDestination, protocol: 'TCP' }, snapshot) as Trace;
  assert.ok(!('error' in result));
  return result.hops.find((hop) => hop.component === 'kube-proxy')!;
}

const chosen = (hop: TraceHop) => hop.alternatives!.find((choice) => choice.chosen)!.address;

describe('IPVS schedulers', () => {
  test('the sh/dh hash is the kernel\'s: 32-bit address times 2654435761, low 8 bits; IPv6 folded by XOR', () => {
    assert.equal(ipvsHashBucket('10.0.0.5'), kernelBucket(0x0a000005n));
    assert.equal(ipvsHashBucket('198.51.100.7'), kernelBucket(0xc6336407n));
    assert.equal(ipvsHashBucket('10.96.0.80'), kernelBucket(0x0a600050n));
    const folded = 0x20010db8n ^ 0x00000000n ^ 0x00000000n ^ 0x00000001n;
    assert.equal(ipvsHashBucket('2001:db8::1'), kernelBucket(folded));
  });

  test('sh: every connection from one client address goes to the backend its bucket holds, whatever the port; another address may go elsewhere', () => {
    const snapshot = snapshotOf(MANIFESTS, { kubeProxy: { mode: 'ipvs', scheduler: 'sh' } });
    const node = snapshot.nodes[0]!.addresses[0]!;
    // 198.51.100.7 → bucket 215 → server 215 mod 3 = 2; 198.51.100.8 → bucket 136 → server 1.
    const first = proxyHop(snapshot, '198.51.100.7', `${node}:30080`);
    assert.equal(chosen(first), '10.244.2.10:8080');
    assert.deepEqual(first.alternatives!.map((choice) => choice.probability), [0, 0, 1], 'the hash decides: no sharing of the chance');
    assert.match(first.decision, /the one of 3 endpoints that IPVS scheduler sh gives the source address 198\.51\.100\.7 \(bucket 215 of its 256\)/);
    assert.ok(first.details!.some((detail) => /every connection from 198\.51\.100\.7 to the same server/.test(detail)));
    assert.ok(first.details!.some((detail) => /order the real servers were added/.test(detail)), 'says the kernel\'s table order is not known');
    assert.equal(chosen(proxyHop(snapshot, '198.51.100.8', `${node}:30080`)), '10.244.1.10:8080');
    // The pod's connections to the name and to the address leave from different source ports: same backend.
    const client = snapshot.pods.find((pod) => pod.name === 'client')!.ips[0]!;
    const byName = proxyHop(snapshot, 'shop/client', 'web.shop:80');
    const byAddress = proxyHop(snapshot, 'shop/client', '10.96.0.80:80');
    assert.notEqual(byName.before!.srcPort, byAddress.before!.srcPort);
    assert.equal(chosen(byName), chosen(byAddress));
    assert.equal(chosen(byName), ['10.244.0.10:8080', '10.244.1.10:8080', '10.244.2.10:8080'][ipvsHashBucket(client) % 3]);
  });

  test('dh: everything for the Service address goes to one backend, from every client', () => {
    const snapshot = snapshotOf(MANIFESTS, { kubeProxy: { mode: 'ipvs', scheduler: 'dh' } });
    const expected = ['10.244.0.10:8080', '10.244.1.10:8080', '10.244.2.10:8080'][ipvsHashBucket('10.96.0.80') % 3];
    for (const from of ['shop/client', 'pod:shop/web-a', 'node:node-2']) {
      const hop = proxyHop(snapshot, from, '10.96.0.80:80');
      assert.equal(chosen(hop), expected, from);
      assert.match(hop.decision, /IPVS scheduler dh gives the destination address 10\.96\.0\.80/);
    }
  });

  test('rr and the connection-counting schedulers share the chance, and say how they choose', () => {
    const rr = proxyHop(snapshotOf(MANIFESTS, { kubeProxy: { mode: 'ipvs', scheduler: 'rr' } }), 'shop/client', 'web.shop:80');
    assert.deepEqual(rr.alternatives!.map((choice) => choice.probability), [1 / 3, 1 / 3, 1 / 3]);
    assert.match(rr.decision, /IPVS scheduler rr, round robin: each new connection to the next server in turn, 33% each/);
    const lc = proxyHop(snapshotOf(MANIFESTS, { kubeProxy: { mode: 'ipvs', scheduler: 'lc' } }), 'shop/client', 'web.shop:80');
    assert.match(lc.decision, /least-connection, the server with the fewest active connections/);
    assert.ok(lc.details!.some((detail) => /live connection counts/.test(detail)));
    const lblc = proxyHop(snapshotOf(MANIFESTS, { kubeProxy: { mode: 'ipvs', scheduler: 'lblc' } }), 'shop/client', 'web.shop:80');
    assert.ok(lblc.details!.some((detail) => /one destination address \(here 10\.96\.0\.80, for every client\)/.test(detail)));
    const wrr = proxyHop(snapshotOf(MANIFESTS, { kubeProxy: { mode: 'ipvs', scheduler: 'wrr' } }), 'shop/client', 'web.shop:80');
    assert.ok(wrr.details!.some((detail) => /weight 1: it behaves as rr/.test(detail)));
  });

  test('mh: one client address, one backend', () => {
    const snapshot = snapshotOf(MANIFESTS, { kubeProxy: { mode: 'ipvs', scheduler: 'mh' } });
    const byName = proxyHop(snapshot, 'shop/client', 'web.shop:80');
    assert.equal(chosen(byName), chosen(proxyHop(snapshot, 'shop/client', '10.96.0.80:80')));
    assert.deepEqual([...byName.alternatives!.map((choice) => choice.probability)].sort(), [0, 0, 1]);
    assert.ok(byName.details!.some((detail) => /hash key the kernel draws at random/.test(detail)));
  });
});
