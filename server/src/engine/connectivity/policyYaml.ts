import type { FlowPeer, GeneratedPolicy, GeneratedRule } from './leastPrivilege';

/**
 * Generated NetworkPolicies as multi-document YAML, each rule under comments naming the lines that imply it
 * (`place` writes a file's URI as the reader knows it). Strings are written as JSON strings, which YAML reads alike.
 */
export function policiesYaml(policies: readonly GeneratedPolicy[], place: (uri: string) => string): string {
  return policies.map((policy) => policyYaml(policy, place)).join('---\n');
}

function policyYaml(policy: GeneratedPolicy, place: (uri: string) => string): string {
  const lines = [
    `# ${policy.comment}`,
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${quoted(policy.name)}`,
    `  namespace: ${quoted(policy.namespace)}`,
    '  labels:',
    '    app.kubernetes.io/managed-by: kubetrace-generate',
    'spec:',
    `  podSelector:${matchLabels(policy.podSelector, '    ')}`,
    `  policyTypes: [${policy.policyTypes.join(', ')}]`,
  ];
  for (const [field, rules, peerKey] of [['ingress', policy.ingress, 'from'], ['egress', policy.egress, 'to']] as const) {
    if (!policy.policyTypes.includes(field === 'ingress' ? 'Ingress' : 'Egress') || rules.length === 0) continue;
    lines.push(`  ${field}:`);
    for (const rule of rules) lines.push(...ruleLines(rule, peerKey, place));
  }
  return `${lines.join('\n')}\n`;
}

function ruleLines(rule: GeneratedRule, peerKey: 'from' | 'to', place: (uri: string) => string): string[] {
  const because = rule.because.map((reason) => `    # ${reason.text}${reason.source ? ` (${place(reason.source.uri)}:${reason.source.range.start.line + 1})` : ''}`);
  return [...because, `    - ${peerKey}:`, ...peerLines(rule.peer), '      ports:', ...rule.ports.map((port) => `        - {protocol: ${port.protocol}, port: ${port.port}}`)];
}

function peerLines(peer: FlowPeer): string[] {
  if (peer.kind === 'anywhere') return ['        - ipBlock: {cidr: 0.0.0.0/0}'];
  return [`        - namespaceSelector:${matchLabels({ 'kubernetes.io/metadata.name': peer.namespace }, '            ')}`, `          podSelector:${matchLabels(peer.labels, '            ')}`];
}

function matchLabels(labels: Readonly<Record<string, string>>, indent: string): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return ' {}';
  return `\n${indent}matchLabels:\n${entries.map(([key, value]) => `${indent}  ${quoted(key)}: ${quoted(value)}`).join('\n')}`;
}

/** A plain scalar where YAML reads it as the same string, else a JSON string. */
function quoted(text: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(text) && !/^(true|false|yes|no|on|off|null|~|\d+(\.\d+)?)$/i.test(text) ? text : JSON.stringify(text);
}
