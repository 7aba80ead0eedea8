/**
 * "Allow this flow" where the workspace uses Cilium's or Calico's own policies: the proposal is that CNI's resource,
 * placed where it takes effect (Calico: in the tier that denied, before the denying rule), it reads without a
 * problem, and with it the connection goes through, that port only and that source only. A Cilium deny rule cannot
 * be undone by an allow: no proposal.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allowFlow } from '../../../server/src/engine/policy/allowFlow';
import { evaluateConnection } from '../../../server/src/engine/policy/evaluate';
import type { PolicyPeer } from '../../../server/src/engine/policy/types';
import { readProfile } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { deploymentOf } from '../../support/engineFixtures';

const WORKLOADS = [deploymentOf('web', 'front'), deploymentOf('web', 'other'), deploymentOf('api', 'api')].join('---\n');

function snapshotOf(text: string, plugin: 'cilium' | 'calico'): ClusterSnapshot {
  const parsed = parseManifest('file:///w/policies.yaml', text);
  assert.deepEqual(parsed.problems, []);
  return buildSnapshot(parsed.objects, readProfile({ cni: { plugin } }).profile);
}

function peer(snapshot: ClusterSnapshot, name: string): PolicyPeer {
  const [namespace, workload] = name.split('/');
  const pod = snapshot.pods.find((candidate) => candidate.namespace === namespace && candidate.workload.name === workload)!;
  return { kind: 'pod', pod, ip: pod.ips[0]! };
}

/** Applies the proposals and checks the connection goes through, on that port and from that source only. */
function assertFixes(text: string, plugin: 'cilium' | 'calico', kinds: readonly string[]): string {
  const snapshot = snapshotOf(text, plugin);
  const connection = { from: peer(snapshot, 'web/front'), to: peer(snapshot, 'api/api'), protocol: 'TCP' as const, port: 8080 };
  assert.equal(evaluateConnection(connection, snapshot).allowed, false, 'denied before');
  const proposals = allowFlow(connection, snapshot);
  assert.deepEqual(proposals.map((proposal) => proposal.kind), kinds);
  const fixed = `${text}\n${proposals.map((proposal) => proposal.yaml).join('')}`;
  const after = snapshotOf(fixed, plugin);
  const ask = (from: string, port: number) => evaluateConnection({ from: peer(after, from), to: peer(after, 'api/api'), protocol: 'TCP', port }, after);
  assert.equal(ask('web/front', 8080).allowed, true, `allowed after: ${ask('web/front', 8080).explanation}`);
  assert.equal(ask('web/front', 9090).allowed, false, 'only that port');
  assert.equal(ask('web/other', 8080).allowed, false, 'only that source');
  return proposals.map((proposal) => proposal.yaml).join('');
}

describe('allow this flow with Cilium policies', () => {
  test('default deny from a CiliumNetworkPolicy: one more CiliumNetworkPolicy, both directions', () => {
    const policies = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: lockdown, namespace: api}
spec:
  endpointSelector: {}
  ingress: [{}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: web-egress}
spec:
  endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: web}}
  egress: [{toEntities: [world]}]
`;
    const yaml = assertFixes(`${WORKLOADS}---\n${policies}`, 'cilium', ['CiliumNetworkPolicy', 'CiliumNetworkPolicy']);
    assert.match(yaml, /toEndpoints:\n\s+- matchLabels:\n\s+k8s:io\.kubernetes\.pod\.namespace: api/);
  });

  test('a Kubernetes NetworkPolicy denies, and the workspace uses Cilium policies: the proposal is Cilium\'s', () => {
    const policies = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: api}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: unrelated, namespace: web}
spec:
  endpointSelector: {matchLabels: {app: other}}
  ingress: [{fromEntities: [cluster]}]
`;
    assertFixes(`${WORKLOADS}---\n${policies}`, 'cilium', ['CiliumNetworkPolicy']);
  });

  test('a Cilium deny rule wins over any allow: no proposal', () => {
    const text = `${WORKLOADS}---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: deny, namespace: api}\nspec:\n  endpointSelector: {}\n  ingressDeny: [{fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: web}}]}]\n  ingress: [{fromEntities: [all]}]\n`;
    const snapshot = snapshotOf(text, 'cilium');
    const connection = { from: peer(snapshot, 'web/front'), to: peer(snapshot, 'api/api'), protocol: 'TCP' as const, port: 8080 };
    assert.equal(evaluateConnection(connection, snapshot).allowed, false);
    assert.deepEqual(allowFlow(connection, snapshot), []);
  });
});

describe('allow this flow with Calico policies', () => {
  test('an explicit Deny in a tier: an Allow in that tier, ordered before it', () => {
    const policies = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.deny-web}
spec:
  tier: security
  order: 50
  selector: app == 'api'
  ingress: [{action: Deny, source: {namespaceSelector: projectcalico.org/name == 'web'}}]
`;
    const yaml = assertFixes(`${WORKLOADS}---\n${policies}`, 'calico', ['NetworkPolicy.projectcalico.org']);
    assert.match(yaml, /name: security\.allow-front-to-api-8080\n\s+namespace: api\nspec:\n\s+tier: security\n\s+order: 49\n/);
  });

  test('the end of the default tier, under a Kubernetes NetworkPolicy: a Calico NetworkPolicy in the default tier', () => {
    const policies = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: api}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: allow-dns}
spec:
  selector: all()
  types: [Egress]
  egress: [{action: Allow, protocol: UDP, destination: {ports: [53]}}, {action: Allow}]
`;
    const yaml = assertFixes(`${WORKLOADS}---\n${policies}`, 'calico', ['NetworkPolicy.projectcalico.org']);
    assert.doesNotMatch(yaml, /tier:|order:/);
  });
});
