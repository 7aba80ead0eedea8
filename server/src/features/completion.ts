import { type ClusterSnapshot, meshHost, meshRulesOf, objectsOfType, type TextPosition } from '../engine';
import { referringKindOf } from './symbolAt';

export interface CompletionProposal {
  readonly label: string;
  readonly detail: string;
  readonly kind: 'service' | 'port' | 'label-key' | 'label-value' | 'namespace' | 'subset' | 'gateway';
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

/** The `kind:` of the document the line is in. */
function kindAbove(lines: readonly string[], line: number): string | undefined {
  for (let index = line; index >= 0; index--) {
    if (/^---/.test(lines[index] ?? '')) break;
    const match = /^kind:\s*([A-Za-z]+)/.exec(lines[index] ?? '');
    if (match) return match[1];
  }
  return undefined;
}

/** The destination host written with the subset under the cursor: on the same flow line, or in the lines of its block above. */
function destinationHostNear(lines: readonly string[], line: number, current: string): string | undefined {
  const inline = /host:\s*["']?([A-Za-z0-9.*-]+)/.exec(current)?.[1];
  if (inline) return inline;
  for (let index = line - 1; index >= Math.max(0, line - 6); index--) {
    const text = lines[index] ?? '';
    const host = /^\s*host:\s*["']?([A-Za-z0-9.*-]+)/.exec(text)?.[1];
    if (host) return host;
    if (/^\s*-?\s*destination:\s*$/.test(text)) break;
  }
  return undefined;
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
 * Completion from the cluster the file belongs to: what a field names (Services in backends and serviceName, named
 * targetPorts, mesh hosts, subsets and gateways), found by the resolver's table of such fields from the keys above
 * the cursor; and backend port numbers and names, namespaces, label keys and values in selectors.
 */
export function completionsAt(lines: readonly string[], position: TextPosition, snapshot: ClusterSnapshot): CompletionProposal[] {
  const path = keyPath(lines, position.line);
  const current = lines[position.line]?.slice(0, position.character) ?? '';
  const key = /([A-Za-z0-9_./-]+):\s*[^:]*$/.exec(current)?.[1] ?? path[path.length - 1];
  const namespace = namespaceAbove(lines, position.line);
  const inNamespace = snapshot.services.filter((service) => service.namespace === namespace);
  // A flow mapping's key is on the cursor's line after the key its indentation shows.
  const keys = key !== undefined && key !== path[path.length - 1] ? [...path, key] : path;
  switch (referringKindOf(kindAbove(lines, position.line), keys)) {
    case 'service-ref':
      return inNamespace.map((service) => ({ label: service.name, detail: `${service.type} ${service.clusterIPs[0] ?? ''} · ports ${service.ports.map((port) => port.port).join(', ')}`.trim(), kind: 'service' }));
    case 'target-port': {
      const names = snapshot.pods.filter((pod) => pod.namespace === namespace).flatMap((pod) => pod.containers.flatMap((container) => container.ports.map((port) => [port.name, port.port] as const)));
      const seen = new Set<string>();
      return names.filter(([name]) => name !== undefined && !seen.has(name) && seen.add(name)).map(([name, port]) => ({ label: name!, detail: `container port ${port}`, kind: 'port' }));
    }
    case 'mesh-host':
      return meshHostCompletions(namespace, snapshot);
    case 'mesh-subset':
      return subsetCompletions(destinationHostNear(lines, position.line, current), namespace, snapshot);
    case 'mesh-gateway':
      return gatewayCompletions(namespace, snapshot);
    case undefined:
      break;
  }
  const parent = path[path.length - 2];
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
  return [];
}

/** Service hosts for Istio's rules: short in the rule's namespace, `name.namespace` elsewhere, and the ServiceEntries' hosts. */
function meshHostCompletions(namespace: string, snapshot: ClusterSnapshot): CompletionProposal[] {
  const services = snapshot.services
    .filter((service) => !service.virtual)
    .map((service) => ({ label: service.namespace === namespace ? service.name : `${service.name}.${service.namespace}`, detail: `Service ${service.namespace}/${service.name} · ports ${service.ports.map((port) => port.port).join(', ')}`, kind: 'service' as const }));
  const entries = objectsOfType(snapshot, 'ServiceEntry').flatMap((entry) =>
    (entry.spec?.hosts?.value ?? []).filter((host) => !host.value.includes('*')).map((host) => ({ label: host.value, detail: `ServiceEntry ${entry.id.namespace}/${entry.id.name}`, kind: 'service' as const })),
  );
  return [...services, ...entries];
}

/** The subsets the DestinationRules of a destination's host define. */
function subsetCompletions(host: string | undefined, namespace: string, snapshot: ClusterSnapshot): CompletionProposal[] {
  const resolved = host ? meshHost(host, namespace, snapshot) : undefined;
  if (resolved?.kind !== 'service' || !resolved.service) return [];
  return meshRulesOf(resolved.service, snapshot).destinationRules.flatMap((rule) =>
    (rule.spec?.subsets?.value ?? []).flatMap((subset) => (subset.name ? [{ label: subset.name.value, detail: `${Object.entries(subset.labels?.value ?? {}).map(([labelKey, value]) => `${labelKey}=${value}`).join(', ') || 'no labels'} (DestinationRule ${rule.id.namespace}/${rule.id.name})`, kind: 'subset' as const }] : [])),
  );
}

/** `mesh` (the sidecars) and the Istio Gateways, short in the rule's namespace. */
function gatewayCompletions(namespace: string, snapshot: ClusterSnapshot): CompletionProposal[] {
  const gateways = objectsOfType(snapshot, 'MeshGateway').map((gateway) => ({ label: gateway.id.namespace === namespace ? gateway.id.name : `${gateway.id.namespace}/${gateway.id.name}`, detail: `Istio Gateway · ${(gateway.spec?.servers?.value ?? []).map((server) => `${server.port?.number?.value ?? '?'}/${server.port?.protocol?.value ?? '?'}`).join(', ')}`, kind: 'gateway' as const }));
  return [{ label: 'mesh', detail: 'the sidecars of the mesh', kind: 'gateway' }, ...gateways];
}
