/** The matrix as the panel shows it (filter, port, the DNS marks), as CSV or JSON to save or copy. */
import type { ConnectivityMatrix } from '../../../server/src/engine';
import type { MatrixGrid } from './matrixModel';

export type MatrixExportFormat = 'csv' | 'json';

/** One row per pair of parties and port, in the grid's order, with the matrix's reason. */
export interface MatrixExportRow {
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly port: number;
  readonly verdict: string;
  readonly reason: string;
  /** Set when the source's DNS query is denied: by name, this connection fails at its lookup. */
  readonly dnsDenied?: string;
}

export function matrixExportRows(grid: MatrixGrid): MatrixExportRow[] {
  const destinations = grid.columns.flatMap((group) => group.parties);
  return grid.rows.flatMap((group) =>
    group.parties.flatMap((source) =>
      destinations.flatMap((destination) =>
        grid.cell(source.name, destination.name).cells.map((cell) => {
          const dnsDenied = grid.dnsDenied(source.name);
          return { from: cell.from, to: cell.to, protocol: cell.protocol, port: cell.port, verdict: cell.verdict, reason: cell.reason, ...(dnsDenied && { dnsDenied }) };
        }),
      ),
    ),
  );
}

/** A CSV field, quoted as RFC 4180 says when it holds a comma, a quote or a line break. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function matrixCsv(grid: MatrixGrid): string {
  const header = ['from', 'to', 'protocol', 'port', 'verdict', 'reason', 'dns_denied'];
  const lines = matrixExportRows(grid).map((row) => [row.from, row.to, row.protocol, row.port, row.verdict, row.reason, row.dnsDenied ?? ''].map(csvField).join(','));
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The JSON keeps what the CSV cannot: whether the CNI enforces policy, and the parties with their addresses. */
export function matrixJson(matrix: ConnectivityMatrix, grid: MatrixGrid, context: { cluster: string; port: string; filter: string }): string {
  const parties = [...grid.rows, ...grid.columns].flatMap((group) => group.parties);
  const unique = [...new Map(parties.map((party) => [party.name, party])).values()];
  const document = {
    cluster: context.cluster,
    port: context.port || 'the ports each workload serves',
    filter: context.filter.trim(),
    enforced: matrix.enforced,
    byAddress: 'Verdicts are for connections by address; a source with dnsDenied fails first at its DNS lookup when it connects by name.',
    parties: unique,
    cells: matrixExportRows(grid),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function matrixExport(format: MatrixExportFormat, matrix: ConnectivityMatrix, grid: MatrixGrid, context: { cluster: string; port: string; filter: string }): string {
  return format === 'csv' ? matrixCsv(grid) : matrixJson(matrix, grid, context);
}
