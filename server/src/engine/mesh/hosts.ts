import type { ServiceEntry } from '../objects';
import { gatewayHostMatches } from '../routing/hostnames';
import { objectsOfType, serviceNamed } from '../snapshot/indexes';
import type { ClusterSnapshot, SimService } from '../snapshot/types';

/** What a host of a mesh rule names: a Service of the cluster (found or not), or a name outside it. */
export type MeshHost =
  | { readonly kind: 'service'; readonly namespace: string; readonly name: string; readonly service: SimService | undefined }
  /** No Service of the cluster: a ServiceEntry's host when one declares it, else a host the mesh registry does not know. */
  | { readonly kind: 'external'; readonly entry: ServiceEntry | undefined }
  | { readonly kind: 'wildcard' };

/**
 * How Istio reads a host: a short name (`reviews`) is a Service of the rule's own namespace; `name.namespace`,
 * `name.namespace.svc` and the full `name.namespace.svc.<cluster domain>` name a Service (`name.namespace` only
 * when that namespace exists: `httpbin.org` is a host on the internet); `*` and `*.suffix` are wildcards; any
 * other name is outside the cluster: a ServiceEntry's when one declares it.
 */
export function meshHost(host: string, ruleNamespace: string, snapshot: ClusterSnapshot): MeshHost {
  if (host.startsWith('*')) return { kind: 'wildcard' };
  const domain = `.svc.${snapshot.profile.clusterDomain}`;
  const trimmed = host.endsWith('.') ? host.slice(0, -1) : host;
  const local = trimmed.endsWith(domain) ? trimmed.slice(0, -domain.length) : trimmed.endsWith('.svc') ? trimmed.slice(0, -'.svc'.length) : trimmed;
  const parts = local.split('.');
  const qualified = local !== trimmed;
  if (parts.length > 2 || (qualified && parts.length !== 2) || (!qualified && parts.length === 2 && !snapshot.namespaces.has(parts[1]!))) return { kind: 'external', entry: serviceEntryFor(snapshot, trimmed) };
  const [name, namespace = ruleNamespace] = parts as [string, string?];
  const service = serviceNamed(snapshot, namespace, name);
  // A ServiceEntry may declare a cluster-looking name no Service has (MESH_INTERNAL): the registry knows it.
  const entry = service ? undefined : serviceEntryFor(snapshot, trimmed);
  return entry ? { kind: 'external', entry } : { kind: 'service', namespace, name, service };
}

/** The ServiceEntry that declares a host (exactly, or by a `*.suffix` pattern), if any. */
export function serviceEntryFor(snapshot: ClusterSnapshot, host: string): ServiceEntry | undefined {
  const name = host.toLowerCase();
  return objectsOfType(snapshot, 'ServiceEntry').find((entry) => (entry.spec?.hosts?.value ?? []).some((pattern) => pattern.value === '*' || gatewayHostMatches(pattern.value, name)));
}

/** A ServiceEntry in a few words: where it is, how it resolves, its ports. */
export function describeEntry(entry: ServiceEntry): string {
  const ports = (entry.spec?.ports?.value ?? []).map((port) => `${port.number?.value ?? '?'}/${port.protocol?.value ?? '?'}`);
  return `${entry.spec?.location?.value ?? 'MESH_EXTERNAL'}, resolution ${entry.spec?.resolution?.value ?? 'NONE'}${ports.length > 0 ? `, ports ${ports.join(', ')}` : ''}`;
}
