/**
 * Three answers the editor features got wrong when each read the cursor its own way, asked of the server as an
 * editor asks: a connection string's hover names its host (never the user before `@`), go to definition from a
 * connection string in env reaches the Service, the hover on a NetworkPolicy rule's peer or port shows what that
 * rule admits, and go to definition from an HTTPRoute backendRef or a named targetPort leads somewhere.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { markedCursors } from '../support/cursorMarkers';
import { PROJECT_ROOT } from '../support/fixtures';
import { LspSession } from '../support/lspClient';

const FOLDER = path.join(PROJECT_ROOT, 'test', 'fixtures', 'symbol-at');

describe('hover and definition at connection strings and policy rules, over LSP', () => {
  const { cursors, lines } = markedCursors(FOLDER);
  let server: LspSession;
  const ask = async <T>(method: string, id: string): Promise<T> => {
    const cursor = cursors.get(id);
    assert.ok(cursor, id);
    return (await server.connection.sendRequest(method, { textDocument: { uri: cursor.uri }, position: cursor.position })) as T;
  };
  const hover = async (id: string) => (await ask<{ contents: { value: string } } | null>('textDocument/hover', id))?.contents.value ?? '';
  /** Each location as `file:line text`, the text its range covers. */
  const definition = async (id: string) =>
    (await ask<{ uri: string; range: { start: { line: number; character: number }; end: { character: number } } }[]>('textDocument/definition', id)).map(
      ({ uri, range }) => `${path.basename(uri)}:${range.start.line + 1} ${lines.get(uri)?.[range.start.line]?.slice(range.start.character, range.end.character)}`,
    );

  before(async () => {
    server = new LspSession();
    await server.initialize(FOLDER);
  });

  after(() => server.kill());

  test('the hover on postgres://app:secret@postgres.shop-data:5432/orders talks about postgres.shop-data, not app', async () => {
    const text = await hover('connection-string');
    assert.match(text, /^`postgres\.shop-data` resolves to 10\.\d+\.\d+\.\d+ \(`postgres\.shop-data\.svc\.cluster\.local\.`\)$/);
    assert.doesNotMatch(text, /`app`|secret/);
  });

  test('go to definition from a connection string in env, with and without user:password@, goes to the Service', async () => {
    assert.deepEqual(await definition('connection-string'), ['data.yaml:14 postgres']);
    assert.deepEqual(await definition('connection-string-plain'), ['data.yaml:14 postgres']);
  });

  test('go to definition from an HTTPRoute backendRef goes to the Service, from a named targetPort to the container port', async () => {
    assert.deepEqual(await definition('route-backend'), ['app.yaml:31 api']);
    assert.deepEqual(await definition('target-port'), ['app.yaml:21 8080']);
  });

  test("the hover on a rule's from.podSelector or its ports shows the peers and ports that rule admits, not the policy's own pods", async () => {
    const rule = /^\*\*ingress rule 1 of shop-data\/db\*\* admits from:\n- pods in shop: 1 pod\(s\) of `shop\/api`\n\non TCP 5432$/;
    for (const id of ['policy-peer', 'policy-port']) {
      const text = await hover(id);
      assert.match(text, rule, id);
      assert.doesNotMatch(text, /postgres/, id);
    }
  });
});
