import type { TextPosition, TextRange } from '../engine';

/** A change an editor made to a text: `text` in place of `range` (LSP's incremental change). */
export interface TextChange {
  readonly range: TextRange;
  readonly text: string;
}

/** Of a text cut in pieces, the pieces `first` to `end` (excluded) replaced by `text`. */
export interface ChangedSpan {
  readonly first: number;
  readonly end: number;
  readonly text: string;
}

/** About how long a piece of a `PieceText` is: an edit copies the piece it touches, not the whole text. */
const PIECE_LENGTH = 16_384;

/**
 * A text held as pieces, each but the last ending a line, so that an editor's change copies the pieces it touches
 * rather than the whole text (a 5 MB string copied per keystroke costs tens of milliseconds). The whole text is
 * joined only when read, once.
 */
export class PieceText {
  private joined: string | undefined;

  private constructor(
    private readonly pieces: readonly string[],
    private readonly lineBreaks: readonly number[],
  ) {}

  static of(text: string): PieceText {
    const pieces = cutInPieces(text);
    const joined = new PieceText(pieces, pieces.map(editorLineBreaks));
    joined.joined = text;
    return joined;
  }

  get text(): string {
    return (this.joined ??= this.pieces.join(''));
  }

  /** This text with `changes` applied one after another, as an editor applies them. */
  withChanges(changes: readonly TextChange[]): PieceText {
    const span = changedSpan(this.pieces, this.lineBreaks, changes);
    if (!span) return this;
    const pieces = cutInPieces(span.text);
    return new PieceText([...this.pieces.slice(0, span.first), ...pieces, ...this.pieces.slice(span.end)], [...this.lineBreaks.slice(0, span.first), ...pieces.map(editorLineBreaks), ...this.lineBreaks.slice(span.end)]);
  }
}

/** `text` cut after a line break about every PIECE_LENGTH characters (a line longer than that is one piece). */
function cutInPieces(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > PIECE_LENGTH) {
    const lineEnd = text.indexOf('\n', start + PIECE_LENGTH - 1);
    if (lineEnd < 0) break;
    pieces.push(text.slice(start, lineEnd + 1));
    start = lineEnd + 1;
  }
  if (start < text.length || pieces.length === 0) pieces.push(text.slice(start));
  return pieces;
}

/**
 * Applies `changes` one after another to a text cut in `pieces` (each but the last ends with a line feed;
 * `lineBreaks[i]` counts the lines piece i ends, a CR LF once), the positions read as an editor reads them (a CR, a
 * LF or a CR LF ends a line; a position past its line's end is at that end, one past the last line at the text's
 * end). Returns the pieces the changes touched, one span that ends with a line feed unless it reaches the end, and
 * their text after the changes; undefined when there are no changes.
 */
export function changedSpan(pieces: readonly string[], lineBreaks: readonly number[], changes: readonly TextChange[]): ChangedSpan | undefined {
  if (changes.length === 0 || pieces.length === 0) return undefined;
  // firstLines[i]: the text's line piece i starts at, as the pieces were.
  const firstLines = [0];
  for (const count of lineBreaks) firstLines.push(firstLines.at(-1)! + count);
  const pieceAt = (line: number) => {
    let low = 0;
    let high = pieces.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (firstLines[middle]! <= line) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  let first = -1;
  let end = -1;
  let text = '';
  for (const change of changes) {
    const [start, stop] = wellFormed(change.range);
    if (first < 0) {
      first = pieceAt(Math.max(start.line, 0));
      end = first;
      text = '';
    }
    // The span's lines, and where those of the pieces after it are now.
    const spanLine = firstLines[first]!;
    const afterShift = spanLine + editorLineBreaks(text) - firstLines[end]!;
    if (start.line < spanLine) {
      const from = pieceAt(Math.max(start.line, 0));
      text = pieces.slice(from, first).join('') + text;
      first = from;
    }
    const lastLine = Math.max(start.line, stop.line);
    if (end < pieces.length && lastLine >= firstLines[end]! + afterShift) {
      const to = lastLine - afterShift > firstLines.at(-1)! ? pieces.length : pieceAt(lastLine - afterShift) + 1;
      text += pieces.slice(end, Math.max(to, end + 1)).join('');
      end = Math.max(to, end + 1);
    }
    const line = firstLines[first]!;
    const startOffset = offsetIn(text, start.line - line, start.character);
    const stopOffset = offsetIn(text, stop.line - line, stop.character);
    // The span still ends with its line feed: a change that reaches it ends on the next line, which took that piece in.
    text = text.slice(0, startOffset) + change.text + text.slice(stopOffset);
  }
  return { first, end, text };
}

/** A range whose start comes first, as the editor's document reads a reversed one. */
function wellFormed(range: TextRange): readonly [TextPosition, TextPosition] {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? [end, start] : [start, end];
}

/**
 * The offset in `text` (which starts a line) of a position whose line counts from its start; a line past its last
 * is its end (changedSpan takes in every piece up to the position's line, so only the text's end is past it).
 */
function offsetIn(text: string, line: number, character: number): number {
  if (line < 0) return 0;
  let lineStart = 0;
  for (let at = 0; at < line; at++) {
    const next = nextLineStart(text, lineStart);
    if (next < 0) return text.length;
    lineStart = next;
  }
  if (character <= 0) return lineStart;
  const nextStart = nextLineStart(text, lineStart);
  let offset = Math.min(lineStart + character, nextStart < 0 ? text.length : nextStart);
  while (offset > lineStart && isLineBreak(text.charCodeAt(offset - 1))) offset--;
  return offset;
}

/** Where the line after the one starting at `from` starts, or -1 when that line is the text's last. */
function nextLineStart(text: string, from: number): number {
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 10) return at + 1;
    if (code === 13) return text.charCodeAt(at + 1) === 10 ? at + 2 : at + 1;
  }
  return -1;
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** The lines `text` ends as an editor counts them: a CR, a LF or a CR LF each end one. */
function editorLineBreaks(text: string): number {
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 10) count++;
    else if (code === 13) {
      count++;
      if (text.charCodeAt(at + 1) === 10) at++;
    }
  }
  return count;
}
