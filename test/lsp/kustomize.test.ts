/**
 * Kustomize in the editor, over stdio: hover and definition on a kustomization's entries, the rendered names of a
 * base object, the rendered object (a Secret's values hidden), and an edit to a base that reaches the overlays.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { RenderedObject } from '../../server/src/protocol';
import { makeTree, removeTree } from '../support/fixtures';
import { LspSession } from '../support/lspClient';

const FILES = {
  'base/kustomization.yaml': 'resources:\n- deployment.yaml\n- service.yaml\nsecretGenerator:\n- name: db\n  literals:\n  - password=hunter2\n',
  'base/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        ports:\n        - containerPort: 8080\n',
  'base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n',
  'overlays/prod/kustomization.yaml': 'namespace: prod\nnamePrefix: prod-\nresources:\n- ../../base\npatches:\n- path: replicas.yaml\n',
  'overlays/prod/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n',
  'overlays/dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../../base\n',
};

describe('Kustomize in the editor', () => {
  const root = makeTree(FILES);
  const uri = (relative: string) => pathToFileURL(path.join(root, relative)).href;
  const server = new LspSession();
  before(async () => {
    await server.initialize(root);
    // The model summary answers once the workspace is read.
    const summary = (await server.connection.sendRequest('kubetrace/modelSummary')) as { clusters: { name: string }[] };
    assert.deepEqual(summary.clusters.map((cluster) => cluster.name).sort(), ['overlays/dev', 'overlays/prod']);
  });
  after(async () => {
    await server.shutdown();
    removeTree(root);
  });

  const hover = async (relative: string, line: number, character: number) =>
    ((await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(relative) }, position: { line, character } })) as { contents: { value: string } } | null)?.contents.value;
  const definition = async (relative: string, line: number, character: number) =>
    (await server.connection.sendRequest('textDocument/definition', { textDocument: { uri: uri(relative) }, position: { line, character } })) as { uri: string; range: { start: { line: number } } }[];

  test('a resources entry leads to the base\'s kustomization and tells what it builds', async () => {
    const locations = await definition('overlays/prod/kustomization.yaml', 3, 4);
    assert.deepEqual(locations.map((location) => location.uri), [uri('base/kustomization.yaml')]);
    const text = await hover('overlays/prod/kustomization.yaml', 3, 4);
    assert.match(text ?? '', /in overlays\/prod: .*Deployment prod\/prod-web/);
  });

  test('a patch entry leads to the patch and to the object it changed', async () => {
    const locations = await definition('overlays/prod/kustomization.yaml', 5, 10);
    assert.deepEqual(locations.map((location) => location.uri), [uri('overlays/prod/replicas.yaml'), uri('base/deployment.yaml')]);
    assert.match((await hover('overlays/prod/kustomization.yaml', 5, 10)) ?? '', /changes:\n- Deployment prod\/prod-web \(in overlays\/prod\)/);
  });

  test('from inside a patch, go to definition leads to the object it patches', async () => {
    const locations = await definition('overlays/prod/replicas.yaml', 5, 4);
    assert.deepEqual(locations.map((location) => [location.uri, location.range.start.line]), [[uri('base/deployment.yaml'), 3]]);
  });

  test('the hover on a base object\'s name gives its name in each build', async () => {
    const text = (await hover('base/service.yaml', 3, 9)) ?? '';
    assert.match(text, /in overlays\/dev: Service dev\/web/);
    assert.match(text, /in overlays\/prod: Service prod\/prod-web/);
  });

  test('the rendered object is shown as each build renders it, and a Secret\'s values never', async () => {
    const rendered = (await server.connection.sendRequest('kubetrace/renderedObject', { uri: uri('base/deployment.yaml'), position: { line: 3, character: 9 } })) as RenderedObject[];
    const prod = rendered.find((object) => object.cluster === 'overlays/prod');
    assert.ok(prod, JSON.stringify(rendered));
    assert.equal(prod.title, 'Deployment prod/prod-web');
    assert.match(prod.yaml, /replicas: 3/);
    assert.match(prod.yaml, /namespace: prod/);
    const secrets = (await server.connection.sendRequest('kubetrace/renderedObject', { uri: uri('base/kustomization.yaml'), position: { line: 4, character: 10 } })) as RenderedObject[];
    for (const secret of secrets) assert.doesNotMatch(secret.yaml, /hunter2|aHVudGVyMg/);
  });

  test('an edit to a base reaches every overlay', async () => {
    const text = FILES['base/service.yaml'].replace('app: web', 'app: nope');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('base/service.yaml'), languageId: 'yaml', version: 1, text } });
    const diagnostics = await server.waitForDiagnostics(uri('base/service.yaml'), (list) => list.some((diagnostic) => diagnostic.code === 'KT101'));
    const selector = diagnostics.filter((diagnostic) => diagnostic.code === 'KT101');
    assert.equal(selector.length, 1, JSON.stringify(selector));
    assert.equal(selector[0]!.range.start.line, 6);
  });
});
