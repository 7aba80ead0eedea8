import type { CiliumHttpRule } from '../objects';
import type { HttpGate, HttpGateRule } from './types';

/**
 * Cilium's HTTP rules, as its Envoy proxy applies them (docs.cilium.io, "Layer 7 Examples"): a request passes when
 * some rule matches all it names: the method and the path as regular expressions over the whole value, the Host
 * header likewise, each `headers` entry (`Name: value`, or a bare name that must be present) and each
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

/** A regular expression of a rule, compiled once; one JavaScript cannot compile matches nothing (the check says so). */
const compiled = new Map<string, RegExp | null>();

export function ciliumRegex(source: string): RegExp | null {
  let expression = compiled.get(source);
  if (expression === undefined) {
    try {
      expression = new RegExp(`^(?:${source})$`);
    } catch {
      expression = null;
    }
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
  for (const entry of rule.headers?.value ?? []) {
    const colon = entry.value.indexOf(':');
    const name = (colon < 0 ? entry.value : entry.value.slice(0, colon)).trim();
    const value = header(request, name);
    if (value === undefined || (colon >= 0 && value !== entry.value.slice(colon + 1).trim())) return false;
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
