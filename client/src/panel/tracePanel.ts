import * as vscode from 'vscode';
import { webviewHtml } from './webviewHtml';

/** Mirrors media/src/protocol.ts (the webview ring), which the client cannot import. */
const WEBVIEW_PROTOCOL_VERSION = 1;
type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
type WebviewMessage = { type: 'ready'; version: number } | { type: 'reveal'; uri: string; range: Range } | { type: 'copy'; text: string };
export interface TraceViewRequest {
  readonly tab: 'trace' | 'matrix';
  readonly from?: string;
  readonly to?: string;
}
export type EngineInput = { cluster: string; clusters: string[]; objects: unknown[]; profile: unknown };

const BODY = `
<div role="tablist" aria-label="Kubetrace views">
  <button role="tab" id="tab-trace" aria-controls="panel-trace" aria-selected="true">Trace</button>
  <button role="tab" id="tab-matrix" aria-controls="panel-matrix" aria-selected="false">Connectivity matrix</button>
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
    </div>
    <div class="actions"><button type="submit" id="run">Trace</button><button type="button" id="copy">Copy as text</button></div>
  </form>
  <div id="trace-result" aria-live="polite"></div>
</section>
<section id="panel-matrix" role="tabpanel" aria-labelledby="tab-matrix" hidden>
  <input id="matrix-filter" type="search" placeholder="Filter workloads" aria-label="Filter workloads">
  <div id="matrix-result"></div>
</section>`;

/** The trace view: the webview runs the engine itself on the model the server sends, so exploring is instant. */
export class TracePanel {
  static readonly viewType = 'kubetrace.trace';
  private static current: TracePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private pending: TraceViewRequest | undefined;

  static show(extensionUri: vscode.Uri, fetchInput: () => Promise<EngineInput>, request: TraceViewRequest): void {
    if (TracePanel.current) {
      TracePanel.current.panel.reveal();
      void TracePanel.current.send({ type: 'show', version: WEBVIEW_PROTOCOL_VERSION, request });
      return;
    }
    const panel = vscode.window.createWebviewPanel(TracePanel.viewType, 'Kubetrace: Trace', vscode.ViewColumn.Beside, TracePanel.options(extensionUri));
    TracePanel.current = new TracePanel(panel, extensionUri, fetchInput, request);
  }

  /** Brings back a panel VS Code restored after a reload (the webview keeps its own state). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, fetchInput: () => Promise<EngineInput>): void {
    panel.webview.options = TracePanel.options(extensionUri);
    TracePanel.current = new TracePanel(panel, extensionUri, fetchInput, undefined);
  }

  static refreshIfOpen(): void {
    void TracePanel.current?.sendInput();
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly fetchInput: () => Promise<EngineInput>,
    request: TraceViewRequest | undefined,
  ) {
    this.pending = request;
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: 'Kubetrace: Trace', script: 'traceView.js', style: 'trace.css', body: BODY });
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((message: WebviewMessage) => this.onMessage(message), undefined, this.disposables);
  }

  private async onMessage(message: WebviewMessage): Promise<void> {
    if (message.type === 'ready') {
      await this.sendInput();
      if (this.pending) await this.send({ type: 'show', version: WEBVIEW_PROTOCOL_VERSION, request: this.pending });
      this.pending = undefined;
    }
    if (message.type === 'reveal') {
      const { start, end } = message.range;
      await vscode.window.showTextDocument(vscode.Uri.parse(message.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character), viewColumn: vscode.ViewColumn.One });
    }
    if (message.type === 'copy') {
      await vscode.env.clipboard.writeText(message.text);
      void vscode.window.showInformationMessage('Kubetrace: the trace is on the clipboard.');
    }
  }

  private async sendInput(): Promise<void> {
    const input = await this.fetchInput();
    await this.send({ type: 'engineInput', version: WEBVIEW_PROTOCOL_VERSION, cluster: input.cluster, objects: input.objects, profile: input.profile });
  }

  private send(message: object): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    TracePanel.current = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
