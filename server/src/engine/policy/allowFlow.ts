import { withoutControllerLabels } from '../snapshot/controllerLabels';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { calicoPolicyName, DEFAULT_TIER, tierOf } from './calicoPolicy';
import { activeCniPolicies } from './cniPolicies';
import { evaluateConnection } from './evaluate';
import type { PolicyConnection, PolicyDecision, PolicyPeer } from './types';

export interface AllowFlowProposal {
  /** The file that holds a policy that denies the flow: the new policy goes next to it. */
  readonly uri: string;
  readonly policyName: string;
  /** A YAML document (starting with `---`) to append to that file. */
  readonly yaml: string;
  readonly direction: 'Ingress' | 'Egress';
  /** The resource proposed: a Kubernetes NetworkPolicy, or the CNI's own where the workspace uses it. */
  readonly kind: 'NetworkPolicy' | 'CiliumNetworkPolicy' | 'NetworkPolicy.projectcalico.org';
}

/** A pod's labels as a policy should select its workload by: without those its controller added. */
function yamlLabels(labels: Readonly<Record<string, string>>, indent: string): string {
  return Object.entries(withoutControllerLabels(labels))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${indent}${key}: ${JSON.stringify(value)}`)
    .join('\n');
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
}

function peerYaml(peer: PolicyPeer, indent: string): string {
  if (peer.kind === 'external') return `${indent}- ipBlock:\n${indent}    cidr: ${peer.ip}/${peer.ip.includes(':') ? 128 : 32}`;
  return [
    `${indent}- namespaceSelector:`,
    `${indent}    matchLabels:`,
    `${indent}      kubernetes.io/metadata.name: ${peer.pod.namespace}`,
    `${indent}  podSelector:`,
    `${indent}    matchLabels:`,
    yamlLabels(peer.pod.labels, `${indent}      `),
  ].join('\n');
}

function workloadName(peer: PolicyPeer): string {
  return peer.kind === 'pod' ? peer.pod.workload.name : `ip-${peer.ip}`;
}

/** What a direction's denial asks of a new policy: which resource, and where in Calico's order it must go. */
type Form =
  | { readonly kind: 'NetworkPolicy' }
  | { readonly kind: 'CiliumNetworkPolicy' }
  | { readonly kind: 'CalicoNetworkPolicy'; readonly tier: string; readonly order: number | undefined };

/**
 * The resource that can let the direction through, or none: a Kubernetes NetworkPolicy, or the CNI's own policy
 * where the workspace uses it (Cilium: one more allow rule; Calico: an Allow in the tier that denied, ordered before
 * the rule that did). A Cilium deny rule wins over every allow, and an admin tier over every NetworkPolicy: none.
 */
function formFor(decision: PolicyDecision | undefined, snapshot: ClusterSnapshot): Form | undefined {
  const active = activeCniPolicies(snapshot);
  if (!decision || decision.action === 'Allow' || decision.action === 'Pass') return undefined;
  switch (decision.tier) {
    case 'NetworkPolicy':
      if (active === 'cilium') return { kind: 'CiliumNetworkPolicy' };
      return active === 'calico' ? { kind: 'CalicoNetworkPolicy', tier: DEFAULT_TIER, order: undefined } : { kind: 'NetworkPolicy' };
    case 'CiliumNetworkPolicy':
    case 'CiliumClusterwideNetworkPolicy':
      return decision.action === 'Deny' ? undefined : { kind: 'CiliumNetworkPolicy' };
    case 'CalicoNetworkPolicy':
    case 'CalicoGlobalNetworkPolicy': {
      const denying = [...objectsOfType(snapshot, 'CalicoNetworkPolicy'), ...objectsOfType(snapshot, 'CalicoGlobalNetworkPolicy')].find((policy) => calicoPolicyName(policy) === decision.policy);
      // End of tier: an Allow anywhere in the tier is reached. A Deny rule: the Allow must come in an earlier policy.
      const order = decision.action === 'Deny' ? (denying?.spec?.order?.value ?? 1000) - 1 : undefined;
      return { kind: 'CalicoNetworkPolicy', tier: denying ? tierOf(denying) : DEFAULT_TIER, order };
    }
    default:
      return undefined;
  }
}

function ciliumPeerYaml(peer: PolicyPeer, ingress: boolean, indent: string): string[] {
  if (peer.kind === 'external') return [`${indent}- ${ingress ? 'fromCIDR' : 'toCIDR'}:`, `${indent}    - ${peer.ip}/${peer.ip.includes(':') ? 128 : 32}`];
  return [`${indent}- ${ingress ? 'fromEndpoints' : 'toEndpoints'}:`, `${indent}    - matchLabels:`, `${indent}        k8s:io.kubernetes.pod.namespace: ${peer.pod.namespace}`, yamlLabels(peer.pod.labels, `${indent}        `)];
}

function calicoSelector(labels: Readonly<Record<string, string>>): string {
  const terms = Object.entries(withoutControllerLabels(labels)).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => `${key} == ${JSON.stringify(value)}`);
  return JSON.stringify(terms.length > 0 ? terms.join(' && ') : 'all()');
}

function calicoPeerYaml(peer: PolicyPeer, indent: string): string[] {
  if (peer.kind === 'external') return [`${indent}nets: [${peer.ip}/${peer.ip.includes(':') ? 128 : 32}]`];
  return [`${indent}selector: ${calicoSelector(peer.pod.labels)}`, `${indent}namespaceSelector: ${JSON.stringify(`projectcalico.org/name == '${peer.pod.namespace}'`)}`];
}

/** The policy's YAML in the form asked: it selects the subject's pods and admits exactly the other side on the port. */
function policyYaml(form: Form, name: string, subject: SimPod, other: PolicyPeer, direction: 'Ingress' | 'Egress', connection: PolicyConnection): string[] {
  const ingress = direction === 'Ingress';
  const key = ingress ? 'ingress' : 'egress';
  switch (form.kind) {
    case 'NetworkPolicy':
      return [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        `  name: ${name}`,
        `  namespace: ${subject.namespace}`,
        'spec:',
        '  podSelector:',
        '    matchLabels:',
        yamlLabels(subject.labels, '      '),
        `  policyTypes: [${direction}]`,
        `  ${key}:`,
        `    - ${ingress ? 'from' : 'to'}:`,
        peerYaml(other, '        '),
        '      ports:',
        `        - protocol: ${connection.protocol}`,
        `          port: ${connection.port}`,
      ];
    case 'CiliumNetworkPolicy':
      return [
        'apiVersion: cilium.io/v2',
        'kind: CiliumNetworkPolicy',
        'metadata:',
        `  name: ${name}`,
        `  namespace: ${subject.namespace}`,
        'spec:',
        '  endpointSelector:',
        '    matchLabels:',
        yamlLabels(subject.labels, '      '),
        `  ${key}:`,
        ...ciliumPeerYaml(other, ingress, '    '),
        '      toPorts:',
        '        - ports:',
        `            - port: "${connection.port}"`,
        `              protocol: ${connection.protocol}`,
      ];
    case 'CalicoNetworkPolicy':
      return [
        'apiVersion: projectcalico.org/v3',
        'kind: NetworkPolicy',
        'metadata:',
        `  name: ${form.tier === DEFAULT_TIER ? name : `${form.tier}.${name}`}`,
        `  namespace: ${subject.namespace}`,
        'spec:',
        ...(form.tier === DEFAULT_TIER ? [] : [`  tier: ${form.tier}`]),
        ...(form.order === undefined ? [] : [`  order: ${form.order}`]),
        `  selector: ${calicoSelector(subject.labels)}`,
        `  types: [${direction}]`,
        `  ${key}:`,
        '    - action: Allow',
        `      protocol: ${connection.protocol}`,
        ...(ingress ? ['      source:', ...calicoPeerYaml(other, '        '), '      destination:'] : ['      destination:', ...calicoPeerYaml(other, '        ')]),
        `        ports: [${connection.port}]`,
      ];
  }
}

/**
 * Policies that would let a denied connection through: for each direction a policy denies, a new policy that selects
 * that side's pods and admits exactly this peer on this port, in the resource the denial asks for (formFor). Admin-tier
 * denials and Cilium deny rules cannot be undone by an allow: they give no proposal.
 */
export function allowFlow(connection: PolicyConnection, snapshot: ClusterSnapshot): AllowFlowProposal[] {
  const verdict = evaluateConnection(connection, snapshot);
  const proposals: AllowFlowProposal[] = [];
  for (const direction of [verdict.egress, verdict.ingress]) {
    if (!direction || direction.allowed) continue;
    const decision = direction.chain.at(-1);
    const form = formFor(decision, snapshot);
    const subject = direction.direction === 'Ingress' ? connection.to : connection.from;
    const other = direction.direction === 'Ingress' ? connection.from : connection.to;
    const uri = decision?.refs[0]?.uri;
    if (!form || !uri || subject.kind !== 'pod') continue;
    const name = slug(`allow-${workloadName(connection.from)}-to-${workloadName(connection.to)}-${connection.port}`);
    const yaml = [
      '---',
      `# Lets ${workloadName(connection.from)} reach ${workloadName(connection.to)} on ${connection.protocol} ${connection.port} (written by Kubetrace: "allow this flow").`,
      ...policyYaml(form, name, subject.pod, other, direction.direction, connection),
      '',
    ].join('\n');
    proposals.push({ uri, policyName: name, yaml, direction: direction.direction, kind: form.kind === 'CalicoNetworkPolicy' ? 'NetworkPolicy.projectcalico.org' : form.kind });
  }
  return proposals;
}
