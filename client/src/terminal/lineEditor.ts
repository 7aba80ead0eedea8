/** What a keystroke asks of the terminal: echo text, run a line, abandon it (Ctrl-C) or close (Ctrl-D on an empty line). */
export type LineAction = { readonly write: string } | { readonly submit: string } | { readonly interrupt: true } | { readonly close: true };

const HISTORY_LIMIT = 200;

/**
 * The line editing a shell's prompt does, for a pseudo-terminal that receives raw keystrokes: typing and pasting,
 * backspace, Ctrl-C, Ctrl-D, Ctrl-U, and the up and down arrows through the lines run before. The line is edited at
 * its end only (the left and right arrows are ignored).
 */
export class LineEditor {
  private line = '';
  private readonly history: string[] = [];
  /** Where the arrows are in the history: its length means the line being typed. */
  private browsing = 0;
  private typed = '';

  input(data: string): LineAction[] {
    const actions: LineAction[] = [];
    for (let at = 0; at < data.length; at++) {
      const char = data[at]!;
      if (char === '\x1b') {
        const sequence = escapeSequence(data, at);
        at += sequence.length - 1;
        if (sequence === '\x1b[A') actions.push(...this.browse(-1));
        if (sequence === '\x1b[B') actions.push(...this.browse(1));
        continue;
      }
      if (char === '\r' || char === '\n') {
        if (char === '\n' && data[at - 1] === '\r') continue;
        const line = this.line;
        if (line.trim() !== '' && this.history.at(-1) !== line) this.history.push(line);
        if (this.history.length > HISTORY_LIMIT) this.history.shift();
        this.browsing = this.history.length;
        this.line = '';
        actions.push({ write: '\r\n' }, { submit: line });
        continue;
      }
      if (char === '\x7f' || char === '\b') {
        if (this.line.length === 0) continue;
        this.line = this.line.slice(0, -1);
        actions.push({ write: '\b \b' });
        continue;
      }
      if (char === '\x03') {
        this.line = '';
        this.browsing = this.history.length;
        actions.push({ write: '^C\r\n' }, { interrupt: true });
        continue;
      }
      if (char === '\x04') {
        if (this.line === '') actions.push({ close: true });
        continue;
      }
      if (char === '\x15') {
        actions.push(...this.replaceLine(''));
        continue;
      }
      if (char < ' ' && char !== '\t') continue;
      this.line += char;
      actions.push({ write: char });
    }
    return merged(actions);
  }

  private browse(step: -1 | 1): LineAction[] {
    const next = Math.min(Math.max(this.browsing + step, 0), this.history.length);
    if (next === this.browsing) return [];
    if (this.browsing === this.history.length) this.typed = this.line;
    this.browsing = next;
    return this.replaceLine(next === this.history.length ? this.typed : this.history[next]!);
  }

  private replaceLine(text: string): LineAction[] {
    const erase = '\b \b'.repeat(this.line.length);
    this.line = text;
    return [{ write: erase + text }];
  }
}

/** Consecutive writes joined into one, so that a paste is echoed at once. */
function merged(actions: readonly LineAction[]): LineAction[] {
  const result: LineAction[] = [];
  for (const action of actions) {
    const last = result.at(-1);
    if (last && 'write' in last && 'write' in action) result[result.length - 1] = { write: last.write + action.write };
    else result.push(action);
  }
  return result;
}

/** The escape sequence starting at `at` (`ESC [ params final`, as the arrows send), or the lone ESC. */
function escapeSequence(data: string, at: number): string {
  if (data[at + 1] !== '[') return data[at]!;
  let end = at + 2;
  while (end < data.length && /[0-9;]/.test(data[end]!)) end++;
  return end < data.length && /[A-Za-z~]/.test(data[end]!) ? data.slice(at, end + 1) : data.slice(at, end);
}
