import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { MODEL_CHANGED_NOTIFICATION, MODEL_SUMMARY_REQUEST, type ModelSummary } from '../../server/src/protocol';
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
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('kubetrace.showModel', () => ModelPanel.show(context.extensionUri, fetchSummary)),
    vscode.commands.registerCommand('kubetrace.restartServer', () => languageClient.restart()),
    vscode.commands.registerCommand('kubetrace.goToService', () => goToService(fetchSummary)),
  );
  await languageClient.start();
  context.subscriptions.push(
    languageClient.onNotification(MODEL_CHANGED_NOTIFICATION, () => {
      status.refresh();
      ModelPanel.refreshIfOpen();
    }),
  );
  status.refresh();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
