import { groupBy } from '../groupBy';
import { setEntry } from '../records';
import { parseAddress } from '../cidr';
import type { EndpointPort, EndpointSlice, Endpoints, KubeObject } from '../objects';
import { podsSelected } from './podGroups';
import { refTo } from './sourceRef';
import type { PublishedPort, ServiceEndpoints, SimContainer, SimEndpoint, SimNode, SimPod, SimService, SimServicePort } from './types';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * Resolves a Service port's targetPort on one pod as the endpoints controller does (FindPort): a number is
 * used as it is; a name must match a container port with the same name and protocol, first match across
 * containers. undefined when the name matches nothing: the pod is left out of that port's endpoints.
 */
export function findPort(pod: Pick<SimPod, 'containers'>, port: SimServicePort): number | undefined {
  return typeof port.targetPort === 'number' ? port.targetPort : resolveNamedPort(pod, port.targetPort, port.protocol);
}

/** The number a named port has on a pod for a protocol, first match across containers; undefined when it has none. */
export function resolveNamedPort(pod: Pick<SimPod, 'containers'> | undefined, name: string, protocol: string): number | undefined {
  for (const container of pod?.containers ?? []) {
    for (const port of container.ports) if (port.name === name && port.protocol === protocol) return port.port;
  }
  return undefined;
}

/**
 * The endpoints of every Service. EndpointSlices or Endpoints written in the workspace are what the cluster
 * has and win; otherwise the selector picks the simulated pods, as the EndpointSlice controller would. Those
 * a selector picks are listed when first read (`pods` is called then): where they come from is known without them.
 */
export function buildEndpoints(services: readonly SimService[], pods: () => readonly SimPod[], objects: readonly KubeObject[], nodes: readonly SimNode[]): Map<string, ServiceEndpoints> {
  // A Service's slices by the service-name label, and its Endpoints object by name (the first, as written).
  const slicesByService = groupBy<EndpointSlice, string>(
    objects.filter((object): object is EndpointSlice => object.type === 'EndpointSlice'),
    (slice) => {
      const service = slice.metadata.labels?.value[SERVICE_NAME_LABEL];
      return slice.id.namespace === undefined || service === undefined ? [] : [`${slice.id.namespace}/${service}`];
    },
  );
  const endpointsObjects = new Map<string, Endpoints>();
  for (const object of objects) {
    if (object.type !== 'Endpoints' || object.id.namespace === undefined) continue;
    const key = `${object.id.namespace}/${object.id.name}`;
    if (!endpointsObjects.has(key)) endpointsObjects.set(key, object);
  }
  const result = new Map<string, ServiceEndpoints>();
  const podsByNamespace = new PodsByNamespace(pods);
  for (const service of services) {
    const key = `${service.namespace}/${service.name}`;
    if (service.virtual && service.name === 'kubernetes') {
      result.set(key, apiServerEndpoints(nodes));
      continue;
    }
    if (service.type === 'ExternalName') {
      result.set(key, { from: 'none', endpoints: [], excluded: [] });
      continue;
    }
    const ownSlices = slicesByService.get(key);
    const ownEndpoints = endpointsObjects.get(key);
    if (ownSlices) result.set(key, fromSlices(service, ownSlices));
    else if (ownEndpoints) result.set(key, fromEndpointsObject(service, ownEndpoints));
    else if (service.selector) result.set(key, fromSelectorWhenRead(service, podsByNamespace.podsIn(service.namespace)));
    else result.set(key, { from: 'none', endpoints: [], excluded: [] });
  }
  return result;
}

/**
 * The pods of each namespace, grouped from the snapshot's pods at the first read of any of them. Each namespace's
 * are then kept by themselves and the whole list is let go: endpoints never read are carried into the snapshots
 * of later edits, and through the whole list each would keep every pod of the snapshot it was made in alive.
 */
class PodsByNamespace {
  private readonly namespaces = new Map<string, { pods?: readonly SimPod[] }>();

  constructor(private pods: (() => readonly SimPod[]) | undefined) {}

  /** What lists a namespace's pods; every namespace is asked for before any is read. */
  podsIn(namespace: string): () => readonly SimPod[] {
    let cell = this.namespaces.get(namespace);
    if (!cell) this.namespaces.set(namespace, (cell = {}));
    const own = cell;
    return () => {
      if (own.pods === undefined) this.group();
      return own.pods!;
    };
  }

  private group(): void {
    const grouped = groupBy(this.pods!(), (pod) => [pod.namespace]);
    for (const [namespace, cell] of this.namespaces) cell.pods = grouped.get(namespace) ?? [];
    this.pods = undefined;
    this.namespaces.clear();
  }
}

/** The API server listens on 6443 of the first node (the control plane), as kubeadm sets it up. */
function apiServerEndpoints(nodes: readonly SimNode[]): ServiceEndpoints {
  const controlPlane = nodes[0];
  const ip = controlPlane?.addresses[0];
  if (!controlPlane || !ip) return { from: 'none', endpoints: [], excluded: [] };
  return { from: 'Endpoints', endpoints: [{ ip, ready: true, serving: true, terminating: false, nodeName: controlPlane.name, ports: { https: 6443 }, publishedPorts: [{ name: 'https', port: 6443, protocol: 'TCP' }] }], excluded: [] };
}

/** The endpoints a selector picks, listed the first time they (or the pods left out) are read. */
function fromSelectorWhenRead(service: SimService, pods: () => readonly SimPod[]): ServiceEndpoints {
  let listed: ServiceEndpoints | undefined;
  const list = () => (listed ??= fromSelector(service, pods()));
  return {
    from: 'selector',
    get endpoints() {
      return list().endpoints;
    },
    get excluded() {
      return list().excluded;
    },
  };
}

function fromSelector(service: SimService, pods: readonly SimPod[]): ServiceEndpoints {
  const endpoints: SimEndpoint[] = [];
  const excluded: { pod: string; port: string; reason: string }[] = [];
  // A template's pods share their containers, so their ports resolve alike: once per container list, not per pod.
  const resolvedFor = new Map<readonly SimContainer[], ResolvedPorts>();
  for (const pod of podsSelected(pods, service.selector ?? {})) {
    if (pod.ips.length === 0) continue;
    const podKey = `${pod.namespace}/${pod.name}`;
    let resolved = resolvedFor.get(pod.containers);
    if (!resolved) resolvedFor.set(pod.containers, (resolved = resolvePorts(service, pod)));
    const { ports, publishedPorts, unresolved } = resolved;
    for (const port of unresolved) excluded.push({ pod: podKey, port: port.name, reason: `no container port named ${String(port.targetPort)} with protocol ${port.protocol}` });
    if (service.ports.length > 0 && Object.keys(ports).length === 0) continue;
    const ready = pod.ready || service.publishNotReadyAddresses;
    const hostname = pod.subdomain === service.name ? pod.specHostname : undefined;
    for (const ip of pod.ips) {
      endpoints.push({
        ip,
        ready,
        serving: ready,
        terminating: false,
        ...(hostname !== undefined && { hostname }),
        ...(pod.node !== undefined && { nodeName: pod.node }),
        pod: podKey,
        ports,
        publishedPorts,
      });
    }
  }
  return { from: 'selector', endpoints, excluded };
}

/** A Service's ports on a pod: the numbers by port name, the ports as published, and the ports that resolve to nothing. */
interface ResolvedPorts {
  readonly ports: Record<string, number>;
  readonly publishedPorts: PublishedPort[];
  readonly unresolved: readonly SimServicePort[];
}

function resolvePorts(service: SimService, pod: Pick<SimPod, 'containers'>): ResolvedPorts {
  const ports: Record<string, number> = {};
  const publishedPorts: PublishedPort[] = [];
  const unresolved: SimServicePort[] = [];
  for (const port of service.ports) {
    const target = findPort(pod, port);
    if (target === undefined) unresolved.push(port);
    else {
      setEntry(ports, port.name, target);
      publishedPorts.push({ name: port.name, port: target, protocol: port.protocol });
    }
  }
  return { ports, publishedPorts, unresolved };
}

function slicePortMap(service: SimService, slicePorts: readonly { name?: string; port?: number }[]): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const servicePort of service.ports) {
    const match = slicePorts.find((port) => (port.name ?? '') === servicePort.name);
    if (match?.port !== undefined) setEntry(ports, servicePort.name, match.port);
  }
  return ports;
}

/** The ports a slice or an Endpoints subset lists, as they are written (a port without a number is left out). */
function publishedPortsOf(ports: readonly EndpointPort[]): PublishedPort[] {
  return ports.flatMap((port) => (port.port === undefined ? [] : [{ name: port.name?.value ?? '', port: port.port.value, protocol: port.protocol?.value ?? 'TCP' }]));
}

function fromSlices(service: SimService, slices: readonly EndpointSlice[]): ServiceEndpoints {
  const endpoints: SimEndpoint[] = [];
  for (const slice of slices) {
    const ports = slicePortMap(
      service,
      (slice.ports?.value ?? []).map((port) => ({ ...(port.name && { name: port.name.value }), ...(port.port && { port: port.port.value }) })),
    );
    const publishedPorts = publishedPortsOf(slice.ports?.value ?? []);
    for (const endpoint of slice.endpoints?.value ?? []) {
      // A nil `ready` condition means unknown, which consumers treat as ready.
      const ready = endpoint.conditions?.ready?.value ?? true;
      const targetRef = endpoint.targetRef;
      for (const address of endpoint.addresses?.value ?? []) {
        const ip = parseAddress(address.value)?.address;
        if (!ip) continue;
        endpoints.push({
          ip,
          ready: ready || service.publishNotReadyAddresses,
          serving: endpoint.conditions?.serving?.value ?? ready,
          terminating: endpoint.conditions?.terminating?.value ?? false,
          ...(endpoint.hostname && { hostname: endpoint.hostname.value }),
          ...(endpoint.nodeName && { nodeName: endpoint.nodeName.value }),
          ...(endpoint.zone && { zone: endpoint.zone.value }),
          ...(targetRef?.kind?.value === 'Pod' && targetRef.name && { pod: `${targetRef.namespace?.value ?? service.namespace}/${targetRef.name.value}` }),
          ports,
          publishedPorts,
        });
      }
    }
  }
  return { from: 'EndpointSlice', endpoints, excluded: [], source: refTo(slices[0]!) };
}

function fromEndpointsObject(service: SimService, object: Endpoints): ServiceEndpoints {
  const endpoints: SimEndpoint[] = [];
  for (const subset of object.subsets?.value ?? []) {
    const ports = slicePortMap(
      service,
      (subset.ports?.value ?? []).map((port) => ({ ...(port.name && { name: port.name.value }), ...(port.port && { port: port.port.value }) })),
    );
    const publishedPorts = publishedPortsOf(subset.ports?.value ?? []);
    for (const [list, ready] of [
      [subset.addresses?.value ?? [], true],
      [subset.notReadyAddresses?.value ?? [], false],
    ] as const) {
      for (const address of list) {
        const ip = parseAddress(address.ip?.value ?? '')?.address;
        if (!ip) continue;
        endpoints.push({
          ip,
          ready: ready || service.publishNotReadyAddresses,
          serving: ready,
          terminating: false,
          ...(address.hostname && { hostname: address.hostname.value }),
          ...(address.nodeName && { nodeName: address.nodeName.value }),
          ...(address.targetRef?.kind?.value === 'Pod' && address.targetRef.name && { pod: `${address.targetRef.namespace?.value ?? service.namespace}/${address.targetRef.name.value}` }),
          ports,
          publishedPorts,
        });
      }
    }
  }
  return { from: 'Endpoints', endpoints, excluded: [], source: refTo(object) };
}
