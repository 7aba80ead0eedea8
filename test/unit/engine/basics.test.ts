import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { addressAt, addressFromReverseName, cidrContains, parseAddress, parseCidr, reverseName, subnetAt } from '../../../server/src/engine/cidr';
import { endpointChain, nftablesName, serviceChain } from '../../../server/src/engine/kubeProxy/chainNames';
import { matchesLabelSelector } from '../../../server/src/engine/labels';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { base32, sha256 } from '../../../server/src/engine/sha256';
import type { NetworkPolicy } from '../../../server/src/engine/objects';

describe('addresses and CIDRs', () => {
  test('parses, normalises and contains', () => {
    assert.deepEqual(parseAddress('10.0.0.1'), { address: '10.0.0.1', family: 'IPv4' });
    assert.deepEqual(parseAddress('2001:DB8:0:0::1'), { address: '2001:db8::1', family: 'IPv6' });
    assert.equal(parseAddress('10.1'), undefined, 'short IPv4 forms are not addresses');
    assert.equal(parseAddress('nope'), undefined);
    assert.equal(parseCidr('10.96.5.3/12')?.text, '10.96.0.0/12');
    assert.equal(parseCidr('10.0.0.0/33'), undefined);
    assert.ok(cidrContains(parseCidr('10.96.0.0/12')!, '10.111.255.254'));
    assert.ok(!cidrContains(parseCidr('10.96.0.0/12')!, '10.112.0.0'));
    assert.ok(!cidrContains(parseCidr('10.96.0.0/12')!, '2001:db8::1'), 'families never mix');
    assert.equal(addressAt(parseCidr('10.96.0.0/12')!, 10), '10.96.0.10');
    assert.equal(subnetAt(parseCidr('10.244.0.0/16')!, 24, 3)?.text, '10.244.3.0/24');
    assert.equal(subnetAt(parseCidr('10.244.0.0/16')!, 24, 256), undefined);
  });

  test('reverse names round-trip for IPv4 and IPv6', () => {
    assert.equal(reverseName('10.3.0.1'), '1.0.3.10.in-addr.arpa.');
    assert.equal(reverseName('2001:db8::1'), '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.');
    for (const address of ['10.3.0.1', '192.168.255.7', '2001:db8::1', 'fd00:10:96::a']) assert.equal(addressFromReverseName(reverseName(address)!), address);
    assert.equal(addressFromReverseName('1.2.in-addr.arpa.'), undefined);
  });
});

describe('SHA-256, base32 and kube-proxy chain names', () => {
  test('sha256 agrees with node:crypto', () => {
    for (const text of ['', 'abc', 'ünïcødé', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(1000)]) {
      assert.equal(Buffer.from(sha256(text)).toString('hex'), createHash('sha256').update(text).digest('hex'), text.slice(0, 10));
    }
    assert.equal(base32(new TextEncoder().encode('foobar')), 'MZXW6YTBOI======');
  });

  test('chain names are the ones real clusters show', () => {
    // Well known from every kubeadm cluster's iptables-save.
    assert.equal(serviceChain('default/kubernetes:https', 'tcp'), 'KUBE-SVC-NPX46M4PTMTKRN6Y');
    assert.equal(serviceChain('kube-system/kube-dns:dns', 'udp'), 'KUBE-SVC-TCOU7JCQXEZGVUNU');
    assert.equal(serviceChain('kube-system/kube-dns:dns-tcp', 'tcp'), 'KUBE-SVC-ERIFXISQEP7F7OF4');
    assert.equal(serviceChain('kube-system/kube-dns:metrics', 'tcp'), 'KUBE-SVC-JD5MR3NA4I4DYORP');
    assert.match(endpointChain('default/kubernetes:https', 'tcp', '192.168.0.2:6443'), /^KUBE-SEP-[A-Z2-7]{16}$/);
    assert.match(nftablesName('ns1/svc1/tcp/p80'), /^[A-Z2-7]{8}-ns1\/svc1\/tcp\/p80$/);
  });
});

describe('label selectors', () => {
  test('matchLabels AND matchExpressions with every operator', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector:
    matchLabels: {app: web}
    matchExpressions:
      - {key: tier, operator: In, values: [a, b]}
      - {key: env, operator: NotIn, values: [prod]}
      - {key: team, operator: Exists}
      - {key: legacy, operator: DoesNotExist}
`;
    const selector = (parseManifest('file:///p.yaml', text).objects[0] as NetworkPolicy).spec!.podSelector!;
    assert.ok(matchesLabelSelector(selector, { app: 'web', tier: 'a', team: 'x' }));
    assert.ok(matchesLabelSelector(selector, { app: 'web', tier: 'b', team: 'x', env: 'dev' }));
    assert.ok(!matchesLabelSelector(selector, { app: 'web', tier: 'c', team: 'x' }), 'In');
    assert.ok(!matchesLabelSelector(selector, { app: 'web', tier: 'a', team: 'x', env: 'prod' }), 'NotIn');
    assert.ok(!matchesLabelSelector(selector, { app: 'web', tier: 'a' }), 'Exists');
    assert.ok(!matchesLabelSelector(selector, { app: 'web', tier: 'a', team: 'x', legacy: '1' }), 'DoesNotExist');
    assert.ok(!matchesLabelSelector(selector, { app: 'api', tier: 'a', team: 'x' }), 'matchLabels');
  });
});
