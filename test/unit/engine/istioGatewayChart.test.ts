/**
 * A Gateway selecting the pods of an istio/gateway Helm release gets a stand-in laid out as the chart installs it
 * (istio/istio manifests/charts/gateway: templates/_helpers.tpl gives the pods app: RELEASE and
 * istio: RELEASE without `istio-`; values.yaml's Service is a LoadBalancer sending 80 and 443 to the same pod
 * ports; the service account is named after the release), as the default ingress gateway gets istioctl's.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gatewayChartRelease } from '../../../server/src/engine/snapshot/standIns';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace } from '../../../server/src/engine/trace/types';
import { appWithService, snapshotOf } from '../../support/engineFixtures';

const WEB = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
${appWithService('shop', 'web')}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec: {hosts: [shop.example.com], gateways: [public], http: [{route: [{destination: {host: web}}]}]}
`;
const gateway = (selector: string) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: shop}\nspec: {selector: {${selector}}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [shop.example.com]}]}\n`;
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: istio-ingress}\n';

function fromOutside(text: string): Trace {
  const result = traceRequest({ from: { kind: 'external', ip: '198.51.100.7' }, to: { host: 'shop.example.com', port: 80, scheme: 'http', path: '/' }, protocol: 'TCP' }, snapshotOf(text));
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}

describe('Istio gateways installed by the istio/gateway Helm chart', () => {
  test('the release a selector names by the chart labels', () => {
    assert.equal(gatewayChartRelease({ istio: 'ingress' }), 'istio-ingress');
    assert.equal(gatewayChartRelease({ app: 'istio-ingress', istio: 'ingress' }), 'istio-ingress');
    assert.equal(gatewayChartRelease({ app: 'edge' }), 'edge');
    assert.equal(gatewayChartRelease({ app: 'edge', istio: 'edge' }), 'edge', 'a release without the prefix keeps its name in both labels');
    assert.equal(gatewayChartRelease({ app: 'istio-ingress', istio: 'other' }), undefined, 'no release gives both');
    assert.equal(gatewayChartRelease({ istio: 'ingress', team: 'a' }), undefined, 'the chart does not give other labels by default');
  });

  test('`istio: ingress` (helm install istio-ingress istio/gateway -n istio-ingress): the request reaches the application through the release\'s stand-in', () => {
    const result = fromOutside([NAMESPACE, gateway('istio: ingress'), WEB].join('---\n'));
    assert.equal(result.verdict.kind, 'delivered', result.verdict.summary);
    const hop = result.hops.find((candidate) => candidate.component === 'gateway')!;
    assert.match(hop.title, /^Istio ingress gateway istio-ingress\/istio-ingress-/);
    assert.ok(result.notes.includes("the Istio gateway's pods are not in the workspace: a stand-in laid out as the istio/gateway Helm chart installs release istio-ingress (istio-ingress/istio-ingress, labels app=istio-ingress and istio=ingress, a LoadBalancer sending 80 and 443 to the same pod ports) takes their place"));
    const upstream = result.hops.find((candidate) => candidate.title.endsWith('→ upstream'))!;
    assert.ok(upstream.details!.includes('client identity: cluster.local/ns/istio-ingress/sa/istio-ingress'), 'the chart names the service account after the release');
  });

  test('without a Namespace named after the release the stand-in is in istio-system; real pods with the labels replace it', () => {
    assert.match(fromOutside([gateway('app: edge'), WEB].join('---\n')).hops.find((hop) => hop.component === 'gateway')!.title, /^Istio ingress gateway istio-system\/edge-/);
    const real = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: edge, namespace: edge}\nspec:\n  selector: {matchLabels: {app: edge}}\n  template:\n    metadata: {labels: {app: edge, istio: edge}}\n    spec: {containers: [{name: istio-proxy, image: auto, ports: [{containerPort: 80}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: edge, namespace: edge}\nspec: {type: LoadBalancer, selector: {app: edge}, ports: [{name: http2, port: 80}]}\n';
    const result = fromOutside([gateway('app: edge'), WEB, real].join('---\n'));
    assert.match(result.hops.find((hop) => hop.component === 'gateway')!.title, /^Istio ingress gateway edge\/edge-/);
    assert.ok(!result.notes.some((note) => note.includes('stand-in')));
  });
});
