import {
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  SymbolKind,
  MarkupKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocumentSyncKind,
  type CodeAction,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { completionsAt } from './features/completion';
import { onObjectName, symbolAt } from './features/symbolAt';
import { symbolsOf } from './features/symbols';
import { connectionOf, DiagnosticsPublisher, fixesOf } from './features/diagnostics';
import { findingCommands } from './features/findingActions';
import { hoverMarkdown } from './features/hoverContent';
import { definitionAt, lensesFor, referencesOf } from './features/navigation';
import { entryAt, entryDefinition, entryHover, isKustomizationFile, patchedObjectLocations, renderedNamesMarkdown, type BuildView } from './features/kustomizeNavigation';
import { quickFixesFor } from './features/quickFixes';
import { summarizeModel } from './features/modelSummary';
import {
  ALLOW_FLOW_REQUEST,
  MODEL_CHANGED_NOTIFICATION,
  MODEL_SUMMARY_REQUEST,
  QUERY_REQUEST,
  RENDERED_OBJECT_REQUEST,
  COMPARE_CONNECTIVITY_REQUEST,
  FILE_AT_REVISION_REQUEST,
  type FileAtRevisionParams,
  GENERATE_POLICIES_REQUEST,
  type CompareConnectivityParams,
  type ConnectivityComparisonReply,
  type GeneratePoliciesParams,
  TERMINAL_CLOSE_NOTIFICATION,
  TERMINAL_OPEN_REQUEST,
  TERMINAL_RUN_REQUEST,
  type TerminalCloseParams,
  type TerminalOpened,
  type TerminalOpenParams,
  type TerminalReply,
  type TerminalRunParams,
  SERVER_STATS_REQUEST,
  SNAPSHOT_INPUT_REQUEST,
  TRACE_TO_COMMAND,
  type AllowFlowParams,
  type QueryParams,
  type RenderedObject,
  type RenderedObjectParams,
  type ServerStats,
  type SnapshotInputParams,
} from './protocol';
import { allowFlowEdit } from './features/allowFlowEdit';
import { promises as fs, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TerminalSessions, type TerminalCluster } from './terminal/terminalSessions';
import { ConnectivityComparison } from './analysis/connectivityComparison';
import { GitRevisionError, repositoryFileAt } from './workspace/gitRevision';
import { readRevisionUri } from './workspace/revisionModel';
import { diffJson, diffMarkdown, diffSummary, effectOf } from './features/connectivityReport';
import { planComments } from './features/policyPlanText';
import { ClusterChecks } from './analysis/clusterChecks';
import { SnapshotCache } from './analysis/snapshotCache';
import { WorkspaceAnalysis } from './analysis/workspaceAnalysis';
import { answerRequest } from './features/query';
import { AnalysisScheduler } from './analysis/analysisScheduler';
import { isProblemCode, isRange, leastPrivilegePolicies, policiesYaml, type KubeObject, type TextPosition } from './engine';
import { AnalysisCacheStore } from './workspace/analysisCache';
import { DEFAULT_SETTINGS, readSettings } from './workspace/settings';
import { canonicalUri, uriToPath } from './workspace/fileUris';
import { WorkspaceSession, type FileChange } from './workspace/workspaceSession';
import type { ClusterModel } from './model/clusterModel';
import { ProfileProblems } from './workspace/profileProblems';
import { StartupTimings } from './analysis/startupTimings';
import { keepHeapCloseToLive } from './heapGrowth';

/** How long after its registration the editor's file watcher is taken to be running, for the second catch-up walk. */
const WATCHER_START_ALLOWANCE_MS = 10_000;

/** Wires the LSP connection to the workspace session; all behaviour lives in workspace/, analysis/ and features/. */
const connection = createConnection(ProposedFeatures.all);
const publisher = new DiagnosticsPublisher((uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }));
const profileProblems = new ProfileProblems((message) => connection.console.warn(message));
const snapshots = new SnapshotCache();
const checks = new ClusterChecks();
const analysis = new WorkspaceAnalysis(snapshots, checks);
const startupTimings = new StartupTimings();
let canReadConfiguration = false;
let canWatchFiles = false;
let canShowProgress = false;
let canRefreshLenses = false;
/** The settings last read from the client, for work that cannot wait for them (CodeLens). */
let lastSettings = DEFAULT_SETTINGS;
/** Replaced once the client names the workspace folders and the cache folder (initialize). */
let session = new WorkspaceSession([], DEFAULT_SETTINGS);
let scheduler = schedulerFor(session, undefined);

function schedulerFor(current: WorkspaceSession, cacheDirectory: string | undefined): AnalysisScheduler {
  /** Whether this scheduler's load has parsed the files: its next publish is the first analysis's. */
  let loaded = false;
  return new AnalysisScheduler({
    session: current,
    analysis,
    publish: (problems, changed) => {
      publisher.publish(problems, changed, profileProblems.inFilesOf(current.profiles));
      const sent = connection.sendNotification(MODEL_CHANGED_NOTIFICATION);
      logFirstPublish();
      // The connection writes one message per turn of the event loop: work done now would hold the diagnostics back.
      return sent.then(
        () => {
          if (!loaded) return;
          keepHeapCloseToLive();
          checks.indexForEdits(() => current.openDocumentNamespaces());
        },
        // A connection that cannot write is closing: nothing is left to prepare for.
        () => undefined,
      );
    },
    publishFilesOwnProblems: (problems) => {
      publisher.publish(problems, new Set(problems.keys()), profileProblems.inFilesOf(current.profiles));
      logFirstPublish();
    },
    loadStep: (step) => {
      startupTimings.mark(step);
      if (step === 'files parsed') loaded = true;
    },
    settings: currentSettings,
    // Work that fails (it should not) is logged; the server goes on answering from what it has.
    reportFailure: (what, error) => connection.console.error(`Kubetrace could not ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    ...(cacheDirectory && { cache: new AnalysisCacheStore(cacheDirectory, (error) => connection.console.warn(`Kubetrace could not write its cache: ${String(error)}`)) }),
  });
}

function logFirstPublish(): void {
  const firstPublish = startupTimings.firstPublish();
  if (firstPublish) connection.console.info(firstPublish);
}

/** A cluster's profile; the workspace's while there is no cluster yet. */
function profileFor(cluster: ClusterModel | undefined) {
  return cluster ? session.profileOf(cluster.name) : session.profile.profile;
}

function snapshotOf(cluster: ClusterModel | undefined) {
  return snapshots.get(cluster, profileFor(cluster));
}

async function currentSettings() {
  if (!canReadConfiguration) return DEFAULT_SETTINGS;
  const [kubetrace, filesExclude] = await connection.workspace.getConfiguration([{ section: 'kubetrace' }, { section: 'files.exclude' }]);
  return (lastSettings = readSettings(kubetrace, filesExclude));
}

connection.onInitialize((params: InitializeParams) => {
  startupTimings.mark('initialize');
  const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const roots = folders.map(uriToPath).filter((root): root is string => root !== undefined);
  session = new WorkspaceSession(roots, DEFAULT_SETTINGS);
  const options: unknown = params.initializationOptions;
  const directory = typeof options === 'object' && options !== null ? (options as Record<string, unknown>)['cacheDirectory'] : undefined;
  scheduler = schedulerFor(session, typeof directory === 'string' && directory !== '' ? directory : undefined);
  canReadConfiguration = params.capabilities.workspace?.configuration === true;
  canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  canShowProgress = params.capabilities.window?.workDoneProgress === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      completionProvider: { triggerCharacters: [':', ' '] },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
    },
    serverInfo: { name: 'kubetrace' },
  };
});

connection.onInitialized(() => {
  startupTimings.mark('initialized');
  if (canWatchFiles) {
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/' }],
      })
      // What was created or deleted before the watcher ran sent no event: a look once the first load's analysis is
      // sent, and one more a while later, since the editor starts its watcher some time after the registration
      // (seconds, on a busy machine).
      .then(
        () => {
          const catchUp = () => scheduler.queueChangeAfterPublish(async () => void (await session.catchUpWithDisk()));
          catchUp();
          setTimeout(catchUp, WATCHER_START_ALLOWANCE_MS);
        },
        (error: unknown) => connection.console.warn(`Kubetrace could not watch the workspace's files (edits on disk are seen at the next start): ${String(error)}`),
      );
  }
  if (canReadConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  scheduler.after(async () => {
    // Initial indexing reports progress where the client can show it; the load does not wait for the client to
    // create it (a round trip while the editor starts, when it is busiest).
    const loading = scheduler.load();
    // A client that cannot show it gets no progress; the load goes on.
    const progress = canShowProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    startupTimings.mark('progress shown');
    progress?.begin('Kubetrace', undefined, 'Reading Kubernetes manifests');
    await loading.finally(() => progress?.done());
  }, 'read the workspace');
});

connection.onDidChangeConfiguration(() => scheduler.after(() => scheduler.reloadIfSettingsChanged(), 'read the workspace'));

connection.onShutdown(async () => {
  await scheduler.ready;
  await scheduler.store();
});

// The session keeps the open documents' text: an edit hands it the changes, so that it reads again only what they touched.
function openDocumentChanged(uri: string): void {
  if (session.isProfileFile(uri)) scheduler.after(() => session.reloadProfile(), 'read the cluster profile');
  scheduler.documentChanged(canonicalUri(uri));
}

connection.onDidOpenTextDocument(({ textDocument }) => {
  session.setOpenDocument(textDocument.uri, textDocument.text);
  openDocumentChanged(textDocument.uri);
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  session.changeOpenDocument(textDocument.uri, contentChanges);
  openDocumentChanged(textDocument.uri);
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  scheduler.queueChange(async () => {
    await session.closeDocument(textDocument.uri);
    if (session.isProfileFile(textDocument.uri)) await session.reloadProfile();
  });
});

const CHANGE_KIND: Record<FileChangeType, FileChange['kind']> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

connection.onDidChangeWatchedFiles(({ changes }) => {
  scheduler.queueChange(async () => {
    await session.applyFileChanges(changes.map((change) => ({ uri: change.uri, kind: CHANGE_KIND[change.type] })));
    if (changes.some((change) => session.isProfileFile(change.uri))) await session.reloadProfile();
  });
});

connection.onRequest(MODEL_SUMMARY_REQUEST, async () => {
  await scheduler.ready;
  return summarizeModel(session.model.clusters(), scheduler.problems(), session.model.skippedFiles());
});

connection.onRequest(QUERY_REQUEST, async (params: QueryParams) => {
  await scheduler.ready;
  return answerRequest({ ...(params.request ?? {}) }, snapshotOf(session.cluster(params.cluster)));
});

/** The snapshot of the cluster a file belongs to (the first cluster when it belongs to none yet). */
function snapshotFor(editorUri: string) {
  return snapshotOf(session.cluster(undefined, editorUri));
}

/** The Kustomize builds that read a file, each as its cluster's objects. */
function buildsReading(uri: string): BuildView[] {
  return session.model.clusters().filter((cluster) => session.model.renderedBuild(cluster.name) && cluster.files.includes(uri)).map((cluster) => ({ cluster: cluster.name, objects: cluster.objects }));
}

/** The text of a file as the editor has it, or as saved; undefined when neither can be read. */
async function currentText(uri: string): Promise<string | undefined> {
  const open = session.openText(uri);
  if (open !== undefined) return open;
  const filePath = uriToPath(uri);
  return filePath === undefined ? undefined : fs.readFile(filePath, 'utf8').catch(() => undefined);
}

async function kustomizationEntryAt(editorUri: string, position: TextPosition) {
  const uri = canonicalUri(editorUri);
  if (!isKustomizationFile(uri)) return undefined;
  const text = await currentText(editorUri);
  const entry = text === undefined ? undefined : entryAt(uri, text, position);
  return entry && { uri, entry, builds: buildsReading(uri) };
}

connection.onHover(async ({ textDocument, position }, token) => {
  await scheduler.ready;
  if (token.isCancellationRequested) return null;
  const atEntry = await kustomizationEntryAt(textDocument.uri, position);
  if (atEntry) {
    const markdown = entryHover(atEntry.uri, atEntry.entry, atEntry.builds);
    return markdown ? { contents: { kind: MarkupKind.Markdown, value: markdown }, range: atEntry.entry.range } : null;
  }
  const uri = canonicalUri(textDocument.uri);
  const snapshot = snapshotFor(textDocument.uri);
  const symbol = symbolAt(snapshot, uri, position);
  const builds = buildsReading(uri);
  const rendered = symbol && onObjectName(symbol) && builds.length > 0 ? renderedNamesMarkdown(uri, position, builds) : undefined;
  const markdown = [symbol && hoverMarkdown(symbol, snapshot), rendered].filter(Boolean).join('\n\n---\n\n');
  return symbol && markdown ? { contents: { kind: MarkupKind.Markdown, value: markdown }, ...(symbol.path.length > 0 && { range: symbol.range }) } : null;
});

connection.onDefinition(async ({ textDocument, position }, token) => {
  await scheduler.ready;
  if (token.isCancellationRequested) return [];
  const atEntry = await kustomizationEntryAt(textDocument.uri, position);
  if (atEntry) return entryDefinition(atEntry.uri, atEntry.entry, (uri) => isFileUri(uri), atEntry.builds);
  const snapshot = snapshotFor(textDocument.uri);
  const symbol = symbolAt(snapshot, canonicalUri(textDocument.uri), position);
  if (symbol) return definitionAt(symbol, snapshot);
  // A patch a build reads has no objects of its own: it leads to the objects it changed.
  return patchedObjectLocations(canonicalUri(textDocument.uri), buildsReading(canonicalUri(textDocument.uri)));
});

connection.onReferences(async ({ textDocument, position }, token) => {
  await scheduler.ready;
  if (token.isCancellationRequested) return [];
  const snapshot = snapshotFor(textDocument.uri);
  const symbol = symbolAt(snapshot, canonicalUri(textDocument.uri), position);
  return symbol ? referencesOf(symbol, snapshot) : [];
});

connection.onCodeLens(async ({ textDocument }, token) => {
  await scheduler.ready;
  if (token.isCancellationRequested) return [];
  const lenses = lensesFor(canonicalUri(textDocument.uri), snapshotFor(textDocument.uri)).map((lens) => ({
    range: { start: lens.range.start, end: lens.range.start },
    command: lens.traceTo ? { title: lens.title, command: TRACE_TO_COMMAND, arguments: [lens.traceTo], tooltip: `Trace a request to ${lens.traceTo}` } : { title: lens.title, command: '' },
  }));
  return [...lenses, ...connectivityLenses(textDocument.uri)];
});

/**
 * Above each NetworkPolicy of a file that differs from HEAD, `+3 −1 connections vs HEAD`: the connection changes
 * against HEAD that the policy decided on either side. HEAD's model is read in the background the first time; the
 * client is asked to refresh its lenses once it is.
 */
function connectivityLenses(editorUri: string) {
  const uri = canonicalUri(editorUri);
  const policies = (session.model.parsedFile(uri)?.objects ?? []).filter((object) => object.type === 'NetworkPolicy');
  const folder = session.folders[0];
  if (policies.length === 0 || folder === undefined) return [];
  const cluster = session.cluster(undefined, uri);
  const filePath = uriToPath(uri);
  const text = session.openText(editorUri) ?? session.openText(uri);
  if (filePath === undefined || text === undefined) return [];
  const compared = comparison.compareIfRead(
    { folder, cluster, snapshot: snapshotOf(cluster), settings: lastSettings, contentHashOf: (file) => session.model.contentHashOf(file) },
    'HEAD',
    () => {
      if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh');
    },
    { path: filePath, text },
  );
  if (!compared) return [];
  return policies.flatMap((policy) => {
    const name = `${policy.id.namespace ?? 'default'}/${policy.id.name}`;
    const decided = compared.diff.connections.filter((change) => [change.beforeReason, change.afterReason].some((reason) => reason !== undefined && reason.includes(name)));
    if (decided.length === 0) return [];
    const opened = decided.filter((change) => effectOf(change) === 'opened').length;
    const closed = decided.filter((change) => effectOf(change) === 'closed').length;
    return [{ range: { start: policy.range.start, end: policy.range.start }, command: { title: `+${opened} −${closed} connections vs ${compared.label.split(' ')[0]}`, command: 'kubetrace.compareConnectivity', arguments: ['HEAD'], tooltip: 'Show what this change does to connectivity against HEAD' } }];
  });
}

connection.onCodeAction(async ({ textDocument, context }) => {
  await scheduler.ready;
  const cluster = session.cluster(undefined, textDocument.uri)?.name;
  const commands: CodeAction[] = context.diagnostics.flatMap((diagnostic) =>
    findingCommands({ code: diagnostic.code, related: (diagnostic.relatedInformation ?? []).map((related) => related.location), connection: connectionOf(diagnostic), cluster }).map((command) => ({
      title: command.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: command.title, command: command.command, arguments: [...command.arguments] },
    })),
  );
  // Edits need the open document's text; the commands do not.
  const text = session.openText(textDocument.uri);
  if (text === undefined) return commands;
  const lines = text.split('\n');
  const objects = snapshotFor(textDocument.uri).objects;
  // Fixes are for Kubetrace's own codes; they come first, as the edit is the likelier next step.
  const edits: CodeAction[] = context.diagnostics.flatMap((diagnostic) => !isProblemCode(diagnostic.code) ? [] :
    quickFixesFor({ code: diagnostic.code, severity: 'warning', message: diagnostic.message, uri: canonicalUri(textDocument.uri), range: diagnostic.range, fixes: fixesOf(diagnostic) }, objects, lines).map((fix) => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.preferred,
      edit: { changes: { [textDocument.uri]: [...fix.edits] } },
    })),
  );
  return edits.concat(commands);
});

const COMPLETION_KIND = { service: CompletionItemKind.Module, port: CompletionItemKind.Value, 'label-key': CompletionItemKind.Property, 'label-value': CompletionItemKind.EnumMember, namespace: CompletionItemKind.Folder, subset: CompletionItemKind.EnumMember, gateway: CompletionItemKind.Interface } as const;

connection.onCompletion(async ({ textDocument, position }, token) => {
  await scheduler.ready;
  if (token.isCancellationRequested) return [];
  const text = session.openText(textDocument.uri);
  if (text === undefined) return [];
  return completionsAt(text.split('\n'), position, snapshotFor(textDocument.uri)).map((proposal) => ({ label: proposal.label, detail: proposal.detail, kind: COMPLETION_KIND[proposal.kind] }));
});

const SYMBOL_KIND: Record<string, SymbolKind> = { Service: SymbolKind.Interface, Ingress: SymbolKind.Event, NetworkPolicy: SymbolKind.Key, Namespace: SymbolKind.Namespace };

connection.onDocumentSymbol(async ({ textDocument }) => {
  await scheduler.ready;
  const objects = session.model.parsedFile(canonicalUri(textDocument.uri))?.objects ?? [];
  return symbolsOf(objects).map((symbol) => ({ name: symbol.name, detail: symbol.detail, kind: SYMBOL_KIND[symbol.kind] ?? SymbolKind.Object, range: symbol.range, selectionRange: symbol.selection }));
});

connection.onWorkspaceSymbol(async ({ query }) => {
  await scheduler.ready;
  const needle = query.toLowerCase();
  return symbolsOf(session.model.clusters().flatMap((cluster) => [...cluster.objects]))
    .filter((symbol) => `${symbol.detail} ${symbol.name}`.toLowerCase().includes(needle))
    .slice(0, 500)
    .map((symbol) => ({ name: symbol.name, containerName: symbol.detail, kind: SYMBOL_KIND[symbol.kind] ?? SymbolKind.Object, location: { uri: symbol.uri, range: symbol.selection } }));
});

connection.onRequest(SNAPSHOT_INPUT_REQUEST, async (params: SnapshotInputParams) => {
  await scheduler.ready;
  const cluster = session.cluster(params?.cluster, typeof params?.uri === 'string' ? params.uri : undefined);
  return { cluster: cluster?.name ?? 'default', clusters: session.model.clusters().map((candidate) => candidate.name), objects: cluster?.objects ?? [], profile: profileFor(cluster) };
});

connection.onRequest(ALLOW_FLOW_REQUEST, async (params: AllowFlowParams) => {
  await scheduler.ready;
  return allowFlowEdit(params, snapshotOf(session.cluster(params.cluster)), currentText);
});

connection.onRequest(RENDERED_OBJECT_REQUEST, async (params: RenderedObjectParams): Promise<RenderedObject[]> => {
  await scheduler.ready;
  if (typeof params?.uri !== 'string' || !isRange({ start: params.position, end: params.position })) return [];
  return session.model.renderedObjectsAt(canonicalUri(params.uri), params.position);
});

const terminals = new TerminalSessions();
/** A cluster model's objects as one list, the same list while the model is unchanged (so a terminal rebuilds nothing). */
const objectLists = new WeakMap<object, readonly KubeObject[]>();

function terminalCluster(cluster: ClusterModel | undefined): TerminalCluster {
  let objects = cluster ? objectLists.get(cluster.objects) : [];
  if (cluster && !objects) objectLists.set(cluster.objects, (objects = [...cluster.objects]));
  return { objects: objects ?? [], profile: profileFor(cluster), snapshot: snapshotOf(cluster) };
}

/** What a terminal reads: the editor's text of a file, else the disk; a path the user types, from the first workspace folder. */
const terminalFiles = {
  readText: (uri: string) => {
    const open = session.openText(uri);
    if (open !== undefined) return open;
    const filePath = uriToPath(uri);
    try {
      return filePath === undefined ? undefined : readFileSync(filePath, 'utf8');
    } catch {
      return undefined;
    }
  },
  readFile: (name: string) => {
    const absolute = path.resolve(session.folders[0] ?? '.', name);
    const uri = canonicalUri(pathToFileURL(absolute).href);
    const text = terminalFiles.readText(uri);
    return text === undefined ? { error: `error: the path "${name}" does not exist` } : { uri, text };
  },
};

connection.onRequest(TERMINAL_OPEN_REQUEST, async (params: TerminalOpenParams): Promise<TerminalOpened> => {
  await scheduler.ready;
  const cluster = session.cluster(typeof params?.cluster === 'string' ? params.cluster : undefined, typeof params?.uri === 'string' ? params.uri : undefined);
  const opened = terminals.open(cluster?.name ?? 'default', terminalCluster(cluster), terminalFiles);
  return { ...opened, cluster: cluster?.name ?? 'default' };
});

connection.onRequest(TERMINAL_RUN_REQUEST, async (params: TerminalRunParams): Promise<TerminalReply | { error: string }> => {
  await scheduler.ready;
  const name = typeof params?.id === 'number' ? terminals.clusterOf(params.id) : undefined;
  if (name === undefined || typeof params.line !== 'string') return { error: 'this terminal is closed' };
  const result = terminals.run(params.id, params.line.slice(0, 10_000), terminalCluster(session.cluster(name)))!;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, prompt: result.prompt, notes: result.notes.map((note) => ({ text: note.text, ...(note.source && { uri: note.source.uri, range: note.source.range }) })) };
});

connection.onNotification(TERMINAL_CLOSE_NOTIFICATION, (params: TerminalCloseParams) => {
  if (typeof params?.id === 'number') terminals.close(params.id);
});

const comparison = new ConnectivityComparison();

connection.onRequest(COMPARE_CONNECTIVITY_REQUEST, async (params: CompareConnectivityParams): Promise<ConnectivityComparisonReply | { error: string }> => {
  await scheduler.ready;
  const folder = session.folders[0];
  if (folder === undefined) return { error: 'the workspace has no folder to compare' };
  const cluster = session.cluster(typeof params?.cluster === 'string' ? params.cluster : undefined, typeof params?.uri === 'string' ? params.uri : undefined);
  const revision = typeof params?.revision === 'string' && params.revision.trim() !== '' ? params.revision.trim() : 'HEAD';
  try {
    const { label, diff } = await comparison.compare({ folder, cluster, snapshot: snapshotOf(cluster), settings: await currentSettings(), contentHashOf: (uri) => session.model.contentHashOf(uri) }, revision);
    return { base: label, cluster: cluster?.name ?? 'default', summary: diffSummary(diff), markdown: diffMarkdown(diff), report: diffJson(diff) };
  } catch (error) {
    if (error instanceof GitRevisionError) return { error: error.message };
    throw error;
  }
});

connection.onRequest(FILE_AT_REVISION_REQUEST, async (params: FileAtRevisionParams): Promise<{ text: string } | { error: string }> => {
  const named = typeof params?.uri === 'string' ? readRevisionUri(params.uri) : undefined;
  const folder = session.folders[0];
  if (!named || folder === undefined) return { error: 'not a file of a revision of this workspace' };
  try {
    const text = await repositoryFileAt(folder, named.commit, named.pathInRepository);
    return text === undefined ? { error: `${named.pathInRepository} is not in ${named.commit}` } : { text };
  } catch (error) {
    if (error instanceof GitRevisionError) return { error: error.message };
    throw error;
  }
});

connection.onRequest(GENERATE_POLICIES_REQUEST, async (params: GeneratePoliciesParams) => {
  await scheduler.ready;
  if (typeof params?.uri !== 'string') return { error: 'name a file' };
  const uri = canonicalUri(params.uri);
  const objects = session.model.parsedFile(uri)?.objects ?? [];
  const line = params.position && isRange({ start: params.position, end: params.position }) ? params.position.line : undefined;
  const object = objects.find((candidate) => line !== undefined && candidate.range.start.line <= line && line <= candidate.range.end.line) ?? objects.find((candidate) => candidate.id.namespace !== undefined);
  if (!object) return { error: 'the file holds no namespaced object to take a namespace from' };
  const namespace = object.id.namespace ?? 'default';
  const cluster = session.cluster(undefined, params.uri);
  const plan = leastPrivilegePolicies(snapshotOf(cluster), [namespace]);
  const folder = session.folders[0];
  const place = (file: string) => {
    const filePath = uriToPath(file);
    return filePath && folder ? path.relative(folder, filePath) : file;
  };
  const directory = path.dirname(uriToPath(uri) ?? '.');
  let target = path.join(directory, `networkpolicies-${namespace}.yaml`);
  for (let suffix = 2; isFileUri(pathToFileURL(target).href); suffix++) target = path.join(directory, `networkpolicies-${namespace}-${suffix}.yaml`);
  const targetUri = pathToFileURL(target).href;
  // Shown for preview: nothing is written until the user applies it.
  return {
    documentChanges: [
      { kind: 'create', uri: targetUri, options: { overwrite: false, ignoreIfExists: false } },
      { textDocument: { uri: targetUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${planComments(plan, place)}${policiesYaml(plan.policies, place)}` }] },
    ],
  };
});

connection.onRequest(SERVER_STATS_REQUEST, (): ServerStats => {
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, heapUsedHighWater: Math.max(scheduler.heapUsedHighWater, heapUsed), rss, maxRss: process.resourceUsage().maxRSS * 1024 };
});

connection.listen();

function isFileUri(uri: string): boolean {
  const filePath = uriToPath(uri);
  try {
    return filePath !== undefined && statSync(filePath).isFile();
  } catch {
    return false;
  }
}
