import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderProxyRules } from '../../../server/src/engine/kubeProxy/renderRules';
import { serviceChain } from '../../../server/src/engine/kubeProxy/chainNames';
import { snapshotOf } from '../../support/engineFixtures';

const MANIFESTS = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {clusterIP: 10.96.0.80, selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: shop}
spec: {clusterIP: 10.96.0.81, selector: {app: nobody}, ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: edge, namespace: shop}
spec: {type: NodePort, externalTrafficPolicy: Local, clusterIP: 10.96.0.82, selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]}
${['a', 'b', 'c']
  .map((name, index) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-${name}, namespace: shop, labels: {app: web}}\nspec: {nodeName: node-${index + 1}, containers: [{name: web, ports: [{containerPort: 8080}]}]}\nstatus: {podIP: 10.244.${index}.10}\n`)
  .join('')}`;

describe('kube-proxy rules', () => {
  const snapshot = snapshotOf(MANIFESTS);

  test('iptables: a service chain with statistic probabilities and DNAT per endpoint', () => {
    const rules = renderProxyRules(snapshot, 'iptables', 'node-1').split('\n');
    const chain = serviceChain('shop/web:http', 'tcp');
    assert.ok(rules.includes(`-A KUBE-SERVICES -m comment --comment "shop/web:http cluster IP" -m tcp -p tcp -d 10.96.0.80 --dport 80 -j ${chain}`));
    const balancing = rules.filter((rule) => rule.startsWith(`-A ${chain} `) && rule.includes('->'));
    assert.deepEqual(
      balancing.map((rule) => /--probability (\S+)/.exec(rule)?.[1] ?? 'last'),
      ['0.3333333333', '0.5000000000', 'last'],
    );
    assert.ok(rules.some((rule) => /^-A KUBE-SEP-[A-Z2-7]{16} -m comment --comment shop\/web:http -m tcp -p tcp -j DNAT --to-destination 10\.244\.0\.10:8080$/.test(rule)));
    assert.ok(rules.includes(`-A ${chain} -m comment --comment "shop/web:http cluster IP" -m tcp -p tcp -d 10.96.0.80 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ`));
  });

  test('iptables: a Service with no endpoints is rejected in the filter table', () => {
    const text = renderProxyRules(snapshot, 'iptables', 'node-1');
    const filter = text.slice(text.indexOf('*filter'), text.indexOf('*nat'));
    assert.ok(filter.includes('-A KUBE-SERVICES -m comment --comment "shop/empty has no endpoints" -m tcp -p tcp -d 10.96.0.81 --dport 8080 -j REJECT'));
    assert.ok(!text.slice(text.indexOf('*nat')).includes('shop/empty'));
  });

  test('iptables: NodePort with externalTrafficPolicy Local keeps to local endpoints', () => {
    const rules = renderProxyRules(snapshot, 'iptables', 'node-2').split('\n');
    assert.ok(rules.some((rule) => /^-A KUBE-NODEPORTS -m comment --comment shop\/edge:http -m tcp -p tcp --dport 30080 -j KUBE-EXT-/.test(rule)));
    const local = rules.filter((rule) => rule.startsWith('-A KUBE-SVL-') && rule.includes('->'));
    assert.deepEqual(local.map((rule) => /-> (\S+)"/.exec(rule)?.[1]), ['10.244.1.10:8080'], 'only the endpoint on node-2');
  });

  test('ipvs: one virtual server per address and port, with the scheduler', () => {
    const text = renderProxyRules(snapshotOf(MANIFESTS, { kubeProxy: { scheduler: 'lc' } }), 'ipvs', 'node-1');
    assert.match(text, /^TCP {2}10\.96\.0\.80:80 lc\n {2}-> 10\.244\.0\.10:8080 +Masq +1 +0 +0\n {2}-> 10\.244\.1\.10:8080/m);
    assert.match(text, /^TCP {2}192\.168\.0\.2:30080 lc$/m);
  });

  test('nftables: cluster IPs in the service-ips map, numgen over endpoint chains', () => {
    const text = renderProxyRules(snapshot, 'nftables', 'node-1');
    assert.match(text, /add element ip kube-proxy service-ips \{ 10\.96\.0\.80 \. tcp \. 80 : goto service-[A-Z2-7]{8}-shop\/web\/tcp\/http \}/);
    assert.match(text, /numgen random mod 3 vmap \{ 0 : goto endpoint-[A-Z2-7]{8}-shop\/web\/tcp\/http__10\.244\.0\.10\/8080/);
    assert.match(text, /add element ip kube-proxy no-endpoint-services \{ 10\.96\.0\.81 \. tcp \. 8080 comment "shop\/empty" : goto reject-chain \}/);
  });
});
