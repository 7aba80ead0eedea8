import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderProxyRules } from '../../../server/src/engine/kubeProxy/renderRules';
import { endpointChain, firewallChain, nftablesName, serviceChain } from '../../../server/src/engine/kubeProxy/chainNames';
import { readProfile } from '../../../server/src/engine/profile';
import { snapshotOf } from '../../support/engineFixtures';

/**
 * kube-proxy's rules as its current proxier.go writes them (kubernetes/kubernetes pkg/proxy/iptables and
 * pkg/proxy/nftables, syncProxyRules and writeServiceToEndpointRules; the cases follow their proxier_test.go).
 */
const NODE = { name: 'test-node', addresses: ['192.168.0.2'] };
const PROFILE = { podCIDR: ['10.0.0.0/8'], serviceCIDR: ['172.30.0.0/16'], nodes: [NODE, { name: 'node2', addresses: ['192.168.0.3'] }] };

/** A Service without a selector and its EndpointSlice, as kube-proxy's tests make them. */
function service(spec: string, endpoints: string, name = 'svc1', status = ''): string {
  return [
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ns1}\nspec:\n${spec}\n${status}`,
    `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: ${name}-1, namespace: ns1, labels: {kubernetes.io/service-name: ${name}}}\naddressType: IPv4\nendpoints: ${endpoints}\nports: [{name: p80, port: 80, protocol: TCP}]\n`,
  ].join('---\n');
}

const rulesOf = (manifests: string, mode: 'iptables' | 'nftables', profile: object = {}) => renderProxyRules(snapshotOf(manifests, { ...PROFILE, ...profile }), mode, 'test-node').split('\n');
const TWO_ENDPOINTS = '[{addresses: [10.180.0.1], nodeName: test-node}, {addresses: [10.180.0.2], nodeName: node2}]';
const AFFINITY = '  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80}]\n  sessionAffinity: ClientIP';

describe('kube-proxy iptables rules as current kube-proxy writes them', () => {
  test('host addresses without /32, and no canary chains in the payload', () => {
    const text = rulesOf(service('  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80}]', TWO_ENDPOINTS), 'iptables').join('\n');
    assert.match(text, / -d 172\.30\.0\.41 --dport 80 -j KUBE-SVC-/);
    assert.match(text, / -s 10\.180\.0\.1 -j KUBE-MARK-MASQ/);
    assert.doesNotMatch(text, /\/32/);
    assert.doesNotMatch(text, /CANARY|KUBE-MARK-DROP/);
  });

  test('--random-fully as the profile says, by default as on a current kernel', () => {
    const manifests = service('  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80}]', TWO_ENDPOINTS);
    const masquerade = (profile: object) => rulesOf(manifests, 'iptables', profile).find((rule) => rule.includes('-j MASQUERADE'));
    assert.equal(masquerade({}), '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
    assert.equal(masquerade({ kubeProxy: { masqueradeRandomFully: false } }), '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE');
    assert.deepEqual(readProfile({ kubeProxy: { masqueradeRandomFully: 'yes' } }).problems.map((problem) => problem.path), ['kubeProxy.masqueradeRandomFully']);
  });

  test('session affinity: every recent check comes before the statistic choices', () => {
    const rules = rulesOf(service(AFFINITY, TWO_ENDPOINTS), 'iptables');
    const chain = serviceChain('ns1/svc1:p80', 'tcp');
    const [first, second] = ['10.180.0.1:80', '10.180.0.2:80'].map((address) => endpointChain('ns1/svc1:p80', 'tcp', address));
    assert.deepEqual(
      rules.filter((rule) => rule.startsWith(`-A ${chain} `) && rule.includes('->')),
      [
        `-A ${chain} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m recent --name ${first} --rcheck --seconds 10800 --reap -j ${first}`,
        `-A ${chain} -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -m recent --name ${second} --rcheck --seconds 10800 --reap -j ${second}`,
        `-A ${chain} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.5000000000 -j ${first}`,
        `-A ${chain} -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -j ${second}`,
      ],
    );
    assert.ok(rules.includes(`-A ${first} -m comment --comment ns1/svc1:p80 -m recent --name ${first} --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80`));
  });

  test('externalTrafficPolicy Local without a local endpoint: DROP in the filter table, the node port matched on local addresses', () => {
    const spec = '  type: NodePort\n  externalTrafficPolicy: Local\n  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80, nodePort: 30001}]';
    const rules = rulesOf(service(spec, '[{addresses: [10.180.0.2], nodeName: node2}]'), 'iptables');
    assert.ok(rules.includes('-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30001 -j DROP'));
    assert.ok(!rules.some((rule) => rule.startsWith('-A KUBE-SVL-')), 'no local chain without a local endpoint');
    // On node2 the endpoint is local: no DROP, and the external chain ends in the local chain.
    const onNode2 = renderProxyRules(snapshotOf(service(spec, '[{addresses: [10.180.0.2], nodeName: node2}]'), PROFILE), 'iptables', 'node2');
    assert.doesNotMatch(onNode2, /has no local endpoints/);
    assert.match(onNode2, /^-A KUBE-EXT-\S+ -j KUBE-SVL-/m);
  });

  test('the health check node port is accepted for a Local LoadBalancer, and only for one', () => {
    const spec = (policy: string) => `  type: LoadBalancer\n  externalTrafficPolicy: ${policy}\n  healthCheckNodePort: 30000\n  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80, nodePort: 30001}]`;
    const accept = '-A KUBE-NODEPORTS -m comment --comment "ns1/svc1:p80 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT';
    assert.ok(rulesOf(service(spec('Local'), TWO_ENDPOINTS), 'iptables').includes(accept));
    assert.ok(!rulesOf(service(spec('Cluster'), TWO_ENDPOINTS), 'iptables').includes(accept));
  });

  test('localhost NodePorts: counted with nfacct when allowed; refused, without KUBE-FIREWALL, when not', () => {
    const manifests = service('  type: NodePort\n  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80, nodePort: 30001}]', TWO_ENDPOINTS);
    const allowed = rulesOf(manifests, 'iptables');
    assert.ok(allowed.some((rule) => /^-A KUBE-NODEPORTS -m comment --comment ns1\/svc1:p80 -m tcp -p tcp -d 127\.0\.0\.0\/8 --dport 30001 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-/.test(rule)));
    assert.ok(allowed.includes('-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP'), 'one space after --nfacct-name');
    const refused = rulesOf(manifests, 'iptables', { kubeProxy: { localhostNodePorts: false } });
    assert.ok(!refused.some((rule) => rule.includes('localhost_nps_accepted_pkts') || rule.includes('KUBE-FIREWALL')));
    assert.ok(refused.includes('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS'));
  });

  test('load balancer source ranges: trimmed, host bits cleared, leading zeros decimal; 0.0.0.0/0 means no firewall', () => {
    const lb = (ranges: string) => service(`  type: LoadBalancer\n  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80, nodePort: 30001}]\n  loadBalancerSourceRanges: ${ranges}`, TWO_ENDPOINTS, 'svc1', 'status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}\n');
    const fw = firewallChain('ns1/svc1:p80', 'tcp');
    const rules = rulesOf(lb('[" 203.0.113.5/25", 010.001.0.0/16]'), 'iptables');
    assert.deepEqual(
      rules.filter((rule) => rule.startsWith(`-A ${fw} `)).map((rule) => /-s (\S+)/.exec(rule)?.[1] ?? 'end'),
      ['203.0.113.0/25', '10.1.0.0/16', 'end'],
    );
    assert.ok(rules.includes(`-A KUBE-PROXY-FIREWALL -m comment --comment "ns1/svc1:p80 traffic not accepted by ${fw}" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP`));
    assert.ok(!rulesOf(lb('[203.0.113.0/25, 0.0.0.0/0]'), 'iptables').some((rule) => rule.includes('KUBE-FW-')));
    // A range holding the node's own address lets the node reach its own VIP.
    assert.ok(rulesOf(lb('[192.168.0.0/24]'), 'iptables').includes(`-A ${fw} -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 1.2.3.4 -j KUBE-EXT-${fw.slice('KUBE-FW-'.length)}`));
  });

  test('IPv4 addresses with leading zeros are read as kube-proxy reads them: decimal', () => {
    const rules = rulesOf(service('  clusterIP: 172.030.000.041\n  externalIPs: [192.168.099.022]\n  ports: [{name: p80, port: 80}]', TWO_ENDPOINTS), 'iptables');
    assert.ok(rules.some((rule) => rule.includes('"ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80')));
    assert.ok(rules.some((rule) => rule.includes('"ns1/svc1:p80 external IP" -m tcp -p tcp -d 192.168.99.22 --dport 80')));
  });

  test('an endpoint is local by its nodeName only, not by the node\'s pod range', () => {
    const manifests = service('  internalTrafficPolicy: Local\n  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80}]', '[{addresses: [10.244.0.7]}]');
    const snapshot = snapshotOf(manifests, { ...PROFILE, nodes: [NODE], podCIDR: ['10.244.0.0/16'] });
    // 10.244.0.7 lies in test-node's pod range, but names no node: kube-proxy finds no local endpoint.
    assert.ok(snapshot.nodes[0]!.podCIDRs.some((cidr) => cidr.text === '10.244.0.0/24'));
    assert.match(renderProxyRules(snapshot, 'iptables', 'test-node'), /"ns1\/svc1:p80 has no local endpoints" -m tcp -p tcp -d 172\.30\.0\.41 --dport 80 -j DROP/);
  });
});

describe('kube-proxy nftables rules as current kube-proxy writes them', () => {
  test('the table: pre-DNAT filter chains, priority-0 filter chains, firewall and NodePort endpoint checks', () => {
    const text = rulesOf(service('  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80}]', TWO_ENDPOINTS), 'nftables').join('\n');
    for (const line of [
      'add chain ip kube-proxy filter-prerouting-pre-dnat { type filter hook prerouting priority -110 ; }',
      'add chain ip kube-proxy filter-output-pre-dnat { type filter hook output priority -110 ; }',
      'add chain ip kube-proxy filter-input { type filter hook input priority 0 ; }',
      'add rule ip kube-proxy filter-output ct state new jump cluster-ips-check',
      'add rule ip kube-proxy firewall-check ip daddr . meta l4proto . th dport vmap @firewall-ips',
      'add rule ip kube-proxy filter-input ct state new jump nodeport-endpoints-check',
      'add rule ip kube-proxy nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports',
      'add map ip kube-proxy no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }',
      // No nodePortAddresses is `primary` in nftables mode: the node's own address.
      'add element ip kube-proxy nodeport-ips { 192.168.0.2 }',
      'add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade',
    ]) {
      assert.ok(text.includes(`${line}\n`), line);
    }
    assert.doesNotMatch(text, /filter-prerouting \{|dport 80 ip saddr/);
  });

  test('nodePortAddresses feed nodeport-ips; 0.0.0.0/0 takes every local address instead', () => {
    const manifests = service('  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80}]', TWO_ENDPOINTS);
    const node = { ...NODE, addresses: ['192.168.0.2', '10.1.0.2'] };
    const listed = rulesOf(manifests, 'nftables', { nodes: [node], kubeProxy: { nodePortAddresses: ['10.1.0.0/16'] } });
    assert.deepEqual(listed.filter((line) => line.includes('element ip kube-proxy nodeport-ips')), ['add element ip kube-proxy nodeport-ips { 10.1.0.2 }']);
    const all = rulesOf(manifests, 'nftables', { nodes: [node], kubeProxy: { nodePortAddresses: ['0.0.0.0/0'] } });
    assert.ok(!all.some((line) => line.includes('nodeport-ips')));
    assert.ok(all.includes('add rule ip kube-proxy services fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports'));
  });

  test('a Local Service with a local endpoint goes through a local- chain; without one, its external traffic is dropped', () => {
    const spec = '  type: NodePort\n  externalTrafficPolicy: Local\n  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80, nodePort: 30001}]';
    const withLocal = rulesOf(service(spec, TWO_ENDPOINTS), 'nftables');
    assert.ok(withLocal.includes('add rule ip kube-proxy external-ULMVA6XW-ns1/svc1/tcp/p80 goto local-ULMVA6XW-ns1/svc1/tcp/p80'));
    assert.ok(withLocal.some((line) => /^add rule ip kube-proxy local-ULMVA6XW-ns1\/svc1\/tcp\/p80 numgen random mod 1 vmap \{ 0 : goto endpoint-\S+__10\.180\.0\.1\/80 \}$/.test(line)));
    const without = rulesOf(service(spec, '[{addresses: [10.180.0.2], nodeName: node2}]'), 'nftables');
    assert.ok(without.includes('add element ip kube-proxy no-endpoint-nodeports { tcp . 30001 comment "ns1/svc1:p80" : drop }'));
    assert.ok(!without.some((line) => line.includes('local-ULMVA6XW')));
  });

  test('session affinity: a timed set per endpoint, checked before numgen and updated in the endpoint chain', () => {
    const lines = rulesOf(service(`${AFFINITY}\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}`, TWO_ENDPOINTS), 'nftables');
    const [first, second] = ['10.180.0.1/80', '10.180.0.2/80'].map((endpoint) => nftablesName(`ns1/svc1/tcp/p80__${endpoint}`));
    const chain = lines.filter((line) => line.startsWith('add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ')).map((line) => line.split(' ').slice(5, 8).join(' '));
    assert.deepEqual(chain, ['ip daddr 172.30.0.41', `ip saddr @affinity-${first}`, `ip saddr @affinity-${second}`, 'numgen random mod']);
    assert.ok(lines.includes(`add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip saddr @affinity-${first} goto endpoint-${first}`));
    assert.ok(lines.includes(`add set ip kube-proxy affinity-${first} { type ipv4_addr ; flags dynamic,timeout ; timeout 600s ; }`));
    assert.ok(lines.includes(`add rule ip kube-proxy endpoint-${first} update @affinity-${first} { ip saddr }`));
  });

  test('a ClusterIP is one cluster-ips element however many ports its Service has', () => {
    const manifests = [
      'apiVersion: v1\nkind: Service\nmetadata: {name: svc1, namespace: ns1}\nspec:\n  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80}, {name: p443, port: 443}]\n',
      'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: svc1-1, namespace: ns1, labels: {kubernetes.io/service-name: svc1}}\naddressType: IPv4\nendpoints: [{addresses: [10.180.0.1]}]\nports: [{name: p80, port: 80}, {name: p443, port: 443}]\n',
    ].join('---\n');
    assert.equal(rulesOf(manifests, 'nftables').filter((line) => line === 'add element ip kube-proxy cluster-ips { 172.30.0.41 }').length, 1);
  });

  test('load balancer source ranges: a firewall- chain and its firewall-ips element', () => {
    const spec = '  type: LoadBalancer\n  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80, nodePort: 30001}]\n  loadBalancerSourceRanges: [192.168.0.0/24, " 203.0.113.0/25"]';
    const lines = rulesOf(service(spec, TWO_ENDPOINTS, 'svc1', 'status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}\n'), 'nftables');
    // The node's own address is in a range: its own requests to the VIP come back from the VIP.
    assert.ok(lines.includes('add rule ip kube-proxy firewall-ULMVA6XW-ns1/svc1/tcp/p80 ip saddr != { 192.168.0.0/24 , 203.0.113.0/25 , 1.2.3.4 } drop'));
    assert.ok(lines.includes('add element ip kube-proxy firewall-ips { 1.2.3.4 . tcp . 80 : goto firewall-ULMVA6XW-ns1/svc1/tcp/p80 }'));
    assert.ok(lines.includes('add element ip kube-proxy service-ips { 1.2.3.4 . tcp . 80 : goto external-ULMVA6XW-ns1/svc1/tcp/p80 }'));
  });
});
