/**
 * The generated workspace's NetworkPolicies written again in Cilium's and Calico's own form (the generator writes
 * only podSelector and namespaceSelector peers by matchLabels, and numbered ports), for timing the matrix under each
 * CNI's policies against the same connectivity.
 */
import type { KubeObject, LabelSelector, NetworkPolicy } from '../server/src/engine/objects';

const labelsOf = (selector: LabelSelector | undefined) => Object.entries(selector?.matchLabels?.value ?? {});

function ciliumPolicy(policy: NetworkPolicy): string {
  const rules = (policy.spec?.ingress?.value ?? []).flatMap((rule) => {
    const ports = (rule.ports?.value ?? []).map((port) => `{port: "${port.port?.value}", protocol: ${port.protocol?.value ?? 'TCP'}}`);
    const toPorts = ports.length > 0 ? `, toPorts: [{ports: [${ports.join(', ')}]}]` : '';
    return (rule.from?.value ?? []).map((peer) => {
      const labels = peer.namespaceSelector
        ? labelsOf(peer.namespaceSelector).map(([key, value]) => (key === 'kubernetes.io/metadata.name' ? `k8s:io.kubernetes.pod.namespace: ${value}` : `k8s:io.cilium.k8s.namespace.labels.${key}: ${value}`))
        : labelsOf(peer.podSelector).map(([key, value]) => `${key}: ${value}`);
      return `    - {fromEndpoints: [{matchLabels: {${labels.join(', ')}}}]${toPorts}}`;
    });
  });
  return [
    'apiVersion: cilium.io/v2',
    'kind: CiliumNetworkPolicy',
    `metadata: {name: ${policy.id.name}, namespace: ${policy.id.namespace}}`,
    'spec:',
    `  endpointSelector: {matchLabels: {${labelsOf(policy.spec?.podSelector).map(([key, value]) => `${key}: ${value}`).join(', ')}}}`,
    '  ingress:',
    ...(rules.length > 0 ? rules : ['    - {}']),
  ].join('\n');
}

function calicoPolicy(policy: NetworkPolicy): string {
  const selector = (labels: [string, string][]) => (labels.length > 0 ? labels.map(([key, value]) => `${key} == '${value}'`).join(' && ') : 'all()');
  const rules = (policy.spec?.ingress?.value ?? []).flatMap((rule) => {
    const ports = (rule.ports?.value ?? []).map((port) => port.port?.value);
    const destination = ports.length > 0 ? `, destination: {ports: [${ports.join(', ')}]}` : '';
    return (rule.from?.value ?? []).map((peer) => {
      const source = peer.namespaceSelector ? `{namespaceSelector: "${selector(labelsOf(peer.namespaceSelector).map(([key, value]) => [key === 'kubernetes.io/metadata.name' ? 'projectcalico.org/name' : key, value]))}"}` : `{selector: "${selector(labelsOf(peer.podSelector))}"}`;
      return `    - {action: Allow, protocol: TCP, source: ${source}${destination}}`;
    });
  });
  return [
    'apiVersion: projectcalico.org/v3',
    'kind: NetworkPolicy',
    `metadata: {name: ${policy.id.name}, namespace: ${policy.id.namespace}}`,
    'spec:',
    `  selector: "${selector(labelsOf(policy.spec?.podSelector))}"`,
    '  types: [Ingress]',
    ...(rules.length > 0 ? ['  ingress:', ...rules] : []),
  ].join('\n');
}

/** The NetworkPolicies of some objects as one file of each CNI's policies. */
export function cniForms(objects: readonly KubeObject[]): { readonly cilium: string; readonly calico: string } {
  const policies = objects.filter((object): object is NetworkPolicy => object.type === 'NetworkPolicy');
  return { cilium: policies.map(ciliumPolicy).join('\n---\n'), calico: policies.map(calicoPolicy).join('\n---\n') };
}
