import type { KubeObject, NetworkPolicy, Problem, ProblemFix, ReadonlyList, TextPosition, TextRange } from '../engine';
import { objectAt } from './symbolAt';

export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

export interface TextEditProposal {
  readonly title: string;
  readonly edits: readonly TextEdit[];
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

/**
 * The edits that fix a problem: the ones its check proposed, written against the document's current text, and for
 * KT305 (a rule appended to a list, laid out as the policy's own) the one read from the policy.
 */
export function quickFixesFor(problem: Problem, objects: ReadonlyList<KubeObject>, lines: readonly string[]): TextEditProposal[] {
  if (problem.fixes) return problem.fixes.flatMap((fix) => textEditsOf(fix, lines) ?? []);
  if (problem.code === 'KT305') {
    const policy = objectAt(objects, problem.uri, problem.range.start);
    const fix = policy?.type === 'NetworkPolicy' && dnsRuleEdit(policy, lines);
    if (fix) return [fix];
  }
  return [];
}

/** A check's fix as text edits, or undefined when the text is not laid out the way the edit needs. */
export function textEditsOf(fix: ProblemFix, lines: readonly string[]): TextEditProposal | undefined {
  const edits = fix.kind === 'replace' ? replaceScalar(fix.range, fix.value, lines) : fix.kind === 'add-entry' ? addEntry(fix.mapping, fix.key, fix.value, lines) : moveItemBefore(fix.item, fix.before, lines);
  return edits && { title: fix.title, preferred: fix.preferred, edits };
}

/** A one-line scalar replaced, keeping its quotes; a bare value YAML would read as other than a string is quoted. */
function replaceScalar(range: TextRange, value: string, lines: readonly string[]): TextEdit[] | undefined {
  const { start, end } = range;
  if (start.line !== end.line) return undefined;
  const written = (lines[start.line] ?? '').slice(start.character, end.character);
  const quote = /^["']/.exec(written)?.[0];
  if (quote) return [{ range, newText: `${quote}${value}${quote}` }];
  // The check says whether a number is meant (a weight) by the value written there: a string stays a string.
  const number = /^-?\d+$/;
  const plain = number.test(written) ? number.test(value) : /^[A-Za-z_][\w.\-/]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value);
  return [{ range, newText: plain ? value : JSON.stringify(value) }];
}

/** `key: value` added to a mapping: one more line at its keys' indent (block), or one more pair before its `}` (flow). */
function addEntry(mapping: TextRange, key: string, value: string, lines: readonly string[]): TextEdit[] | undefined {
  const { start, end } = mapping;
  const first = lines[start.line] ?? '';
  if (first[start.character] === '{') {
    const last = lines[end.line] ?? '';
    if (last[end.character - 1] !== '}') return undefined;
    const at = { line: end.line, character: end.character - 1 };
    return [{ range: { start: at, end: at }, newText: `, ${key}: ${value}` }];
  }
  if (!/^\s*(- )?\s*$/.test(first.slice(0, start.character))) return undefined;
  const lastLine = end.character === 0 ? end.line - 1 : end.line;
  const at = { line: lastLine, character: (lines[lastLine] ?? '').length };
  return [{ range: { start: at, end: at }, newText: `\n${' '.repeat(start.character)}${key}: ${value}` }];
}

/**
 * A block list item's lines moved to just before another item's. Both must be block items (`- ` starting their
 * first line, nothing after them on their last); a flow list is left to the user.
 */
function moveItemBefore(item: TextRange, before: TextRange, lines: readonly string[]): TextEdit[] | undefined {
  const itemLines = blockItemLines(item, lines);
  const beforeLines = blockItemLines(before, lines);
  if (!itemLines || !beforeLines || beforeLines.last >= itemLines.first) return undefined;
  const text = lines.slice(itemLines.first, itemLines.last + 1).map((line) => `${line}\n`).join('');
  const insertAt: TextPosition = { line: beforeLines.first, character: 0 };
  // The last line of the file may have no line end: then the line end before the item goes with it.
  const removed: TextRange =
    itemLines.last + 1 < lines.length ? { start: { line: itemLines.first, character: 0 }, end: { line: itemLines.last + 1, character: 0 } } : { start: { line: itemLines.first - 1, character: (lines[itemLines.first - 1] ?? '').length }, end: { line: itemLines.last, character: (lines[itemLines.last] ?? '').length } };
  return [
    { range: { start: insertAt, end: insertAt }, newText: text },
    { range: removed, newText: '' },
  ];
}

/**
 * The first and last line of a block list item, when it starts its line with `- ` and ends at a line end; the
 * comment lines just above it go with it. A comment after it belongs to the next item (YAML keeps it in this one).
 */
function blockItemLines(range: TextRange, lines: readonly string[]): { first: number; last: number } | undefined {
  if (!/^\s*-\s+$/.test((lines[range.start.line] ?? '').slice(0, range.start.character))) return undefined;
  let last = range.end.character === 0 ? range.end.line - 1 : range.end.line;
  if (last < range.start.line || (range.end.character > 0 && (lines[last] ?? '').slice(range.end.character).trim() !== '')) return undefined;
  while (last > range.start.line && /^\s*(#.*)?$/.test(lines[last] ?? '')) last--;
  let first = range.start.line;
  while (first > 0 && /^\s*#/.test(lines[first - 1] ?? '')) first--;
  return { first, last };
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
    return { title, edits: [{ range: { start: position, end: position }, newText: `\n${DNS_RULE(' '.repeat(dashColumn))}` }], preferred: true };
  }
  const anchor = policy.spec?.policyTypes?.span.key ?? policy.spec?.podSelector?.span.key;
  if (!anchor || egress) return undefined;
  const indent = ' '.repeat(anchor.start.character);
  const after = policy.spec?.policyTypes?.span.value.end ?? policy.spec!.podSelector!.span.value.end;
  const lineEnd = after.character === 0 ? after.line - 1 : after.line;
  const position = { line: lineEnd, character: (lines[lineEnd] ?? '').length };
  return { title, edits: [{ range: { start: position, end: position }, newText: `\n${indent}egress:\n${DNS_RULE(`${indent}  `)}` }], preferred: true };
}
