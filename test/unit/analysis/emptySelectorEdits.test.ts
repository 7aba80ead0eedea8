/**
 * Selectors that pick no pod, after an edit of workloads: their findings (KT101, KT301, KT302) name the nearest label
 * value the namespace's pods have, so an edit is rechecked for them only where it changed that finding. After each edit the findings equal a fresh analysis, and the selectors a far edit cannot reach are not
 * checked again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { objectsToRecheck, snapshotChange } from '../../../server/src/engine';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { ClusterChecks } from '../../../server/src/analysis/clusterChecks';
import { SnapshotCache } from '../../../server/src/analysis/snapshotCache';
import { analyzeWorkspace, WorkspaceAnalysis } from '../../../server/src/analysis/workspaceAnalysis';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

const URI = 'file:///w/shop.yaml';

function deployment(name: string, app: string, tier: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}, namespace: shop}`,
    'spec:',
    `  selector: {matchLabels: {run: ${name}}}`,
    '  template:',
    '    metadata:',
    `      labels: {run: ${name}, app: ${app}, tier: ${tier}}`,
    '    spec:',
    '      containers:',
    '        - {name: main, image: example/app:1, ports: [{name: http, containerPort: 8080}]}',
  ].join('\n');
}

function service(name: string, selector: string): string {
  return `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: ${selector}\n  ports:\n    - {port: 80, targetPort: http}`;
}

function policy(name: string, matchLabels: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  podSelector: {matchLabels: ${matchLabels}}\n  policyTypes: [Ingress]`;
}

const DOCUMENTS = [
  ...Array.from({ length: 12 }, (_, index) => deployment(`web-${index}`, `shop-frontend-${index}`, index % 2 === 0 ? 'gold' : 'silver')),
  // One entry, no near value: "no pod of the namespace has app=basket".
  service('lonely', '{app: basket}'),
  // Two entries: the pods of tier bronze (none) that match the rest.
  service('pair', '{app: shop-frontend-3, tier: bronze}'),
  policy('nobody', '{app: basket}'),
];

describe('selectors that pick no pod, after an edit of workloads', () => {
  const index = new WorkspaceIndex(() => ['default']);
  const snapshots = new SnapshotCache();
  const analysis = new WorkspaceAnalysis(snapshots, new ClusterChecks());
  let text = DOCUMENTS.join('\n---\n');
  index.setEditedText(URI, text);
  analysis.analyze(index, DEFAULT_PROFILE);

  /** Applies an edit; returns the names of the objects checked again, after comparing the findings with a fresh analysis. */
  function edit(from: string, to: string): { rechecked: readonly string[]; messages: readonly string[] } {
    assert.ok(text.includes(from), from);
    text = text.replace(from, to);
    index.setEditedText(URI, text);
    const result = new Map(analysis.analyze(index, DEFAULT_PROFILE).byUri);
    const fresh = new WorkspaceIndex(() => ['default']);
    fresh.setText(URI, text);
    assert.deepStrictEqual(result, analyzeWorkspace(fresh, DEFAULT_PROFILE));
    const snapshot = snapshots.get(index.clusters()[0], DEFAULT_PROFILE);
    const change = snapshotChange(snapshot);
    assert.ok(change, 'the snapshot was made from the last one');
    return { rechecked: objectsToRecheck(snapshot, change).map((object) => `${object.id.kind}/${object.id.name}`), messages: (result.get(URI) ?? []).map((problem) => problem.message) };
  }

  test('a pod label far from every selector that picks nothing rechecks none of them', () => {
    const { rechecked } = edit('app: shop-frontend-7,', 'app: shop-frontend-7x,');
    assert.ok(rechecked.includes('Deployment/web-7'));
    for (const name of ['Service/lonely', 'Service/pair', 'NetworkPolicy/nobody']) assert.ok(!rechecked.includes(name), `${name} in ${rechecked.join(' ')}`);
  });

  test('a value the one-entry selectors could suggest rechecks them, and their hint names it', () => {
    const { rechecked, messages } = edit('app: shop-frontend-9,', 'app: baskets,');
    assert.ok(rechecked.includes('Service/lonely') && rechecked.includes('NetworkPolicy/nobody'), rechecked.join(' '));
    assert.ok(!rechecked.includes('Service/pair'), rechecked.join(' '));
    assert.ok(messages.some((message) => message.includes('app=basket') && message.includes('Did you mean app: baskets?')), messages.join('\n'));
    assert.ok(messages.some((message) => message.includes('this policy applies to nothing. Did you mean app: baskets?')), messages.join('\n'));
  });

  test('a value they could suggest that is farther than their hint rechecks none of them, and the hint stays', () => {
    const { rechecked, messages } = edit('app: shop-frontend-8,', 'app: basketzz,');
    for (const name of ['Service/lonely', 'NetworkPolicy/nobody']) assert.ok(!rechecked.includes(name), `${name} in ${rechecked.join(' ')}`);
    assert.ok(messages.some((message) => message.includes('app=basket') && message.includes('Did you mean app: baskets?')), messages.join('\n'));
  });

  test('the nearer value going makes the farther one the hint', () => {
    const { rechecked, messages } = edit('app: baskets,', 'app: shop-frontend-9,');
    assert.ok(rechecked.includes('Service/lonely') && rechecked.includes('NetworkPolicy/nobody'), rechecked.join(' '));
    assert.ok(messages.some((message) => message.includes('app=basket') && message.includes('Did you mean app: basketzz?')), messages.join('\n'));
    assert.ok(messages.some((message) => message.includes('this policy applies to nothing. Did you mean app: basketzz?')), messages.join('\n'));
  });

  test('a pod that matches the rest of a two-entry selector rechecks it, and its count changes', () => {
    const before = edit('app: shop-frontend-5,', 'app: shop-frontend-3,');
    assert.ok(before.rechecked.includes('Service/pair'), before.rechecked.join(' '));
    assert.ok(before.messages.some((message) => message.includes('2 pod(s) match the rest of it')), before.messages.join('\n'));
    const far = edit('app: shop-frontend-11,', 'app: shop-frontend-11y,');
    assert.ok(!far.rechecked.includes('Service/pair'), far.rechecked.join(' '));
  });

  test('once no pod has the key of a one-entry selector, its hint is the nearest key the pods have', () => {
    let last: { rechecked: readonly string[]; messages: readonly string[] } | undefined;
    for (let at = 0; at < 12; at++) last = edit(/app: (shop-frontend-\d+x?y?|basketzz),/.exec(text)![0], 'apps: x,');
    assert.ok(last!.rechecked.includes('Service/lonely'), last!.rechecked.join(' '));
    assert.ok(last!.messages.some((message) => message.includes('app=basket. Did you mean the label key apps?')), last!.messages.join('\n'));
  });
});
