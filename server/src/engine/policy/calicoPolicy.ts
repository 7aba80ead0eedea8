import { cidrContains, parseCidr } from '../cidr';
import { groupBy } from '../groupBy';
import type { Labels } from '../labels';
import type { CalicoEntityRule, CalicoPolicy, CalicoRule, CalicoTier, NetworkPolicy } from '../objects';
import { resolveNamedPort } from '../snapshot/endpoints';
import { objectNamed, objectsOfType } from '../snapshot/indexes';
import { perPod, perSnapshot } from '../snapshot/perSnapshot';
import { serviceAccountOf } from '../snapshot/podOwner';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { matchesCalicoSelector, parseCalicoSelector } from './calicoSelector';
import { namespaceLabels } from './matchPeers';
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
  const parsed = parseCalicoSelector(text);
  return parsed.ok && parsed.selector.kind !== 'global' && calicoSelects(text, calicoNamespaceLabels(namespace, snapshot));
}

/** A service account's labels (those its manifest writes, when the workspace has it) and its name. */
function serviceAccountLabels(namespace: string, name: string, snapshot: ClusterSnapshot): Labels {
  return { ...(objectNamed(snapshot, namespace, 'ServiceAccount', name)?.metadata.labels?.value ?? {}), 'projectcalico.org/name': name };
}

/** A selector's text tried on labels; an absent or empty selector is all(), one Calico cannot parse selects nothing. */
export function calicoSelects(text: string | undefined, labels: Labels): boolean {
  if (text === undefined || text.trim() === '') return true;
  const parsed = parseCalicoSelector(text);
  return parsed.ok && matchesCalicoSelector(parsed.selector, labels);
}

/** `types` as written, or as Calico defaults it: Egress only when there are egress rules and no ingress rules, both when both. */
export function calicoPolicyTypes(policy: CalicoPolicy): string[] {
  const written = policy.spec?.types?.value.map((type) => type.value);
  if (written && written.length > 0) return written;
  const ingress = (policy.spec?.ingress?.value.length ?? 0) > 0;
  const egress = (policy.spec?.egress?.value.length ?? 0) > 0;
  if (egress && ingress) return ['Ingress', 'Egress'];
  return egress ? ['Egress'] : ['Ingress'];
}

/** Whether a policy applies to a pod: its namespace (namespaced) or namespaceSelector (global), selector and serviceAccountSelector. */
export function calicoPolicySelects(policy: CalicoPolicy, pod: SimPod, snapshot: ClusterSnapshot): boolean {
  const spec = policy.spec;
  if (!spec || pod.hostNetwork) return false;
  // Untracked, pre-DNAT and forwarded-traffic policies apply to host endpoints only.
  if (spec.doNotTrack?.value || spec.preDNAT?.value || spec.applyOnForward?.value) return false;
  if (policy.type === 'CalicoNetworkPolicy' && policy.id.namespace !== pod.namespace) return false;
  if (policy.type === 'CalicoGlobalNetworkPolicy' && spec.namespaceSelector && !namespaceSelected(spec.namespaceSelector.value, pod.namespace, snapshot)) return false;
  if (!calicoSelects(spec.selector?.value, calicoPodLabels(pod, snapshot))) return false;
  return !spec.serviceAccountSelector || calicoSelects(spec.serviceAccountSelector.value, serviceAccountLabels(pod.namespace, serviceAccountOf(snapshot, pod) ?? 'default', snapshot));
}

/** The tier a policy is in: `spec.tier`, else the default tier. */
export function tierOf(policy: CalicoPolicy): string {
  return policy.spec?.tier?.value ?? DEFAULT_TIER;
}

/** The policy's name as Calico orders it within a tier and as messages give it. */
export function calicoPolicyName(policy: CalicoPolicy): string {
  return policy.id.namespace === undefined ? policy.id.name : `${policy.id.namespace}/${policy.id.name}`;
}

function describePolicy(policy: CalicoPolicy): string {
  const order = policy.spec?.order?.value;
  return `${policy.type === 'CalicoGlobalNetworkPolicy' ? 'GlobalNetworkPolicy' : 'Calico NetworkPolicy'} ${calicoPolicyName(policy)} (tier ${tierOf(policy)}, ${order === undefined ? 'no order' : `order ${order}`})`;
}

/** The tiers in Calico's order: by `order` (lower first, none after), then name; the default tier last. */
const tierOrder = perSnapshot((snapshot): ReadonlyMap<string, number> => {
  const tiers = new Map<string, CalicoTier>();
  for (const tier of objectsOfType(snapshot, 'CalicoTier')) if (!tiers.has(tier.id.name)) tiers.set(tier.id.name, tier);
  const named = new Set([...tiers.keys(), ...[...objectsOfType(snapshot, 'CalicoNetworkPolicy'), ...objectsOfType(snapshot, 'CalicoGlobalNetworkPolicy')].map(tierOf)]);
  named.delete(DEFAULT_TIER);
  const sorted = [...named].sort((a, b) => (tiers.get(a)?.spec?.order?.value ?? Infinity) - (tiers.get(b)?.spec?.order?.value ?? Infinity) || a.localeCompare(b));
  return new Map([...sorted, DEFAULT_TIER].map((name, index) => [name, index]));
});

export function tierObject(name: string, snapshot: ClusterSnapshot): CalicoTier | undefined {
  return objectsOfType(snapshot, 'CalicoTier').find((tier) => tier.id.name === name);
}

/** The tier names after this one, in Calico's order. */
export function tiersAfter(name: string, snapshot: ClusterSnapshot): string[] {
  const order = tierOrder(snapshot);
  const at = order.get(name) ?? -1;
  return [...order.entries()].filter(([, index]) => index > at).map(([tier]) => tier);
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

function protocolIs(written: number | string, protocol: string): boolean {
  const number = typeof written === 'number' ? written : PROTOCOL_NUMBERS[written.toUpperCase()];
  return number === PROTOCOL_NUMBERS[protocol];
}

/** One entry of `ports`: a number, `first:last`, or a port name on the endpoint. */
function portEntryMatches(entry: number | string, port: number, protocol: string, pod: SimPod | undefined): boolean {
  if (typeof entry === 'number') return entry === port;
  const range = /^(\d+):(\d+)$/.exec(entry);
  if (range) return port >= Number(range[1]) && port <= Number(range[2]);
  if (/^\d+$/.test(entry)) return Number(entry) === port;
  return resolveNamedPort(pod, entry, protocol) === port;
}

function inNets(nets: readonly { readonly value: string }[], ip: string): boolean {
  return nets.some((net) => {
    const cidr = parseCidr(net.value);
    return cidr !== undefined && cidrContains(cidr, ip);
  });
}

/** One end of a connection as a rule's source or destination sees it; `port` only for the destination, whose port is known. */
interface Endpoint {
  readonly pod: SimPod | undefined;
  readonly ip: string;
  readonly port?: { readonly protocol: string; readonly number: number };
}

/** An entity rule: every field given must match (nets and selectors, ports, service accounts, services). */
function entityMatches(entity: CalicoEntityRule | undefined, endpoint: Endpoint, policy: CalicoPolicy, snapshot: ClusterSnapshot): boolean {
  if (!entity) return true;
  const { pod, ip } = endpoint;
  if (entity.nets && !inNets(entity.nets.value, ip)) return false;
  if (entity.notNets && inNets(entity.notNets.value, ip)) return false;
  // A selector in a namespaced policy picks pods of its namespace, unless a namespaceSelector says which.
  const inScope = pod !== undefined && (entity.namespaceSelector ? namespaceSelected(entity.namespaceSelector.value, pod.namespace, snapshot) : policy.type === 'CalicoGlobalNetworkPolicy' || pod.namespace === policy.id.namespace);
  if ((entity.selector || entity.namespaceSelector) && !(inScope && calicoSelects(entity.selector?.value, calicoPodLabels(pod, snapshot)))) return false;
  if (entity.notSelector && inScope && calicoSelects(entity.notSelector.value, calicoPodLabels(pod!, snapshot))) return false;
  if (entity.serviceAccounts) {
    if (!pod) return false;
    const account = serviceAccountOf(snapshot, pod) ?? 'default';
    const names = entity.serviceAccounts.names?.value.map((name) => name.value);
    if (names && names.length > 0 && !names.includes(account)) return false;
    if (entity.serviceAccounts.selector && !calicoSelects(entity.serviceAccounts.selector.value, serviceAccountLabels(pod.namespace, account, snapshot))) return false;
  }
  if (entity.services) {
    const service = entity.services;
    const key = `${service.namespace?.value ?? policy.id.namespace ?? 'default'}/${service.name?.value ?? ''}`;
    if (!snapshot.endpoints.get(key)?.endpoints.some((candidate) => candidate.ip === ip)) return false;
  }
  // The source's port is an ephemeral one the simulation does not know: a rule on source ports matches no connection here.
  const ports = entity.ports?.value ?? [];
  const notPorts = entity.notPorts?.value ?? [];
  if (ports.length > 0 || notPorts.length > 0) {
    if (!endpoint.port) return false;
    const { protocol, number } = endpoint.port;
    if (ports.length > 0 && !ports.some((entry) => portEntryMatches(entry.value, number, protocol, pod))) return false;
    if (notPorts.some((entry) => portEntryMatches(entry.value, number, protocol, pod))) return false;
  }
  return true;
}

function ruleMatches(rule: CalicoRule, connection: DirectedConnection, policy: CalicoPolicy, snapshot: ClusterSnapshot): boolean {
  const { direction, subject, other, protocol, port, destinationPod } = connection;
  if (rule.protocol && !protocolIs(rule.protocol.value, protocol)) return false;
  if (rule.notProtocol && protocolIs(rule.notProtocol.value, protocol)) return false;
  const subjectIp = direction === 'Ingress' ? (destinationPod?.ips[0] ?? '') : (subject.ips[0] ?? '');
  if (rule.ipVersion && rule.ipVersion.value !== (other.ip.includes(':') ? 6 : 4)) return false;
  // Application-layer matches need Calico's Istio integration, which is not simulated: such a rule matches nothing here.
  if (rule.http) return false;
  const subjectEnd: Endpoint = { pod: subject, ip: subjectIp };
  const otherEnd: Endpoint = { pod: peerPod(other), ip: other.ip };
  const destination = { protocol, number: port };
  const [source, target] = direction === 'Ingress' ? [otherEnd, { ...subjectEnd, port: destination }] : [subjectEnd, { ...otherEnd, port: destination }];
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

function entriesOf(tier: string, calico: readonly CalicoPolicy[], kubernetes: readonly NetworkPolicy[]): TierEntry[] {
  const entries: TierEntry[] = calico.filter((policy) => tierOf(policy) === tier).map((policy) => ({ order: policy.spec?.order?.value ?? Infinity, name: `${tier}.${policy.id.name}`, calico: policy }));
  // Calico names a Kubernetes policy knp.default.NAME: after Calico policies of the same order, whose names start with the tier's.
  if (tier === DEFAULT_TIER && kubernetes.length > 0) entries.push({ order: KUBERNETES_POLICY_ORDER, name: 'knp.default.', kubernetes });
  return entries.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

export interface CalicoResult {
  /** Undefined when no policy of any tier selects the subject for this direction, or every tier passed: its profile allows. */
  readonly decision: PolicyDecision | undefined;
  /** The tiers passed on the way (Pass actions, and tiers whose default action is Pass). */
  readonly passed: readonly PolicyDecision[];
  readonly isolatedBy: readonly NetworkPolicy[];
  readonly nearestMiss?: string;
}

/** One direction through Calico's tiers, Kubernetes NetworkPolicies in the default tier. */
export function evaluateCalico(connection: DirectedConnection, snapshot: ClusterSnapshot): CalicoResult {
  const { direction, subject } = connection;
  const calico = calicoPoliciesSelecting(subject, snapshot).filter((policy) => calicoPolicyTypes(policy).includes(direction));
  const kubernetes = selectingPolicies(subject, direction, snapshot);
  const passed: PolicyDecision[] = [];
  const tiers = [...new Set([...calico.map(tierOf), ...(kubernetes.length > 0 ? [DEFAULT_TIER] : [])])].sort((a, b) => (tierOrder(snapshot).get(a) ?? 0) - (tierOrder(snapshot).get(b) ?? 0));
  const section = direction === 'Ingress' ? 'ingress' : 'egress';
  let nearestMiss: string | undefined;
  for (const tier of tiers) {
    let passedTier = false;
    for (const entry of entriesOf(tier, calico, kubernetes)) {
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

