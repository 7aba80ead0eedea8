import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchesLabelMap, type Labels } from '../../../server/src/engine/labels';
import { podBehind, podsOf, servicePods } from '../../../server/src/engine/references';
import { findPort } from '../../../server/src/engine/snapshot/endpoints';
import { objectsOfType, podsInNamespace } from '../../../server/src/engine/snapshot/indexes';
import { labelSetCounts, podsNamed, podsSelected } from '../../../server/src/engine/snapshot/podGroups';
import { podsOfWorkloadIn } from '../../../server/src/engine/snapshot/carriedPodIndexes';
import type { ClusterSnapshot, SimPod } from '../../../server/src/engine/snapshot/types';
import { snapshotOf } from '../../support/engineFixtures';
import { pick, seededRandom } from '../../support/random';

const APPS = ['web', 'api', 'db'];
const TIERS = ['front', 'back'];

/** A random workspace of workloads with many replicas sharing labels, StatefulSets, Pods, and Services selecting them. */
function randomWorkspace(seed: number): string {
  const random = seededRandom(seed);
  const documents: string[] = [];
  const labels = () => `{app: ${pick(APPS, random)}${random() < 0.5 ? `, tier: ${pick(TIERS, random)}` : ''}}`;
  for (let index = 0; index < 8; index++) {
    const namespace = pick(['one', 'two'], random);
    const kind = pick(['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Pod'], random);
    const name = `w${index}`;
    const template = `{metadata: {labels: ${labels()}}, spec: {containers: [{name: main, ports: [{name: http, containerPort: 8080}]}]}}`;
    if (kind === 'Pod') {
      // Some Pods share their name with a pod a workload makes (a StatefulSet w0 makes w0-0, w0-1, ...), others sort among a workload's pods.
      const podName = random() < 0.3 ? 'w0-0' : `w${Math.floor(random() * 8)}-${pick(['c', 'm', 'x'], random)}`;
      documents.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: ${podName}, namespace: ${namespace}, labels: ${labels()}}\nspec: {containers: [{name: main}]}\n`);
    } else {
      const replicas = kind === 'DaemonSet' ? '' : `  replicas: ${1 + Math.floor(random() * 40)}\n`;
      documents.push(`apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${replicas}  selector: {matchLabels: {app: x}}\n  template: ${template}\n`);
    }
  }
  for (let index = 0; index < 6; index++) {
    const selector = random() < 0.2 ? '{}' : labels();
    documents.push(`apiVersion: v1\nkind: Service\nmetadata: {name: s${index}, namespace: ${pick(['one', 'two'], random)}}\nspec: {selector: ${selector}, ports: [{port: 80, targetPort: http}]}\n`);
  }
  return documents.join('---\n');
}

const names = (pods: readonly SimPod[]) => pods.map((pod) => `${pod.namespace}/${pod.name}`);

/** The label sets of some pods by content, with how many pods carry each. */
function labelCountsByContent(entries: Iterable<readonly [Labels, number]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [labels, count] of entries) {
    const key = JSON.stringify(Object.entries(labels).sort());
    counts.set(key, (counts.get(key) ?? 0) + count);
  }
  return counts;
}

function assertLookupsAreScans(snapshot: ClusterSnapshot, seed: number): void {
  const selectors: Labels[] = [{}, ...APPS.map((app) => ({ app })), ...APPS.flatMap((app) => TIERS.map((tier) => ({ app, tier }))), { tier: 'back' }, { app: 'none' }];
  for (const namespace of snapshot.namespaces.keys()) {
    const pods = podsInNamespace(snapshot, namespace);
    for (const selector of selectors) {
      assert.deepEqual(names(podsSelected(pods, selector)), names(pods.filter((pod) => matchesLabelMap(selector, pod.labels))), `seed ${seed}: ${namespace} ${JSON.stringify(selector)}`);
    }
    for (const pod of pods) {
      assert.deepEqual(podsNamed(pods, pod.name), pods.filter((other) => other.name === pod.name), `seed ${seed}: pods named ${pod.name}`);
      assert.deepEqual([...podsOfWorkloadIn(snapshot, namespace, pod.workload.kind, pod.workload.name)], pods.filter((other) => other.workload.kind === pod.workload.kind && other.workload.name === pod.workload.name), `seed ${seed}: pods of ${pod.workload.name}`);
    }
    assert.deepEqual(labelCountsByContent(labelSetCounts(pods)), labelCountsByContent(pods.map((pod) => [pod.labels, 1] as const)), `seed ${seed}: label sets of ${namespace}`);
  }
  for (const object of snapshot.objects) {
    const namespacePods = podsInNamespace(snapshot, object.id.namespace ?? 'default');
    const scanned = namespacePods.filter((pod) => (object.type === 'Pod' ? pod.name === object.id.name : pod.workload.name === object.id.name && pod.workload.kind === object.id.kind));
    assert.deepEqual(podsOf(object, snapshot), scanned, `seed ${seed}: podsOf ${object.id.kind} ${object.id.name}`);
  }
  for (const service of snapshot.services) {
    const selector = service.selector;
    const scanned = !selector || Object.keys(selector).length === 0 ? [] : podsInNamespace(snapshot, service.namespace).filter((pod) => matchesLabelMap(selector, pod.labels));
    assert.deepEqual(servicePods(service, snapshot), scanned, `seed ${seed}: servicePods ${service.name}`);
    const endpoints = snapshot.endpoints.get(`${service.namespace}/${service.name}`);
    if (endpoints?.from === 'selector') {
      // The endpoints controller lists every addressed pod the selector matches that has a port of the Service, in the pods' order.
      const expected = podsInNamespace(snapshot, service.namespace).filter(
        (pod) => matchesLabelMap(selector ?? {}, pod.labels) && pod.ips.length > 0 && (service.ports.length === 0 || service.ports.some((port) => findPort(pod, port) !== undefined)),
      );
      assert.deepEqual(endpoints.endpoints.map((endpoint) => endpoint.pod), names(expected), `seed ${seed}: endpoints of ${service.name}`);
      for (const endpoint of endpoints.endpoints) {
        const [namespace, name] = endpoint.pod!.split('/');
        assert.equal(podBehind(endpoint, snapshot), podsInNamespace(snapshot, namespace!).find((pod) => pod.name === name), `seed ${seed}: pod behind ${endpoint.pod}`);
      }
    }
  }
}

describe('pods looked up by labels, workload and name, as a scan of the pods finds them', () => {
  test('selectors, workloads, names, label counts, endpoints and the references agree with a scan, over random workspaces', () => {
    let checkedPods = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const snapshot = snapshotOf(randomWorkspace(seed));
      assert.ok(objectsOfType(snapshot, 'Service').length > 0);
      assertLookupsAreScans(snapshot, seed);
      checkedPods += snapshot.pods.length;
    }
    assert.ok(checkedPods > 1000, `the workspaces have many pods (${checkedPods})`);
  });
});
