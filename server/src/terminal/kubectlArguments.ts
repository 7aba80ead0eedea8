/** A kubectl command line read the way kubectl's flag parser (pflag) reads it. */
export interface KubectlArguments {
  readonly positionals: readonly string[];
  /** Every value each option was given, by its long name. */
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
  /** What follows `--`: the command `exec` and `run` start. */
  readonly command: readonly string[];
}

/** An option by its long name, with its short one and whether it takes a value. */
export interface KubectlOption {
  readonly long: string;
  readonly short?: string;
  readonly takesValue: boolean;
}

/** The options every kubectl command takes. */
export const GLOBAL_OPTIONS: readonly KubectlOption[] = [
  { long: 'namespace', short: 'n', takesValue: true },
  { long: 'all-namespaces', short: 'A', takesValue: false },
  { long: 'selector', short: 'l', takesValue: true },
  { long: 'output', short: 'o', takesValue: true },
];

export function readKubectlArguments(words: readonly string[], known: readonly KubectlOption[]): KubectlArguments | { readonly error: string } {
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  const all = [...GLOBAL_OPTIONS, ...known];
  for (let at = 0; at < words.length; at++) {
    const word = words[at]!;
    if (word === '--') return { positionals, options, flags, command: words.slice(at + 1) };
    let option: KubectlOption | undefined;
    let inline: string | undefined;
    if (word.startsWith('--')) {
      const [name, value] = word.includes('=') ? [word.slice(2, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word.slice(2), undefined];
      option = all.find((candidate) => candidate.long === name);
      inline = value;
      if (!option) return { error: `error: unknown flag: --${name}` };
    } else if (word.startsWith('-') && word.length > 1) {
      // Short flags combine (`-it`); a short option with a value takes the rest of the word or the next one (`-nshop`).
      for (let letter = 1; letter < word.length; letter++) {
        const short = all.find((candidate) => candidate.short === word[letter]);
        if (!short) return { error: `error: unknown shorthand flag: '${word[letter]}' in ${word}` };
        if (!short.takesValue) {
          flags.add(short.long);
          continue;
        }
        const rest = word.slice(letter + 1).replace(/^=/, '');
        const value = rest !== '' ? rest : words[++at];
        if (value === undefined) return { error: `error: flag needs an argument: '${word[letter]}' in -${word[letter]}` };
        options.set(short.long, [...(options.get(short.long) ?? []), value]);
        break;
      }
      continue;
    } else {
      positionals.push(word);
      continue;
    }
    if (!option.takesValue) {
      if (inline === undefined || inline === 'true') flags.add(option.long);
      continue;
    }
    const value = inline ?? words[++at];
    if (value === undefined) return { error: `error: flag needs an argument: --${option.long}` };
    options.set(option.long, [...(options.get(option.long) ?? []), value]);
  }
  return { positionals, options, flags, command: [] };
}

export function lastOption(parsed: KubectlArguments, name: string): string | undefined {
  return parsed.options.get(name)?.at(-1);
}
