/**
 * Traces under Cilium's and Calico's own policies: the policy hop names the CNI's rule that decided, Cilium's proxies
 * answer an HTTP request no rule allows with 403 and refuse a DNS query no rule allows, and toFQDNs admits the names
 * it lists. Workspaces are the projects' documented examples (test/fixtures/cni-policies).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { readProfile } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace, TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { PROJECT_ROOT, readManifestFolder } from '../../support/fixtures';

function exampleSnapshot(name: string, profile: object): ClusterSnapshot {
  const folder = path.join(PROJECT_ROOT, 'test', 'fixtures', 'cni-policies', name, 'manifests');
  const objects = Object.entries(readManifestFolder(folder)).flatMap(([file, text]) => parseManifest(`file:///${name}/${file}`, text).objects);
  return buildSnapshot(objects, readProfile(profile).profile);
}

function trace(snapshot: ClusterSnapshot, from: string, to: string, method?: string): Trace {
  const destination = { ...(parseDestination(to) as TraceDestination), ...(method && { method }) };
  const result = traceRequest({ from: parseSource(from) as TraceSource, to: destination, protocol: 'TCP' }, snapshot);
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}

const hop = (result: Trace, component: string) => result.hops.filter((candidate) => candidate.component === component).at(-1);

describe('traces under Cilium policies', () => {
  const starwars = exampleSnapshot('cilium-starwars-l7', { cni: { plugin: 'cilium' } });

  test("an HTTP request no rule allows gets 403 from Cilium's proxy, naming the rule's line", () => {
    const result = trace(starwars, 'default/tiefighter', 'http://deathstar.default/v1/exhaust-port', 'PUT');
    assert.equal(result.verdict.kind, 'denied');
    assert.match(result.verdict.summary, /^HTTP 403: no Cilium HTTP rule allows PUT \/v1\/exhaust-port \(CiliumNetworkPolicy default\/rule1\)$/);
    const proxy = hop(result, 'cilium')!;
    assert.deepEqual(proxy.details, ['allowed: POST /v1/request-landing (CiliumNetworkPolicy default/rule1)']);
    assert.ok(proxy.refs.some((ref) => ref.uri.endsWith('sw_l3_l4_l7_policy.yaml') && ref.label.endsWith('spec.ingress[0] http rule')));
  });

  test('the request the rule allows goes through the proxy to the pod', () => {
    const result = trace(starwars, 'default/tiefighter', 'http://deathstar.default/v1/request-landing', 'POST');
    assert.equal(result.verdict.kind, 'delivered');
    assert.match(hop(result, 'cilium')!.decision, /POST \/v1\/request-landing matches POST \/v1\/request-landing of CiliumNetworkPolicy default\/rule1/);
  });

  test('a ship without org=empire is dropped at L3/L4: default deny, located at the endpointSelector', () => {
    const result = trace(starwars, 'default/xwing', 'http://deathstar.default/v1/request-landing', 'POST');
    assert.equal(result.verdict.kind, 'denied');
    assert.match(result.verdict.summary, /denied by CiliumNetworkPolicy default\/rule1 \(ingress of default\/deathstar-/);
    const policy = hop(result, 'network-policy')!;
    assert.match(policy.decision, /CiliumNetworkPolicy default\/rule1 selects default\/deathstar-\S+ for ingress, which puts it in default deny/);
    assert.deepEqual(policy.refs.map((ref) => ref.label), ['CiliumNetworkPolicy.cilium.io default/rule1 spec.endpointSelector']);
    assert.equal(hop(result, 'cilium'), undefined);
  });

  test("DNS rules: Cilium's DNS proxy refuses a name no rule allows; toFQDNs admits the names it lists", () => {
    const snapshot = exampleSnapshot('cilium-dns-l7-tofqdns', { cni: { plugin: 'cilium' }, upstreamDNS: { 'sub.cilium.io': { A: ['203.0.113.10'] }, 'other.cilium.io': { A: ['203.0.113.12'] }, 'example.com': { A: ['203.0.113.13'] } } });
    const refused = trace(snapshot, 'default/xwing', 'http://example.com/');
    assert.equal(refused.verdict.kind, 'denied');
    assert.match(refused.verdict.summary, /^Cilium's DNS proxy refuses the query for example\.com \(no DNS rule of CiliumNetworkPolicy default\/tofqdn-dns-visibility allows it\)/);
    const listed = trace(snapshot, 'default/xwing', 'http://sub.cilium.io/');
    assert.equal(listed.verdict.kind, 'leaves-cluster');
    assert.match(hop(listed, 'network-policy')!.decision, /egress rule 2 of CiliumNetworkPolicy default\/tofqdn-dns-visibility admits it/);
    // The DNS rules allow *.cilium.io, but toFQDNs lists only some names: the connection to another is dropped.
    const unlisted = trace(snapshot, 'default/xwing', 'http://other.cilium.io/');
    assert.match(hop(unlisted, 'cilium')!.decision, /matches pattern \*\.cilium\.io/);
    assert.equal(unlisted.verdict.kind, 'denied');
  });
});

describe('traces under Calico policies', () => {
  test('the policy hop names the Calico rule that decided, and the tiers passed before it', () => {
    const snapshot = exampleSnapshot('calico-tiers-pass-rule', { cni: { plugin: 'calico' } });
    const address = (name: string) => snapshot.pods.find((pod) => pod.namespace === 'demo' && pod.name === name)!.ips[0]!;
    const denied = trace(snapshot, 'demo/prod-web', `${address('stage-api')}:8080`);
    assert.equal(denied.verdict.kind, 'denied');
    assert.match(hop(denied, 'network-policy')!.decision, /ingress rule 1 of GlobalNetworkPolicy devops\.stage-env \(tier devops, order \S+\): Deny/);
    const passed = trace(snapshot, 'demo/stage-web', `${address('stage-api')}:8080`);
    assert.equal(passed.verdict.kind, 'delivered');
    const policy = hop(passed, 'network-policy')!;
    assert.ok((policy.details ?? []).some((detail) => /before that: .*devops\.stage-env .*: Pass \(on to the next tier\)/.test(detail)), (policy.details ?? []).join('\n'));
  });
});
