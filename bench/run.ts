/**
 * `npm run bench`: Kubetrace's speed at monorepo scale, measured in one run on the same files, printed as
 * ratios to a floor measured in the same run (the bare `yaml` parse of the same files). Nothing here is a
 * pass/fail threshold: the numbers are for people. Usage: node out/bench/run.js [--apps 1000,10000] [--kustomize-apps 1000] (0 leaves a workspace out),
 * or node out/bench/run.js --replicas-only (the rows of large replicas alone), or --large-file-only (the 50,000-line file's rows alone)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { foldedMatrix } from '../server/src/engine/connectivity/matrix';
import { readProfile } from '../server/src/engine/profile';
import { cniForms } from './cniForms';
import { connectivityDiff } from '../server/src/engine/connectivity/connectivityDiff';
import { parseManifest } from '../server/src/model/parseManifest';
import { buildSnapshot } from '../server/src/engine/snapshot/buildSnapshot';
import { traceRequest } from '../server/src/engine/trace/trace';
import { MODEL_CHANGED_NOTIFICATION, QUERY_REQUEST, SERVER_STATS_REQUEST, type ServerStats } from '../server/src/protocol';
import { analyzeWorkspace } from '../server/src/analysis/workspaceAnalysis';
import { DEFAULT_SETTINGS } from '../server/src/workspace/settings';
import { WorkspaceSession } from '../server/src/workspace/workspaceSession';
import { PROJECT_ROOT } from '../test/support/fixtures';
import { KUBETRACE_SERVER, LspSession } from '../test/support/lspClient';
import { seededRandom } from '../test/support/random';
import { REPLICAS_DEPLOYMENTS, writeReplicasWorkspace } from './generateReplicas';
import { generateKustomizeWorkspace, generateWorkspace, largeManifest, type GeneratedApp, type GeneratedWorkspace } from './generateWorkspace';
import { ms, now, percentile, processMemory, ratio, timed } from './measure';

const KUBETRACE_CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
const YAML_LANGUAGE_SERVER = [process.execPath, path.join(PROJECT_ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'];
/** yaml-language-server's settings: syntax and hovers, no schema (none can be fetched offline). */
const YAML_SETTINGS = { validate: true, hover: true, completion: true, format: { enable: false }, schemaStore: { enable: false }, schemas: {}, customTags: [] };
const SCRATCH = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetrace-bench-'));
const lines: string[] = [];

function say(line = ''): void {
  lines.push(line);
  console.log(line);
}

/** Resolves at the server's next "model changed" notification: its diagnostics are published by then. */
function nextModelChange(server: LspSession): Promise<void> {
  return new Promise((resolve) => {
    const subscription = server.connection.onNotification(MODEL_CHANGED_NOTIFICATION, () => {
      subscription.dispose();
      resolve();
    });
  });
}

async function startKubetrace(root: string, cacheDirectory: string): Promise<{ server: LspSession; readyMs: number }> {
  const server = new LspSession();
  const ready = nextModelChange(server);
  const start = now();
  await server.initialize(root, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, { cacheDirectory });
  await ready;
  return { server, readyMs: now() - start };
}

/**
 * The bare parse every YAML tool pays at least: `YAML.parseAllDocuments` of every file, one thread, timed
 * in a fresh process as the server is one (this process's heap, grown by earlier measurements, slows it).
 */
function yamlFloor(files: readonly string[]): number {
  const listFile = path.join(SCRATCH, 'floor-files.json');
  fs.writeFileSync(listFile, JSON.stringify(files));
  const script = [
    `const fs = require('fs'); const YAML = require(${JSON.stringify(require.resolve('yaml'))});`,
    `const texts = JSON.parse(fs.readFileSync(${JSON.stringify(listFile)}, 'utf8')).map((file) => fs.readFileSync(file, 'utf8'));`,
    'const start = process.hrtime.bigint(); let documents = 0;',
    'for (const text of texts) documents += YAML.parseAllDocuments(text).length;',
    'const ms = Number(process.hrtime.bigint() - start) / 1e6;',
    'if (documents === 0) throw new Error("nothing parsed");',
    'console.log(ms);',
  ].join('\n');
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the floor did not run: ${result.stderr}`);
  return Number(result.stdout.trim());
}

type EditKind = 'label' | 'port' | 'selector' | 'policy rule';
const EDIT_KINDS: readonly EditKind[] = ['label', 'port', 'selector', 'policy rule'];

/**
 * One character typed into, or taken out of, the field an edit kind touches: a label or selector value gains
 * or loses a trailing "z" (so it stops or starts matching), a port number gains or loses a trailing digit.
 */
function editLine(text: string, app: GeneratedApp, kind: EditKind): string {
  const lineOf: Record<EditKind, number> = { label: app.lines.podLabel, port: app.lines.containerPort, selector: app.lines.serviceSelector, 'policy rule': app.lines.policyPort };
  const all = text.split('\n');
  const index = lineOf[kind];
  const toggle = (value: string, extra: string) => (value.endsWith(extra) && value.length > extra.length + 3 ? value.slice(0, -extra.length) : value + extra);
  const line = all[index]!;
  if (kind === 'label' || kind === 'selector') all[index] = toggle(line, 'z');
  else all[index] = line.replace(/(\d{4,5})(\}?)$/, (_, port: string, brace: string) => `${port.length === 5 ? port.slice(0, 4) : `${port}1`}${brace}`);
  return all.join('\n');
}

async function measureEdits(server: LspSession, workspace: GeneratedWorkspace, count: number): Promise<Map<EditKind | 'all', number[]>> {
  const random = seededRandom(42);
  const samples = new Map<EditKind | 'all', number[]>([['all', []]]);
  const opened = new Map<string, { text: string; version: number }>();
  for (let round = 0; round < count; round += 1) {
    const app = workspace.apps[Math.floor(random() * workspace.apps.length)]!;
    const uri = pathToFileURL(app.file).href;
    let document = opened.get(uri);
    if (!document) {
      document = { text: fs.readFileSync(app.file, 'utf8'), version: 1 };
      opened.set(uri, document);
      const settled = nextModelChange(server);
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: document.text } });
      await settled;
    }
    const kind = EDIT_KINDS[round % EDIT_KINDS.length]!;
    document.text = editLine(document.text, app, kind);
    document.version += 1;
    const settled = nextModelChange(server);
    const start = now();
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [{ text: document.text }] });
    await settled;
    const elapsed = now() - start;
    samples.get('all')!.push(elapsed);
    samples.set(kind, [...(samples.get(kind) ?? []), elapsed]);
  }
  for (const uri of opened.keys()) await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return samples;
}

async function requestLatencies(server: LspSession, count: number, request: (round: number) => [string, object]): Promise<number[]> {
  const samples: number[] = [];
  for (let round = 0; round < count; round += 1) {
    const [method, params] = request(round);
    const start = now();
    const answer = await server.connection.sendRequest(method, params);
    samples.push(now() - start);
    if (answer === null || (Array.isArray(answer) && answer.length === 0)) throw new Error(`${method} answered nothing for ${JSON.stringify(params)}`);
  }
  return samples;
}

function latencyLine(name: string, samples: readonly number[]): string {
  return `| ${name} | ${ms(percentile(samples, 0.5))} | ${ms(percentile(samples, 0.95))} | ${ms(Math.max(...samples))} |`;
}

async function benchWorkspace(apps: number): Promise<void> {
  const workspace = generateWorkspace(path.join(SCRATCH, `apps-${apps}`), apps);
  say(`## ${apps.toLocaleString('en')} applications: ${workspace.files.length.toLocaleString('en')} files, ${workspace.documents.toLocaleString('en')} documents, ${(workspace.bytes / 1e6).toFixed(1)} MB`);
  say();
  const read = await timed(() => workspace.files.map((file) => fs.readFileSync(file, 'utf8')));
  const floor = yamlFloor(workspace.files);
  const cacheDirectory = path.join(SCRATCH, `cache-${apps}`);
  fs.rmSync(cacheDirectory, { recursive: true, force: true });

  const cold = await startKubetrace(workspace.root, cacheDirectory);
  const edits = await measureEdits(cold.server, workspace, 200);
  const hoverTargets = workspace.apps.filter((app) => !app.broken);
  const hovers = await requestLatencies(cold.server, 200, (round) => {
    const app = hoverTargets[(round * 7919) % hoverTargets.length]!;
    return ['textDocument/hover', { textDocument: { uri: pathToFileURL(app.file).href }, position: { line: app.lines.serviceName, character: 9 } }];
  });
  const definitions = await requestLatencies(cold.server, 200, (round) => {
    const app = hoverTargets[(round * 7919) % hoverTargets.length]!;
    return ['textDocument/definition', { textDocument: { uri: pathToFileURL(app.file).href }, position: { line: app.lines.serviceSelector, character: 10 } }];
  });
  const first = workspace.apps[0]!;
  const second = workspace.apps[1]!;
  const traces = await requestLatencies(cold.server, 20, () => [QUERY_REQUEST, { request: { kind: 'trace', from: `${second.namespace}/${second.name}`, to: `http://${first.name}.${first.namespace}/api` } }]);
  const memory = processMemory(cold.server.pid);
  const stats = await cold.server.connection.sendRequest<ServerStats>(SERVER_STATS_REQUEST);
  await cold.server.shutdown();

  const warm = await startKubetrace(workspace.root, cacheDirectory);
  await warm.server.shutdown();

  // The engine alone, in this process: a trace and the full matrix on the same model the server built.
  const session = new WorkspaceSession([workspace.root], DEFAULT_SETTINGS);
  await session.load();
  const snapshot = buildSnapshot(session.model.clusters()[0]!.objects, session.profile.profile);
  const problems = [...analyzeWorkspace(session.model, session.profile.profile).values()];
  const engineTrace = await timed(() => traceRequest({ from: { kind: 'workload', namespace: second.namespace, name: second.name }, to: { host: `${first.name}.${first.namespace}`, port: 80, scheme: 'http', path: '/api' }, protocol: 'TCP' }, snapshot));
  if ('error' in engineTrace.value || engineTrace.value.verdict.kind !== 'delivered') throw new Error(`the benchmark trace was not delivered: ${JSON.stringify('error' in engineTrace.value ? engineTrace.value : engineTrace.value.verdict)}`);
  // The full matrix, folded: one row per destination and port, with a cell only for the sources its policies set apart.
  const matrix = await timed(() => foldedMatrix(snapshot));
  const pairs = (matrix.value.parties.length - 1) * matrix.value.rows.length;
  const listed = matrix.value.rows.reduce((count, row) => count + row.cells.length, 0);

  // kubetrace diff with one NetworkPolicy rule changed (the first application admits its third instead of its second
  // neighbour): both snapshots fresh, as the CLI builds them; the objects of every other file are the same objects.
  const firstUri = pathToFileURL(first.file).href;
  const changedText = fs.readFileSync(first.file, 'utf8').replace(`podSelector: {matchLabels: {app: ${second.name}}}`, `podSelector: {matchLabels: {app: ${workspace.apps[2]!.name}}}`);
  const baseObjects = [...session.model.clusters()[0]!.objects];
  const headObjects = [...baseObjects.filter((object) => object.uri !== firstUri), ...parseManifest(firstUri, changedText).objects];
  const diffBase = buildSnapshot(baseObjects, session.profile.profile);
  const diffHead = buildSnapshot(headObjects, session.profile.profile);
  const diff = await timed(() => connectivityDiff(diffBase, diffHead));
  if (diff.value.connections.length === 0) throw new Error('the benchmark diff found no change');
  // The same with an egress policy added instead: the first application may connect to its second neighbour only.
  const egressPolicy = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${first.name}-egress, namespace: ${first.namespace}}\nspec:\n  podSelector: {matchLabels: {app: ${first.name}}}\n  policyTypes: [Egress]\n  egress: [{to: [{podSelector: {matchLabels: {app: ${second.name}}}}]}]\n`;
  const egressHead = buildSnapshot([...baseObjects, ...parseManifest(pathToFileURL(path.join(workspace.root, 'egress.yaml')).href, egressPolicy).objects], session.profile.profile);
  const egressDiff = await timed(() => connectivityDiff(diffBase, egressHead));
  if (egressDiff.value.connections.length === 0) throw new Error('the benchmark egress diff found no change');

  // The same connectivity written as Cilium's and as Calico's own policies: the matrix under each CNI.
  const forms = cniForms(baseObjects);
  const withoutNetworkPolicies = baseObjects.filter((object) => object.type !== 'NetworkPolicy');
  const cniMatrix = async (plugin: 'cilium' | 'calico') => {
    const policies = parseManifest(pathToFileURL(path.join(workspace.root, `${plugin}.yaml`)).href, forms[plugin]);
    if (policies.problems.length > 0) throw new Error(`the ${plugin} form does not read: ${JSON.stringify(policies.problems[0])}`);
    const cniSnapshot = buildSnapshot([...withoutNetworkPolicies, ...policies.objects], readProfile({ cni: { plugin } }, session.profile.profile).profile);
    const result = await timed(() => foldedMatrix(cniSnapshot));
    const cells = result.value.rows.reduce((count, row) => count + row.cells.length, 0);
    return { ms: result.ms, cells };
  };
  const ciliumMatrix = await cniMatrix('cilium');
  const calicoMatrix = await cniMatrix('calico');

  say(`The checks report ${problems.flat().length.toLocaleString('en')} problems in ${problems.filter((list) => list.length > 0).length.toLocaleString('en')} files (the deliberate mistakes).`);
  say();
  say('| measure | time | ratio to the bare yaml parse |');
  say('| --- | --- | --- |');
  say(`| reading the files (not in the floor) | ${ms(read.ms)} | |`);
  say(`| **floor**: \`YAML.parseAllDocuments\` of every file, one thread, in a fresh process | ${ms(floor)} | 1.00x |`);
  say(`| cold indexing (start to every file's diagnostics published) | ${ms(cold.readyMs)} | ${ratio(cold.readyMs, floor)} |`);
  say(`| warm start from the cache | ${ms(warm.readyMs)} | ${ratio(warm.readyMs, floor)} |`);
  say();
  say('| latency | p50 | p95 | max |');
  say('| --- | --- | --- | --- |');
  say(latencyLine('edit → diagnostics published, 200 edits', edits.get('all')!));
  for (const kind of EDIT_KINDS) say(latencyLine(`… a ${kind}`, edits.get(kind) ?? []));
  say(latencyLine('hover on a Service name', hovers));
  say(latencyLine('definition from a Service selector', definitions));
  say(latencyLine('trace over LSP (kubetrace/query)', traces));
  say();
  say(
    `Engine alone: the first trace on a new snapshot (it builds the snapshot's indexes) ${ms(engineTrace.ms)}; the full connectivity matrix ${ms(matrix.ms)} ` +
      `(${matrix.value.parties.length.toLocaleString('en')} parties, ${matrix.value.classes.toLocaleString('en')} destination pod classes, ${matrix.value.rows.length.toLocaleString('en')} rows of a destination and port ` +
      `answering about ${pairs.toExponential(1)} source-destination-port triples, ${listed.toLocaleString('en')} of them evaluated on their own, the rest folded into a shared verdict per row).`,
  );
  say(`The same policies as CiliumNetworkPolicies (profile cni cilium): the full matrix ${ms(ciliumMatrix.ms)} (${ratio(ciliumMatrix.ms, matrix.ms)} the NetworkPolicy matrix, ${ciliumMatrix.cells.toLocaleString('en')} cells evaluated on their own); as Calico NetworkPolicies (cni calico): ${ms(calicoMatrix.ms)} (${ratio(calicoMatrix.ms, matrix.ms)}, ${calicoMatrix.cells.toLocaleString('en')} cells).`);
  say(`Connectivity diff (kubetrace diff, the engine on two fresh snapshots), one NetworkPolicy rule changed: ${ms(diff.ms)} (target 2 s), ${diff.value.connections.length} connection changes; an egress NetworkPolicy added to one workload instead: ${ms(egressDiff.ms)}, ${egressDiff.value.connections.length} connection changes.`);
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  say(`Server memory: peak RSS ${memory ? `${memory.peakRssMb.toFixed(0)} MB` : mb(stats.maxRss)}; heap in use at its highest after a load or analysis ${mb(stats.heapUsedHighWater)}, at the end ${mb(stats.heapUsed)}.`);
  say();
  benchCliCheck(workspace, floor);
}

/** `kubetrace check` as CI runs it: one process per run, its start included, without a cache, then filling and reading one. */
function benchCliCheck(workspace: GeneratedWorkspace, floor: number): void {
  const cacheDirectory = path.join(SCRATCH, `cli-cache-${workspace.apps.length}`);
  fs.rmSync(cacheDirectory, { recursive: true, force: true });
  const check = (...options: string[]) => {
    const start = now();
    const result = spawnSync(process.execPath, [KUBETRACE_CLI, 'check', workspace.root, '--exit-zero', ...options], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const elapsed = now() - start;
    if (result.status !== 0 || !result.stdout.includes(`${workspace.files.length} files`)) throw new Error(`kubetrace check did not run: ${result.stderr}`);
    return elapsed;
  };
  const cold = check();
  const filling = check('--cache-dir', cacheDirectory);
  const warm = check('--cache-dir', cacheDirectory);
  say('| `kubetrace check` (a process each, its start included) | time | ratio to the bare yaml parse |');
  say('| --- | --- | --- |');
  say(`| cold, no cache | ${ms(cold)} | ${ratio(cold, floor)} |`);
  say(`| cold, storing the analysis in an empty \`--cache-dir\` | ${ms(filling)} | ${ratio(filling, floor)} |`);
  say(`| warm, the same files again with that \`--cache-dir\` | ${ms(warm)} | ${ratio(warm, floor)} |`);
  say();
}

/** The same applications as a Kustomize base and three overlays: every edit to a base file renders three builds again. */
async function benchKustomize(apps: number): Promise<void> {
  const workspace = generateKustomizeWorkspace(path.join(SCRATCH, `kustomize-${apps}`), apps);
  say(`## Kustomize: a base of ${apps.toLocaleString('en')} applications and three overlays (${workspace.files.length.toLocaleString('en')} files, ${(3 * apps).toLocaleString('en')} rendered applications)`);
  say();
  const floor = yamlFloor(workspace.files);
  const cacheDirectory = path.join(SCRATCH, `cache-kustomize-${apps}`);
  fs.rmSync(cacheDirectory, { recursive: true, force: true });
  const cold = await startKubetrace(workspace.root, cacheDirectory);
  const edits = await measureEdits(cold.server, workspace, 100);
  await cold.server.shutdown();
  say('| measure | time | ratio to the bare yaml parse |');
  say('| --- | --- | --- |');
  say(`| **floor**: \`YAML.parseAllDocuments\` of every file, one thread, in a fresh process | ${ms(floor)} | 1.00x |`);
  say(`| cold indexing, three builds rendered (start to every file's diagnostics published) | ${ms(cold.readyMs)} | ${ratio(cold.readyMs, floor)} |`);
  say();
  say('| latency | p50 | p95 | max |');
  say('| --- | --- | --- | --- |');
  say(latencyLine('edit of a base file → diagnostics published, 100 edits', edits.get('all')!));
  say();
}

/** `kubetrace check` of one workspace in a fresh process: wall time (process start included) and the process's peak RSS. */
function timeCheck(root: string): { ms: number; peakRssMb: number } {
  // The CLI exits through process.exit, so its peak is written from the 'exit' event of a preloaded module.
  const peakFile = path.join(SCRATCH, 'check-peak-rss');
  const preload = path.join(SCRATCH, 'peak-rss.js');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(peakFile)}, String(process.resourceUsage().maxRSS)));`);
  const start = now();
  const result = spawnSync(process.execPath, ['--require', preload, path.join(PROJECT_ROOT, 'dist', 'cli.js'), 'check', root, '--exit-zero'], { encoding: 'utf8' });
  const elapsed = now() - start;
  if (result.status !== 0) throw new Error(`kubetrace check did not run: ${result.stderr}`);
  return { ms: elapsed, peakRssMb: Number(fs.readFileSync(peakFile, 'utf8')) / 1024 };
}

/** 300 Deployments with large replicas: check time and peak RSS, which must not grow with what replicas says. */
function benchReplicas(): void {
  const runs: readonly { readonly replicas: number; readonly profileNodes?: number }[] = [{ replicas: 20 }, { replicas: 100_000 }, { replicas: 100_000, profileNodes: 5000 }];
  say(`## ${REPLICAS_DEPLOYMENTS} Deployments with large replicas: \`kubetrace check\` time and peak RSS`);
  say();
  say(`One file of ${REPLICAS_DEPLOYMENTS} Deployments, each with a Service, and two StatefulSets behind headless Services, every workload with the same \`replicas\` (a workload makes at most 1,000 pods); the default profile (its nodes grow with the pods, up to the 256 ranges of the pod CIDR), or a profile of 5,000 nodes.`);
  say();
  say('| replicas | profile | check, process start included | peak RSS |');
  say('| --- | --- | --- | --- |');
  for (const { replicas, profileNodes } of runs) {
    const run = timeCheck(writeReplicasWorkspace(SCRATCH, replicas, profileNodes));
    say(`| ${replicas.toLocaleString('en')} | ${profileNodes === undefined ? 'default' : `${profileNodes.toLocaleString('en')} nodes`} | ${ms(run.ms)} | ${run.peakRssMb.toFixed(0)} MB |`);
  }
  say();
}

/** Time from opening one large file to its first published diagnostics, and hover latency on it, for one server. */
async function openLargeFile(command: readonly string[], configuration: (section: string | undefined) => unknown, file: string, text: string, hoverLines: readonly number[]): Promise<{ firstDiagnosticsMs: number; hovers: number[] }> {
  const emptyRoot = fs.mkdtempSync(path.join(SCRATCH, 'empty-'));
  const server = new LspSession(command, configuration);
  const settledAtStart = command === KUBETRACE_SERVER ? nextModelChange(server) : Promise.resolve();
  await server.initialize(emptyRoot, { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } });
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: configuration('yaml') } });
  await settledAtStart;
  const uri = pathToFileURL(file).href;
  const start = now();
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await server.waitForDiagnostics(uri, (diagnostics) => diagnostics.length > 0, 600_000);
  const firstDiagnosticsMs = now() - start;
  const hovers: number[] = [];
  for (const line of hoverLines) {
    const hoverStart = now();
    await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 9 } });
    hovers.push(now() - hoverStart);
  }
  await server.shutdown();
  return { firstDiagnosticsMs, hovers };
}

async function benchAgainstYamlLanguageServer(): Promise<void> {
  const text = largeManifest(20_000);
  const file = path.join(SCRATCH, 'large', 'all-in-one.yaml');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const lineCount = text.split('\n').length;
  // Hover on the Service names (the line after "kind: Service" + "metadata:").
  const all = text.split('\n');
  const hoverLines = all.flatMap((line, index) => (line === 'kind: Service' ? [index + 2] : [])).filter((_, index) => index % 5 === 0).slice(0, 50);
  const ours = await openLargeFile(KUBETRACE_SERVER, () => null, file, text, hoverLines);
  const theirs = await openLargeFile(YAML_LANGUAGE_SERVER, (section) => (section === 'yaml' ? YAML_SETTINGS : {}), file, text, hoverLines);
  say(`## One ${lineCount.toLocaleString('en')}-line file (${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB, ${text.split('\n---\n').length} documents) opened in an editor`);
  say();
  say('| server | open → first diagnostics | hover p50 | hover p95 |');
  say('| --- | --- | --- | --- |');
  say(`| Kubetrace (its own problems first; model, engine, every check after) | ${ms(ours.firstDiagnosticsMs)} | ${ms(percentile(ours.hovers, 0.5))} | ${ms(percentile(ours.hovers, 0.95))} |`);
  say(`| yaml-language-server 1.25.0 (syntax, no schema: none can be fetched offline) | ${ms(theirs.firstDiagnosticsMs)} | ${ms(percentile(theirs.hovers, 0.5))} | ${ms(percentile(theirs.hovers, 0.95))} |`);
  say(`| ratio, ours / theirs | ${ratio(ours.firstDiagnosticsMs, theirs.firstDiagnosticsMs)} | ${ratio(percentile(ours.hovers, 0.5), percentile(theirs.hovers, 0.5))} | |`);
  say();
}

/** Waits for a server's first diagnostics of `uri` that hold a finding; the time since `start`. */
async function firstFindings(server: LspSession, uri: string, start: number): Promise<number> {
  await server.waitForDiagnostics(uri, (diagnostics) => diagnostics.length > 0, 600_000);
  return now() - start;
}

/** An application's file as a user has it open: a key written twice in its Service (a finding for every server). */
function withDuplicateKey(text: string, app: GeneratedApp): string {
  const lines = text.split('\n');
  lines.splice(app.lines.serviceName + 1, 0, '  name: again');
  return lines.join('\n');
}

/**
 * The generated workspace's cold start with one of its files opened right away (didOpen right after initialized):
 * how long until that file's diagnostics show, against yaml-language-server's time on the same file, which indexes nothing.
 */
async function benchOpenedWhileIndexing(apps: number): Promise<void> {
  const workspace = generateWorkspace(path.join(SCRATCH, `opened-${apps}`), apps);
  const app = workspace.apps[Math.floor(workspace.apps.length / 2)]!;
  const uri = pathToFileURL(app.file).href;
  const text = withDuplicateKey(fs.readFileSync(app.file, 'utf8'), app);
  const open = async (server: LspSession) => {
    const start = now();
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return start;
  };
  const cacheDirectory = fs.mkdtempSync(path.join(SCRATCH, 'cache-opened-'));
  const ours = new LspSession();
  const indexed = nextModelChange(ours);
  await ours.initialize(workspace.root, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, { cacheDirectory });
  const oursStart = await open(ours);
  const oursMs = await firstFindings(ours, uri, oursStart);
  await indexed;
  const indexedMs = now() - oursStart;
  await ours.shutdown();
  const theirs = new LspSession(YAML_LANGUAGE_SERVER, (section) => (section === 'yaml' ? YAML_SETTINGS : {}));
  await theirs.initialize(workspace.root, { workspace: { configuration: true } });
  await theirs.connection.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: YAML_SETTINGS } });
  const theirsMs = await firstFindings(theirs, uri, await open(theirs));
  await theirs.shutdown();
  say(`## A file opened while ${apps.toLocaleString('en')} applications index (didOpen right after initialized, a key written twice in it)`);
  say();
  say('| server | open → that file\'s first diagnostics | open → every file\'s diagnostics |');
  say('| --- | --- | --- |');
  say(`| Kubetrace (its own problems first, cold, no cache) | ${ms(oursMs)} | ${ms(indexedMs)} |`);
  say(`| yaml-language-server 1.25.0 (the file alone) | ${ms(theirsMs)} | |`);
  say(`| ratio, ours / theirs | ${ratio(oursMs, theirsMs)} | |`);
  say();
}

/** One character typed into, or taken out of, a Deployment's pod label in a random document: the edit as an editor sends it. */
function labelEdit(lines: string[], labelLines: readonly number[], random: () => number): { range: object; text: string } {
  const line = labelLines[Math.floor(random() * labelLines.length)]!;
  const current = lines[line]!;
  const end = current.length;
  if (current.endsWith('z')) {
    lines[line] = current.slice(0, -1);
    return { range: { start: { line, character: end - 1 }, end: { line, character: end } }, text: '' };
  }
  lines[line] = `${current}z`;
  return { range: { start: { line, character: end }, end: { line, character: end } }, text: 'z' };
}

/**
 * One 50,000-line file (about 5 MB, exported from a cluster: kubectl's last-applied-configuration, dashboards' JSON): open → first
 * diagnostics for both servers, then one-character edits in random documents of it, each until Kubetrace has
 * published the diagnostics of the edited model.
 */
async function benchVeryLargeFile(edits: number): Promise<void> {
  const text = largeManifest(50_000, { exported: true });
  const file = path.join(SCRATCH, 'very-large', 'exported.yaml');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const lines = text.split('\n');
  const labelLines = lines.flatMap((line, index) => (line.startsWith('        app: ') ? [index] : []));
  const startOn = async (command: readonly string[], configuration: (section: string | undefined) => unknown) => {
    const server = new LspSession(command, configuration);
    const settled = command === KUBETRACE_SERVER ? nextModelChange(server) : Promise.resolve();
    await server.initialize(fs.mkdtempSync(path.join(SCRATCH, 'empty-')), { workspace: { configuration: true } });
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: configuration('yaml') } });
    await settled;
    return server;
  };

  const ours = await startOn(KUBETRACE_SERVER, () => null);
  const analysed = nextModelChange(ours);
  const start = now();
  await ours.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const oursMs = await firstFindings(ours, uri, start);
  await analysed;
  const analysedMs = now() - start;
  const random = seededRandom(23);
  const samples: number[] = [];
  for (let version = 2; version < edits + 2; version += 1) {
    const change = labelEdit(lines, labelLines, random);
    const settled = nextModelChange(ours);
    const editStart = now();
    await ours.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    await settled;
    samples.push(now() - editStart);
  }
  await ours.shutdown();
  const theirs = await startOn(YAML_LANGUAGE_SERVER, (section) => (section === 'yaml' ? YAML_SETTINGS : {}));
  const theirsStart = now();
  await theirs.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const theirsMs = await firstFindings(theirs, uri, theirsStart);
  await theirs.shutdown();

  say(`## One ${lines.length.toLocaleString('en')}-line file (${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB, ${text.split('\n---\n').length.toLocaleString('en')} documents, exported from a cluster: long lines of JSON)`);
  say();
  say('| server | open → first diagnostics | open → every check published |');
  say('| --- | --- | --- |');
  say(`| Kubetrace (its own problems first, then the model, engine and every check) | ${ms(oursMs)} | ${ms(analysedMs)} |`);
  say(`| yaml-language-server 1.25.0 (syntax, no schema) | ${ms(theirsMs)} | |`);
  say(`| ratio, ours / theirs | ${ratio(oursMs, theirsMs)} | ${ratio(analysedMs, theirsMs)} |`);
  say();
  say('| latency | p50 | p95 | max |');
  say('| --- | --- | --- | --- |');
  say(latencyLine(`edit of one character in a random document → diagnostics published, ${edits} edits`, samples));
  say();
}

async function main(): Promise<void> {
  if (process.argv.includes('--replicas-only')) {
    benchReplicas();
    fs.rmSync(SCRATCH, { recursive: true, force: true });
    return;
  }
  const appsArgument = process.argv.indexOf('--apps');
  const sizes = appsArgument > 0 ? process.argv[appsArgument + 1]!.split(',').map(Number).filter((apps) => apps > 0) : [1000, 10_000];
  say(`# Kubetrace benchmark`);
  say();
  say(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}. Run ${new Date().toISOString().slice(0, 10)}.`);
  say();
  if (process.argv.includes('--large-file-only')) {
    await benchVeryLargeFile(100);
    fs.rmSync(SCRATCH, { recursive: true, force: true });
    return;
  }
  for (const apps of sizes) await benchWorkspace(apps);
  if (sizes.length > 0) await benchOpenedWhileIndexing(Math.max(...sizes));
  const kustomizeArgument = process.argv.indexOf('--kustomize-apps');
  const kustomizeApps = kustomizeArgument > 0 ? Number(process.argv[kustomizeArgument + 1]) : 200;
  if (kustomizeApps > 0) await benchKustomize(kustomizeApps);
  await benchAgainstYamlLanguageServer();
  benchReplicas();
  await benchVeryLargeFile(100);
  fs.rmSync(SCRATCH, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
