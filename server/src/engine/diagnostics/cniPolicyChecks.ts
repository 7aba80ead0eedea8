import type { ReadonlyList } from '../chunkedList';
import { parseAddress } from '../cidr';
import type { CalicoEntityRule, CalicoPolicy, CiliumPolicy, CiliumRule, KubeObject, LabelSelector } from '../objects';
import { parseCalicoSelector } from '../policy/calicoSelector';
import { calicoCandidates, calicoNet, calicoPolicySelects, calicoSelects, protocolNumber, tierOf, tiersAfter } from '../policy/calicoPolicy';
import { namesReserved, peerCandidates, peerSelects, reachesOtherNamespaces, specSelects } from '../policy/ciliumPolicy';
import { specsOf, type CiliumSpec } from '../policy/ciliumSpecs';
import { ciliumRejections } from '../policy/ciliumValidation';
import { objectsOfType, podsInNamespace } from '../snapshot/indexes';
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

function checkCiliumPolicy(context: CheckContext, policy: CiliumPolicy): void {
  const { snapshot } = context;
  notEnforced(context, policy, 'cilium');
  const rejections = ciliumRejections(policy);
  for (const rejection of rejections) {
    context.report({ code: 'KT010', object: policy, at: rejection.span, message: `${rejection.message}: ${rejection.by === 'api-server' ? 'the API server rejects the policy' : "Cilium's agent refuses the policy (Valid=False), and none of its rules take effect"}.` });
  }
  // A refused policy selects nothing: what its selectors would match is beside the point.
  if (rejections.length > 0) return;
  const { pods, namespaces } = candidatePods(policy, snapshot);
  for (const entry of specsOf(policy)) {
    const { spec } = entry;
    const selected = pods.filter((pod) => specSelects(entry, pod, snapshot));
    // A selector on a reserved identity (Cilium's ingress proxy, the host) selects what the simulation has no pod for.
    const reserved = spec.endpointSelector && namesReserved(spec.endpointSelector);
    if (spec.endpointSelector && !reserved && selected.length === 0 && pods.length > 0 && !definesNoPodIn(snapshot, namespaces)) reportNoPod(context, policy, spec.endpointSelector, 'endpointSelector', namespaces);
    for (const [section, rules] of [['ingress', spec.ingress], ['ingressDeny', spec.ingressDeny], ['egress', spec.egress], ['egressDeny', spec.egressDeny]] as const) {
      (rules?.value ?? []).forEach((rule, index) => checkCiliumRule(context, entry, rule, `${section} rule ${index + 1}`, section.startsWith('ingress') ? 'Ingress' : 'Egress'));
    }
  }
}

function checkCiliumRule(context: CheckContext, entry: CiliumSpec, rule: CiliumRule, name: string, direction: 'Ingress' | 'Egress'): void {
  const { snapshot } = context;
  const { policy } = entry;
  for (const selector of (direction === 'Ingress' ? rule.fromEndpoints : rule.toEndpoints)?.value ?? []) {
    if (namesReserved(selector) || snapshot.pods.length === 0) continue;
    const wide = reachesOtherNamespaces(selector);
    const scoped = policy.type === 'CiliumNetworkPolicy' && !wide;
    const namespaces = scoped ? [policy.id.namespace ?? 'default'] : [...snapshot.namespaces.keys()];
    const inScope = scoped ? podsInNamespace(snapshot, policy.id.namespace ?? 'default') : snapshot.pods;
    if (inScope.length === 0 || definesNoPodIn(snapshot, namespaces) || peerCandidates(selector, policy, snapshot).some((pod) => peerSelects(selector, policy, pod, snapshot))) continue;
    const { severity, note, related } = missingButMaybeMade(snapshot, namespaces, 'the pods');
    const scope = scoped ? ` of namespace ${policy.id.namespace} (a namespaced policy's selector stays in its namespace unless it names io.kubernetes.pod.namespace or a namespace label)` : '';
    context.report({ code: 'KT309', ...(severity && { severity }), object: policy, at: selector.span, message: `This ${direction === 'Ingress' ? 'fromEndpoints' : 'toEndpoints'} selector of ${name} matches no pod${scope}: it admits nothing.${note}`, related });
  }
  for (const portRule of rule.toPorts?.value ?? []) {
    if ((portRule.rules?.http?.value.length ?? 0) > 0) checkHttpPort(context, entry, portRule.ports?.value ?? [], name);
  }
}

/** Ports that carry well-known protocols other than HTTP: an HTTP rule there refuses every connection's traffic. */
const NOT_HTTP_PORTS: Readonly<Record<number, string>> = { 53: 'DNS', 3306: 'MySQL', 5432: 'PostgreSQL', 6379: 'Redis', 9092: 'Kafka', 11211: 'memcached', 27017: 'MongoDB' };

/** KT310: HTTP rules on a well-known port of another protocol (Cilium itself refuses them on anything but TCP: KT010). */
function checkHttpPort(context: CheckContext, entry: CiliumSpec, ports: readonly { readonly port?: Located<number | string>; readonly span: FieldSpan }[], name: string): void {
  for (const port of ports) {
    const written = port.port?.value;
    const number = typeof written === 'number' ? written : written !== undefined && /^\d+$/.test(written) ? Number(written) : undefined;
    if (number === undefined || !NOT_HTTP_PORTS[number]) continue;
    context.report({ code: 'KT310', object: entry.policy, at: port.span, message: `${name} has HTTP rules on this port, but port ${number} carries ${NOT_HTTP_PORTS[number]}: Cilium's proxy parses the connection as HTTP and drops what is not.` });
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
/** The protocols Calico takes ports with (libcalico-go's SupportsPorts: TCP, UDP, SCTP). */
const PORT_PROTOCOLS = new Set([6, 17, 132]);

function checkCalicoPolicy(context: CheckContext, policy: CalicoPolicy): void {
  const { snapshot } = context;
  notEnforced(context, policy, 'calico');
  const spec = policy.spec;
  const selectorOk = [checkCalicoSelector(context, policy, spec?.selector, 'selector'), checkCalicoSelector(context, policy, spec?.namespaceSelector, 'namespaceSelector'), checkCalicoSelector(context, policy, spec?.serviceAccountSelector, 'serviceAccountSelector')].every(Boolean);
  // A GlobalNetworkPolicy may select host endpoints (not simulated): one that selects no pod is not a mistake.
  const { pods, namespaces } = candidatePods(policy, snapshot);
  if (selectorOk && policy.type === 'CalicoNetworkPolicy' && spec?.selector && pods.length > 0 && !definesNoPodIn(snapshot, namespaces) && !pods.some((pod) => calicoPolicySelects(policy, pod, snapshot))) reportNoPod(context, policy, spec.selector, 'selector', namespaces);
  const later = tiersAfter(tierOf(policy), snapshot);
  for (const [section, rules] of [['ingress', spec?.ingress], ['egress', spec?.egress]] as const) {
    (rules?.value ?? []).forEach((rule, index) => {
      const name = `${section} rule ${index + 1}`;
      const action = rule.action;
      if (!action || !CALICO_ACTIONS.has(action.value)) context.report({ code: 'KT010', object: policy, at: action?.span ?? rule.span, message: `${name} needs an action: Allow, Deny, Log or Pass${action ? `, not ${JSON.stringify(action.value)}` : ''}: the API server rejects it.` });
      if (action?.value === 'Pass' && later.length === 0) context.report({ code: 'KT311', object: policy, at: action.span, message: `${name} passes to the next tier, but no tier comes after ${tierOf(policy)} (tiers go by order; the default tier's is 1,000,000): the endpoint's profile decides, which allows the connection.` });
      for (const [side, entity] of [['source', rule.source], ['destination', rule.destination]] as const) {
        if (!entity) continue;
        checkCalicoEntity(context, policy, entity, `${name} ${side}`, rule.protocol?.value);
      }
    });
  }
}

/** A Kubernetes port name (IANA service name): at most 15 lower-case letters, digits and single dashes, with a letter. */
const PORT_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function checkCalicoEntity(context: CheckContext, policy: CalicoPolicy, entity: CalicoEntityRule, name: string, protocol: string | number | undefined): void {
  for (const field of ['selector', 'notSelector', 'namespaceSelector'] as const) checkCalicoSelector(context, policy, entity[field], `${name} ${field}`);
  if (entity.serviceAccounts?.selector) checkCalicoSelector(context, policy, entity.serviceAccounts.selector, `${name} serviceAccounts selector`);
  const parsedSelector = entity.selector ? parseCalicoSelector(entity.selector.value) : undefined;
  if (parsedSelector?.ok && parsedSelector.selector.kind === 'global') context.report({ code: 'KT010', object: policy, at: entity.selector!.span, message: `global() belongs in a namespaceSelector, not in the ${name} selector: the API server rejects it.` });
  for (const net of [...(entity.nets?.value ?? []), ...(entity.notNets?.value ?? [])]) {
    const cidr = calicoNet(net.value);
    if (!cidr) context.report({ code: 'KT010', object: policy, at: net.span, message: `${JSON.stringify(net.value)} is not an address or a CIDR: the API server rejects it.` });
    else if (net.value.includes('/') && parseAddress(net.value.slice(0, net.value.indexOf('/')))?.address !== cidr.text.slice(0, cidr.text.indexOf('/'))) context.report({ code: 'KT010', object: policy, at: net.span, message: `${net.value} has host bits set (the network is ${cidr.text}): the API server rejects it.` });
  }
  const ports = [...(entity.ports?.value ?? []), ...(entity.notPorts?.value ?? [])];
  const number = protocol === undefined ? undefined : protocolNumber(protocol);
  if (ports.length > 0 && (number === undefined || !PORT_PROTOCOLS.has(number))) {
    context.report({ code: 'KT010', object: policy, at: (entity.ports ?? entity.notPorts)!.span, message: `${name} names ports, which need the rule's protocol to be TCP, UDP or SCTP${protocol === undefined ? ' (it has none)' : `, not ${protocol}`}: the API server rejects it.` });
  }
  for (const port of ports) {
    const value = port.value;
    const range = typeof value === 'string' ? /^(\d+):(\d+)$/.exec(value) : null;
    const numeric = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    const bad = typeof numeric === 'number' ? numeric < 1 || numeric > 65535 : range ? Number(range[1]) < 1 || Number(range[1]) > Number(range[2]) || Number(range[2]) > 65535 : !PORT_NAME.test(String(value)) || String(value).length > 15;
    if (bad) context.report({ code: 'KT010', object: policy, at: port.span, message: `${JSON.stringify(value)} is not a port (1-65535), a first:last range or a port name: the API server rejects it.` });
  }
  checkCalicoRuleSelector(context, policy, entity, name);
}

/**
 * KT309: a rule selector that matches no pod where it looks, and no network set of the workspace. A warning where pods
 * of other namespaces match it (the namespaceSelector forgotten); elsewhere it may pick network sets or host endpoints
 * applied apart from the workspace: information.
 */
function checkCalicoRuleSelector(context: CheckContext, policy: CalicoPolicy, entity: CalicoEntityRule, name: string): void {
  const { snapshot } = context;
  const selector = entity.selector;
  const namespaceSelector = entity.namespaceSelector ? parseCalicoSelector(entity.namespaceSelector.value) : undefined;
  if (!selector || entity.nets || !parseCalicoSelector(selector.value).ok || snapshot.pods.length === 0) return;
  if (namespaceSelector && (!namespaceSelector.ok || namespaceSelector.selector.kind === 'global')) return;
  const scoped = entity.namespaceSelector === undefined && policy.type === 'CalicoNetworkPolicy';
  const namespaces = scoped ? [policy.id.namespace ?? 'default'] : [...snapshot.namespaces.keys()];
  const probe = (type: CalicoPolicy['type']) => ({ ...policy, type, spec: { span: selector.span, selector, ...(entity.namespaceSelector && { namespaceSelector: entity.namespaceSelector }) } }) as CalicoPolicy;
  const inScope = scoped ? podsInNamespace(snapshot, policy.id.namespace ?? 'default') : snapshot.pods;
  const picked = (candidate: SimPod) => calicoPolicySelects(probe(scoped ? 'CalicoNetworkPolicy' : 'CalicoGlobalNetworkPolicy'), candidate, snapshot);
  if (inScope.length === 0 || definesNoPodIn(snapshot, namespaces) || calicoCandidates(selector.value, scoped ? policy.id.namespace : undefined, snapshot).some(picked)) return;
  const labels = (set: KubeObject) => set.metadata.labels?.value ?? {};
  if (objectsOfType(snapshot, 'CalicoNetworkSet').some((set) => calicoSelects(selector.value, labels(set)))) return;
  const elsewhere = scoped ? calicoCandidates(selector.value, undefined, snapshot).filter((pod) => pod.namespace !== policy.id.namespace && calicoPolicySelects(probe('CalicoGlobalNetworkPolicy'), pod, snapshot)) : [];
  const { note, related } = missingButMaybeMade(snapshot, namespaces, 'the pods');
  if (elsewhere.length > 0) {
    const where = [...new Set(elsewhere.map((pod) => pod.namespace))].slice(0, 3).join(', ');
    context.report({ code: 'KT309', object: policy, at: selector.span, message: `The ${name} selector matches no pod of namespace ${policy.id.namespace}, where a namespaced policy's rule selector looks; it matches pods of ${where}: add a namespaceSelector to reach them.${note}`, related });
    return;
  }
  context.report({ code: 'KT309', severity: 'information', object: policy, at: selector.span, message: `The ${name} selector matches no pod${scoped ? ` of namespace ${policy.id.namespace}` : ''} and no NetworkSet of the workspace: the rule matches only network sets or host endpoints applied apart from it.${note}`, related });
}
