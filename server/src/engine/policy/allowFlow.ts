import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { evaluateConnection } from './evaluate';
import type { PolicyConnection, PolicyPeer } from './types';

export interface AllowFlowProposal {
  /** The file that holds a policy that denies the flow: the new policy goes next to it. */
  readonly uri: string;
  readonly policyName: string;
  /** A YAML document (starting with `---`) to append to that file. */
  readonly yaml: string;
  readonly direction: 'Ingress' | 'Egress';
}

function yamlLabels(labels: Readonly<Record<string, string>>, indent: string): string {
  return Object.entries(labels)
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

/**
 * NetworkPolicies that would let a denied connection through: for each direction a NetworkPolicy denies, a new
 * policy that selects that side's pods and admits exactly this peer on this port. Admin-tier denials cannot be
 * undone by a NetworkPolicy: they give no proposal.
 */
export function allowFlow(connection: PolicyConnection, snapshot: ClusterSnapshot): AllowFlowProposal[] {
  const verdict = evaluateConnection(connection, snapshot);
  const proposals: AllowFlowProposal[] = [];
  for (const direction of [verdict.egress, verdict.ingress]) {
    if (!direction || direction.allowed) continue;
    const decision = direction.chain.at(-1);
    if (decision?.tier !== 'NetworkPolicy') continue;
    const subject = (direction.direction === 'Ingress' ? connection.to : connection.from) as { kind: 'pod'; pod: SimPod };
    const other = direction.direction === 'Ingress' ? connection.from : connection.to;
    const uri = decision.refs[0]?.uri;
    if (!uri || subject.kind !== 'pod') continue;
    const name = slug(`allow-${workloadName(connection.from)}-to-${workloadName(connection.to)}-${connection.port}`);
    const key = direction.direction === 'Ingress' ? 'ingress' : 'egress';
    const peersKey = direction.direction === 'Ingress' ? 'from' : 'to';
    const yaml = [
      '---',
      `# Lets ${workloadName(connection.from)} reach ${workloadName(connection.to)} on ${connection.protocol} ${connection.port} (written by Kubetrace: "allow this flow").`,
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      `  name: ${name}`,
      `  namespace: ${subject.pod.namespace}`,
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      yamlLabels(subject.pod.labels, '      '),
      `  policyTypes: [${direction.direction}]`,
      `  ${key}:`,
      `    - ${peersKey}:`,
      peerYaml(other, '        '),
      '      ports:',
      `        - protocol: ${connection.protocol}`,
      `          port: ${connection.port}`,
      '',
    ].join('\n');
    proposals.push({ uri, policyName: name, yaml, direction: direction.direction });
  }
  return proposals;
}
