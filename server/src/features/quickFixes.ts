import type { NetworkPolicy, Service } from '../engine/objects';
import type { Problem } from '../engine/problem';
import type { TextRange } from '../engine/source';

export interface TextEditProposal {
  readonly title: string;
  readonly range: TextRange;
  readonly newText: string;
  readonly preferred: boolean;
}

const DNS_RULE = (indent: string) =>
  [
    `${indent}- to:`,
    `${indent}    - namespaceSelector:`,
    `${indent}        matchLabels:`,
    `${indent}          kubernetes.io/metadata.name: kube-system`,
    `${indent}      podSelector:`,
    `${indent}        matchLabels:`,
    `${indent}          k8s-app: kube-dns`,
    `${indent}  ports:`,
    `${indent}    - protocol: UDP`,
    `${indent}      port: 53`,
    `${indent}    - protocol: TCP`,
    `${indent}      port: 53`,
  ].join('\n');

/** The edits that fix a problem when the right edit is clear; the text is the document's current text. */
export function quickFixesFor(problem: Problem, objects: readonly (Service | NetworkPolicy | { type: string })[], lines: readonly string[]): TextEditProposal[] {
  if (problem.code === 'KT101') {
    const match = /Did you mean ([^:]+): (.+)\?$/.exec(problem.message);
    const service = objects.find((object): object is Service => object.type === 'Service' && (object as Service).uri === problem.uri && within(problem.range, (object as Service).range));
    const entry = match && service?.spec?.selector?.entries[match[1]!];
    if (match && entry) return [{ title: `Change the selector to ${match[1]}: ${match[2]}`, range: entry.value, newText: match[2]!, preferred: true }];
  }
  if (problem.code === 'KT305') {
    const policy = objects.find((object): object is NetworkPolicy => object.type === 'NetworkPolicy' && (object as NetworkPolicy).uri === problem.uri && within(problem.range, (object as NetworkPolicy).range));
    const fix = policy && dnsRuleEdit(policy, lines);
    if (fix) return [fix];
  }
  if (REPLACED_BY_SUGGESTION.has(problem.code)) {
    const fix = suggestionEdit(problem, lines);
    if (fix) return [fix];
  }
  if (problem.code === 'KT507' && problem.range.start.line === problem.range.end.line && (lines[problem.range.start.line] ?? '').slice(problem.range.start.character, problem.range.end.character).replace(/["']/g, '') === 'STRICT') {
    // The range is the STRICT mode: PERMISSIVE accepts both until the clients join the mesh.
    return [{ title: 'Set the mode to PERMISSIVE until these clients join the mesh', range: problem.range, newText: 'PERMISSIVE', preferred: true }];
  }
  return [];
}

/** Mesh problems whose message ends in "Did you mean X?" about exactly the value at their range. */
const REPLACED_BY_SUGGESTION = new Set(['KT501', 'KT502', 'KT503', 'KT505']);

/** The value at the problem's range replaced by the suggestion, keeping its quotes; only for a plain name or number. */
function suggestionEdit(problem: Problem, lines: readonly string[]): TextEditProposal | undefined {
  const suggestion = /Did you mean ([^\s?]+)\?$/.exec(problem.message)?.[1];
  const { start, end } = problem.range;
  if (!suggestion || start.line !== end.line) return undefined;
  const written = (lines[start.line] ?? '').slice(start.character, end.character);
  const quote = /^["']/.exec(written)?.[0] ?? '';
  const bare = quote ? written.slice(1, -1) : written;
  // `reviwes.shop` or `other/gw`: the suggestion is one part of it, and which part is the user's to say.
  if (!/^[\w-]+$/.test(bare)) return undefined;
  return { title: `Change ${bare} to ${suggestion}`, range: problem.range, newText: `${quote}${suggestion}${quote}`, preferred: true };
}

function within(inner: TextRange, outer: TextRange): boolean {
  return inner.start.line >= outer.start.line && inner.end.line <= outer.end.line;
}

/** Appends a rule allowing UDP and TCP 53 to kube-dns: to the block `egress:` list, or as a new `egress:` under spec. */
function dnsRuleEdit(policy: NetworkPolicy, lines: readonly string[]): TextEditProposal | undefined {
  const egress = policy.spec?.egress;
  const title = 'Allow DNS: egress to kube-dns on UDP and TCP 53';
  if (egress && egress.value.length > 0) {
    const first = egress.value[0]!.span.value.start;
    const dashColumn = (lines[first.line] ?? '').lastIndexOf('-', first.character);
    if (dashColumn < 0) return undefined;
    const end = egress.value[egress.value.length - 1]!.span.value.end;
    const endLine = end.character === 0 ? end.line - 1 : end.line;
    const position = { line: endLine, character: (lines[endLine] ?? '').length };
    return { title, range: { start: position, end: position }, newText: `\n${DNS_RULE(' '.repeat(dashColumn))}`, preferred: true };
  }
  const anchor = policy.spec?.policyTypes?.span.key ?? policy.spec?.podSelector?.span.key;
  if (!anchor || egress) return undefined;
  const indent = ' '.repeat(anchor.start.character);
  const after = policy.spec?.policyTypes?.span.value.end ?? policy.spec!.podSelector!.span.value.end;
  const lineEnd = after.character === 0 ? after.line - 1 : after.line;
  const position = { line: lineEnd, character: (lines[lineEnd] ?? '').length };
  return { title, range: { start: position, end: position }, newText: `\n${indent}egress:\n${DNS_RULE(`${indent}  `)}`, preferred: true };
}
