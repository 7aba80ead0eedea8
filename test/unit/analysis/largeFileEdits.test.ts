/**
 * One large multi-document file open in an editor, edited a few hundred times: a character typed into or taken out
 * of a pod label, a selector, a port, a host a connection string names, a replica count, now and then a random
 * mutation. The file is read as its documents (only those an edit touched are read again), and the analysis after
 * each edit rechecks in the edited namespace only the objects that read what changed; after every edit its findings
 * equal a fresh analysis of the same text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { objectsToRecheck, snapshotChange } from '../../../server/src/engine';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { ClusterChecks } from '../../../server/src/analysis/clusterChecks';
import { SnapshotCache } from '../../../server/src/analysis/snapshotCache';
import { analyzeWorkspace, WorkspaceAnalysis } from '../../../server/src/analysis/workspaceAnalysis';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { mutate } from '../../support/mutations';
import { pick, seededRandom } from '../../support/random';

const APPS = 24;
const URI = 'file:///w/exported.yaml';
const name = (index: number) => `app-${String((index + APPS) % APPS).padStart(3, '0')}`;

/** One application: a Deployment calling its neighbour, its Service, a policy admitting the one before, a ConfigMap naming another Service. */
function application(index: number): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name(index)}, namespace: big}`,
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
    '          ports:',
    '            - name: http',
    `              containerPort: ${8080 + (index % 4)}`,
    '          env:',
    '            - name: PEER_URL',
    `              value: http://${name(index + 1)}.big.svc.cluster.local:80/api`,
    '---',
    'apiVersion: v1',
    'kind: Service',
    `metadata: {name: ${name(index)}, namespace: big}`,
    'spec:',
    '  selector:',
    `    app: ${name(index)}`,
    ...(index % 3 === 0 ? ['    tier: backend'] : []),
    '  ports:',
    `    - {name: http, port: 80, targetPort: ${index % 5 === 0 ? 8080 : 'http'}}`,
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    `metadata: {name: ${name(index)}, namespace: big}`,
    'spec:',
    '  podSelector:',
    `    matchLabels: {app: ${name(index)}}`,
    `  policyTypes: [Ingress${index % 4 === 0 ? ', Egress' : ''}]`,
    '  ingress:',
    '    - from:',
    `        - podSelector: {matchLabels: {app: ${name(index - 1)}}}`,
    '      ports:',
    '        - {protocol: TCP, port: http}',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    `metadata: {name: ${name(index)}-config, namespace: big}`,
    'data:',
    `  upstream: ${index % 2 === 0 ? `http://${name(index + 2)}.big:80/` : 'db-0.db.data.svc.cluster.local:5432'}`,
  ].join('\n');
}

/** What reads the applications from elsewhere: a headless database, a policy of another namespace, an Ingress, a Service over a tier. */
const SURROUNDINGS = [
  'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports:\n    - {name: pg, port: 5432}',
  'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: data}\nspec:\n  serviceName: db\n  replicas: 1\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n        - name: pg\n          image: postgres:16\n          env:\n            - name: PRIMARY\n              value: tcp://app-003.big:80',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: from-big, namespace: data}\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: big}}\n          podSelector: {matchLabels: {tier: backend}}',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: edge, namespace: big}\nspec:\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: app-001, port: {number: 80}}}}',
  'apiVersion: v1\nkind: Service\nmetadata: {name: backend, namespace: big}\nspec:\n  selector: {tier: backend}\n  ports:\n    - {port: 80, targetPort: http}',
];

function largeFile(): string {
  return `${[...Array.from({ length: APPS }, (_, index) => application(index)), ...SURROUNDINGS].join('\n---\n')}\n`;
}

/** A value at the end of a line gains or loses a trailing character, as a user types or deletes it. */
function toggleEnd(text: string, pattern: RegExp, random: () => number, extra = 'z'): string {
  const lines = text.split('\n');
  const candidates = lines.flatMap((line, index) => (pattern.test(line) ? [index] : []));
  if (candidates.length === 0) return text;
  const at = pick(candidates, random);
  const line = lines[at]!;
  lines[at] = line.endsWith(extra) ? line.slice(0, -extra.length) : line + extra;
  return lines.join('\n');
}

/** A character in the middle of a line: a host a connection string names, a port number. */
function toggleWithin(text: string, pattern: RegExp, from: string, to: string, random: () => number): string {
  const lines = text.split('\n');
  const candidates = lines.flatMap((line, index) => (pattern.test(line) ? [index] : []));
  if (candidates.length === 0) return text;
  const at = pick(candidates, random);
  const line = lines[at]!;
  lines[at] = line.includes(to) ? line.replace(to, from) : line.replace(from, to);
  return lines.join('\n');
}

const EDITS: Record<string, (text: string, random: () => number) => string> = {
  'a pod label': (text, random) => toggleEnd(text, /^ {8}(app|tier): /, random),
  'a Service selector': (text, random) => toggleEnd(text, /^ {4}(app|tier): /, random),
  'a container port': (text, random) => toggleWithin(text, /containerPort: 808\d$/, '808', '809', random),
  'a port name': (text, random) => toggleEnd(text, /^ {12}- name: http/, random),
  'a host named in env': (text, random) => toggleWithin(text, /value: http:\/\/app-/, '.big.svc', 'x.big.svc', random),
  'a host named in a ConfigMap': (text, random) => toggleWithin(text, /upstream: /, ':80/', 'x:80/', random),
  'a replica count': (text, random) => toggleWithin(text, /^ {2}replicas: [0-2]$/, 'replicas: 1', 'replicas: 0', random),
};

describe('edits of a large multi-document file, analysed incrementally', () => {
  test('after every edit the findings equal a fresh analysis, and most edits recheck a few objects of the namespace', { timeout: 300_000 }, () => {
    const random = seededRandom(23_050);
    const original = largeFile();
    let text = original;
    const index = new WorkspaceIndex(() => ['default']);
    index.setEditedText(URI, text);
    const snapshots = new SnapshotCache();
    const analysis = new WorkspaceAnalysis(snapshots, new ClusterChecks());
    analysis.analyze(index, DEFAULT_PROFILE);
    let fewRechecked = 0;
    const codes = new Set<string>();
    for (let step = 0; step < 300; step++) {
      const roll = random();
      let what: string;
      if (roll < 0.08) {
        const mutation = mutate(text, random, original);
        text = mutation.text;
        what = mutation.name;
      } else if (roll < 0.1) {
        text = original;
        what = 'restored';
      } else {
        what = pick(Object.keys(EDITS), random);
        text = EDITS[what]!(text, random);
      }
      index.setEditedText(URI, text);
      const result = new Map(analysis.analyze(index, DEFAULT_PROFILE).byUri);
      const fresh = new WorkspaceIndex(() => ['default']);
      fresh.setText(URI, text);
      assert.deepStrictEqual(result, analyzeWorkspace(fresh, DEFAULT_PROFILE), `step ${step}: ${what}`);
      for (const problem of result.get(URI) ?? []) codes.add(problem.code);
      const snapshot = snapshots.get(index.clusters()[0], DEFAULT_PROFILE);
      const change = snapshotChange(snapshot);
      if (change && change.touched.size > 0 && objectsToRecheck(snapshot, change).length < change.touchedObjects.length / 4) fewRechecked++;
    }
    assert.ok(fewRechecked > 100, `${fewRechecked} of 300 edits rechecked under a quarter of the edited namespace`);
    for (const code of ['KT101', 'KT103', 'KT301', 'KT302', 'KT401']) assert.ok(codes.has(code), `the edits reached ${code} (seen: ${[...codes].sort().join(' ')})`);
  });
});
