/**
 * The index of who reads a namespace's pods (engine/diagnostics/podReaders.ts), which the recheck after an edit of
 * workloads asks instead of every object of the namespace, is carried from snapshot to snapshot: after every random
 * edit of a multi-document file (pod labels, replicas, hosts named, selectors, random mutations), the entry the
 * edits carried equals one made afresh for a snapshot built from scratch of the same objects, so do the pods each label
 * picks (the index by label it asks), and the findings equal a fresh analysis.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSnapshot, type KubeObject } from '../../../server/src/engine';
import { podReadersIn, type PodReaders } from '../../../server/src/engine/diagnostics/podReaders';
import { podsLabelled, podsOfWorkloadIn } from '../../../server/src/engine/snapshot/carriedPodIndexes';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { ClusterChecks } from '../../../server/src/analysis/clusterChecks';
import { SnapshotCache } from '../../../server/src/analysis/snapshotCache';
import { analyzeWorkspace, WorkspaceAnalysis } from '../../../server/src/analysis/workspaceAnalysis';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { mutate } from '../../support/mutations';
import { pick, seededRandom } from '../../support/random';

const APPS = 16;
const URI = 'file:///w/shop.yaml';
const name = (index: number) => `app-${String((index + APPS) % APPS).padStart(2, '0')}`;

function application(index: number): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name(index)}, namespace: shop}`,
    'spec:',
    `  replicas: ${1 + (index % 2)}`,
    `  selector: {matchLabels: {app: ${name(index)}}}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name(index)}`,
    `        tier: ${index % 3 === 0 ? 'backend' : 'frontend'}`,
    '    spec:',
    '      containers:',
    '        - name: main',
    '          image: example/app:1',
    '          env:',
    '            - name: PEER_URL',
    `              value: http://${name(index + 1)}.shop.svc.cluster.local:80/api`,
    '---',
    'apiVersion: v1',
    'kind: Service',
    `metadata: {name: ${name(index)}, namespace: shop}`,
    'spec:',
    `  selector: {app: ${name(index)}${index % 3 === 0 ? ', tier: backend' : ''}}`,
    '  ports:',
    '    - {port: 80}',
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    `metadata: {name: ${name(index)}, namespace: shop}`,
    'spec:',
    `  podSelector: {matchLabels: {app: ${name(index)}}}`,
    '  ingress:',
    '    - from:',
    `        - podSelector: {matchLabels: {app: ${name(index - 1)}}}`,
    ...(index % 4 === 0 ? [`        - podSelector: {matchExpressions: [{key: tier, operator: In, values: [backend]}]}`] : []),
    ...(index % 5 === 0 ? ['        - namespaceSelector: {}', '          podSelector: {matchLabels: {app: db}}'] : []),
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    `metadata: {name: ${name(index)}-config, namespace: shop}`,
    'data:',
    `  upstream: http://${name(index + 2)}.shop:80/`,
  ].join('\n');
}

const SURROUNDINGS = [
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: shop}\nspec:\n  podSelector: {}',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: edge, namespace: shop}\nspec:\n  rules:\n    - http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: app-01, port: {number: 80}}}}',
  'apiVersion: v1\nkind: Service\nmetadata: {name: headless, namespace: shop}\nspec:\n  clusterIP: None',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: debug, namespace: shop, labels: {app: app-03x}}\nspec:\n  containers:\n    - {name: main, image: busybox, args: ["wget", "http://app-04.shop/"]}',
];

/** A value at the end of a matching line gains or loses a trailing `z`. */
function toggleEnd(text: string, pattern: RegExp, random: () => number): string {
  const lines = text.split('\n');
  const candidates = lines.flatMap((line, index) => (pattern.test(line) ? [index] : []));
  if (candidates.length === 0) return text;
  const at = pick(candidates, random);
  lines[at] = lines[at]!.endsWith('z') ? lines[at]!.slice(0, -1) : `${lines[at]}z`;
  return lines.join('\n');
}

const EDITS: Record<string, (text: string, random: () => number) => string> = {
  'a pod label': (text, random) => toggleEnd(text, /^ {8}(app|tier): /, random),
  'a replica count': (text, random) => toggleEnd(text.replace(/replicas: (\d)z/g, 'replicas: $1'), /^ {2}replicas: \d$/, random).replace(/replicas: (\d)z/, 'replicas: 0'),
  'a host named': (text, random) => toggleEnd(text, /^ {2}upstream: /, random),
  'a Service selector': (text, random) => {
    const lines = text.split('\n');
    const at = pick(lines.flatMap((line, index) => (line.startsWith('  selector: {app: ') ? [index] : [])), random);
    lines[at] = lines[at]!.includes('zz') ? lines[at]!.replace('zz', '') : lines[at]!.replace('}', 'zz}');
    return lines.join('\n');
  },
};

/** An entry as sorted names, so that the order of a list's objects (the recheck keeps the snapshot's own) does not count. */
function described(readers: PodReaders): unknown {
  const names = (objects: Iterable<KubeObject>) => [...objects].map((object) => `${object.id.kind}/${object.id.name}`).sort();
  const groups = (map: ReadonlyMap<string, readonly KubeObject[]>) => [...map].map(([key, objects]) => [key, names(objects)]).sort(([a], [b]) => String(a).localeCompare(String(b)));
  return {
    bySelectorLabel: groups(readers.bySelectorLabel),
    alwaysAsked: names(readers.alwaysAsked),
    pickingNothing: names(readers.pickingNothing),
    byName: groups(readers.byName.toMap()),
    byHostLabel: groups(readers.byHostLabel.toMap()),
    others: names(readers.others),
  };
}

describe('the index of who reads a namespace\'s pods, carried over edits', () => {
  test('after every edit it equals the index of a snapshot built afresh, and the findings a fresh analysis', { timeout: 120_000 }, () => {
    const random = seededRandom(2_323);
    const original = `${[...Array.from({ length: APPS }, (_, index) => application(index)), ...SURROUNDINGS].join('\n---\n')}\n`;
    let text = original;
    const index = new WorkspaceIndex(() => ['default']);
    index.setEditedText(URI, text);
    const snapshots = new SnapshotCache();
    const analysis = new WorkspaceAnalysis(snapshots, new ClusterChecks());
    analysis.analyze(index, DEFAULT_PROFILE);
    let pickingNothingSeen = 0;
    for (let step = 0; step < 250; step++) {
      let what: string;
      if (random() < 0.06) {
        const mutation = mutate(text, random, original);
        text = mutation.text;
        what = mutation.name;
      } else {
        what = pick(Object.keys(EDITS), random);
        text = EDITS[what]!(text, random);
      }
      index.setEditedText(URI, text);
      const result = new Map(analysis.analyze(index, DEFAULT_PROFILE).byUri);
      const fresh = new WorkspaceIndex(() => ['default']);
      fresh.setText(URI, text);
      assert.deepStrictEqual(result, analyzeWorkspace(fresh, DEFAULT_PROFILE), `step ${step}: ${what}`);
      const cluster = index.clusters()[0];
      if (!cluster) continue;
      const snapshot = snapshots.get(cluster, DEFAULT_PROFILE);
      const carried = podReadersIn(snapshot, 'shop');
      const rebuilt = buildSnapshot(snapshot.objects, DEFAULT_PROFILE);
      assert.deepStrictEqual(described(carried), described(podReadersIn(rebuilt, 'shop')), `step ${step}: ${what}`);
      // The indexes of pods by label and by workload the checks ask are carried too.
      for (const pod of rebuilt.pods) {
        const ofWorkload = (within: typeof snapshot) => [...podsOfWorkloadIn(within, pod.namespace, pod.workload.kind, pod.workload.name)].map((made) => `${made.name} ${JSON.stringify(made.labels)}`);
        assert.deepStrictEqual(ofWorkload(snapshot), ofWorkload(rebuilt), `step ${step}: ${what}, pods of ${pod.workload.name}`);
        for (const [key, value] of Object.entries(pod.labels)) {
          const named = (within: typeof snapshot) => podsLabelled({ [key]: value }, pod.namespace, within).map((labelled) => labelled.name);
          assert.deepStrictEqual(named(snapshot), named(rebuilt), `step ${step}: ${what}, ${key}=${value}`);
        }
      }
      pickingNothingSeen = Math.max(pickingNothingSeen, carried.pickingNothing.size);
    }
    // The edits made selectors pick nothing, so that the carried set was put to the test.
    assert.ok(pickingNothingSeen >= 4, `at most ${pickingNothingSeen} selectors picked nothing`);
  });
});
