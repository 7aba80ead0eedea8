import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { makeTree, removeTree } from '../support/fixtures';
import { LspSession, type PublishedDiagnostic } from '../support/lspClient';

const BROKEN_PORT = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n    - port: "80"\n';
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';

/** One start of the server with a cache folder: the diagnostics of service.yaml, then a clean shutdown (which stores the cache). */
async function startAndStop(root: string, cacheDirectory: string): Promise<PublishedDiagnostic[]> {
  const server = new LspSession();
  try {
    await server.initialize(root, {}, { cacheDirectory });
    const diagnostics = await server.waitForDiagnostics(`file://${path.join(root, 'service.yaml')}`, (list) => list.length > 0);
    assert.equal(await server.shutdown(), 0);
    return diagnostics;
  } finally {
    server.kill();
  }
}

describe('language server: the warm-start cache', () => {
  const root = makeTree({ 'service.yaml': BROKEN_PORT, 'namespace.yaml': NAMESPACE });
  const cacheDirectory = path.join(makeTree({}), 'cache');
  const cacheFile = path.join(cacheDirectory, 'kubetrace-analysis.json');
  after(() => {
    removeTree(root);
    removeTree(path.dirname(cacheDirectory));
  });

  test('a cold start stores its analysis; a warm start of the same files publishes it as stored', async () => {
    const cold = await startAndStop(root, cacheDirectory);
    assert.deepEqual(cold.map((diagnostic) => diagnostic.code), ['KT002']);
    assert.ok(fs.existsSync(cacheFile), 'the cache was written');
    // Mark the stored message: a warm start that publishes the mark has used the cache rather than a new analysis.
    const stored = fs.readFileSync(cacheFile, 'utf8');
    fs.writeFileSync(cacheFile, stored.replace('must be an integer', 'must be an integer (from the cache)'));
    const warm = await startAndStop(root, cacheDirectory);
    assert.match(warm[0]!.message, /\(from the cache\)/);
  });

  test('a file changed between starts makes the cache stale: the analysis runs again', async () => {
    fs.writeFileSync(path.join(root, 'namespace.yaml'), NAMESPACE.replace('shop', 'shop-2'));
    const changed = await startAndStop(root, cacheDirectory);
    assert.doesNotMatch(changed[0]!.message, /from the cache/);
    assert.deepEqual(changed.map((diagnostic) => diagnostic.code), ['KT002']);
  });

  test('a corrupt cache file is ignored and replaced', async () => {
    fs.writeFileSync(cacheFile, '{"format": 1, "key": ');
    const diagnostics = await startAndStop(root, cacheDirectory);
    assert.equal(diagnostics[0]?.message, 'spec.ports[0].port must be an integer, not a string ("80").');
    assert.doesNotThrow(() => JSON.parse(fs.readFileSync(cacheFile, 'utf8')), 'a good cache was written again');
  });

  test('a document opened while a warm start is still parsing wins over the stored analysis', async () => {
    // Enough files that the parse takes several slices, so the editor's text arrives in the middle of it.
    for (let index = 0; index < 300; index += 1) fs.writeFileSync(path.join(root, `ns-${index}.yaml`), NAMESPACE.replace('shop', `team-${index}`));
    await startAndStop(root, cacheDirectory);
    const server = new LspSession();
    try {
      await server.initialize(root, {}, { cacheDirectory });
      const uri = `file://${path.join(root, 'service.yaml')}`;
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: BROKEN_PORT.replace('"80"', '80') } });
      // The model summary answers once the load is over; any publish it left pending follows within moments.
      await server.connection.sendRequest('kubetrace/modelSummary');
      await new Promise((resolve) => setTimeout(resolve, 500));
      // The stored analysis has the KT002 of the file on disk; the open text has none, and that is what must stand
      // (an empty list, or nothing at all when the file was never published with a problem).
      assert.deepEqual(server.diagnostics(uri) ?? [], []);
      assert.equal(await server.shutdown(), 0);
    } finally {
      server.kill();
    }
  });
});
