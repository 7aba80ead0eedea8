import { withoutControllerLabels } from '../snapshot/controllerLabels';
import { configMapValues, containerValues, hostsIn } from '../connectionHosts';
import { resolveName } from '../dns/resolver';
import { containersOf, podTemplateOf, type HTTPRoute, type KubeObject } from '../objects';
import type { Located } from '../source';
import { evaluateConnection } from '../policy/evaluate';
import { routeBackends, serviceOfName, servicePods } from '../references';
import { servedIngresses } from '../routing/ingress';
import { attachesToListener, httpRoutes } from '../routing/gateway';
import { servedListeners } from '../routing/gatewayListeners';
import { referenceGrantAllows } from '../routing/referenceGrant';
import { dataPlanePod } from '../snapshot/gatewayDataPlanes';
import { isIngressControllerPod } from '../routing/ingressController';
import { findPort } from '../snapshot/endpoints';
import { objectsOfType, serviceNamed } from '../snapshot/indexes';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot, Protocol, SimPod, SimService, SimServicePort, SourceRef } from '../snapshot/types';
import { meshHost } from '../mesh/hosts';
import { hasIstioSidecar, isIstioProxy } from '../mesh/identity';
import { podMesh } from '../mesh/injection';
import { HTTP_PROTOCOLS, namedProtocol } from '../mesh/protocols';
import { serviceRoutesFor } from '../routing/serviceRoutes';
import { meshRulesOf } from '../mesh/rules';

/** Who a generated rule names: a workload's pods (by its selector's labels, in its namespace), or any address. */
export type FlowPeer = { readonly kind: 'workload'; readonly namespace: string; readonly name: string; readonly labels: Readonly<Record<string, string>> } | { readonly kind: 'anywhere' };

/** A connection the workspace implies, and the line that implies it. */
export interface ImpliedFlow {
  readonly from: FlowPeer;
  /** The destination workload (its pods' port), or the cluster DNS. */
  readonly to: FlowPeer & { readonly kind: 'workload' };
  readonly protocol: Protocol;
  readonly port: number;
  readonly because: string;
  readonly source?: SourceRef;
}

/** One rule of a generated policy: peers and ports, and the flows that imply it. */
export interface GeneratedRule {
  readonly peer: FlowPeer;
  readonly ports: readonly { readonly protocol: Protocol; readonly port: number }[];
  readonly because: readonly { readonly text: string; readonly source?: SourceRef }[];
}

export interface GeneratedPolicy {
  readonly namespace: string;
  readonly name: string;
  /** Empty: every pod of the namespace. */
  readonly podSelector: Readonly<Record<string, string>>;
  readonly policyTypes: readonly ('Ingress' | 'Egress')[];
  readonly ingress: readonly GeneratedRule[];
  readonly egress: readonly GeneratedRule[];
  readonly comment: string;
}

export interface LeastPrivilegePlan {
  readonly namespaces: readonly string[];
  readonly flows: readonly ImpliedFlow[];
  readonly policies: readonly GeneratedPolicy[];
  /** Flows the workspace's own policies admit already, by a rule: reported, not written again. */
  readonly admitted: readonly { readonly flow: ImpliedFlow; readonly direction: 'Ingress' | 'Egress'; readonly by: string }[];
  /** What the workspace implies but the engine cannot turn into a rule: for the user to add. */
  readonly notInferred: readonly { readonly text: string; readonly source?: SourceRef }[];
}

const DNS: FlowPeer & { kind: 'workload' } = { kind: 'workload', namespace: 'kube-system', name: 'kube-dns', labels: { 'k8s-app': 'kube-dns' } };
const ISTIOD: FlowPeer & { kind: 'workload' } = { kind: 'workload', namespace: 'istio-system', name: 'istiod', labels: { app: 'istiod' } };
const LINKERD_IDENTITY: FlowPeer & { kind: 'workload' } = { kind: 'workload', namespace: 'linkerd', name: 'linkerd-identity', labels: { 'linkerd.io/control-plane-component': 'identity' } };
const LINKERD_DESTINATION: FlowPeer & { kind: 'workload' } = { kind: 'workload', namespace: 'linkerd', name: 'linkerd-destination', labels: { 'linkerd.io/control-plane-component': 'destination' } };
const SCHEME_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443, grpc: 80 };

/**
 * NetworkPolicies that admit exactly what the workspace implies in `namespaces` (default: every namespace with
 * workloads): a default deny of ingress and egress, DNS to kube-dns for every pod, and for each connection string a
 * container names (env, args, command), each Ingress backend (from the ingress controller) and each Service exposed
 * outside the cluster (LoadBalancer, NodePort, external IPs: from anywhere), each Gateway whose data plane is known
 * (from anywhere to it, from it to its routes' backends), and each mesh proxy's control plane, an egress rule at the
 * client and an ingress rule at the server, on the port the server's pods listen on. Probes need none: the
 * kubelet's traffic from the node is always admitted.
 */
export function leastPrivilegePolicies(snapshot: ClusterSnapshot, only?: readonly string[]): LeastPrivilegePlan {
  const notInferred: { text: string; source?: SourceRef }[] = [];
  const workloads = workloadsOf(snapshot);
  const namespaces = only ?? [...new Set([...workloads.values()].map((workload) => workload.peer.namespace))].filter((namespace) => namespace !== 'kube-system' && namespace !== snapshot.profile.ingressController.namespace).sort();
  const inScope = new Set(namespaces);
  const dnsPod = snapshot.pods.find((pod) => pod.namespace === 'kube-system' && pod.labels['k8s-app'] === 'kube-dns');
  // The cluster DNS's pods, by the label kubeadm's and every common distribution's CoreDNS carries.
  const dns: FlowPeer & { kind: 'workload' } = { ...DNS, name: dnsPod?.workload.name ?? DNS.name };
  const configMaps = new Map<string, KubeObject>(objectsOfType(snapshot, 'ConfigMap').map((configMap) => [`${configMap.id.namespace ?? 'default'}/${configMap.id.name}`, configMap]));
  const flows: ImpliedFlow[] = [];
  const known = new Set<string>();
  const add = (flow: ImpliedFlow) => {
    const key = flowKey(flow);
    if (known.has(key)) return;
    known.add(key);
    flows.push(flow);
  };
  for (const workload of workloads.values()) {
    for (const to of serviceTargets(workload.object, workload.pod, snapshot, workloads, configMaps, notInferred)) add({ from: workload.peer, ...to });
  }
  const readers = new Set([...workloads.values()].flatMap((workload) => configMapsRead(workload.object, workload.peer.namespace, configMaps).map(({ configMap }) => configMap)));
  for (const object of objectsOfType(snapshot, 'ConfigMap')) {
    if (!inScope.has(object.id.namespace ?? 'default') || readers.has(object)) continue;
    for (const value of configMapValues(object)) {
      for (const reference of hostsIn(value.value)) notInferred.push({ text: `ConfigMap ${object.id.namespace ?? 'default'}/${object.id.name} names ${reference.host}${reference.port ? `:${reference.port}` : ''}: no workload reads it by envFrom, a configMapKeyRef or a volume, so which one connects is not known: add its egress and the server's ingress yourself`, source: refTo(object) });
    }
  }
  ingressFlows(snapshot, workloads).forEach(add);
  for (const service of snapshot.services) {
    if (service.virtual || !(service.type === 'LoadBalancer' || service.type === 'NodePort' || service.externalIPs.length > 0)) continue;
    for (const target of servicePodsTargets(service, workloads, snapshot)) add({ from: { kind: 'anywhere' }, to: target.to, protocol: target.protocol, port: target.port, because: `Service ${service.namespace}/${service.name} is ${service.type === 'ClusterIP' ? 'exposed on external IPs' : `of type ${service.type}`}: clients outside the cluster reach it`, ...(service.source && { source: service.source }) });
  }
  gatewayFlows(snapshot, workloads, inScope, notInferred).forEach(add);
  // A Gateway's data plane resolves names too, and every mesh proxy needs its control plane.
  for (const workload of workloads.values()) {
    add({ from: workload.peer, to: dns, protocol: 'UDP', port: 53, because: 'every pod resolves names through kube-dns' });
    add({ from: workload.peer, to: dns, protocol: 'TCP', port: 53, because: 'every pod resolves names through kube-dns (TCP for large answers)' });
    for (const flow of meshControlPlaneFlows(workload, snapshot)) add(flow);
  }

  // A Service no inferred flow reaches may still have clients: their addresses are in code or config the manifests do not show.
  for (const service of snapshot.services) {
    if (service.virtual || !inScope.has(service.namespace)) continue;
    const reached = servicePodsTargets(service, workloads, snapshot).some((target) => flows.some((flow) => sameWorkload(flow.to, target.to) && flow.port === target.port));
    if (!reached) notInferred.push({ text: `Service ${service.namespace}/${service.name}: no connection string, Ingress or exposure in the manifests reaches it; if its clients name it in their code or configuration, add their egress and its ingress`, ...(service.source && { source: service.source }) });
  }
  const admitted: LeastPrivilegePlan['admitted'][number][] = [];
  // A pod of each peer, stand-ins (the ingress controller, CoreDNS) included: what a flow is evaluated with.
  const podsByPeer = new Map<string, SimPod>();
  for (const pod of snapshot.pods) if (pod.ips.length > 0 && !pod.hostNetwork && !podsByPeer.has(`${pod.namespace}/${pod.workload.name}`)) podsByPeer.set(`${pod.namespace}/${pod.workload.name}`, pod);
  const needed = (flow: ImpliedFlow, direction: 'Ingress' | 'Egress') => {
    const by = admittedBy(flow, direction, snapshot, (peer) => podsByPeer.get(`${peer.namespace}/${peer.name}`));
    if (by) admitted.push({ flow, direction, by });
    return !by;
  };
  const policies: GeneratedPolicy[] = [];
  for (const namespace of namespaces) {
    policies.push({ namespace, name: 'default-deny', podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [], comment: 'Nothing is admitted but what the policies below admit.' });
    for (const workload of [...workloads.values()].filter((candidate) => candidate.peer.namespace === namespace).sort((a, b) => a.peer.name.localeCompare(b.peer.name))) {
      const incoming = flows.filter((flow) => sameWorkload(flow.to, workload.peer) && (flow.from.kind === 'anywhere' || !sameWorkload(flow.from, workload.peer)) && needed(flow, 'Ingress'));
      const outgoing = flows.filter((flow) => flow.from.kind === 'workload' && sameWorkload(flow.from, workload.peer) && !sameWorkload(flow.to, workload.peer) && needed(flow, 'Egress'));
      if (incoming.length > 0) policies.push({ namespace, name: `${workload.peer.name}-ingress`, podSelector: workload.peer.labels, policyTypes: ['Ingress'], ingress: rulesOf(incoming, (flow) => flow.from), egress: [], comment: `Who connects to ${workload.title}.` });
      if (outgoing.length > 0) policies.push({ namespace, name: `${workload.peer.name}-egress`, podSelector: workload.peer.labels, policyTypes: ['Egress'], ingress: [], egress: rulesOf(outgoing, (flow) => flow.to), comment: `Where ${workload.title} connects to.` });
    }
  }
  return { namespaces, flows: flows.filter((flow) => (flow.from.kind === 'workload' && inScope.has(flow.from.namespace)) || inScope.has(flow.to.namespace)), policies, admitted, notInferred };
}

interface Workload {
  /** What makes its pods: a workload, a Pod, or the Gateway whose data plane stands in. */
  readonly object: KubeObject;
  readonly pod: SimPod;
  readonly peer: FlowPeer & { kind: 'workload' };
  /** How a generated policy's comment names it: `Deployment web`. */
  readonly title: string;
}

/** Each workload (or Pod manifest) with pods, keyed `namespace/Kind/name`, with the labels that select its pods. */
function workloadsOf(snapshot: ClusterSnapshot): Map<string, Workload> {
  const workloads = new Map<string, Workload>();
  const objects = new Map(snapshot.objects.map((object) => [`${object.id.namespace}/${object.id.kind}/${object.id.name}`, object]));
  for (const pod of snapshot.pods) {
    if (pod.hostNetwork || pod.ips.length === 0) continue;
    const key = `${pod.workload.namespace}/${pod.workload.kind}/${pod.workload.name}`;
    if (workloads.has(key)) continue;
    const object = objects.get(key);
    if (!object) continue;
    workloads.set(key, { object, pod, peer: { kind: 'workload', namespace: pod.namespace, name: pod.workload.name, labels: selectorLabels(object, pod) }, title: `${object.id.kind} ${pod.workload.name}` });
  }
  return workloads;
}

/** A workload's selector (matchLabels), else its pods' labels: what a rule selects it by. */
function selectorLabels(object: KubeObject, pod: SimPod): Readonly<Record<string, string>> {
  const spec = 'spec' in object ? (object.spec as { selector?: { matchLabels?: { value: Record<string, string> } } } | undefined) : undefined;
  const matchLabels = spec?.selector?.matchLabels?.value;
  if (matchLabels && Object.keys(matchLabels).length > 0) return matchLabels;
  return withoutControllerLabels(pod.labels);
}

/** The Services a workload's connection strings name, as flows to their pods' ports; the rest reported. */
function serviceTargets(object: KubeObject, pod: SimPod, snapshot: ClusterSnapshot, workloads: Map<string, Workload>, configMaps: ReadonlyMap<string, KubeObject>, notInferred: { text: string; source?: SourceRef }[]): Omit<ImpliedFlow, 'from'>[] {
  const targets: Omit<ImpliedFlow, 'from'>[] = [];
  const values = [
    ...containersOf(object).flatMap((container) => containerValues(container).map((value) => ({ value, holder: object }))),
    ...configMapsRead(object, pod.namespace, configMaps).flatMap(({ configMap, keys }) => configMapEntries(configMap, keys).map((value) => ({ value, holder: configMap }))),
  ];
  for (const { value, holder } of values) {
    for (const reference of hostsIn(value.value)) {
      const host = reference.host.toLowerCase().replace(/\.$/, '');
      if (host === 'localhost') continue;
      const resolution = resolveName(host, 'A', pod, snapshot);
      const service = resolution.resolvedName ? serviceOfName(resolution.resolvedName, snapshot) : undefined;
      const source: SourceRef = { uri: holder.uri, range: value.span.value, label: `${holder.id.kind} ${holder.id.namespace ?? 'default'}/${holder.id.name}` };
      if (!service) {
        notInferred.push({ text: `${object.id.kind} ${pod.namespace}/${object.id.name} connects to ${reference.host}${reference.port ? `:${reference.port}` : ''}, which is not a Service of the workspace: an address outside the cluster needs an ipBlock rule the workspace cannot say`, source });
        continue;
      }
      const port = reference.port ?? (reference.scheme ? SCHEME_PORTS[reference.scheme] : undefined);
      const ports = service.ports.filter((candidate) => port === undefined || candidate.port === port);
      if (ports.length === 0) {
        notInferred.push({ text: `${object.id.kind} ${pod.namespace}/${object.id.name} connects to ${reference.host}:${port}, a port Service ${service.namespace}/${service.name} does not have`, source });
        continue;
      }
      const because = `${object.id.kind} ${pod.namespace}/${object.id.name} connects to ${reference.host}${reference.port ? `:${reference.port}` : ''}${holder === object ? '' : ` (${holder.id.kind} ${holder.id.name})`} (Service ${service.namespace}/${service.name})`;
      const routed = podMesh(snapshot, pod) ? serviceRouteTargets(service, ports, pod, snapshot, workloads, because, reference.scheme) : { targets: [], routedPorts: new Set<SimServicePort>() };
      for (const target of servicePodsTargets(service, workloads, snapshot, ports.filter((candidate) => !routed.routedPorts.has(candidate)))) targets.push({ ...target, because, source });
      targets.push(...routed.targets, ...meshRouteTargets(service, ports, pod, snapshot, workloads, because));
    }
  }
  return targets;
}

/**
 * Where a client's Istio sidecar sends what it asks of a Service: the pods of each destination of the
 * VirtualServices that route the Service's host for sidecars (`mesh`), on the destination's port (else the port
 * asked). The Service's own pods stay admitted too: a request no route matches may still go to them.
 */
function meshRouteTargets(service: SimService, ports: readonly SimServicePort[], client: SimPod, snapshot: ClusterSnapshot, workloads: Map<string, Workload>, because: string): Omit<ImpliedFlow, 'from'>[] {
  if (!hasIstioSidecar(snapshot, client)) return [];
  const targets: Omit<ImpliedFlow, 'from'>[] = [];
  for (const route of meshRulesOf(service, snapshot).routedBy) {
    const gateways = (route.spec?.gateways?.value ?? []).map((gateway) => gateway.value);
    if (gateways.length > 0 && !gateways.includes('mesh')) continue;
    for (const http of [...(route.spec?.http?.value ?? []), ...(route.spec?.tcp?.value ?? [])]) {
      for (const entry of http.route?.value ?? []) {
        const host = entry.destination?.host?.value;
        const named = host ? meshHost(host, route.id.namespace ?? 'default', snapshot) : undefined;
        if (named?.kind !== 'service' || !named.service) continue;
        const number = entry.destination?.port?.number?.value;
        const destinationPorts = named.service.ports.filter((port) => (number !== undefined ? port.port === number : ports.some((asked) => asked.port === port.port) || named.service!.ports.length === 1));
        for (const target of servicePodsTargets(named.service, workloads, snapshot, destinationPorts)) targets.push({ ...target, because: `${because}, which VirtualService ${route.id.namespace ?? 'default'}/${route.id.name} routes to ${named.namespace}/${named.name}`, source: refTo(route) });
      }
    }
  }
  return targets;
}

/**
 * Where a meshed client's proxy sends what it asks of Service ports that HTTPRoutes attach to (GAMMA): the pods of
 * each Service the routes' rules send to. `routedPorts` are the ports surely carrying HTTP (by appProtocol, the
 * port's name, or an http:// connection string), where the Service's own pods are reached only through a rule
 * naming it: the proxy answers 404 to a request no rule matches. On any other port the routes may not apply.
 */
function serviceRouteTargets(service: SimService, ports: readonly SimServicePort[], client: SimPod, snapshot: ClusterSnapshot, workloads: Map<string, Workload>, because: string, scheme: string | undefined): { targets: Omit<ImpliedFlow, 'from'>[]; routedPorts: Set<SimServicePort> } {
  const targets: Omit<ImpliedFlow, 'from'>[] = [];
  const routedPorts = new Set<SimServicePort>();
  for (const port of ports) {
    const attached = serviceRoutesFor(snapshot, service, port, client.namespace);
    if (!attached) continue;
    const declared = port.appProtocol ?? namedProtocol(port.name);
    if (declared !== undefined ? HTTP_PROTOCOLS.has(declared) : scheme === 'http') routedPorts.add(port);
    for (const route of attached.routes) {
      for (const { service: destination, targets: reached } of routeBackendTargets(route, snapshot, workloads, port.port)) {
        for (const target of reached) targets.push({ ...target, because: `${because}, which HTTPRoute ${route.id.namespace ?? 'default'}/${route.id.name} (attached to the Service) sends to ${destination.namespace}/${destination.name}`, source: refTo(route) });
      }
    }
  }
  return { targets, routedPorts };
}

/**
 * Each Service an HTTPRoute's rules send to (in another namespace only where a ReferenceGrant allows), with its pods
 * on the backend's port: the one the backendRef names, else `askedPort`, else every port of the Service.
 */
function routeBackendTargets(route: HTTPRoute, snapshot: ClusterSnapshot, workloads: Map<string, Workload>, askedPort?: number): { service: SimService; targets: ReturnType<typeof servicePodsTargets> }[] {
  const routeNamespace = route.id.namespace ?? 'default';
  return routeBackends(route).flatMap((backend) => {
    const name = backend.ref.name?.value;
    const service = backend.isService && name ? serviceNamed(snapshot, backend.namespace, name) : undefined;
    if (!service || (backend.namespace !== routeNamespace && !referenceGrantAllows(snapshot, routeNamespace, backend.namespace, service.name))) return [];
    const number = backend.ref.port?.value ?? askedPort;
    return [{ service, targets: servicePodsTargets(service, workloads, snapshot, service.ports.filter((port) => number === undefined || port.port === number)) }];
  });
}

/** The values of a ConfigMap's keys a workload reads, each with where it is written. */
function configMapEntries(configMap: KubeObject, keys: ReadonlySet<string> | 'all'): Located<string>[] {
  const data = configMap.type === 'ConfigMap' ? configMap.data : undefined;
  return Object.entries(data?.entries ?? {}).flatMap(([key, span]) => (keys === 'all' || keys.has(key) ? [{ value: data!.value[key]!, span }] : []));
}

/**
 * The ConfigMaps of its namespace a workload's containers read, and which keys: every key of one named by `envFrom`
 * or mounted as a volume, the one key an `env` entry's `valueFrom.configMapKeyRef` names.
 */
function configMapsRead(object: KubeObject, namespace: string, configMaps: ReadonlyMap<string, KubeObject>): { configMap: KubeObject; keys: ReadonlySet<string> | 'all' }[] {
  const read = new Map<string, Set<string> | 'all'>();
  const all = (name: string | undefined) => name !== undefined && read.set(name, 'all');
  const key = (name: string | undefined, entry: string | undefined) => {
    if (name === undefined || entry === undefined) return;
    const keys = read.get(name) ?? new Set<string>();
    if (keys !== 'all') read.set(name, keys.add(entry));
  };
  for (const container of containersOf(object)) {
    for (const source of container.envFrom?.value ?? []) all(source.configMapRef?.name?.value);
    for (const variable of container.env?.value ?? []) key(variable.valueFrom?.configMapKeyRef?.name?.value, variable.valueFrom?.configMapKeyRef?.key?.value);
  }
  for (const volume of podTemplateOf(object)?.spec?.volumes?.value ?? []) all(volume.configMap?.name?.value);
  return [...read].flatMap(([name, keys]) => {
    const configMap = configMaps.get(`${namespace}/${name}`);
    return configMap ? [{ configMap, keys }] : [];
  });
}

/** The workloads behind a Service and the port their pods listen on, for each Service port (or those given). */
function servicePodsTargets(service: SimService, workloads: Map<string, Workload>, snapshot: ClusterSnapshot, ports = service.ports): { to: FlowPeer & { kind: 'workload' }; protocol: Protocol; port: number }[] {
  const selector = service.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  const pods = servicePods(service, snapshot).filter((pod) => !pod.hostNetwork);
  const targets: { to: FlowPeer & { kind: 'workload' }; protocol: Protocol; port: number }[] = [];
  for (const pod of pods) {
    const workload = workloads.get(`${pod.workload.namespace}/${pod.workload.kind}/${pod.workload.name}`);
    if (!workload) continue;
    for (const port of ports) {
      const number = findPort(pod, port);
      if (number === undefined) continue;
      const target = { to: workload.peer, protocol: port.protocol as Protocol, port: number };
      if (!targets.some((known) => sameWorkload(known.to, target.to) && known.port === target.port && known.protocol === target.protocol)) targets.push(target);
    }
  }
  return targets;
}

/** The ingress controller's pods to each backend an Ingress it serves names. */
function ingressFlows(snapshot: ClusterSnapshot, workloads: Map<string, Workload>): ImpliedFlow[] {
  const controllers = [...workloads.values()].filter((workload) => isIngressControllerPod(workload.pod, snapshot));
  const standIn = snapshot.pods.find((pod) => isIngressControllerPod(pod, snapshot));
  const from: FlowPeer = controllers[0]?.peer ?? (standIn ? { kind: 'workload', namespace: standIn.namespace, name: standIn.workload.name, labels: snapshot.profile.ingressController.labels } : { kind: 'anywhere' });
  const flows: ImpliedFlow[] = [];
  for (const ingress of servedIngresses(snapshot).ingresses) {
    const namespace = ingress.id.namespace ?? 'default';
    const backends = [ingress.spec?.defaultBackend, ...(ingress.spec?.rules?.value ?? []).flatMap((rule) => (rule.http?.paths?.value ?? []).map((path) => path.backend))];
    for (const backend of backends) {
      const name = backend?.service?.name?.value;
      const service = name ? serviceNamed(snapshot, namespace, name) : undefined;
      if (!service) continue;
      const number = backend?.service?.port?.number?.value;
      const portName = backend?.service?.port?.name?.value;
      const ports = service.ports.filter((port) => port.port === number || (portName !== undefined && port.name === portName));
      for (const target of servicePodsTargets(service, workloads, snapshot, ports)) flows.push({ from, ...target, because: `Ingress ${namespace}/${ingress.id.name} routes to Service ${namespace}/${service.name}: the ingress controller connects to its pods`, source: refTo(ingress) });
    }
  }
  return flows;
}

/**
 * Where a meshed pod's proxy connects on its own: Istio's (a sidecar, a gateway) to istiod for its configuration and
 * certificate (xDS and the CA, 15012); Linkerd's to linkerd-identity (8080) for its certificate and to
 * linkerd-destination for discovery (8086) and policy (8090), as Linkerd's install lays them out in `linkerd`.
 */
function meshControlPlaneFlows(workload: Workload, snapshot: ClusterSnapshot): ImpliedFlow[] {
  if (isIstioProxy(snapshot, workload.pod)) return [{ from: workload.peer, to: ISTIOD, protocol: 'TCP', port: 15012, because: 'its Istio proxy gets its configuration and certificate from istiod (xDS and CA, port 15012)' }];
  if (podMesh(snapshot, workload.pod) !== 'linkerd') return [];
  return [
    { from: workload.peer, to: LINKERD_IDENTITY, protocol: 'TCP', port: 8080, because: 'its Linkerd proxy gets its certificate from linkerd-identity' },
    { from: workload.peer, to: LINKERD_DESTINATION, protocol: 'TCP', port: 8086, because: 'its Linkerd proxy discovers endpoints through linkerd-destination' },
    { from: workload.peer, to: LINKERD_DESTINATION, protocol: 'TCP', port: 8090, because: "its Linkerd proxy reads its policies from linkerd-destination's policy controller" },
  ];
}

/**
 * For each Gateway whose implementation's pods are known (snapshot/gatewayDataPlanes.ts): clients anywhere to its
 * data plane on each listener's port, and the data plane to the pods of every Service an HTTPRoute attached to its
 * listeners sends to (across namespaces where a ReferenceGrant allows). The data plane joins `workloads` when it is
 * a stand-in, so that its own namespace's policies admit it. Other Gateways' routes are listed: their pods are not known.
 */
function gatewayFlows(snapshot: ClusterSnapshot, workloads: Map<string, Workload>, inScope: ReadonlySet<string>, notInferred: { text: string; source?: SourceRef }[]): ImpliedFlow[] {
  const flows: ImpliedFlow[] = [];
  for (const gateway of objectsOfType(snapshot, 'Gateway')) {
    if (gateway.type !== 'Gateway') continue;
    const namespace = gateway.id.namespace ?? 'default';
    const title = `Gateway ${namespace}/${gateway.id.name}`;
    const listeners = servedListeners(gateway, snapshot);
    const routes = httpRoutes(snapshot).filter((route) => listeners.some((served) => attachesToListener(route, served, snapshot)));
    const simulated = snapshot.gateways.find((candidate) => candidate.namespace === namespace && candidate.name === gateway.id.name);
    const plane = simulated?.dataPlane;
    const planePod = simulated && dataPlanePod(simulated, snapshot);
    if (!plane || !planePod) {
      for (const route of routes.filter((candidate) => inScope.has(candidate.id.namespace ?? 'default'))) {
        notInferred.push({ text: `HTTPRoute ${route.id.namespace ?? 'default'}/${route.id.name}: ${title} (class ${gateway.spec?.gatewayClassName?.value ?? 'none'}) is served by an implementation whose pods Kubetrace does not know (it knows Istio's, NGINX Gateway Fabric's and Envoy Gateway's): admit its data plane to the route's backends yourself`, source: refTo(route) });
      }
      continue;
    }
    const key = `${planePod.workload.namespace}/${planePod.workload.kind}/${planePod.workload.name}`;
    const workload = workloads.get(key) ?? { object: gateway, pod: planePod, peer: { kind: 'workload', namespace: plane.namespace, name: plane.name, labels: plane.labels }, title: `${plane.implementation}'s data plane of ${title}` };
    workloads.set(key, workload);
    for (const { listener, owner } of listeners) {
      const port = listener.port?.value;
      if (port === undefined) continue;
      const containerPort = plane.ports.find((entry) => entry.port === port)?.containerPort ?? port;
      flows.push({ from: { kind: 'anywhere' }, to: workload.peer, protocol: 'TCP', port: containerPort, because: `${title} listens on port ${port}: clients reach its data plane`, source: refTo(owner, listener.span, 'listener') });
    }
    for (const route of routes) {
      for (const { service, targets } of routeBackendTargets(route, snapshot, workloads)) {
        for (const target of targets) flows.push({ from: workload.peer, ...target, because: `HTTPRoute ${route.id.namespace ?? 'default'}/${route.id.name} sends ${title}'s requests to Service ${service.namespace}/${service.name}: its data plane connects to the pods`, source: refTo(route) });
      }
    }
  }
  return flows;
}

/** The rule of the workspace's own policies that admits a flow in one direction already, if one does. */
function admittedBy(flow: ImpliedFlow, direction: 'Ingress' | 'Egress', snapshot: ClusterSnapshot, podOfWorkload: (peer: FlowPeer & { kind: 'workload' }) => SimPod | undefined): string | undefined {
  const podOf = (peer: FlowPeer) => (peer.kind === 'workload' ? podOfWorkload(peer) : undefined);
  const fromPod = podOf(flow.from);
  const toPod = podOf(flow.to);
  if (!toPod || (flow.from.kind === 'workload' && !fromPod)) return undefined;
  const verdict = evaluateConnection({ from: fromPod ? { kind: 'pod', pod: fromPod, ip: fromPod.ips[0]! } : { kind: 'external', ip: '198.51.100.7' }, to: { kind: 'pod', pod: toPod, ip: toPod.ips[0]! }, protocol: flow.protocol, port: flow.port }, snapshot);
  const side = direction === 'Ingress' ? verdict.ingress : verdict.egress;
  const decision = side?.chain.at(-1);
  return side?.allowed && decision?.action === 'Allow' && decision.policy ? `${decision.policy}${decision.rule !== undefined ? ` rule ${decision.rule + 1}` : ''}` : undefined;
}

/** Flows grouped into rules by peer, each rule's ports in order. */
function rulesOf(flows: readonly ImpliedFlow[], peerOf: (flow: ImpliedFlow) => FlowPeer): GeneratedRule[] {
  const rules = new Map<string, { peer: FlowPeer; ports: Map<string, { protocol: Protocol; port: number }>; because: Map<string, { text: string; source?: SourceRef }> }>();
  for (const flow of flows) {
    const peer = peerOf(flow);
    const key = peer.kind === 'anywhere' ? 'anywhere' : `${peer.namespace}/${peer.name}`;
    const rule = rules.get(key) ?? { peer, ports: new Map(), because: new Map() };
    rule.ports.set(`${flow.protocol}/${flow.port}`, { protocol: flow.protocol, port: flow.port });
    rule.because.set(flow.because, { text: flow.because, ...(flow.source && { source: flow.source }) });
    rules.set(key, rule);
  }
  return [...rules.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, rule]) => ({ peer: rule.peer, ports: [...rule.ports.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol)), because: [...rule.because.values()] }));
}

function sameWorkload(a: FlowPeer, b: FlowPeer): boolean {
  return a.kind === 'workload' && b.kind === 'workload' && a.namespace === b.namespace && a.name === b.name;
}

/** A flow's source, destination and port: one flow each, whatever implies it first. */
function flowKey(flow: ImpliedFlow): string {
  const from = flow.from.kind === 'anywhere' ? 'anywhere' : `${flow.from.namespace}/${flow.from.name}`;
  return `${from}>${flow.to.namespace}/${flow.to.name}>${flow.protocol}/${flow.port}`;
}
