import type { TextPosition } from '../engine/source';
import type { ClusterSnapshot } from '../engine/snapshot/types';

export interface CompletionProposal {
  readonly label: string;
  readonly detail: string;
  readonly kind: 'service' | 'port' | 'label-key' | 'label-value' | 'namespace';
}

/** The YAML keys above the cursor line, innermost last, read from indentation (works on half-typed text). */
function keyPath(lines: readonly string[], line: number): string[] {
  const path: string[] = [];
  let indent = Number.POSITIVE_INFINITY;
  for (let index = line; index >= 0; index--) {
    const text = lines[index] ?? '';
    const match = /^(\s*)(?:- )?([A-Za-z0-9_./-]+):/.exec(text);
    if (!match) continue;
    const column = match[1]!.length + (text.trimStart().startsWith('- ') ? 2 : 0);
    if (index === line || column < indent) {
      path.unshift(match[2]!);
      indent = column;
      if (column === 0) break;
    }
  }
  return path;
}

function namespaceAbove(lines: readonly string[], line: number): string {
  for (let index = line; index >= 0; index--) {
    if (/^---/.test(lines[index] ?? '')) break;
    const match = /^\s+namespace:\s*([a-z0-9-]+)/.exec(lines[index] ?? '');
    if (match) return match[1]!;
  }
  return 'default';
}

/**
 * Completion from the cluster the file belongs to: Service names and their ports in Ingress backends and
 * StatefulSet serviceName, label keys and values in selectors (the pods of the namespace have them),
 * targetPort names the selected pods declare, namespaces.
 */
export function completionsAt(lines: readonly string[], position: TextPosition, snapshot: ClusterSnapshot): CompletionProposal[] {
  const path = keyPath(lines, position.line);
  const current = lines[position.line]?.slice(0, position.character) ?? '';
  const key = /([A-Za-z0-9_./-]+):\s*[^:]*$/.exec(current)?.[1] ?? path[path.length - 1];
  const namespace = namespaceAbove(lines, position.line);
  const inNamespace = snapshot.services.filter((service) => service.namespace === namespace);
  const parent = path[path.length - 2];
  if (key === 'name' && (parent === 'service' || path.includes('backendRefs')) || key === 'serviceName') {
    return inNamespace.map((service) => ({ label: service.name, detail: `${service.type} ${service.clusterIPs[0] ?? ''} · ports ${service.ports.map((port) => port.port).join(', ')}`.trim(), kind: 'service' }));
  }
  if ((key === 'number' || key === 'name') && parent === 'port' && path.includes('service')) {
    const serviceName = [...lines.slice(0, position.line + 1)].reverse().map((line) => /^\s*name:\s*([a-z0-9-]+)/.exec(line)?.[1]).find((name) => name !== undefined && inNamespace.some((service) => service.name === name));
    const service = inNamespace.find((candidate) => candidate.name === serviceName);
    return (service?.ports ?? []).map((port) => ({ label: key === 'number' ? String(port.port) : port.name, detail: `${port.protocol} → ${port.targetPort}`, kind: 'port' as const })).filter((proposal) => proposal.label !== '');
  }
  if (key === 'namespace') return [...snapshot.namespaces.keys()].map((name) => ({ label: name, detail: 'namespace', kind: 'namespace' }));
  if (path.includes('selector') || path.includes('matchLabels') || path.includes('podSelector')) {
    const labels = snapshot.pods.filter((pod) => pod.namespace === namespace).flatMap((pod) => Object.entries(pod.labels));
    const typedKey = /^\s*([A-Za-z0-9_./-]+):\s*\S*$/.exec(current)?.[1];
    if (typedKey && typedKey !== 'selector' && typedKey !== 'matchLabels' && typedKey !== 'podSelector') {
      return [...new Set(labels.filter(([labelKey]) => labelKey === typedKey).map(([, value]) => value))].map((value) => ({ label: value, detail: `label value of ${typedKey}`, kind: 'label-value' }));
    }
    return [...new Set(labels.map(([labelKey]) => labelKey))].map((labelKey) => ({ label: labelKey, detail: 'label key of pods in this namespace', kind: 'label-key' }));
  }
  if (key === 'targetPort') {
    const names = snapshot.pods.filter((pod) => pod.namespace === namespace).flatMap((pod) => pod.containers.flatMap((container) => container.ports.map((port) => [port.name, port.port] as const)));
    const seen = new Set<string>();
    return names.filter(([name]) => name !== undefined && !seen.has(name) && seen.add(name)).map(([name, port]) => ({ label: name!, detail: `container port ${port}`, kind: 'port' }));
  }
  return [];
}
