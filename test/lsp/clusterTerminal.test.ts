import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TERMINAL_CLOSE_NOTIFICATION, TERMINAL_OPEN_REQUEST, TERMINAL_RUN_REQUEST, type TerminalOpened, type TerminalReply } from '../../server/src/protocol';
import { makeTree, removeTree } from '../support/fixtures';
import { LspSession } from '../support/lspClient';

const APP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';

describe('the cluster terminal over LSP', () => {
  let root: string;
  let server: LspSession;
  const uri = (name: string) => `file://${path.join(root, name)}`;

  before(async () => {
    // A file the workspace does not read as manifests (not YAML by name), which kubectl apply -f reads all the same.
    root = makeTree({ 'app.yaml': APP, 'policies/deny.txt': DENY.replace('deny', 'unused').replace('podSelector: {}', 'podSelector: {matchLabels: {app: none}}') });
    server = new LspSession();
    await server.initialize(root);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('app.yaml'), languageId: 'yaml', version: 1, text: APP } });
  });

  after(() => {
    server.kill();
    removeTree(root);
  });

  const run = (id: number, line: string) => server.connection.sendRequest(TERMINAL_RUN_REQUEST, { id, line }) as Promise<TerminalReply>;

  test('a terminal opens on the cluster of a file, runs commands with their notes located, and keeps its prompt', async () => {
    const opened = (await server.connection.sendRequest(TERMINAL_OPEN_REQUEST, { uri: uri('app.yaml') })) as TerminalOpened;
    assert.equal(opened.prompt, 'default$ ');
    const entered = await run(opened.id, 'kubectl exec -it -n shop deploy/web -- sh');
    assert.match(entered.prompt, /^shop\/web-\S+# $/);
    const curl = await run(opened.id, 'curl -s -o /dev/null -w %{http_code} web');
    assert.equal(curl.stdout, '200');
    const delivered = curl.notes.find((note) => note.text.startsWith('delivered'));
    assert.equal(delivered?.uri, uri('app.yaml'));
    assert.equal(typeof delivered?.range?.start.line, 'number');
    server.connection.sendNotification(TERMINAL_CLOSE_NOTIFICATION, { id: opened.id });
    assert.deepEqual(await server.connection.sendRequest(TERMINAL_RUN_REQUEST, { id: opened.id, line: 'exit' }), { error: 'this terminal is closed' });
  });

  test('an edit of the manifests shows at the next command, and apply -f reads a path from the workspace folder, changing no file', async () => {
    const { id } = (await server.connection.sendRequest(TERMINAL_OPEN_REQUEST, {})) as TerminalOpened;
    assert.equal((await run(id, 'kubectl get deploy -n shop -o name')).stdout, 'deployment.apps/web\n');
    const edited = APP.replace('name: web, namespace: shop}\nspec:\n  selector', 'name: api, namespace: shop}\nspec:\n  selector');
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('app.yaml'), version: 2 }, contentChanges: [{ text: edited }] });
    const deadline = Date.now() + 10_000;
    let listed = '';
    while (Date.now() < deadline && (listed = (await run(id, 'kubectl get deploy -n shop -o name')).stdout) !== 'deployment.apps/api\n') await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(listed, 'deployment.apps/api\n');
    const applied = await run(id, 'kubectl apply -f policies/deny.txt');
    assert.equal(applied.stdout, 'networkpolicy.networking.k8s.io/unused created\n');
    assert.match((await run(id, 'kubectl get netpol -n shop')).stdout, /^unused\s+app=none\s/m);
    assert.match((await run(id, 'kubectl apply -f ../outside.yaml')).stderr, /does not exist/);
  });
});
