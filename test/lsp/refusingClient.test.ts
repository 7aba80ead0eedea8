/**
 * A client that says it can watch files and show progress, then refuses both requests: the server reads the
 * workspace and publishes its diagnostics all the same, and stays up (a refused request is no reason to stop).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc/node';
import { PROJECT_ROOT } from '../support/fixtures';
import { LspSession } from '../support/lspClient';

describe('a client that refuses the file watcher and the progress indicator', () => {
  let server: LspSession;
  const refused: string[] = [];
  const root = path.join(PROJECT_ROOT, 'test', 'fixtures', 'all-codes');

  before(async () => {
    server = new LspSession();
    server.connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      refused.push(...params.registrations.map((registration) => registration.method));
      return new ResponseError(-32603, 'this client registers nothing');
    });
    server.connection.onRequest('window/workDoneProgress/create', () => {
      refused.push('window/workDoneProgress/create');
      return new ResponseError(-32603, 'this client shows no progress');
    });
    await server.initialize(root, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, configuration: false }, window: { workDoneProgress: true } });
  });

  after(() => server.kill());

  test('the workspace is read and its diagnostics published; the server stays up', async () => {
    await server.waitForAnalyses();
    const model = server.diagnostics(`file://${path.join(root, 'model.yaml')}`) ?? [];
    assert.ok(model.some((diagnostic) => diagnostic.code === 'KT001'), 'the syntax error of model.yaml is published');
    assert.ok(refused.includes('workspace/didChangeWatchedFiles'), `the watcher was asked for and refused: ${refused.join(', ')}`);
    assert.ok(refused.includes('window/workDoneProgress/create'), 'the progress was asked for and refused');
    // Still answering: a request after the refusals gets its answer.
    const summary = await server.connection.sendRequest('kubetrace/modelSummary');
    assert.ok(summary, 'the model summary is answered');
    assert.equal(server.exitCode, null, 'the server process is still running');
  });
});
