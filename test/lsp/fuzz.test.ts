/**
 * Fuzzing the language server over stdio: the example workspace is opened, edited with seeded random mutations,
 * closed and reopened, with random requests (hover, definition, references, symbols, CodeLens, completion, code
 * actions, traces, the model summary) at random places in between, some cancelled at once. Every request must be
 * answered (a result or an error response, never an internal error) within a bound only a hang exceeds; the
 * server must stay up and log no error; and once it is quiet, its model and what it published must equal a fresh
 * model and analysis of the final texts.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { summarizeModel } from '../../server/src/features/modelSummary';
import { analyzeWorkspace } from '../../server/src/analysis/workspaceAnalysis';
import { DEFAULT_SETTINGS } from '../../server/src/workspace/settings';
import { WorkspaceSession } from '../../server/src/workspace/workspaceSession';
import { makeTree, PROJECT_ROOT, readManifestFolder, removeTree } from '../support/fixtures';
import { LspSession } from '../support/lspClient';
import { mutate } from '../support/mutations';
import { pick, seededRandom } from '../support/random';

const STEPS = 400;
const ANSWER_WITHIN_MS = 10_000;
const INTERNAL_ERROR = -32603;

interface Document {
  text: string;
  version: number;
  open: boolean;
}

/** Resolves with the request's answer, or with its error response; fails only on silence. */
async function answered<T>(request: Promise<T>, what: string): Promise<T | ResponseError<unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS);
  });
  try {
    return await Promise.race([request.catch((error: unknown) => (error instanceof ResponseError ? error : Promise.reject(error))), silence]);
  } finally {
    clearTimeout(timer);
  }
}

describe('fuzzing the language server', () => {
  const originals = readManifestFolder(path.join(PROJECT_ROOT, 'examples'));
  const root = makeTree(originals);
  const server = new LspSession();
  after(() => {
    server.kill();
    removeTree(root);
  });

  test(`${STEPS} random edits and requests: every request answered, the server up, and its diagnostics those of a fresh analysis`, { timeout: 300_000 }, async () => {
    const logged: string[] = [];
    server.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      if (params.type === 1) logged.push(params.message);
    });
    await server.initialize(root);
    const random = seededRandom(11_25);
    const names = Object.keys(originals).filter((name) => name.endsWith('.yaml'));
    const documents = new Map<string, Document>(names.map((name) => [name, { text: originals[name]!, version: 1, open: false }]));
    const uriOf = (name: string) => pathToFileURL(path.join(root, name)).href;
    let requests = 0;

    for (let step = 0; step < STEPS; step++) {
      const name = pick(names, random);
      const document = documents.get(name)!;
      const uri = uriOf(name);
      const roll = random();
      if (document.open && roll < 0.1) {
        // Closing: the file on disk (never written) counts again.
        await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        Object.assign(document, { open: false, text: originals[name]!, version: 1 });
      } else {
        if (!document.open) {
          await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: document.version, text: document.text } });
          document.open = true;
        }
        const edit = mutate(document.text, random, originals[pick(names, random)]!);
        document.text = edit.text;
        document.version++;
        await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [{ text: document.text }] });
      }
      for (let count = Math.floor(random() * 3); count > 0; count--) {
        const lines = document.text.split('\n');
        const line = Math.floor(random() * (lines.length + 2));
        const position = { line, character: Math.floor(random() * ((lines[line]?.length ?? 0) + 3)) };
        const textDocument = { uri };
        const [method, params] = pick<[string, object]>(
          [
            ['textDocument/hover', { textDocument, position }],
            ['textDocument/definition', { textDocument, position }],
            ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
            ['textDocument/documentSymbol', { textDocument }],
            ['textDocument/codeLens', { textDocument }],
            ['textDocument/completion', { textDocument, position }],
            ['textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics: server.diagnostics(uri) ?? [] } }],
            ['kubetrace/query', { request: { kind: 'trace', from: pick(['shop-web/frontend', 'shop-api/orders-api', 'pod:nowhere/x', ''], random), to: pick(['http://orders-api.shop-api/users', 'redis.shop-data:6379', 'not a url', 'x:99999'], random) } }],
            ['kubetrace/modelSummary', {}],
            ['kubetrace/snapshotInput', {}],
          ],
          random,
        );
        const what = `step ${step}: ${method} in ${name} at ${JSON.stringify(position)}`;
        const cancel = random() < 0.2 ? new CancellationTokenSource() : undefined;
        const request = server.connection.sendRequest(method, params, ...(cancel ? [cancel.token] : []));
        cancel?.cancel();
        const answer = await answered(request, what);
        if (answer instanceof ResponseError) assert.notEqual(answer.code, INTERNAL_ERROR, `${what}: ${answer.message}`);
        requests++;
      }
    }

    // The end state: the open documents' texts, the rest as on disk.
    const expected = new WorkspaceSession([root], DEFAULT_SETTINGS);
    await expected.load();
    for (const [name, document] of documents) if (document.open) expected.setOpenDocument(uriOf(name), document.text);
    const fresh = analyzeWorkspace(expected.model, expected.profile.profile);
    const comparable = (list: readonly { code?: unknown; range: unknown; message: string }[]) => JSON.stringify(list.map((item) => [String(item.code), item.range, item.message]));
    for (const name of names) {
      const want = comparable(fresh.get(uriOf(name)) ?? []);
      await server.waitForDiagnostics(uriOf(name), (published) => comparable(published) === want, ANSWER_WITHIN_MS).catch((error: unknown) => {
        throw new Error(`${name}: the published diagnostics are not those of a fresh analysis of the final text\n${String(error)}\nwanted: ${want.slice(0, 600)}`);
      });
    }
    const summary = await server.connection.sendRequest('kubetrace/modelSummary');
    assert.deepStrictEqual(summary, JSON.parse(JSON.stringify(summarizeModel(expected.model.clusters(), fresh, expected.model.skippedFiles()))), 'the model the server holds equals a fresh model of the final texts');
    assert.ok(requests > 100, `${requests} requests answered`);
    assert.deepEqual(logged, [], 'the server logged no error');
    assert.equal(await Promise.race([server.exited, new Promise((resolve) => setTimeout(() => resolve('running'), 100))]), 'running', 'the server is still up');
  });
});
