import type { TerminalReply } from '../../../server/src/protocol';

/** A note's YAML as the terminal shows it: a workspace-relative path and a 1-based line, which the link provider opens. */
export interface PrintedNoteLink {
  readonly shown: string;
  readonly uri: string;
  readonly line: number;
}

/**
 * A command's reply as terminal text: its output with CRLF line ends (a pseudo-terminal does not translate them),
 * then the simulator's notes dimmed, each ending `(path:line)` where it names YAML.
 */
export function replyText(reply: TerminalReply, relativePath: (uri: string) => string): { readonly text: string; readonly links: readonly PrintedNoteLink[] } {
  const links: PrintedNoteLink[] = [];
  const notes = reply.notes.map((note) => {
    if (note.uri === undefined || note.range === undefined) return `\x1b[2m[kubetrace] ${note.text}\x1b[0m\n`;
    const shown = `${relativePath(note.uri)}:${note.range.start.line + 1}`;
    links.push({ shown, uri: note.uri, line: note.range.start.line });
    return `\x1b[2m[kubetrace] ${note.text} (${shown})\x1b[0m\n`;
  });
  const output = reply.stderr + reply.stdout;
  const text = `${output}${output === '' || output.endsWith('\n') ? '' : '\n'}${notes.join('')}`;
  return { text: crlf(text), links };
}

export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Where a printed note link sits in a terminal line: `(path:line)`, with the offsets the link provider reports. */
export function noteLinksIn(line: string): { readonly startIndex: number; readonly length: number; readonly shown: string }[] {
  return [...line.matchAll(/\(([^()\s]+:\d+)\)/g)].map((match) => ({ startIndex: match.index! + 1, length: match[1]!.length, shown: match[1]! }));
}
