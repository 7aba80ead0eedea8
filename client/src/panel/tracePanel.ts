import * as vscode from 'vscode';
import { readWebviewMessage, WEBVIEW_PROTOCOL_VERSION, type FlowToAllow, type HostToWebview, type MatrixComparison, type TraceViewRequest, type WebviewToHost, type WorkspaceFolderRef } from '../../../media/src/protocol';
import { revealRange } from './revealRange';
import { webviewHtml } from './webviewHtml';

/** The model as the server sends it (kubetrace/snapshotInput); the webview builds the engine's snapshot from it. */
export type EngineInput = { cluster: string; clusters: string[]; objects: unknown[]; profile: unknown };

/** What the panel needs from the rest of the extension: where its files are, the model, and the allow-flow edit. */
export interface TracePanelHost {
  readonly extensionUri: vscode.Uri;
  fetchInput(): Promise<EngineInput>;
  allowFlow(flow: FlowToAllow): Promise<void>;
  /** The shown cluster compared with a git revision (kubetrace/compareConnectivity), or why it cannot be. */
  fetchComparison(revision: string): Promise<MatrixComparison | { error: string }>;
}

const BODY = `
<div role="tablist" aria-label="Kubetrace views">
  <button role="tab" id="tab-trace" aria-controls="panel-trace" aria-selected="true">Trace</button>
  <button role="tab" id="tab-matrix" aria-controls="panel-matrix" aria-selected="false">Connectivity matrix</button>
  <button role="tab" id="tab-topology" aria-controls="panel-topology" aria-selected="false">Topology</button>
  <span id="cluster" class="hint"></span>
</div>
<section id="panel-trace" role="tabpanel" aria-labelledby="tab-trace">
  <form id="trace-form">
    <label for="from">From</label><select id="from"></select>
    <label for="to">To</label><input id="to" list="destinations" placeholder="http://orders-api.shop-api/users, NAME:PORT or IP:PORT" autocomplete="off"><datalist id="destinations"></datalist>
    <label for="protocol">Protocol</label><select id="protocol"><option>TCP</option><option>UDP</option><option>SCTP</option></select>
    <div class="what-if">What if:
      <label>kube-proxy <select id="what-if-mode"><option value="">as the profile says</option><option>iptables</option><option>ipvs</option><option>nftables</option></select></label>
      <label>CNI <select id="what-if-cni"><option value="">as the profile says</option><option>calico</option><option>cilium</option><option>flannel</option><option>weave</option><option>aws-vpc-cni</option><option>kube-router</option></select></label>
      <label>externalTrafficPolicy <select id="what-if-etp"><option value="">as each Service says</option><option>Cluster</option><option>Local</option></select></label>
    </div>
    <div class="actions"><button type="submit" id="run">Trace</button><button type="button" id="copy" class="secondary">Copy as text</button></div>
  </form>
  <div id="trace-result" aria-live="polite"></div>
</section>
<section id="panel-matrix" role="tabpanel" aria-labelledby="tab-matrix" hidden>
  <div class="toolbar">
    <input id="matrix-filter" type="search" placeholder="Filter workloads" aria-label="Filter workloads">
    <label>Port <select id="matrix-port"><option value="">the ports each workload serves</option></select></label>
    <span class="matrix-export">
      <button type="button" id="matrix-save-csv" class="secondary">Export CSV…</button>
      <button type="button" id="matrix-save-json" class="secondary">Export JSON…</button>
      <button type="button" id="matrix-copy-csv" class="secondary">Copy as CSV</button>
    </span>
  </div>
  <div id="matrix-result"></div>
</section>
<section id="panel-topology" role="tabpanel" aria-labelledby="tab-topology" hidden>
  <div class="toolbar"><input id="topology-filter" type="search" placeholder="Filter by name or namespace" aria-label="Filter the topology"></div>
  <div id="topology-result"></div>
</section>`;

/** The open workspace folders, for the paths the view copies (relative to them, as VS Code shows paths). */
function workspaceFolders(): WorkspaceFolderRef[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ uri: folder.uri.toString(), name: folder.name }));
}

/** The matrix the view exported: to a file the user picks (in the first workspace folder by default), or to the clipboard. */
async function exportMatrix(format: 'csv' | 'json', action: 'save' | 'copy', text: string): Promise<void> {
  const kind = format.toUpperCase();
  if (action === 'copy') {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(`Kubetrace: the connectivity matrix (${kind}) is on the clipboard.`);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: `Export the connectivity matrix as ${kind}`,
    filters: { [kind]: [format] },
    ...(folder && { defaultUri: vscode.Uri.joinPath(folder, `connectivity-matrix.${format}`) }),
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`Kubetrace: the connectivity matrix is saved to ${vscode.workspace.asRelativePath(target)}.`);
}

/** Writes an exported topology where the user chooses in the save dialog (nothing is written if they cancel). */
async function saveSvg(text: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({ title: 'Export the topology as SVG', filters: { 'SVG image': ['svg'] }, ...(folder && { defaultUri: vscode.Uri.joinPath(folder, 'topology.svg') }) });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`Kubetrace: the topology is saved to ${vscode.workspace.asRelativePath(target)}.`);
}

/** The trace view: the webview runs the engine itself on the model the server sends, so exploring is instant. */
export class TracePanel {
  static readonly viewType = 'kubetrace.trace';
  private static current: TracePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private pending: TraceViewRequest | undefined;
  /** The revision the matrix is compared with, from the last request that asked for one. */
  private comparing: string | undefined;

  static show(host: TracePanelHost, request: TraceViewRequest): void {
    if (TracePanel.current) {
      TracePanel.current.panel.reveal();
      if (request.compareWith !== undefined) TracePanel.current.comparing = request.compareWith;
      void TracePanel.current.send({ type: 'show', version: WEBVIEW_PROTOCOL_VERSION, request });
      if (request.compareWith !== undefined) void TracePanel.current.sendComparison();
      return;
    }
    const panel = vscode.window.createWebviewPanel(TracePanel.viewType, 'Kubetrace: Trace', vscode.ViewColumn.Beside, TracePanel.options(host.extensionUri));
    TracePanel.current = new TracePanel(panel, host, request);
  }

  /** Brings back a panel VS Code restored after a reload (the webview keeps its own state). */
  static revive(panel: vscode.WebviewPanel, host: TracePanelHost): void {
    panel.webview.options = TracePanel.options(host.extensionUri);
    TracePanel.current = new TracePanel(panel, host, undefined);
  }

  /** The model changed (an edit, another cluster): the open view re-runs what it shows. */
  static refreshIfOpen(): void {
    void TracePanel.current?.sendInput();
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly host: TracePanelHost,
    request: TraceViewRequest | undefined,
  ) {
    this.pending = request;
    this.comparing = request?.compareWith;
    panel.webview.html = webviewHtml(panel.webview, host.extensionUri, { title: 'Kubetrace: Trace', script: 'traceView.js', styles: ['trace.css', 'topology.css'], body: BODY });
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(readWebviewMessage(raw)), undefined, this.disposables);
  }

  private async onMessage(message: WebviewToHost | undefined): Promise<void> {
    if (!message) return;
    if (message.type === 'ready') {
      await this.sendInput();
      if (this.pending) await this.send({ type: 'show', version: WEBVIEW_PROTOCOL_VERSION, request: this.pending });
      this.pending = undefined;
    }
    if (message.type === 'reveal') await revealRange(message.uri, message.range);
    if (message.type === 'allowFlow') await this.host.allowFlow({ from: message.from, to: message.to, protocol: message.protocol, port: message.port });
    if (message.type === 'selectCluster') await vscode.commands.executeCommand('kubetrace.selectCluster');
    if (message.type === 'saveSvg') await saveSvg(message.text);
    if (message.type === 'copy') {
      await vscode.env.clipboard.writeText(message.text);
      void vscode.window.showInformationMessage('Kubetrace: the trace is on the clipboard.');
    }
    if (message.type === 'exportMatrix') await exportMatrix(message.format, message.action, message.text);
  }

  /**
   * Sends the engine's input. While the language server restarts the request fails: the view keeps what it shows,
   * and the restarted server's first model change sends it again.
   */
  private async sendInput(): Promise<void> {
    const input = await this.host.fetchInput().catch(() => undefined);
    if (!input) return;
    // The server's objects are KubeObjects; the client passes them through without reading them.
    await this.send({ type: 'engineInput', version: WEBVIEW_PROTOCOL_VERSION, cluster: input.cluster, clusters: input.clusters, objects: input.objects as never, profile: input.profile as never, workspaceFolders: workspaceFolders() });
    await this.sendComparison();
  }

  /** The comparison with the revision asked for, again after every model change (the buffers are the other side). */
  private async sendComparison(): Promise<void> {
    if (this.comparing === undefined) return;
    const revision = this.comparing;
    const answer = await this.host.fetchComparison(revision).catch((error: unknown) => ({ error: String(error) }));
    if ('error' in answer) {
      this.comparing = undefined;
      void vscode.window.showWarningMessage(`Kubetrace: cannot compare with ${revision}: ${answer.error}`);
      await this.send({ type: 'comparison', version: WEBVIEW_PROTOCOL_VERSION, comparison: undefined });
      return;
    }
    await this.send({ type: 'comparison', version: WEBVIEW_PROTOCOL_VERSION, comparison: answer });
  }

  private send(message: HostToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    TracePanel.current = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
