import {
  ingressControllerService,
  nameSuffix,
  objectsOfType,
  podsOf,
  readIngressClass,
  type ClusterSnapshot,
  type KubeObject,
  type LabelSelector,
  type SimNode,
  type SimPod,
  type SimService,
  type SourceRef,
  type Workload,
} from '../engine';

type Labels = Readonly<Record<string, string>>;

/** One object as `kubectl get` lists it: its cells under the kind's columns, and what `-l` and `-o name` read. */
export interface ResourceRow {
  readonly namespace?: string;
  readonly name: string;
  readonly labels: Labels;
  readonly cells: readonly string[];
  readonly wide: readonly string[];
  /** The YAML that defines it, or that made it (a pod's workload). */
  readonly source?: SourceRef;
  readonly object?: KubeObject;
  /** What the simulation made or filled in, for `-o yaml` and `-o json`. */
  readonly simulated?: SimulatedThing;
}

/** A thing the cluster makes or fills in that the manifests do not write out. */
export type SimulatedThing =
  | { readonly kind: 'Pod'; readonly pod: SimPod }
  | { readonly kind: 'Service'; readonly service: SimService }
  | { readonly kind: 'Endpoints'; readonly service: SimService; readonly addresses: readonly { readonly ip: string; readonly ready: boolean; readonly pod?: string; readonly node?: string; readonly ports: Readonly<Record<string, number>> }[] }
  | { readonly kind: 'Node'; readonly node: SimNode }
  | { readonly kind: 'Namespace'; readonly name: string; readonly labels: Labels };

/** A kind `kubectl get` knows: the names it takes, its columns (kubectl's printers) and its rows in a snapshot. */
export interface ResourceKind {
  /** The plural first, then the singular and the short names. */
  readonly names: readonly string[];
  /** How `-o name` and a listing of several kinds name it: `service`, `deployment.apps`. */
  readonly typeName: string;
  readonly namespaced: boolean;
  readonly headers: readonly string[];
  readonly wideHeaders: readonly string[];
  rows(snapshot: ClusterSnapshot): ResourceRow[];
}

/** `AGE`: the manifests carry no creation time, and kubectl prints this for an object without one. */
export const UNKNOWN_AGE = '<unknown>';

const NONE = '<none>';

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  {
    names: ['pods', 'pod', 'po'],
    typeName: 'pod',
    namespaced: true,
    headers: ['READY', 'STATUS', 'RESTARTS', 'AGE'],
    wideHeaders: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    rows: (snapshot) =>
      snapshot.pods.map((pod) => ({
        namespace: pod.namespace,
        name: pod.name,
        labels: pod.labels,
        cells: [`${pod.ready ? pod.containers.length : 0}/${pod.containers.length}`, podStatus(pod), '0', UNKNOWN_AGE],
        wide: [pod.ips[0] ?? NONE, pod.node ?? NONE, NONE, NONE],
        ...(pod.source && { source: pod.source }),
        simulated: { kind: 'Pod', pod },
      })),
  },
  {
    names: ['services', 'service', 'svc'],
    typeName: 'service',
    namespaced: true,
    headers: ['TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wideHeaders: ['SELECTOR'],
    rows: (snapshot) =>
      snapshot.services.map((service) => ({
        namespace: service.namespace,
        name: service.name,
        labels: objectLabels(service.source, snapshot, 'Service', service.namespace, service.name),
        cells: [service.type, clusterIpText(service), externalIpText(service), portsText(service), UNKNOWN_AGE],
        wide: [service.selector && Object.keys(service.selector).length > 0 ? labelsText(service.selector) : NONE],
        ...(service.source && { source: service.source }),
        simulated: { kind: 'Service', service },
      })),
  },
  {
    names: ['endpoints', 'endpoint', 'ep'],
    typeName: 'endpoints',
    namespaced: true,
    headers: ['ENDPOINTS', 'AGE'],
    wideHeaders: [],
    rows: (snapshot) =>
      snapshot.services.flatMap((service) => {
        // The endpoints controller writes none for a Service without a selector, nor for an ExternalName one.
        const endpoints = snapshot.endpoints.get(`${service.namespace}/${service.name}`);
        if (service.type === 'ExternalName' || !endpoints || endpoints.from === 'none' || endpoints.from === 'EndpointSlice') return [];
        const addresses = endpoints.endpoints.filter((endpoint) => endpoint.ready);
        const list = service.ports.length === 0 ? addresses.map((endpoint) => endpoint.ip) : service.ports.flatMap((port) => addresses.flatMap((endpoint) => (endpoint.ports[port.name] === undefined ? [] : [hostPort(endpoint.ip, endpoint.ports[port.name]!)])));
        return [{ namespace: service.namespace, name: service.name, labels: objectLabels(service.source, snapshot, 'Service', service.namespace, service.name), cells: [firstThree(list), UNKNOWN_AGE], wide: [], ...((endpoints.source ?? service.source) && { source: (endpoints.source ?? service.source)! }), simulated: { kind: 'Endpoints', service, addresses: endpoints.endpoints.map((endpoint) => ({ ip: endpoint.ip, ready: endpoint.ready, ports: endpoint.ports, ...(endpoint.pod && { pod: endpoint.pod }), ...(endpoint.nodeName && { node: endpoint.nodeName }) })) } }];
      }),
  },
  {
    names: ['endpointslices', 'endpointslice'],
    typeName: 'endpointslice.discovery.k8s.io',
    namespaced: true,
    headers: ['ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    wideHeaders: [],
    rows: (snapshot) =>
      snapshot.services.flatMap((service) => {
        const endpoints = snapshot.endpoints.get(`${service.namespace}/${service.name}`);
        if (service.type === 'ExternalName' || !endpoints || endpoints.from === 'none') return [];
        const family = (service.clusterIPs[0] ?? endpoints.endpoints[0]?.ip ?? '').includes(':') ? 'IPv6' : 'IPv4';
        const ports = [...new Set(endpoints.endpoints.flatMap((endpoint) => Object.values(endpoint.ports)))];
        const addresses = endpoints.endpoints.map((endpoint) => endpoint.ip);
        // Named as the EndpointSlice controller names its slices: the Service's name and a generated suffix.
        const name = endpoints.from === 'selector' ? `${service.name}-${nameSuffix(`${service.namespace}/${service.name}/slice`, 5)}` : service.name;
        return [{ namespace: service.namespace, name, labels: { 'kubernetes.io/service-name': service.name, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' }, cells: [family, firstThree(ports.map(String), '<unset>'), firstThree(addresses, '<unset>'), UNKNOWN_AGE], wide: [], ...((endpoints.source ?? service.source) && { source: (endpoints.source ?? service.source)! }) }];
      }),
  },
  {
    names: ['nodes', 'node', 'no'],
    typeName: 'node',
    namespaced: false,
    headers: ['STATUS', 'ROLES', 'AGE', 'VERSION'],
    wideHeaders: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    rows: (snapshot) =>
      snapshot.nodes.map((node) => ({
        name: node.name,
        labels: node.labels,
        cells: ['Ready', nodeRoles(node.labels), UNKNOWN_AGE, UNKNOWN_AGE],
        wide: [node.addresses[0] ?? NONE, NONE, UNKNOWN_AGE, UNKNOWN_AGE, UNKNOWN_AGE],
        ...(node.source && { source: node.source }),
        simulated: { kind: 'Node', node },
      })),
  },
  {
    names: ['namespaces', 'namespace', 'ns'],
    typeName: 'namespace',
    namespaced: false,
    headers: ['STATUS', 'AGE'],
    wideHeaders: [],
    rows: (snapshot) => [...snapshot.namespaces].map(([name, labels]) => ({ name, labels, cells: ['Active', UNKNOWN_AGE], wide: [], simulated: { kind: 'Namespace', name, labels }, ...objectRef(objectsOfType(snapshot, 'Namespace').find((object) => object.id.name === name)) })),
  },
  {
    names: ['networkpolicies', 'networkpolicy', 'netpol'],
    typeName: 'networkpolicy.networking.k8s.io',
    namespaced: true,
    headers: ['POD-SELECTOR', 'AGE'],
    wideHeaders: [],
    rows: (snapshot) => objectsOfType(snapshot, 'NetworkPolicy').map((policy) => objectRow(policy, [selectorText(policy.spec?.podSelector), UNKNOWN_AGE])),
  },
  {
    names: ['ingresses', 'ingress', 'ing'],
    typeName: 'ingress.networking.k8s.io',
    namespaced: true,
    headers: ['CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
    wideHeaders: [],
    rows: (snapshot) =>
      objectsOfType(snapshot, 'Ingress').map((ingress) => {
        const hosts = (ingress.spec?.rules?.value ?? []).flatMap((rule) => (rule.host?.value ? [rule.host.value] : []));
        const ports = (ingress.spec?.tls?.value.length ?? 0) > 0 ? '80, 443' : '80';
        return objectRow(ingress, [ingress.spec?.ingressClassName?.value ?? NONE, firstThree(hosts, '*'), ingressAddress(ingress, snapshot), ports, UNKNOWN_AGE]);
      }),
  },
  {
    names: ['ingressclasses', 'ingressclass'],
    typeName: 'ingressclass.networking.k8s.io',
    namespaced: false,
    headers: ['CONTROLLER', 'PARAMETERS', 'AGE'],
    wideHeaders: [],
    rows: (snapshot) => objectsOfType(snapshot, 'IngressClass').map((ingressClass) => objectRow(ingressClass, [ingressClass.spec?.controller?.value ?? '', NONE, UNKNOWN_AGE])),
  },
  workloadKind(['deployments', 'deployment', 'deploy'], 'Deployment', 'deployment.apps', ['READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], (want, ready) => [`${ready}/${want}`, `${want}`, `${ready}`, UNKNOWN_AGE]),
  workloadKind(['statefulsets', 'statefulset', 'sts'], 'StatefulSet', 'statefulset.apps', ['READY', 'AGE'], (want, ready) => [`${ready}/${want}`, UNKNOWN_AGE], false),
  workloadKind(['replicasets', 'replicaset', 'rs'], 'ReplicaSet', 'replicaset.apps', ['DESIRED', 'CURRENT', 'READY', 'AGE'], (want, ready) => [`${want}`, `${want}`, `${ready}`, UNKNOWN_AGE]),
  workloadKind(['daemonsets', 'daemonset', 'ds'], 'DaemonSet', 'daemonset.apps', ['DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'], (want, ready, object) => [`${want}`, `${want}`, `${ready}`, `${want}`, `${ready}`, nodeSelectorText(object), UNKNOWN_AGE]),
  {
    names: ['jobs', 'job'],
    typeName: 'job.batch',
    namespaced: true,
    headers: ['STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    // The simulation runs a Job's pods and never sees them finish: Running, none completed yet.
    rows: (snapshot) =>
      objectsOfType<Workload['type']>(snapshot, 'Job').map((job) => {
        const containers = job.spec?.template?.spec?.containers?.value ?? [];
        return { ...objectRow(job, ['Running', '0/1', UNKNOWN_AGE, UNKNOWN_AGE]), wide: [containers.map((container) => container.name?.value ?? '').join(','), containers.map((container) => container.image?.value ?? '').join(','), selectorText(job.spec?.selector)] };
      }),
  },
  {
    names: ['cronjobs', 'cronjob', 'cj'],
    typeName: 'cronjob.batch',
    namespaced: true,
    headers: ['SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    rows: (snapshot) =>
      objectsOfType(snapshot, 'CronJob').map((cronJob) => {
        const containers = cronJob.spec?.jobTemplate?.spec?.template?.spec?.containers?.value ?? [];
        return { ...objectRow(cronJob, [cronJob.spec?.schedule?.value ?? '', NONE, 'False', '0', NONE, UNKNOWN_AGE]), wide: [containers.map((container) => container.name?.value ?? '').join(','), containers.map((container) => container.image?.value ?? '').join(','), selectorText(cronJob.spec?.jobTemplate?.spec?.selector)] };
      }),
  },
  {
    names: ['gateways', 'gateway', 'gtw'],
    typeName: 'gateway.gateway.networking.k8s.io',
    namespaced: true,
    headers: ['CLASS', 'ADDRESS', 'PROGRAMMED', 'AGE'],
    wideHeaders: [],
    rows: (snapshot) =>
      objectsOfType(snapshot, 'Gateway').map((gateway) => {
        const simulated = snapshot.gateways.find((candidate) => candidate.namespace === gateway.id.namespace && candidate.name === gateway.id.name);
        return objectRow(gateway, [gateway.spec?.gatewayClassName?.value ?? '', simulated?.addresses[0] ?? '', simulated ? 'True' : 'Unknown', UNKNOWN_AGE]);
      }),
  },
  {
    names: ['httproutes', 'httproute'],
    typeName: 'httproute.gateway.networking.k8s.io',
    namespaced: true,
    headers: ['HOSTNAMES', 'AGE'],
    wideHeaders: [],
    rows: (snapshot) => objectsOfType(snapshot, 'HTTPRoute').map((route) => objectRow(route, [JSON.stringify((route.spec?.hostnames?.value ?? []).map((hostname) => hostname.value)), UNKNOWN_AGE])),
  },
  {
    names: ['gatewayclasses', 'gatewayclass', 'gc'],
    typeName: 'gatewayclass.gateway.networking.k8s.io',
    namespaced: false,
    headers: ['CONTROLLER', 'ACCEPTED', 'AGE'],
    wideHeaders: [],
    rows: (snapshot) => objectsOfType(snapshot, 'GatewayClass').map((gatewayClass) => objectRow(gatewayClass, [gatewayClass.spec?.controllerName?.value ?? '', 'Unknown', UNKNOWN_AGE])),
  },
];

/** The kind a name given to `kubectl get` means (`svc`, `Service`, `services.v1.`...), if kubectl knows it here. */
export function resourceKindNamed(name: string): ResourceKind | undefined {
  const lower = name.toLowerCase();
  const base = lower.split('.')[0]!;
  return RESOURCE_KINDS.find((kind) => kind.names.includes(lower) || kind.names.includes(base));
}

/** `selectorColumn`: whether -o wide shows the selector (kubectl's StatefulSet printer does not). */
function workloadKind(names: string[], type: Workload['type'], typeName: string, headers: string[], cells: (want: number, ready: number, object: KubeObject) => string[], selectorColumn = true): ResourceKind {
  return {
    names,
    typeName,
    namespaced: true,
    headers,
    wideHeaders: ['CONTAINERS', 'IMAGES', ...(selectorColumn ? ['SELECTOR'] : [])],
    rows: (snapshot) =>
      objectsOfType(snapshot, type).map((object) => {
        const pods = podsOf(object, snapshot);
        const want = type === 'DaemonSet' ? pods.length : (object.spec?.replicas?.value ?? 1);
        const containers = object.spec?.template?.spec?.containers?.value ?? [];
        return {
          ...objectRow(object, cells(want, pods.filter((pod) => pod.ready && pod.node !== undefined).length, object)),
          wide: [containers.map((container) => container.name?.value ?? '').join(','), containers.map((container) => container.image?.value ?? '').join(','), ...(selectorColumn ? [selectorText(object.spec?.selector)] : [])],
        };
      }),
  };
}

function objectRow(object: KubeObject, cells: string[]): ResourceRow {
  return { ...(object.id.namespace !== undefined && { namespace: object.id.namespace }), name: object.id.name, labels: object.metadata.labels?.value ?? {}, cells, wide: [], object, source: { uri: object.uri, range: object.range, label: `${object.id.kind} ${object.id.namespace ? `${object.id.namespace}/` : ''}${object.id.name}` } };
}

function objectRef(object: KubeObject | undefined): { source?: SourceRef; object?: KubeObject } {
  return object ? { object, source: { uri: object.uri, range: object.range, label: `${object.id.kind} ${object.id.name}` } } : {};
}

function objectLabels(source: SourceRef | undefined, snapshot: ClusterSnapshot, type: 'Service', namespace: string, name: string): Labels {
  if (!source) return {};
  return objectsOfType(snapshot, type).find((object) => object.id.namespace === namespace && object.id.name === name)?.metadata.labels?.value ?? {};
}

/** The pod's STATUS column: the simulation runs every placed pod; one no node fits stays Pending. */
function podStatus(pod: SimPod): string {
  return pod.node === undefined ? 'Pending' : 'Running';
}

function clusterIpText(service: SimService): string {
  if (service.type === 'ExternalName') return NONE;
  if (service.headless) return 'None';
  return service.clusterIPs[0] ?? NONE;
}

/** kubectl's getServiceExternalIP: the load balancer's and the external addresses, the external name, or `<pending>`. */
function externalIpText(service: SimService): string {
  if (service.type === 'ExternalName') return service.externalName ?? NONE;
  if (service.type === 'LoadBalancer') {
    const addresses = [...service.loadBalancerIPs, ...service.externalIPs];
    return addresses.length > 0 ? addresses.join(',') : '<pending>';
  }
  return service.externalIPs.length > 0 ? service.externalIPs.join(',') : NONE;
}

/** kubectl's makePortString: `80/TCP`, with the node port `80:30080/TCP`. */
function portsText(service: SimService): string {
  if (service.ports.length === 0) return NONE;
  return service.ports.map((port) => (port.nodePort !== undefined && service.type !== 'ClusterIP' ? `${port.port}:${port.nodePort}/${port.protocol}` : `${port.port}/${port.protocol}`)).join(',');
}

export function labelsText(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? NONE : keys.map((key) => `${key}=${labels[key]}`).join(',');
}

/** metav1.FormatLabelSelector: `app=web,tier in (a,b)`, `<none>` for the empty selector. */
export function selectorText(selector: LabelSelector | undefined): string {
  if (!selector) return NONE;
  const parts = Object.entries(selector.matchLabels?.value ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const requirement of selector.matchExpressions?.value ?? []) {
    const key = requirement.key?.value ?? '';
    const operator = requirement.operator?.value ?? '';
    const values = (requirement.values?.value ?? []).map((value) => value.value);
    if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
    else parts.push(`${key} ${operator === 'NotIn' ? 'notin' : 'in'} (${values.join(',')})`);
  }
  return parts.length === 0 ? NONE : parts.join(',');
}

function nodeSelectorText(object: KubeObject): string {
  const selector = 'spec' in object && object.spec && 'template' in object.spec ? object.spec.template?.spec?.nodeSelector?.value : undefined;
  return selector ? labelsText(selector) : NONE;
}

/** The ROLES column: the `node-role.kubernetes.io/ROLE` labels, and `kubernetes.io/role`. */
function nodeRoles(labels: Labels): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length) roles.add(key.slice('node-role.kubernetes.io/'.length));
    if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return roles.size === 0 ? NONE : [...roles].sort().join(',');
}

function ingressAddress(ingress: Extract<KubeObject, { type: 'Ingress' }>, snapshot: ClusterSnapshot): string {
  if (!readIngressClass(ingress, snapshot).served) return '';
  const service = ingressControllerService(snapshot);
  return [...(service?.loadBalancerIPs ?? []), ...(service?.externalIPs ?? [])].join(',');
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** kubectl's formatEndpoints and listWithMoreString: at most three, then how many more; `empty` when there are none. */
function firstThree(list: readonly string[], empty = NONE): string {
  if (list.length === 0) return empty;
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}
