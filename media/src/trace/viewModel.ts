/** The trace view's logic, free of the DOM: what to offer, how to run the engine, how to read its results. */
import type { KubeObject } from '../../../server/src/engine/objects';
import { connectivityMatrix, type ConnectivityMatrix, type MatrixPort } from '../../../server/src/engine/policy/matrix';
import { readProfile, type ClusterProfile, type KubeProxyMode, type CniPlugin } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { parseDestination, parseProtocol, parseSource } from '../../../server/src/engine/trace/parseEndpoints';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Trace } from '../../../server/src/engine/trace/types';

export interface WhatIf {
  readonly kubeProxyMode?: KubeProxyMode;
  readonly cni?: CniPlugin;
}

export interface SourceGroup {
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
}

/** Sources to pick: workloads by namespace, then external clients and nodes. */
export function sourceGroups(snapshot: ClusterSnapshot): SourceGroup[] {
  const byNamespace = new Map<string, Map<string, string>>();
  for (const pod of snapshot.pods) {
    if (pod.ips.length === 0) continue;
    const workloads = byNamespace.get(pod.namespace) ?? new Map<string, string>();
    workloads.set(`${pod.namespace}/${pod.workload.name}`, `${pod.workload.name} (${pod.workload.kind})`);
    byNamespace.set(pod.namespace, workloads);
  }
  const groups: SourceGroup[] = [...byNamespace.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([namespace, workloads]) => ({ label: `namespace ${namespace}`, options: [...workloads.entries()].sort(([, a], [, b]) => a.localeCompare(b)).map(([value, label]) => ({ value, label })) }));
  groups.push({ label: 'outside the pods', options: [{ value: 'external', label: 'a client on the internet' }, ...snapshot.nodes.map((node) => ({ value: `node:${node.name}`, label: `node ${node.name}` }))] });
  return groups;
}

/** Destinations to suggest: every Service port by DNS name, and every Ingress host. */
export function destinationSuggestions(snapshot: ClusterSnapshot): string[] {
  const suggestions = snapshot.services.flatMap((service) => service.ports.map((port) => `${service.name}.${service.namespace}:${port.port}`));
  for (const object of snapshot.objects) {
    if (object.type !== 'Ingress') continue;
    for (const rule of object.spec?.rules?.value ?? []) if (rule.host) suggestions.push(`${(object.spec?.tls?.value.length ?? 0) > 0 ? 'https' : 'http'}://${rule.host.value}/`);
  }
  return [...new Set(suggestions)].sort();
}

/** The profile with the "what if" switches applied, only where one is set. */
export function applyWhatIf(profile: ClusterProfile, whatIf: WhatIf): ClusterProfile {
  return readProfile({ ...(whatIf.kubeProxyMode && { kubeProxy: { mode: whatIf.kubeProxyMode } }), ...(whatIf.cni && { cni: { plugin: whatIf.cni } }) }, profile).profile;
}

/** Builds snapshots once per model and profile; the view re-runs traces on every change of the form. */
export class EngineSession {
  private cached: { objects: readonly KubeObject[]; profile: ClusterProfile; snapshot: ClusterSnapshot } | undefined;

  snapshot(objects: readonly KubeObject[], profile: ClusterProfile): ClusterSnapshot {
    if (!this.cached || this.cached.objects !== objects || this.cached.profile !== profile) this.cached = { objects, profile, snapshot: buildSnapshot(objects, profile) };
    return this.cached.snapshot;
  }

  trace(snapshot: ClusterSnapshot, from: string, to: string, protocol: string): Trace | { error: string } {
    const source = parseSource(from);
    if (typeof source === 'string') return { error: source };
    const destination = parseDestination(to);
    if (typeof destination === 'string') return { error: destination };
    const parsedProtocol = parseProtocol(protocol);
    if (parsedProtocol !== 'TCP' && parsedProtocol !== 'UDP' && parsedProtocol !== 'SCTP') return { error: parsedProtocol };
    return traceRequest({ from: source, to: destination, protocol: parsedProtocol }, snapshot);
  }

  matrix(snapshot: ClusterSnapshot, port?: MatrixPort): ConnectivityMatrix {
    return connectivityMatrix(snapshot, port);
  }
}

/** The verdict as a short label and a tone, so the banner never relies on colour alone. */
export function verdictBanner(trace: Trace): { label: string; tone: 'ok' | 'bad' | 'neutral' } {
  const labels: Record<Trace['verdict']['kind'], string> = {
    delivered: 'Delivered',
    nxdomain: 'NXDOMAIN',
    'dns-failure': 'DNS failure',
    'no-endpoints': 'No endpoints (connection refused)',
    'not-listening': 'Nothing listens on the port',
    denied: 'Denied by policy (timeout)',
    'leaves-cluster': 'Leaves the cluster',
    'no-route': 'No route',
  };
  const tone = trace.verdict.kind === 'delivered' || trace.verdict.kind === 'leaves-cluster' ? 'ok' : 'bad';
  return { label: labels[trace.verdict.kind], tone };
}
