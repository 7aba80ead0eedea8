/** The connectivity matrix as a grid to draw: parties grouped by namespace, one summarised verdict per cell. */
import type { CellVerdict, ConnectivityMatrix, MatrixCell, MatrixParty } from '../../../server/src/engine';

export interface MatrixGroup {
  /** `namespace shop-api`, or `outside the cluster` for external classes. */
  readonly label: string;
  readonly parties: readonly MatrixParty[];
}

export interface GridCell {
  readonly verdict: CellVerdict | 'none';
  /** Words, never colour alone: `✓ allowed (TCP/80 allowed)`. */
  readonly label: string;
  readonly symbol: string;
  readonly cells: readonly MatrixCell[];
}

export interface MatrixGrid {
  readonly rows: readonly MatrixGroup[];
  readonly columns: readonly MatrixGroup[];
  cell(from: string, to: string): GridCell;
  /** Why a source's DNS query is denied (by name, its connections fail there), or undefined. */
  dnsDenied(from: string): string | undefined;
}

const SYMBOL: Record<CellVerdict, string> = { allowed: '✓', denied: '✗', depends: '~' };

function groupsOf(parties: readonly MatrixParty[]): MatrixGroup[] {
  const groups = new Map<string, MatrixParty[]>();
  for (const party of parties) {
    const label = party.kind === 'external' ? 'outside the cluster' : `namespace ${party.namespace ?? party.name.split('/')[0]}`;
    groups.set(label, [...(groups.get(label) ?? []), party]);
  }
  // Namespaces in name order, the outside last, as the source picker lists them.
  return [...groups.entries()]
    .sort(([a], [b]) => (a === 'outside the cluster' ? 1 : b === 'outside the cluster' ? -1 : a.localeCompare(b)))
    .map(([label, members]) => ({ label, parties: members }));
}

/** The verdict of all ports of one pair: allowed or denied when every port agrees, otherwise depends. */
export function summarizeCells(cells: readonly MatrixCell[]): GridCell {
  if (cells.length === 0) return { verdict: 'none', label: 'not evaluated', symbol: '·', cells };
  const allowed = cells.filter((cell) => cell.verdict === 'allowed').length;
  const verdict: CellVerdict = allowed === cells.length ? 'allowed' : allowed === 0 && cells.every((cell) => cell.verdict === 'denied') ? 'denied' : 'depends';
  const ports = cells.map((cell) => `${cell.protocol}/${cell.port} ${cell.verdict}`).join(', ');
  return { verdict, label: `${SYMBOL[verdict]} ${verdict} (${ports})`, symbol: SYMBOL[verdict], cells };
}

/** What a cell adds when its source cannot look names up: the matrix's verdict is by address only. */
const BY_NAME_FAILS = 'by address; by name the connection fails first, at its DNS lookup (denied)';

/**
 * Rows are every party (workloads and external classes), columns every party a connection can go to; a
 * filter keeps the parties whose name contains it, in rows and columns alike. `dnsDenied` names the sources
 * whose DNS query is denied (matrixDns.ts): their cells say that by name the connection fails there.
 */
export function matrixGrid(matrix: ConnectivityMatrix, filter = '', dnsDenied: ReadonlyMap<string, string> = new Map()): MatrixGrid {
  const query = filter.trim().toLowerCase();
  const kept = matrix.parties.filter((party) => !query || party.name.toLowerCase().includes(query));
  const byPair = new Map<string, MatrixCell[]>();
  for (const cell of matrix.cells) {
    const key = `${cell.from}\n${cell.to}`;
    byPair.set(key, [...(byPair.get(key) ?? []), cell]);
  }
  const reached = new Set(matrix.cells.map((cell) => cell.to));
  return {
    rows: groupsOf(kept),
    columns: groupsOf(kept.filter((party) => reached.has(party.name))),
    cell: (from, to) => {
      const summary = summarizeCells(byPair.get(`${from}\n${to}`) ?? []);
      return dnsDenied.has(from) && summary.verdict !== 'none' ? { ...summary, label: `${summary.label}; ${BY_NAME_FAILS}` } : summary;
    },
    dnsDenied: (from) => dnsDenied.get(from),
  };
}

/** The legend above the grid: it says plainly that verdicts are by address, and what the DNS marks mean. */
export function matrixLegend(matrix: ConnectivityMatrix, grid: MatrixGrid): string {
  const marked = grid.rows.some((group) => group.parties.some((party) => grid.dnsDenied(party.name) !== undefined));
  const dns = marked ? ' Rows marked "DNS denied" cannot look names up: by name, their connections fail first at the DNS lookup, as their traces show.' : '';
  const enforcement = matrix.enforced ? '' : ' The profile\'s CNI does not enforce NetworkPolicy, so in practice every connection is allowed.';
  return `${matrix.classes} policy classes evaluated. Cells are connections by address (to a pod's IP): ✓ every port allowed, ✗ every port denied, ~ some ports or some pods; · not evaluated.${dns} Arrow keys move, Enter traces a cell.${enforcement}`;
}

/** What the page says instead of an empty table: nothing matches the filter, or nothing it keeps is a destination. */
export function matrixEmptyMessage(grid: MatrixGrid, filter: string): string | undefined {
  const query = filter.trim();
  if (grid.rows.length === 0) return query ? `Nothing matches "${query}": no workload or outside address has it in its name.` : 'The model has no workload with a pod address yet.';
  if (grid.columns.length === 0) return `No connection to show: what matches${query ? ` "${query}"` : ''} is no destination of another match.`;
  return undefined;
}

/** The distinct ports of the matrix's cells, for the port picker: `TCP/80`, `UDP/53`, ... */
export function matrixPorts(matrix: ConnectivityMatrix): string[] {
  const ports = new Map<string, { protocol: string; port: number }>();
  for (const cell of matrix.cells) ports.set(`${cell.protocol}/${cell.port}`, { protocol: cell.protocol, port: cell.port });
  return [...ports.entries()].sort(([, a], [, b]) => a.port - b.port || a.protocol.localeCompare(b.protocol)).map(([key]) => key);
}
