import { serviceNamed } from '../snapshot/indexes';
import type { ClusterSnapshot, SimService } from '../snapshot/types';

/** What a host of a mesh rule names: a Service of the cluster (found or not), or a name outside it. */
export type MeshHost =
  | { readonly kind: 'service'; readonly namespace: string; readonly name: string; readonly service: SimService | undefined }
  | { readonly kind: 'external' }
  | { readonly kind: 'wildcard' };

/**
 * How Istio reads a host: a short name (`reviews`) is a Service of the rule's own namespace; `name.namespace`,
 * `name.namespace.svc` and the full `name.namespace.svc.<cluster domain>` name a Service (`name.namespace` only
 * when that namespace exists: `httpbin.org` is a host on the internet); `*` and `*.suffix` are wildcards; any
 * other name is outside the cluster (a ServiceEntry's, which the model does not read).
 */
export function meshHost(host: string, ruleNamespace: string, snapshot: ClusterSnapshot): MeshHost {
  if (host.startsWith('*')) return { kind: 'wildcard' };
  const domain = `.svc.${snapshot.profile.clusterDomain}`;
  const trimmed = host.endsWith('.') ? host.slice(0, -1) : host;
  const local = trimmed.endsWith(domain) ? trimmed.slice(0, -domain.length) : trimmed.endsWith('.svc') ? trimmed.slice(0, -'.svc'.length) : trimmed;
  const parts = local.split('.');
  const qualified = local !== trimmed;
  if (parts.length > 2 || (qualified && parts.length !== 2) || (!qualified && parts.length === 2 && !snapshot.namespaces.has(parts[1]!))) return { kind: 'external' };
  const [name, namespace = ruleNamespace] = parts as [string, string?];
  return { kind: 'service', namespace, name, service: serviceNamed(snapshot, namespace, name) };
}
