/**
 * Istio's AuthorizationPolicy evaluated for one request, as the server's sidecar does it: any matching DENY rule
 * denies; then, when ALLOW policies apply, a request none of their rules matches is denied. CUSTOM (an external
 * authorizer) and AUDIT policies do not decide here, and the caller says so.
 */
import { cidrContains, parseAddress, parseCidr } from '../cidr';
import { matchesLabelMap } from '../labels';
import type { AuthorizationPolicy, AuthorizationRule, KubeObject } from '../objects';
import type { SimPod } from '../snapshot/types';
import { MESH_ROOT_NAMESPACE } from './mtls';

/** What a rule can look at. A traced request carries no JWT: `requestPrincipals` and `request.auth.*` never match. */
export interface AuthorizationRequest {
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The client's mTLS identity; undefined for plaintext. */
  readonly identity: { readonly principal: string; readonly namespace: string } | undefined;
  readonly sourceIp: string;
  readonly destinationIp: string;
  readonly port: number;
}

/** Whether a policy applies to a pod: its namespace's and selector's, or every pod for a selector-less one in the root namespace. */
export function appliesTo(policy: AuthorizationPolicy, pod: SimPod): boolean {
  const selector = policy.spec?.selector?.matchLabels?.value;
  if (policy.id.namespace === MESH_ROOT_NAMESPACE && !selector) return true;
  return policy.id.namespace === pod.namespace && (!selector || matchesLabelMap(selector, pod.labels));
}

/** Whether a policy reads what a traced request cannot carry (a JWT), so the caller can say why it did not match. */
export function readsJwt(policy: KubeObject): boolean {
  if (policy.type !== 'AuthorizationPolicy') return false;
  return (policy.spec?.rules?.value ?? []).some(
    (rule) =>
      (rule.from?.value ?? []).some(({ source }) => source?.requestPrincipals !== undefined || source?.notRequestPrincipals !== undefined) ||
      (rule.when?.value ?? []).some((condition) => condition.key?.value.startsWith('request.auth.')),
  );
}

type Patterns = { readonly value: readonly { readonly value: string }[] } | undefined;

/** A rule matches when one of its sources, one of its operations and all of its conditions match (absent lists match anything). */
export function ruleMatches(rule: AuthorizationRule, request: AuthorizationRequest): boolean {
  const sources = rule.from?.value ?? [];
  const operations = rule.to?.value ?? [];
  const principal = request.identity?.principal;
  const namespace = request.identity?.namespace;
  const sourceOk =
    sources.length === 0 ||
    sources.some(({ source }) => {
      if (!source) return true;
      return (
        anyOf(source.principals, principal, wildcard) &&
        noneOf(source.notPrincipals, principal, wildcard) &&
        anyOf(source.requestPrincipals, undefined, wildcard) &&
        anyOf(source.namespaces, namespace, wildcard) &&
        noneOf(source.notNamespaces, namespace, wildcard) &&
        anyOf(source.ipBlocks, request.sourceIp, inBlock) &&
        noneOf(source.notIpBlocks, request.sourceIp, inBlock) &&
        anyOf(source.remoteIpBlocks, request.sourceIp, inBlock) &&
        noneOf(source.notRemoteIpBlocks, request.sourceIp, inBlock)
      );
    });
  const operationOk =
    operations.length === 0 ||
    operations.some(({ operation }) => {
      if (!operation) return true;
      return (
        anyOf(operation.methods, request.method, wildcard) &&
        noneOf(operation.notMethods, request.method, wildcard) &&
        anyOf(operation.paths, request.path, wildcard) &&
        noneOf(operation.notPaths, request.path, wildcard) &&
        anyOf(operation.ports, String(request.port), wildcard) &&
        noneOf(operation.notPorts, String(request.port), wildcard) &&
        anyOf(operation.hosts, request.authority, hostPattern) &&
        noneOf(operation.notHosts, request.authority, hostPattern)
      );
    });
  const conditionsOk = (rule.when?.value ?? []).every((condition) => {
    const key = condition.key?.value ?? '';
    const value = conditionValue(key, request);
    const match = key.endsWith('.ip') ? inBlock : wildcard;
    return (condition.values === undefined || anyOf(condition.values, value, match)) && noneOf(condition.notValues, value, match);
  });
  return sourceOk && operationOk && conditionsOk;
}

/** A `when` key's value for the request; undefined for what it does not carry (request.auth.*, connection.sni, ...). */
function conditionValue(key: string, request: AuthorizationRequest): string | undefined {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) return request.headers[header[1]!.toLowerCase()];
  switch (key) {
    case 'source.ip':
    case 'remote.ip':
      return request.sourceIp;
    case 'source.namespace':
      return request.identity?.namespace;
    case 'source.principal':
      return request.identity?.principal;
    case 'destination.ip':
      return request.destinationIp;
    case 'destination.port':
      return String(request.port);
    default:
      return undefined;
  }
}

/** A list that must contain the value (absent list: anything; absent value: nothing). */
function anyOf(list: Patterns, value: string | undefined, match: (pattern: string, value: string) => boolean): boolean {
  return list === undefined || (value !== undefined && list.value.some((pattern) => match(pattern.value, value)));
}

/** A list that must not contain the value (an absent value is in no list). */
function noneOf(list: Patterns, value: string | undefined, match: (pattern: string, value: string) => boolean): boolean {
  return list === undefined || value === undefined || !list.value.some((pattern) => match(pattern.value, value));
}

/** Istio's string patterns: exact, `prefix*`, `*suffix` or `*`. */
function wildcard(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** Hosts compare without case and match with or without a port. */
function hostPattern(pattern: string, value: string): boolean {
  const host = value.toLowerCase();
  return wildcard(pattern.toLowerCase(), host) || wildcard(pattern.toLowerCase(), host.replace(/:\d+$/, ''));
}

/** An address or a CIDR containing the address. */
function inBlock(pattern: string, value: string): boolean {
  const cidr = parseCidr(pattern.includes('/') ? pattern : `${pattern}/${parseAddress(pattern)?.family === 'IPv6' ? 128 : 32}`);
  return cidr !== undefined && cidrContains(cidr, value);
}
