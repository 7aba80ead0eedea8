import type { TerminalNote } from './commandOutput';

/** The simulator's notes as lines after a command's output: `[kubetrace] TEXT (FILE:LINE)`, a place a terminal links. */
export function notesText(notes: readonly TerminalNote[], place: (uri: string) => string): string {
  return notes.map((note) => `[kubetrace] ${note.text}${note.source ? ` (${place(note.source.uri)}:${note.source.range.start.line + 1})` : ''}\n`).join('');
}
