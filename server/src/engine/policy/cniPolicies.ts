import { cidrContains } from '../cidr';
import type { CalicoEntityRule, CalicoPolicy, CiliumRule, LabelSelector } from '../objects';
import { objectsOfType, podsInNamespace, podsWithIp } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';
import type { ClusterSnapshot, Protocol, SimPod } from '../snapshot/types';
import { serviceAccountOf } from '../snapshot/podOwner';
import { calicoCandidates, calicoNet, calicoPoliciesSelecting, calicoPolicySelects, calicoPolicyTypes, hasCalicoPolicies } from './calicoPolicy';
import { ciliumSpecsSelecting, hasCiliumPolicies, peerCandidates, peerSelects } from './ciliumPolicy';
import { specsOf, type CiliumSpec } from './ciliumSpecs';

/**
 * What the matrix and the checks ask of the CNI's own policies, whichever CNI the profile names: whether they
 * select a pod, the address blocks and ports they name. Only the profile's CNI's policies count: the others are
 * not enforced there.
 */

export type CniPolicyKind = 'cilium' | 'calico';

/** The CNI whose own policies the snapshot has and the profile enforces, if any. */
export function activeCniPolicies(snapshot: ClusterSnapshot): CniPolicyKind | undefined {
  const plugin = snapshot.profile.cni.plugin;
  if (plugin === 'cilium' && hasCiliumPolicies(snapshot)) return 'cilium';
  if (plugin === 'calico' && hasCalicoPolicies(snapshot)) return 'calico';
  return undefined;
}

interface NamedPort {
  readonly protocol: Protocol;
  readonly port: number;
}

function calicoEntities(snapshot: ClusterSnapshot): { readonly direction: 'Ingress' | 'Egress'; readonly protocol: string | number | undefined; readonly source?: CalicoEntityRule; readonly destination?: CalicoEntityRule }[] {
  return [...objectsOfType(snapshot, 'CalicoNetworkPolicy'), ...objectsOfType(snapshot, 'CalicoGlobalNetworkPolicy')].flatMap((policy) => [
    ...(policy.spec?.ingress?.value ?? []).map((rule) => ({ direction: 'Ingress' as const, protocol: rule.protocol?.value, ...(rule.source && { source: rule.source }), ...(rule.destination && { destination: rule.destination }) })),
    ...(policy.spec?.egress?.value ?? []).map((rule) => ({ direction: 'Egress' as const, protocol: rule.protocol?.value, ...(rule.source && { source: rule.source }), ...(rule.destination && { destination: rule.destination }) })),
  ]);
}

function ciliumRules(snapshot: ClusterSnapshot): { readonly direction: 'Ingress' | 'Egress'; readonly rule: CiliumRule }[] {
  return [...objectsOfType(snapshot, 'CiliumNetworkPolicy'), ...objectsOfType(snapshot, 'CiliumClusterwideNetworkPolicy')].flatMap(specsOf).flatMap(({ spec }) => [
    ...[...(spec.ingress?.value ?? []), ...(spec.ingressDeny?.value ?? [])].map((rule) => ({ direction: 'Ingress' as const, rule })),
    ...[...(spec.egress?.value ?? []), ...(spec.egressDeny?.value ?? [])].map((rule) => ({ direction: 'Egress' as const, rule })),
  ]);
}

/** The address blocks the CNI's own policies name (Cilium's CIDR rules, Calico's nets), for the matrix's external classes. */
export const cniPolicyCidrs = perSnapshot((snapshot): readonly string[] => {
  const active = activeCniPolicies(snapshot);
  if (active === 'cilium') {
    return ciliumRules(snapshot).flatMap(({ rule }) => [...(rule.fromCIDR?.value ?? []), ...(rule.toCIDR?.value ?? []), ...[...(rule.fromCIDRSet?.value ?? []), ...(rule.toCIDRSet?.value ?? [])].flatMap((set) => (set.cidr ? [set.cidr] : []))].map((cidr) => cidr.value));
  }
  if (active === 'calico') return calicoEntities(snapshot).flatMap((rule) => [rule.source, rule.destination].flatMap((entity) => [...(entity?.nets?.value ?? []), ...(entity?.notNets?.value ?? [])].map((net) => net.value)));
  return [];
});

/** The DNS names Cilium's toFQDNs rules list by name (patterns name no one host): the matrix's named external classes. */
export const cniPolicyNames = perSnapshot((snapshot): readonly string[] => {
  if (activeCniPolicies(snapshot) !== 'cilium') return [];
  const names = ciliumRules(snapshot).flatMap(({ rule }) => (rule.toFQDNs?.value ?? []).flatMap((fqdn) => (fqdn.matchName ? [fqdn.matchName.value.toLowerCase().replace(/\.$/, '')] : [])));
  return [...new Set(names)].sort();
});

/** Whether the CNI's own policies match pods by address: Calico's nets do, unlike Kubernetes' ipBlock and Cilium's CIDR rules. */
export function cniPoliciesMatchPodAddresses(snapshot: ClusterSnapshot): boolean {
  return activeCniPolicies(snapshot) === 'calico' && cniPolicyCidrs(snapshot).length > 0;
}

const asProtocol = (text: string | number | undefined): Protocol | undefined => {
  const upper = typeof text === 'string' ? text.toUpperCase() : text === 6 ? 'TCP' : text === 17 ? 'UDP' : text === 132 ? 'SCTP' : undefined;
  return upper === 'TCP' || upper === 'UDP' || upper === 'SCTP' ? upper : undefined;
};

function ciliumRulePorts(rule: CiliumRule): NamedPort[] {
  return (rule.toPorts?.value ?? []).flatMap((portRule) =>
    (portRule.ports?.value ?? []).flatMap((entry) => {
      const number = Number(entry.port?.value);
      return Number.isInteger(number) && number > 0 ? [{ protocol: asProtocol(entry.protocol?.value ?? 'TCP') ?? 'TCP', port: number }] : [];
    }),
  );
}

function calicoRulePorts(protocol: string | number | undefined, destination: CalicoEntityRule | undefined): NamedPort[] {
  const known = asProtocol(protocol);
  if (!known) return [];
  return (destination?.ports?.value ?? []).flatMap((entry) => {
    const number = typeof entry.value === 'number' ? entry.value : /^\d+$/.test(entry.value) ? Number(entry.value) : Number(/^(\d+):\d+$/.exec(entry.value)?.[1] ?? NaN);
    return Number.isInteger(number) ? [{ protocol: known, port: number }] : [];
  });
}

/** The numbered ports the CNI's own policies that select a pod name for its ingress: ports the matrix probes there. */
export function cniIngressPorts(pod: SimPod, snapshot: ClusterSnapshot): NamedPort[] {
  const active = activeCniPolicies(snapshot);
  if (active === 'cilium') return ciliumSpecsSelecting(pod, snapshot).flatMap(({ spec }) => [...(spec.ingress?.value ?? []), ...(spec.ingressDeny?.value ?? [])].flatMap(ciliumRulePorts));
  if (active === 'calico') return calicoPoliciesSelecting(pod, snapshot).flatMap((policy) => (policy.spec?.ingress?.value ?? []).flatMap((rule) => calicoRulePorts(rule.protocol?.value, rule.destination)));
  return [];
}

const WORLD_ENTITIES = new Set(['world', 'all']);

/** Whether a Cilium egress rule may admit an address outside the cluster. */
function reachesOutside(rule: CiliumRule): boolean {
  return (rule.toCIDR?.value.length ?? 0) + (rule.toCIDRSet?.value.length ?? 0) + (rule.toFQDNs?.value.length ?? 0) > 0 || (rule.toEntities?.value ?? []).some((entity) => WORLD_ENTITIES.has(entity.value));
}

/** The numbered ports of the CNI's own egress rules that may admit addresses outside the cluster: ports the matrix probes there. */
export const cniEgressPorts = perSnapshot((snapshot): readonly NamedPort[] => {
  const active = activeCniPolicies(snapshot);
  if (active === 'cilium') return ciliumRules(snapshot).flatMap(({ direction, rule }) => (direction === 'Egress' && reachesOutside(rule) ? ciliumRulePorts(rule) : []));
  // A Calico destination that names pods (selectors, service accounts, Services) admits no address outside.
  const outside = (entity: CalicoEntityRule | undefined) => !entity || !(entity.selector || entity.namespaceSelector || entity.serviceAccounts || entity.services);
  if (active === 'calico') return calicoEntities(snapshot).flatMap((rule) => (rule.direction === 'Egress' && outside(rule.destination) ? calicoRulePorts(rule.protocol, rule.destination) : []));
  return [];
});

/** Whether a Calico policy could decide a direction for a pod: the matrix's egress shortcut needs to know. */
export function cniPoliciesSelectFor(pod: SimPod, direction: 'Ingress' | 'Egress', snapshot: ClusterSnapshot): boolean {
  const active = activeCniPolicies(snapshot);
  if (active === 'calico') return calicoPoliciesSelecting(pod, snapshot).some((policy) => calicoPolicyTypes(policy).includes(direction));
  // A Cilium spec decides a direction only with rules there (allow or deny).
  if (active === 'cilium') return ciliumSpecsSelecting(pod, snapshot).some(({ spec }) => (direction === 'Ingress' ? [spec.ingress, spec.ingressDeny] : [spec.egress, spec.egressDeny]).some((rules) => (rules?.value.length ?? 0) > 0));
  return false;
}

/** The pods a Cilium endpoint selector of a rule matches as a peer, per selector: many destinations share one policy. */
const ciliumPeerPods = perSnapshot(() => new WeakMap<LabelSelector, readonly SimPod[]>());

function podsOfCiliumPeer(entry: CiliumSpec, selector: LabelSelector, snapshot: ClusterSnapshot): readonly SimPod[] {
  const cache = ciliumPeerPods(snapshot);
  let pods = cache.get(selector);
  if (!pods) {
    pods = peerCandidates(selector, entry.policy, snapshot).filter((pod) => pod.ips.length > 0 && peerSelects(selector, entry.policy, pod, snapshot));
    cache.set(selector, pods);
  }
  return pods;
}

/** The pods a Calico entity rule, as a rule's source, tells apart from the others: those it matches (or, negated, excludes). */
function podsOfCalicoSource(policy: CalicoPolicy, entity: CalicoEntityRule, snapshot: ClusterSnapshot): readonly SimPod[] | 'all' {
  const apart = new Set<SimPod>();
  const namespaced = policy.type === 'CalicoNetworkPolicy' && !entity.namespaceSelector;
  const scope = namespaced ? (policy.id.namespace ?? 'default') : undefined;
  const scoped = (selector: string | undefined) => {
    const probe = { ...policy, type: namespaced ? 'CalicoNetworkPolicy' : 'CalicoGlobalNetworkPolicy', spec: { span: entity.span, ...(selector !== undefined && { selector: { value: selector, span: entity.span } }), ...(entity.namespaceSelector && { namespaceSelector: entity.namespaceSelector }) } } as CalicoPolicy;
    return calicoCandidates(selector, scope, snapshot, entity.namespaceSelector?.value).filter((pod) => pod.ips.length > 0 && calicoPolicySelects(probe, pod, snapshot));
  };
  if (entity.selector || entity.namespaceSelector) for (const pod of scoped(entity.selector?.value)) apart.add(pod);
  // In a namespaced policy a notSelector or serviceAccounts alone still limits the rule to the policy's namespace.
  if (scope !== undefined && (entity.notSelector || entity.serviceAccounts)) for (const pod of podsInNamespace(snapshot, scope)) apart.add(pod);
  if (entity.notSelector) for (const pod of scoped(entity.notSelector.value)) apart.add(pod);
  const pods = () => snapshot.pods.filter((pod) => pod.ips.length > 0);
  for (const net of [...(entity.nets?.value ?? []), ...(entity.notNets?.value ?? [])]) {
    const cidr = calicoNet(net.value);
    if (cidr) for (const pod of pods()) if (pod.ips.some((ip) => cidrContains(cidr, ip))) apart.add(pod);
  }
  if (entity.serviceAccounts) {
    // A selector over service accounts' labels is not read here: every source is evaluated on its own.
    if (entity.serviceAccounts.selector) return 'all';
    const names = new Set(entity.serviceAccounts.names?.value.map((name) => name.value) ?? []);
    for (const pod of pods()) if (names.has(serviceAccountOf(snapshot, pod) ?? 'default')) apart.add(pod);
  }
  if (entity.services) {
    const key = `${entity.services.namespace?.value ?? policy.id.namespace ?? 'default'}/${entity.services.name?.value ?? ''}`;
    for (const endpoint of snapshot.endpoints.get(key)?.endpoints ?? []) for (const pod of podsWithIp(snapshot, endpoint.ip)) apart.add(pod);
  }
  return [...apart];
}

/**
 * The source pods whose ingress verdict at a destination the CNI's own policies may tell apart from that of a source
 * they name nowhere: the pods their ingress rules' peers match (a peer that matches every pod alike, such as the
 * `cluster` entity, tells none apart). A source whose verdict depends on what a rule cannot be read for is 'all'.
 */
export function cniSourcesSetApart(destination: SimPod, snapshot: ClusterSnapshot): ReadonlySet<SimPod> | 'all' {
  const apart = new Set<SimPod>();
  const active = activeCniPolicies(snapshot);
  if (active === 'cilium') {
    for (const entry of ciliumSpecsSelecting(destination, snapshot)) {
      for (const rule of [...(entry.spec.ingress?.value ?? []), ...(entry.spec.ingressDeny?.value ?? [])]) {
        if ((rule.fromRequires?.value.length ?? 0) > 0) return 'all';
        for (const selector of rule.fromEndpoints?.value ?? []) for (const pod of podsOfCiliumPeer(entry, selector, snapshot)) apart.add(pod);
      }
    }
  }
  if (active === 'calico') {
    for (const policy of calicoPoliciesSelecting(destination, snapshot)) {
      for (const rule of policy.spec?.ingress?.value ?? []) {
        if (!rule.source) continue;
        const pods = podsOfCalicoSource(policy, rule.source, snapshot);
        if (pods === 'all') return 'all';
        for (const pod of pods) apart.add(pod);
      }
    }
  }
  return apart;
}
