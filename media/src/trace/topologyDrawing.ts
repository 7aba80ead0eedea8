/**
 * The topology's picture as a tree of SVG elements, free of the DOM: the view turns it into live elements and the
 * export into text, so both show the same. Text that does not fit its box is cut with "…", and the full text
 * stays in the element's <title> (hover) and the box's aria-label (keyboard focus). Colours come from the classes
 * (media/topology.css, or the export's own style), never from here.
 */
import type { LaidOutEdge, LaidOutNode, Point, TopologyLayout } from './topologyLayout';
import { BOX_PADDING } from './topologyLayout';
import { FONT, KIND_NAMES, fitText, nodeHeading, textWidth } from './topologyText';

/** An SVG element: manifest text only ever appears as a child string (text), never as markup. */
export interface SvgElement {
  readonly tag: string;
  readonly attributes: Readonly<Record<string, string | number>>;
  readonly children: readonly (SvgElement | string)[];
}

const LINE_HEIGHT = 15;
export const ARROW_ID = 'topo-arrow';

const svg = (tag: string, attributes: Record<string, string | number> = {}, ...children: (SvgElement | string)[]): SvgElement => ({ tag, attributes, children });

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

/** What a box shows: its heading and badge lines as drawn (cut to fit), and whether anything was cut. */
interface DrawnText {
  readonly heading: string;
  readonly badgeLines: readonly (readonly string[])[];
  readonly cut: boolean;
}

/**
 * The box's accessible name. It begins with the text drawn in the box, in drawing order (WCAG 2.5.3, label in name:
 * a speech-input user names a control by what they see), then says what the drawing leaves out: the namespace, the
 * whole heading and badges where they were cut, where the box leads, and that it has no YAML to open.
 */
function describeNode(node: LaidOutNode, drawn: DrawnText, outgoing: readonly LaidOutEdge[], headings: ReadonlyMap<string, string>): string {
  const badges = drawn.badgeLines.map((line) => line.join(' · ')).join(' · ');
  const parts = [drawn.heading, ...(badges ? [badges] : []), `Namespace ${node.namespace}`];
  if (drawn.cut) parts.push(`In full: ${[nodeHeading(node), ...node.badges].join('; ')}`);
  if (outgoing.length > 0) parts.push(`Leads to ${outgoing.map((edge) => `${headings.get(edge.to) ?? edge.to} (${edge.label})`).join(', ')}`);
  if (!node.ref) parts.push('No YAML to open');
  return `${parts.join('. ')}.`;
}

function drawEdge(edge: LaidOutEdge): SvgElement {
  const children: SvgElement[] = [svg('title', {}, edge.label), svg('path', { class: 'topo-edge-line', d: pathOf(edge.points), 'marker-end': `url(#${ARROW_ID})` })];
  const [start, end] = edge.points;
  if (edge.labelAt && edge.label && start && end) {
    const { shown } = fitText(edge.label, Math.abs(end.x - start.x) - 12, FONT.edge);
    children.push(svg('text', { class: 'topo-edge-label', x: edge.labelAt.x, y: edge.labelAt.y - 4, 'text-anchor': 'middle' }, shown));
  }
  return svg('g', { class: `topo-edge topo-edge-${edge.kind}${edge.missing ? ' topo-missing' : ''}`, 'data-from': edge.from, 'data-to': edge.to }, ...children);
}

/**
 * Lays badges out on at most `lines` lines `room` px wide, separated by " · ". A badge that does not fit moves to
 * the next line; on the last line, one that does not fit is cut, and what follows becomes "…" (the tooltip and
 * aria-label have every badge in full).
 */
function badgeLines(badges: readonly string[], room: number, lines: number): string[][] {
  const separator = textWidth(' · ', FONT.badge);
  const result: string[][] = [[]];
  let used = 0;
  for (const badge of badges) {
    let line = result[result.length - 1]!;
    const width = textWidth(badge, FONT.badge);
    if (line.length > 0 && used + separator + width > room && result.length < lines) {
      line = [];
      result.push(line);
      used = 0;
    }
    const left = room - used - (line.length > 0 ? separator : 0);
    if (width <= left) {
      line.push(badge);
      used += width + (line.length > 1 ? separator : 0);
      continue;
    }
    line.push(line.length === 0 ? fitText(badge, left, FONT.badge).shown : '…');
    break;
  }
  return result.filter((line) => line.length > 0);
}

/** The node's box: kind and name, then the badges on the lines that fit (all of them in the tooltip and aria-label). */
function drawNode(node: LaidOutNode, outgoing: readonly LaidOutEdge[], headings: ReadonlyMap<string, string>): SvgElement {
  const classes = ['topo-node', `topo-${node.kind}`, ...(node.missing ? ['topo-missing'] : []), ...(node.attention ? ['topo-attention'] : [])];
  const room = node.width - BOX_PADDING;
  const heading = fitText(nodeHeading(node), room, FONT.label);
  const lines = badgeLines(node.badges, room, Math.max(1, Math.floor((node.height - 20) / LINE_HEIGHT)));
  const drawn = { heading: heading.shown, badgeLines: lines, cut: heading.cut || lines.flat().length < node.badges.length || lines.flat().some((badge, index) => badge !== node.badges[index]) };
  const children: SvgElement[] = [
    svg('title', {}, [`${KIND_NAMES[node.kind]} ${node.namespace}/${node.label}`, ...node.badges].join('\n')),
    svg('rect', { class: 'topo-box', width: node.width, height: node.height, rx: 3 }),
    // The space after the heading is not drawn; it keeps the heading's last word and the first badge two words
    // in the text that accessibility tools read from the box (the texts' contents, run together).
    svg('text', { class: 'topo-label', x: BOX_PADDING / 2, y: 16 }, heading.shown, ' '),
  ];
  lines.forEach((line, index) => {
    const spans = line.flatMap((badge, position) => [...(position > 0 ? [svg('tspan', { class: 'topo-badge-separator' }, ' · ')] : []), svg('tspan', { class: badge === '…' ? 'topo-badge-more' : 'topo-badge' }, badge)]);
    // Keeps the spaces around the separators in every renderer.
    children.push(svg('text', { class: 'topo-badges', 'xml:space': 'preserve', x: BOX_PADDING / 2, y: 16 + LINE_HEIGHT * (index + 1) }, ...spans, ' '));
  });
  const attributes = { class: classes.join(' '), transform: `translate(${node.x} ${node.y})`, role: 'button', tabindex: 0, 'aria-label': describeNode(node, drawn, outgoing, headings), 'data-id': node.id, ...(!node.ref && { 'aria-disabled': 'true' }) };
  return svg('g', attributes, ...children);
}

/** What the topology's picture holds, in drawing order: the arrowhead, column titles, namespace bands, edges, boxes. */
export function drawTopology(layout: TopologyLayout): SvgElement[] {
  // Sized in user units, so a highlighted (thicker) line keeps the same arrowhead.
  const marker = svg('marker', { id: ARROW_ID, viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, svg('path', { class: 'topo-arrow', d: 'M 0 0 L 8 4 L 0 8 z' }));
  const titles = layout.columns.map((column) => svg('text', { class: 'topo-column-title', x: column.x, y: 18 }, column.title));
  const bands = layout.groups.map((group) => {
    const { shown, cut } = fitText(group.label, group.width, FONT.group);
    return svg(
      'g',
      { class: 'topo-group' },
      ...(cut ? [svg('title', {}, group.label)] : []),
      svg('rect', { class: 'topo-group-band', x: group.x - 6, y: group.y, width: group.width + 12, height: group.height, rx: 4 }),
      svg('text', { class: 'topo-group-label', x: group.x, y: group.y + 15 }, shown),
    );
  });
  const headings = new Map(layout.nodes.map((node) => [node.id, nodeHeading(node)]));
  const nodes = layout.nodes.map((node) => drawNode(node, layout.edges.filter((edge) => edge.from === node.id), headings));
  return [svg('defs', {}, marker), ...titles, ...bands, svg('g', { class: 'topo-edges' }, ...layout.edges.map(drawEdge)), svg('g', { class: 'topo-nodes' }, ...nodes)];
}
