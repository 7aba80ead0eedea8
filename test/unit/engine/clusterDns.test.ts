import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { answerQuery } from '../../../server/src/engine/dns/clusterDns';
import { snapshotOf } from '../../support/engineFixtures';

const service = (name: string, spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ops}\nspec: ${spec}\n`;
const TEXT = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: ops}\n',
  service('real', '{selector: {app: x}, ports: [{port: 80}]}'),
  service('alias', '{type: ExternalName, externalName: real.ops.svc.cluster.local}'),
  service('dangling', '{type: ExternalName, externalName: gone.ops.svc.cluster.local}'),
  service('ping', '{type: ExternalName, externalName: pong.ops.svc.cluster.local}'),
  service('pong', '{type: ExternalName, externalName: ping.ops.svc.cluster.local}'),
  service('outside', '{type: ExternalName, externalName: db.example.com}'),
].join('---\n');

describe('CoreDNS and ExternalName Services', () => {
  const snapshot = snapshotOf(TEXT);
  const ask = (name: string) => {
    const result = answerQuery(`${name}.ops.svc.cluster.local`, 'A', snapshot);
    return [result.rcode, ...result.answer.map((record) => `${record.type} ${String(record.data)}`)];
  };

  test('a target in the cluster zone is answered by CoreDNS itself, with its records or its NXDOMAIN', () => {
    const alias = ask('alias');
    assert.deepEqual(alias.slice(0, 2), ['NOERROR', 'CNAME real.ops.svc.cluster.local.']);
    assert.match(alias[2]!, /^A 10\./);
    assert.deepEqual(ask('dangling'), ['NXDOMAIN', 'CNAME gone.ops.svc.cluster.local.']);
  });

  test('a loop of ExternalName Services ends in SERVFAIL instead of going on forever', () => {
    const [rcode, ...chain] = ask('ping');
    assert.equal(rcode, 'SERVFAIL');
    assert.ok(chain.length > 2 && chain.length <= 10, `${chain.length} CNAMEs`);
  });

  test('a target outside the cluster is forwarded: the CNAME stands while upstream is unknown', () => {
    assert.deepEqual(ask('outside'), ['NOERROR', 'CNAME db.example.com.']);
  });

  test('a connection string through an ExternalName to a name that does not exist is reported (KT401)', () => {
    const client = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: urls, namespace: ops}\ndata: {db: "http://dangling.ops:80", ok: "http://alias.ops:80"}\n';
    const found = checkCluster(snapshotOf([TEXT, client].join('---\n'))).filter((problem) => problem.code === 'KT401');
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /dangling\.ops/);
  });
});
