/**
 * Secret values are read by the YAML parser and dropped: no answer of the language server (hovers, symbols,
 * the model summary, the engine input it gives the panel, traces, diagnostics), no log line and no cache file
 * holds them, in plain text or base64.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { makeTree, removeTree } from '../support/fixtures';
import { LspSession } from '../support/lspClient';

const PLAIN = 'hunter2-s3cr3t';
const ENCODED = Buffer.from('base64-s3cr3t').toString('base64');
const SECRET = `apiVersion: v1
kind: Secret
metadata: {name: db-credentials, namespace: shop}
type: Opaque
data:
  password: ${ENCODED}
stringData:
  token: ${PLAIN}
  url: "postgres://app:${PLAIN}@db.shop:5432/app"
---
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop, labels: {app: app}}
spec:
  containers:
    - name: app
      image: app
      env:
        - name: PASSWORD
          valueFrom: {secretKeyRef: {name: db-credentials, key: password}}
`;

describe('secret values never leave the parser', () => {
  const root = makeTree({ 'secret.yaml': SECRET });
  const cache = `${root}-cache`;
  const server = new LspSession();
  after(() => {
    server.kill();
    removeTree(root);
    removeTree(cache);
  });

  test('no answer, log line or cache file holds a secret value', { timeout: 60_000 }, async () => {
    const logged: string[] = [];
    server.connection.onNotification('window/logMessage', (params: { message: string }) => logged.push(params.message));
    await server.initialize(root, {}, { cacheDirectory: cache });
    const uri = pathToFileURL(path.join(root, 'secret.yaml')).href;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: SECRET } });
    const answers: unknown[] = [];
    const lines = SECRET.split('\n');
    for (let line = 0; line < lines.length; line++) {
      for (const character of [2, 6, 12, 20]) answers.push(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } }));
    }
    answers.push(await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }));
    answers.push(await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }));
    answers.push(await server.connection.sendRequest('kubetrace/modelSummary'));
    answers.push(await server.connection.sendRequest('kubetrace/snapshotInput', {}));
    answers.push(await server.connection.sendRequest('kubetrace/query', { request: { kind: 'trace', from: 'pod:shop/app', to: 'db.shop:5432' } }));
    answers.push(server.diagnostics(uri));
    await server.shutdown();
    const cacheFiles = fs.existsSync(cache) ? fs.readdirSync(cache).map((name) => fs.readFileSync(path.join(cache, name), 'utf8')) : [];
    const everything = JSON.stringify({ answers, logged, cacheFiles });
    assert.ok(everything.includes('db-credentials'), 'the answers do talk about the Secret');
    for (const value of [PLAIN, ENCODED, 'base64-s3cr3t']) assert.ok(!everything.includes(value), `${value} appears in what the server said or stored`);
  });
});
