/**
 * The custom resources that may make pods (unknownPodMakers) are kept per snapshot and namespace, and an edit that
 * changes none of them keeps the lists: after random edits of pod labels and of custom resources (one coming, going,
 * moving namespace, or becoming one that only configures), the findings of selectors that pick nothing, which name
 * those resources, equal a fresh analysis.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { ClusterChecks } from '../../../server/src/analysis/clusterChecks';
import { SnapshotCache } from '../../../server/src/analysis/snapshotCache';
import { analyzeWorkspace, WorkspaceAnalysis } from '../../../server/src/analysis/workspaceAnalysis';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { pick, seededRandom } from '../../support/random';

const URI = 'file:///w/shop.yaml';

function deployment(index: number): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-${index}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web-${index}}}\n  template:\n    metadata:\n      labels:\n        app: web-${index}\n    spec:\n      containers:\n        - {name: main, image: example/web:1}`;
}

function service(index: number): string {
  return `apiVersion: v1\nkind: Service\nmetadata: {name: web-${index}, namespace: shop}\nspec:\n  selector: {app: web-${index}}\n  ports:\n    - {port: 80}`;
}

function release(name: string): string {
  return `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  chart: {spec: {chart: ${name}}}`;
}

const DOCUMENTS = [...Array.from({ length: 6 }, (_, index) => [deployment(index), service(index)]).flat(), release('cache'), release('queue')];

/** Toggles a line between two texts. */
function toggle(text: string, lines: readonly [string, string][], random: () => number): string {
  const [from, to] = pick(lines, random);
  return text.includes(from) ? text.replace(from, to) : text.replace(to, from);
}

const EDITS: Record<string, (text: string, random: () => number) => string> = {
  'a pod label': (text, random) => toggle(text, Array.from({ length: 6 }, (_, index): [string, string] => [`        app: web-${index}\n`, `        app: web-${index}z\n`]), random),
  'a custom resource only configures': (text, random) => toggle(text, [['apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: cache', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: HelmRelease\nmetadata:\n  name: cache']], random),
  'a custom resource moves': (text, random) => toggle(text, [['  name: queue\n  namespace: shop', '  name: queue\n  namespace: other']], random),
  'a custom resource goes': (text, random) => toggle(text, [[`\n---\n${release('queue')}`, '']], random),
  'a custom resource is renamed': (text, random) => toggle(text, [['  name: cache\n', '  name: cachez\n']], random),
};

describe('custom resources that may make pods, after edits', () => {
  test('the findings that name them equal a fresh analysis after every edit', () => {
    const random = seededRandom(907);
    let text = DOCUMENTS.join('\n---\n');
    const index = new WorkspaceIndex(() => ['default']);
    index.setEditedText(URI, text);
    const analysis = new WorkspaceAnalysis(new SnapshotCache(), new ClusterChecks());
    analysis.analyze(index, DEFAULT_PROFILE);
    const notes = new Set<string>();
    for (let step = 0; step < 150; step++) {
      const what = pick(Object.keys(EDITS), random);
      text = EDITS[what]!(text, random);
      index.setEditedText(URI, text);
      const result = new Map(analysis.analyze(index, DEFAULT_PROFILE).byUri);
      const fresh = new WorkspaceIndex(() => ['default']);
      fresh.setText(URI, text);
      assert.deepStrictEqual(result, analyzeWorkspace(fresh, DEFAULT_PROFILE), `step ${step}: ${what}`);
      for (const problem of result.get(URI) ?? []) if (problem.code === 'KT101') notes.add(problem.message.replace(/^.*?\.( Did you mean [^?]*\?)?/, ''));
    }
    // The selectors that picked nothing were told of one resource, of two, and of none.
    for (const note of [' The custom resource HelmRelease/cache in the same namespace may create the pods: its operator is not simulated.', ' The custom resources HelmRelease/cache, HelmRelease/queue in the same namespace may create the pods: their operators are not simulated.', '']) {
      assert.ok(notes.has(note), `seen: ${[...notes].join(' | ')}`);
    }
  });
});
