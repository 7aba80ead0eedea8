import { cidrContains, parseCidr } from '../cidr';
import { groupBy } from '../groupBy';
import { matchesLabelSelector, type Labels } from '../labels';
import type { CiliumCidrRule, CiliumDnsRule, CiliumPolicy, CiliumPolicySpec, CiliumPortRule, CiliumRule, LabelSelector, LocatedList } from '../objects';
import { ciliumPolicyName, specsOf, type CiliumSpec } from './ciliumSpecs';
import { ciliumRejections } from './ciliumValidation';
import type { ReadonlyList } from '../chunkedList';
import { podsByLabel } from '../snapshot/carriedPodIndexes';
import { objectNamed, objectsOfType, podsInNamespace } from '../snapshot/indexes';
import { perPod, perSnapshot } from '../snapshot/perSnapshot';
import { serviceAccountOf } from '../snapshot/podOwner';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot, SimPod, SourceRef } from '../snapshot/types';
import { resolveNamedPort } from '../snapshot/endpoints';
import { namespaceLabels } from './matchPeers';
import type { DirectedConnection, DnsGate, HttpGate, PolicyDecision, PolicyPeer } from './types';

/**
 * Cilium's own policies, CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy, as the agent enforces them
 * (docs.cilium.io, "Policy Language" and "Deny Policies"): a policy selects endpoints by their identity labels;
 * an endpoint that any policy selects with an ingress (or ingressDeny) section is default-deny for ingress, and
 * likewise for egress; a packet goes through when some allow rule matches its peer and port and no deny rule
 * does (deny wins). Kubernetes NetworkPolicies are rules of the same kind (evaluate.ts adds them up).
 */

/** Identity labels Cilium gives a pod, besides its own: namespace, its labels, service account, cluster. */
const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
const SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';
const CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';
/** Sources a selector key may name; a key without one is `any:`. */
const LABEL_SOURCES = ['k8s:', 'any:', 'container:', 'unspec:'];

/** A selector key as Cilium reads it: the source (`k8s:`, `any:`) dropped, `reserved:` kept. */
function plainKey(key: string): string {
  const source = LABEL_SOURCES.find((prefix) => key.startsWith(prefix));
  return source ? key.slice(source.length) : key;
}

function selectorKeys(selector: LabelSelector): string[] {
  return [...Object.keys(selector.matchLabels?.value ?? {}), ...(selector.matchExpressions?.value ?? []).map((requirement) => requirement.key?.value ?? '')].map(plainKey);
}

/**
 * Whether a rule's endpoint selector reaches beyond a namespaced policy's namespace: it names the namespace label,
 * a namespace's labels, or a reserved identity (pkg/k8s/apis/cilium.io/utils getEndpointSelector pins the others).
 */
export function reachesOtherNamespaces(selector: LabelSelector): boolean {
  return selectorKeys(selector).some((key) => key === NAMESPACE_LABEL || key.startsWith(NAMESPACE_LABELS_PREFIX) || key.startsWith('reserved:'));
}

/** Whether a selector names a reserved identity (`reserved:host`, `reserved:ingress`), which no pod has. */
export function namesReserved(selector: LabelSelector): boolean {
  return selectorKeys(selector).some((key) => key.startsWith('reserved:'));
}

/**
 * Pod labels Cilium leaves out of identities by default (pkg/labelsfilter): those Kubernetes and its controllers add
 * per pod or per revision, and the kubernetes.io and k8s.io namespaces. A selector on them selects nothing.
 */
function inIdentity(key: string): boolean {
  if (['statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'batch.kubernetes.io/job-completion-index', 'batch.kubernetes.io/controller-uid', 'controller-uid', 'job-name', 'pod-template-hash', 'pod-template-generation', 'controller-revision-hash'].includes(key)) return false;
  return !/^(io\.kubernetes|kubernetes\.io|k8s\.io|[^/]*beta\.kubernetes\.io)/.test(key);
}

/** A pod's identity labels (keys without source): every connection asks for them. */
const podIdentity = perPod((pod, snapshot): Labels => {
  const own = Object.entries(pod.labels).filter(([key]) => inIdentity(key));
  const namespaceEntries = Object.entries(namespaceLabels(pod.namespace, snapshot)).map(([key, value]) => [`${NAMESPACE_LABELS_PREFIX}${key}`, value]);
  return { ...Object.fromEntries(own), ...Object.fromEntries(namespaceEntries), [NAMESPACE_LABEL]: pod.namespace, [SERVICE_ACCOUNT_LABEL]: serviceAccountOf(snapshot, pod) ?? 'default', [CLUSTER_LABEL]: 'default' };
});

/** A selector over identity labels: its keys read without their source, so `k8s:app` and `app` are one label. */
const plainSelectors = new WeakMap<LabelSelector, LabelSelector>();

function plainSelector(selector: LabelSelector): LabelSelector {
  let plain = plainSelectors.get(selector);
  if (!plain) {
    const matchLabels = selector.matchLabels && { ...selector.matchLabels, value: Object.fromEntries(Object.entries(selector.matchLabels.value).map(([key, value]) => [plainKey(key), value])) };
    const matchExpressions = selector.matchExpressions && { ...selector.matchExpressions, value: selector.matchExpressions.value.map((requirement) => (requirement.key ? { ...requirement, key: { ...requirement.key, value: plainKey(requirement.key.value) } } : requirement)) };
    plain = { span: selector.span, ...(matchLabels && { matchLabels }), ...(matchExpressions && { matchExpressions }) };
    plainSelectors.set(selector, plain);
  }
  return plain;
}

/**
 * What Cilium sees at the other end of a connection: a pod's identity, or a reserved one. The API server's addresses
 * carry kube-apiserver besides what they are (a node's: host or remote-node; one outside the cluster: world).
 */
type CiliumIdentity =
  | { readonly kind: 'pod'; readonly pod: SimPod; readonly labels: Labels; readonly apiServer: false }
  | { readonly kind: 'host' | 'remote-node' | 'world'; readonly ip: string; readonly labels: Labels; readonly apiServer: boolean };

function identityOf(peer: PolicyPeer, subject: SimPod, snapshot: ClusterSnapshot): CiliumIdentity {
  if (peer.kind === 'pod') return { kind: 'pod', pod: peer.pod, labels: podIdentity(peer.pod, snapshot), apiServer: false };
  const apiServer = snapshot.endpoints.get('default/kubernetes')?.endpoints.some((endpoint) => endpoint.ip === peer.ip) ?? false;
  const node = snapshot.nodes.find((candidate) => candidate.addresses.includes(peer.ip));
  const kind = !node ? 'world' : node.name === subject.node ? 'host' : 'remote-node';
  return { kind, ip: peer.ip, labels: { [`reserved:${kind}`]: '', ...(apiServer && { 'reserved:kube-apiserver': '' }) }, apiServer };
}

/** Entities a rule may name (the CRD's enum, ciliumValidation.ts), and the identities each stands for. */
const ENTITIES: Readonly<Record<string, (identity: CiliumIdentity) => boolean>> = {
  all: () => true,
  world: (identity) => identity.kind === 'world',
  cluster: (identity) => identity.kind !== 'world',
  host: (identity) => identity.kind === 'host',
  'remote-node': (identity) => identity.kind === 'remote-node',
  'kube-apiserver': (identity) => identity.apiServer,
  // Identities the simulation has no endpoint for: a rule naming them matches nothing here.
  health: () => false,
  init: () => false,
  unmanaged: () => false,
  ingress: () => false,
  // Selectable, and never present (pkg/policy/api's EntityNone).
  none: () => false,
};

/** Every spec of the snapshot's Cilium policies, found once per snapshot: the namespaced ones by namespace, a pod's policies being only those of its own. */
const allSpecs = perSnapshot((snapshot) => {
  // A policy Cilium refuses takes no effect, its default deny included (ciliumValidation.ts says why, KT010).
  const taken = (policy: CiliumPolicy) => ciliumRejections(policy).length === 0;
  const clusterwide = [...objectsOfType(snapshot, 'CiliumClusterwideNetworkPolicy')].filter(taken).flatMap(specsOf);
  const namespaced = groupBy([...objectsOfType(snapshot, 'CiliumNetworkPolicy')].filter(taken).flatMap(specsOf), (entry) => [entry.policy.id.namespace ?? 'default']);
  return { clusterwide, namespaced, count: clusterwide.length + [...namespaced.values()].reduce((sum, specs) => sum + specs.length, 0) };
});

/** Whether the snapshot has any Cilium policy: without one, nothing here is asked. */
export function hasCiliumPolicies(snapshot: ClusterSnapshot): boolean {
  return allSpecs(snapshot).count > 0;
}

/** Whether a spec's endpointSelector selects a pod (a namespaced policy only its own namespace's pods). nodeSelector specs select nodes, not pods. */
export function specSelects(entry: CiliumSpec, pod: SimPod, snapshot: ClusterSnapshot): boolean {
  const { policy, spec } = entry;
  if (!spec.endpointSelector || pod.hostNetwork) return false;
  // Cilium overwrites a namespaced policy's namespace match with its own namespace: the pod's is the one that counts.
  if (policy.type === 'CiliumNetworkPolicy') return policy.id.namespace === pod.namespace && matchesLabelSelector(withoutNamespaceMatch(spec.endpointSelector), podIdentity(pod, snapshot));
  return matchesLabelSelector(plainSelector(spec.endpointSelector), podIdentity(pod, snapshot));
}

/** A selector over identity labels without its requirements on the namespace label. */
const namespaceFree = new WeakMap<LabelSelector, LabelSelector>();

function withoutNamespaceMatch(selector: LabelSelector): LabelSelector {
  let free = namespaceFree.get(selector);
  if (!free) {
    const plain = plainSelector(selector);
    const matchLabels = plain.matchLabels && { ...plain.matchLabels, value: Object.fromEntries(Object.entries(plain.matchLabels.value).filter(([key]) => key !== NAMESPACE_LABEL)) };
    const matchExpressions = plain.matchExpressions && { ...plain.matchExpressions, value: plain.matchExpressions.value.filter((requirement) => requirement.key?.value !== NAMESPACE_LABEL) };
    free = { span: plain.span, ...(matchLabels && { matchLabels }), ...(matchExpressions && { matchExpressions }) };
    namespaceFree.set(selector, free);
  }
  return free;
}

/**
 * The pods a rule's endpoint selector may pick, from the indexes (by namespace, by label), for the caller to try
 * `peerSelects` on: the fewest of its namespace's pods and those of each label pair it asks for.
 */
export function peerCandidates(selector: LabelSelector, policy: CiliumPolicy, snapshot: ClusterSnapshot): readonly SimPod[] | ReadonlyList<SimPod> {
  const lists: (readonly SimPod[] | ReadonlyList<SimPod>)[] = [];
  if (policy.type === 'CiliumNetworkPolicy' && !reachesOtherNamespaces(selector)) lists.push(podsInNamespace(snapshot, policy.id.namespace ?? 'default'));
  for (const [written, value] of Object.entries(selector.matchLabels?.value ?? {})) {
    const key = plainKey(written);
    if (key === NAMESPACE_LABEL) lists.push(podsInNamespace(snapshot, value));
    else if (!key.startsWith('reserved:') && !key.startsWith('io.cilium.k8s.')) lists.push(podsByLabel(snapshot).get(`${key}=${value}`) ?? []);
  }
  return lists.length === 0 ? snapshot.pods : lists.reduce((fewest, list) => (list.length < fewest.length ? list : fewest));
}

/** Whether an endpoint selector picks a pod as a rule's peer would (as endpointMatches reads it). */
export function peerSelects(selector: LabelSelector, policy: CiliumPolicy, pod: SimPod, snapshot: ClusterSnapshot): boolean {
  if (policy.type === 'CiliumNetworkPolicy' && !reachesOtherNamespaces(selector) && pod.namespace !== policy.id.namespace) return false;
  return matchesLabelSelector(plainSelector(selector), podIdentity(pod, snapshot));
}

/** The specs that select a pod. */
export const ciliumSpecsSelecting = perPod((pod, snapshot): readonly CiliumSpec[] => {
  const { clusterwide, namespaced } = allSpecs(snapshot);
  return [...(namespaced.get(pod.namespace) ?? []), ...clusterwide].filter((entry) => specSelects(entry, pod, snapshot));
});

type Direction = 'Ingress' | 'Egress';

function rulesOf(spec: CiliumPolicySpec, direction: Direction, deny: boolean): readonly CiliumRule[] {
  if (direction === 'Ingress') return (deny ? spec.ingressDeny : spec.ingress)?.value ?? [];
  return (deny ? spec.egressDeny : spec.egress)?.value ?? [];
}

/** Whether a spec opts out of default deny for a direction (`enableDefaultDeny`). */
function optsOut(spec: CiliumPolicySpec, direction: Direction): boolean {
  return (direction === 'Ingress' ? spec.enableDefaultDeny?.ingress?.value : spec.enableDefaultDeny?.egress?.value) === false;
}

/** Whether a spec puts the endpoint in default deny for a direction: it has rules there and does not opt out. */
export function isolatesFor(spec: CiliumPolicySpec, direction: Direction): boolean {
  return !optsOut(spec, direction) && (rulesOf(spec, direction, false).length > 0 || rulesOf(spec, direction, true).length > 0);
}

/** Whether a pod's DNS queries for a name pass a Cilium DNS rule: only then does Cilium learn the name's addresses for toFQDNs. */
function dnsVisible(pod: SimPod, name: string, snapshot: ClusterSnapshot): boolean {
  const rules = ciliumSpecsSelecting(pod, snapshot).flatMap((entry) => rulesOf(entry.spec, 'Egress', false)).flatMap((rule) => listed(rule.toPorts)).flatMap((portRule) => listed(portRule.rules?.dns));
  return rules.some((rule) => dnsRuleAllows(rule, name));
}

const listed = <T>(list: LocatedList<T> | undefined): readonly T[] => list?.value ?? [];

function inCidrRule(rule: CiliumCidrRule, ip: string): boolean {
  const cidr = rule.cidr && parseCidr(rule.cidr.value);
  if (!cidr || !cidrContains(cidr, ip)) return false;
  return !listed(rule.except).some((entry) => {
    const excluded = parseCidr(entry.value);
    return excluded !== undefined && cidrContains(excluded, ip);
  });
}

/**
 * An endpoint selector of a rule: in a namespaced policy, one that names no namespace means the policy's own; one
 * that names no reserved label selects pods only (Cilium adds a namespace requirement to it).
 */
function endpointMatches(selector: LabelSelector, identity: CiliumIdentity, policy: CiliumPolicy, snapshot: ClusterSnapshot): boolean {
  if (identity.kind === 'pod') return peerSelects(selector, policy, identity.pod, snapshot);
  return namesReserved(selector) && matchesLabelSelector(plainSelector(selector), identity.labels);
}

/** Whether a DNS rule (`matchName`, `matchPattern`) allows a name. */
function dnsRuleAllows(rule: CiliumDnsRule, name: string): boolean {
  const plain = name.toLowerCase().replace(/\.$/, '');
  return rule.matchName ? rule.matchName.value.toLowerCase().replace(/\.$/, '') === plain : rule.matchPattern ? fqdnPatternMatches(rule.matchPattern.value, plain) : false;
}

/** The rule of a DNS gate that allows a name, or undefined: then Cilium's DNS proxy refuses the query. */
export function passingDnsRule(gate: DnsGate, name: string): DnsGate['rules'][number] | undefined {
  return gate.rules.find(({ rule }) => dnsRuleAllows(rule, name));
}

/** Whether a DNS name matches a toFQDNs `matchPattern`: `*` stands for any run of name characters within a label, a lone `*` for every name. */
export function fqdnPatternMatches(pattern: string, name: string): boolean {
  const wanted = pattern.toLowerCase().replace(/\.$/, '');
  if (wanted === '*') return true;
  let expression = fqdnPatterns.get(wanted);
  if (!expression) {
    expression = new RegExp(`^${wanted.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[-a-z0-9_]*')}$`);
    if (fqdnPatterns.size > 10_000) fqdnPatterns.clear();
    fqdnPatterns.set(wanted, expression);
  }
  return expression.test(name.toLowerCase().replace(/\.$/, ''));
}

/** toFQDNs and DNS patterns compiled once: the matrix asks them for every outside connection of a pod. */
const fqdnPatterns = new Map<string, RegExp>();

/** The peers a rule names for a direction, or undefined when it names none (then its ports alone decide). */
function peerMatch(rule: CiliumRule, direction: Direction, identity: CiliumIdentity, connection: DirectedConnection, policy: CiliumPolicy, snapshot: ClusterSnapshot, requires: readonly LabelSelector[]): boolean | undefined {
  const ingress = direction === 'Ingress';
  const endpoints = listed(ingress ? rule.fromEndpoints : rule.toEndpoints);
  const entities = listed(ingress ? rule.fromEntities : rule.toEntities);
  const cidrs = listed(ingress ? rule.fromCIDR : rule.toCIDR);
  const cidrSets = listed(ingress ? rule.fromCIDRSet : rule.toCIDRSet);
  const nodes = listed(ingress ? rule.fromNodes : rule.toNodes);
  const services = ingress ? [] : listed(rule.toServices);
  const fqdns = ingress ? [] : listed(rule.toFQDNs);
  if (endpoints.length + entities.length + cidrs.length + cidrSets.length + nodes.length + services.length + fqdns.length === 0) return undefined;
  if (endpoints.some((selector) => endpointMatches(selector, identity, policy, snapshot) && (identity.kind !== 'pod' || requires.every((required) => peerSelects(required, policy, identity.pod, snapshot))))) return true;
  if (entities.some((entity) => ENTITIES[entity.value]?.(identity) ?? false)) return true;
  // CIDR rules select addresses outside the cluster: pods and nodes have identities of their own.
  if (identity.kind === 'world') {
    if (cidrs.some((entry) => inCidrRule({ span: entry.span, cidr: entry }, identity.ip))) return true;
    if (cidrSets.some((entry) => inCidrRule(entry, identity.ip))) return true;
    const host = connection.other.kind === 'external' ? connection.other.host : undefined;
    // Cilium learns a name's addresses only from DNS answers its DNS proxy saw: the client's DNS needs a dns rule allowing the name.
    if (host && fqdns.some((entry) => (entry.matchName ? entry.matchName.value.toLowerCase().replace(/\.$/, '') === host.toLowerCase().replace(/\.$/, '') : entry.matchPattern ? fqdnPatternMatches(entry.matchPattern.value, host) : false)) && dnsVisible(connection.subject, host, snapshot)) return true;
  }
  if (identity.kind === 'host' || identity.kind === 'remote-node') {
    const node = snapshot.nodes.find((candidate) => candidate.addresses.includes(identity.ip));
    if (node && nodes.some((selector) => matchesLabelSelector(selector, node.labels))) return true;
  }
  // toServices: a Service named in any namespace when none is written (pkg/policy/k8s/service.go). Endpoints of a
  // Service without a selector become CIDR rules, which select no pod; a selector's pods are selected (Cilium 1.17).
  return services.some((entry) => {
    const named = entry.k8sService;
    const namespace = named?.namespace?.value ?? entry.k8sServiceSelector?.namespace?.value;
    const candidates = snapshot.services.filter((service) => (namespace === undefined || service.namespace === namespace) && (named ? service.name === named.serviceName?.value : entry.k8sServiceSelector?.selector !== undefined && matchesLabelSelector(entry.k8sServiceSelector.selector, objectNamed(snapshot, service.namespace, 'Service', service.name)?.metadata.labels?.value ?? {})));
    return candidates.some((service) => {
      const endpoints = snapshot.endpoints.get(`${service.namespace}/${service.name}`)?.endpoints ?? [];
      if (identity.kind === 'pod') return service.selector !== undefined && endpoints.some((endpoint) => identity.pod.ips.includes(endpoint.ip));
      return identity.kind === 'world' && service.selector === undefined && endpoints.some((endpoint) => endpoint.ip === identity.ip);
    });
  });
}

/** A toPorts entry's ports: protocol ANY (the default) or the packet's, a number, a name on the destination pod, or a range with endPort. */
function portRuleMatches(entry: CiliumPortRule, connection: DirectedConnection): boolean {
  const ports = listed(entry.ports);
  // An entry without ports allows nothing: Cilium builds its filters from the ports listed.
  if (ports.length === 0) return false;
  return ports.some((port) => {
    const protocol = (port.protocol?.value ?? 'ANY').toUpperCase();
    if (protocol !== 'ANY' && protocol !== connection.protocol) return false;
    const written = port.port?.value;
    const number = typeof written === 'number' ? written : written !== undefined && /^\d+$/.test(written) ? Number(written) : undefined;
    if (written === undefined || number === 0) return true;
    // Cilium compares port names in lower case.
    if (number === undefined) return resolveNamedPort(connection.destinationPod, String(written).toLowerCase(), connection.protocol) === connection.port;
    const end = port.endPort?.value;
    return end !== undefined && end > number ? connection.port >= number && connection.port <= end : connection.port === number;
  });
}

/** A rule that matched: where it is, and the L7 rules the request must then pass (none: any request). */
interface MatchedRule {
  readonly entry: CiliumSpec;
  readonly section: 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';
  readonly index: number;
  readonly rule: CiliumRule;
  readonly ports: CiliumPortRule | undefined;
}

function ruleRef({ entry, section, index, rule }: MatchedRule): SourceRef {
  return refTo(entry.policy, rule.span, `${entry.path}.${section}[${index}]`);
}

function matchingRules(specs: readonly CiliumSpec[], connection: DirectedConnection, deny: boolean, snapshot: ClusterSnapshot): MatchedRule[] {
  const { direction, subject, other } = connection;
  const identity = identityOf(other, subject, snapshot);
  const section = `${direction === 'Ingress' ? 'ingress' : 'egress'}${deny ? 'Deny' : ''}` as MatchedRule['section'];
  // fromRequires/toRequires of every rule that selects the subject add to every endpoint selector of its rules.
  const requires = specs.flatMap((entry) => rulesOf(entry.spec, direction, false).flatMap((rule) => listed(direction === 'Ingress' ? rule.fromRequires : rule.toRequires)));
  const matched: MatchedRule[] = [];
  for (const entry of specs) {
    rulesOf(entry.spec, direction, deny).forEach((rule, index) => {
      // A rule with ICMP types and no ports is about ICMP alone.
      if (listed(rule.icmps).length > 0 && listed(rule.toPorts).length === 0) return;
      const peers = peerMatch(rule, direction, identity, connection, entry.policy, snapshot, requires);
      const portRules = listed(rule.toPorts);
      // A rule with neither peers nor ports ({}) matches nothing: it is how Cilium's docs write "deny all".
      if (peers === false || (peers === undefined && portRules.length === 0)) return;
      if (portRules.length === 0) {
        matched.push({ entry, section, index, rule, ports: undefined });
        return;
      }
      const ports = portRules.find((portRule) => portRuleMatches(portRule, connection));
      if (ports) matched.push({ entry, section, index, rule, ports });
    });
  }
  return matched;
}

export interface CiliumResult {
  /** Undefined when no Cilium policy selects the subject for this direction. */
  readonly decision: PolicyDecision | undefined;
  /** The Cilium policies that put the subject in default deny for this direction. */
  readonly isolatedBy: readonly string[];
  /** The allow rules that matched, when each of them sends HTTP to Cilium's proxy: a request must pass one of their HTTP rules. */
  readonly httpGate?: HttpGate;
  /** Likewise for DNS: a query must ask for a name one of these rules allows. */
  readonly dnsGate?: DnsGate;
}

function describeRule(matched: MatchedRule): string {
  return `${matched.section} rule ${matched.index + 1} of ${matched.entry.policy.type} ${ciliumPolicyName(matched.entry.policy)}`;
}

/**
 * Cilium's policies for one direction: a matching deny rule decides; else a matching allow rule; else default deny
 * when some policy isolates the subject. `allowedByNetworkPolicy` says whether a Kubernetes NetworkPolicy rule
 * already admits the connection (Cilium enforces both as one set of rules).
 */
export function evaluateCilium(connection: DirectedConnection, snapshot: ClusterSnapshot, allowedByNetworkPolicy: boolean): CiliumResult {
  const { direction, subject } = connection;
  const specs = ciliumSpecsSelecting(subject, snapshot);
  if (specs.length === 0) return { decision: undefined, isolatedBy: [] };
  const isolatedBy = [...new Set(specs.filter((entry) => isolatesFor(entry.spec, direction)).map((entry) => `${entry.policy.type} ${ciliumPolicyName(entry.policy)}`))];
  const [denied] = matchingRules(specs, connection, true, snapshot);
  if (denied) {
    return {
      isolatedBy,
      decision: { tier: denied.entry.policy.type, policy: ciliumPolicyName(denied.entry.policy), rule: denied.index, action: 'Deny', explanation: `${describeRule(denied)} denies it (a deny rule wins over every allow)`, refs: [ruleRef(denied)] },
    };
  }
  const allowed = matchingRules(specs, connection, false, snapshot);
  if (allowed.length > 0 && !allowedByNetworkPolicy) {
    // A rule with no L7 rules on the port lets everything through; otherwise the proxies admit what some rule allows.
    // A policy that opts out of default deny adds a wildcard L7 rule: its L7 rules only give visibility.
    const unrestricted = allowed.find((matched) => (listed(matched.ports?.rules?.http).length === 0 && listed(matched.ports?.rules?.dns).length === 0) || optsOut(matched.entry.spec, direction));
    const first = unrestricted ?? allowed[0]!;
    const policyOf = (matched: MatchedRule) => `${matched.entry.policy.type} ${ciliumPolicyName(matched.entry.policy)}`;
    const httpRules = allowed.flatMap((matched) => listed(matched.ports?.rules?.http).map((rule) => ({ rule, policy: policyOf(matched), ref: refTo(matched.entry.policy, rule.span, `${matched.entry.path}.${matched.section}[${matched.index}] http rule`) })));
    const dnsRules = allowed.flatMap((matched) => listed(matched.ports?.rules?.dns).map((rule) => ({ rule, policy: policyOf(matched), ref: refTo(matched.entry.policy, rule.span, `${matched.entry.path}.${matched.section}[${matched.index}] dns rule`) })));
    const gate: HttpGate | undefined = !unrestricted && httpRules.length > 0 ? { rules: httpRules } : undefined;
    const dnsGate: DnsGate | undefined = !unrestricted && dnsRules.length > 0 ? { rules: dnsRules } : undefined;
    return {
      isolatedBy,
      decision: {
        tier: first.entry.policy.type,
        policy: ciliumPolicyName(first.entry.policy),
        rule: first.index,
        action: 'Allow',
        explanation: `${describeRule(first)} admits it${gate ? ` at L3/L4; Cilium's proxy then admits only the HTTP requests its rules allow (${gate.rules.length} rule${gate.rules.length === 1 ? '' : 's'})` : ''}`,
        refs: [ruleRef(first)],
      },
      ...(gate && { httpGate: gate }),
      ...(dnsGate && { dnsGate }),
    };
  }
  if (isolatedBy.length === 0 || allowedByNetworkPolicy) return { decision: undefined, isolatedBy };
  const isolating = specs.filter((entry) => isolatesFor(entry.spec, direction));
  return {
    isolatedBy,
    decision: {
      tier: isolating[0]!.policy.type,
      policy: [...new Set(isolating.map((entry) => ciliumPolicyName(entry.policy)))].join(', '),
      action: 'DefaultDeny',
      explanation: `${isolatedBy.join(', ')} select${isolatedBy.length === 1 ? 's' : ''} ${subject.namespace}/${subject.name} for ${direction.toLowerCase()}, which puts it in default deny, and no rule allows this connection`,
      refs: isolating.map((entry) => refTo(entry.policy, entry.spec.endpointSelector?.span ?? entry.spec.span, `${entry.path}.endpointSelector`)),
    },
  };
}
