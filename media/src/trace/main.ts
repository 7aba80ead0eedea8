import type { KubeObject } from '../../../server/src/engine/objects';
import type { ClusterProfile, CniPlugin, KubeProxyMode } from '../../../server/src/engine/profile';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { formatTraceText } from '../../../server/src/engine/trace/formatText';
import type { Trace, TraceHop } from '../../../server/src/engine/trace/types';
import { WEBVIEW_PROTOCOL_VERSION, type HostToWebview, type TraceViewRequest, type WebviewToHost } from '../protocol';
import { applyWhatIf, destinationSuggestions, EngineSession, sourceGroups, verdictBanner, type WhatIf } from './viewModel';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void; getState(): unknown; setState(state: unknown): void };

interface ViewState {
  tab: 'trace' | 'matrix';
  from: string;
  to: string;
  protocol: string;
  whatIf: WhatIf;
  filter: string;
}

const vscode = acquireVsCodeApi();
const engine = new EngineSession();
const saved = vscode.getState() as Partial<ViewState> | undefined;
const state: ViewState = { tab: 'trace', from: '', to: '', protocol: 'TCP', whatIf: {}, filter: '', ...saved };
let input: { objects: readonly KubeObject[]; profile: ClusterProfile; cluster: string } | undefined;

/** Creates an element whose text is set as text: manifest strings never become HTML. */
function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const fromSelect = byId<HTMLSelectElement>('from');
const toInput = byId<HTMLInputElement>('to');
const protocolSelect = byId<HTMLSelectElement>('protocol');
const modeSelect = byId<HTMLSelectElement>('what-if-mode');
const cniSelect = byId<HTMLSelectElement>('what-if-cni');
const result = byId<HTMLElement>('trace-result');
const matrixRoot = byId<HTMLElement>('matrix-result');
const filterInput = byId<HTMLInputElement>('matrix-filter');

function save(): void {
  vscode.setState(state);
}

function currentSnapshot(): ClusterSnapshot | undefined {
  return input ? engine.snapshot(input.objects, applyWhatIf(input.profile, state.whatIf)) : undefined;
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
  const list = byId<HTMLDataListElement>('destinations');
  list.replaceChildren(...destinationSuggestions(snapshot).map((value) => element('option', { value })));
  toInput.value = state.to;
  protocolSelect.value = state.protocol;
  modeSelect.value = state.whatIf.kubeProxyMode ?? '';
  cniSelect.value = state.whatIf.cni ?? '';
}

function revealButton(ref: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; label: string }): HTMLElement {
  const button = element('button', { class: 'link', type: 'button', title: 'Open the YAML that decided this' }, `${ref.label} (line ${ref.range.start.line + 1})`);
  button.addEventListener('click', () => vscode.postMessage({ type: 'reveal', uri: ref.uri, range: ref.range }));
  return button;
}

function renderHop(hop: TraceHop, index: number): HTMLElement {
  const item = element('li', { class: `hop hop-${hop.component}` });
  const header = element('div', { class: 'hop-header' });
  header.append(element('span', { class: 'hop-index' }, String(index + 1)), element('span', { class: 'hop-component' }, hop.component), element('span', { class: 'hop-title' }, hop.title));
  if (hop.node) header.append(element('span', { class: 'hop-node' }, `on ${hop.node}`));
  item.append(header, element('p', { class: 'hop-decision' }, hop.decision));
  if (hop.before) {
    const packet = (p: NonNullable<TraceHop['before']>) => `${p.protocol} ${p.src}:${p.srcPort} → ${p.dst}:${p.dstPort}`;
    item.append(element('p', { class: 'packet' }, hop.after ? `${packet(hop.before)}  ⇒  ${packet(hop.after)}` : packet(hop.before)));
  }
  if (hop.details && hop.details.length > 0) {
    const details = element('ul', { class: 'details' });
    for (const detail of hop.details) details.append(element('li', {}, detail));
    item.append(details);
  }
  if (hop.alternatives && hop.alternatives.length > 0) {
    const table = element('table', { class: 'alternatives' });
    const head = element('tr');
    for (const title of ['', 'endpoint', 'pod', 'node', 'chance']) head.append(element('th', { scope: 'col' }, title));
    table.append(head);
    for (const choice of hop.alternatives) {
      const row = element('tr', choice.chosen ? { class: 'chosen' } : {});
      row.append(element('td', {}, choice.chosen ? 'taken' : ''), element('td', {}, choice.address), element('td', {}, choice.pod ?? ''), element('td', {}, choice.node ?? ''), element('td', {}, `${Math.round(choice.probability * 1000) / 10}%`));
      table.append(row);
    }
    item.append(table);
  }
  if (hop.refs.length > 0) {
    const refs = element('div', { class: 'refs' });
    for (const ref of hop.refs) refs.append(revealButton(ref));
    item.append(refs);
  }
  if (hop.rules) {
    const rules = element('details', { class: 'rules' });
    rules.append(element('summary', {}, 'Rules behind this decision'), element('pre', {}, hop.rules));
    item.append(rules);
  }
  return item;
}

let lastTrace: Trace | undefined;

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
    result.append(element('p', { class: 'banner banner-bad', role: 'status' }, `Cannot trace: ${trace.error}`));
    return;
  }
  lastTrace = trace;
  const banner = verdictBanner(trace);
  result.append(element('p', { class: `banner banner-${banner.tone}`, role: 'status', id: 'verdict' }, `${banner.label}: ${trace.verdict.summary}`));
  const list = element('ol', { class: 'hops', 'aria-label': 'hops of the request' });
  trace.hops.forEach((hop, index) => list.append(renderHop(hop, index)));
  result.append(list);
  for (const note of new Set(trace.notes)) result.append(element('p', { class: 'note' }, `Note: ${note}`));
}

function renderMatrix(): void {
  const snapshot = currentSnapshot();
  matrixRoot.replaceChildren();
  if (!snapshot) return;
  const matrix = engine.matrix(snapshot);
  const query = state.filter.trim().toLowerCase();
  const destinations = matrix.parties.filter((party) => party.kind === 'workload' && (!query || party.name.includes(query)));
  const sources = matrix.parties.filter((party) => !query || party.name.includes(query));
  const table = element('table', { class: 'matrix', role: 'grid', 'aria-label': 'who may connect to whom' });
  const head = element('tr');
  head.append(element('th', { scope: 'col' }, 'from \\ to'));
  for (const destination of destinations) head.append(element('th', { scope: 'col' }, destination.name));
  table.append(head);
  for (const source of sources) {
    const row = element('tr');
    row.append(element('th', { scope: 'row' }, source.name));
    for (const destination of destinations) {
      const cells = matrix.cells.filter((cell) => cell.from === source.name && cell.to === destination.name);
      if (source.name === destination.name || cells.length === 0) {
        row.append(element('td', { class: 'cell-none' }, '·'));
        continue;
      }
      const allowed = cells.filter((cell) => cell.verdict === 'allowed').length;
      const verdict = allowed === cells.length ? 'allowed' : allowed === 0 && cells.every((cell) => cell.verdict === 'denied') ? 'denied' : 'depends';
      const label = `${verdict === 'allowed' ? '✓ allowed' : verdict === 'denied' ? '✗ denied' : '~ depends'} (${cells.map((cell) => `${cell.protocol}/${cell.port} ${cell.verdict}`).join(', ')})`;
      const cell = element('td', { class: `cell cell-${verdict}`, tabindex: '0', title: label, 'aria-label': `${source.name} to ${destination.name}: ${label}` }, verdict === 'allowed' ? '✓' : verdict === 'denied' ? '✗' : '~');
      const open = () => {
        const first = cells.find((candidate) => candidate.verdict !== 'denied') ?? cells[0]!;
        const target = snapshot.pods.find((pod) => `${pod.workload.namespace}/${pod.workload.name}` === destination.name && pod.ips.length > 0);
        state.tab = 'trace';
        state.from = source.kind === 'external' ? `external:${source.ip}` : source.name;
        state.to = target ? `${target.ips[0]}:${first.port}` : destination.name;
        state.protocol = first.protocol;
        showTab();
        fillForm(snapshot);
        runTrace();
        save();
      };
      cell.addEventListener('click', open);
      cell.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') open();
      });
      row.append(cell);
    }
    table.append(row);
  }
  matrixRoot.append(element('p', { class: 'hint' }, `${matrix.classes} policy classes evaluated${matrix.enforced ? '' : '; the profile\'s CNI does not enforce NetworkPolicy'}. ✓ every port allowed, ✗ every port denied, ~ some. Click a cell to trace it.`), table);
}

function showTab(): void {
  for (const tab of ['trace', 'matrix'] as const) {
    byId(`tab-${tab}`).setAttribute('aria-selected', String(state.tab === tab));
    byId(`panel-${tab}`).hidden = state.tab !== tab;
  }
  if (state.tab === 'matrix') renderMatrix();
}

function refresh(): void {
  const snapshot = currentSnapshot();
  if (!snapshot) return;
  fillForm(snapshot);
  if (state.tab === 'trace') runTrace();
  else renderMatrix();
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
modeSelect.addEventListener('change', () => {
  state.whatIf = { ...state.whatIf, ...(modeSelect.value ? { kubeProxyMode: modeSelect.value as KubeProxyMode } : { kubeProxyMode: undefined }) };
  save();
  refresh();
});
cniSelect.addEventListener('change', () => {
  state.whatIf = { ...state.whatIf, ...(cniSelect.value ? { cni: cniSelect.value as CniPlugin } : { cni: undefined }) };
  save();
  refresh();
});
filterInput.addEventListener('input', () => ((state.filter = filterInput.value), save(), renderMatrix()));
byId('copy').addEventListener('click', () => {
  if (lastTrace) vscode.postMessage({ type: 'copy', text: formatTraceText(lastTrace, true, (uri) => decodeURIComponent(uri.replace(/^file:\/\//, ''))) });
});
for (const tab of ['trace', 'matrix'] as const) {
  byId(`tab-${tab}`).addEventListener('click', () => ((state.tab = tab), save(), showTab(), refresh()));
}

function show(request: TraceViewRequest): void {
  state.tab = request.tab;
  if (request.from) state.from = request.from;
  if (request.to) state.to = request.to;
  save();
  showTab();
  refresh();
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (!message || message.version !== WEBVIEW_PROTOCOL_VERSION) return;
  if (message.type === 'engineInput') {
    input = { objects: message.objects, profile: message.profile, cluster: message.cluster };
    byId('cluster').textContent = `cluster ${message.cluster}: ${message.objects.length} objects`;
    refresh();
  }
  if (message.type === 'show') show(message.request);
});

filterInput.value = state.filter;
showTab();
vscode.postMessage({ type: 'ready', version: WEBVIEW_PROTOCOL_VERSION });
