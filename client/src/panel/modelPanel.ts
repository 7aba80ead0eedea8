import * as vscode from 'vscode';
import type { ModelSummary } from '../../../server/src/protocol';
import { readWebviewMessage, WEBVIEW_PROTOCOL_VERSION, type HostToWebview, type WebviewToHost } from '../../../media/src/protocol';
import { revealRange } from './revealRange';
import { webviewHtml } from './webviewHtml';

/** The "Cluster Model" panel: every object the server read, by cluster and namespace, each linked to its YAML. */
export class ModelPanel {
  private static current: ModelPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, fetchSummary: () => Promise<ModelSummary>): ModelPanel {
    if (ModelPanel.current) {
      ModelPanel.current.panel.reveal();
      void ModelPanel.current.refresh();
      return ModelPanel.current;
    }
    const panel = vscode.window.createWebviewPanel('kubetrace.model', 'Kubetrace: Cluster Model', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    ModelPanel.current = new ModelPanel(panel, extensionUri, fetchSummary);
    return ModelPanel.current;
  }

  static refreshIfOpen(): void {
    void ModelPanel.current?.refresh();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly fetchSummary: () => Promise<ModelSummary>,
  ) {
    panel.webview.html = renderHtml(panel.webview, extensionUri);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(readWebviewMessage(raw)), undefined, this.disposables);
  }

  private async onMessage(message: WebviewToHost | undefined): Promise<void> {
    if (message?.type === 'ready') await this.refresh();
    if (message?.type === 'reveal') await revealRange(message.uri, message.range);
  }

  /** While the language server restarts the request fails: the view keeps what it shows until the next model change. */
  private async refresh(): Promise<void> {
    const summary = await this.fetchSummary().catch(() => undefined);
    if (!summary) return;
    const message: HostToWebview = { type: 'model', version: WEBVIEW_PROTOCOL_VERSION, summary };
    await this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    ModelPanel.current = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewHtml(webview, extensionUri, {
    title: 'Kubetrace: Cluster Model',
    script: 'webview.js',
    styles: ['model.css'],
    body: '<header><input id="filter" type="search" placeholder="Filter by kind, namespace or name" aria-label="Filter objects"></header>\n<main id="root" aria-live="polite"></main>',
  });
}
