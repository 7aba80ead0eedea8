/**
 * Istio's AuthorizationPolicy evaluated for one request, as the server's sidecar does it: any matching DENY rule
 * denies; then, when ALLOW policies apply, a request none of their rules matches is denied. CUSTOM (an external
 * authorizer) and AUDIT policies do not decide here, and the caller says so. Asked for a connection without its
 * request (the connectivity matrix), the answer may depend on the request, and says so.
 */
import { cidrContains, parseAddress, parseCidr } from '../cidr';
import { matchesLabelMap } from '../labels';
import type { AuthorizationPolicy, AuthorizationRule, KubeObject } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { MESH_ROOT_NAMESPACE } from './mtls';

/** What an HTTP request carries. A traced request carries no JWT: `requestPrincipals` and `request.auth.*` never match it. */
export interface HttpAttributes {
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What a rule can look at. */
export interface AuthorizationRequest {
  /** Undefined when the question is about every request of the connection at once. */
  readonly http: HttpAttributes | undefined;
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

/**
 * A rule matches when one of its sources, one of its operations and all of its conditions match (absent lists match
 * anything). For a request whose HTTP attributes are not known, each test of one of them is `assumed`: true gives the
 * rule's widest reading (it may match), false its narrowest (it surely matches); a rule is monotone in its tests.
 */
export function ruleMatches(rule: AuthorizationRule, request: AuthorizationRequest, assumed = false): boolean {
  const sources = rule.from?.value ?? [];
  const operations = rule.to?.value ?? [];
  const principal = request.identity?.principal;
  const namespace = request.identity?.namespace;
  const http = request.http;
  // A test of the request's attributes: passed where the rule names none, else read from the request or assumed.
  const l7 = (lists: readonly Patterns[], test: (attributes: HttpAttributes) => boolean) => lists.every((list) => list === undefined) || (http === undefined ? assumed : test(http));
  const sourceOk =
    sources.length === 0 ||
    sources.some(({ source }) => {
      if (!source) return true;
      return (
        anyOf(source.principals, principal, wildcard) &&
        noneOf(source.notPrincipals, principal, wildcard) &&
        l7([source.requestPrincipals, source.notRequestPrincipals], () => anyOf(source.requestPrincipals, undefined, wildcard)) &&
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
        l7([operation.methods, operation.notMethods], ({ method }) => anyOf(operation.methods, method, wildcard) && noneOf(operation.notMethods, method, wildcard)) &&
        l7([operation.paths, operation.notPaths], ({ path }) => anyOf(operation.paths, path, wildcard) && noneOf(operation.notPaths, path, wildcard)) &&
        anyOf(operation.ports, String(request.port), wildcard) &&
        noneOf(operation.notPorts, String(request.port), wildcard) &&
        l7([operation.hosts, operation.notHosts], ({ authority }) => anyOf(operation.hosts, authority, hostPattern) && noneOf(operation.notHosts, authority, hostPattern))
      );
    });
  const conditionsOk = (rule.when?.value ?? []).every((condition) => {
    const key = condition.key?.value ?? '';
    // request.headers[...] and request.auth.*: what the request carries.
    if (http === undefined && key.startsWith('request.')) return assumed;
    const value = conditionValue(key, request);
    const match = key.endsWith('.ip') ? inBlock : wildcard;
    return (condition.values === undefined || anyOf(condition.values, value, match)) && noneOf(condition.notValues, value, match);
  });
  return sourceOk && operationOk && conditionsOk;
}

/** A `when` key's value for the request; undefined for what it does not carry (request.auth.*, connection.sni, ...). */
function conditionValue(key: string, request: AuthorizationRequest): string | undefined {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) return request.http?.headers[header[1]!.toLowerCase()];
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

/** A rule of a policy, with its place in the policy's list. */
export interface PolicyRule {
  readonly policy: AuthorizationPolicy;
  readonly rule: AuthorizationRule;
  readonly index: number;
}

/** What a pod's sidecar decides for a request (or, without its HTTP attributes, for every request of a connection). */
export interface IstioAuthorization {
  /** `depends`: only without HTTP attributes, when some requests are allowed and some denied. */
  readonly verdict: 'allowed' | 'denied' | 'depends';
  /** Every AuthorizationPolicy that applies to the pod. */
  readonly policies: readonly AuthorizationPolicy[];
  /** The DENY rule that matches (surely), when one decided. */
  readonly denied?: PolicyRule;
  /** The ALLOW rule that matches (surely), if one does. */
  readonly allowed?: PolicyRule;
  /** The ALLOW policies: with any, a request none of their rules matches is denied. */
  readonly allowPolicies: readonly AuthorizationPolicy[];
  /** For `depends`: the rules that match some requests and not others. */
  readonly requestDependent: readonly PolicyRule[];
}

/** The AuthorizationPolicies of a pod's sidecar applied to a request: any matching DENY rule denies; with ALLOW policies, a request no ALLOW rule matches is denied. */
export function authorizeRequest(snapshot: ClusterSnapshot, pod: SimPod, request: AuthorizationRequest): IstioAuthorization {
  const policies = objectsOfType(snapshot, 'AuthorizationPolicy').filter((policy) => appliesTo(policy, pod));
  const withAction = (action: string) => policies.filter((policy) => (policy.spec?.action?.value ?? 'ALLOW') === action);
  const rulesOf = (list: readonly AuthorizationPolicy[]) => list.flatMap((policy) => (policy.spec?.rules?.value ?? []).map((rule, index) => ({ policy, rule, index })));
  const denyRules = rulesOf(withAction('DENY'));
  const allowPolicies = withAction('ALLOW');
  const allowRules = rulesOf(allowPolicies);
  const surely = (candidate: PolicyRule) => ruleMatches(candidate.rule, request);
  const maybe = (candidate: PolicyRule) => ruleMatches(candidate.rule, request, true);
  const denied = denyRules.find(surely);
  const allowed = allowRules.find(surely);
  const decided = { policies, allowPolicies, ...(allowed && { allowed }) };
  if (denied) return { verdict: 'denied', ...decided, denied, requestDependent: [] };
  // An ALLOW policy without rules allows nothing: with it, every request is denied.
  if (allowPolicies.length > 0 && !allowRules.some(maybe)) return { verdict: 'denied', ...decided, requestDependent: [] };
  const mayDeny = denyRules.filter(maybe);
  const mayAllow = allowPolicies.length > 0 && !allowed ? allowRules.filter(maybe) : [];
  if (mayDeny.length > 0 || mayAllow.length > 0) return { verdict: 'depends', ...decided, requestDependent: [...mayDeny, ...mayAllow] };
  return { verdict: 'allowed', ...decided, requestDependent: [] };
}
