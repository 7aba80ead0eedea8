/**
 * NetworkPolicy and host-network pods. The Kubernetes docs (Network Policies, "pod with hostNetwork") leave it to
 * the plugin, and the common CNIs (Calico, Cilium without host policies) see a hostNetwork pod's traffic as its
 * node's: no NetworkPolicy applies to it. MetalLB's own manifests say so ("speaker pods do not need network
 * policy because they are hostnetworked"). The profile's policy.hostNetworkPods picks the reading.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { evaluateConnection } from '../../../server/src/engine/policy/evaluate';
import { parseDestination, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { TraceDestination, TraceSource } from '../../../server/src/engine/trace/types';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { snapshotOf } from '../../support/engineFixtures';

const SPEAKER = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: speaker, namespace: metallb-system}
spec:
  selector: {matchLabels: {app: metallb, component: speaker}}
  template:
    metadata: {labels: {app: metallb, component: speaker}}
    spec: {hostNetwork: true, containers: [{name: speaker, ports: [{name: monitoring, containerPort: 7472}]}]}
`;
const CONTROLLER = `apiVersion: apps/v1
kind: Deployment
metadata: {name: controller, namespace: metallb-system}
spec:
  selector: {matchLabels: {app: metallb, component: controller}}
  template:
    metadata: {labels: {app: metallb, component: controller}}
    spec: {containers: [{name: controller, ports: [{name: monitoring, containerPort: 7472}]}]}
`;
const CLIENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: scraper, namespace: monitoring}
spec:
  selector: {matchLabels: {app: scraper}}
  template:
    metadata: {labels: {app: scraper}}
    spec: {containers: [{name: main}]}
`;
const policy = (name: string, selector: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: metallb-system}
spec: {podSelector: ${selector}, policyTypes: [Ingress, Egress]}
`;

function policyFindings(snapshot: ClusterSnapshot): string[] {
  return checkCluster(snapshot).filter((problem) => problem.code.startsWith('KT3')).map((problem) => `${problem.code} ${problem.severity}: ${problem.message}`);
}

describe('a NetworkPolicy selecting host-network pods', () => {
  test('selecting only them: information that policies do not apply to them, not "matches no pod"', () => {
    const snapshot = snapshotOf([SPEAKER, CONTROLLER, policy('speaker', '{matchLabels: {component: speaker}}')].join('---\n'));
    assert.deepEqual(policyFindings(snapshot), [
      'KT301 information: The podSelector selects only host-network pods (DaemonSet speaker): NetworkPolicy does not apply to them (the CNI sees their traffic as their node\'s), so this policy changes nothing.',
    ]);
    const problem = checkCluster(snapshot).find((candidate) => candidate.code === 'KT301')!;
    assert.equal(problem.related?.[0]?.message, 'hostNetwork pods');
  });

  test('a namespace-wide policy over only host-network pods says the same; over some others too, nothing', () => {
    assert.deepEqual(policyFindings(snapshotOf([SPEAKER, policy('deny', '{}')].join('---\n'))).map((line) => line.split(':')[0]), ['KT301 information']);
    assert.deepEqual(policyFindings(snapshotOf([SPEAKER, CONTROLLER, policy('deny', '{}')].join('---\n'))).filter((line) => line.startsWith('KT301')), []);
  });

  test('a selector that matches nothing at all is still the warning', () => {
    assert.deepEqual(policyFindings(snapshotOf([SPEAKER, policy('typo', '{matchLabels: {component: speakr}}')].join('---\n'))).map((line) => line.split(':')[0]), ['KT301 warning']);
  });

  test('when the profile has policies select host-network pods like any pod (policy.hostNetworkPods: pod), there is nothing to say', () => {
    const snapshot = snapshotOf([SPEAKER, policy('speaker', '{matchLabels: {component: speaker}}')].join('---\n'), { policy: { hostNetworkPods: 'pod' } });
    assert.deepEqual(policyFindings(snapshot).filter((line) => line.startsWith('KT301')), []);
  });

  test('verdicts and traces do not enforce a deny-all on a host-network pod, and do on the others of its namespace', () => {
    const snapshot = snapshotOf([SPEAKER, CONTROLLER, CLIENT, policy('deny', '{}')].join('---\n'));
    const scraper = snapshot.pods.find((pod) => pod.namespace === 'monitoring')!;
    const speaker = snapshot.pods.find((pod) => pod.workload.name === 'speaker')!;
    const controller = snapshot.pods.find((pod) => pod.workload.name === 'controller')!;
    const to = (pod: typeof speaker) => evaluateConnection({ from: { kind: 'pod', pod: scraper, ip: scraper.ips[0]! }, to: { kind: 'pod', pod, ip: pod.ips[0]! }, protocol: 'TCP', port: 7472 }, snapshot);
    assert.equal(to(speaker).allowed, true);
    assert.equal(to(controller).allowed, false);
    const fromSpeaker = evaluateConnection({ from: { kind: 'pod', pod: speaker, ip: speaker.ips[0]! }, to: { kind: 'pod', pod: scraper, ip: scraper.ips[0]! }, protocol: 'TCP', port: 7472 }, snapshot);
    assert.equal(fromSpeaker.allowed, true, 'its egress is not isolated either');
    const trace = traceRequest({ from: parseSource('monitoring/scraper') as TraceSource, to: parseDestination(`${speaker.ips[0]}:7472`) as TraceDestination, protocol: 'TCP' }, snapshot);
    assert.ok(!('error' in trace));
    assert.equal(trace.verdict.kind, 'delivered', trace.verdict.summary);
    const denied = traceRequest({ from: parseSource('monitoring/scraper') as TraceSource, to: parseDestination(`${controller.ips[0]}:7472`) as TraceDestination, protocol: 'TCP' }, snapshot);
    assert.ok(!('error' in denied));
    assert.equal(denied.verdict.kind, 'denied');
  });
});
