import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderProxyRules } from '../../../server/src/engine/kubeProxy/renderRules';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import { durationWords } from '../../../server/src/engine/trace/durationWords';
import type { Trace, TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import { snapshotOf } from '../../support/engineFixtures';

/**
 * sessionAffinityConfig.clientIP.timeoutSeconds (the API's ClientIPConfig, default 10800) is how long kube-proxy
 * keeps a client on its endpoint: `recent --seconds` (iptables), the affinity set's timeout (nftables), the
 * persistence timeout (IPVS), as kube-proxy's newBaseServiceInfo reads it into stickyMaxAgeSeconds.
 */
const manifests = (config: string) => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.80
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
  sessionAffinity: ClientIP
${config}
---
apiVersion: v1
kind: Pod
metadata: {name: web-a, namespace: shop, labels: {app: web}}
spec: {nodeName: node-1, containers: [{name: web, ports: [{containerPort: 8080}]}]}
status: {podIP: 10.244.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {nodeName: node-1, containers: [{name: client}]}
status: {podIP: 10.244.0.20}
`;

const TEN_MINUTES = manifests('  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}');

function affinityDetail(text: string): string | undefined {
  const result = traceRequest({ from: parseSource('shop/client') as TraceSource, to: parseDestination('web.shop:80') as TraceDestination, protocol: 'TCP' }, snapshotOf(text));
  assert.ok(!('error' in result), JSON.stringify(result));
  return (result as Trace).hops.flatMap((hop) => hop.details ?? []).find((detail) => detail.startsWith('sessionAffinity'));
}

describe('sessionAffinityConfig.clientIP.timeoutSeconds', () => {
  test('iptables: the recent check lasts the timeout', () => {
    assert.match(renderProxyRules(snapshotOf(TEN_MINUTES), 'iptables', 'node-1'), / -m recent --name KUBE-SEP-\S+ --rcheck --seconds 600 --reap /);
    assert.match(renderProxyRules(snapshotOf(manifests('')), 'iptables', 'node-1'), / --rcheck --seconds 10800 --reap /);
  });

  test('nftables: the affinity set times out after it', () => {
    assert.match(renderProxyRules(snapshotOf(TEN_MINUTES), 'nftables', 'node-1'), /add set ip kube-proxy affinity-\S+ \{ type ipv4_addr ; flags dynamic,timeout ; timeout 600s ; \}/);
  });

  test('IPVS: persistence for the timeout', () => {
    assert.match(renderProxyRules(snapshotOf(TEN_MINUTES), 'ipvs', 'node-1'), /^TCP {2}10\.96\.0\.80:80 rr persistent 600$/m);
  });

  test('the trace says how long the affinity lasts', () => {
    assert.equal(affinityDetail(TEN_MINUTES), 'sessionAffinity: ClientIP: later connections from this client go to the same endpoint until 10 minutes pass without one');
    assert.match(affinityDetail(manifests('')) ?? '', /until 3 hours pass without one$/);
    assert.deepEqual([durationWords(10800), durationWords(5400), durationWords(61), durationWords(1)], ['3 hours', '1 hour 30 minutes', '1 minute 1 second', '1 second']);
  });
});
