import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateConnection } from '../../../server/src/engine/policy/evaluate';
import type { Protocol, SimPod } from '../../../server/src/engine/snapshot/types';
import { snapshotOf } from '../../support/engineFixtures';

const pod = (name: string, port: number) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: api, labels: {app: api}}\nspec: {containers: [{name: c, ports: [{name: http, containerPort: ${port}}]}]}\n`;
const DENY_NAMED_HTTP = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: no-http}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {}}
  ingress: [{name: no-http, action: Deny, from: [{namespaces: {}}], protocols: [{destinationNamedPort: http}]}]
`;

test("a ClusterNetworkPolicy's destinationNamedPort is the destination pod's port of that name, on its protocol", () => {
  const snapshot = snapshotOf([pod('api', 8080), pod('api-v2', 9090), pod('client', 7000), DENY_NAMED_HTTP].join('---\n'));
  const named = (name: string): SimPod => snapshot.pods.find((candidate) => candidate.name === name)!;
  const tierOf = (to: string, port: number, protocol: Protocol = 'TCP') => {
    const client = named('client');
    const verdict = evaluateConnection({ from: { kind: 'pod', pod: client, ip: client.ips[0]! }, to: { kind: 'pod', pod: named(to), ip: named(to).ips[0]! }, protocol, port }, snapshot);
    return verdict.ingress?.chain.map((decision) => `${decision.tier}:${decision.action}`);
  };
  assert.deepEqual(tierOf('api', 8080), ['ClusterNetworkPolicy:Deny']);
  assert.deepEqual(tierOf('api-v2', 9090), ['ClusterNetworkPolicy:Deny'], 'the same name is another number on another pod');
  assert.deepEqual(tierOf('api', 9090), ['none:NotIsolated'], 'a number the destination does not name http');
  assert.deepEqual(tierOf('api', 8080, 'UDP'), ['none:NotIsolated'], 'the container port is TCP');
});
