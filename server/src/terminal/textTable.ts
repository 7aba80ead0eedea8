/**
 * Rows laid out as kubectl lays out its tables: k8s.io/cli-runtime's tabwriter (minimum width 6, padding 3,
 * blanks), every cell but a row's last padded to its column's width; the last cell is written as it is.
 */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (let column = 0; column < row.length - 1; column++) widths[column] = Math.max(widths[column] ?? 0, Math.max(6, row[column]!.length + 3));
  }
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('') + '\n').join('');
}
