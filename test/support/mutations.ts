/** Deterministic random edits of manifests, for the fuzz tests: what half-typed, pasted and broken YAML looks like. */
import { pick } from './random';

const REPLACEMENTS = ['', '0', '-1', '70000', '"80"', 'true', 'null', '~', '[]', '{}', '[a, b]', '{a: 1}', '*missing', '&anchor x', '|\n  block', '"<script>x</script>"', 'ünïcödé', '10.0.0.0/33', 'fd00::1', '\t', ': :', '---', '{'];

/** The kinds of damage, each named so a failing step can say what it did. */
const MUTATIONS: Record<string, (text: string, random: () => number, donor: string) => string> = {
  'delete lines': (text, random) => {
    const lines = text.split('\n');
    const at = Math.floor(random() * lines.length);
    lines.splice(at, 1 + Math.floor(random() * 3));
    return lines.join('\n');
  },
  'duplicate lines': (text, random) => {
    const lines = text.split('\n');
    const at = Math.floor(random() * lines.length);
    lines.splice(at, 0, ...lines.slice(at, at + 1 + Math.floor(random() * 4)));
    return lines.join('\n');
  },
  retype: (text, random) => {
    const lines = text.split('\n');
    const candidates = lines.flatMap((line, index) => (/:\s*\S/.test(line) ? [index] : []));
    if (candidates.length === 0) return text;
    const at = pick(candidates, random);
    lines[at] = lines[at]!.replace(/:\s*\S.*$/, `: ${pick(REPLACEMENTS, random)}`);
    return lines.join('\n');
  },
  truncate: (text, random) => text.slice(0, Math.floor(random() * text.length)),
  splice: (text, random, donor) => {
    const at = Math.floor(random() * (text.length + 1));
    const from = Math.floor(random() * donor.length);
    return text.slice(0, at) + donor.slice(from, from + Math.floor(random() * 400)) + text.slice(at);
  },
  'type a character': (text, random) => {
    const at = Math.floor(random() * (text.length + 1));
    return text.slice(0, at) + pick(['a', ' ', '\n', ':', '-', '"', "'", '[', '{', '#', '\t', '&', '*', '!', '|', '>', '%', '@'], random) + text.slice(at);
  },
  'reindent a line': (text, random) => {
    const lines = text.split('\n');
    const at = Math.floor(random() * lines.length);
    lines[at] = ' '.repeat(Math.floor(random() * 7)) + lines[at]!.trimStart();
    return lines.join('\n');
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** One random mutation of `text`; `donor` is another file to splice from. */
export function mutate(text: string, random: () => number, donor: string): { readonly name: string; readonly text: string } {
  const name = pick(MUTATION_NAMES, random);
  return { name, text: MUTATIONS[name]!(text, random, donor) };
}
