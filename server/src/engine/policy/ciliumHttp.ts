import type { CiliumHttpRule } from '../objects';
import type { HttpGate, HttpGateRule } from './types';

/**
 * Cilium's HTTP rules, as its Envoy proxy applies them (docs.cilium.io, "Layer 7 Examples"): a request passes when
 * some rule matches all it names: the method and the path as regular expressions (RE2) over the whole value, the Host
 * header likewise, each `headers` entry (`Name value` or `Name: value`, or a bare name that must be present) and each
 * `headerMatches` entry (one with a mismatch action lets a wrong value through, after fixing or logging it).
 * A request no rule matches gets 403 Forbidden ("Access denied") from the proxy.
 */

export interface GatedRequest {
  readonly method: string;
  /** The path with its query, as the request line gives it. */
  readonly path: string;
  readonly host?: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** POSIX classes RE2 accepts inside brackets, as JavaScript writes them. */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  xdigit: '0-9a-fA-F',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
};

/**
 * An RE2 expression (what Cilium's proxy compiles) as a JavaScript one, whole-value anchored; null where RE2 rejects
 * it (lookaround, backreferences), which makes Cilium reject the policy.
 */
function fromRe2(source: string): RegExp | null {
  if (/\(\?<?[=!]|\\[1-9]/.test(source)) return null;
  const flags = /^\(\?([imsU]+)\)/.exec(source);
  if (flags?.[1]?.includes('U')) return null;
  const body = (flags ? source.slice(flags[0].length) : source)
    .replace(/\[:(\w+):\]/g, (whole, name: string) => POSIX_CLASSES[name] ?? whole)
    .replace(/\(\?P</g, '(?<')
    .replace(/\\z/g, '$')
    .replace(/\\A/g, '^');
  try {
    return new RegExp(`^(?:${body})$`, flags?.[1] ?? '');
  } catch {
    return null;
  }
}

/** A regular expression of a rule, compiled once; null when RE2 would not compile it (Cilium then rejects the policy). */
const compiled = new Map<string, RegExp | null>();

export function ciliumRegex(source: string): RegExp | null {
  let expression = compiled.get(source);
  if (expression === undefined) {
    expression = fromRe2(source);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(source, expression);
  }
  return expression;
}

function header(request: GatedRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  if (wanted === 'host') return request.host;
  const key = Object.keys(request.headers).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : request.headers[key];
}

function ruleMatches(rule: CiliumHttpRule, request: GatedRequest): boolean {
  const matches = (pattern: string | undefined, value: string | undefined) => pattern === undefined || (value !== undefined && (ciliumRegex(pattern)?.test(value) ?? false));
  if (!matches(rule.method?.value, request.method)) return false;
  if (!matches(rule.path?.value, request.path)) return false;
  if (!matches(rule.host?.value, request.host)) return false;
  // Cilium splits an entry at its first space, the name losing a trailing colon: `X-Token: abc`, `X-Token abc`, or a bare name.
  for (const entry of rule.headers?.value ?? []) {
    const space = entry.value.indexOf(' ');
    const name = (space < 0 ? entry.value : entry.value.slice(0, space)).replace(/:+$/, '');
    const value = header(request, name);
    if (value === undefined || (space >= 0 && value !== entry.value.slice(space + 1).trim())) return false;
  }
  for (const entry of rule.headerMatches?.value ?? []) {
    const value = header(request, entry.name?.value ?? '');
    const wrong = entry.value === undefined ? value === undefined : value !== entry.value.value;
    if (wrong && entry.mismatch === undefined) return false;
  }
  return true;
}

/** The rule that lets a request through Cilium's proxy, or undefined: then the proxy answers 403. */
export function passingHttpRule(gate: HttpGate, request: GatedRequest): HttpGateRule | undefined {
  return gate.rules.find((entry) => ruleMatches(entry.rule, request));
}

/** A rule said as people write it: `GET /v1/.*` with its headers. */
export function describeHttpRule(rule: CiliumHttpRule): string {
  const parts = [rule.method?.value ?? 'any method', rule.path?.value ?? 'any path'];
  if (rule.host) parts.push(`host ${rule.host.value}`);
  for (const entry of rule.headers?.value ?? []) parts.push(`header ${entry.value}`);
  for (const entry of rule.headerMatches?.value ?? []) parts.push(`header ${entry.name?.value}${entry.value ? `: ${entry.value.value}` : ''}`);
  return parts.join(' ');
}
