import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readWebviewMessage } from '../../../media/src/protocol';
import { applyWhatIf, deniedFlow, destinationSuggestions, EngineSession, sourceGroups, verdictBanner, withServicePort } from '../../../media/src/trace/viewModel';
import { exampleSnapshot, snapshotOf } from '../../support/engineFixtures';

describe('trace view logic', () => {
  const snapshot = exampleSnapshot();
  const objects = [...snapshot.objects];

  test('sources are workloads grouped by namespace, each followed by its pods when it has several, then external clients and nodes', () => {
    const groups = sourceGroups(snapshot);
    assert.deepEqual(groups.map((group) => group.label), ['namespace default', 'namespace ingress-nginx', 'namespace kube-system', 'namespace shop-api', 'namespace shop-data', 'namespace shop-web', 'outside the pods']);
    const pods = snapshot.pods.filter((pod) => pod.workload.name === 'orders-api');
    assert.equal(pods.length, 2);
    assert.deepEqual(groups[3]?.options, [
      { value: 'shop-api/orders-api', label: 'shop-api/orders-api (Deployment)' },
      ...pods.map((pod) => ({ value: `pod:shop-api/${pod.name}`, label: `  pod shop-api/${pod.name} on ${pod.node}` })),
    ]);
    assert.deepEqual(groups[4]?.options.map((option) => option.value), ['shop-data/postgres', 'pod:shop-data/postgres-0', 'pod:shop-data/postgres-1', 'shop-data/redis'], 'a StatefulSet\'s pods by their stable names; redis has one pod: no pod line');
    assert.deepEqual(groups.at(-1)?.options.map((option) => option.value), ['external', 'node:node-1', 'node:node-2', 'node:node-3']);
  });

  test('destinations suggest every Service port and the hosts of Ingresses, HTTPRoutes and gateway-bound VirtualServices', () => {
    const suggestions = destinationSuggestions(snapshot);
    assert.ok(suggestions.includes('orders-api.shop-api:80'));
    assert.ok(suggestions.includes('https://shop.example.com/'));
    const routes = snapshotOf(
      'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec: {hostnames: [api.example.com, "*.example.com"]}\n---\n' +
        'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\nspec: {hosts: [shop.example.com, "*"], gateways: [public]}\n---\n' +
        'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: m}\nspec: {hosts: [reviews], gateways: [mesh]}\n',
    );
    assert.deepEqual(destinationSuggestions(routes).filter((suggestion) => suggestion.startsWith('http')), ['http://api.example.com/', 'http://shop.example.com/'], 'wildcards and mesh-only hosts name no one outside');
  });

  test('what-if switches change the profile only where set, and the session rebuilds the snapshot for them', () => {
    const profile = applyWhatIf(snapshot.profile, { kubeProxyMode: 'ipvs' });
    assert.equal(profile.kubeProxy.mode, 'ipvs');
    assert.equal(profile.cni.plugin, snapshot.profile.cni.plugin);
    const session = new EngineSession();
    const first = session.snapshot(objects, snapshot.profile);
    assert.equal(session.snapshot(objects, snapshot.profile), first, 'the same input gives the cached snapshot');
    const flannel = session.snapshot(objects, applyWhatIf(snapshot.profile, { cni: 'flannel' }));
    const trace = session.trace(flannel, 'shop-web/frontend', 'http://orders-api.shop-api/users', 'TCP');
    assert.ok(!('error' in trace));
    assert.deepEqual(verdictBanner(trace), { label: 'Delivered', tone: 'ok' }, 'flannel does not enforce the policy that blocks DNS');
    const denied = session.trace(first, 'shop-web/frontend', 'http://orders-api.shop-api/users', 'TCP');
    assert.ok(!('error' in denied));
    assert.deepEqual(verdictBanner(denied), { label: 'Denied by policy (timeout)', tone: 'bad' });
    assert.deepEqual(verdictBanner({ ...denied, verdict: { kind: 'not-traced', summary: 'TLS passthrough' } }), { label: 'Not traced further', tone: 'neutral' }, 'neither delivered nor refused: the engine stops where it cannot follow');
    assert.deepEqual(verdictBanner({ ...denied, verdict: { kind: 'http-error', summary: 'fault injection' } }), { label: 'HTTP error answered by a proxy', tone: 'bad' });
    assert.deepEqual(session.trace(first, 'a/b/c/d', 'x', 'TCP'), { error: 'cannot read "a/b/c/d" as a source: write NAMESPACE/WORKLOAD, NAMESPACE/KIND/NAME, pod:NAMESPACE/NAME, node:NAME, external[:IP] or port-forward' });
  });

  test('the externalTrafficPolicy switch turns every NodePort and LoadBalancer Service to the chosen policy', () => {
    const session = new EngineSession();
    const asWritten = session.trace(session.snapshot(objects, snapshot.profile), 'external:198.51.100.7', 'https://shop.example.com/', 'TCP');
    const cluster = session.trace(session.snapshot(objects, snapshot.profile, { externalTrafficPolicy: 'Cluster' }), 'external:198.51.100.7', 'https://shop.example.com/', 'TCP');
    assert.ok(!('error' in asWritten) && !('error' in cluster));
    const clientOf = (trace: typeof asWritten) => ('error' in trace ? undefined : trace.hops.find((hop) => hop.component === 'kube-proxy')?.after?.src);
    assert.equal(clientOf(asWritten), '198.51.100.7', 'the Service says Local: the client address is kept');
    assert.notEqual(clientOf(cluster), '198.51.100.7', 'Cluster: kube-proxy replaces the client address with the node\'s');
    assert.equal(snapshot.services.find((service) => service.name === 'ingress-nginx-controller')?.externalTrafficPolicy, 'Local', 'the model itself is unchanged');
  });

  test('a denied trace names the flow to allow by workload kind and name; other verdicts offer nothing', () => {
    const session = new EngineSession();
    const denied = session.trace(snapshot, 'shop-web/frontend', 'http://orders-api.shop-api/users', 'TCP');
    assert.ok(!('error' in denied));
    // The frontend's DNS query is what its egress policy drops: the flow is to CoreDNS on UDP 53.
    assert.deepEqual(deniedFlow(denied, snapshot), { from: 'shop-web/Deployment/frontend', to: 'kube-system/Deployment/coredns', protocol: 'UDP', port: 53 });
    const delivered = session.trace(snapshot, 'shop-api/orders-api', 'postgres.shop-data:5432', 'TCP');
    assert.ok(!('error' in delivered));
    assert.equal(deniedFlow(delivered, snapshot), undefined);
  });

  test('a Service name without a port gets the Service\'s first port; anything else stays as written', () => {
    assert.equal(withServicePort(snapshot, 'postgres.shop-data'), 'postgres.shop-data:5432');
    assert.equal(withServicePort(snapshot, 'postgres.shop-data.svc.cluster.local'), 'postgres.shop-data.svc.cluster.local:5432');
    assert.equal(withServicePort(snapshot, 'postgres.shop-data:5433'), 'postgres.shop-data:5433');
    assert.equal(withServicePort(snapshot, 'nothing.shop-data'), 'nothing.shop-data');
    assert.equal(withServicePort(snapshot, 'https://shop.example.com/'), 'https://shop.example.com/');
  });

  test('messages from the webview are used only when they have exactly a known shape', () => {
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } };
    assert.deepEqual(readWebviewMessage({ type: 'reveal', uri: 'file:///w/a.yaml', range }), { type: 'reveal', uri: 'file:///w/a.yaml', range });
    assert.deepEqual(readWebviewMessage({ type: 'allowFlow', from: 'a/Deployment/x', to: '10.0.0.1', protocol: 'UDP', port: 53, extra: 1 }), { type: 'allowFlow', from: 'a/Deployment/x', to: '10.0.0.1', protocol: 'UDP', port: 53 });
    for (const hostile of [
      null,
      'ready',
      { type: 'reveal', uri: 'command:workbench.action.terminal.new', range },
      { type: 'reveal', uri: 'file:///w/a.yaml', range: { start: { line: -1, character: 0 }, end: range.end } },
      { type: 'allowFlow', from: 'a', to: 'b', protocol: 'ICMP', port: 1 },
      { type: 'allowFlow', from: 'a', to: 'b', protocol: 'TCP', port: 70000 },
      { type: 'copy', text: 42 },
      { type: 'run', command: 'rm -rf /' },
    ]) {
      assert.equal(readWebviewMessage(hostile), undefined, JSON.stringify(hostile));
    }
  });

  test('the topology is built once per snapshot and again for a new one', () => {
    const session = new EngineSession();
    const first = session.topology(snapshot);
    assert.equal(session.topology(snapshot), first);
    assert.ok(first.nodes.some((node) => node.id === 'service:shop-data/postgres'));
    const other = session.snapshot(objects, snapshot.profile, { cni: 'flannel' });
    assert.notEqual(session.topology(other), first);
  });
});
