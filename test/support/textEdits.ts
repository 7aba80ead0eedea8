/** LSP text edits applied to a text the way an editor applies one workspace edit: all against the original text. */
export interface RangeEdit {
  readonly range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } };
  readonly newText: string;
}

export function applyEdits(text: string, edits: readonly RangeEdit[]): string {
  const lineStarts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') lineStarts.push(index + 1);
  const offset = (position: { line: number; character: number }) => (lineStarts[position.line] ?? text.length) + position.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  return sorted.reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text);
}
