import { cidrContains, parseAddress, parseCidr, type Cidr } from '../cidr';
import { groupBy } from '../groupBy';
import type { Labels } from '../labels';
import type { CalicoEntityRule, CalicoPolicy, CalicoRule, CalicoTier, NetworkPolicy } from '../objects';
import { resolveNamedPort } from '../snapshot/endpoints';
import type { ReadonlyList } from '../chunkedList';
import { podsByLabel } from '../snapshot/carriedPodIndexes';
import { objectNamed, objectsOfType, podsInNamespace } from '../snapshot/indexes';
import { perPod, perSnapshot } from '../snapshot/perSnapshot';
import { serviceAccountOf } from '../snapshot/podOwner';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { matchesCalicoSelector, parseCalicoSelector, type CalicoSelectorParse } from './calicoSelector';
import { namespaceLabels } from './matchPeers';
import { evaluateAdminTier, tierPolicies } from './adminPolicy';
import { evaluateNetworkPolicies, selectingPolicies } from './networkPolicy';
import type { DirectedConnection, PolicyDecision, PolicyPeer } from './types';

/**
 * Calico's own policies, as Felix enforces them (docs.tigera.io, "NetworkPolicy", "GlobalNetworkPolicy", "Tier",
 * "Rule"): tiers in order, the default tier last; in a tier, the policies that select the endpoint by order (lower
 * first, none last, then by name), their rules in order. Allow and Deny decide, Pass skips to the next tier, Log goes
 * on. A tier whose policies select the endpoint but match nothing ends in its default action (Deny). Kubernetes
 * NetworkPolicies sit in the default tier at order 1000. An endpoint no policy selects is allowed (its profile).
 */

export const DEFAULT_TIER = 'default';
/** Where Calico puts Kubernetes NetworkPolicies: in the default tier at this order. */
const KUBERNETES_POLICY_ORDER = 1000;

/** A pod's labels as Calico's selectors see them: its own and those Calico adds. */
export const calicoPodLabels = perPod((pod, snapshot): Labels => ({ ...pod.labels, 'projectcalico.org/namespace': pod.namespace, 'projectcalico.org/orchestrator': 'k8s', 'projectcalico.org/serviceaccount': serviceAccountOf(snapshot, pod) ?? 'default' }));

/** A namespace's labels as a namespaceSelector sees them: its own, and its name as `projectcalico.org/name`. */
export function calicoNamespaceLabels(namespace: string, snapshot: ClusterSnapshot): Labels {
  const cache = calicoNamespaceLabelsOf(snapshot);
  let labels = cache.get(namespace);
  if (!labels) {
    labels = { ...namespaceLabels(namespace, snapshot), 'projectcalico.org/name': namespace };
    cache.set(namespace, labels);
  }
  return labels;
}

/** Per namespace: every rule with a namespaceSelector asks for them, for every connection. */
const calicoNamespaceLabelsOf = perSnapshot(() => new Map<string, Labels>());

/** Whether a namespaceSelector picks a pod's namespace; `global()` there means non-namespaced endpoints, never a pod's. */
function namespaceSelected(text: string, namespace: string, snapshot: ClusterSnapshot): boolean {
  const parsed = parsedSelector(text, snapshot);
  return parsed.ok && parsed.selector.kind !== 'global' && calicoSelects(text, calicoNamespaceLabels(namespace, snapshot), snapshot);
}

/** A service account's labels (those its manifest writes, when the workspace has it) and its name. */
function serviceAccountLabels(namespace: string, name: string, snapshot: ClusterSnapshot): Labels {
  return { ...(objectNamed(snapshot, namespace, 'ServiceAccount', name)?.metadata.labels?.value ?? {}), 'projectcalico.org/name': name };
}

/** Selectors parsed once per snapshot: a matrix tries each on thousands of pods. */
const parsedSelectors = perSnapshot(() => new Map<string, CalicoSelectorParse>());

function parsedSelector(text: string, snapshot: ClusterSnapshot | undefined): CalicoSelectorParse {
  if (!snapshot) return parseCalicoSelector(text);
  const cache = parsedSelectors(snapshot);
  let parsed = cache.get(text);
  if (!parsed) {
    parsed = parseCalicoSelector(text);
    cache.set(text, parsed);
  }
  return parsed;
}

/** A selector's text tried on labels; an absent or empty selector is all(), one Calico cannot parse selects nothing. */
export function calicoSelects(text: string | undefined, labels: Labels, snapshot?: ClusterSnapshot): boolean {
  if (text === undefined || text.trim() === '') return true;
  const parsed = parsedSelector(text, snapshot);
  return parsed.ok && matchesCalicoSelector(parsed.selector, labels);
}

/**
 * The pods a selector may pick, from the indexes (by namespace, by label), for the caller to try the selector on: the
 * fewest of a namespace's pods (`namespace`, or `projectcalico.org/namespace == x`) and those of each `label == value`
 * the selector asks for at its top.
 */
export function calicoCandidates(selector: string | undefined, namespace: string | undefined, snapshot: ClusterSnapshot, namespaceSelector?: string): readonly SimPod[] | ReadonlyList<SimPod> {
  const lists: (readonly SimPod[] | ReadonlyList<SimPod>)[] = namespace === undefined ? [] : [podsInNamespace(snapshot, namespace)];
  if (namespaceSelector !== undefined) lists.push([...snapshot.namespaces.keys()].filter((name) => namespaceSelected(namespaceSelector, name, snapshot)).flatMap((name) => podsInNamespace(snapshot, name)));
  const parsed = selector === undefined ? undefined : parsedSelector(selector, snapshot);
  const terms = !parsed?.ok ? [] : parsed.selector.kind === 'and' ? parsed.selector.operands : [parsed.selector];
  for (const term of terms) {
    if (term.kind !== 'compare' || term.operator !== '==') continue;
    lists.push(term.label === 'projectcalico.org/namespace' ? podsInNamespace(snapshot, term.value) : (podsByLabel(snapshot).get(`${term.label}=${term.value}`) ?? []));
  }
  return lists.length === 0 ? snapshot.pods : lists.reduce((fewest, list) => (list.length < fewest.length ? list : fewest));
}

/**
 * `types` as written, or as Calico's API server defaults it: Egress only when there are egress rules and no ingress
 * rules, both when both. A crd.projectcalico.org object applied as it is gets no defaults, and Felix reads no types as
 * both (felix/calc/policy_sorter.go).
 */
export function calicoPolicyTypes(policy: CalicoPolicy): string[] {
  const written = policy.spec?.types?.value.map((type) => type.value);
  if (written && written.length > 0) return written;
  if (policy.id.group === 'crd.projectcalico.org') return ['Ingress', 'Egress'];
  const ingress = (policy.spec?.ingress?.value.length ?? 0) > 0;
  const egress = (policy.spec?.egress?.value.length ?? 0) > 0;
  if (egress && ingress) return ['Ingress', 'Egress'];
  return egress ? ['Egress'] : ['Ingress'];
}

/** Whether a policy applies to a pod: its namespace (namespaced) or namespaceSelector (global), selector and serviceAccountSelector. */
export function calicoPolicySelects(policy: CalicoPolicy, pod: SimPod, snapshot: ClusterSnapshot): boolean {
  const spec = policy.spec;
  if (!spec || pod.hostNetwork) return false;
  // Untracked and pre-DNAT policies apply to host endpoints only (applyOnForward ones to workloads too).
  if (spec.doNotTrack?.value || spec.preDNAT?.value) return false;
  if (policy.type === 'CalicoNetworkPolicy' && policy.id.namespace !== pod.namespace) return false;
  if (policy.type === 'CalicoGlobalNetworkPolicy' && spec.namespaceSelector && !namespaceSelected(spec.namespaceSelector.value, pod.namespace, snapshot)) return false;
  if (!calicoSelects(spec.selector?.value, calicoPodLabels(pod, snapshot), snapshot)) return false;
  return !spec.serviceAccountSelector || calicoSelects(spec.serviceAccountSelector.value, serviceAccountLabels(pod.namespace, serviceAccountOf(snapshot, pod) ?? 'default', snapshot));
}

/** The tier a policy is in: `spec.tier`, else the default tier. */
export function tierOf(policy: CalicoPolicy): string {
  return policy.spec?.tier?.value ?? DEFAULT_TIER;
}

/** The policy's name as messages give it. */
export function calicoPolicyName(policy: CalicoPolicy): string {
  return policy.id.namespace === undefined ? policy.id.name : `${policy.id.namespace}/${policy.id.name}`;
}

/**
 * The name Felix breaks ties of order by (libcalico-go lib/names): `tier.name` of a global policy, `namespace/tier.name`
 * of a namespaced one; a Kubernetes NetworkPolicy is `namespace/knp.default.name`.
 */
function felixName(policy: CalicoPolicy): string {
  const tier = tierOf(policy);
  const name = policy.id.name.startsWith(`${tier}.`) ? policy.id.name : `${tier}.${policy.id.name}`;
  return policy.id.namespace === undefined ? name : `${policy.id.namespace}/${name}`;
}

function describePolicy(policy: CalicoPolicy): string {
  const order = policy.spec?.order?.value;
  return `${policy.type === 'CalicoGlobalNetworkPolicy' ? 'GlobalNetworkPolicy' : 'Calico NetworkPolicy'} ${calicoPolicyName(policy)} (tier ${tierOf(policy)}, ${order === undefined ? 'no order' : `order ${order}`})`;
}

/**
 * The order of a tier: its Tier's `order`, else 1,000,000, the default tier's own (Calico 3.30: "nil order is treated
 * similar to the value of 1,000,000"); the tiers that hold the admin policies sit at 1,000 (AdminNetworkPolicy) and
 * 10,000,000 (BaselineAdminNetworkPolicy).
 */
const DEFAULT_TIER_ORDER = 1_000_000;
export const ADMIN_TIER = 'kube-admin';
export const BASELINE_TIER = 'kube-baseline';
const TIER_ORDERS: Readonly<Record<string, number>> = { [ADMIN_TIER]: 1_000, [BASELINE_TIER]: 10_000_000 };

function tierRank(name: string, snapshot: ClusterSnapshot): number {
  return tierObject(name, snapshot)?.spec?.order?.value ?? TIER_ORDERS[name] ?? DEFAULT_TIER_ORDER;
}

/** Tiers in Calico's order: by order, then name. */
function byTierOrder(snapshot: ClusterSnapshot): (a: string, b: string) => number {
  return (a, b) => tierRank(a, snapshot) - tierRank(b, snapshot) || a.localeCompare(b);
}

export function tierObject(name: string, snapshot: ClusterSnapshot): CalicoTier | undefined {
  return objectsOfType(snapshot, 'CalicoTier').find((tier) => tier.id.name === name);
}

/** The tiers that can hold a decision after this one: the workspace's tiers, the default tier, and the baseline tier when an admin policy fills it. */
export function tiersAfter(name: string, snapshot: ClusterSnapshot): string[] {
  const named = new Set([DEFAULT_TIER, ...objectsOfType(snapshot, 'CalicoTier').map((tier) => tier.id.name), ...allCalicoPolicies(snapshot).map(tierOf)]);
  if (objectsOfType(snapshot, 'BaselineAdminNetworkPolicy').length > 0 || objectsOfType(snapshot, 'ClusterNetworkPolicy').some((policy) => policy.spec?.tier?.value === 'Baseline')) named.add(BASELINE_TIER);
  const order = byTierOrder(snapshot);
  return [...named].filter((tier) => order(tier, name) > 0).sort(order);
}

const allCalicoPolicies = perSnapshot((snapshot): readonly CalicoPolicy[] => [...objectsOfType(snapshot, 'CalicoNetworkPolicy'), ...objectsOfType(snapshot, 'CalicoGlobalNetworkPolicy')]);

/** Whether the snapshot has any Calico policy: without one, Kubernetes NetworkPolicy alone decides, as before. */
export function hasCalicoPolicies(snapshot: ClusterSnapshot): boolean {
  return allCalicoPolicies(snapshot).length > 0;
}

/** The Calico policies that select a pod. */
export const calicoPoliciesSelecting = perPod((pod, snapshot): readonly CalicoPolicy[] => {
  const { global, namespaced } = calicoPoliciesByScope(snapshot);
  return [...(namespaced.get(pod.namespace) ?? []), ...global].filter((policy) => calicoPolicySelects(policy, pod, snapshot));
});

/** The snapshot's Calico policies: global ones, and namespaced ones by namespace (a pod's are only those of its own). */
const calicoPoliciesByScope = perSnapshot((snapshot) => ({
  global: [...objectsOfType(snapshot, 'CalicoGlobalNetworkPolicy')] as readonly CalicoPolicy[],
  namespaced: groupBy([...objectsOfType(snapshot, 'CalicoNetworkPolicy')] as CalicoPolicy[], (policy) => [policy.id.namespace ?? 'default']),
}));

const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = { TCP: 6, UDP: 17, SCTP: 132, ICMP: 1, ICMPV6: 58, UDPLITE: 136 };

/** A rule's protocol as a number: a name, a number, or a number written as a string ("6"), as Calico reads it. */
export function protocolNumber(written: number | string): number | undefined {
  if (typeof written === 'number') return written;
  return /^\d+$/.test(written) ? Number(written) : PROTOCOL_NUMBERS[written.toUpperCase()];
}

function protocolIs(written: number | string, protocol: string): boolean {
  return protocolNumber(written) === PROTOCOL_NUMBERS[protocol];
}

/** One entry of `ports`: a number, `first:last`, or a port name on the endpoint. */
function portEntryMatches(entry: number | string, port: number, protocol: string, pod: SimPod | undefined): boolean {
  if (typeof entry === 'number') return entry === port;
  const range = /^(\d+):(\d+)$/.exec(entry);
  if (range) return port >= Number(range[1]) && port <= Number(range[2]);
  if (/^\d+$/.test(entry)) return Number(entry) === port;
  return resolveNamedPort(pod, entry, protocol) === port;
}

/** A net as Calico takes it: a CIDR, or a plain address (a /32 or /128). */
export function calicoNet(text: string): Cidr | undefined {
  if (text.includes('/')) return parseCidr(text);
  const address = parseAddress(text);
  return address && parseCidr(`${address.address}/${address.family === 'IPv4' ? 32 : 128}`);
}

function inNets(nets: readonly { readonly value: string }[], ip: string): boolean {
  return nets.some((net) => {
    const cidr = calicoNet(net.value);
    return cidr !== undefined && cidrContains(cidr, ip);
  });
}

/** The NetworkSets (namespaced) and GlobalNetworkSets of the snapshot. */
const networkSets = perSnapshot((snapshot) => [...objectsOfType(snapshot, 'CalicoNetworkSet')]);

/**
 * Whether an address outside the cluster is in a network set a rule's selector picks: in a namespaced policy without a
 * namespaceSelector, the NetworkSets of its namespace; with one, those of the namespaces it selects (global(): the
 * GlobalNetworkSets); in a global policy without one, every set.
 */
function inSelectedNetworkSet(entity: CalicoEntityRule, selector: string | undefined, ip: string, policy: CalicoPolicy, snapshot: ClusterSnapshot): boolean {
  const global = entity.namespaceSelector ? parsedSelector(entity.namespaceSelector.value, snapshot) : undefined;
  return networkSets(snapshot).some((set) => {
    const namespace = set.id.namespace;
    const inScope = entity.namespaceSelector
      ? global?.ok === true && (global.selector.kind === 'global' ? namespace === undefined : namespace !== undefined && namespaceSelected(entity.namespaceSelector.value, namespace, snapshot))
      : policy.type === 'CalicoGlobalNetworkPolicy' || namespace === policy.id.namespace;
    return inScope && calicoSelects(selector, set.metadata.labels?.value ?? {}) && inNets(set.spec?.nets?.value ?? [], ip);
  });
}

/** One end of a connection as a rule's source or destination sees it, with the port it uses. */
interface Endpoint {
  readonly side: 'source' | 'destination';
  readonly pod: SimPod | undefined;
  readonly ip: string;
  readonly port: { readonly protocol: string; readonly number: number };
}

/**
 * A source's port: an ephemeral one, which the simulation does not know; a rule on source ports is read for a port of
 * Linux's ephemeral range (32768-60999), this one.
 */
const EPHEMERAL_PORT = 40000;

/**
 * An entity rule: every field given must match (nets and selectors, ports, service accounts, services). In a namespaced
 * policy, any selector field (selector, notSelector, serviceAccounts) limits the rule to the policy's namespace unless a
 * namespaceSelector says which (libcalico-go updateprocessors/rules.go).
 */
function entityMatches(entity: CalicoEntityRule | undefined, endpoint: Endpoint, policy: CalicoPolicy, snapshot: ClusterSnapshot): boolean {
  if (!entity) return true;
  const { pod, ip } = endpoint;
  if (entity.nets && !inNets(entity.nets.value, ip)) return false;
  if (entity.notNets && inNets(entity.notNets.value, ip)) return false;
  const namespaced = policy.type === 'CalicoNetworkPolicy';
  const scoped = entity.selector || entity.namespaceSelector || (namespaced && (entity.notSelector || entity.serviceAccounts));
  const inScope = (candidate: SimPod) => (entity.namespaceSelector ? namespaceSelected(entity.namespaceSelector.value, candidate.namespace, snapshot) : !namespaced || candidate.namespace === policy.id.namespace);
  if (scoped) {
    const matched = pod ? inScope(pod) && calicoSelects(entity.selector?.value, calicoPodLabels(pod, snapshot), snapshot) : inSelectedNetworkSet(entity, entity.selector?.value, ip, policy, snapshot);
    if (!matched) return false;
  }
  if (entity.notSelector) {
    const excluded = pod ? inScope(pod) && calicoSelects(entity.notSelector.value, calicoPodLabels(pod, snapshot), snapshot) : inSelectedNetworkSet(entity, entity.notSelector.value, ip, policy, snapshot);
    if (excluded) return false;
  }
  if (entity.serviceAccounts) {
    if (!pod) return false;
    const account = serviceAccountOf(snapshot, pod) ?? 'default';
    const names = entity.serviceAccounts.names?.value.map((name) => name.value);
    if (names && names.length > 0 && !names.includes(account)) return false;
    if (entity.serviceAccounts.selector && !calicoSelects(entity.serviceAccounts.selector.value, serviceAccountLabels(pod.namespace, account, snapshot))) return false;
  }
  if (entity.services) {
    // A Service's endpoints, on the ports they serve (for a destination; a source is any of its endpoints).
    const service = entity.services;
    const key = `${service.namespace?.value ?? policy.id.namespace ?? 'default'}/${service.name?.value ?? ''}`;
    if (!snapshot.endpoints.get(key)?.endpoints.some((candidate) => candidate.ip === ip && (endpoint.side === 'source' || Object.values(candidate.ports).includes(endpoint.port.number)))) return false;
  }
  const ports = entity.ports?.value ?? [];
  const notPorts = entity.notPorts?.value ?? [];
  const { protocol, number } = endpoint.port;
  if (ports.length > 0 && !ports.some((entry) => portEntryMatches(entry.value, number, protocol, pod))) return false;
  if (notPorts.some((entry) => portEntryMatches(entry.value, number, protocol, pod))) return false;
  return true;
}

function ruleMatches(rule: CalicoRule, connection: DirectedConnection, policy: CalicoPolicy, snapshot: ClusterSnapshot): boolean {
  const { direction, subject, other, protocol, port, destinationPod } = connection;
  if (rule.protocol && !protocolIs(rule.protocol.value, protocol)) return false;
  if (rule.notProtocol && protocolIs(rule.notProtocol.value, protocol)) return false;
  const subjectIp = direction === 'Ingress' ? (destinationPod?.ips[0] ?? '') : (subject.ips[0] ?? '');
  if (rule.ipVersion && rule.ipVersion.value !== (other.ip.includes(':') ? 6 : 4)) return false;
  // `http` matches need Calico's application layer policy; Felix's dataplane renders the rule on its other fields.
  const destination = { protocol, number: port };
  const ephemeral = { protocol, number: EPHEMERAL_PORT };
  const subjectEnd = (side: Endpoint['side']): Endpoint => ({ side, pod: subject, ip: subjectIp, port: side === 'source' ? ephemeral : destination });
  const otherEnd = (side: Endpoint['side']): Endpoint => ({ side, pod: peerPod(other), ip: other.ip, port: side === 'source' ? ephemeral : destination });
  const [source, target] = direction === 'Ingress' ? [otherEnd('source'), subjectEnd('destination')] : [subjectEnd('source'), otherEnd('destination')];
  return entityMatches(rule.source, source, policy, snapshot) && entityMatches(rule.destination, target, policy, snapshot);
}

function peerPod(peer: PolicyPeer): SimPod | undefined {
  return peer.kind === 'pod' ? peer.pod : undefined;
}

/** A policy of a tier in Calico's order: its order (Kubernetes policies at 1000) and name. */
interface TierEntry {
  readonly order: number;
  readonly name: string;
  readonly calico?: CalicoPolicy;
  readonly kubernetes?: readonly NetworkPolicy[];
}

function entriesOf(tier: string, calico: readonly CalicoPolicy[], kubernetes: readonly NetworkPolicy[], namespace: string): TierEntry[] {
  const entries: TierEntry[] = calico.filter((policy) => tierOf(policy) === tier).map((policy) => ({ order: policy.spec?.order?.value ?? Infinity, name: felixName(policy), calico: policy }));
  // Kubernetes policies, all Allow rules of one namespace, keep together: none can come between their Felix names.
  if (tier === DEFAULT_TIER && kubernetes.length > 0) entries.push({ order: KUBERNETES_POLICY_ORDER, name: `${namespace}/knp.default.`, kubernetes });
  return entries.sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface CalicoResult {
  /** Undefined when no policy of any tier selects the subject for this direction, or every tier passed: its profile allows. */
  readonly decision: PolicyDecision | undefined;
  /** The tiers passed on the way (Pass actions, and tiers whose default action is Pass). */
  readonly passed: readonly PolicyDecision[];
  readonly isolatedBy: readonly NetworkPolicy[];
  readonly nearestMiss?: string;
}

/**
 * One direction through Calico's tiers, Kubernetes NetworkPolicies in the default tier, the admin policies in theirs
 * (AdminNetworkPolicy at order 1,000, where no match passes on; BaselineAdminNetworkPolicy at 10,000,000).
 */
export function evaluateCalico(connection: DirectedConnection, snapshot: ClusterSnapshot): CalicoResult {
  const { direction, subject } = connection;
  const calico = calicoPoliciesSelecting(subject, snapshot).filter((policy) => calicoPolicyTypes(policy).includes(direction));
  const kubernetes = selectingPolicies(subject, direction, snapshot);
  const passed: PolicyDecision[] = [];
  const admin = tierPolicies('Admin', subject, snapshot).length > 0 ? [ADMIN_TIER] : [];
  const baseline = tierPolicies('Baseline', subject, snapshot).length > 0 ? [BASELINE_TIER] : [];
  const tiers = [...new Set([...admin, ...calico.map(tierOf), ...(kubernetes.length > 0 ? [DEFAULT_TIER] : []), ...baseline])].sort(byTierOrder(snapshot));
  const section = direction === 'Ingress' ? 'ingress' : 'egress';
  let nearestMiss: string | undefined;
  for (const tier of tiers) {
    if (tier === ADMIN_TIER || tier === BASELINE_TIER) {
      const decision = evaluateAdminTier(tier === ADMIN_TIER ? 'Admin' : 'Baseline', connection, snapshot);
      if (decision?.action === 'Pass') passed.push(decision);
      else if (decision) return { decision, passed, isolatedBy: kubernetes };
      continue;
    }
    let passedTier = false;
    for (const entry of entriesOf(tier, calico, kubernetes, subject.namespace)) {
      if (entry.kubernetes) {
        const result = evaluateNetworkPolicies(connection, snapshot);
        if (result.decision?.action === 'Allow') return { decision: result.decision, passed, isolatedBy: kubernetes };
        nearestMiss = result.nearestMiss;
        continue;
      }
      const policy = entry.calico!;
      const rules = (direction === 'Ingress' ? policy.spec?.ingress?.value : policy.spec?.egress?.value) ?? [];
      const index = rules.findIndex((rule) => ['Allow', 'Deny', 'Pass'].includes(rule.action?.value ?? '') && ruleMatches(rule, connection, policy, snapshot));
      if (index < 0) continue;
      const rule = rules[index]!;
      const action = rule.action!.value as 'Allow' | 'Deny' | 'Pass';
      const decision: PolicyDecision = {
        tier: policy.type,
        policy: calicoPolicyName(policy),
        rule: index,
        action,
        explanation: `${section} rule ${index + 1} of ${describePolicy(policy)}: ${action}${action === 'Pass' ? ` (on to the next tier${tiersAfter(tier, snapshot).length === 0 ? '; there is none, so the profile allows' : ''})` : ''}`,
        refs: [refTo(policy, rule.span, `spec.${section}[${index}]`)],
      };
      if (action !== 'Pass') return { decision, passed, isolatedBy: kubernetes };
      passed.push(decision);
      passedTier = true;
      break;
    }
    if (passedTier) continue;
    const tierDefault = tierObject(tier, snapshot)?.spec?.defaultAction?.value;
    const names = [...calico.filter((policy) => tierOf(policy) === tier).map((policy) => calicoPolicyName(policy)), ...(tier === DEFAULT_TIER ? kubernetes.map((policy) => `${policy.id.namespace}/${policy.id.name}`) : [])];
    const endOfTier: PolicyDecision = {
      tier: calico.find((policy) => tierOf(policy) === tier)?.type ?? 'NetworkPolicy',
      policy: names.join(', '),
      action: tierDefault === 'Pass' ? 'Pass' : 'DefaultDeny',
      explanation: `${direction.toLowerCase()} of ${subject.namespace}/${subject.name} is selected in tier ${tier} by ${names.join(', ')}, and no rule there matches this connection: the tier's default action, ${tierDefault === 'Pass' ? 'Pass' : 'Deny'}, applies`,
      refs: [...calico.filter((policy) => tierOf(policy) === tier).map((policy) => refTo(policy)), ...(tier === DEFAULT_TIER ? kubernetes.map((policy) => refTo(policy)) : [])],
    };
    if (endOfTier.action === 'Pass') {
      passed.push(endOfTier);
      continue;
    }
    return { decision: endOfTier, passed, isolatedBy: kubernetes, ...(nearestMiss && { nearestMiss }) };
  }
  return { decision: undefined, passed, isolatedBy: kubernetes };
}
