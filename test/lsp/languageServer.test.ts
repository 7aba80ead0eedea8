import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTree, PROJECT_ROOT, removeTree } from '../support/fixtures';
import { LspSession } from '../support/lspClient';
import { applyEdits, type RangeEdit } from '../support/textEdits';

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n    - port: "80"\n';
const FIXED = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n    - port: 80\n';
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const MESH = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: mesh, labels: {istio-injection: enabled}}\n',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: reviews-v1, namespace: mesh, labels: {app: reviews, version: v1}}\nspec: {containers: [{name: app, image: x}]}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: mesh}\nspec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}\n',
  'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews, namespace: mesh}\nspec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}]}\n',
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews, namespace: mesh}\nspec:\n  hosts: [reviews]\n  http:\n    - route:\n        - destination: {host: reviews, subset: v3}\n',
].join('---\n');

describe('the language server over stdio, as any LSP editor starts it', () => {
  let root: string;
  let server: LspSession;
  const uri = (name: string) => `file://${path.join(root, name)}`;

  before(async () => {
    root = makeTree({ 'service.yaml': SERVICE, 'namespace.yaml': NAMESPACE, 'copy/namespace.yaml': NAMESPACE, 'notes.yaml': 'title: not kubernetes\n' });
    server = new LspSession();
    const result = (await server.initialize(root)) as { capabilities: { textDocumentSync: number }; serverInfo: { name: string } };
    assert.equal(result.serverInfo.name, 'kubetrace');
    assert.equal(result.capabilities.textDocumentSync, 2, 'incremental sync');
  });

  after(() => {
    server.kill();
    removeTree(root);
  });

  test('publishes the problems of files on disk with exact ranges', async () => {
    const [diagnostic, ...rest] = await server.waitForDiagnostics(uri('service.yaml'), (list) => list.length > 0);
    assert.deepEqual(rest, []);
    assert.deepEqual(diagnostic, {
      range: { start: { line: 7, character: 12 }, end: { line: 7, character: 16 } },
      severity: 1,
      code: 'KT002',
      source: 'kubetrace',
      message: 'spec.ports[0].port must be an integer, not a string ("80").',
    });
  });

  test('an object defined in two files is reported on the copy kubectl apply replaces, pointing at the one it keeps', async () => {
    // copy/ is walked before namespace.yaml, so namespace.yaml is applied last and kept.
    const [first] = await server.waitForDiagnostics(uri('copy/namespace.yaml'), (list) => list.length > 0);
    assert.equal(first?.code, 'KT004');
    assert.deepEqual(first?.relatedInformation?.map((related) => [related.location.uri, related.location.range.start.line]), [[uri('namespace.yaml'), 3]]);
  });

  test('the text of an open document wins over the disk, and edits update the diagnostics', async () => {
    const serviceUri = uri('service.yaml');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: serviceUri, languageId: 'yaml', version: 1, text: FIXED } });
    await server.waitForDiagnostics(serviceUri, (list) => list.length === 0);
    // An incremental edit that breaks the port again: replace `80` on line 8 with `"80"`.
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: serviceUri, version: 2 },
      contentChanges: [{ range: { start: { line: 7, character: 12 }, end: { line: 7, character: 14 } }, text: '"81"' }],
    });
    const [broken] = await server.waitForDiagnostics(serviceUri, (list) => list.length === 1);
    assert.equal(broken?.message, 'spec.ports[0].port must be an integer, not a string ("81").');
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: serviceUri, version: 3 }, contentChanges: [{ text: FIXED }] });
    await server.waitForDiagnostics(serviceUri, (list) => list.length === 0);
  });

  test('closing a document brings back what is on disk', async () => {
    const serviceUri = uri('service.yaml');
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: serviceUri } });
    const diagnostics = await server.waitForDiagnostics(serviceUri, (list) => list.length === 1);
    assert.equal(diagnostics[0]?.code, 'KT002');
  });

  test('a watched file deleted from disk takes its problems with it', async () => {
    fs.rmSync(path.join(root, 'copy', 'namespace.yaml'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('copy/namespace.yaml'), type: 3 }] });
    await server.waitForDiagnostics(uri('copy/namespace.yaml'), (list) => list.length === 0);
  });

  test('kubetrace/modelSummary lists the objects of the model', async () => {
    const summary = (await server.connection.sendRequest('kubetrace/modelSummary')) as {
      clusters: { name: string; objects: { kind: string; namespace?: string; name: string; uri: string }[] }[];
    };
    assert.deepEqual(
      summary.clusters.map((cluster) => [cluster.name, cluster.objects.map((object) => `${object.kind} ${object.namespace ?? '-'}/${object.name}`)]),
      [['default', ['Namespace -/shop', 'Service shop/web']]],
    );
  });

  test('kubetrace/serverStats reports the heap and the resident set in bytes', async () => {
    const stats = (await server.connection.sendRequest('kubetrace/serverStats')) as Record<string, number>;
    assert.deepEqual(Object.keys(stats).sort(), ['heapUsed', 'heapUsedHighWater', 'maxRss', 'rss']);
    assert.ok(stats['heapUsed']! > 1_000_000 && stats['heapUsedHighWater']! >= stats['heapUsed']!, JSON.stringify(stats));
    assert.ok(stats['maxRss']! >= stats['rss']! * 0.99 && stats['rss']! > stats['heapUsed']!, JSON.stringify(stats));
  });

  test('shutdown and exit end the process with status 0', async () => {
    assert.equal(await server.shutdown(), 0);
  });
});

describe('the engine over LSP: kubetrace/query with the workspace profile', () => {
  let root: string;
  let server: LspSession;
  const uri = (name: string) => `file://${path.join(root, name)}`;

  before(async () => {
    root = makeTree({
      'kubetrace.yaml': 'clusterDomain: corp.local\nkubeProxy: {mode: nftables}\nbogus: 1\n',
      'app.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: a, labels: {app: web}}\nspec: {containers: [{name: c, ports: [{containerPort: 80}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: a}\nspec: {clusterIP: 10.96.7.7, selector: {app: web}, ports: [{port: 80}]}\n',
    });
    server = new LspSession();
    await server.initialize(root);
  });

  after(() => {
    server.kill();
    removeTree(root);
  });

  test('answers DNS with the cluster domain of kubetrace.yaml', async () => {
    const answer = (await server.connection.sendRequest('kubetrace/query', { request: { id: 1, kind: 'dns', name: 'web', fromNamespace: 'a' } })) as {
      id: number;
      rcode: string;
      answer: { name: string; data: string }[];
    };
    assert.equal(answer.id, 1);
    assert.equal(answer.rcode, 'NOERROR');
    assert.deepEqual(answer.answer.map((record) => [record.name, record.data]), [['web.a.svc.corp.local.', '10.96.7.7']]);
  });

  test('traces and renders rules in the profile\'s kube-proxy mode', async () => {
    const trace = (await server.connection.sendRequest('kubetrace/query', { request: { kind: 'trace', from: 'pod:a/web', to: 'web.a:80' } })) as { verdict: { kind: string } };
    assert.equal(trace.verdict.kind, 'delivered');
    const rules = (await server.connection.sendRequest('kubetrace/query', { request: { kind: 'rules' } })) as { mode: string; text: string };
    assert.equal(rules.mode, 'nftables');
    const bad = (await server.connection.sendRequest('kubetrace/query', { request: { id: 9, kind: 'nope' } })) as { id: number; error: string };
    assert.equal(bad.id, 9);
    assert.match(bad.error, /unknown request kind/);
  });

  test('a profile key it does not know is a KT007 warning on kubetrace.yaml', async () => {
    const diagnostics = await server.waitForDiagnostics(uri('kubetrace.yaml'), (list) => list.length > 0);
    assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]), [['KT007', 2]]);
    assert.match(diagnostics[0]!.message, /^Cluster profile: bogus is not a profile setting/);
  });
});

describe('language features over LSP: engine diagnostics, hover, definition, references, CodeLens, quick fixes', () => {
  let root: string;
  let server: LspSession;
  const uri = (name: string) => `file://${path.join(root, name)}`;
  const APP = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: orders, namespace: shop}',
    'spec:',
    '  selector: {matchLabels: {app: orders}}',
    '  template:',
    '    metadata: {labels: {app: orders}}',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          ports: [{name: http, containerPort: 8080}]',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: orders, namespace: shop}',
    'spec:',
    '  selector:',
    '    app: order',
    '  ports: [{port: 80, targetPort: http}]',
    '',
  ].join('\n');
  const INGRESS = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: orders, port: {number: 80}}}}]}}]\n';
  const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes:\n    - Egress\n';

  before(async () => {
    root = makeTree({ 'app.yaml': APP, 'ingress.yaml': INGRESS, 'policy.yaml': POLICY });
    server = new LspSession();
    await server.initialize(root);
  });

  after(() => {
    server.kill();
    removeTree(root);
  });

  test('engine diagnostics are published with their codes', async () => {
    const app = await server.waitForDiagnostics(uri('app.yaml'), (list) => list.length > 0);
    assert.deepEqual(app.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line, diagnostic.message]), [
      ['KT101', 17, 'The selector matches no pod in namespace shop: no pod of the namespace has app=order. Did you mean app: orders?'],
    ]);
    const policy = await server.waitForDiagnostics(uri('policy.yaml'), (list) => list.length > 0);
    assert.deepEqual(policy.map((diagnostic) => diagnostic.code), ['KT305']);
  });

  test('the quick fix for a selector typo replaces the value; the DNS quick fix adds an egress rule', async () => {
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('app.yaml'), languageId: 'yaml', version: 1, text: APP } });
    const [diagnostic] = await server.waitForDiagnostics(uri('app.yaml'), (list) => list.length > 0);
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri('app.yaml') },
      range: diagnostic!.range,
      context: { diagnostics: [diagnostic] },
    })) as { title: string; edit: { changes: Record<string, { range: { start: { line: number; character: number } }; newText: string }[]> } }[];
    assert.equal(actions[0]?.title, 'Change the selector to app: orders');
    const [edit] = actions[0]!.edit.changes[uri('app.yaml')]!;
    assert.deepEqual([edit!.range.start, edit!.newText], [{ line: 17, character: 9 }, 'orders']);

    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('policy.yaml'), languageId: 'yaml', version: 1, text: POLICY } });
    const [dns] = await server.waitForDiagnostics(uri('policy.yaml'), (list) => list.length > 0);
    const dnsActions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri('policy.yaml') }, range: dns!.range, context: { diagnostics: [dns] } })) as {
      edit: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> };
    }[];
    const [insert] = dnsActions[0]!.edit.changes[uri('policy.yaml')]!;
    const lines = POLICY.split('\n');
    const line = lines[insert!.range.start.line]!;
    lines[insert!.range.start.line] = line.slice(0, insert!.range.start.character) + insert!.newText + line.slice(insert!.range.start.character);
    const fixed = lines.join('\n');
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('policy.yaml'), version: 2 }, contentChanges: [{ text: fixed }] });
    await server.waitForDiagnostics(uri('policy.yaml'), (list) => list.length === 0);
    assert.match(fixed, /egress:\n {4}- to:\n {8}- namespaceSelector:/);
  });

  test('a mesh fix travels in the diagnostic\'s data and comes back as the edit; data a client altered gives no edit', async () => {
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('mesh.yaml'), languageId: 'yaml', version: 1, text: MESH } });
    const [subset] = await server.waitForDiagnostics(uri('mesh.yaml'), (list) => list.some((diagnostic) => diagnostic.code === 'KT503'));
    assert.equal(subset?.code, 'KT503');
    const actionsFor = async (diagnostic: unknown) =>
      (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri('mesh.yaml') }, range: subset!.range, context: { diagnostics: [diagnostic] } })) as {
        title: string;
        isPreferred: boolean;
        edit: { changes: Record<string, RangeEdit[]> };
      }[];
    const [action, ...others] = await actionsFor(subset);
    assert.deepEqual(others, []);
    assert.deepEqual([action?.title, action?.isPreferred], ['Change v3 to v1', true]);
    const fixed = applyEdits(MESH, action!.edit.changes[uri('mesh.yaml')]!);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('mesh.yaml'), version: 2 }, contentChanges: [{ text: fixed }] });
    await server.waitForDiagnostics(uri('mesh.yaml'), (list) => list.length === 0);
    assert.deepEqual(await actionsFor({ ...subset, data: { fixes: [{ kind: 'replace', title: 'x', preferred: true, range: { start: { line: -1 } }, value: 'y' }] } }), []);
    assert.deepEqual(await actionsFor({ ...subset, data: 'not an object' }), []);
  });

  test('hover on a Service shows its ports, endpoints and who routes to it', async () => {
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri('app.yaml') }, position: { line: 14, character: 20 } })) as { contents: { value: string } };
    assert.match(hover.contents.value, /^\*\*Service shop\/orders\*\* · ClusterIP/);
    assert.match(hover.contents.value, /80\/TCP → targetPort http → no pods/);
    assert.match(hover.contents.value, /\*\*Routed by\*\*: Ingress \[shop\/web\]\(file:\/\/\S+\/ingress\.yaml#L3,18\)/);
  });

  test('definition from an Ingress backend goes to the Service; references of the Service find the Ingress', async () => {
    const definition = (await server.connection.sendRequest('textDocument/definition', { textDocument: { uri: uri('ingress.yaml') }, position: { line: 4, character: 82 } })) as { uri: string; range: { start: { line: number } } }[];
    assert.deepEqual(definition.map((location) => [location.uri, location.range.start.line]), [[uri('app.yaml'), 14]]);
    const references = (await server.connection.sendRequest('textDocument/references', { textDocument: { uri: uri('app.yaml') }, position: { line: 14, character: 20 }, context: { includeDeclaration: false } })) as { uri: string }[];
    assert.deepEqual(references.map((location) => location.uri), [uri('ingress.yaml')]);
    const labelReferences = (await server.connection.sendRequest('textDocument/references', { textDocument: { uri: uri('app.yaml') }, position: { line: 6, character: 32 }, context: { includeDeclaration: false } })) as { uri: string; range: { start: { line: number } } }[];
    assert.deepEqual(labelReferences.map((location) => [location.uri, location.range.start.line]), [[uri('app.yaml'), 4]], 'the Deployment selector asks for app: orders; the Service asks for app: order');
  });

  test('completion offers Service names in backends and label values in selectors; symbols list the objects', async () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: c\n  namespace: shop\nspec:\n  defaultBackend:\n    service:\n      name: \n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: shop\nspec:\n  selector:\n    app: \n';
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('complete.yaml'), languageId: 'yaml', version: 1, text } });
    const services = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri('complete.yaml') }, position: { line: 8, character: 12 } })) as { label: string }[];
    assert.deepEqual(services.map((item) => item.label), ['orders', 's'], 'the Services of the namespace, the one being written included');
    const values = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri('complete.yaml') }, position: { line: 17, character: 9 } })) as { label: string }[];
    assert.deepEqual(values.map((item) => item.label), ['orders']);
    const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uri('app.yaml') } })) as { name: string; detail: string }[];
    assert.deepEqual(symbols.map((symbol) => `${symbol.detail} ${symbol.name}`), ['Deployment · shop orders', 'Service · shop orders']);
    const found = (await server.connection.sendRequest('workspace/symbol', { query: 'ingress' })) as { name: string }[];
    assert.ok(found.some((symbol) => symbol.name === 'web'));
  });

  test('kubetrace/allowFlow proposes, for preview, the policy that lets a denied connection through', async () => {
    const edit = (await server.connection.sendRequest('kubetrace/allowFlow', { from: 'shop/orders', to: '198.51.100.9', protocol: 'TCP', port: 443 })) as {
      documentChanges: { textDocument: { uri: string }; edits: { newText: string; annotationId: string }[] }[];
      changeAnnotations: Record<string, { needsConfirmation: boolean }>;
    };
    assert.equal(edit.documentChanges[0]?.textDocument.uri, uri('policy.yaml'));
    const [change] = edit.documentChanges[0]!.edits;
    assert.match(change!.newText, /kind: NetworkPolicy\nmetadata:\n {2}name: allow-orders-to-ip-198-51-100-9-443\n {2}namespace: shop\n/);
    assert.match(change!.newText, /policyTypes: \[Egress\]\n {2}egress:\n {4}- to:\n {8}- ipBlock:\n {12}cidr: 198\.51\.100\.9\/32/);
    assert.equal(edit.changeAnnotations[change!.annotationId]?.needsConfirmation, true);
    const allowed = (await server.connection.sendRequest('kubetrace/allowFlow', { from: '198.51.100.9', to: 'shop/orders', protocol: 'TCP', port: 8080 })) as { error?: string };
    assert.match(allowed.error ?? '', /no policy an allow rule can override denies this connection/);
  });

  test('CodeLens above Services and policies', async () => {
    const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('app.yaml') } })) as { command: { title: string } }[];
    assert.match(lenses[0]!.command.title, /^Trace to this Service · 0 endpoints · 10\.\d+\.\d+\.\d+$/);
    const ingress = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('ingress.yaml') } })) as { command: { title: string } }[];
    assert.deepEqual(ingress.map((lens) => lens.command.title), ['*/ → orders: 0 endpoints']);
  });
});

describe('every coded diagnostic over LSP (test/fixtures/all-codes)', () => {
  let server: LspSession;
  const root = path.join(PROJECT_ROOT, 'test', 'fixtures', 'all-codes');

  before(async () => {
    server = new LspSession();
    await server.initialize(root);
  });

  after(() => server.kill());

  test('the server publishes each code, located in the files that cause it', async () => {
    const files = ['model.yaml', 'services.yaml', 'routing.yaml', 'policies.yaml', 'mesh.yaml', 'kubetrace.yaml'];
    const published = new Map<string, string[]>();
    // The files' own problems come first; the whole analysis after them.
    await server.waitForAnalyses();
    for (const file of files) {
      const diagnostics = server.diagnostics(`file://${path.join(root, file)}`) ?? [];
      published.set(file, [...new Set(diagnostics.map((diagnostic) => String(diagnostic.code)))].sort());
    }
    assert.deepEqual(Object.fromEntries(published), {
      'model.yaml': ['KT001', 'KT002', 'KT003', 'KT004'],
      'services.yaml': ['KT010', 'KT101', 'KT102', 'KT103', 'KT104', 'KT105', 'KT106', 'KT107', 'KT108', 'KT109', 'KT110', 'KT111', 'KT112', 'KT401', 'KT402'],
      'routing.yaml': ['KT201', 'KT202', 'KT203', 'KT204', 'KT205', 'KT206', 'KT207', 'KT208', 'KT209', 'KT210'],
      'policies.yaml': ['KT301', 'KT302', 'KT303', 'KT304', 'KT305', 'KT306', 'KT307'],
      'mesh.yaml': ['KT501', 'KT502', 'KT503', 'KT504', 'KT505', 'KT506', 'KT507', 'KT508', 'KT509', 'KT510', 'KT511', 'KT512', 'KT513'],
      'kubetrace.yaml': ['KT007'],
    });
  });
});
