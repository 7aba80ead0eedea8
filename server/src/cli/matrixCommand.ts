import { type ClusterSnapshot, type ConnectivityMatrix, foldedMatrix, type FoldedMatrix, groupBy, type MatrixPort, unfoldMatrix } from '../engine';
import { UsageError } from './arguments';

/** The most source-destination-port pairs the pairwise formats list. */
const PAIR_LIMIT = 1_000_000;

export const MATRIX_HELP = `Usage: kubetrace matrix [options] PATH...

Who may connect to whom under the NetworkPolicies and admin policies of the manifests: every workload and
external address class (the internet, each ipBlock CIDR) against every workload, on the ports that matter
(the destination's declared container ports and the ports policies name).

Text output is a grid (✓ every port allowed, ✗ every port denied, ~ some ports or pods allowed) followed by
the allowed and mixed connections with the rule that decided; csv and json give one row per source,
destination and port with the verdict (allowed, denied, depends) and the reason. Those list every pair, so
past ${PAIR_LIMIT.toLocaleString('en')} of them they stop with a message: rows (JSON) gives one row per
destination and port instead, with the verdict every source shares ("others") and the sources that differ.

Options:
  --port P               only this port (P or PROTOCOL/P, e.g. 8080 or UDP/53)
  --profile FILE         the cluster profile (default: kubetrace.yaml in or above the first PATH)
  --format text|json|csv|rows  output format (default text)
  --exclude GLOB         skip files matching GLOB (repeatable)
  -h, --help             show this help
`;

export function parsePortOption(text: string | undefined): MatrixPort | undefined {
  if (text === undefined) return undefined;
  const match = /^(?:(TCP|UDP|SCTP)\/)?(\d+)$/i.exec(text);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new UsageError(`--port must look like 8080 or UDP/53, not ${text}`);
  return { protocol: (match[1]?.toUpperCase() ?? 'TCP') as MatrixPort['protocol'], port };
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function renderText(matrix: ConnectivityMatrix): string {
  const destinations = matrix.parties.map((party) => party.name);
  const index = new Map(destinations.map((name, position) => [name, position + 1]));
  const width = Math.max(...matrix.parties.map((party) => party.name.length), 4);
  const lines = [`${'FROM \\ TO'.padEnd(width)}  ${destinations.map((_, position) => String(position + 1).padStart(3)).join('')}`];
  const cellsByPair = groupBy(matrix.cells, (cell) => [`${cell.from}\n${cell.to}`]);
  for (const party of matrix.parties) {
    const row = destinations.map((destination) => {
      if (destination === party.name) return '  ·';
      const cells = cellsByPair.get(`${party.name}\n${destination}`) ?? [];
      if (cells.length === 0) return '   ';
      const allowed = cells.filter((cell) => cell.verdict === 'allowed').length;
      return allowed === cells.length ? '  ✓' : allowed === 0 && cells.every((cell) => cell.verdict === 'denied') ? '  ✗' : '  ~';
    });
    lines.push(`${party.name.padEnd(width)}  ${row.join('')}`);
  }
  lines.push('', ...destinations.map((name) => `${String(index.get(name)).padStart(3)}  ${name}`), '');
  const open = matrix.cells.filter((cell) => cell.verdict !== 'denied');
  lines.push(`${open.length} allowed or mixed of ${matrix.cells.length} connections (${matrix.classes} policy classes evaluated)${matrix.enforced ? '' : '; the profile\'s CNI does not enforce NetworkPolicy, so in practice everything is allowed'}:`);
  for (const cell of open) lines.push(`  ${cell.from} → ${cell.to} ${cell.protocol}/${cell.port}: ${cell.verdict === 'depends' ? `depends: ${cell.reason}` : cell.reason}`);
  return `${lines.join('\n')}\n`;
}

/** Every pair the pairwise formats would list: each party to each workload, and each workload to each external class. */
function pairCount(folded: FoldedMatrix): number {
  return folded.rows.reduce((count, row) => count + Math.max(row.cells.length, folded.parties.length - 1), 0);
}

export function runMatrix(snapshot: ClusterSnapshot, format: string, port: MatrixPort | undefined, out: (text: string) => void): number {
  const folded = foldedMatrix(snapshot, port);
  if (format === 'rows') {
    out(`${JSON.stringify(folded, null, 2)}\n`);
    return 0;
  }
  const pairs = pairCount(folded);
  if (pairs > PAIR_LIMIT) {
    throw new UsageError(`the matrix of these manifests has about ${pairs.toLocaleString('en')} source-destination-port pairs, too many to list one by one: use --format rows (one row per destination and port), --port, or fewer PATHs`);
  }
  const matrix = unfoldMatrix(folded);
  if (format === 'json') out(`${JSON.stringify(matrix, null, 2)}\n`);
  else if (format === 'csv') {
    out('from,to,protocol,port,verdict,reason\n');
    for (const cell of matrix.cells) out(`${[cell.from, cell.to, cell.protocol, String(cell.port), cell.verdict, cell.reason].map(csvField).join(',')}\n`);
  } else out(renderText(matrix));
  return 0;
}
