import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { MODEL_CHANGED_NOTIFICATION, MODEL_SUMMARY_REQUEST, SNAPSHOT_INPUT_REQUEST, type ModelSummary } from '../../server/src/protocol';
import { TracePanel, type EngineInput } from './panel/tracePanel';
import { ModelPanel } from './panel/modelPanel';
import { goToService } from './goToService';
import { ModelStatusItem } from './statusItem';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json', pattern: '**/*.json' },
    ],
  };
  const languageClient = new LanguageClient('kubetrace', 'Kubetrace', serverOptions, clientOptions);
  client = languageClient;
  const fetchSummary = () => languageClient.sendRequest<ModelSummary>(MODEL_SUMMARY_REQUEST);
  const status = new ModelStatusItem(fetchSummary);
  const fetchInput = () => languageClient.sendRequest<EngineInput>(SNAPSHOT_INPUT_REQUEST, {});
  const workloadAtCursor = async (): Promise<string | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const summary = await fetchSummary();
    const uri = editor.document.uri.toString();
    const line = editor.selection.active.line;
    const objects = summary.clusters.flatMap((cluster) => cluster.objects).filter((object) => object.uri === uri && object.range.start.line <= line + 3);
    const object = objects.sort((a, b) => b.range.start.line - a.range.start.line)[0];
    return object && object.namespace ? `${object.namespace}/${object.name}` : undefined;
  };
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('kubetrace.showModel', () => ModelPanel.show(context.extensionUri, fetchSummary)),
    vscode.commands.registerCommand('kubetrace.restartServer', () => languageClient.restart()),
    vscode.commands.registerCommand('kubetrace.goToService', () => goToService(fetchSummary)),
    vscode.commands.registerCommand('kubetrace.openTraceView', () => TracePanel.show(context.extensionUri, fetchInput, { tab: 'trace' })),
    vscode.commands.registerCommand('kubetrace.showMatrix', () => TracePanel.show(context.extensionUri, fetchInput, { tab: 'matrix' })),
    vscode.commands.registerCommand('kubetrace.traceFromHere', async () => {
      const from = await workloadAtCursor();
      TracePanel.show(context.extensionUri, fetchInput, { tab: 'trace', ...(from && { from }) });
    }),
    vscode.window.registerWebviewPanelSerializer(TracePanel.viewType, {
      deserializeWebviewPanel: async (panel) => TracePanel.revive(panel, context.extensionUri, fetchInput),
    }),
  );
  await languageClient.start();
  context.subscriptions.push(
    languageClient.onNotification(MODEL_CHANGED_NOTIFICATION, () => {
      status.refresh();
      ModelPanel.refreshIfOpen();
      TracePanel.refreshIfOpen();
    }),
  );
  status.refresh();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
