import * as fs from 'node:fs';
import * as path from 'node:path';

export interface MarkedCursor {
  readonly uri: string;
  readonly position: { readonly line: number; readonly character: number };
}

/**
 * The cursors a folder's manifests mark: each `# cursor: ID @ TEXT` comment names a cursor ID on the first
 * character of TEXT on its line. With the lines of each file, by URI.
 */
export function markedCursors(folder: string): { cursors: Map<string, MarkedCursor>; lines: Map<string, readonly string[]> } {
  const cursors = new Map<string, MarkedCursor>();
  const lines = new Map<string, readonly string[]>();
  for (const name of fs.readdirSync(folder).filter((file) => file.endsWith('.yaml')).sort()) {
    const uri = `file://${path.join(folder, name)}`;
    const text = fs.readFileSync(path.join(folder, name), 'utf8').split('\n');
    lines.set(uri, text);
    text.forEach((line, index) => {
      const marker = /# cursor: (\S+) @ (.+)$/.exec(line);
      if (marker) cursors.set(marker[1]!, { uri, position: { line: index, character: line.indexOf(marker[2]!) } });
    });
  }
  return { cursors, lines };
}
