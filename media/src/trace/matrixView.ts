/** Draws the connectivity matrix as an ARIA grid: labelled cells, arrow keys to move, Enter to trace a cell. */
import type { MatrixCell, MatrixParty } from '../../../server/src/engine';
import { element, onActivate } from './dom';
import type { CellChange } from './matrixComparison';
import type { MatrixGrid } from './matrixModel';

export type OpenCell = (source: MatrixParty, destination: MatrixParty, cells: readonly MatrixCell[]) => void;

/** `changeOf`: what changed in a cell against a revision, when the matrix is compared with one. */
export function renderMatrixGrid(root: HTMLElement, grid: MatrixGrid, onOpen: OpenCell, changeOf?: (from: string, to: string) => CellChange | undefined): void {
  const destinations = grid.columns.flatMap((group) => group.parties);
  const table = element('table', { class: 'matrix', role: 'grid', 'aria-label': 'who may connect to whom, per port' });
  const groupRow = element('tr');
  groupRow.append(element('th', { scope: 'col' }, ''));
  for (const group of grid.columns) groupRow.append(element('th', { scope: 'colgroup', colspan: String(group.parties.length), class: 'group' }, group.label));
  const nameRow = element('tr');
  nameRow.append(element('th', { scope: 'col' }, 'from \\ to'));
  // The name turns inside a span: the cell itself stays an ordinary column, as wide as the cells under it.
  for (const destination of destinations) {
    const header = element('th', { scope: 'col', class: 'column-name', title: destination.name });
    header.append(element('span', {}, shortName(destination)));
    nameRow.append(header);
  }
  const head = element('thead');
  head.append(groupRow, nameRow);
  const body = element('tbody');
  table.append(head, body);
  const cells: HTMLElement[][] = [];
  for (const group of grid.rows) {
    const header = element('tr', { class: 'group-row' });
    header.append(element('th', { scope: 'rowgroup', colspan: String(destinations.length + 1), class: 'group' }, group.label));
    body.append(header);
    for (const source of group.parties) {
      const row = element('tr');
      const dnsDenied = grid.dnsDenied(source.name);
      const rowHeader = element('th', { scope: 'row', ...(dnsDenied && { class: 'dns-denied', title: `Its DNS query is denied: ${dnsDenied}` }) }, shortName(source));
      if (dnsDenied) rowHeader.append(element('span', { class: 'mark' }, ' · DNS denied'));
      row.append(rowHeader);
      const rowCells: HTMLElement[] = [];
      for (const destination of destinations) {
        const summary = grid.cell(source.name, destination.name);
        const change = changeOf?.(source.name, destination.name);
        const label = change ? `${summary.label}; ${change.label}` : summary.label;
        const cell = element('td', { role: 'gridcell', class: `cell cell-${summary.verdict}${change ? ` cell-changed cell-${change.effect}` : ''}`, tabindex: '-1', title: label, 'aria-label': `${source.name} to ${destination.name}: ${label}` }, change ? `${summary.symbol}${change.mark}` : summary.symbol);
        if (summary.cells.length > 0) onActivate(cell, () => onOpen(source, destination, summary.cells));
        row.append(cell);
        rowCells.push(cell);
      }
      cells.push(rowCells);
      body.append(row);
    }
  }
  const first = cells[0]?.[0];
  if (first) first.tabIndex = 0;
  table.addEventListener('keydown', (event) => moveFocus(event, cells));
  // One table scrolls as a whole in a narrow panel, so headers and cells never part.
  const scroller = element('div', { class: 'matrix-scroll' });
  scroller.append(table);
  root.append(scroller);
}

/** A workload's name without its namespace, which the group header already says. */
function shortName(party: MatrixParty): string {
  return party.kind === 'workload' ? party.name.slice(party.name.indexOf('/') + 1) : party.name;
}

/** Arrow keys, Home and End move the one focusable cell (a roving tabindex), as in a spreadsheet. */
function moveFocus(event: KeyboardEvent, cells: HTMLElement[][]): void {
  const target = event.target as HTMLElement;
  const row = cells.findIndex((candidates) => candidates.includes(target));
  if (row < 0) return;
  const column = cells[row]!.indexOf(target);
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  let next: [number, number] | undefined = moves[event.key] ? [row + moves[event.key]![0], column + moves[event.key]![1]] : undefined;
  if (event.key === 'Home') next = [row, 0];
  if (event.key === 'End') next = [row, cells[row]!.length - 1];
  const destination = next && cells[next[0]]?.[next[1]];
  if (!destination) return;
  event.preventDefault();
  target.tabIndex = -1;
  destination.tabIndex = 0;
  destination.focus();
}
