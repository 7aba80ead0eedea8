import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyWhatIf, destinationSuggestions, EngineSession, sourceGroups, verdictBanner } from '../../media/src/trace/viewModel';
import { exampleSnapshot } from '../support/engineFixtures';

describe('trace view logic', () => {
  const snapshot = exampleSnapshot();

  test('sources are workloads grouped by namespace, then external clients and nodes', () => {
    const groups = sourceGroups(snapshot);
    assert.deepEqual(groups.map((group) => group.label), ['namespace default', 'namespace ingress-nginx', 'namespace kube-system', 'namespace shop-api', 'namespace shop-data', 'namespace shop-web', 'outside the pods']);
    assert.deepEqual(groups[3]?.options, [{ value: 'shop-api/orders-api', label: 'orders-api (Deployment)' }]);
    assert.deepEqual(groups.at(-1)?.options.map((option) => option.value), ['external', 'node:node-1', 'node:node-2', 'node:node-3']);
  });

  test('destinations suggest every Service port and Ingress host', () => {
    const suggestions = destinationSuggestions(snapshot);
    assert.ok(suggestions.includes('orders-api.shop-api:80'));
    assert.ok(suggestions.includes('https://shop.example.com/'));
  });

  test('what-if switches change the profile only where set, and the session rebuilds the snapshot for them', () => {
    const profile = applyWhatIf(snapshot.profile, { kubeProxyMode: 'ipvs' });
    assert.equal(profile.kubeProxy.mode, 'ipvs');
    assert.equal(profile.cni.plugin, snapshot.profile.cni.plugin);
    const session = new EngineSession();
    const first = session.snapshot(snapshot.objects, snapshot.profile);
    assert.equal(session.snapshot(snapshot.objects, snapshot.profile), first, 'the same input gives the cached snapshot');
    const flannel = session.snapshot(snapshot.objects, applyWhatIf(snapshot.profile, { cni: 'flannel' }));
    const trace = session.trace(flannel, 'shop-web/frontend', 'http://orders-api.shop-api/users', 'TCP');
    assert.ok(!('error' in trace));
    assert.deepEqual(verdictBanner(trace), { label: 'Delivered', tone: 'ok' }, 'flannel does not enforce the policy that blocks DNS');
    const denied = session.trace(first, 'shop-web/frontend', 'http://orders-api.shop-api/users', 'TCP');
    assert.ok(!('error' in denied));
    assert.deepEqual(verdictBanner(denied), { label: 'Denied by policy (timeout)', tone: 'bad' });
    assert.deepEqual(session.trace(first, 'a/b/c/d', 'x', 'TCP'), { error: 'cannot read "a/b/c/d" as a source: write NAMESPACE/WORKLOAD, NAMESPACE/KIND/NAME, pod:NAMESPACE/NAME, node:NAME or external[:IP]' });
  });
});
