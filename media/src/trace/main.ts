/** The trace view's page: state, form and tabs. Drawing lives in traceView, matrixView and topologyView. */
import { type ClusterProfile, type ClusterSnapshot, type CniPlugin, type ConnectivityMatrix, formatTraceText, type KubeObject, type KubeProxyMode, type MatrixPort, type Trace } from '../../../server/src/engine';
import { WEBVIEW_PROTOCOL_VERSION, type HostToWebview, type MatrixComparison, type TraceViewRequest, type TraceViewTab, type WebviewToHost, type WorkspaceFolderRef } from '../protocol';
import { cellChanges, changeEntries, revisionPath } from './matrixComparison';
import { afterPause, byId, element } from './dom';
import { dnsDeniedSources } from './matrixDns';
import { matrixExport, type MatrixExportFormat } from './matrixExport';
import { matrixEmptyMessage, matrixGrid, matrixLegend, matrixPorts, type MatrixGrid } from './matrixModel';
import { renderMatrixGrid } from './matrixView';
import { layoutTopology } from './topologyLayout';
import { filterTopology } from './topologyModel';
import { renderTopology } from './topologyView';
import { renderTrace } from './traceView';
import { workspacePath } from './workspacePaths';
import { deniedFlow, destinationSuggestions, EngineSession, MATRIX_WORKLOADS_AT_ONCE, sourceGroups, TOPOLOGY_BOXES_AT_ONCE, withServicePort, type WhatIf } from './viewModel';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void; getState(): unknown; setState(state: unknown): void };

/** Everything the view shows, kept by VS Code while the panel is hidden or the window reloads. */
interface ViewState {
  tab: TraceViewTab;
  from: string;
  to: string;
  protocol: string;
  whatIf: WhatIf;
  filter: string;
  matrixPort: string;
  topologyFilter: string;
}

const TABS: readonly TraceViewTab[] = ['trace', 'matrix', 'topology'];
const FILTER_PAUSE_MS = 250;
const vscode = acquireVsCodeApi();
const engine = new EngineSession();
const saved = vscode.getState() as Partial<ViewState> | undefined;
const state: ViewState = { tab: 'trace', from: '', to: '', protocol: 'TCP', whatIf: {}, filter: '', matrixPort: '', topologyFilter: '', ...saved };
let input: { objects: readonly KubeObject[]; profile: ClusterProfile; cluster: string; workspaceFolders: readonly WorkspaceFolderRef[] } | undefined;
let lastTrace: Trace | undefined;
let shownMatrix: { matrix: ConnectivityMatrix; grid: MatrixGrid } | undefined;
/** What the matrix is compared with (Compare Connectivity with HEAD or a Revision...), while the host keeps it. */
let comparison: MatrixComparison | undefined;

const fromSelect = byId<HTMLSelectElement>('from');
const toInput = byId<HTMLInputElement>('to');
const protocolSelect = byId<HTMLSelectElement>('protocol');
const modeSelect = byId<HTMLSelectElement>('what-if-mode');
const cniSelect = byId<HTMLSelectElement>('what-if-cni');
const etpSelect = byId<HTMLSelectElement>('what-if-etp');
const result = byId<HTMLElement>('trace-result');
const matrixRoot = byId<HTMLElement>('matrix-result');
const matrixFilter = byId<HTMLInputElement>('matrix-filter');
const matrixPortSelect = byId<HTMLSelectElement>('matrix-port');
const topologyRoot = byId<HTMLElement>('topology-result');
const topologyFilter = byId<HTMLInputElement>('topology-filter');

function save(): void {
  vscode.setState(state);
}

function currentSnapshot(): ClusterSnapshot | undefined {
  return input ? engine.snapshot(input.objects, input.profile, state.whatIf) : undefined;
}

function fillForm(snapshot: ClusterSnapshot): void {
  fromSelect.replaceChildren();
  for (const group of sourceGroups(snapshot)) {
    const optgroup = element('optgroup', { label: group.label });
    for (const option of group.options) optgroup.append(element('option', { value: option.value }, option.label));
    fromSelect.append(optgroup);
  }
  if (state.from) fromSelect.value = state.from;
  if (!fromSelect.value && fromSelect.options.length > 0) fromSelect.selectedIndex = 0;
  byId<HTMLDataListElement>('destinations').replaceChildren(...destinationSuggestions(snapshot).map((value) => element('option', { value })));
  toInput.value = state.to;
  protocolSelect.value = state.protocol;
  modeSelect.value = state.whatIf.kubeProxyMode ?? '';
  cniSelect.value = state.whatIf.cni ?? '';
  etpSelect.value = state.whatIf.externalTrafficPolicy ?? '';
}

function runTrace(): void {
  const snapshot = currentSnapshot();
  result.replaceChildren();
  lastTrace = undefined;
  if (!snapshot) return;
  if (!state.from || !state.to) {
    result.append(element('p', { class: 'hint' }, 'Pick a source and type a destination (a URL, NAME:PORT or IP:PORT) to trace a request.'));
    return;
  }
  const trace = engine.trace(snapshot, state.from, state.to, state.protocol);
  if ('error' in trace) {
    result.append(element('p', { class: 'banner banner-bad', role: 'status', id: 'verdict' }, `Cannot trace: ${trace.error}`));
    return;
  }
  lastTrace = trace;
  renderTrace(result, trace, deniedFlow(trace, snapshot), {
    reveal: (uri, range) => vscode.postMessage({ type: 'reveal', uri, range }),
    allowFlow: (flow) => vscode.postMessage({ type: 'allowFlow', ...flow }),
  });
}

/** `TCP/5432` as the engine's port, or undefined for "the ports each workload serves". */
function readMatrixPort(text: string): MatrixPort | undefined {
  const match = /^(TCP|UDP|SCTP)\/(\d+)$/.exec(text);
  return match ? { protocol: match[1] as MatrixPort['protocol'], port: Number(match[2]) } : undefined;
}

const exportButtons = ['matrix-save-csv', 'matrix-save-json', 'matrix-copy-csv'].map((id) => byId<HTMLButtonElement>(id));

function setExportEnabled(enabled: boolean): void {
  for (const button of exportButtons) button.disabled = !enabled;
}

/** Sends the matrix on screen (its filter, port and DNS marks) to the host, which saves or copies it. */
function exportMatrix(format: MatrixExportFormat, action: 'save' | 'copy'): void {
  if (!shownMatrix || !input) return;
  const text = matrixExport(format, shownMatrix.matrix, shownMatrix.grid, { cluster: input.cluster, port: matrixPortSelect.value, filter: state.filter });
  vscode.postMessage({ type: 'exportMatrix', format, action, text });
}

function renderMatrix(): void {
  const snapshot = currentSnapshot();
  matrixRoot.replaceChildren();
  shownMatrix = undefined;
  setExportEnabled(false);
  if (!snapshot) return;
  const workloads = engine.workloadCount(snapshot, state.filter);
  if (workloads > MATRIX_WORKLOADS_AT_ONCE) {
    const matching = state.filter.trim() ? ` match "${state.filter.trim()}"` : ' are in the model';
    matrixRoot.append(element('p', { class: 'hint', role: 'status' }, `${workloads} workloads${matching}: a matrix of more than ${MATRIX_WORKLOADS_AT_ONCE} at once would have ${(workloads * workloads).toLocaleString('en')} cells. Type part of a namespace or a name to see that part; \`kubetrace matrix\` on the command line computes the whole.`));
    return;
  }
  const ports = matrixPorts(engine.matrix(snapshot, undefined, state.filter));
  matrixPortSelect.replaceChildren(element('option', { value: '' }, 'the ports each workload serves'), ...ports.map((port) => element('option', { value: port }, port)));
  matrixPortSelect.value = ports.includes(state.matrixPort) ? state.matrixPort : '';
  const matrix = engine.matrix(snapshot, readMatrixPort(matrixPortSelect.value), state.filter);
  const grid = matrixGrid(matrix, state.filter, dnsDeniedSources(snapshot, matrix.parties));
  const empty = matrixEmptyMessage(grid, state.filter);
  if (empty) {
    matrixRoot.append(element('p', { class: 'hint', role: 'status' }, empty));
    return;
  }
  shownMatrix = { matrix, grid };
  setExportEnabled(true);
  matrixRoot.append(element('p', { class: 'hint' }, matrixLegend(matrix, grid)));
  if (comparison) matrixRoot.append(element('p', { class: 'banner', role: 'status', id: 'comparison' }, `Compared with ${comparison.base}: ${comparison.summary}. Cells marked ▲ opened, ▼ closed, ~ changed.`));
  renderMatrixGrid(matrixRoot, grid, (source, destination, cells) => {
    // The trace of a cell: the first port that is not denied (else the first), through the Service a meshed client was taken to use, else to a pod of the destination.
    const cell = cells.find((candidate) => candidate.verdict !== 'denied') ?? cells[0]!;
    const target = snapshot.pods.find((pod) => `${pod.workload.namespace}/${pod.workload.name}` === destination.name && pod.ips.length > 0);
    const address = destination.kind === 'external' ? destination.ip : target?.ips[0];
    show({ tab: 'trace', from: source.kind === 'external' ? `external:${source.ip}` : source.name, to: cell.through ?? `${address ?? destination.name}:${cell.port}` }, cell.protocol);
  }, comparison && cellChanges(comparison));
  if (comparison) {
    const list = element('ul', { class: 'changes', 'aria-label': `connection changes against ${comparison.base}` });
    const entries = changeEntries(comparison);
    if (entries.length === 0) list.append(element('li', {}, 'No connection changes.'));
    for (const entry of entries) {
      const item = element('li', {}, entry.text);
      // Each side's deciding line opens that version: the revision's as committed, the workspace's as it is now.
      for (const line of entry.lines) {
        const link = element('button', { type: 'button', class: 'link', title: `Open ${line.label} (${line.side === 'before' ? comparison.base : 'now'})` }, `${line.side === 'before' ? 'before' : 'now'}: ${revisionPath(line.uri) !== undefined ? `${comparison.base.split(' ')[0]}:${revisionPath(line.uri)}` : workspacePath(line.uri, input?.workspaceFolders ?? [])}:${line.range.start.line + 1}`);
        link.addEventListener('click', () => vscode.postMessage({ type: 'reveal', uri: line.uri, range: line.range }));
        item.append(' ', link);
      }
      list.append(item);
    }
    matrixRoot.append(list);
  }
}

function renderTopologyTab(): void {
  const snapshot = currentSnapshot();
  topologyRoot.replaceChildren();
  if (!snapshot) return;
  const topology = filterTopology(engine.topology(snapshot), state.topologyFilter);
  if (topology.nodes.length === 0) {
    topologyRoot.append(element('p', { class: 'hint' }, state.topologyFilter ? `Nothing matches "${state.topologyFilter}".` : 'The model has no Ingress, Gateway, Service or workload yet.'));
    return;
  }
  if (topology.nodes.length > TOPOLOGY_BOXES_AT_ONCE) {
    const matching = state.topologyFilter.trim() ? ` for "${state.topologyFilter.trim()}"` : '';
    topologyRoot.append(element('p', { class: 'hint', role: 'status' }, `${topology.nodes.length.toLocaleString('en')} boxes${matching}: more than ${TOPOLOGY_BOXES_AT_ONCE} at once is no picture anyone can read. Type part of a namespace or a name to see that part and what it connects to.`));
    return;
  }
  topologyRoot.append(element('p', { class: 'hint' }, 'Entry points → Services → workloads. Badges say which NetworkPolicies isolate a workload. Click or press Enter on a box to open its YAML; arrow keys move. Drag or arrow keys on the picture pan, ctrl+wheel or + and − zoom.'));
  renderTopology(topologyRoot, layoutTopology(topology), {
    open: (ref) => vscode.postMessage({ type: 'reveal', uri: ref.uri, range: ref.range }),
    exportSvg: (text) => vscode.postMessage({ type: 'saveSvg', text }),
  });
}

function showTab(): void {
  for (const tab of TABS) {
    byId(`tab-${tab}`).setAttribute('aria-selected', String(state.tab === tab));
    byId(`tab-${tab}`).tabIndex = state.tab === tab ? 0 : -1;
    byId(`panel-${tab}`).hidden = state.tab !== tab;
  }
}

/** Draws the open tab again from the current model and state. */
function refresh(): void {
  const snapshot = currentSnapshot();
  if (!snapshot) return;
  fillForm(snapshot);
  if (state.tab === 'trace') runTrace();
  if (state.tab === 'matrix') renderMatrix();
  if (state.tab === 'topology') renderTopologyTab();
}

function show(request: TraceViewRequest, protocol?: string): void {
  state.tab = request.tab;
  if (request.from) state.from = request.from;
  const snapshot = currentSnapshot();
  if (request.to) state.to = snapshot ? withServicePort(snapshot, request.to) : request.to;
  if (protocol) state.protocol = protocol;
  save();
  showTab();
  refresh();
}

function setWhatIf(change: Partial<WhatIf>): void {
  // An empty choice means "as the profile says": the key is dropped, not set to an empty value.
  const merged: Record<string, unknown> = { ...state.whatIf, ...change };
  state.whatIf = Object.fromEntries(Object.entries(merged).filter(([, value]) => value)) as WhatIf;
  save();
  refresh();
}

fromSelect.addEventListener('change', () => ((state.from = fromSelect.value), save(), runTrace()));
toInput.addEventListener('change', () => ((state.to = toInput.value.trim()), save(), runTrace()));
protocolSelect.addEventListener('change', () => ((state.protocol = protocolSelect.value), save(), runTrace()));
byId('trace-form').addEventListener('submit', (event) => {
  event.preventDefault();
  state.from = fromSelect.value;
  state.to = toInput.value.trim();
  save();
  runTrace();
});
modeSelect.addEventListener('change', () => setWhatIf({ kubeProxyMode: (modeSelect.value || undefined) as KubeProxyMode | undefined }));
cniSelect.addEventListener('change', () => setWhatIf({ cni: (cniSelect.value || undefined) as CniPlugin | undefined }));
etpSelect.addEventListener('change', () => setWhatIf({ externalTrafficPolicy: (etpSelect.value || undefined) as WhatIf['externalTrafficPolicy'] }));
// The matrix and topology are computed for what the filter keeps: wait for a pause in typing to compute them again.
const renderMatrixSoon = afterPause(renderMatrix, FILTER_PAUSE_MS);
matrixFilter.addEventListener('input', () => ((state.filter = matrixFilter.value), save(), renderMatrixSoon()));
matrixPortSelect.addEventListener('change', () => ((state.matrixPort = matrixPortSelect.value), save(), renderMatrix()));
const renderTopologySoon = afterPause(renderTopologyTab, FILTER_PAUSE_MS);
topologyFilter.addEventListener('input', () => ((state.topologyFilter = topologyFilter.value), save(), renderTopologySoon()));
byId('matrix-save-csv').addEventListener('click', () => exportMatrix('csv', 'save'));
byId('matrix-save-json').addEventListener('click', () => exportMatrix('json', 'save'));
byId('matrix-copy-csv').addEventListener('click', () => exportMatrix('csv', 'copy'));
byId('copy').addEventListener('click', () => {
  const folders = input?.workspaceFolders ?? [];
  if (lastTrace) vscode.postMessage({ type: 'copy', text: formatTraceText(lastTrace, true, (uri) => workspacePath(uri, folders)) });
});
for (const [index, tab] of TABS.entries()) {
  const button = byId(`tab-${tab}`);
  button.addEventListener('click', () => ((state.tab = tab), save(), showTab(), refresh()));
  // Left and Right move between tabs, as the ARIA tabs pattern asks.
  button.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = TABS[(index + step + TABS.length) % TABS.length]!;
    state.tab = next;
    save();
    showTab();
    refresh();
    byId(`tab-${next}`).focus();
  });
}

/** Names the cluster shown; with several, a button lets the user pick another (the host asks with a quick pick). */
function showCluster(name: string, clusters: readonly string[], objectCount: number): void {
  const label = byId('cluster');
  label.replaceChildren(`cluster ${name}: ${objectCount} objects`);
  if (clusters.length < 2) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'switch-cluster';
  button.textContent = `Switch cluster (${clusters.length})…`;
  button.addEventListener('click', () => vscode.postMessage({ type: 'selectCluster' }));
  label.append(' ', button);
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (!message || message.version !== WEBVIEW_PROTOCOL_VERSION) return;
  if (message.type === 'engineInput') {
    input = { objects: message.objects, profile: message.profile, cluster: message.cluster, workspaceFolders: message.workspaceFolders };
    showCluster(message.cluster, message.clusters, message.objects.length);
    refresh();
  }
  if (message.type === 'show') show(message.request);
  if (message.type === 'comparison') {
    comparison = message.comparison;
    if (state.tab === 'matrix') renderMatrix();
  }
});

matrixFilter.value = state.filter;
topologyFilter.value = state.topologyFilter;
showTab();
vscode.postMessage({ type: 'ready', version: WEBVIEW_PROTOCOL_VERSION });
