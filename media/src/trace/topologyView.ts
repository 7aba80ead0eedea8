/**
 * Draws a laid-out topology as SVG. Manifest text only ever goes in through `textContent`; colours come from
 * the classes (media/topology.css), never from here.
 */
import type { SourceRef, TopologyNodeKind } from '../../../server/src/engine';
import type { LaidOutEdge, LaidOutNode, Point, TopologyLayout } from './topologyLayout';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Rough widths of one character (bold 12px labels, 11px badges, 10px edge labels), generous so text is shortened rather than spilling out of its box. */
const LABEL_CHAR = 7;
const BADGE_CHAR = 6.2;
const EDGE_CHAR = 5.6;
const LINE_HEIGHT = 15;
const ARROW_ID = 'topo-arrow';

const KIND_NAMES: Record<TopologyNodeKind, string> = {
  ingress: 'Ingress',
  gateway: 'Gateway',
  route: 'HTTPRoute',
  service: 'Service',
  workload: 'Workload',
  missing: 'Missing',
};

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function fit(text: string, width: number, charWidth: number): string {
  const room = Math.max(1, Math.floor(width / charWidth));
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
}

/** Two points: a smooth left-to-right curve; more: straight segments through the corners. */
function pathOf(points: readonly Point[]): string {
  const [start, end] = points;
  if (!start || !end) return '';
  if (points.length === 2 && end.x !== start.x) {
    const bend = (end.x - start.x) / 2;
    return `M ${start.x} ${start.y} C ${start.x + bend} ${start.y}, ${end.x - bend} ${end.y}, ${end.x} ${end.y}`;
  }
  return points.map((point, index) => `${index === 0 ? 'M' : 'L'} ${point.x} ${point.y}`).join(' ');
}

function describeNode(node: LaidOutNode, outgoing: readonly LaidOutEdge[], labels: ReadonlyMap<string, string>): string {
  const parts = [`${KIND_NAMES[node.kind]} ${node.label}, namespace ${node.namespace}`];
  if (node.badges.length > 0) parts.push(node.badges.join('; '));
  if (outgoing.length > 0) parts.push(`Leads to ${outgoing.map((edge) => `${labels.get(edge.to) ?? edge.to} (${edge.label})`).join(', ')}`);
  if (!node.ref) parts.push('No YAML to open');
  return `${parts.join('. ')}.`;
}

function drawEdge(edge: LaidOutEdge, columnGap: number): SVGGElement {
  const group = svg('g', { class: `topo-edge topo-edge-${edge.kind}${edge.missing ? ' topo-missing' : ''}`, 'data-from': edge.from, 'data-to': edge.to });
  group.append(svg('title', {}, edge.label));
  group.append(svg('path', { class: 'topo-edge-line', d: pathOf(edge.points), 'marker-end': `url(#${ARROW_ID})` }));
  if (edge.labelAt && edge.label) {
    group.append(svg('text', { class: 'topo-edge-label', x: edge.labelAt.x, y: edge.labelAt.y - 4, 'text-anchor': 'middle' }, fit(edge.label, columnGap - 12, EDGE_CHAR)));
  }
  return group;
}

/** Shorter than this, a shortened badge says too little: it moves to the next line instead. */
const MIN_SHORTENED = 14;

/**
 * Lays badges out on at most `lines` lines of `room` characters, separated by " · ". A badge that does not fit
 * moves to the next line when it fits there whole (or too little room is left), else it is shortened; on the
 * last line, what does not fit becomes "…" (the tooltip and aria-label have every badge in full).
 */
function badgeLines(badges: readonly string[], room: number, lines: number): string[][] {
  const result: string[][] = [[]];
  let used = 0;
  for (const badge of badges) {
    let line = result[result.length - 1]!;
    let separator = line.length > 0 ? 3 : 0;
    const lastLine = result.length >= lines;
    const fitsHere = used + separator + badge.length <= room;
    if (!fitsHere && line.length > 0 && !lastLine && (badge.length <= room || room - used - separator < MIN_SHORTENED)) {
      line = [];
      result.push(line);
      used = 0;
      separator = 0;
    }
    const left = room - used - separator;
    if (badge.length <= left) {
      line.push(badge);
      used += separator + badge.length;
    } else if (left >= MIN_SHORTENED || line.length === 0) {
      line.push(`${badge.slice(0, Math.max(1, left - 1))}…`);
      used = room;
    } else {
      line.push('…');
      break;
    }
    if (used >= room && result.length >= lines) break;
    if (used >= room) {
      result.push([]);
      used = 0;
    }
  }
  return result.filter((line) => line.length > 0);
}

/** The node's box: kind and name, then the badges on the lines that fit (all of them in the tooltip and aria-label). */
function drawNode(node: LaidOutNode, description: string): SVGGElement {
  const classes = ['topo-node', `topo-${node.kind}`, ...(node.missing ? ['topo-missing'] : []), ...(node.attention ? ['topo-attention'] : [])];
  const group = svg('g', { class: classes.join(' '), transform: `translate(${node.x} ${node.y})`, role: 'button', tabindex: 0, 'aria-label': description, 'data-id': node.id });
  if (!node.ref) group.setAttribute('aria-disabled', 'true');
  group.append(svg('title', {}, [`${KIND_NAMES[node.kind]} ${node.namespace}/${node.label}`, ...node.badges].join('\n')));
  group.append(svg('rect', { class: 'topo-box', width: node.width, height: node.height, rx: 3 }));
  group.append(svg('text', { class: 'topo-label', x: 8, y: 16 }, fit(`${KIND_NAMES[node.kind]} ${node.label}`, node.width - 16, LABEL_CHAR)));
  const lineCount = Math.max(1, Math.floor((node.height - 20) / LINE_HEIGHT));
  badgeLines(node.badges, Math.floor((node.width - 16) / BADGE_CHAR), lineCount).forEach((line, index) => {
    const text = svg('text', { class: 'topo-badges', x: 8, y: 16 + LINE_HEIGHT * (index + 1) });
    line.forEach((badge, position) => {
      if (position > 0) text.append(svg('tspan', { class: 'topo-badge-separator' }, ' · '));
      text.append(svg('tspan', { class: badge === '…' ? 'topo-badge-more' : 'topo-badge' }, badge));
    });
    group.append(text);
  });
  return group;
}

/**
 * Appends the topology to `root` as a scrollable SVG. Boxes are buttons: click, Enter or Space open the
 * YAML; Up and Down move within a column, Left and Right to the first neighbour in the next column.
 */
export function renderTopology(root: HTMLElement, layout: TopologyLayout, onOpen: (ref: SourceRef) => void): void {
  const scroll = document.createElement('div');
  scroll.className = 'topo-scroll';
  const columnGap = layout.columns.length > 1 ? layout.columns[1]!.x - layout.columns[0]!.x - layout.columns[0]!.width : 120;
  const counts = [0, 1, 2].map((column) => layout.nodes.filter((node) => node.column === column).length);
  const picture = svg('svg', {
    class: 'topo',
    width: layout.width,
    height: layout.height,
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'group',
    'aria-label': `Topology: ${counts[0]} entry points, ${counts[1]} Services, ${counts[2]} workloads`,
  });

  // Sized in user units, so a highlighted (thicker) line keeps the same arrowhead.
  const marker = svg('marker', { id: ARROW_ID, viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
  marker.append(svg('path', { class: 'topo-arrow', d: 'M 0 0 L 8 4 L 0 8 z' }));
  const definitions = svg('defs');
  definitions.append(marker);
  picture.append(definitions);

  for (const column of layout.columns) picture.append(svg('text', { class: 'topo-column-title', x: column.x, y: 18 }, column.title));
  for (const group of layout.groups) {
    const band = svg('g', { class: 'topo-group' });
    band.append(svg('rect', { class: 'topo-group-band', x: group.x - 6, y: group.y, width: group.width + 12, height: group.height, rx: 4 }));
    band.append(svg('text', { class: 'topo-group-label', x: group.x, y: group.y + 15 }, fit(group.label, group.width, BADGE_CHAR)));
    picture.append(band);
  }

  const edgeLayer = svg('g', { class: 'topo-edges' });
  const edgesOf = new Map<string, SVGGElement[]>();
  for (const edge of layout.edges) {
    const drawn = drawEdge(edge, columnGap);
    edgeLayer.append(drawn);
    for (const id of [edge.from, edge.to]) edgesOf.set(id, [...(edgesOf.get(id) ?? []), drawn]);
  }
  picture.append(edgeLayer);

  const labels = new Map(layout.nodes.map((node) => [node.id, `${KIND_NAMES[node.kind]} ${node.label}`]));
  const byColumn = [0, 1, 2].map((column) => layout.nodes.filter((node) => node.column === column).sort((a, b) => a.y - b.y));
  const elements = new Map<string, SVGGElement>();
  const nodeLayer = svg('g', { class: 'topo-nodes' });
  for (const node of layout.nodes) {
    const outgoing = layout.edges.filter((edge) => edge.from === node.id);
    const drawn = drawNode(node, describeNode(node, outgoing, labels));
    elements.set(node.id, drawn);
    nodeLayer.append(drawn);
  }
  picture.append(nodeLayer);

  const byId = new Map(layout.nodes.map((node) => [node.id, node]));
  /** The box an arrow key moves to: the next one in the column, or the topmost neighbour in the next column (else the nearest box there). */
  const target = (node: LaidOutNode, key: string): LaidOutNode | undefined => {
    const column = byColumn[node.column] ?? [];
    const index = column.indexOf(node);
    if (key === 'ArrowUp') return column[index - 1];
    if (key === 'ArrowDown') return column[index + 1];
    const next = byColumn[node.column + (key === 'ArrowRight' ? 1 : -1)];
    if (!next || next.length === 0) return undefined;
    const linked = new Set(layout.edges.flatMap((edge) => (edge.from === node.id ? [edge.to] : edge.to === node.id ? [edge.from] : [])));
    const neighbour = next.find((candidate) => linked.has(candidate.id));
    if (neighbour) return neighbour;
    return next.reduce((nearest, candidate) => (Math.abs(candidate.y - node.y) < Math.abs(nearest.y - node.y) ? candidate : nearest));
  };

  for (const [id, drawn] of elements) {
    const node = byId.get(id)!;
    const open = () => {
      if (node.ref) onOpen(node.ref);
    };
    drawn.addEventListener('click', open);
    drawn.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
        return;
      }
      if (!['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(event.key)) return;
      event.preventDefault();
      const next = target(node, event.key);
      if (next) elements.get(next.id)?.focus();
    });
    // The focused or hovered box shows its own lines, which helps in a dense picture.
    const highlight = (on: boolean) => {
      for (const edge of edgesOf.get(id) ?? []) edge.classList.toggle('topo-related', on);
    };
    drawn.addEventListener('focus', () => highlight(true));
    drawn.addEventListener('blur', () => highlight(false));
    drawn.addEventListener('mouseenter', () => highlight(true));
    drawn.addEventListener('mouseleave', () => highlight(false));
  }

  scroll.append(picture);
  root.append(scroll);
}
