import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import git from 'isomorphic-git';
import { COMPARE_CONNECTIVITY_REQUEST, FILE_AT_REVISION_REQUEST, GENERATE_POLICIES_REQUEST, type ConnectivityComparisonReply } from '../../server/src/protocol';
import { appWithService } from '../support/engineFixtures';
import { makeTree, removeTree } from '../support/fixtures';
import { LspSession } from '../support/lspClient';

const APPS = ['web', 'api'].map((name) => appWithService('shop', name)).join('---\n');
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-from-web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: web}}}]\n';

describe('comparing connectivity with a git revision, and generating policies, over LSP', () => {
  let root: string;
  let server: LspSession;
  const uri = (name: string) => `file://${path.join(root, name)}`;

  before(async () => {
    root = makeTree({ 'apps.yaml': APPS, 'policy.yaml': POLICY });
    await git.init({ fs, dir: root, defaultBranch: 'main' });
    await git.add({ fs, dir: root, filepath: '.' });
    await git.commit({ fs, dir: root, message: 'apps and policy', author: { name: 'test', email: 'test@example.com' } });
    server = new LspSession();
    await server.initialize(root);
    await server.waitForAnalyses();
  });

  after(() => {
    server.kill();
    removeTree(root);
  });

  test('nothing changed against HEAD; an unsaved edit that drops the rule shows as connections closed, the file untouched', async () => {
    const unchanged = (await server.connection.sendRequest(COMPARE_CONNECTIVITY_REQUEST, { uri: uri('policy.yaml') })) as ConnectivityComparisonReply;
    assert.match(unchanged.base, /^HEAD \([0-9a-f]{12}\)$/);
    assert.equal(unchanged.summary, '0 connections opened, 0 closed · 0 routes changed · Services +0 −0 · DNS names +0 −0');
    const edited = POLICY.replace("    - from: [{podSelector: {matchLabels: {app: web}}}]\n", '');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('policy.yaml'), languageId: 'yaml', version: 1, text: edited } });
    let reply = unchanged;
    for (let attempt = 0; attempt < 100 && reply.summary === unchanged.summary; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      reply = (await server.connection.sendRequest(COMPARE_CONNECTIVITY_REQUEST, { uri: uri('policy.yaml'), revision: 'main' })) as ConnectivityComparisonReply;
    }
    assert.match(reply.summary, /^0 connections opened, 1 closed/);
    assert.match(reply.markdown, /\| 🔴 closed \| `shop\/web` \| `shop\/api` \| TCP\/8080 \| allowed \| denied \|/);
    assert.equal(fs.readFileSync(path.join(root, 'policy.yaml'), 'utf8'), POLICY, 'the editor\'s text was compared, the file is as it was');
    // Each side's deciding line: the revision's file by a kubetrace-revision URI the server reads back as committed.
    const [change] = (reply.report as { changes: { beforeRefs?: { uri: string; range: { start: { line: number } } }[]; afterRefs?: { uri: string }[] }[] }).changes;
    const before = change!.beforeRefs![0]!;
    assert.match(before.uri, /^kubetrace-revision:\/[0-9a-f]{12}\/policy\.yaml$/);
    assert.ok(change!.afterRefs!.some((ref) => ref.uri === uri('policy.yaml')));
    assert.deepEqual(await server.connection.sendRequest(FILE_AT_REVISION_REQUEST, { uri: before.uri }), { text: POLICY });
    assert.match(POLICY.split('\n')[before.range.start.line]!, /ingress:|from:|- from/, 'the line is the rule that admitted web');
    assert.ok('error' in ((await server.connection.sendRequest(FILE_AT_REVISION_REQUEST, { uri: before.uri.replace('policy.yaml', '../etc/passwd') })) as object));
    assert.ok('error' in ((await server.connection.sendRequest(FILE_AT_REVISION_REQUEST, { uri: 'file:///etc/passwd' })) as object));
    assert.deepEqual(await server.connection.sendRequest(COMPARE_CONNECTIVITY_REQUEST, { revision: 'no-such-branch' }), { error: `unknown revision no-such-branch: name a branch, a tag, HEAD or a commit of ${root}` });
  });

  test('a CodeLens above the edited policy counts the connections it opens and closes against HEAD', async () => {
    const lenses = async () => (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('policy.yaml') } })) as { command: { title: string; command: string; arguments?: unknown[] } }[];
    let found: { command: { title: string; arguments?: unknown[] } } | undefined;
    let seen: string[] = [];
    // HEAD is read in the background the first time: ask again until the lens is there.
    for (let attempt = 0; attempt < 100 && !found; attempt++) {
      const all = await lenses();
      seen = all.map((lens) => lens.command.title);
      found = all.find((lens) => / connections vs HEAD$/.test(lens.command.title));
      if (!found) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(found?.command.title, '+0 −1 connections vs HEAD', JSON.stringify(seen));
    assert.deepEqual(found?.command.arguments, ['HEAD']);
  });

  test('Generate NetworkPolicies for This Namespace is an edit creating a file beside the manifest, not a written file', async () => {
    const edit = (await server.connection.sendRequest(GENERATE_POLICIES_REQUEST, { uri: uri('apps.yaml'), position: { line: 1, character: 0 } })) as { documentChanges: [{ kind: string; uri: string }, { edits: { newText: string }[] }] };
    assert.deepEqual(edit.documentChanges[0], { kind: 'create', uri: uri('networkpolicies-shop.yaml'), options: { overwrite: false, ignoreIfExists: false } });
    const text = edit.documentChanges[1].edits[0]!.newText;
    assert.match(text, /^# kubetrace generate: \d+ NetworkPolicies for \d+ connections in 1 namespaces \(shop\)\n/);
    assert.match(text, /name: default-deny\n {2}namespace: shop/);
    assert.ok(!fs.existsSync(path.join(root, 'networkpolicies-shop.yaml')));
  });
});
