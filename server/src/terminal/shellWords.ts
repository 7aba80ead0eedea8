/**
 * A command line split as a POSIX shell splits it: words separated by blanks, single quotes taking everything
 * literally, double quotes and backslashes escaping, and `|` between the stages of a pipeline. No expansion
 * happens (no variables, globs or substitutions): the terminal runs no program, so nothing would expand them.
 */
export function splitPipeline(line: string): string[][] | { readonly error: string } {
  const stages: string[][] = [[]];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let at = 0; at < line.length; at++) {
    const char = line[at]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word = (word ?? '') + char;
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && at + 1 < line.length && '"\\$`'.includes(line[at + 1]!)) word = (word ?? '') + line[++at];
      else word = (word ?? '') + char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      word ??= '';
      continue;
    }
    if (char === '\\') {
      if (at + 1 < line.length) word = (word ?? '') + line[++at];
      continue;
    }
    if (char === ' ' || char === '\t') {
      if (word !== undefined) stages.at(-1)!.push(word);
      word = undefined;
      continue;
    }
    if (char === '|') {
      if (word !== undefined) stages.at(-1)!.push(word);
      word = undefined;
      if (stages.at(-1)!.length === 0) return { error: "syntax error near unexpected token `|'" };
      stages.push([]);
      continue;
    }
    if (char === '#' && word === undefined) break;
    word = (word ?? '') + char;
  }
  if (quote) return { error: `unexpected end of line while looking for matching \`${quote}'` };
  if (word !== undefined) stages.at(-1)!.push(word);
  if (stages.length > 1 && stages.at(-1)!.length === 0) return { error: "syntax error: a pipeline cannot end with `|'" };
  return stages;
}
