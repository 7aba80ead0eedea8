import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ALLOW_FLOW_COMMAND, ALLOW_FLOW_REQUEST, COMPARE_CONNECTIVITY_REQUEST, REVISION_SCHEME, type ConnectivityComparisonReply, MODEL_CHANGED_NOTIFICATION, MODEL_SUMMARY_REQUEST, OPEN_LOCATION_COMMAND, SERVER_EXEC_ARGV, SNAPSHOT_INPUT_REQUEST, TRACE_CONNECTION_COMMAND, TRACE_TO_COMMAND, type AllowFlowParams, type ModelSummary, type ProtocolRange } from '../../server/src/protocol';
import { allowFlowParams, traceConnectionRequest } from './commandArguments';
import type { FlowToAllow, MatrixComparison } from '../../media/src/protocol';
import { TracePanel, type EngineInput, type TracePanelHost } from './panel/tracePanel';
import { ModelPanel } from './panel/modelPanel';
import { goToService } from './goToService';
import { execLineAtCursor, serviceAtCursor, workloadAtCursor } from './objectAtCursor';
import { clusterTerminalLinks, forgetClusterTerminal, openClusterTerminal } from './terminal/clusterTerminal';
import { generatePolicies, revisionDocuments, revisionToCompare } from './connectivityCommands';
import { revealRange } from './panel/revealRange';
import { showProfile } from './showProfile';
import { RENDERED_SCHEME, RenderedObjects } from './showRenderedObject';
import { ModelStatusItem } from './statusItem';
import { ServerRestarts } from './serverRestarts';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // The time from activation to the first diagnostics, logged once to the output channel (the e2e run reads it).
  const activatedAt = performance.now();
  let firstDiagnosticsLogged = false;
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const restarts = new ServerRestarts((message, severity) => void (severity === 'error' ? vscode.window.showErrorMessage(message) : vscode.window.showWarningMessage(message)));
  const clientOptions: LanguageClientOptions = {
    // A server that stops is restarted, a few times at most; the user is told once (ServerRestarts).
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue, handled: true }),
      closed: () => ({ action: restarts.afterStop() === 'restart' ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true }),
    },
    // The server keeps its warm-start cache in the extension's storage for this workspace.
    initializationOptions: { cacheDirectory: (context.storageUri ?? context.globalStorageUri).fsPath },
    // The Service hover's "Trace a request" is a command link: markdown from the server may run that command and no other.
    markdown: { isTrusted: { enabledCommands: [TRACE_TO_COMMAND] } },
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        if (!firstDiagnosticsLogged) {
          firstDiagnosticsLogged = true;
          languageClient.outputChannel.appendLine(`First diagnostics ${Math.round(performance.now() - activatedAt)} ms after activation (activated ${Math.round(activatedAt)} ms after the extension host started).`);
        }
        next(uri, diagnostics);
      },
    },
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json', pattern: '**/*.json' },
    ],
  };
  const languageClient = new LanguageClient('kubetrace', 'Kubetrace', serverOptions, clientOptions);
  client = languageClient;
  const fetchSummary = () => languageClient.sendRequest<ModelSummary>(MODEL_SUMMARY_REQUEST);
  // The cluster model shown when the workspace has several (applications, overlays, kubetrace.clusters): the one the
  // user picked, else the one holding the active editor's file.
  let selectedCluster: string | undefined;
  // The last file edited: focusing the trace view (a webview) leaves no active text editor, and must not switch clusters.
  const fileOf = (editor: vscode.TextEditor | undefined) => (editor?.document.uri.scheme === 'file' ? editor.document.uri.toString() : undefined);
  let lastFile = fileOf(vscode.window.activeTextEditor);
  const activeFile = () => lastFile;
  const shownCluster = () => (selectedCluster ? { cluster: selectedCluster } : activeFile() ? { uri: activeFile() } : {});
  const renderedObjects = new RenderedObjects();
  const status = new ModelStatusItem(fetchSummary, () => selectedCluster, activeFile);
  const panelHost: TracePanelHost = {
    extensionUri: context.extensionUri,
    fetchInput: () => languageClient.sendRequest<EngineInput>(SNAPSHOT_INPUT_REQUEST, shownCluster()),
    allowFlow: (flow) => proposeAllowFlow(languageClient, flow, selectedCluster),
    fetchComparison: async (revision) => {
      const reply = await languageClient.sendRequest<ConnectivityComparisonReply | { error: string }>(COMPARE_CONNECTIVITY_REQUEST, { revision, ...shownCluster() });
      if ('error' in reply) return reply;
      // The report's changes are schemas/diff.schema.json's: the webview checks nothing more than it draws.
      return { base: reply.base, summary: reply.summary, changes: (reply.report as { changes: MatrixComparison['changes'] }).changes };
    },
  };
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('kubetrace.showModel', () => ModelPanel.show(context.extensionUri, fetchSummary)),
    vscode.commands.registerCommand('kubetrace.restartServer', () => {
      restarts.reset();
      return languageClient.restart();
    }),
    vscode.commands.registerCommand('kubetrace.goToService', () => goToService(fetchSummary)),
    vscode.commands.registerCommand('kubetrace.openTraceView', () => TracePanel.show(panelHost, { tab: 'trace' })),
    vscode.commands.registerCommand('kubetrace.showMatrix', () => TracePanel.show(panelHost, { tab: 'matrix' })),
    vscode.commands.registerCommand('kubetrace.showTopology', () => TracePanel.show(panelHost, { tab: 'topology' })),
    vscode.commands.registerCommand('kubetrace.traceFromHere', async () => {
      const from = await workloadAtCursor(fetchSummary);
      TracePanel.show(panelHost, { tab: 'trace', ...(from && { from }) });
    }),
    // From the editor (the Service under the cursor) or from a CodeLens, which passes the destination.
    vscode.commands.registerCommand(TRACE_TO_COMMAND, async (target?: unknown) => {
      const to = typeof target === 'string' ? target : await serviceAtCursor(fetchSummary);
      TracePanel.show(panelHost, { tab: 'trace', ...(to && { to }) });
    }),
    // From a finding's code action: the trace view on the connection that fails.
    vscode.commands.registerCommand(TRACE_CONNECTION_COMMAND, (args: unknown) => {
      const request = traceConnectionRequest(args);
      if (request) TracePanel.show(panelHost, request);
    }),
    // From a finding's code action: the finding names its file's cluster model.
    vscode.commands.registerCommand(ALLOW_FLOW_COMMAND, async (args: unknown) => {
      const flow = allowFlowParams(args);
      if (flow) await proposeAllowFlow(languageClient, flow, flow.cluster ?? selectedCluster);
    }),
    vscode.commands.registerCommand('kubetrace.selectCluster', async () => {
      const [input, summary] = await Promise.all([panelHost.fetchInput(), fetchSummary()]);
      const items = summary.clusters.map((cluster) => ({
        label: cluster.name,
        description: `${cluster.objects.length} objects · ${cluster.fileCount} files`,
        ...(cluster.name === input.cluster && { detail: 'shown now' }),
      }));
      const picked = await vscode.window.showQuickPick(items, { placeHolder: `Cluster model to show (now ${input.cluster})`, matchOnDescription: true });
      if (!picked) return;
      selectedCluster = picked.label;
      status.refresh();
      TracePanel.refreshIfOpen();
    }),
    // Until the user picks one, the cluster shown follows the active editor.
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      const file = fileOf(editor);
      if (file === undefined || file === lastFile) return;
      lastFile = file;
      if (selectedCluster) return;
      status.refresh();
      TracePanel.refreshIfOpen();
    }),
    // From a code action of the server: the arguments are JSON, so they are checked before a file is opened.
    vscode.commands.registerCommand(OPEN_LOCATION_COMMAND, async (uri: unknown, range: unknown) => {
      if (typeof uri === 'string' && uri.startsWith('file:') && isProtocolRange(range)) await revealRange(uri, range);
    }),
    vscode.commands.registerCommand('kubetrace.showProfile', () => showProfile(panelHost.fetchInput)),
    vscode.commands.registerCommand('kubetrace.openClusterTerminal', () => openClusterTerminal(languageClient, activeFile())),
    vscode.commands.registerCommand('kubetrace.execInWorkload', async () => {
      const exec = await execLineAtCursor(fetchSummary);
      if ('reason' in exec) void vscode.window.showInformationMessage(`Kubetrace: ${exec.reason}`);
      else openClusterTerminal(languageClient, activeFile(), exec.line);
    }),
    vscode.window.registerTerminalLinkProvider(clusterTerminalLinks),
    vscode.commands.registerCommand('kubetrace.compareConnectivity', async (revision?: unknown) => {
      const compareWith = await revisionToCompare(revision);
      if (compareWith !== undefined) TracePanel.show(panelHost, { tab: 'matrix', compareWith });
    }),
    vscode.commands.registerCommand('kubetrace.generatePolicies', () => generatePolicies(languageClient)),
    vscode.workspace.registerTextDocumentContentProvider(REVISION_SCHEME, revisionDocuments(languageClient)),
    vscode.window.onDidCloseTerminal(forgetClusterTerminal),
    vscode.workspace.registerTextDocumentContentProvider(RENDERED_SCHEME, renderedObjects),
    vscode.commands.registerCommand('kubetrace.showRenderedObject', () => renderedObjects.show(languageClient)),
    vscode.window.registerWebviewPanelSerializer(TracePanel.viewType, {
      deserializeWebviewPanel: async (panel) => TracePanel.revive(panel, panelHost),
    }),
  );
  await languageClient.start();
  const onModelChanged = () => {
    status.refresh();
    ModelPanel.refreshIfOpen();
    TracePanel.refreshIfOpen();
    // "Select Cluster" is offered only when there is more than one cluster model to pick from.
    void fetchSummary().then((summary) => vscode.commands.executeCommand('setContext', 'kubetrace.severalClusters', summary.clusters.length > 1));
  };
  context.subscriptions.push(languageClient.onNotification(MODEL_CHANGED_NOTIFICATION, onModelChanged));
  onModelChanged();
}

function isProtocolRange(value: unknown): value is ProtocolRange {
  const position = (item: unknown) => typeof item === 'object' && item !== null && Number.isInteger((item as Record<string, unknown>)['line']) && Number.isInteger((item as Record<string, unknown>)['character']);
  return typeof value === 'object' && value !== null && position((value as Record<string, unknown>)['start']) && position((value as Record<string, unknown>)['end']);
}

/** Asks the server for the NetworkPolicy edit that admits the flow; VS Code shows it for preview before anything is written. */
async function proposeAllowFlow(languageClient: LanguageClient, flow: FlowToAllow | AllowFlowParams, cluster: string | undefined): Promise<void> {
  const answer = await languageClient.sendRequest<object>(ALLOW_FLOW_REQUEST, { ...flow, ...(cluster && { cluster }) });
  if ('error' in answer) {
    void vscode.window.showInformationMessage(`Kubetrace: ${String(answer.error)}`);
    return;
  }
  const edit = await languageClient.protocol2CodeConverter.asWorkspaceEdit(answer as never);
  if (edit) await vscode.workspace.applyEdit(edit, { isRefactoring: true });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
