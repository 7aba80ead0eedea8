import { failure, NOT_SIMULATED, type CommandOutput } from './commandOutput';

export const PIPE_COMMANDS = ['grep [-v] [-i] [-A N] [-B N] [-E] PATTERN', 'head [-n N]', 'tail [-n N]', 'wc -l'];

/** A filter after `|`, as the documents use them (`iptables -t nat -L KUBE-SERVICES -n | grep my-api`): it reads what the stage before printed. */
export function pipeThrough(words: readonly string[], input: CommandOutput): CommandOutput {
  const [program, ...args] = words;
  const lines = input.stdout === '' ? [] : input.stdout.replace(/\n$/, '').split('\n');
  const passOn = (kept: readonly string[], status = 0): CommandOutput => ({ stdout: kept.map((line) => `${line}\n`).join(''), stderr: input.stderr, status, notes: input.notes });
  switch (program) {
    case 'grep': {
      const options = grepOptions(args);
      if ('error' in options) return { ...failure(options.error, 2), stderr: input.stderr + options.error + '\n' };
      const kept = new Set<number>();
      lines.forEach((line, at) => {
        if (options.matches(line) === options.invert) return;
        for (let near = Math.max(0, at - options.before); near <= Math.min(lines.length - 1, at + options.after); near++) kept.add(near);
      });
      return passOn([...kept].sort((a, b) => a - b).map((at) => lines[at]!), kept.size > 0 ? 0 : 1);
    }
    case 'head':
    case 'tail': {
      const count = lineCount(args);
      if (count === undefined) return failure(`${program}: invalid number of lines`);
      return passOn(program === 'head' ? lines.slice(0, count) : lines.slice(Math.max(0, lines.length - count)));
    }
    case 'wc':
      return args[0] === '-l' ? passOn([String(lines.length)]) : failure('kubetrace: only `wc -l` is simulated after |', NOT_SIMULATED);
    default:
      return failure(`kubetrace: command not simulated after |: ${words.join(' ')}\nsimulated there: ${PIPE_COMMANDS.join(', ')}`, NOT_SIMULATED);
  }
}

function grepOptions(args: readonly string[]): { matches: (line: string) => boolean; invert: boolean; before: number; after: number } | { error: string } {
  let invert = false;
  let ignoreCase = false;
  let extended = false;
  let before = 0;
  let after = 0;
  let pattern: string | undefined;
  for (let at = 0; at < args.length; at++) {
    const arg = args[at]!;
    if (arg === '-v') invert = true;
    else if (arg === '-i') ignoreCase = true;
    else if (arg === '-E') extended = true;
    else if (arg === '-A' || arg === '-B' || arg === '-C') {
      const count = Number(args[++at]);
      if (!Number.isInteger(count) || count < 0) return { error: `grep: ${args[at] ?? ''}: invalid context length argument` };
      if (arg !== '-B') after = count;
      if (arg !== '-A') before = count;
    } else if (pattern === undefined) pattern = arg;
    else return { error: 'grep: the terminal reads what the command before | printed, not files' };
  }
  if (pattern === undefined) return { error: 'Usage: grep [OPTION]... PATTERNS' };
  let expression: RegExp;
  try {
    // Basic regular expressions treat + ? | ( ) literally; extended ones as operators.
    expression = new RegExp(extended ? pattern : pattern.replace(/[+?|(){}]/g, '\\$&'), ignoreCase ? 'i' : '');
  } catch {
    return { error: `grep: invalid regular expression: ${pattern}` };
  }
  return { matches: (line) => expression.test(line), invert, before, after };
}

function lineCount(args: readonly string[]): number | undefined {
  const text = args[0] === '-n' ? args[1] : args[0]?.startsWith('-') ? args[0].slice(1) : args[0];
  if (text === undefined) return 10;
  const count = Number(text);
  return Number.isInteger(count) && count >= 0 ? count : undefined;
}
