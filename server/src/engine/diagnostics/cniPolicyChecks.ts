import type { ReadonlyList } from '../chunkedList';
import { parseCidr } from '../cidr';
import { HTTP_PROTOCOLS, namedProtocol } from '../mesh/protocols';
import type { CalicoEntityRule, CalicoPolicy, CiliumPolicy, CiliumRule, KubeObject, LabelSelector } from '../objects';
import { parseCalicoSelector } from '../policy/calicoSelector';
import { calicoPolicySelects, DEFAULT_TIER, tierOf, tiersAfter } from '../policy/calicoPolicy';
import { ciliumRegex } from '../policy/ciliumHttp';
import { knownEntity, specSelects, specsOf, type CiliumSpec } from '../policy/ciliumPolicy';
import { podsInNamespace } from '../snapshot/indexes';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import type { FieldSpan, Located } from '../source';
import type { CheckContext } from './context';
import { definesNoPodIn, missingButMaybeMade } from './unknownPodMakers';

/**
 * KT308-KT312 and KT010: Cilium's and Calico's own policies. What their APIs reject (KT010), a policy that selects
 * no pod (KT308), a peer that can never match (KT309), HTTP rules on a port that does not carry HTTP (KT310), a
 * Calico Pass with no tier after it (KT311), and a policy the profile's CNI does not enforce (KT312).
 */
export function checkCniPolicies(context: CheckContext): void {
  const cilium = [...context.subjectsOfType('CiliumNetworkPolicy'), ...context.subjectsOfType('CiliumClusterwideNetworkPolicy')];
  const calico = [...context.subjectsOfType('CalicoNetworkPolicy'), ...context.subjectsOfType('CalicoGlobalNetworkPolicy')];
  for (const policy of cilium) checkCiliumPolicy(context, policy);
  for (const policy of calico) checkCalicoPolicy(context, policy);
}

/** The pods a policy could select: its namespace's, or every pod for a cluster-wide one; none means the policy is shipped without its workloads. */
function candidatePods(object: KubeObject, snapshot: ClusterSnapshot): { readonly pods: ReadonlyList<SimPod>; readonly namespaces: readonly string[] } {
  if (object.id.namespace !== undefined) return { pods: podsInNamespace(snapshot, object.id.namespace), namespaces: [object.id.namespace] };
  return { pods: snapshot.pods, namespaces: [...snapshot.namespaces.keys()] };
}

function notEnforced(context: CheckContext, object: KubeObject, cni: 'cilium' | 'calico'): void {
  const plugin = context.snapshot.profile.cni.plugin;
  if (plugin === cni) return;
  context.report({ code: 'KT312', object, at: object.kindField.span, message: `${object.id.kind} is enforced by ${cni === 'cilium' ? 'Cilium' : 'Calico'}, and the cluster profile's CNI is ${plugin}: traces and the matrix leave this policy out. Set cni.plugin: ${cni} in kubetrace.yaml if the cluster runs ${cni === 'cilium' ? 'Cilium' : 'Calico'}.` });
}

function reportNoPod(context: CheckContext, object: KubeObject, at: Located<unknown> | LabelSelector | undefined, what: string, namespaces: readonly string[]): void {
  const { severity, note, related } = missingButMaybeMade(context.snapshot, namespaces, 'the pods');
  const where = object.id.namespace !== undefined ? ` in namespace ${object.id.namespace}` : ' in the workspace';
  context.report({ code: 'KT308', ...(severity && { severity }), object, at: at?.span, message: `The ${what} matches no pod${where}: this policy applies to nothing.${note}`, related });
}

const CILIUM_PEER_FIELDS = ['fromEndpoints', 'toEndpoints'] as const;

function checkCiliumPolicy(context: CheckContext, policy: CiliumPolicy): void {
  const { snapshot } = context;
  notEnforced(context, policy, 'cilium');
  const { pods, namespaces } = candidatePods(policy, snapshot);
  for (const entry of specsOf(policy)) {
    const { spec } = entry;
    if (spec.endpointSelector && spec.nodeSelector) context.report({ code: 'KT010', object: policy, at: spec.nodeSelector.span, message: 'A policy spec takes endpointSelector or nodeSelector, not both: the API server rejects it.' });
    else if (!spec.endpointSelector && !spec.nodeSelector) context.report({ code: 'KT010', object: policy, at: spec.span, message: 'A policy spec needs an endpointSelector (or, cluster-wide, a nodeSelector): the API server rejects it.' });
    const selected = pods.filter((pod) => specSelects(entry, pod, snapshot));
    if (spec.endpointSelector && selected.length === 0 && pods.length > 0 && !definesNoPodIn(snapshot, namespaces)) reportNoPod(context, policy, spec.endpointSelector, 'endpointSelector', namespaces);
    for (const [section, rules] of [['ingress', spec.ingress], ['ingressDeny', spec.ingressDeny], ['egress', spec.egress], ['egressDeny', spec.egressDeny]] as const) {
      (rules?.value ?? []).forEach((rule, index) => checkCiliumRule(context, entry, rule, `${section} rule ${index + 1}`, section.startsWith('ingress') ? 'Ingress' : 'Egress', selected));
    }
  }
}

function checkCiliumRule(context: CheckContext, entry: CiliumSpec, rule: CiliumRule, name: string, direction: 'Ingress' | 'Egress', selected: readonly SimPod[]): void {
  const { snapshot } = context;
  const { policy } = entry;
  for (const entity of [...(rule.fromEntities?.value ?? []), ...(rule.toEntities?.value ?? [])]) {
    if (!knownEntity(entity.value)) context.report({ code: 'KT010', object: policy, at: entity.span, message: `"${entity.value}" is not an entity Cilium knows (all, world, world-ipv4, world-ipv6, cluster, host, remote-node, kube-apiserver, health, init, ingress, unmanaged, none): the API server rejects it.` });
  }
  for (const cidr of [...(rule.fromCIDR?.value ?? []), ...(rule.toCIDR?.value ?? []), ...[...(rule.fromCIDRSet?.value ?? []), ...(rule.toCIDRSet?.value ?? [])].flatMap((set) => [...(set.cidr ? [set.cidr] : []), ...(set.except?.value ?? [])])]) {
    if (!parseCidr(cidr.value)) context.report({ code: 'KT010', object: policy, at: cidr.span, message: `${JSON.stringify(cidr.value)} is not a CIDR: the API server rejects it.` });
  }
  for (const field of CILIUM_PEER_FIELDS) {
    for (const selector of rule[field]?.value ?? []) {
      const reserved = [...Object.keys(selector.matchLabels?.value ?? {}), ...(selector.matchExpressions?.value ?? []).map((requirement) => requirement.key?.value ?? '')].some((key) => key.startsWith('reserved:'));
      if (reserved || snapshot.pods.length === 0) continue;
      const peerEntry: CiliumSpec = { ...entry, spec: { span: selector.span, endpointSelector: selector } };
      // A peer selector picks by the same identity labels as endpointSelector, and a namespaced policy's stays in its namespace unless it names one.
      const namesNamespace = JSON.stringify(selector).includes('io.kubernetes.pod.namespace');
      const candidates = policy.type === 'CiliumNetworkPolicy' && !namesNamespace ? podsInNamespace(snapshot, policy.id.namespace ?? 'default') : snapshot.pods;
      const clusterwide: CiliumSpec = { ...peerEntry, policy: { ...policy, type: 'CiliumClusterwideNetworkPolicy' } as CiliumPolicy };
      if (candidates.length > 0 && !candidates.some((pod) => specSelects(clusterwide, pod, snapshot))) {
        const namespaces = policy.type === 'CiliumNetworkPolicy' && !namesNamespace ? [policy.id.namespace ?? 'default'] : [...snapshot.namespaces.keys()];
        if (definesNoPodIn(snapshot, namespaces)) continue;
        const { severity, note, related } = missingButMaybeMade(snapshot, namespaces, 'the pods');
        const scope = policy.type === 'CiliumNetworkPolicy' && !namesNamespace ? ` of namespace ${policy.id.namespace} (a namespaced policy's selector stays in its namespace unless it names io.kubernetes.pod.namespace)` : '';
        context.report({ code: 'KT309', ...(severity && { severity }), object: policy, at: selector.span, message: `This ${field} selector of ${name} matches no pod${scope}: it admits nothing.${note}`, related });
      }
    }
  }
  for (const portRule of rule.toPorts?.value ?? []) {
    for (const port of portRule.ports?.value ?? []) {
      const written = port.port?.value;
      const number = typeof written === 'number' ? written : written !== undefined && /^\d+$/.test(written) ? Number(written) : undefined;
      if (number !== undefined && number > 65535) context.report({ code: 'KT010', object: policy, at: port.port!.span, message: `Port ${number} is not between 0 and 65535: the API server rejects it.` });
      if (port.endPort && number !== undefined && port.endPort.value < number) context.report({ code: 'KT010', object: policy, at: port.endPort.span, message: `endPort ${port.endPort.value} is below port ${number}: the range is empty.` });
    }
    const http = portRule.rules?.http?.value ?? [];
    for (const httpRule of http) {
      for (const field of [httpRule.method, httpRule.path, httpRule.host]) {
        if (field && ciliumRegex(field.value) === null) context.report({ code: 'KT309', object: policy, at: field.span, message: `${JSON.stringify(field.value)} is not a regular expression Cilium's proxy can compile: this HTTP rule matches no request.` });
      }
    }
    if (http.length > 0) checkHttpPort(context, entry, portRule.ports?.value ?? [], direction, selected, name);
  }
}

/** Ports that carry well-known protocols other than HTTP: an HTTP rule there refuses every connection's traffic. */
const NOT_HTTP_PORTS: Readonly<Record<number, string>> = { 53: 'DNS', 3306: 'MySQL', 5432: 'PostgreSQL', 6379: 'Redis', 9092: 'Kafka', 11211: 'memcached', 27017: 'MongoDB' };

/** KT310: HTTP rules on a port whose traffic is surely not HTTP (UDP, a well-known non-HTTP port, or a port named for another protocol). */
function checkHttpPort(context: CheckContext, entry: CiliumSpec, ports: readonly { readonly port?: Located<number | string>; readonly protocol?: Located<string>; readonly span: FieldSpan }[], direction: 'Ingress' | 'Egress', selected: readonly SimPod[], name: string): void {
  for (const port of ports) {
    const protocol = (port.protocol?.value ?? 'ANY').toUpperCase();
    const written = port.port?.value;
    const number = typeof written === 'number' ? written : written !== undefined && /^\d+$/.test(written) ? Number(written) : undefined;
    let reason: string | undefined;
    if (protocol === 'UDP' || protocol === 'SCTP') reason = `it is ${protocol}, and HTTP rules apply to TCP`;
    else if (number !== undefined && NOT_HTTP_PORTS[number]) reason = `port ${number} carries ${NOT_HTTP_PORTS[number]}`;
    else if (direction === 'Ingress') {
      const named = selected.flatMap((pod) => pod.containers.flatMap((container) => container.ports.filter((candidate) => (number !== undefined ? candidate.port === number : candidate.name === written)).map((candidate) => candidate.name ?? ''))).map((portName) => [portName, namedProtocol(portName)] as const);
      const other = named.find(([, declared]) => declared !== undefined && !HTTP_PROTOCOLS.has(declared) && declared !== 'https');
      if (other) reason = `the selected pods name that port ${JSON.stringify(other[0])}, which says ${other[1]}`;
    }
    if (reason) context.report({ code: 'KT310', object: entry.policy, at: port.span, message: `${name} has HTTP rules on this port, but ${reason}: Cilium's proxy parses the connection as HTTP and drops what is not.` });
  }
}

function checkCalicoSelector(context: CheckContext, policy: CalicoPolicy, field: Located<string> | undefined, what: string): boolean {
  if (!field) return true;
  const parsed = parseCalicoSelector(field.value);
  if (parsed.ok) return true;
  context.report({ code: 'KT010', object: policy, at: field.span, message: `The ${what} ${JSON.stringify(field.value)} is not a Calico selector (at character ${parsed.offset + 1}: ${parsed.message}): the API server rejects it.` });
  return false;
}

const CALICO_ACTIONS = new Set(['Allow', 'Deny', 'Log', 'Pass']);
const PORT_PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP', 'UDPLite', '6', '17', '132', '136']);

function checkCalicoPolicy(context: CheckContext, policy: CalicoPolicy): void {
  const { snapshot } = context;
  notEnforced(context, policy, 'calico');
  const spec = policy.spec;
  const selectorOk = [checkCalicoSelector(context, policy, spec?.selector, 'selector'), checkCalicoSelector(context, policy, spec?.namespaceSelector, 'namespaceSelector'), checkCalicoSelector(context, policy, spec?.serviceAccountSelector, 'serviceAccountSelector')].every(Boolean);
  const hostOnly = spec?.doNotTrack?.value || spec?.preDNAT?.value || spec?.applyOnForward?.value;
  const { pods, namespaces } = candidatePods(policy, snapshot);
  if (selectorOk && !hostOnly && spec?.selector && pods.length > 0 && !definesNoPodIn(snapshot, namespaces) && !pods.some((pod) => calicoPolicySelects(policy, pod, snapshot))) reportNoPod(context, policy, spec.selector, 'selector', namespaces);
  const lastTier = tiersAfter(tierOf(policy), snapshot).length === 0;
  for (const [section, rules] of [['ingress', spec?.ingress], ['egress', spec?.egress]] as const) {
    (rules?.value ?? []).forEach((rule, index) => {
      const name = `${section} rule ${index + 1}`;
      const action = rule.action;
      if (!action || !CALICO_ACTIONS.has(action.value)) context.report({ code: 'KT010', object: policy, at: action?.span ?? rule.span, message: `${name} needs an action: Allow, Deny, Log or Pass${action ? `, not ${JSON.stringify(action.value)}` : ''}: the API server rejects it.` });
      if (action?.value === 'Pass' && lastTier) context.report({ code: 'KT311', object: policy, at: action.span, message: `${name} passes to the next tier, but tier ${tierOf(policy)} is the last${tierOf(policy) === DEFAULT_TIER ? ' (the default tier always is)' : ''}: the endpoint's profile decides, which allows the connection.` });
      for (const [side, entity] of [['source', rule.source], ['destination', rule.destination]] as const) {
        if (!entity) continue;
        checkCalicoEntity(context, policy, entity, `${name} ${side}`, rule.protocol?.value);
      }
    });
  }
}

function checkCalicoEntity(context: CheckContext, policy: CalicoPolicy, entity: CalicoEntityRule, name: string, protocol: string | number | undefined): void {
  const { snapshot } = context;
  for (const field of ['selector', 'notSelector', 'namespaceSelector'] as const) checkCalicoSelector(context, policy, entity[field], `${name} ${field}`);
  if (entity.serviceAccounts?.selector) checkCalicoSelector(context, policy, entity.serviceAccounts.selector, `${name} serviceAccounts selector`);
  for (const net of [...(entity.nets?.value ?? []), ...(entity.notNets?.value ?? [])]) {
    if (!parseCidr(net.value)) context.report({ code: 'KT010', object: policy, at: net.span, message: `${JSON.stringify(net.value)} is not a CIDR: the API server rejects it.` });
  }
  const ports = [...(entity.ports?.value ?? []), ...(entity.notPorts?.value ?? [])];
  if (ports.length > 0 && (protocol === undefined || !PORT_PROTOCOLS.has(String(protocol)))) {
    context.report({ code: 'KT010', object: policy, at: (entity.ports ?? entity.notPorts)!.span, message: `${name} names ports, which need the rule's protocol to be TCP, UDP or SCTP${protocol === undefined ? ' (it has none)' : `, not ${protocol}`}: the API server rejects it.` });
  }
  for (const port of ports) {
    const value = port.value;
    const range = typeof value === 'string' ? /^(\d+):(\d+)$/.exec(value) : null;
    const bad = typeof value === 'number' ? value < 0 || value > 65535 : range ? Number(range[1]) > Number(range[2]) || Number(range[2]) > 65535 : !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) || value.length > 15;
    if (bad) context.report({ code: 'KT010', object: policy, at: port.span, message: `${JSON.stringify(value)} is not a port, a first:last range or a port name: the API server rejects it.` });
  }
  // A selector that matches no pod where it looks: the rule admits (or refuses) nothing but addresses.
  if (entity.selector && !entity.nets && parseCalicoSelector(entity.selector.value).ok && snapshot.pods.length > 0) {
    const scoped = entity.namespaceSelector === undefined && policy.type === 'CalicoNetworkPolicy';
    const candidates = scoped ? podsInNamespace(snapshot, policy.id.namespace ?? 'default') : snapshot.pods;
    const probe: CalicoPolicy = { ...policy, spec: { span: entity.selector.span, selector: entity.selector, ...(entity.namespaceSelector && { namespaceSelector: entity.namespaceSelector }) }, type: scoped ? 'CalicoNetworkPolicy' : 'CalicoGlobalNetworkPolicy' } as CalicoPolicy;
    const namespaces = scoped ? [policy.id.namespace ?? 'default'] : [...snapshot.namespaces.keys()];
    if (candidates.length > 0 && !definesNoPodIn(snapshot, namespaces) && !candidates.some((pod) => calicoPolicySelects(probe, pod, snapshot))) {
      const { severity, note, related } = missingButMaybeMade(snapshot, namespaces, 'the pods');
      context.report({ code: 'KT309', ...(severity && { severity }), object: policy, at: entity.selector.span, message: `The ${name} selector matches no pod${scoped ? ` of namespace ${policy.id.namespace} (a namespaced policy's rule selector stays in its namespace unless a namespaceSelector widens it)` : ''}: this rule never matches.${note}`, related });
    }
  }
}
