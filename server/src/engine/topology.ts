/**
 * The topology's meaning: which entry points, Services and workloads the snapshot has, how they are wired (which
 * host, path, rule and port lead where), and what isolates each workload, as plain data the webview lays out and
 * draws. Pure and deterministic: same snapshot, same topology.
 */
import { GATEWAY_API_GROUP, type Gateway, type HTTPRoute, type Ingress, type IngressBackend, type KubeObject, type MeshGateway } from './objects';
import { meshHost } from './mesh/hosts';
import { namesGateway } from './mesh/ingressGateway';
import { cniEnforcesPolicy } from './policy/evaluate';
import { resolveServicePort } from './routing/backends';
import { servedIngresses } from './routing/ingress';
import { objectsOfType, serviceNamed } from './snapshot/indexes';
import { refTo } from './snapshot/sourceRef';
import { keyOf, type ClusterSnapshot, type SimPod, type SimService, type SourceRef } from './snapshot/types';
import { groupBy } from './groupBy';
import { ingressBackends, isolatingPolicies, meshGatewayPods, podBehind, routeBackends } from './references';

export type TopologyNodeKind = 'ingress' | 'gateway' | 'route' | 'service' | 'workload' | 'missing';

/** 0: entry points (Ingress, Gateway, HTTPRoute, Istio Gateway, VirtualService), 1: Services, 2: workloads. */
export type TopologyColumn = 0 | 1 | 2;

export interface TopologyNode {
  readonly id: string;
  readonly kind: TopologyNodeKind;
  readonly label: string;
  readonly namespace: string;
  readonly column: TopologyColumn;
  /** The YAML to open; for a missing node, the place that names it. */
  readonly ref?: SourceRef;
  /** Facts in words, so nothing depends on colour. */
  readonly badges: readonly string[];
  /** Named by the workspace but defined nowhere in it. */
  readonly missing?: boolean;
  /** Requests through this node would fail (missing, no endpoints, no ready pods, not served). */
  readonly attention?: boolean;
  /** An HTTPRoute listed under its Gateway (the id) in the entry column. */
  readonly nestedUnder?: string;
}

/** backend: routes requests to a Service; parent: a route attaches to a Gateway or (mesh) a Service; endpoints: a Service's pods. */
export type TopologyEdgeKind = 'backend' | 'parent' | 'endpoints';

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: TopologyEdgeKind;
  readonly label: string;
}

export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

/** How many policy names a badge lists before it says "+N more". */
const NAMES_SHOWN = 3;

/** Code-point order: unlike localeCompare, the same in every browser and in Node. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown} +${names.length - NAMES_SHOWN} more` : shown;
}

/** Collects nodes and edges; edges between the same two nodes merge their labels so the picture has one line each. */
class TopologyBuilder {
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly edges = new Map<string, { from: string; to: string; kind: TopologyEdgeKind; labels: string[] }>();

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  addNode(node: TopologyNode): void {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
  }

  addEdge(from: string, to: string, kind: TopologyEdgeKind, label: string): void {
    const key = `${from}\n${to}`;
    const edge = this.edges.get(key) ?? { from, to, kind, labels: [] };
    if (!edge.labels.includes(label)) edge.labels.push(label);
    this.edges.set(key, edge);
  }

  result(): Topology {
    const nodes = [...this.nodes.values()].sort((a, b) => a.column - b.column || compareText(a.namespace, b.namespace) || compareText(a.label, b.label) || compareText(a.id, b.id));
    const edges = [...this.edges.values()]
      .map(({ from, to, kind, labels }) => ({ from, to, kind, label: labels.join('; ') }))
      .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
    return { nodes, edges };
  }
}

const serviceId = (namespace: string, name: string) => `service:${namespace}/${name}`;
const missingServiceId = (namespace: string, name: string) => `missing:Service/${namespace}/${name}`;
const workloadId = (pod: SimPod) => `workload:${pod.workload.namespace}/${pod.workload.kind}/${pod.workload.name}`;
const objectId = (kind: 'ingress' | 'gateway' | 'route', object: KubeObject) => `${kind}:${object.id.namespace ?? 'default'}/${object.id.name}`;

/** The node a backend points at: the Service, or a missing node that says the Service does not exist. */
function backendTarget(builder: TopologyBuilder, snapshot: ClusterSnapshot, namespace: string, name: string, namedAt: SourceRef): string {
  if (serviceNamed(snapshot, namespace, name)) return serviceId(namespace, name);
  const id = missingServiceId(namespace, name);
  builder.addNode({ id, kind: 'missing', label: name, namespace, column: 1, ref: namedAt, badges: ['no such Service'], missing: true, attention: true });
  return id;
}

/** "port 80 (http)", or the port as written when the Service has no such port. */
function describeBackendPort(snapshot: ClusterSnapshot, namespace: string, name: string, written: number | string | undefined): string {
  const service = serviceNamed(snapshot, namespace, name);
  const port = resolveServicePort(snapshot, namespace, name, written);
  if (service && (port.number === undefined || !service.ports.some((candidate) => candidate.port === port.number))) {
    return written === undefined ? 'no port given' : `port ${written}, which the Service does not have`;
  }
  if (port.number === undefined) return written === undefined ? 'no port given' : `port ${written}`;
  return port.name ? `port ${port.number} (${port.name})` : `port ${port.number}`;
}

function serviceBadges(service: SimService, snapshot: ClusterSnapshot): { badges: string[]; attention: boolean } {
  if (service.type === 'ExternalName') return { badges: [`ExternalName: DNS alias for ${service.externalName ?? '(no externalName)'}, no endpoints`], attention: false };
  const badges = [service.headless ? 'headless' : service.type];
  if (service.virtual) badges.push('built in, not in the workspace');
  if (service.ports.length === 0) badges.push('no ports');
  const { endpoints = [], excluded = [], from = 'none', source } = snapshot.endpoints.get(keyOf(service)) ?? {};
  if (endpoints.length === 0) badges.push('no endpoints');
  else if (!endpoints.some((endpoint) => endpoint.ready)) badges.push('no ready endpoints');
  // Only objects in the workspace carry a source; the API server's endpoints are simulated.
  if (source && (from === 'EndpointSlice' || from === 'Endpoints')) badges.push(`endpoints from ${from} objects`);
  const notPods = endpoints.filter((endpoint) => !podBehind(endpoint, snapshot)).length;
  if (notPods > 0) badges.push(`${plural(notPods, 'endpoint')} not on a pod`);
  for (const port of [...new Set(excluded.map((entry) => entry.port))]) {
    const left = excluded.filter((entry) => entry.port === port);
    badges.push(`port ${port || '(unnamed)'} left out on ${plural(left.length, 'pod')}: ${left[0]?.reason ?? ''}`);
  }
  const attention = service.ports.length === 0 || !endpoints.some((endpoint) => endpoint.ready) || excluded.length > 0;
  return { badges, attention };
}

function addServices(builder: TopologyBuilder, snapshot: ClusterSnapshot): void {
  for (const service of snapshot.services) {
    const { badges, attention } = serviceBadges(service, snapshot);
    builder.addNode({ id: serviceId(service.namespace, service.name), kind: 'service', label: service.name, namespace: service.namespace, column: 1, ...(service.source && { ref: service.source }), badges, ...(attention && { attention }) });
  }
}

/** Names, each once, in code-point order. */
const sortedNames = (names: readonly string[]) => [...new Set(names)].sort(compareText);

function workloadBadges(pods: readonly SimPod[], snapshot: ClusterSnapshot, inWorkspace: boolean): { badges: string[]; attention: boolean } {
  const badges = [plural(pods.length, 'pod')];
  const noneReady = !pods.some((pod) => pod.ready);
  if (noneReady) badges.push('no ready pods');
  if (!inWorkspace) badges.push('built in, not in the workspace');
  const isolation = isolatingPolicies(pods, snapshot);
  const namespaced = (policy: KubeObject) => `${policy.id.namespace ?? 'default'}/${policy.id.name}`;
  const ingress = sortedNames(isolation.ingress.map(namespaced));
  const egress = sortedNames(isolation.egress.map(namespaced));
  if (ingress.length === 0 && egress.length === 0) badges.push('not isolated');
  else {
    badges.push(ingress.length > 0 ? `ingress isolated by ${listNames(ingress)}` : 'ingress not isolated');
    badges.push(egress.length > 0 ? `egress isolated by ${listNames(egress)}` : 'egress not isolated');
    if (!cniEnforcesPolicy(snapshot)) badges.push(`policies not enforced by CNI ${snapshot.profile.cni.plugin}`);
  }
  const admin = sortedNames(isolation.admin.map((policy) => policy.id.name));
  if (admin.length > 0) badges.push(`admin policies ${listNames(admin)}`);
  const baseline = sortedNames(isolation.baseline.map((policy) => policy.id.name));
  if (baseline.length > 0) badges.push(`baseline policies ${listNames(baseline)}`);
  return { badges, attention: noneReady };
}

/** Workloads as `sourceGroups` sees them (pods grouped by their workload), and each Service's edge to the workloads behind it. */
function addWorkloads(builder: TopologyBuilder, snapshot: ClusterSnapshot): void {
  const podsByWorkload = groupBy(snapshot.pods, (pod) => [workloadId(pod)]);
  // The workload objects by kind, namespace and name, so each is found at once rather than by a scan of every object.
  const objectsById = new Map(snapshot.objects.map((object) => [`${object.id.kind}/${object.id.namespace}/${object.id.name}`, object] as const).reverse());
  for (const [id, members] of podsByWorkload) {
    const { workload } = members[0]!;
    const object = objectsById.get(`${workload.kind}/${workload.namespace}/${workload.name}`);
    const ref = object ? refTo(object) : members.find((pod) => pod.source)?.source;
    const { badges, attention } = workloadBadges(members, snapshot, ref !== undefined);
    builder.addNode({ id, kind: 'workload', label: `${workload.name} (${workload.kind})`, namespace: workload.namespace, column: 2, ...(ref && { ref }), badges, ...(attention && { attention }) });
  }

  for (const service of snapshot.services) {
    const behind = new Map<string, { pods: Set<string>; ports: Set<string> }>();
    for (const endpoint of snapshot.endpoints.get(keyOf(service))?.endpoints ?? []) {
      const pod = podBehind(endpoint, snapshot);
      if (!pod) continue;
      const entry = behind.get(workloadId(pod)) ?? { pods: new Set<string>(), ports: new Set<string>() };
      entry.pods.add(keyOf(pod));
      for (const port of service.ports) {
        const target = endpoint.ports[port.name];
        if (target !== undefined) entry.ports.add(`${port.port} → ${target}`);
      }
      behind.set(workloadId(pod), entry);
    }
    for (const [id, entry] of behind) {
      const portText = service.ports.length === 0 ? 'no Service ports' : entry.ports.size === 0 ? 'no port resolves on these pods' : `${entry.ports.size === 1 ? 'port' : 'ports'} ${[...entry.ports].join(', ')}`;
      builder.addEdge(serviceId(service.namespace, service.name), id, 'endpoints', `${portText}; ${plural(entry.pods.size, 'pod')}`);
    }
  }
}

function addIngressBackend(builder: TopologyBuilder, snapshot: ClusterSnapshot, ingress: Ingress, backend: IngressBackend, where: string): void {
  const name = backend.service?.name;
  if (!name) return;
  const namespace = ingress.id.namespace ?? 'default';
  const target = backendTarget(builder, snapshot, namespace, name.value, refTo(ingress, name.span, 'backend service name'));
  const written = backend.service?.port?.number?.value ?? backend.service?.port?.name?.value;
  builder.addEdge(objectId('ingress', ingress), target, 'backend', `${where} ${describeBackendPort(snapshot, namespace, name.value, written)}`);
}

function addIngresses(builder: TopologyBuilder, snapshot: ClusterSnapshot): void {
  const { ingresses: served } = servedIngresses(snapshot);
  for (const ingress of snapshot.objects.filter((object): object is Ingress => object.type === 'Ingress')) {
    const badges: string[] = [];
    const className = ingress.spec?.ingressClassName?.value;
    if (className) badges.push(`class ${className}`);
    if ((ingress.spec?.tls?.value.length ?? 0) > 0) badges.push('TLS');
    const notServed = !served.includes(ingress);
    if (notServed) badges.push(`not served by the ${snapshot.profile.ingressController.className} controller`);
    const backends = ingressBackends(ingress);
    for (const kind of new Set(backends.flatMap(({ backend }) => (backend.resource ? [backend.resource.kind?.value ?? 'resource'] : [])))) badges.push(`${kind} backend (not a Service)`);
    builder.addNode({ id: objectId('ingress', ingress), kind: 'ingress', label: ingress.id.name, namespace: ingress.id.namespace ?? 'default', column: 0, ref: refTo(ingress), badges, ...(notServed && { attention: true }) });

    for (const { backend, rule, path } of backends) addIngressBackend(builder, snapshot, ingress, backend, path ? `${rule?.host?.value ?? '*'}${path.path?.value ?? '/'}` : 'default backend');
  }
}

function addGateways(builder: TopologyBuilder, snapshot: ClusterSnapshot): void {
  for (const gateway of snapshot.objects.filter((object): object is Gateway => object.type === 'Gateway')) {
    const badges: string[] = [];
    const className = gateway.spec?.gatewayClassName?.value;
    if (className) badges.push(`class ${className}`);
    const listeners = (gateway.spec?.listeners?.value ?? []).map((listener) => `${listener.name?.value ?? '(unnamed)'} ${listener.protocol?.value ?? 'HTTP'}/${listener.port?.value ?? '?'}`);
    badges.push(listeners.length > 0 ? `listeners ${listNames(listeners)}` : 'no listeners');
    const simulated = snapshot.gateways.find((candidate) => candidate.namespace === gateway.id.namespace && candidate.name === gateway.id.name);
    if (simulated && simulated.addresses.length > 0) badges.push(`address ${simulated.addresses.join(', ')}${simulated.simulatedAddress ? ' (simulated)' : ''}`);
    builder.addNode({ id: objectId('gateway', gateway), kind: 'gateway', label: gateway.id.name, namespace: gateway.id.namespace ?? 'default', column: 0, ref: refTo(gateway), badges, ...(listeners.length === 0 && { attention: true }) });
  }
}

/** "rule 2 \"checkout\" PathPrefix /cart": which rule of the route sends requests along the edge. */
function describeRule(ruleIndex: number, ruleName: string | undefined, firstMatch: string | undefined, moreMatches: number): string {
  const name = ruleName ? ` "${ruleName}"` : '';
  const match = firstMatch ? ` ${firstMatch}${moreMatches > 0 ? ` +${moreMatches} more` : ''}` : '';
  return `rule ${ruleIndex + 1}${name}${match}`;
}

function addRoutes(builder: TopologyBuilder, snapshot: ClusterSnapshot): void {
  for (const route of snapshot.objects.filter((object): object is HTTPRoute => object.type === 'HTTPRoute')) {
    const id = objectId('route', route);
    const namespace = route.id.namespace ?? 'default';
    const badges: string[] = [];
    const hostnames = route.spec?.hostnames?.value.map((hostname) => hostname.value) ?? [];
    if (hostnames.length > 0) badges.push(`hosts ${listNames(hostnames)}`);
    let nestedUnder: string | undefined;
    let parentNamespace: string | undefined;
    const parents = route.spec?.parentRefs?.value ?? [];
    for (const parent of parents) {
      const kind = parent.kind?.value ?? 'Gateway';
      const group = parent.group?.value ?? (kind === 'Service' ? '' : GATEWAY_API_GROUP);
      const name = parent.name?.value ?? '';
      const refNamespace = parent.namespace?.value ?? namespace;
      const port = parent.port ? ` port ${parent.port.value}` : '';
      if (kind === 'Gateway' && group === GATEWAY_API_GROUP) {
        const gatewayId = `gateway:${refNamespace}/${name}`;
        let parentId = gatewayId;
        let listenerNote = '';
        if (!builder.has(gatewayId)) {
          parentId = `missing:Gateway/${refNamespace}/${name}`;
          builder.addNode({ id: parentId, kind: 'missing', label: name, namespace: refNamespace, column: 0, ref: refTo(route, parent.name?.span ?? parent.span, 'parentRef'), badges: ['no such Gateway'], missing: true, attention: true });
        } else if (parent.sectionName) {
          const gateway = snapshot.objects.find((object): object is Gateway => object.type === 'Gateway' && object.id.namespace === refNamespace && object.id.name === name);
          if (!(gateway?.spec?.listeners?.value ?? []).some((listener) => listener.name?.value === parent.sectionName?.value)) listenerNote = ', which the Gateway does not have';
        }
        builder.addEdge(parentId, id, 'parent', `${parent.sectionName ? `listener ${parent.sectionName.value}${listenerNote}` : 'all listeners'}${port}`);
        if (nestedUnder === undefined) [nestedUnder, parentNamespace] = [parentId, refNamespace];
      } else if (kind === 'Service' && group === '') {
        const target = backendTarget(builder, snapshot, refNamespace, name, refTo(route, parent.name?.span ?? parent.span, 'parentRef'));
        builder.addEdge(id, target, 'parent', `mesh route for the Service${port}`);
      } else {
        badges.push(`parent ${kind} ${name} (not drawn)`);
      }
    }
    if (parents.length === 0) badges.push('attached to nothing');

    const backendsByRule = groupBy(routeBackends(route), (use) => [String(use.ruleIndex)]);
    (route.spec?.rules?.value ?? []).forEach((rule, ruleIndex) => {
      const matches = (rule.matches?.value ?? []).map((match) => (match.path ? `${match.path.type?.value ?? 'PathPrefix'} ${match.path.value?.value ?? '/'}` : 'PathPrefix /'));
      const ruleText = describeRule(ruleIndex, rule.name?.value, matches[0], matches.length - 1);
      const backends = backendsByRule.get(String(ruleIndex)) ?? [];
      if (backends.length === 0) badges.push(`rule ${ruleIndex + 1} has no backends`);
      for (const { ref, namespace: refNamespace, isService } of backends) {
        if (!isService) {
          badges.push(`${ref.kind?.value ?? 'Service'} backend (not drawn)`);
          continue;
        }
        const name = ref.name?.value ?? '';
        const target = backendTarget(builder, snapshot, refNamespace, name, refTo(route, ref.name?.span ?? ref.span, 'backendRef'));
        const weight = backends.length > 1 ? `, weight ${ref.weight?.value ?? 1}` : '';
        builder.addEdge(id, target, 'backend', `${ruleText} ${describeBackendPort(snapshot, refNamespace, name, ref.port?.value)}${weight}`);
      }
    });
    // A route listed under a Gateway of another namespace says which namespace it is from.
    const label = parentNamespace !== undefined && parentNamespace !== namespace ? `${namespace}/${route.id.name}` : route.id.name;
    builder.addNode({ id, kind: 'route', label, namespace, column: 0, ref: refTo(route), badges: [...new Set(badges)], ...(parents.length === 0 && { attention: true }), ...(nestedUnder !== undefined && { nestedUnder }) });
  }
}

const istioGatewayId = (gateway: MeshGateway) => `istio-gateway:${gateway.id.namespace ?? 'default'}/${gateway.id.name}`;

/** Istio Gateways, in the entry column beside Gateway API's: their servers and the Envoy pods they configure. */
function addIstioGateways(builder: TopologyBuilder, snapshot: ClusterSnapshot): void {
  for (const gateway of objectsOfType(snapshot, 'MeshGateway')) {
    const servers = (gateway.spec?.servers?.value ?? []).map((server) => `${server.port?.protocol?.value ?? 'HTTP'}/${server.port?.number?.value ?? '?'} ${(server.hosts?.value ?? []).map((host) => host.value).join(' ')}`);
    const pods = meshGatewayPods(gateway, snapshot);
    const envoy = pods.length === 0 ? 'no Envoy pods: nothing serves it' : pods.every((pod) => !pod.source) ? "Envoy: the stand-in for Istio's default ingress gateway" : `Envoy ${plural(pods.length, 'pod')}`;
    const badges = ['Istio Gateway', servers.length > 0 ? `servers ${listNames(servers)}` : 'no servers', envoy];
    builder.addNode({ id: istioGatewayId(gateway), kind: 'gateway', label: gateway.id.name, namespace: gateway.id.namespace ?? 'default', column: 0, ref: refTo(gateway), badges, ...((pods.length === 0 || servers.length === 0) && { attention: true }) });
  }
}

/**
 * VirtualServices as routes: under the Istio Gateways they bind to, or attached to the Services whose hosts they
 * route for the sidecars (`mesh`); each route's destinations lead to their Services, by route, subset and weight.
 */
function addVirtualServices(builder: TopologyBuilder, snapshot: ClusterSnapshot): void {
  const gateways = objectsOfType(snapshot, 'MeshGateway');
  for (const service of objectsOfType(snapshot, 'VirtualService')) {
    const id = `virtualservice:${service.id.namespace ?? 'default'}/${service.id.name}`;
    const namespace = service.id.namespace ?? 'default';
    const hosts = (service.spec?.hosts?.value ?? []).map((host) => host.value);
    const badges = ['VirtualService', ...(hosts.length > 0 ? [`hosts ${listNames(hosts)}`] : [])];
    const bound = service.spec?.gateways?.value ?? [];
    let nestedUnder: string | undefined;
    for (const entry of bound) {
      if (entry.value === 'mesh') continue;
      const gateway = gateways.find((candidate) => namesGateway(entry.value, service, candidate));
      const [refNamespace, name] = entry.value.includes('/') ? (entry.value.split('/', 2) as [string, string]) : [namespace, entry.value];
      const parentId = gateway ? istioGatewayId(gateway) : `missing:IstioGateway/${refNamespace}/${name}`;
      if (!gateway) builder.addNode({ id: parentId, kind: 'missing', label: name, namespace: refNamespace, column: 0, ref: refTo(service, entry.span), badges: ['no such Istio Gateway'], missing: true, attention: true });
      builder.addEdge(parentId, id, 'parent', 'binds the VirtualService');
      nestedUnder ??= parentId;
    }
    if (bound.length === 0 || bound.some((entry) => entry.value === 'mesh')) {
      for (const host of hosts) {
        const target = meshHost(host, namespace, snapshot);
        if (target.kind === 'service') builder.addEdge(id, backendTarget(builder, snapshot, target.namespace, target.name, refTo(service)), 'parent', 'mesh route for the Service');
      }
    }
    const outside = new Set<string>();
    const routes = [...(service.spec?.http?.value ?? []).map((route, index) => ({ route, text: `route ${index + 1}${route.name ? ` "${route.name.value}"` : ''}` })), ...(service.spec?.tcp?.value ?? []).map((route, index) => ({ route, text: `TCP route ${index + 1}` }))];
    for (const { route, text } of routes) {
      const destinations = route.route?.value ?? [];
      for (const destination of destinations) {
        const host = destination.destination?.host;
        if (!host) continue;
        const target = meshHost(host.value, namespace, snapshot);
        if (target.kind !== 'service') {
          outside.add(host.value);
          continue;
        }
        const subset = destination.destination?.subset ? ` subset ${destination.destination.subset.value}` : '';
        const weight = destinations.length > 1 ? `, weight ${destination.weight?.value ?? 0}` : '';
        builder.addEdge(id, backendTarget(builder, snapshot, target.namespace, target.name, refTo(service, host.span, 'destination host')), 'backend', `${text}${subset}${weight}`);
      }
    }
    if (outside.size > 0) badges.push(`to hosts outside the cluster ${listNames([...outside])}`);
    builder.addNode({ id, kind: 'route', label: service.id.name, namespace, column: 0, ref: refTo(service), badges, ...(nestedUnder !== undefined && { nestedUnder }) });
  }
}

/**
 * The snapshot as three columns: entry points (Ingresses, Gateways with their HTTPRoutes, Istio Gateways with their
 * VirtualServices), Services, and workloads (pods grouped by workload); edges say which host, path, rule and port
 * lead where.
 */
export function buildTopology(snapshot: ClusterSnapshot): Topology {
  const builder = new TopologyBuilder();
  addServices(builder, snapshot);
  addWorkloads(builder, snapshot);
  addIngresses(builder, snapshot);
  addGateways(builder, snapshot);
  addRoutes(builder, snapshot);
  addIstioGateways(builder, snapshot);
  addVirtualServices(builder, snapshot);
  return builder.result();
}
