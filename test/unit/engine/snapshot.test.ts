import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { snapshotOf } from '../../support/engineFixtures';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, ports: [{name: http, containerPort: 8080}]}]
`;

describe('cluster snapshot', () => {
  test('is deterministic: the same manifests give the same pods, IPs and ports', () => {
    const text = `${DEPLOYMENT}---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {type: NodePort, selector: {app: web}, ports: [{port: 80, targetPort: http}]}\n`;
    assert.deepEqual(snapshotOf(text), snapshotOf(text));
  });

  test('pods are named like the controllers name them and spread over the nodes in their ranges', () => {
    const text = `${DEPLOYMENT}---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db}]}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template: {metadata: {labels: {app: agent}}, spec: {hostNetwork: true, containers: [{name: agent}]}}
`;
    const snapshot = snapshotOf(text);
    const web = snapshot.pods.filter((pod) => pod.workload.name === 'web');
    assert.equal(web.length, 3);
    for (const pod of web) assert.match(pod.name, /^web-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(new Set(web.map((pod) => pod.name.split('-')[1])).size, 1, 'one ReplicaSet');
    assert.equal(new Set(web.map((pod) => pod.node)).size, 3, 'spread over the three nodes');
    for (const pod of web) {
      const node = snapshot.nodes.find((candidate) => candidate.name === pod.node)!;
      assert.ok(pod.ips[0]!.startsWith(node.podCIDRs[0]!.text.replace('.0/24', '.')), `${pod.ips[0]} in ${node.podCIDRs[0]!.text}`);
    }
    assert.deepEqual(snapshot.pods.filter((pod) => pod.workload.name === 'db').map((pod) => [pod.name, pod.hostname, pod.subdomain]), [
      ['db-0', 'db-0', 'db'],
      ['db-1', 'db-1', 'db'],
    ]);
    const agents = snapshot.pods.filter((pod) => pod.workload.name === 'agent');
    assert.deepEqual(agents.map((pod) => pod.node).sort(), ['node-1', 'node-2', 'node-3'], 'one per node');
    assert.deepEqual(agents.map((pod) => pod.ips[0]).sort(), snapshot.nodes.map((node) => node.addresses[0]).sort(), 'hostNetwork pods use the node address');
  });

  test('ClusterIPs: kubernetes at .1, kube-dns at .10, explicit ones honoured and checked', () => {
    const snapshot = snapshotOf(`apiVersion: v1
kind: Service
metadata: {name: fixed, namespace: a}
spec: {clusterIP: 10.96.0.50, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: outside, namespace: a}
spec: {clusterIP: 172.16.0.1, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: auto, namespace: a}
spec: {ports: [{port: 80}]}
`);
    const ip = (namespace: string, name: string) => snapshot.services.find((service) => service.namespace === namespace && service.name === name)?.clusterIPs;
    assert.deepEqual(ip('default', 'kubernetes'), ['10.96.0.1']);
    assert.deepEqual(ip('kube-system', 'kube-dns'), ['10.96.0.10']);
    assert.deepEqual(ip('a', 'fixed'), ['10.96.0.50']);
    assert.match(ip('a', 'auto')![0]!, /^10\.(9[6-9]|10[0-9]|11[01])\./);
    assert.ok(snapshot.notes.some((note) => note.message.includes('172.16.0.1') && note.message.includes('outside the service CIDR')));
  });

  test('NodePorts: explicit ones kept, collisions and out-of-range values noted, others allocated in range', () => {
    const snapshot = snapshotOf(`apiVersion: v1
kind: Service
metadata: {name: a, namespace: x}
spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}
---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: x}
spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}, {name: low, port: 81, nodePort: 80}, {name: auto, port: 82}]}
`);
    const b = snapshot.services.find((service) => service.name === 'b')!;
    assert.equal(b.ports[0]!.nodePort, 30080);
    const auto = b.ports[2]!.nodePort!;
    assert.ok(auto >= 30000 && auto <= 32767 && auto !== 30080);
    assert.ok(snapshot.notes.some((note) => note.message === 'nodePort 30080 is already used by Service x/a.'));
    assert.ok(snapshot.notes.some((note) => note.message.startsWith('nodePort 80 is outside the NodePort range')));
  });

  test('a named targetPort resolves per pod: two pods may give two numbers', () => {
    const snapshot = snapshotOf(`apiVersion: v1
kind: Pod
metadata: {name: old, namespace: a, labels: {app: x}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: new, namespace: a, labels: {app: x}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: x, namespace: a}
spec: {selector: {app: x}, ports: [{port: 80, targetPort: http}]}
`);
    const endpoints = snapshot.endpoints.get('a/x')!;
    assert.deepEqual(endpoints.endpoints.map((endpoint) => [endpoint.pod, endpoint.ports['']]).sort(), [
      ['a/new', 9090],
      ['a/old', 8080],
    ]);
  });

  test('namespaces carry the automatic kubernetes.io/metadata.name label', () => {
    const snapshot = snapshotOf('apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: a}}\n');
    assert.deepEqual(snapshot.namespaces.get('shop'), { team: 'a', 'kubernetes.io/metadata.name': 'shop' });
    assert.deepEqual(snapshot.namespaces.get('kube-system'), { 'kubernetes.io/metadata.name': 'kube-system' });
  });
});
