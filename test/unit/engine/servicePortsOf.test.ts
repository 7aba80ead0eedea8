import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderProxyRules } from '../../../server/src/engine/kubeProxy/renderRules';
import { serviceRejection } from '../../../server/src/engine/kubeProxy/rejectedServices';
import { proxyServicePorts, servicePortsNamed, servicePortsOf } from '../../../server/src/engine/kubeProxy/servicePorts';
import { snapshotOf } from '../../support/engineFixtures';

// Services a trace meets one at a time: several ports (named, unnamed, two protocols), a Service written twice
// (the second with a port name that sorts between the first's), one the API server refuses, a headless one and an
// ExternalName, over pods in two namespaces.
const MANIFESTS = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports:
  - {name: metrics, port: 9090, targetPort: 9090}
  - {name: dns, port: 53, protocol: UDP, targetPort: 5353}
  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 5353}
  - {name: http, port: 80, targetPort: 8080}
---
apiVersion: v1
kind: Service
metadata: {name: twice, namespace: shop}
spec: {selector: {app: web}, ports: [{name: b, port: 81, targetPort: 8080}, {name: d, port: 83, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: twice, namespace: shop}
spec: {type: NodePort, selector: {app: web}, ports: [{name: c, port: 82, targetPort: 8080, nodePort: 30082}]}
---
apiVersion: v1
kind: Service
metadata: {name: refused, namespace: shop}
spec: {clusterIP: 10.0.0.5, selector: {app: web}, ports: [{port: 84, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: headless, namespace: shop}
spec: {clusterIP: None, selector: {app: web}, ports: [{port: 85, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: away, namespace: shop}
spec: {type: ExternalName, externalName: example.com}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: back}
spec: {selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web, ports: [{containerPort: 8080}, {containerPort: 9090, name: metrics}, {containerPort: 5353, protocol: UDP}, {containerPort: 5353}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: back}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api, ports: [{containerPort: 8080}]}]}
`;

describe('one Service\'s ports as kube-proxy programs them', () => {
  test('are the entries of the whole list for that Service, in its order, whichever is asked first', () => {
    const wholeFirst = snapshotOf(MANIFESTS);
    const all = proxyServicePorts(wholeFirst);
    const oneFirst = snapshotOf(MANIFESTS);
    const each = oneFirst.services.map((service) => servicePortsOf(oneFirst, service));
    assert.ok(all.length >= 8, 'the fixture has ports to compare');
    oneFirst.services.forEach((service, index) => {
      const expected = all.filter((entry) => entry.service.namespace === service.namespace && entry.service.name === service.name && entry.service.ports === wholeFirst.services.at(index)!.ports);
      assert.deepEqual(each[index], expected, `${service.namespace}/${service.name}`);
    });
    assert.deepEqual(proxyServicePorts(oneFirst), all);
  });

  test('of a name written twice are both Services\' ports, sorted together as in the whole list', () => {
    const snapshot = snapshotOf(MANIFESTS);
    const named = servicePortsNamed(snapshot, 'shop', 'twice');
    assert.deepEqual(named, proxyServicePorts(snapshot).filter((entry) => entry.service.namespace === 'shop' && entry.service.name === 'twice'));
    assert.deepEqual(
      named.map((entry) => entry.name),
      ['shop/twice:b', 'shop/twice:c', 'shop/twice:d'],
    );
  });

  test('leave out a refused Service, the headless and the ExternalName', () => {
    const snapshot = snapshotOf(MANIFESTS);
    for (const name of ['refused', 'headless', 'away']) assert.deepEqual(servicePortsNamed(snapshot, 'shop', name), [], name);
    assert.match(serviceRejection(snapshot, snapshot.services.find((service) => service.name === 'refused')!)!.reason, /not in the service CIDR/);
  });

  test('render the same rules as the whole list filtered to the Service', () => {
    const snapshot = snapshotOf(MANIFESTS);
    const web = snapshot.services.find((service) => service.name === 'web')!;
    for (const mode of ['iptables', 'nftables', 'ipvs'] as const) {
      assert.equal(
        renderProxyRules(snapshot, mode, 'node-1', servicePortsOf(snapshot, web)),
        renderProxyRules(snapshot, mode, 'node-1', proxyServicePorts(snapshot).filter((entry) => entry.service === web)),
        mode,
      );
    }
  });
});
