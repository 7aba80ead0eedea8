/**
 * Kubetrace only reads: it declares support for untrusted workspaces, runs no program, and indexing,
 * diagnostics, traces and the matrix (in the CLI and in the language server) never write to the workspace.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { kubetrace } from '../../support/cliRun';
import { PROJECT_ROOT, readManifestFolder, useTempTrees } from '../../support/fixtures';
import { LspSession } from '../../support/lspClient';

/** Every file and folder under `root`: path, kind, size, modification time and content hash. */
function treeState(root: string): string[] {
  const state: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      const stat = fs.lstatSync(full);
      if (entry.isDirectory()) {
        state.push(`${path.relative(root, full)}/ ${stat.mtimeMs}`);
        walk(full);
      } else {
        state.push(`${path.relative(root, full)} ${stat.size} ${stat.mtimeMs} ${createHash('sha1').update(fs.readFileSync(full)).digest('hex')}`);
      }
    }
  };
  walk(root);
  return state;
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts')).map((name) => path.join(folder, name));
}

describe('Kubetrace only reads', () => {
  const tree = useTempTrees();

  test('the extension declares support for untrusted workspaces, and no source runs a program or evaluates code', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { capabilities?: { untrustedWorkspaces?: { supported?: unknown } } };
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true);
    for (const file of ['server/src', 'client/src', 'media/src'].flatMap((folder) => sourceFiles(path.join(PROJECT_ROOT, folder)))) {
      const source = fs.readFileSync(file, 'utf8');
      assert.doesNotMatch(source, /from 'node:child_process'|require\('child_process'\)|\beval\(|new Function\(|node:vm\b/, `${path.relative(PROJECT_ROOT, file)} runs a program or evaluates code`);
    }
  });

  test('the CLI checks, lists, traces, queries and builds the matrix without writing to the workspace', () => {
    const root = tree(readManifestFolder(path.join(PROJECT_ROOT, 'examples')));
    const before = treeState(root);
    assert.ok(before.length > 10);
    kubetrace(['check', '.'], { cwd: root });
    kubetrace(['objects', '--format', 'json', '.'], { cwd: root });
    kubetrace(['trace', '.', '--from', 'shop-web/frontend', '--to', 'http://orders-api.shop-api/users'], { cwd: root });
    kubetrace(['matrix', '.'], { cwd: root });
    kubetrace(['query', '.'], { cwd: root, input: '{"kind":"trace","from":"shop-api/orders-api","to":"redis.shop-data:6379"}\n' });
    assert.deepEqual(treeState(root), before);
  });

  test('the language server indexes, publishes, hovers, traces and proposes edits without writing to the workspace', { timeout: 120_000 }, async () => {
    const root = tree(readManifestFolder(path.join(PROJECT_ROOT, 'examples')));
    const before = treeState(root);
    const server = new LspSession();
    try {
      await server.initialize(root, {}, { cacheDirectory: path.join(root, '..', `${path.basename(root)}-cache`) });
      const uri = pathToFileURL(path.join(root, 'shop', 'api', 'orders-api.yaml')).href;
      const text = fs.readFileSync(path.join(root, 'shop', 'api', 'orders-api.yaml'), 'utf8');
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text.replace('orders-api', 'orders-apx') }] });
      await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 10 } });
      await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } }, context: { diagnostics: [] } });
      await server.connection.sendRequest('kubetrace/query', { request: { kind: 'trace', from: 'shop-web/frontend', to: 'http://orders-api.shop-api/users' } });
      const edit = await server.connection.sendRequest('kubetrace/allowFlow', { from: 'shop-web/frontend', to: 'shop-data/redis', protocol: 'TCP', port: 6379 });
      assert.equal(typeof edit, 'object', 'an edit is proposed for the user to preview, not applied');
      await server.connection.sendRequest('kubetrace/modelSummary');
      await server.shutdown();
    } finally {
      server.kill();
    }
    assert.deepEqual(treeState(root), before);
  });
});
