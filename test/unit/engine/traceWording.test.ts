import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { counted } from '../../../server/src/engine/counted';
import { evaluateConnection } from '../../../server/src/engine/policy/evaluate';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { exampleSnapshot, snapshotOf } from '../../support/engineFixtures';

function trace(snapshot: ClusterSnapshot, from: string, to: string): Trace {
  const result = traceRequest({ from: parseSource(from) as TraceSource, to: parseDestination(to) as TraceDestination, protocol: 'TCP' }, snapshot);
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}

/** Every sentence of a hop a reader sees: the decision and the details. */
const hopText = (hop: Trace['hops'][number]) => [hop.decision, ...(hop.details ?? [])].join('\n');
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('the trace\'s wording', () => {
  test('a count says its noun in the right number', () => {
    assert.deepEqual([counted(1, 'endpoint'), counted(3, 'endpoint'), counted(0, 'pod')], ['1 endpoint', '3 endpoints', '0 pods']);
  });

  test('an empty selector reads "all namespaces" or "all pods", never {} or {{}}', () => {
    const snapshot = snapshotOf(
      [
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: web, labels: {app: a}}\nspec: {containers: [{name: c, ports: [{containerPort: 80}]}]}\n',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: web, labels: {app: b}}\nspec: {containers: [{name: c, ports: [{containerPort: 80}]}]}\n',
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: from-all, namespace: web}\nspec:\n  podSelector: {matchLabels: {app: b}}\n  ingress: [{from: [{namespaceSelector: {}, podSelector: {}}]}]\n',
      ].join('---\n'),
    );
    const [a, b] = ['a', 'b'].map((name) => snapshot.pods.find((pod) => pod.name === name)!);
    const verdict = evaluateConnection({ from: { kind: 'pod', pod: a!, ip: a!.ips[0]! }, to: { kind: 'pod', pod: b!, ip: b!.ips[0]! }, protocol: 'TCP', port: 80 }, snapshot);
    assert.match(verdict.explanation, /from all namespaces AND all pods, any port/);
    assert.doesNotMatch(verdict.explanation, /\{\}/);
  });

  test('a name that does not resolve says NXDOMAIN once: the verdict names it, the summary does not repeat it', () => {
    const result = trace(exampleSnapshot(), 'shop-api/orders-api', 'nosuch.shop-data:5432');
    assert.equal(result.verdict.kind, 'nxdomain');
    assert.doesNotMatch(result.verdict.summary, /NXDOMAIN/);
    assert.match(result.verdict.summary, /^nosuch\.shop-data does not resolve from shop-api \(tried /);
  });

  test('each policy verdict is said once in its hop: the decision names it, the details add only the nearest miss and the other direction', () => {
    const delivered = trace(exampleSnapshot(), 'shop-api/orders-api', 'postgres.shop-data:5432');
    const connection = delivered.hops.filter((hop) => hop.component === 'network-policy')[1]!;
    assert.equal(connection.decision, 'The connection is allowed: egress rule 1 of shop-api/orders-api-egress admits it (to namespaces {kubernetes.io/metadata.name=shop-data} AND pods {app=postgres}, TCP 5432); ingress rule 1 of shop-data/postgres-from-orders-api admits it (from namespaces {kubernetes.io/metadata.name=shop-api} AND pods {app=orders-api}, TCP 5432).');
    assert.equal(occurrences(hopText(connection), 'egress rule 1 of shop-api/orders-api-egress admits it'), 1);
    assert.equal(occurrences(hopText(connection), 'ingress rule 1 of shop-data/postgres-from-orders-api admits it'), 1);

    const denied = trace(exampleSnapshot(), 'shop-web/frontend', 'http://orders-api.shop-api/users');
    const dns = denied.hops.find((hop) => hop.component === 'network-policy')!;
    assert.equal(occurrences(hopText(dns), 'is isolated by shop-web/frontend-egress and no rule of it admits this connection'), 1);
    assert.equal(occurrences(hopText(dns), 'would admit this if'), 1);
    assert.doesNotMatch(hopText(dns), /: allowed$|: allowed\n/m, 'no "allowed" after a reason that already says so');
  });

  test('the DNS query\'s policy step is shown on the client\'s node, like the lookup itself', () => {
    // orders-api's first pod runs on node-2 and the CoreDNS pod its query reaches on node-1.
    const result = trace(exampleSnapshot(), 'shop-api/orders-api', 'postgres.shop-data:5432');
    const [client, dns, dnsPolicy] = result.hops;
    assert.equal(client!.node, 'node-2');
    assert.deepEqual([dns!.component, dns!.node], ['dns', 'node-2']);
    assert.deepEqual([dnsPolicy!.component, dnsPolicy!.node], ['network-policy', 'node-2']);
  });
});
