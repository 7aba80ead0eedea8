import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareApplyOrder } from '../../../server/src/model/duplicateDefinitions';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

const cluster = (name: string, instances: number) => `apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n  instances: ${instances}\n`;
const configMap = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  key: ${value}\n`;

describe('objects defined more than once', () => {
  test('apply order is a walk of each folder sorted by name', () => {
    const files = ['file:///w/a-b.yaml', 'file:///w/a/x.yaml', 'file:///w/a.yaml', 'file:///w/B.yaml', 'file:///w/a/b/c.yaml'];
    assert.deepEqual([...files].sort(compareApplyOrder), ['file:///w/B.yaml', 'file:///w/a/b/c.yaml', 'file:///w/a/x.yaml', 'file:///w/a-b.yaml', 'file:///w/a.yaml']);
  });

  test('the fields that differ are named, up to four and a count', () => {
    const index = new WorkspaceIndex(() => ['default']);
    index.setText('file:///w/a.yaml', configMap('settings', 'one'));
    index.setText('file:///w/b.yaml', configMap('settings', 'two'));
    const [finding] = index.problemsByUri().get('file:///w/a.yaml') ?? [];
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /They differ in data\.key\.$/);
  });

  test('copies in two folders say how to check those folders apart; a Namespace declared in two folders does not', () => {
    const index = new WorkspaceIndex(() => ['default']);
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
    index.setText('file:///w/app/a.yaml', configMap('settings', 'one') + '---\n' + namespace);
    index.setText('file:///w/policies/b.yaml', configMap('settings', 'two') + '---\n' + namespace);
    const messages = (index.problemsByUri().get('file:///w/app/a.yaml') ?? []).map((problem) => problem.message);
    assert.equal(messages.length, 2);
    assert.match(messages.find((message) => message.startsWith('ConfigMap'))!, /The copies are in different folders: if those are deployed separately, put a kubetrace\.yaml in each/);
    assert.doesNotMatch(messages.find((message) => message.startsWith('Namespace'))!, /different folders/);
  });

  test('of a kind whose fields the model does not read, it says it cannot tell whether they differ', () => {
    const index = new WorkspaceIndex(() => ['default']);
    index.setText('file:///w/a.yaml', cluster('db', 1).replace('kind: Cluster', 'kind: Widget'));
    index.setText('file:///w/b.yaml', cluster('db', 3).replace('kind: Cluster', 'kind: Widget'));
    const [finding] = index.problemsByUri().get('file:///w/a.yaml') ?? [];
    assert.equal(finding?.severity, 'information');
    assert.match(finding?.message ?? '', /Kubetrace does not read the fields of a Widget, so it cannot tell whether the definitions differ\./);
  });

  test('two files that share most of their objects are variants (an all-in-one file beside a quickstart): one note', () => {
    const index = new WorkspaceIndex(() => ['default']);
    index.setText('file:///w/all-in-one.yaml', [configMap('a', 'x'), configMap('b', 'x'), configMap('only-here', 'x')].join('---\n'));
    index.setText('file:///w/quickstart.yaml', [configMap('a', 'z'), configMap('b', 'z')].join('---\n'));
    const problems = [...index.problemsByUri().values()].flat();
    assert.deepEqual(problems.map((problem) => [problem.uri, problem.severity, problem.message.split('. ')[0]]), [
      ['file:///w/all-in-one.yaml', 'information', '2 files of this cluster define the same objects: ConfigMap default/a (2 times), ConfigMap default/b (2 times)'],
    ]);
  });

  test('copies spread over four files or more are alternatives, said once for the cluster (an operator\'s samples)', () => {
    const index = new WorkspaceIndex(() => ['default']);
    for (const [file, instances] of [['cluster-example.yaml', 1], ['cluster-example-full.yaml', 3], ['cluster-example-tls.yaml', 3], ['cluster-example-wal.yaml', 2]] as const) {
      index.setText(`file:///samples/${file}`, configMap('example-settings', `v${instances}`));
    }
    const problems = [...index.problemsByUri().values()].flat();
    assert.equal(problems.length, 1, problems.map((problem) => problem.message).join('\n'));
    assert.equal(problems[0]!.severity, 'information');
    assert.equal(problems[0]!.uri, 'file:///samples/cluster-example-full.yaml', 'on the first copy in apply order');
    assert.match(problems[0]!.message, /^4 files of this cluster define the same objects: ConfigMap default\/example-settings \(4 times\)\. They look like alternatives applied one at a time/);
    assert.equal(problems[0]!.related?.length, 3);
    // The model still holds the definition applied last, whole.
    const kept = index.clusters()[0]!.objects.filter((object) => object.id.name === 'example-settings');
    assert.deepEqual(kept.map((object) => object.uri), ['file:///samples/cluster-example.yaml']);
  });
});
