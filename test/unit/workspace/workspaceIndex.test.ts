import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

const single = () => ['default'];

const SERVICE = (name: string, namespace = 'shop') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80, targetPort: 8080}]\n`;
const DEPLOYMENT = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: ${name}\n          ports: [{containerPort: 8080}]\n`;

/** A small deterministic generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function snapshot(index: WorkspaceIndex) {
  return { clusters: index.clusters(), problems: Object.fromEntries(index.problemsByUri()) };
}

describe('workspace index', () => {
  test('an object defined twice: the copy applied last wins whole, the one it replaces is told which and how they differ', () => {
    const index = new WorkspaceIndex(single);
    index.setText('file:///w/a.yaml', SERVICE('web'));
    index.setText('file:///w/b.yaml', `# copy\n${SERVICE('web').replace('port: 80,', 'port: 81,')}`);
    index.setText('file:///w/c.yaml', SERVICE('web', 'other'));
    const problems = index.problemsByUri();
    const a = problems.get('file:///w/a.yaml') ?? [];
    assert.deepEqual(problems.get('file:///w/c.yaml'), [], 'same name in another namespace is another object');
    assert.deepEqual(problems.get('file:///w/b.yaml'), [], 'the winner has nothing to change');
    assert.deepEqual(a.map((problem) => [problem.code, problem.severity, problem.range.start.line, problem.message]), [
      ['KT004', 'warning', 3, 'Service shop/web is defined 2 times in this cluster; kubectl apply keeps the last one, in b.yaml, which replaces this one. They differ in spec.ports[0].port.'],
    ]);
    assert.deepEqual(a[0]?.related?.map((related) => [related.uri, related.range.start.line]), [['file:///w/b.yaml', 4]]);
    const web = index.clusters()[0]!.objects.filter((object) => object.id.name === 'web' && object.id.namespace === 'shop');
    assert.deepEqual(web.map((object) => object.uri), ['file:///w/b.yaml'], 'the model holds the winner alone, never a mix');
    index.delete('file:///w/b.yaml');
    assert.deepEqual(index.problemsByUri().get('file:///w/a.yaml'), [], 'fixed by deleting the copy');
    assert.deepEqual(index.clusters()[0]!.objects.filter((object) => object.id.name === 'web' && object.id.namespace === 'shop').map((object) => object.uri), ['file:///w/a.yaml'], 'and the other copy is back');
  });

  test('copies that are the same, and a Namespace declared twice, are information; apply order walks folders before longer names', () => {
    const index = new WorkspaceIndex(single);
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: a}\n';
    index.setText('file:///w/a-b.yaml', SERVICE('web') + '---\n' + namespace);
    index.setText('file:///w/a/x.yaml', SERVICE('web') + '---\n' + namespace.replace('team: a', 'team: b'));
    const problems = index.problemsByUri();
    // kubectl walks folder a/ before the file a-b.yaml, so a-b.yaml is applied last and wins.
    assert.deepEqual(problems.get('file:///w/a-b.yaml'), []);
    assert.deepEqual((problems.get('file:///w/a/x.yaml') ?? []).map((problem) => [problem.code, problem.severity, problem.message.split('. ')[1]]), [
      ['KT004', 'information', 'They are the same in every field Kubetrace reads'],
      ['KT004', 'information', 'They differ in metadata.labels.team.'],
    ]);
  });

  test('files in different clusters may define the same object', () => {
    const index = new WorkspaceIndex((uri) => (uri.includes('/prod/') ? ['prod'] : uri.includes('/base/') ? ['prod', 'staging'] : ['staging']));
    index.setText('file:///w/prod/web.yaml', SERVICE('web'));
    index.setText('file:///w/staging/web.yaml', SERVICE('web'));
    index.setText('file:///w/base/api.yaml', DEPLOYMENT('api'));
    assert.deepEqual(
      index.clusters().map((cluster) => [cluster.name, cluster.objects.map((object) => `${object.id.kind}/${object.id.name}`), cluster.problems.length]),
      [
        ['prod', ['Deployment/api', 'Service/web'], 0],
        ['staging', ['Deployment/api', 'Service/web'], 0],
      ],
    );
  });

  test('an edit reassembles only the clusters of the file it touched', () => {
    const index = new WorkspaceIndex((uri) => (uri.includes('/prod/') ? ['prod'] : ['staging']));
    index.setText('file:///w/prod/web.yaml', SERVICE('web'));
    index.setText('file:///w/staging/web.yaml', SERVICE('web'));
    const [prod, staging] = index.clusters();
    index.setText('file:///w/staging/web.yaml', SERVICE('api'));
    const [prodAfter, stagingAfter] = index.clusters();
    assert.equal(prodAfter, prod, 'prod is the same object: caches keyed by it stay valid');
    assert.notEqual(stagingAfter, staging);
    assert.deepEqual(stagingAfter?.objects.map((object) => object.id.name), ['api']);
    index.delete('file:///w/prod/web.yaml');
    assert.deepEqual(index.clusters().map((cluster) => cluster.name), ['staging'], 'a cluster with no file left is gone');
  });

  test('unchanged content is not parsed again: the same file object is kept', () => {
    const index = new WorkspaceIndex(single);
    index.setText('file:///w/a.yaml', SERVICE('web'));
    const before = index.parsedFile('file:///w/a.yaml');
    index.setText('file:///w/a.yaml', SERVICE('web'));
    assert.equal(index.parsedFile('file:///w/a.yaml'), before);
    index.setText('file:///w/a.yaml', SERVICE('api'));
    assert.notEqual(index.parsedFile('file:///w/a.yaml'), before);
  });

  test('after any sequence of edits the model equals a fresh build of the final text', () => {
    const next = random(20261122);
    const uris = ['file:///w/a.yaml', 'file:///w/b.yaml', 'file:///w/c/d.yaml', 'file:///w/e.yml'];
    const fragments = [
      SERVICE('web'),
      SERVICE('api'),
      DEPLOYMENT('web'),
      DEPLOYMENT('api'),
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: [broken\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: typed}\nspec: {ports: [{port: "80"}]}\n',
    ];
    const twoClusters = (uri: string) => (uri.includes('/c/') ? ['c'] : uri.endsWith('.yml') ? ['c', 'default'] : ['default']);
    for (let round = 0; round < 20; round++) {
      const clustersOf = round % 2 === 0 ? single : twoClusters;
      const incremental = new WorkspaceIndex(clustersOf);
      const finalText = new Map<string, string>();
      for (let step = 0; step < 60; step++) {
        const uri = uris[Math.floor(next() * uris.length)]!;
        if (next() < 0.15) {
          incremental.delete(uri);
          finalText.delete(uri);
          continue;
        }
        const documents = Array.from({ length: 1 + Math.floor(next() * 3) }, () => fragments[Math.floor(next() * fragments.length)]!);
        let text = documents.join('---\n');
        if (next() < 0.3) text = text.slice(0, Math.floor(next() * text.length));
        incremental.setText(uri, text);
        finalText.set(uri, text);
        if (next() < 0.2) incremental.clusters();
      }
      const fresh = new WorkspaceIndex(clustersOf);
      for (const [uri, text] of [...finalText].reverse()) fresh.setText(uri, text);
      assert.deepEqual(snapshot(incremental), snapshot(fresh), `round ${round}`);
    }
  });
});
