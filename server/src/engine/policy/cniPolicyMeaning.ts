import type { CalicoEntityRule, CalicoPolicy, CiliumPolicy, CiliumRule } from '../objects';
import { podsInNamespace } from '../snapshot/indexes';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { calicoPoliciesSelecting, calicoPolicyName, calicoPolicySelects, calicoPolicyTypes, tierOf } from './calicoPolicy';
import { describeHttpRule } from './ciliumHttp';
import { ciliumSpecsSelecting, peerSelects, specSelects } from './ciliumPolicy';
import { ciliumPolicyName, specsOf, type CiliumSpec } from './ciliumSpecs';
import { ciliumRejections } from './ciliumValidation';
import { activeCniPolicies } from './cniPolicies';
import { describeSelector } from './networkPolicy';

/**
 * What Cilium's and Calico's policies mean today, for the editor's hovers: the pods a policy selects, the policies
 * that select a pod, and a rule said in words with the pods each of its peers matches.
 */

export type CniPolicy = CiliumPolicy | CalicoPolicy;

export function isCniPolicy(object: { readonly type: string }): object is CniPolicy {
  return object.type === 'CiliumNetworkPolicy' || object.type === 'CiliumClusterwideNetworkPolicy' || object.type === 'CalicoNetworkPolicy' || object.type === 'CalicoGlobalNetworkPolicy';
}

/** The pods a policy selects: its namespace's (or every pod, cluster-wide) that its selectors pick. */
export function podsSelectedByCniPolicy(policy: CniPolicy, snapshot: ClusterSnapshot): SimPod[] {
  const candidates = policy.id.namespace === undefined ? snapshot.pods : podsInNamespace(snapshot, policy.id.namespace);
  if (policy.type === 'CalicoNetworkPolicy' || policy.type === 'CalicoGlobalNetworkPolicy') return candidates.filter((pod) => calicoPolicySelects(policy, pod, snapshot));
  const specs = specsOf(policy);
  return candidates.filter((pod) => specs.some((entry) => specSelects(entry, pod, snapshot)));
}

/** Why the CNI refuses a policy (none when it takes it): a refused policy takes no effect. */
export function refusalsOf(policy: CniPolicy): readonly string[] {
  return policy.type === 'CiliumNetworkPolicy' || policy.type === 'CiliumClusterwideNetworkPolicy' ? ciliumRejections(policy).map((rejection) => rejection.message) : [];
}

/** The profile's CNI's own policies that select a pod, with the directions each decides. */
export function cniPoliciesOf(pod: SimPod, snapshot: ClusterSnapshot): { readonly policy: CniPolicy; readonly directions: readonly string[] }[] {
  const active = activeCniPolicies(snapshot);
  if (active === 'calico') return calicoPoliciesSelecting(pod, snapshot).map((policy) => ({ policy, directions: calicoPolicyTypes(policy) }));
  if (active === 'cilium') {
    const byPolicy = new Map<CiliumPolicy, Set<string>>();
    for (const entry of ciliumSpecsSelecting(pod, snapshot)) {
      const directions = byPolicy.get(entry.policy) ?? new Set<string>();
      if (entry.spec.ingress || entry.spec.ingressDeny) directions.add('Ingress');
      if (entry.spec.egress || entry.spec.egressDeny) directions.add('Egress');
      byPolicy.set(entry.policy, directions);
    }
    return [...byPolicy].map(([policy, directions]) => ({ policy, directions: [...directions] }));
  }
  return [];
}

function podsText(pods: readonly SimPod[]): string {
  const workloads = [...new Set(pods.map((pod) => `${pod.workload.namespace}/${pod.workload.name}`))];
  return workloads.length === 0 ? 'no pod today' : `${pods.length} pod(s) of ${workloads.slice(0, 5).join(', ')}${workloads.length > 5 ? ` and ${workloads.length - 5} more` : ''}`;
}


/** A rule of a policy in words: what it does and the pods each peer matches today. */
export interface CniRuleMeaning {
  readonly title: string;
  readonly lines: readonly string[];
}

type PathPart = string | number;

/** The rule under a path of a policy (`spec.ingress[2]`, `specs[0].egressDeny[1]`), in words. */
export function cniRuleMeaning(policy: CniPolicy, path: readonly PathPart[], snapshot: ClusterSnapshot): CniRuleMeaning | undefined {
  if (policy.type === 'CalicoNetworkPolicy' || policy.type === 'CalicoGlobalNetworkPolicy') {
    const [spec, section, index] = path;
    if (spec !== 'spec' || (section !== 'ingress' && section !== 'egress') || typeof index !== 'number') return undefined;
    const rule = policy.spec?.[section]?.value[index];
    return rule && calicoRuleMeaning(policy, section, index, rule, snapshot);
  }
  const at = path[0] === 'spec' ? 1 : path[0] === 'specs' && typeof path[1] === 'number' ? 2 : -1;
  const entry = at === 1 ? specsOf(policy).find((candidate) => candidate.path === 'spec') : at === 2 ? specsOf(policy).find((candidate) => candidate.path === `specs[${path[1]}]`) : undefined;
  const section = path[at];
  const index = path[at + 1];
  if (!entry || (section !== 'ingress' && section !== 'ingressDeny' && section !== 'egress' && section !== 'egressDeny') || typeof index !== 'number') return undefined;
  const rule = entry.spec[section]?.value[index];
  return rule && ciliumRuleMeaning(entry, section, index, rule, snapshot);
}

function ciliumRuleMeaning(entry: CiliumSpec, section: 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny', index: number, rule: CiliumRule, snapshot: ClusterSnapshot): CniRuleMeaning {
  const { policy } = entry;
  const ingress = section.startsWith('ingress');
  const lines: string[] = [];
  for (const selector of (ingress ? rule.fromEndpoints : rule.toEndpoints)?.value ?? []) {
    lines.push(`endpoints {${describeSelector(selector) ?? 'every endpoint'}}: ${podsText(snapshot.pods.filter((pod) => peerSelects(selector, policy, pod, snapshot)))}`);
  }
  for (const entity of (ingress ? rule.fromEntities : rule.toEntities)?.value ?? []) lines.push(`entity ${entity.value}`);
  for (const cidr of (ingress ? rule.fromCIDR : rule.toCIDR)?.value ?? []) lines.push(`addresses in ${cidr.value} (outside the cluster)`);
  for (const set of (ingress ? rule.fromCIDRSet : rule.toCIDRSet)?.value ?? []) lines.push(`addresses in ${set.cidr?.value ?? set.cidrGroupRef?.value ?? '?'}${set.except ? ` except ${set.except.value.map((except) => except.value).join(', ')}` : ''}`);
  for (const service of ingress ? [] : (rule.toServices?.value ?? [])) lines.push(`the endpoints of Service ${service.k8sService ? `${service.k8sService.serviceName?.value ?? '?'} in ${service.k8sService.namespace?.value ?? 'any namespace'}` : `{${service.k8sServiceSelector?.selector ? describeSelector(service.k8sServiceSelector.selector) ?? 'every Service' : ''}}`}`);
  for (const fqdn of ingress ? [] : (rule.toFQDNs?.value ?? [])) lines.push(`addresses DNS gave for ${fqdn.matchName ? fqdn.matchName.value : `names matching ${fqdn.matchPattern?.value ?? '?'}`}`);
  const ports = (rule.toPorts?.value ?? []).flatMap((portRule) => (portRule.ports?.value ?? []).map((port) => `${port.protocol?.value ?? 'ANY'} ${port.port?.value ?? 'any'}${port.endPort ? `-${port.endPort.value}` : ''}`));
  const http = (rule.toPorts?.value ?? []).flatMap((portRule) => (portRule.rules?.http?.value ?? []).map(describeHttpRule));
  const empty = lines.length === 0 && ports.length === 0;
  if (lines.length === 0 && !empty) lines.push('every peer');
  const verb = section.endsWith('Deny') ? 'denies' : 'allows';
  return {
    title: `${section} rule ${index + 1} of ${policy.type} ${ciliumPolicyName(policy)} ${empty ? 'matches nothing: it only puts the selected pods in default deny' : `${verb} ${ingress ? 'from' : 'to'}`}`,
    lines: [...lines, ...(ports.length > 0 ? [`on ${ports.join(', ')}`] : empty ? [] : ['on every port']), ...(http.length > 0 ? [`HTTP requests only: ${http.join('; ')} (others get 403)`] : [])],
  };
}

function entityWords(policy: CalicoPolicy, entity: CalicoEntityRule | undefined, snapshot: ClusterSnapshot): string[] {
  if (!entity) return ['anything'];
  const words: string[] = [];
  if (entity.selector || entity.namespaceSelector) {
    const scoped = !entity.namespaceSelector && policy.type === 'CalicoNetworkPolicy';
    const probe = { ...policy, type: scoped ? 'CalicoNetworkPolicy' : 'CalicoGlobalNetworkPolicy', spec: { span: entity.span, ...(entity.selector && { selector: entity.selector }), ...(entity.namespaceSelector && { namespaceSelector: entity.namespaceSelector }) } } as CalicoPolicy;
    const pods = snapshot.pods.filter((pod) => (!scoped || pod.namespace === policy.id.namespace) && calicoPolicySelects(probe, pod, snapshot));
    words.push(`pods ${entity.selector ? `\`${entity.selector.value}\`` : 'of every selected namespace'}${entity.namespaceSelector ? ` in namespaces \`${entity.namespaceSelector.value}\`` : scoped ? ` in ${policy.id.namespace}` : ''}: ${podsText(pods)}`);
  }
  if (entity.notSelector) words.push(`not pods \`${entity.notSelector.value}\``);
  if (entity.nets) words.push(`addresses in ${entity.nets.value.map((net) => net.value).join(', ')} (pods too)`);
  if (entity.notNets) words.push(`addresses outside ${entity.notNets.value.map((net) => net.value).join(', ')}`);
  if (entity.serviceAccounts) words.push(`service accounts ${[...(entity.serviceAccounts.names?.value.map((name) => name.value) ?? []), ...(entity.serviceAccounts.selector ? [`\`${entity.serviceAccounts.selector.value}\``] : [])].join(', ')}`);
  if (entity.services) words.push(`Service ${entity.services.namespace?.value ?? policy.id.namespace ?? '?'}/${entity.services.name?.value ?? '?'}`);
  if (entity.ports) words.push(`ports ${entity.ports.value.map((port) => port.value).join(', ')}`);
  if (entity.notPorts) words.push(`not ports ${entity.notPorts.value.map((port) => port.value).join(', ')}`);
  return words.length > 0 ? words : ['anything'];
}

function calicoRuleMeaning(policy: CalicoPolicy, section: 'ingress' | 'egress', index: number, rule: NonNullable<NonNullable<CalicoPolicy['spec']>['ingress']>['value'][number], snapshot: ClusterSnapshot): CniRuleMeaning {
  const order = policy.spec?.order?.value;
  return {
    title: `${section} rule ${index + 1} of ${calicoPolicyName(policy)} (tier ${tierOf(policy)}, ${order === undefined ? 'no order: after those with one' : `order ${order}`}): ${rule.action?.value ?? 'no action'}${rule.protocol ? ` ${rule.protocol.value}` : ''}`,
    lines: [`source: ${entityWords(policy, rule.source, snapshot).join('; ')}`, `destination: ${entityWords(policy, rule.destination, snapshot).join('; ')}`],
  };
}
