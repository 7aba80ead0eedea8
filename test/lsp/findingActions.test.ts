import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTree, removeTree } from '../support/fixtures';
import { LspSession, type PublishedDiagnostic } from '../support/lspClient';
import { applyEdits, type RangeEdit } from '../support/textEdits';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
const APP = [
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, ports: [{name: http, containerPort: 8080}]}]}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: shop}\nspec:\n  selector: {matchLabels: {app: client}}\n  template:\n    metadata: {labels: {app: client}}\n    spec:\n      containers:\n        - name: client\n          env:\n            - name: WEB_URL\n              value: http://webb:80/\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: idle, namespace: shop}\nspec: {selector: {app: idle}, ports: [{port: 80}]}\n',
].join('---\n');
const INGRESS = [
  'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\nspec: {controller: k8s.io/ingress-nginx}\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ingress-nginx-controller, namespace: ingress-nginx}\nspec:\n  selector: {matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}}\n  template:\n    metadata: {labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}}\n    spec: {containers: [{name: controller, ports: [{name: http, containerPort: 80}]}]}\n',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: typo, namespace: shop}\nspec:\n  ingressClassName: ngnix\n  rules: [{host: typo.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]\n',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: edge, namespace: shop}\nspec:\n  ingressClassName: nginx\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - {path: /a, pathType: Prefix, backend: {service: {name: webb, port: {number: 80}}}}\n          - {path: /b, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n          - {path: /c, pathType: Prefix, backend: {service: {name: idle, port: {number: 80}}}}\n',
].join('---\n');
const POLICY = [
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: stray, namespace: shop}\nspec:\n  podSelector:\n    matchLabels:\n      app: webb\n  policyTypes: [Ingress]\n',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: locked, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: clent}}\n',
].join('---\n');

interface Action {
  title: string;
  isPreferred?: boolean;
  edit?: { changes: Record<string, RangeEdit[]> };
  command?: { command: string; arguments: unknown[] };
}

describe('a next step from every finding: code actions over LSP', () => {
  let root: string;
  let server: LspSession;
  const uri = (name: string) => `file://${path.join(root, name)}`;
  const texts: Record<string, string> = { 'namespace.yaml': NAMESPACE, 'app.yaml': APP, 'ingress.yaml': INGRESS, 'policy.yaml': POLICY };

  before(async () => {
    root = makeTree(texts);
    server = new LspSession();
    await server.initialize(root);
    for (const [name, text] of Object.entries(texts)) {
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'yaml', version: 1, text } });
    }
  });

  after(() => {
    server.kill();
    removeTree(root);
  });

  /** The finding of `code` in a file whose message matches, and the code actions the server offers for it. */
  async function actionsFor(file: string, code: string, message: RegExp = /./): Promise<{ diagnostic: PublishedDiagnostic; actions: Action[] }> {
    const found = (list: PublishedDiagnostic[]) => list.find((diagnostic) => diagnostic.code === code && message.test(diagnostic.message));
    const diagnostic = found(await server.waitForDiagnostics(uri(file), (list) => found(list) !== undefined))!;
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as Action[];
    return { diagnostic, actions };
  }

  /** The text a line of a file reads after an action's edit. */
  function lineAfter(file: string, action: Action | undefined, line: number): string {
    return applyEdits(texts[file]!, action!.edit!.changes[uri(file)]!).split('\n')[line]!;
  }

  const lineOf = (file: string, text: string) => texts[file]!.split('\n').findIndex((line) => line.includes(text));

  test('"Did you mean" is a quick fix writing the suggestion in place: a policy podSelector (KT301) and a peer (KT302)', async () => {
    const { diagnostic, actions } = await actionsFor('policy.yaml', 'KT301');
    assert.match(diagnostic.message, /Did you mean app: web\?/);
    assert.deepEqual(actions.map((action) => [action.title, action.isPreferred]), [['Change the selector to app: web', true]]);
    assert.equal(lineAfter('policy.yaml', actions[0], lineOf('policy.yaml', 'app: webb')), '      app: web');

    const peer = await actionsFor('policy.yaml', 'KT302');
    assert.deepEqual(peer.actions.map((action) => action.title), ['Change the selector to app: client']);
    assert.equal(lineAfter('policy.yaml', peer.actions[0], lineOf('policy.yaml', 'clent')), '        - podSelector: {matchLabels: {app: client}}');
  });

  test('an Ingress backend (KT201) and an ingressClassName (KT204) that are near misses are quick fixes', async () => {
    const backend = await actionsFor('ingress.yaml', 'KT201');
    assert.deepEqual(backend.actions.map((action) => action.title), ['Change webb to web']);
    assert.match(lineAfter('ingress.yaml', backend.actions[0], lineOf('ingress.yaml', 'name: webb')), /backend: \{service: \{name: web, port/);
    const className = await actionsFor('ingress.yaml', 'KT204');
    assert.deepEqual(className.actions.map((action) => action.title), ['Change ngnix to nginx']);
    assert.equal(lineAfter('ingress.yaml', className.actions[0], lineOf('ingress.yaml', 'ngnix')), '  ingressClassName: nginx');
  });

  test('a connection string that does not resolve (KT401): the nearest Service in place, and Trace this connection from its workload', async () => {
    const { diagnostic, actions } = await actionsFor('app.yaml', 'KT401');
    assert.equal(diagnostic.severity, 2);
    assert.deepEqual(
      actions.map((action) => [action.title, action.command?.command, action.command?.arguments]),
      [
        ['Change webb to web', undefined, undefined],
        ['Trace this connection (shop/client → webb:80)', 'kubetrace.traceConnection', [{ source: 'shop/client', destination: 'webb:80' }]],
      ],
    );
    assert.equal(lineAfter('app.yaml', actions[0], lineOf('app.yaml', 'http://webb')), '              value: http://web:80/');
  });

  test('a backend without endpoints (KT203) offers a trace from the ingress controller to the Service', async () => {
    const { actions } = await actionsFor('ingress.yaml', 'KT203');
    assert.deepEqual(
      actions.map((action) => [action.title, action.command?.command, action.command?.arguments]),
      [['Trace this connection (ingress-nginx/ingress-nginx-controller → idle.shop:80)', 'kubetrace.traceConnection', [{ source: 'ingress-nginx/ingress-nginx-controller', destination: 'idle.shop:80' }]]],
    );
  });

  test('a policy keeping the ingress controller out (KT210): Trace this connection, Allow this flow... with an edit the server makes, and the other side related', async () => {
    const { diagnostic, actions } = await actionsFor('ingress.yaml', 'KT210');
    assert.deepEqual(
      actions.map((action) => [action.title, action.command?.command, action.command?.arguments]),
      [
        ['Trace this connection (ingress-nginx/ingress-nginx-controller → web.shop:80)', 'kubetrace.traceConnection', [{ source: 'ingress-nginx/ingress-nginx-controller', destination: 'web.shop:80' }]],
        ['Allow this flow... (ingress-nginx/Deployment/ingress-nginx-controller → shop/Deployment/web TCP/8080)', 'kubetrace.allowFlow', [{ from: 'ingress-nginx/Deployment/ingress-nginx-controller', to: 'shop/Deployment/web', protocol: 'TCP', port: 8080, cluster: 'default' }]],
      ],
    );
    // The related information leads to the pods it cannot reach and to the policy that isolates them.
    assert.deepEqual(
      diagnostic.relatedInformation?.map((related) => related.location.uri),
      [uri('app.yaml'), uri('policy.yaml')],
    );
    const edit = (await server.connection.sendRequest('kubetrace/allowFlow', actions[1]!.command!.arguments[0])) as { error?: string; documentChanges?: { edits: { newText: string }[] }[] };
    assert.equal(edit.error, undefined);
    assert.match(edit.documentChanges?.[0]?.edits[0]?.newText ?? '', /kind: NetworkPolicy/);
  });

  test('egress without DNS (KT305): the rule as a quick fix, then a trace of the lookup and the flow to kube-dns to allow', async () => {
    const { diagnostic, actions } = await actionsFor('policy.yaml', 'KT305');
    assert.deepEqual(diagnostic.relatedInformation?.map((related) => [related.location.uri, related.message]), [[uri('app.yaml'), 'a pod that cannot resolve names']]);
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Allow DNS: egress to kube-dns on UDP and TCP 53', 'Trace this connection (shop/web → kube-dns.kube-system:53)', actions[2]?.title],
    );
    const flow = actions[2]!.command!.arguments[0] as { from: string; to: string; protocol: string; port: number };
    assert.deepEqual([actions[2]!.command!.command, flow.from, flow.protocol, flow.port], ['kubetrace.allowFlow', 'shop/Deployment/web', 'UDP', 53]);
    assert.match(flow.to, /^kube-system\/\w+\/\S+$/);
    const edit = (await server.connection.sendRequest('kubetrace/allowFlow', flow)) as { error?: string };
    assert.equal(edit.error, undefined);
  });
});
