/** The trace view's logic, free of the DOM: what to offer, how to run the engine, how to read its results. */
import { buildSnapshot, buildTopology, type ClusterProfile, type ClusterSnapshot, type CniPlugin, connectivityMatrix, type ConnectivityMatrix, type KubeObject, type KubeProxyMode, type MatrixPort, parseDestination, parseProtocol, parseSource, podAtAddress, readProfile, type Topology, type Trace, traceRequest } from '../../../server/src/engine';
import type { FlowToAllow } from '../protocol';

export interface WhatIf {
  readonly kubeProxyMode?: KubeProxyMode;
  readonly cni?: CniPlugin;
  /** Every NodePort and LoadBalancer Service as if it said this, to compare the two policies. */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
}

export interface SourceGroup {
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
}

/** Sources to pick: by namespace, each workload and then its pods (where it has more than one), then external clients and nodes. */
export function sourceGroups(snapshot: ClusterSnapshot): SourceGroup[] {
  const byNamespace = new Map<string, Map<string, { label: string; pods: { value: string; label: string }[] }>>();
  for (const pod of snapshot.pods) {
    if (pod.ips.length === 0) continue;
    const workloads = byNamespace.get(pod.namespace) ?? new Map<string, { label: string; pods: { value: string; label: string }[] }>();
    const key = `${pod.namespace}/${pod.workload.name}`;
    // Labels name the namespace too: a closed select shows the option alone, without its group.
    const workload = workloads.get(key) ?? { label: `${key} (${pod.workload.kind})`, pods: [] };
    workload.pods.push({ value: `pod:${pod.namespace}/${pod.name}`, label: `  pod ${pod.namespace}/${pod.name}${pod.node ? ` on ${pod.node}` : ''}` });
    workloads.set(key, workload);
    byNamespace.set(pod.namespace, workloads);
  }
  const groups: SourceGroup[] = [...byNamespace.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([namespace, workloads]) => ({
      label: `namespace ${namespace}`,
      options: [...workloads.entries()]
        .sort(([, a], [, b]) => a.label.localeCompare(b.label))
        .flatMap(([value, workload]) => [{ value, label: workload.label }, ...(workload.pods.length > 1 ? workload.pods : [])]),
    }));
  groups.push({ label: 'outside the pods', options: [{ value: 'external', label: 'a client on the internet' }, ...snapshot.nodes.map((node) => ({ value: `node:${node.name}`, label: `node ${node.name}` }))] });
  return groups;
}

/** Destinations to suggest: every Service port by DNS name, and every Ingress host. */
export function destinationSuggestions(snapshot: ClusterSnapshot): string[] {
  const suggestions = snapshot.services.flatMap((service) => service.ports.map((port) => `${service.name}.${service.namespace}:${port.port}`));
  // The names clients outside use: Ingress hosts, HTTPRoute hostnames, hosts of VirtualServices bound to Istio Gateways (wildcards name no one).
  const named = (host: string | undefined, scheme = 'http') => {
    if (host && !host.includes('*')) suggestions.push(`${scheme}://${host}/`);
  };
  for (const object of snapshot.objects) {
    if (object.type === 'Ingress') for (const rule of object.spec?.rules?.value ?? []) named(rule.host?.value, (object.spec?.tls?.value.length ?? 0) > 0 ? 'https' : 'http');
    if (object.type === 'HTTPRoute') for (const hostname of object.spec?.hostnames?.value ?? []) named(hostname.value);
    if (object.type === 'VirtualService' && (object.spec?.gateways?.value ?? []).some((gateway) => gateway.value !== 'mesh')) for (const host of object.spec?.hosts?.value ?? []) named(host.value);
  }
  return [...new Set(suggestions)].sort();
}

/**
 * A destination typed as a Service's DNS name without a port (`postgres.shop-data`, as "Trace to This
 * Service" sends it) gets the Service's first port; anything else is left as written.
 */
export function withServicePort(snapshot: ClusterSnapshot, destination: string): string {
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)(?:\.svc(?:\.[a-z0-9.-]+)?)?$/i.exec(destination.trim());
  if (!match) return destination;
  const service = snapshot.services.find((candidate) => candidate.name === match[1] && candidate.namespace === match[2]);
  const port = service?.ports[0]?.port;
  return port === undefined ? destination : `${destination.trim()}:${port}`;
}

/** The objects with the "what if" externalTrafficPolicy applied to every NodePort and LoadBalancer Service. */
export function applyWhatIfObjects(objects: readonly KubeObject[], whatIf: WhatIf): readonly KubeObject[] {
  const policy = whatIf.externalTrafficPolicy;
  if (!policy) return objects;
  return objects.map((object) => {
    const type = object.type === 'Service' ? object.spec?.type?.value : undefined;
    if (object.type !== 'Service' || !object.spec || (type !== 'NodePort' && type !== 'LoadBalancer')) return object;
    // The switch is not written anywhere: it keeps the span of the Service's spec, where it would go.
    return { ...object, spec: { ...object.spec, externalTrafficPolicy: { value: policy, span: object.spec.span } } };
  });
}

/** The profile with the "what if" switches applied, only where one is set. */
export function applyWhatIf(profile: ClusterProfile, whatIf: WhatIf): ClusterProfile {
  return readProfile({ ...(whatIf.kubeProxyMode && { kubeProxy: { mode: whatIf.kubeProxyMode } }), ...(whatIf.cni && { cni: { plugin: whatIf.cni } }) }, profile).profile;
}

/**
 * The most workloads the panel puts in one matrix: its cells grow with the square, and past a few hundred
 * rows neither the engine (seconds) nor the page (a table of 10^5 cells) keeps the panel responsive.
 */
export const MATRIX_WORKLOADS_AT_ONCE = 80;

/** The most boxes the topology draws at once; a larger picture is neither readable nor quick to draw. */
export const TOPOLOGY_BOXES_AT_ONCE = 600;

/** How many matrices of one snapshot (ports and filters) the view keeps. */
const MATRICES_KEPT = 8;

/** Builds snapshots once per model and "what if"; the view re-runs traces on every change of the form. */
export class EngineSession {
  private cached: { objects: readonly KubeObject[]; profile: ClusterProfile; whatIf: string; snapshot: ClusterSnapshot } | undefined;

  snapshot(objects: readonly KubeObject[], profile: ClusterProfile, whatIf: WhatIf = {}): ClusterSnapshot {
    const key = JSON.stringify(whatIf);
    if (!this.cached || this.cached.objects !== objects || this.cached.profile !== profile || this.cached.whatIf !== key) {
      this.cached = { objects, profile, whatIf: key, snapshot: buildSnapshot(applyWhatIfObjects(objects, whatIf), applyWhatIf(profile, whatIf)) };
    }
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

  private cachedMatrices: { snapshot: ClusterSnapshot; byKey: Map<string, ConnectivityMatrix> } | undefined;

  /**
   * The matrix of a snapshot for the workloads whose name contains `filter` (all when it is empty), computed
   * once per snapshot, port and filter: the view asks for every port (its port list) and for the chosen one,
   * and redrawing reuses both. A handful of recent ones are kept.
   */
  matrix(snapshot: ClusterSnapshot, port?: MatrixPort, filter = ''): ConnectivityMatrix {
    const needle = filter.trim().toLowerCase();
    const key = `${port ? `${port.protocol}/${port.port}` : ''}|${needle}`;
    if (this.cachedMatrices?.snapshot !== snapshot || this.cachedMatrices.byKey.size >= MATRICES_KEPT) this.cachedMatrices = { snapshot, byKey: new Map() };
    let matrix = this.cachedMatrices.byKey.get(key);
    if (!matrix) {
      matrix = connectivityMatrix(snapshot, port, (name) => name.toLowerCase().includes(needle));
      this.cachedMatrices.byKey.set(key, matrix);
    }
    return matrix;
  }

  private cachedTopology: { snapshot: ClusterSnapshot; topology: Topology } | undefined;

  /** The topology of a snapshot, built once per snapshot: filtering and redrawing reuse it. */
  topology(snapshot: ClusterSnapshot): Topology {
    if (this.cachedTopology?.snapshot !== snapshot) this.cachedTopology = { snapshot, topology: buildTopology(snapshot) };
    return this.cachedTopology.topology;
  }

  /** How many workloads the matrix would have rows for: more than MATRIX_WORKLOADS_AT_ONCE asks for a filter first. */
  workloadCount(snapshot: ClusterSnapshot, filter = ''): number {
    const needle = filter.trim().toLowerCase();
    return new Set(snapshot.pods.filter((pod) => pod.ips.length > 0).map((pod) => `${pod.workload.namespace}/${pod.workload.name}`).filter((name) => name.toLowerCase().includes(needle))).size;
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
    'http-error': 'HTTP error answered by a proxy',
    'not-traced': 'Not traced further',
  };
  const tone = trace.verdict.kind === 'delivered' || trace.verdict.kind === 'leaves-cluster' ? 'ok' : trace.verdict.kind === 'not-traced' ? 'neutral' : 'bad';
  return { label: labels[trace.verdict.kind], tone };
}

/** The banner's sentence: the verdict's label, then the engine's summary of it. */
export function verdictText(trace: Trace): string {
  return `${verdictBanner(trace).label}: ${trace.verdict.summary}`;
}

/**
 * The connection a policy denied, as `kubetrace/allowFlow` names it: the workloads (`namespace/Kind/name`)
 * or addresses and the port of the last policy hop. Undefined when the trace was not denied.
 */
export function deniedFlow(trace: Trace, snapshot: ClusterSnapshot): FlowToAllow | undefined {
  if (trace.verdict.kind !== 'denied') return undefined;
  const packet = [...trace.hops].reverse().find((hop) => hop.component === 'network-policy')?.before;
  if (!packet) return undefined;
  const name = (ip: string) => {
    const pod = podAtAddress(ip, snapshot);
    return pod ? `${pod.workload.namespace}/${pod.workload.kind}/${pod.workload.name}` : ip;
  };
  return { from: name(packet.src), to: name(packet.dst), protocol: packet.protocol, port: packet.dstPort };
}
