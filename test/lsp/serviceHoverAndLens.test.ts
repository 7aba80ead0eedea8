import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTree, removeTree } from '../support/fixtures';
import { LspSession } from '../support/lspClient';

const APP = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, ports: [{name: http, containerPort: 8080}]}]}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: idle, namespace: shop}\nspec: {selector: {app: idle}, ports: [{port: 80}]}\n',
].join('---\n');

describe('the Service hover and CodeLens lead to a trace', () => {
  let root: string;
  let server: LspSession;
  const uri = (name: string) => `file://${path.join(root, name)}`;
  const lineOf = (text: string) => APP.split('\n').findIndex((line) => line.includes(text));

  before(async () => {
    root = makeTree({ 'app.yaml': APP });
    server = new LspSession();
    await server.initialize(root);
    await server.waitForDiagnostics(uri('app.yaml'), () => true);
  });

  after(() => {
    server.kill();
    removeTree(root);
  });

  test("the Service hover: a command link that traces to it, ports through to the containers, ClusterIP and DNS names on their own lines", async () => {
    const line = lineOf('kind: Service');
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri('app.yaml') }, position: { line, character: 3 } })) as { contents: { kind: string; value: string } };
    const markdown = hover.contents.value;
    const link = /\[Trace a request to this Service\]\(command:kubetrace\.traceToService\?([^ )]+) "[^"]*"\)/.exec(markdown);
    assert.ok(link, markdown);
    assert.deepEqual(JSON.parse(decodeURIComponent(link[1]!)), ['web.shop:80']);
    assert.doesNotMatch(markdown, /kubetrace trace \./);
    assert.match(markdown, /^- 80\/TCP → targetPort http → 8080 \(container web\)$/m);
    // Markdown joins lines no blank line separates: the ClusterIP and each DNS name stand apart.
    assert.match(markdown, /\nClusterIP: 10\.\d+\.\d+\.\d+\n\n\*\*DNS\*\*\n- `web\.shop\.svc\.cluster\.local`\n- `web` from shop\n- `web\.shop` elsewhere\n/);
  });

  test('the Service CodeLens says what it does, then what it shows', async () => {
    const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('app.yaml') } })) as { command: { title: string; command: string; arguments?: unknown[] } }[];
    assert.deepEqual(
      lenses.map((lens) => [lens.command.title.replace(/10\.\d+\.\d+\.\d+/, 'IP'), lens.command.command, lens.command.arguments]),
      [
        ['Trace to this Service · 1 endpoint · IP', 'kubetrace.traceToService', ['web.shop:80']],
        ['Trace to this Service · 0 endpoints · IP', 'kubetrace.traceToService', ['idle.shop:80']],
      ],
    );
  });
});
