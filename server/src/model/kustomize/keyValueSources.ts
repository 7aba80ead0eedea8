import { CompactRange } from '../../engine/source';
import { strictUtf8, utf8Bytes } from './encoding';
import { KustomizeError, locationOf } from './errors';
import type { GeneratorArgs, Located } from './generatorArgs';
import { joinPath } from './paths';
import type { PluginContext } from './plugins';
import type { Origin } from './tree';

/** One key of a generated ConfigMap or Secret: its value as bytes, its text when they are UTF-8, and where it was written. */
export interface KeyValue {
  readonly key: string;
  readonly bytes: Uint8Array;
  readonly text: string | undefined;
  readonly origin?: Origin;
}

/**
 * The keys and values of a generator entry, as kustomize's KvLoader: env files first, then literals, then files;
 * a key given twice is an error. Kustomize validates neither keys nor env names (its FieldValidator accepts all).
 * `secret` keeps values out of every message.
 */
export function loadKeyValues(args: GeneratorArgs, context: PluginContext, secret: boolean): KeyValue[] {
  const pairs = [
    ...args.envs.flatMap((entry) => envFilePairs(entry, context)),
    ...args.literals.map((entry) => literalPair(entry, secret)),
    ...args.files.flatMap((entry) => filePair(entry, context)),
  ];
  const seen = new Set<string>();
  for (const pair of pairs) {
    if (seen.has(pair.key)) throw new KustomizeError(`configmap ${args.name.text} illegally repeats the key \`${pair.key}\``, locationOf(pair.origin) ?? locationOf(args.config.origin));
    seen.add(pair.key);
  }
  return pairs;
}

/** `key=value`: split at the first `=`; a value wrapped in one pair of matching quotes loses them (kustomize's removeQuotes). */
function literalPair(entry: Located, secret: boolean): KeyValue {
  const equals = entry.text.indexOf('=');
  if (equals <= 0) {
    const shown = secret ? 'of a Secret' : JSON.stringify(entry.text);
    throw new KustomizeError(`invalid literal source ${shown}, expected key=value`, locationOf(entry.origin));
  }
  const value = removeQuotes(entry.text.slice(equals + 1));
  return { key: entry.text.slice(0, equals), bytes: utf8Bytes(value), text: value, ...(entry.origin && { origin: entry.origin }) };
}

function removeQuotes(value: string): string {
  if (value.length < 2 || value[0] !== value[value.length - 1]) return value;
  return value[0] === '"' || value[0] === "'" ? value.slice(1, -1) : value;
}

/** `path` (the key is its base name) or `key=path`, as kustomize's ParseFileSource. */
function filePair(entry: Located, context: PluginContext): KeyValue[] {
  const source = entry.text;
  const where = locationOf(entry.origin);
  const separators = source.split('=').length - 1;
  let key: string;
  let path: string;
  if (separators === 0) {
    key = goBase(source);
    path = source;
  } else if (separators > 1) {
    throw new KustomizeError(`source ${JSON.stringify(source)} key name or file path contains '='`, where);
  } else if (source.startsWith('=')) {
    throw new KustomizeError(`missing key name for file path ${JSON.stringify(source.slice(1))} in source ${JSON.stringify(source)}`, where);
  } else if (source.endsWith('=')) {
    throw new KustomizeError(`missing file path for key name ${JSON.stringify(source.slice(0, -1))} in source ${JSON.stringify(source)}`, where);
  } else {
    [key, path] = source.split('=') as [string, string];
  }
  if (/^https?:\/\//.test(path)) {
    context.notice(`${path} is a remote file: Kubetrace does not fetch it, and the key ${key} is left out`, entry.origin);
    return [];
  }
  const bytes = context.loadBytes(path, entry.origin);
  return [{ key, bytes, text: strictUtf8(bytes), ...(entry.origin && { origin: entry.origin }) }];
}

/** Go's path.Base: the last element, trailing slashes ignored. */
function goBase(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * An env file, as kustomize's keyValuesFromLines: one `KEY=value` a line (the value as written after the first `=`),
 * leading white space ignored, blank lines and `#` comments skipped, a byte order mark dropped from the first line.
 * A line that is only `KEY` takes its value from kustomize's own environment: Kubetrace reads no environment, so the
 * value is empty and a notice says so. Each value carries the range of its line.
 */
function envFilePairs(entry: Located, context: PluginContext): KeyValue[] {
  const file = joinPath(context.directory, entry.text);
  const bytes = context.loadBytes(entry.text, entry.origin);
  const pairs: KeyValue[] = [];
  for (const [index, lineBytes] of splitLines(bytes).entries()) {
    const decoded = strictUtf8(lineBytes);
    if (decoded === undefined) throw new KustomizeError(`env source files: line ${index + 1} of ${entry.text} has invalid utf8 bytes`, locationOf(entry.origin));
    const line = (index === 0 ? decoded.replace(/^\uFEFF/, '') : decoded).replace(GO_LEADING_SPACE, '');
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    const key = equals < 0 ? line : line.slice(0, equals);
    if (key === '') continue;
    const origin: Origin = { file, range: new CompactRange(index, decoded.length - line.length, index, decoded.length) };
    if (equals < 0) context.notice(`${key} in ${entry.text} has no value: kustomize would read it from its own environment; Kubetrace leaves it empty`, origin);
    const value = equals < 0 ? '' : line.slice(equals + 1);
    pairs.push({ key, bytes: utf8Bytes(value), text: value, origin });
  }
  return pairs;
}

/** Go's unicode.IsSpace (JavaScript's \s also takes U+FEFF and leaves out U+0085). */
const GO_LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Lines as Go's bufio.ScanLines gives them: split at `\n`, a `\r` before it dropped, no empty last line. */
function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    if (index < bytes.length && bytes[index] !== 0x0a) continue;
    if (index === bytes.length && start === bytes.length) break;
    const end = index > start && bytes[index - 1] === 0x0d ? index - 1 : index;
    lines.push(bytes.subarray(start, end));
    start = index + 1;
  }
  return lines;
}
