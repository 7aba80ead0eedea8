import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerQuery } from '../../../server/src/engine/dns/clusterDns';
import type { DnsAnswer } from '../../../server/src/engine/dns/types';
import { readProfile } from '../../../server/src/engine/profile';
import { readProfileFile } from '../../../server/src/model/profileFile';
import { answerRequest } from '../../../server/src/features/query';
import { snapshotOf } from '../../support/engineFixtures';

// Fixtures after coredns/coredns plugin/kubernetes handler_test.go (TestServeDNS: svc1, svc-dual-stack, hdls1,
// hdlsprtls) and kubernetes.go (findServices, findPods), with backend_lookup.go's SRV weights.
const TEXT = `apiVersion: v1
kind: Namespace
metadata: {name: testns}
---
apiVersion: v1
kind: Service
metadata: {name: svc1, namespace: testns}
spec:
  clusterIP: 10.96.0.21
  ports: [{name: http, port: 80, protocol: TCP}]
---
apiVersion: v1
kind: Service
metadata: {name: multi, namespace: testns}
spec:
  clusterIP: 10.96.0.22
  ports: [{name: http, port: 80}, {name: https, port: 443}, {name: dns, port: 53, protocol: UDP}]
---
apiVersion: v1
kind: Service
metadata: {name: svc-dual-stack, namespace: testns}
spec:
  ipFamilyPolicy: RequireDualStack
  clusterIPs: [10.96.0.23, 'fd00:10:96::23']
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: hdls1, namespace: testns}
spec:
  clusterIP: None
  ports: [{name: http, port: 80}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: hdls1-a, namespace: testns, labels: {kubernetes.io/service-name: hdls1}}
addressType: IPv4
ports: [{name: http, port: 80, protocol: TCP}]
endpoints:
- addresses: [172.0.0.2]
- addresses: [172.0.0.3]
- addresses: [172.0.0.4]
  hostname: dup-name
- addresses: [172.0.0.5]
  hostname: dup-name
---
apiVersion: v1
kind: Service
metadata: {name: portless, namespace: testns}
spec:
  clusterIP: None
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: portless-a, namespace: testns, labels: {kubernetes.io/service-name: portless}}
addressType: IPv4
ports: [{name: metrics, port: 9090, protocol: TCP}, {name: gossip, port: 7946, protocol: UDP}]
endpoints:
- addresses: [172.0.0.10]
- addresses: [172.0.0.11]
---
apiVersion: v1
kind: Service
metadata: {name: hdlsprtls, namespace: testns}
spec:
  clusterIP: None
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: hdlsprtls-a, namespace: testns, labels: {kubernetes.io/service-name: hdlsprtls}}
addressType: IPv4
endpoints:
- addresses: [172.0.0.20]
---
apiVersion: v1
kind: Service
metadata: {name: external, namespace: testns}
spec: {type: ExternalName, externalName: ext.interwebs.test}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: testns}
spec:
  containers: [{name: c, image: nginx}]
status:
  phase: Running
  podIP: 10.244.1.7
  podIPs: [{ip: 10.244.1.7}]
`;

const ZONE = 'cluster.local.';
const srv = (result: DnsAnswer) => result.answer.map((record) => (typeof record.data === 'string' ? `${record.type} ${record.data}` : `${record.data.priority} ${record.data.weight} ${record.data.port} ${record.data.target}`));

describe('CoreDNS SRV records for a Service name', () => {
  const snapshot = snapshotOf(TEXT);
  const ask = (name: string) => answerQuery(`${name}.testns.svc.${ZONE}`, 'SRV', snapshot);

  test('a ClusterIP Service: one record per port, its own name as target (handler_test.go svc1)', () => {
    const result = ask('svc1');
    assert.equal(result.rcode, 'NOERROR');
    assert.deepEqual(srv(result), ['0 100 80 svc1.testns.svc.cluster.local.']);
  });

  test('several ports: one record each, weight floor(100 / n)', () => {
    assert.deepEqual(srv(ask('multi')), ['0 33 80 multi.testns.svc.cluster.local.', '0 33 443 multi.testns.svc.cluster.local.', '0 33 53 multi.testns.svc.cluster.local.']);
  });

  test('a dual-stack Service gives one record, not one per clusterIP; each address counted in the weight (handler_test.go svc-dual-stack: 0 50 80)', () => {
    assert.deepEqual(srv(ask('svc-dual-stack')), ['0 50 80 svc-dual-stack.testns.svc.cluster.local.']);
  });

  test('a headless Service: one record per endpoint and port, endpoints with one hostname merged', () => {
    assert.deepEqual(srv(ask('hdls1')), [
      '0 25 80 172-0-0-2.hdls1.testns.svc.cluster.local.',
      '0 25 80 172-0-0-3.hdls1.testns.svc.cluster.local.',
      '0 25 80 dup-name.hdls1.testns.svc.cluster.local.',
    ]);
  });

  test('a headless Service whose endpoints list no ports has no SRV record: NODATA, while its A records stand (hdlsprtls)', () => {
    const result = ask('hdlsprtls');
    assert.deepEqual([result.rcode, result.answer.length], ['NOERROR', 0]);
    assert.deepEqual(answerQuery(`hdlsprtls.testns.svc.${ZONE}`, 'A', snapshot).answer.map((record) => record.data), ['172.0.0.20']);
  });
});

describe('CoreDNS _port._proto for a headless Service: the ports of its EndpointSlices', () => {
  const snapshot = snapshotOf(TEXT);
  const ask = (name: string) => answerQuery(`${name}.testns.svc.${ZONE}`, 'SRV', snapshot);

  test('a headless Service without ports of its own answers for the ports its slices list, one record per endpoint', () => {
    const result = ask('_metrics._tcp.portless');
    assert.equal(result.rcode, 'NOERROR');
    assert.deepEqual(srv(result), ['0 50 9090 172-0-0-10.portless.testns.svc.cluster.local.', '0 50 9090 172-0-0-11.portless.testns.svc.cluster.local.']);
    assert.deepEqual(srv(ask('_gossip._udp.portless')).length, 2);
  });

  test('the protocol must match too, and a port no slice lists is NXDOMAIN', () => {
    assert.equal(ask('_gossip._tcp.portless').rcode, 'NXDOMAIN');
    assert.equal(ask('_http._tcp.portless').rcode, 'NXDOMAIN');
  });

  test('the weight counts every address, also those merged under one hostname (handler_test.go _http._tcp.hdls1: 5 records of 6 addresses, weight 16)', () => {
    assert.deepEqual(srv(ask('_http._tcp.hdls1')).map((line) => line.split(' ')[1]), ['25', '25', '25'], '3 records of 4 addresses: floor(100 / 4)');
  });
});

describe('record types the kubernetes plugin does not serve', () => {
  const snapshot = snapshotOf(TEXT);

  for (const type of ['HINFO', 'MX', 'ANY', 'CAA']) {
    test(`${type}: NODATA for a name that exists, NXDOMAIN for one that does not (handler.go: a fake A lookup)`, () => {
      for (const name of [`svc1.testns.svc.${ZONE}`, `hdls1.testns.svc.${ZONE}`, `external.testns.svc.${ZONE}`, `10-244-1-7.testns.pod.${ZONE}`, `testns.svc.${ZONE}`]) {
        const result = answerQuery(name, type, snapshot);
        assert.deepEqual([result.rcode, result.answer.length], ['NOERROR', 0], name);
      }
      assert.equal(answerQuery(`nosuch.testns.svc.${ZONE}`, type, snapshot).rcode, 'NXDOMAIN');
      assert.equal(answerQuery(`svc1.nons.svc.${ZONE}`, type, snapshot).rcode, 'NXDOMAIN');
    });
  }

  test('the query answers them too, and refuses only what is no record type', () => {
    const hinfo = answerRequest({ id: 1, kind: 'dns', name: `svc1.testns.svc.${ZONE}`, type: 'hinfo' }, snapshot);
    assert.deepEqual([hinfo['rcode'], hinfo['answer']], ['NOERROR', []]);
    assert.equal(answerRequest({ id: 2, kind: 'dns', name: `nope.testns.svc.${ZONE}`, type: 'MX' }, snapshot)['rcode'], 'NXDOMAIN');
    assert.match(String(answerRequest({ id: 3, kind: 'dns', name: 'x', type: '1 2' }, snapshot)['error']), /record type/);
  });
});

describe('CoreDNS pods mode (the profile\'s dns.pods)', () => {
  const ask = (name: string, pods?: string) => {
    const result = answerQuery(`${name}.${ZONE}`, 'A', snapshotOf(TEXT, pods ? { dns: { pods } } : {}));
    return [result.rcode, ...result.answer.map((record) => String(record.data))];
  };

  test('insecure (the default): any address written with dashes, in a namespace that exists', () => {
    assert.deepEqual(ask('10-244-1-7.testns.pod'), ['NOERROR', '10.244.1.7']);
    assert.deepEqual(ask('10-9-9-9.testns.pod'), ['NOERROR', '10.9.9.9']);
    assert.deepEqual(ask('10-9-9-9.testns.pod', 'insecure'), ['NOERROR', '10.9.9.9']);
  });

  test('verified: only an address a pod of that namespace has', () => {
    assert.deepEqual(ask('10-244-1-7.testns.pod', 'verified'), ['NOERROR', '10.244.1.7']);
    assert.deepEqual(ask('10-9-9-9.testns.pod', 'verified'), ['NXDOMAIN']);
    assert.deepEqual(ask('10-244-1-7.default.pod', 'verified'), ['NXDOMAIN']);
  });

  test('disabled: no pod name answers, not even a pod\'s own', () => {
    assert.deepEqual(ask('10-244-1-7.testns.pod', 'disabled'), ['NXDOMAIN']);
    assert.deepEqual(ask('testns.pod', 'disabled'), ['NXDOMAIN']);
    assert.deepEqual(ask('svc1.testns.svc', 'disabled'), ['NOERROR', '10.96.0.21']);
  });

  test('the setting is read and checked: a bad value is a problem at dns.pods, and the default stays', () => {
    assert.equal(readProfile({ dns: { pods: 'verified' } }).profile.dns.pods, 'verified');
    const { profile, problems } = readProfileFile('dns:\n  pods: strict\n');
    assert.equal(profile.dns.pods, 'insecure');
    assert.deepEqual(problems.map((problem) => problem.path), ['dns.pods']);
    assert.match(problems[0]!.message, /insecure, verified, disabled/);
    assert.deepEqual(readProfile({ dns: 'verified' }).problems.map((problem) => problem.path), ['dns']);
  });
});
