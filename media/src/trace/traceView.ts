/** Draws one trace: the verdict banner, "allow this flow" for a denial, and the hops as a vertical path. */
import type { ProtocolRange } from '../../../server/src/protocol';
import type { Trace, TraceHop } from '../../../server/src/engine';
import type { FlowToAllow } from '../protocol';
import { element } from './dom';
import { verdictBanner, verdictText } from './viewModel';

export interface TraceActions {
  reveal(uri: string, range: ProtocolRange): void;
  allowFlow(flow: FlowToAllow): void;
}

export function renderTrace(root: HTMLElement, trace: Trace, flowToAllow: FlowToAllow | undefined, actions: TraceActions): void {
  const banner = verdictBanner(trace);
  root.append(element('p', { class: `banner banner-${banner.tone}`, role: 'status', id: 'verdict' }, verdictText(trace)));
  if (flowToAllow) {
    const button = element('button', { type: 'button', id: 'allow-flow', title: 'Propose the NetworkPolicy that admits exactly this connection, for preview' }, 'Allow this flow…');
    button.addEventListener('click', () => actions.allowFlow(flowToAllow));
    root.append(button);
  }
  const list = element('ol', { class: 'hops', 'aria-label': 'hops of the request' });
  trace.hops.forEach((hop, index) => list.append(renderHop(hop, index, actions)));
  root.append(list);
  for (const note of new Set(trace.notes)) root.append(element('p', { class: 'note' }, `Note: ${note}`));
}

function revealButton(ref: { uri: string; range: ProtocolRange; label: string }, actions: TraceActions): HTMLElement {
  const button = element('button', { class: 'link', type: 'button', title: 'Open the YAML that decided this' }, `${ref.label} (line ${ref.range.start.line + 1})`);
  button.addEventListener('click', () => actions.reveal(ref.uri, ref.range));
  return button;
}

function packetText(packet: NonNullable<TraceHop['before']>): string {
  return `${packet.protocol} ${packet.src}:${packet.srcPort} → ${packet.dst}:${packet.dstPort}`;
}

function renderHop(hop: TraceHop, index: number, actions: TraceActions): HTMLElement {
  const item = element('li', { class: `hop hop-${hop.component}` });
  const header = element('div', { class: 'hop-header' });
  header.append(element('span', { class: 'hop-index' }, String(index + 1)), element('span', { class: 'hop-component' }, hop.component), element('span', { class: 'hop-title' }, hop.title));
  if (hop.node) header.append(element('span', { class: 'hop-node' }, `on ${hop.node}`));
  item.append(header, element('p', { class: 'hop-decision' }, hop.decision));
  if (hop.before) item.append(element('p', { class: 'packet' }, hop.after ? `${packetText(hop.before)}  ⇒  ${packetText(hop.after)}` : packetText(hop.before)));
  if (hop.details && hop.details.length > 0) {
    const details = element('ul', { class: 'details' });
    for (const detail of hop.details) details.append(element('li', {}, detail));
    item.append(details);
  }
  if (hop.alternatives && hop.alternatives.length > 0) item.append(alternativesTable(hop.alternatives));
  if (hop.refs.length > 0) {
    const refs = element('div', { class: 'refs' });
    for (const ref of hop.refs) refs.append(revealButton(ref, actions));
    item.append(refs);
  }
  if (hop.rules) {
    const rules = element('details', { class: 'rules' });
    rules.append(element('summary', {}, 'Rules behind this decision'), element('pre', {}, hop.rules));
    item.append(rules);
  }
  return item;
}

function alternativesTable(alternatives: NonNullable<TraceHop['alternatives']>): HTMLElement {
  const table = element('table', { class: 'alternatives', 'aria-label': 'endpoints that could have been chosen' });
  const head = element('tr');
  for (const title of ['', 'endpoint', 'pod', 'node', 'chance']) head.append(element('th', { scope: 'col' }, title));
  table.append(head);
  for (const choice of alternatives) {
    const row = element('tr', choice.chosen ? { class: 'chosen' } : {});
    row.append(element('td', {}, choice.chosen ? 'taken' : ''), element('td', {}, choice.address), element('td', {}, choice.pod ?? ''), element('td', {}, choice.node ?? ''), element('td', {}, `${Math.round(choice.probability * 1000) / 10}%`));
    table.append(row);
  }
  return table;
}
