/**
 * Where each box of the topology goes: three columns, one band per namespace across them, boxes ordered by
 * the barycentre of their neighbours to cut crossings. Compact: a column is as wide as its text needs (within
 * bounds), a gap as wide as its edge labels, an empty column takes no room. Pure and deterministic, so it is unit-tested.
 */
import { compareText, type Topology, type TopologyColumn, type TopologyEdge, type TopologyNode } from '../../../server/src/engine';
import { FONT, nodeHeading, textWidth } from './topologyText';

export interface LayoutOptions {
  /** A column is as wide as its widest heading, badge or namespace label, within these bounds (wider text is cut with "…"). */
  readonly minColumnWidth?: number;
  readonly maxColumnWidth?: number;
  /** A gap between columns is as wide as the edge labels crossing it, within these bounds. */
  readonly minColumnGap?: number;
  readonly maxColumnGap?: number;
  readonly rowHeight?: number;
  readonly nodeHeight?: number;
  readonly groupHeaderHeight?: number;
  /** Space after each namespace group. */
  readonly groupGap?: number;
  readonly margin?: number;
  /** Room above the first group for the column titles. */
  readonly titleHeight?: number;
  /** How far a route sits right of its Gateway. */
  readonly indent?: number;
  /** Barycentre sweeps (each one down and one up). */
  readonly sweeps?: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LaidOutNode extends TopologyNode {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LaidOutEdge extends TopologyEdge {
  /** Corners of the line, first at the source. Two points: a left-to-right connector, drawn as a curve. */
  readonly points: readonly Point[];
  /** Where the label goes; undefined for the short Gateway-to-route brackets. */
  readonly labelAt?: Point;
  /** True when the edge ends at a missing node. */
  readonly missing: boolean;
}

/** A namespace's header and band in one column; a namespace has the same y-range in every column it appears in. */
export interface LayoutGroup {
  readonly column: TopologyColumn;
  readonly namespace: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LayoutColumn {
  readonly column: TopologyColumn;
  readonly title: string;
  readonly x: number;
  readonly width: number;
}

export interface TopologyLayout {
  readonly nodes: readonly LaidOutNode[];
  readonly edges: readonly LaidOutEdge[];
  readonly groups: readonly LayoutGroup[];
  readonly columns: readonly LayoutColumn[];
  readonly width: number;
  readonly height: number;
  /** Edge crossings between adjacent columns in the chosen order. */
  readonly crossings: number;
}

const DEFAULT_LAYOUT: Required<LayoutOptions> = {
  minColumnWidth: 150,
  maxColumnWidth: 360,
  minColumnGap: 56,
  maxColumnGap: 200,
  rowHeight: 66,
  nodeHeight: 56,
  groupHeaderHeight: 22,
  groupGap: 10,
  margin: 16,
  titleHeight: 28,
  indent: 20,
  sweeps: 3,
};

const COLUMN_TITLES: Record<TopologyColumn, string> = { 0: 'Entry points', 1: 'Services', 2: 'Workloads' };
const COLUMNS: readonly TopologyColumn[] = [0, 1, 2];
/** Room inside a box left and right of its text (the view draws text 8px in). */
export const BOX_PADDING = 16;
/** Room on an edge's line beside its label. */
const EDGE_LABEL_PADDING = 24;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** The width a column's text asks for: each box's heading and longest badge, each namespace label, the title. */
function columnWidthOf(column: TopologyColumn, nodes: readonly TopologyNode[], nested: ReadonlySet<string>, settings: Required<LayoutOptions>): number {
  const needs = nodes
    .filter((node) => node.column === column)
    .map((node) => {
      const text = Math.max(textWidth(nodeHeading(node), FONT.label), ...node.badges.map((badge) => textWidth(badge, FONT.badge)));
      return text + BOX_PADDING + (nested.has(node.id) ? settings.indent : 0);
    });
  const namespaces = new Set(nodes.filter((node) => node.column === column).map((node) => node.namespace));
  const labels = [...namespaces].map((namespace) => textWidth(`namespace ${namespace}`, FONT.group));
  return Math.ceil(clamp(Math.max(textWidth(COLUMN_TITLES[column], FONT.title), ...needs, ...labels), settings.minColumnWidth, settings.maxColumnWidth));
}

/** The gap left of `column`: room for the widest label of the edges that cross it. */
function columnGapBefore(column: TopologyColumn, edges: readonly TopologyEdge[], columnOf: ReadonlyMap<string, TopologyColumn>, settings: Required<LayoutOptions>): number {
  const labels = edges.filter((edge) => columnOf.get(edge.to) === column && (columnOf.get(edge.from) ?? column) < column).map((edge) => textWidth(edge.label, FONT.edge));
  return Math.ceil(clamp(Math.max(0, ...labels) + EDGE_LABEL_PADDING, settings.minColumnGap, settings.maxColumnGap));
}

/** A node with the routes listed under it; ordering moves units, so a Gateway keeps its routes. */
interface Unit {
  readonly head: TopologyNode;
  readonly children: readonly TopologyNode[];
}

type ColumnOrder = readonly (readonly Unit[])[];

const flatten = (units: readonly Unit[]): TopologyNode[] => units.flatMap((unit) => [unit.head, ...unit.children]);

function initialOrder(topology: Topology): ColumnOrder {
  const byLabel = (a: TopologyNode, b: TopologyNode) => compareText(a.namespace, b.namespace) || compareText(a.label, b.label) || compareText(a.id, b.id);
  const present = new Set(topology.nodes.map((node) => node.id));
  const children = new Map<string, TopologyNode[]>();
  for (const node of topology.nodes) {
    if (node.nestedUnder !== undefined && present.has(node.nestedUnder)) children.set(node.nestedUnder, [...(children.get(node.nestedUnder) ?? []), node]);
  }
  return COLUMNS.map((column) =>
    topology.nodes
      .filter((node) => node.column === column && !(node.nestedUnder !== undefined && present.has(node.nestedUnder)))
      .sort(byLabel)
      .map((head) => ({ head, children: [...(children.get(head.id) ?? [])].sort(byLabel) })),
  );
}

/** Each node's row in its column, as a fraction of the column's length, so columns of different lengths compare. */
function relativePositions(order: ColumnOrder): Map<string, number> {
  const positions = new Map<string, number>();
  for (const units of order) {
    const nodes = flatten(units);
    nodes.forEach((node, index) => positions.set(node.id, nodes.length > 1 ? index / (nodes.length - 1) : 0.5));
  }
  return positions;
}

/** Reorders one column by the mean position of each unit's neighbours in the reference column, namespaces kept together. */
function reorderColumn(order: ColumnOrder, column: TopologyColumn, reference: TopologyColumn, neighbours: ReadonlyMap<string, readonly string[]>, columnOf: ReadonlyMap<string, TopologyColumn>): ColumnOrder {
  const positions = relativePositions(order);
  const barycentre = (nodes: readonly TopologyNode[]): number => {
    const around = nodes.flatMap((node) => (neighbours.get(node.id) ?? []).filter((id) => columnOf.get(id) === reference).map((id) => positions.get(id) ?? 0));
    // Without neighbours there, a node stays where it is.
    const values = around.length > 0 ? around : nodes.map((node) => positions.get(node.id) ?? 0);
    return values.reduce((sum, value) => sum + value, 0) / values.length;
  };
  const sortByBarycentre = <T>(items: readonly T[], nodesOf: (item: T) => readonly TopologyNode[], namespaceOf: (item: T) => string): T[] =>
    items
      .map((item, index) => ({ item, index, score: barycentre(nodesOf(item)) }))
      .sort((a, b) => compareText(namespaceOf(a.item), namespaceOf(b.item)) || a.score - b.score || a.index - b.index)
      .map(({ item }) => item);
  const units = order[column] ?? [];
  const reordered = sortByBarycentre(units, (unit) => [unit.head, ...unit.children], (unit) => unit.head.namespace).map((unit) => ({
    head: unit.head,
    children: sortByBarycentre(unit.children, (child) => [child], () => ''),
  }));
  return order.map((existing, index) => (index === column ? reordered : existing));
}

/** Pairs of edges between adjacent columns that cross: a Fenwick-tree inversion count per column pair. */
function countCrossings(order: ColumnOrder, edges: readonly TopologyEdge[], columnOf: ReadonlyMap<string, TopologyColumn>): number {
  const rows = new Map<string, number>();
  for (const units of order) flatten(units).forEach((node, index) => rows.set(node.id, index));
  let crossings = 0;
  for (const left of [0, 1] as const) {
    const pairs = edges
      .filter((edge) => columnOf.get(edge.from) === left && columnOf.get(edge.to) === left + 1)
      .map((edge) => [rows.get(edge.from) ?? 0, rows.get(edge.to) ?? 0] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const size = flatten(order[left + 1] ?? []).length;
    const tree = new Array<number>(size + 1).fill(0);
    let seen = 0;
    for (const [, to] of pairs) {
      // An earlier edge (its source on an earlier or the same row) crosses this one when it ends on a later row.
      let atMost = 0;
      for (let index = to + 1; index > 0; index -= index & -index) atMost += tree[index] ?? 0;
      crossings += seen - atMost;
      for (let index = to + 1; index <= size; index += index & -index) tree[index] = (tree[index] ?? 0) + 1;
      seen += 1;
    }
  }
  return crossings;
}

/**
 * Rows within each namespace band. A namespace is one band across all three columns (its edges are then
 * short and level); the fullest column of the band packs its boxes from the top, and the others put each
 * box level with its neighbours where the order and the space allow.
 */
function bandRows(order: ColumnOrder, neighbours: ReadonlyMap<string, readonly string[]>): { bands: { namespace: string; size: number }[]; rows: Map<string, number> } {
  const bandOf = new Map<string, string>();
  const columnOf = new Map<string, number>();
  order.forEach((units, column) => {
    for (const unit of units) {
      for (const node of [unit.head, ...unit.children]) {
        bandOf.set(node.id, unit.head.namespace);
        columnOf.set(node.id, column);
      }
    }
  });
  const namespaces = [...new Set(bandOf.values())].sort(compareText);
  const rows = new Map<string, number>();
  const bands: { namespace: string; size: number }[] = [];
  const sizeOf = (unit: Unit) => 1 + unit.children.length;
  for (const namespace of namespaces) {
    const unitsOf = COLUMNS.map((column) => (order[column] ?? []).filter((unit) => unit.head.namespace === namespace));
    const counts = unitsOf.map((units) => units.reduce((sum, unit) => sum + sizeOf(unit), 0));
    const size = Math.max(1, ...counts);
    bands.push({ namespace, size });
    const place = (column: TopologyColumn, reference: TopologyColumn | undefined) => {
      const units = unitsOf[column] ?? [];
      // Where each unit would like to start: level with the mean row of its neighbours in this band.
      const wanted = units.map((unit) => {
        if (reference === undefined) return 0;
        const around = [unit.head, ...unit.children].flatMap((node) => (neighbours.get(node.id) ?? []).filter((id) => bandOf.get(id) === namespace && rows.has(id) && columnOf.get(id) === reference).map((id) => rows.get(id)!));
        return around.length === 0 ? 0 : Math.round(around.reduce((sum, row) => sum + row, 0) / around.length) - Math.floor((sizeOf(unit) - 1) / 2);
      });
      // Down: no earlier than wanted nor before the previous unit ends; up: every unit still fits above the band's end.
      const starts: number[] = [];
      let end = 0;
      units.forEach((unit, index) => {
        starts.push(Math.max(wanted[index] ?? 0, end));
        end = (starts[index] ?? 0) + sizeOf(unit);
      });
      let limit = size;
      for (let index = units.length - 1; index >= 0; index -= 1) {
        starts[index] = Math.min(starts[index] ?? 0, limit - sizeOf(units[index]!));
        limit = starts[index] ?? 0;
      }
      units.forEach((unit, index) => [unit.head, ...unit.children].forEach((node, offset) => rows.set(node.id, (starts[index] ?? 0) + offset)));
    };
    const anchor = COLUMNS.find((column) => counts[column] === size) ?? 1;
    place(anchor, undefined);
    for (let column = anchor - 1; column >= 0; column -= 1) place(column as TopologyColumn, (column + 1) as TopologyColumn);
    for (let column = anchor + 1; column <= 2; column += 1) place(column as TopologyColumn, (column - 1) as TopologyColumn);
  }
  return { bands, rows };
}

/**
 * Places the topology in up to three columns (those that have boxes), one fixed-height row per node. Each namespace is a band
 * across the columns with its header, namespaces in alphabetical order. Within a namespace, nodes are ordered
 * by the barycentre of their neighbours, sweeping down and up; the order with the fewest crossings wins, and
 * the alphabetical order is the first candidate, so the result is never worse than it.
 */
export function layoutTopology(topology: Topology, options: LayoutOptions = {}): TopologyLayout {
  const settings = { ...DEFAULT_LAYOUT, ...options };
  const columnOf = new Map(topology.nodes.map((node) => [node.id, node.column]));
  const edges = topology.edges.filter((edge) => columnOf.has(edge.from) && columnOf.has(edge.to));
  const neighbours = new Map<string, string[]>();
  for (const edge of edges) {
    neighbours.set(edge.from, [...(neighbours.get(edge.from) ?? []), edge.to]);
    neighbours.set(edge.to, [...(neighbours.get(edge.to) ?? []), edge.from]);
  }

  let order = initialOrder(topology);
  let best = { order, crossings: countCrossings(order, edges, columnOf) };
  const consider = (candidate: ColumnOrder) => {
    const crossings = countCrossings(candidate, edges, columnOf);
    if (crossings < best.crossings) best = { order: candidate, crossings };
  };
  for (let sweep = 0; sweep < settings.sweeps && best.crossings > 0; sweep += 1) {
    order = reorderColumn(order, 1, 0, neighbours, columnOf);
    order = reorderColumn(order, 2, 1, neighbours, columnOf);
    consider(order);
    order = reorderColumn(order, 1, 2, neighbours, columnOf);
    order = reorderColumn(order, 0, 1, neighbours, columnOf);
    consider(order);
  }

  // Only the columns that have boxes take room, each as wide as its text.
  const nested = new Set(topology.nodes.filter((node) => node.nestedUnder !== undefined && columnOf.has(node.nestedUnder)).map((node) => node.id));
  const present = COLUMNS.filter((column) => topology.nodes.some((node) => node.column === column));
  const columns: LayoutColumn[] = [];
  let x = settings.margin;
  for (const column of present) {
    if (columns.length > 0) x += columnGapBefore(column, edges, columnOf, settings);
    const width = columnWidthOf(column, topology.nodes, nested, settings);
    columns.push({ column, title: COLUMN_TITLES[column], x, width });
    x += width;
  }
  const columnAt = new Map(columns.map((column) => [column.column, column]));
  const { bands, rows } = bandRows(best.order, neighbours);
  const nodes: LaidOutNode[] = [];
  const groups: LayoutGroup[] = [];
  let y = settings.margin + settings.titleHeight;
  for (const band of bands) {
    const height = settings.groupHeaderHeight + band.size * settings.rowHeight;
    for (const column of COLUMNS) {
      const units = (best.order[column] ?? []).filter((unit) => unit.head.namespace === band.namespace);
      if (units.length === 0) continue;
      const { x: left, width } = columnAt.get(column)!;
      groups.push({ column, namespace: band.namespace, label: `namespace ${band.namespace}`, x: left, y, width, height });
      for (const unit of units) {
        for (const node of [unit.head, ...unit.children]) {
          const indent = node === unit.head ? 0 : settings.indent;
          const top = y + settings.groupHeaderHeight + (rows.get(node.id) ?? 0) * settings.rowHeight;
          nodes.push({ ...node, x: left + indent, y: top, width: width - indent, height: settings.nodeHeight });
        }
      }
    }
    y += height + settings.groupGap;
  }
  const bottom = bands.length > 0 ? y - settings.groupGap : y;

  const placed = new Map(nodes.map((node) => [node.id, node]));
  const laidOutEdges: LaidOutEdge[] = [];
  for (const edge of edges) {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (!from || !to) continue;
    const fromMiddle = from.y + from.height / 2;
    const toMiddle = to.y + to.height / 2;
    if (from.column === to.column) {
      // A bracket from a Gateway to a route: inside the indent under its own Gateway, else in the left margin, clear of other boxes.
      const spine = to.nestedUnder === from.id ? from.x + settings.indent / 2 : Math.min(from.x, to.x) - settings.margin / 2;
      const start = to.y > from.y ? from.y + from.height : from.y;
      laidOutEdges.push({ ...edge, missing: to.missing === true, points: [{ x: spine, y: start }, { x: spine, y: toMiddle }, { x: to.x, y: toMiddle }] });
    } else {
      const start = { x: from.x + from.width, y: fromMiddle };
      const end = { x: to.x, y: toMiddle };
      laidOutEdges.push({ ...edge, missing: to.missing === true, points: [start, end], labelAt: { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 } });
    }
  }

  return {
    nodes,
    edges: laidOutEdges,
    groups,
    columns,
    width: x + settings.margin,
    height: bottom + settings.margin,
    crossings: best.crossings,
  };
}
