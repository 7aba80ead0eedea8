import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { editorUri, makeTree, removeTree, withMarkers } from '../support/fixtures';
import { LspSession, type PublishedDiagnostic } from '../support/lspClient';

// Markers give the 0-based start of each diagnostic the server must publish.
const DUPLICATE_KEY = withMarkers('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: broken\n  «at»name: again\n');
const DUPLICATE_KEY_FIXED = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: broken\n';
const WRONG_TYPE = withMarkers('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n    - port: «at»"80"\n');
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n    - port: 80\n';
const NAMESPACE = withMarkers('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: «at»shop\n');

interface ModelSummary {
  clusters: { name: string; fileCount: number; errorCount: number; objects: { kind: string; namespace?: string; name: string; uri: string; range: PublishedDiagnostic['range'] }[] }[];
}

function marker(fixture: { at: Record<string, { line: number; character: number }> }): { line: number; character: number } {
  const at = fixture.at['at'];
  assert.ok(at, 'the fixture has an «at» marker');
  return at;
}

/** A range of `length` characters on one line, from a fixture's marker. */
function rangeAt(fixture: { at: Record<string, { line: number; character: number }> }, length: number): PublishedDiagnostic['range'] {
  const start = marker(fixture);
  return { start, end: { line: start.line, character: start.character + length } };
}

describe('language server over stdio: diagnostics follow disk and editor', () => {
  let root: string;
  let server: LspSession;
  const uri = (relative: string) => pathToFileURL(path.join(root, relative)).href;
  const open = (relative: string, text: string) =>
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(relative), languageId: 'yaml', version: 1, text } });
  const close = (relative: string) => server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(relative) } });
  const summary = () => server.connection.sendRequest('kubetrace/modelSummary') as Promise<ModelSummary>;

  before(async () => {
    root = makeTree({
      'broken.yaml': DUPLICATE_KEY.text,
      'service.yaml': SERVICE,
      'team-a/namespace.yaml': NAMESPACE.text,
      'team-b/namespace.yaml': NAMESPACE.text,
      'notes.yaml': 'title: not kubernetes\n',
      'node_modules/pkg/ignored.yaml': WRONG_TYPE.text,
    });
    server = new LspSession();
  });

  after(() => {
    server.kill();
    removeTree(root);
  });

  test('initialize with workspace folders and no client capabilities', async () => {
    const result = (await server.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'manifests' }],
      capabilities: {},
    })) as { capabilities: { textDocumentSync: number }; serverInfo: { name: string } };
    assert.equal(result.serverInfo.name, 'kubetrace');
    assert.equal(result.capabilities.textDocumentSync, 2, 'incremental document sync');
    await server.connection.sendNotification('initialized', {});
  });

  test('a YAML syntax error on disk is published as KT001 with its exact range', async () => {
    const diagnostics = await server.waitForDiagnostics(uri('broken.yaml'), (list) => list.length > 0);
    assert.deepEqual(diagnostics, [
      { range: rangeAt(DUPLICATE_KEY, 1), severity: 1, code: 'KT001', source: 'kubetrace', message: 'YAML syntax error: Map keys must be unique' },
    ]);
  });

  test('a Namespace declared in two files is information on the copy applied first, pointing at the one kept', async () => {
    const diagnostics = await server.waitForDiagnostics(uri('team-a/namespace.yaml'), (list) => list.length > 0);
    assert.deepEqual(diagnostics, [
      {
        range: rangeAt(NAMESPACE, 'shop'.length),
        severity: 3,
        code: 'KT004',
        source: 'kubetrace',
        message: 'Namespace shop is defined 2 times in this cluster; kubectl apply keeps the last one, in namespace.yaml, which replaces this one. They are the same in every field Kubetrace reads.',
        relatedInformation: [{ location: { uri: uri('team-b/namespace.yaml'), range: rangeAt(NAMESPACE, 'shop'.length) }, message: 'the definition that is applied last and kept' }],
      },
    ]);
  });

  test('a duplicate offers to open the definition kept', async () => {
    const diagnostics = await server.waitForDiagnostics(uri('team-a/namespace.yaml'), (list) => list.length > 0);
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri('team-a/namespace.yaml') },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    })) as { title: string; command?: { command: string; arguments: unknown[] } }[];
    assert.deepEqual(
      actions.map((action) => [action.title, action.command?.command, action.command?.arguments[0]]),
      [['Open the definition kept (namespace.yaml:4)', 'kubetrace.openLocation', uri('team-b/namespace.yaml')]],
    );
  });

  test('kubetrace/modelSummary lists every object with where it is defined', async () => {
    const { clusters } = await summary();
    assert.deepEqual(
      clusters.map((cluster) => ({ name: cluster.name, fileCount: cluster.fileCount, errorCount: cluster.errorCount })),
      [{ name: 'default', fileCount: 5, errorCount: 1 }],
      'node_modules is skipped; notes.yaml is read but has no objects',
    );
    assert.deepEqual(
      clusters[0]?.objects.map((object) => [object.kind, object.namespace ?? null, object.name, object.uri]),
      [
        ['Service', 'shop', 'web', uri('service.yaml')],
        ['Namespace', null, 'shop', uri('team-b/namespace.yaml')],
      ],
      'the model holds the definition kubectl apply keeps',
    );
    assert.deepEqual(clusters[0]?.objects[1]?.range, rangeAt(NAMESPACE, 'shop'.length));
  });

  test('an open document whose text differs from the disk is checked by its text', async () => {
    await open('broken.yaml', DUPLICATE_KEY_FIXED);
    await server.waitForDiagnostics(uri('broken.yaml'), (list) => list.length === 0);
    await open('service.yaml', WRONG_TYPE.text);
    const diagnostics = await server.waitForDiagnostics(uri('service.yaml'), (list) => list.length > 0);
    assert.deepEqual(diagnostics, [
      { range: rangeAt(WRONG_TYPE, '"80"'.length), severity: 1, code: 'KT002', source: 'kubetrace', message: 'spec.ports[0].port must be an integer, not a string ("80").' },
    ]);
  });

  test('an incremental change that fixes the error publishes empty diagnostics; a full change can break it again', async () => {
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('service.yaml'), version: 2 },
      contentChanges: [{ range: rangeAt(WRONG_TYPE, '"80"'.length), text: '80' }],
    });
    assert.deepEqual(await server.waitForDiagnostics(uri('service.yaml'), (list) => list.length === 0), []);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('service.yaml'), version: 3 }, contentChanges: [{ text: WRONG_TYPE.text.replace('"80"', 'eighty') }] });
    const [broken] = await server.waitForDiagnostics(uri('service.yaml'), (list) => list.length > 0);
    assert.equal(broken?.code, 'KT002');
    assert.deepEqual(broken?.range.start, marker(WRONG_TYPE));
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('service.yaml'), version: 4 }, contentChanges: [{ text: SERVICE }] });
    assert.deepEqual(await server.waitForDiagnostics(uri('service.yaml'), (list) => list.length === 0), []);
  });

  test('closing a document brings back the problems of the file on disk', async () => {
    await close('broken.yaml');
    const [diagnostic] = await server.waitForDiagnostics(uri('broken.yaml'), (list) => list.length > 0);
    assert.equal(diagnostic?.code, 'KT001');
    assert.deepEqual(diagnostic?.range, rangeAt(DUPLICATE_KEY, 1));
    await close('service.yaml');
  });

  test('an unsaved document joins the model while open and leaves it when closed', async () => {
    // The draft's Namespace is replaced by team-b's (applied later); its ConfigMap is its own.
    await open('draft.yaml', `${NAMESPACE.text}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: draft-settings, namespace: shop}\n`);
    const [tripled] = await server.waitForDiagnostics(uri('team-a/namespace.yaml'), (list) => list.some((diagnostic) => diagnostic.message.includes('3 times')));
    assert.deepEqual(tripled?.relatedInformation?.map((related) => related.location.uri), [uri('team-b/namespace.yaml'), uri('draft.yaml')]);
    assert.deepEqual((await server.waitForDiagnostics(uri('draft.yaml'), (list) => list.length > 0)).map((diagnostic) => diagnostic.code), ['KT004']);
    assert.ok((await summary()).clusters[0]?.objects.some((object) => object.uri === uri('draft.yaml') && object.name === 'draft-settings'));

    await close('draft.yaml');
    await server.waitForDiagnostics(uri('draft.yaml'), (list) => list.length === 0);
    await server.waitForDiagnostics(uri('team-a/namespace.yaml'), (list) => list.some((diagnostic) => diagnostic.message.includes('2 times')));
    assert.ok(!(await summary()).clusters[0]?.objects.some((object) => object.uri === uri('draft.yaml')));
  });

  test(
    'a document opened under the URI spelling VS Code uses is the same file as on disk',
    async () => {
      const name = 'web (1).yaml';
      const fromEditor = editorUri(path.join(root, name));
      assert.notEqual(fromEditor, uri(name));
      // Saved on disk first, as a copy of the Service; the server reads it under its own spelling.
      fs.writeFileSync(path.join(root, name), SERVICE.replace('name: web', 'name: web-copy'));
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fromEditor, type: 1 }] });
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fromEditor, languageId: 'yaml', version: 1, text: SERVICE.replace('name: web', 'name: web-copy') } });
      const objects = (await summary()).clusters[0]?.objects.filter((object) => object.name === 'web-copy') ?? [];
      assert.equal(objects.length, 1, `one web-copy Service, not ${objects.length}: ${objects.map((object) => object.uri).join(', ')}`);
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fromEditor } });
    },
  );

  test('shutdown and exit end the process with status 0', async () => {
    assert.equal(await server.shutdown(), 0);
  });
});

describe('language server over stdio: a client that sends only rootUri', () => {
  let root: string;
  let server: LspSession;

  before(() => {
    root = makeTree({ 'svc.yaml': WRONG_TYPE.text });
    server = new LspSession();
  });

  after(() => {
    server.kill();
    removeTree(root);
  });

  test('the root folder is read and its problems published', async () => {
    await server.connection.sendRequest('initialize', { processId: null, rootUri: pathToFileURL(root).href, workspaceFolders: null, capabilities: {} });
    await server.connection.sendNotification('initialized', {});
    const diagnostics = await server.waitForDiagnostics(pathToFileURL(path.join(root, 'svc.yaml')).href, (list) => list.length > 0);
    assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range]), [['KT002', rangeAt(WRONG_TYPE, '"80"'.length)]]);
    assert.equal(await server.shutdown(), 0);
  });
});
