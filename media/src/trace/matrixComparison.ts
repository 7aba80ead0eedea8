/** The matrix compared with a revision: which cells changed and how, in words and a mark, never colour alone. */
import type { ComparedChange, ComparedLine, MatrixComparison } from '../protocol';

export interface CellChange {
  readonly effect: ComparedChange['effect'];
  /** `▲`, `▼` or `~`, after the cell's own symbol. */
  readonly mark: string;
  /** `opened against HEAD (1a2b): TCP/8080 denied → allowed`. */
  readonly label: string;
}

const MARKS: Record<ComparedChange['effect'], string> = { opened: '▲', closed: '▼', changed: '~' };

/** The change of each cell: every change of a pair, by port; a `*` change marks the workloads it names. */
export function cellChanges(comparison: MatrixComparison): (from: string, to: string) => CellChange | undefined {
  const byPair = new Map<string, ComparedChange[]>();
  for (const change of comparison.changes) {
    const sources = change.from === '*' ? (change.sources ?? []) : [change.from];
    for (const source of sources) byPair.set(`${source}\n${change.to}`, [...(byPair.get(`${source}\n${change.to}`) ?? []), change]);
  }
  return (from, to) => {
    const changes = byPair.get(`${from}\n${to}`);
    if (!changes) return undefined;
    const effects = new Set(changes.map((change) => change.effect));
    const effect = effects.size === 1 ? changes[0]!.effect : 'changed';
    const ports = changes.map((change) => `${change.protocol}/${change.port} ${change.before} → ${change.after}`).join(', ');
    return { effect, mark: MARKS[effect], label: `${effect} against ${comparison.base}: ${ports}` };
  };
}

/** A change's list entry: its words, and the lines that decided it on each side, to open. */
export interface ChangeEntry {
  readonly text: string;
  readonly lines: readonly (ComparedLine & { readonly side: 'before' | 'after' })[];
}

/** The changes for the list under the matrix: source, destination, port and verdicts, and both versions' lines. */
export function changeEntries(comparison: MatrixComparison): ChangeEntry[] {
  return changeLines(comparison).map((text, at) => {
    const change = comparison.changes[at]!;
    return { text, lines: [...(change.beforeRefs ?? []).map((line) => ({ ...line, side: 'before' as const })), ...(change.afterRefs ?? []).map((line) => ({ ...line, side: 'after' as const }))] };
  });
}

/** The changes as lines for the list under the matrix, each saying its source, destination, port and verdicts. */
export function changeLines(comparison: MatrixComparison): string[] {
  return comparison.changes.map((change) => {
    const named = change.sources ?? [];
    const count = change.sourceCount ?? named.length;
    const from = change.from !== '*' ? change.from : count <= 3 ? `every other workload (${named.join(', ')})` : `every other workload (${count}: ${named.slice(0, 3).join(', ')}, ...)`;
    return `${MARKS[change.effect]} ${change.effect}: ${from} → ${change.to} ${change.protocol}/${change.port}: ${change.before} → ${change.after}`;
  });
}

/** The path in the repository a `kubetrace-revision:/COMMIT/path` URI names; undefined for a workspace file. */
export function revisionPath(uri: string): string | undefined {
  const match = /^kubetrace-revision:\/[0-9a-f]+\/(.+)$/.exec(uri);
  return match ? match[1]!.split('/').map(decodeURIComponent).join('/') : undefined;
}
