/** A small, strict argument parser: unknown options are usage errors, never ignored. */
export interface ParsedArguments {
  readonly positionals: string[];
  readonly flags: Set<string>;
  readonly values: Map<string, string[]>;
}

export class UsageError extends Error {}

/** A PATH the user named that cannot be read: the CLI exits 2. */
export class PathError extends Error {}

export interface OptionSpec {
  readonly flags: readonly string[];
  readonly values: readonly string[];
}

export function parseArguments(args: readonly string[], spec: OptionSpec): ParsedArguments {
  const positionals: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') {
      positionals.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (spec.flags.includes(name)) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
      flags.add(name);
    } else if (spec.values.includes(name)) {
      const value = inline ?? args[++index];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option ${name}`);
    }
  }
  return { positionals, flags, values };
}

export type OutputFormat = 'text' | 'json';

export function readFormat(parsed: ParsedArguments): OutputFormat {
  const format = parsed.values.get('--format')?.at(-1) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  return format;
}
