import { addressAt, parseAddress, parseCidr, parseSloppyAddress, type Cidr, type IPFamily } from '../cidr';
import type { Service } from '../objects';
import type { ClusterProfile } from '../profile';
import { AddressAllocator, PortAllocator, type Allocates } from './allocator';
import { refTo } from './sourceRef';
import type { OperatorService } from './operatorPods';
import type { StandIn } from './standIns';
import type { ServiceType, SimService, SimServicePort, SnapshotNote } from './types';

/** The API server's default for sessionAffinityConfig.clientIP.timeoutSeconds: 3 hours. */
const DEFAULT_AFFINITY_TIMEOUT = 10800;

const SERVICE_TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

/** The Services every cluster has, at the addresses kubeadm gives them: `.1` and `.10` of the service CIDR. */
export const KUBERNETES_SERVICE = { namespace: 'default', name: 'kubernetes', offset: 1 };
export const KUBE_DNS_SERVICE = { namespace: 'kube-system', name: 'kube-dns', offset: 10 };

/**
 * Services as the API server would store them: ClusterIPs allocated from the service CIDR (explicit ones
 * honoured and checked), NodePorts from the NodePort range, LoadBalancer addresses from status or simulated.
 */
export function buildServices(services: readonly Service[], profile: ClusterProfile, notes: SnapshotNote[], standIns: readonly StandIn[] = [], madeByOperators: readonly OperatorService[] = []): SimService[] {
  const ranges = profile.serviceCIDR.map((text) => parseCidr(text)).filter((cidr): cidr is Cidr => cidr !== undefined);
  const allocators = new Map<IPFamily, AddressAllocator>(ranges.map((cidr) => [cidr.family, new AddressAllocator(cidr, 1)]));
  const nodePorts = new PortAllocator(profile.nodePortRange.min, profile.nodePortRange.max);
  const loadBalancers = new AddressAllocator(parseCidr(profile.loadBalancerCIDR)!, 1);
  // Each Service's key is made once, not twice per comparison: 10,000 Services take 140,000 comparisons.
  const sorted = services
    .map((service) => ({ service, key: `${service.id.namespace}/${service.id.name}` }))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map(({ service }) => service);
  const has = (namespace: string, name: string) => sorted.some((service) => service.id.namespace === namespace && service.id.name === name);

  // Addresses that are spoken for before anything is allocated: explicit ones, then the well-known ones.
  const wellKnown = [KUBERNETES_SERVICE, KUBE_DNS_SERVICE].filter((known) => !has(known.namespace, known.name));
  for (const service of sorted) {
    for (const ip of explicitClusterIPs(service)) {
      const family = parseAddress(ip)!.family;
      const allocator = allocators.get(family);
      if (!allocator?.contains(ip)) {
        notes.push({ message: `clusterIP ${ip} of Service ${service.id.namespace}/${service.id.name} is outside the service CIDR (${profile.serviceCIDR.join(', ')}); the API server would reject it.`, source: refTo(service, service.spec?.clusterIP?.span, 'spec.clusterIP') });
      } else if (!allocator.reserve(ip)) {
        notes.push({ message: `clusterIP ${ip} of Service ${service.id.namespace}/${service.id.name} is already taken by another Service.`, source: refTo(service, service.spec?.clusterIP?.span, 'spec.clusterIP') });
      }
    }
    for (const port of service.spec?.ports?.value ?? []) {
      const nodePort = port.nodePort?.value;
      if (nodePort === undefined) continue;
      const holder = nodePorts.reserve(nodePort, `${service.id.namespace}/${service.id.name}`);
      if (nodePort < profile.nodePortRange.min || nodePort > profile.nodePortRange.max) {
        notes.push({ message: `nodePort ${nodePort} is outside the NodePort range ${profile.nodePortRange.min}-${profile.nodePortRange.max}.`, source: refTo(service, port.nodePort!.span, 'nodePort') });
      } else if (holder !== undefined) {
        notes.push({ message: `nodePort ${nodePort} is already used by Service ${holder}.`, source: refTo(service, port.nodePort!.span, 'nodePort') });
      }
    }
  }
  const wellKnownIPs = new Map<string, string[]>();
  for (const known of wellKnown) {
    const ips = ranges.slice(0, 1).map((cidr) => {
      const ip = addressAt(cidr, known.offset);
      allocators.get(cidr.family)?.reserve(ip);
      return ip;
    });
    wellKnownIPs.set(`${known.namespace}/${known.name}`, ips);
  }

  const result = sorted.map((service) => simulateService(service, profile, allocators, ranges, nodePorts, loadBalancers));
  for (const known of wellKnown) result.push(virtualService(known, wellKnownIPs.get(`${known.namespace}/${known.name}`) ?? []));
  for (const made of madeByOperators) result.push(operatorService(made, allocators, ranges, nodePorts, loadBalancers));
  for (const standIn of standIns) result.push(standInService(standIn, allocators, ranges, nodePorts, loadBalancers));
  return result.sort(compareServices);
}

function explicitClusterIPs(service: Service): string[] {
  const written = [...(service.spec?.clusterIPs?.value.map((ip) => ip.value) ?? []), ...(service.spec?.clusterIP ? [service.spec.clusterIP.value] : [])];
  return [...new Set(written.map((ip) => parseSloppyAddress(ip)?.address).filter((ip): ip is string => ip !== undefined))];
}

/**
 * Everything a Service's allocation reads from it (with its key): two Services with equal keys are given the
 * same ClusterIPs, NodePorts and load balancer addresses by the same allocators, and note the same things.
 */
function allocationKey(service: Service): string {
  const spec = service.spec;
  const type = spec?.type?.value;
  // Port names and numbers seed the NodePorts a Service is given; one that is given none keeps only what it writes.
  const givenNodePorts = type === 'NodePort' || type === 'LoadBalancer';
  return JSON.stringify([
    service.id.namespace,
    service.id.name,
    type,
    spec?.clusterIP?.value,
    spec?.clusterIPs?.value.map((ip) => ip.value),
    spec?.ipFamilies?.value.map((family) => family.value),
    spec?.ipFamilyPolicy?.value,
    spec?.allocateLoadBalancerNodePorts?.value,
    spec?.ports?.value.map((port) => (givenNodePorts ? [port.name?.value, port.port?.value, port.nodePort?.value] : port.nodePort?.value)),
    service.status?.loadBalancer?.ingress?.value.map((entry) => entry.ip?.value),
    spec?.loadBalancerIP?.value,
  ]);
}

/**
 * Some Services made again with the allocations they had in `previous` (the Services of the same namespaces
 * before a change, whose objects were `before`). When every Service is one that was there, with the same
 * allocation key, a fresh build would allocate exactly as before; otherwise this returns undefined and the
 * caller builds afresh. Stand-in Services of those namespaces, and those whose object did not change, are kept as they were.
 */
export function rebuildServices(services: readonly Service[], before: readonly Service[], previous: readonly SimService[], profile: ClusterProfile): SimService[] | undefined {
  const oldKeys = new Map(before.map((service) => [`${service.id.namespace}/${service.id.name}`, allocationKey(service)]));
  if (oldKeys.size !== before.length || services.length !== before.length || !replayable(services)) return undefined;
  const simulated = new Map(previous.map((service) => [`${service.namespace}/${service.name}`, service]));
  const ranges = profile.serviceCIDR.map((text) => parseCidr(text)).filter((cidr): cidr is Cidr => cidr !== undefined);
  const unchanged = new Set(before);
  const rebuilt = services.map((service) => {
    const key = `${service.id.namespace}/${service.id.name}`;
    const old = simulated.get(key);
    if (old && !old.virtual && unchanged.has(service)) return old;
    if (!old || oldKeys.get(key) !== allocationKey(service)) return undefined;
    // The allocators give back what this Service was given: the same seeds would get the same values.
    const addresses = new Map(ranges.map((cidr) => [cidr.family, { allocate: () => old.clusterIPs.find((ip) => parseAddress(ip)?.family === cidr.family) }] as const));
    const nodePorts = { allocate: (seed: string) => old.ports.find((port) => `${key}/${port.name}/${port.port}` === seed)?.nodePort };
    const loadBalancers = { allocate: () => old.loadBalancerIPs[0] };
    return simulateService(service, profile, addresses, ranges, nodePorts, loadBalancers);
  });
  if (rebuilt.some((service) => service === undefined)) return undefined;
  return [...(rebuilt as SimService[]), ...previous.filter((service) => service.virtual)].sort(compareServices);
}

/** Whether every allocation a Service asks for has its own seed: a repeated port or family is asked for twice. */
function replayable(services: readonly Service[]): boolean {
  return services.every((service) => {
    const ports = (service.spec?.ports?.value ?? []).map((port) => `${port.name?.value ?? ''}/${port.port?.value}`);
    const families = service.spec?.ipFamilies?.value.map((family) => family.value) ?? [];
    return new Set(ports).size === ports.length && new Set(families).size === families.length;
  });
}

/** Services in the order the snapshot keeps them. */
export function compareServices(a: { readonly namespace: string; readonly name: string }, b: { readonly namespace: string; readonly name: string }): number {
  return `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`);
}

function simulateService(
  service: Service,
  profile: ClusterProfile,
  allocators: ReadonlyMap<IPFamily, Allocates<string>>,
  ranges: readonly Cidr[],
  nodePorts: Allocates<number>,
  loadBalancers: Allocates<string>,
): SimService {
  const spec = service.spec;
  const key = `${service.id.namespace}/${service.id.name}`;
  const typeText = spec?.type?.value ?? 'ClusterIP';
  const type: ServiceType = (SERVICE_TYPES as readonly string[]).includes(typeText) ? (typeText as ServiceType) : 'ClusterIP';
  const headless = spec?.clusterIP?.value === 'None' || spec?.clusterIPs?.value[0]?.value === 'None';
  let clusterIPs: string[] = [];
  if (type !== 'ExternalName' && !headless) {
    clusterIPs = explicitClusterIPs(service);
    if (clusterIPs.length === 0) {
      const requested = (spec?.ipFamilies?.value.map((family) => family.value) ?? []).filter((family): family is IPFamily => family === 'IPv4' || family === 'IPv6');
      const dual = spec?.ipFamilyPolicy?.value === 'RequireDualStack' || spec?.ipFamilyPolicy?.value === 'PreferDualStack';
      const families = requested.length > 0 ? requested : dual ? ranges.map((cidr) => cidr.family) : ranges.slice(0, 1).map((cidr) => cidr.family);
      clusterIPs = families.map((family) => allocators.get(family)?.allocate(key)).filter((ip): ip is string => ip !== undefined);
    }
  }
  const wantsNodePorts = type === 'NodePort' || (type === 'LoadBalancer' && spec?.allocateLoadBalancerNodePorts?.value !== false);
  const ports: SimServicePort[] = (spec?.ports?.value ?? [])
    .filter((port) => port.port !== undefined)
    .map((port) => {
      const nodePort = port.nodePort?.value ?? (wantsNodePorts ? nodePorts.allocate(`${key}/${port.name?.value ?? ''}/${port.port!.value}`) : undefined);
      return {
        name: port.name?.value ?? '',
        protocol: port.protocol?.value ?? 'TCP',
        port: port.port!.value,
        // The API server sets an absent, 0 or empty targetPort to the port (SetDefaults_Service).
        targetPort: port.targetPort === undefined || port.targetPort.value === 0 || port.targetPort.value === '' ? port.port!.value : port.targetPort.value,
        ...(nodePort !== undefined && type !== 'ClusterIP' && type !== 'ExternalName' && { nodePort }),
        ...(port.appProtocol && { appProtocol: port.appProtocol.value }),
        source: refTo(service, port.span, `spec.ports[${port.name?.value ?? port.port!.value}]`),
      };
    });
  // Addresses as kube-proxy reads them (ParseIPSloppy): leading zeros are decimal.
  const sloppy = (ip: string) => parseSloppyAddress(ip)?.address ?? ip;
  const statusIPs = (service.status?.loadBalancer?.ingress?.value ?? []).map((entry) => entry.ip?.value).filter((ip): ip is string => ip !== undefined).map(sloppy);
  const loadBalancerIPs =
    type !== 'LoadBalancer'
      ? []
      : statusIPs.length > 0
        ? statusIPs
        : spec?.loadBalancerIP
          ? [sloppy(spec.loadBalancerIP.value)]
          : [loadBalancers.allocate(key)].filter((ip): ip is string => ip !== undefined);
  return {
    namespace: service.id.namespace ?? 'default',
    name: service.id.name,
    type,
    headless,
    clusterIPs,
    ...(spec?.selector && Object.keys(spec.selector.value).length > 0 && { selector: spec.selector.value }),
    ...(type === 'ExternalName' && spec?.externalName && { externalName: spec.externalName.value }),
    ports,
    loadBalancerIPs,
    externalIPs: spec?.externalIPs?.value.map((ip) => sloppy(ip.value)) ?? [],
    externalTrafficPolicy: spec?.externalTrafficPolicy?.value === 'Local' ? 'Local' : 'Cluster',
    internalTrafficPolicy: spec?.internalTrafficPolicy?.value === 'Local' ? 'Local' : 'Cluster',
    sessionAffinity: spec?.sessionAffinity?.value === 'ClientIP' ? 'ClientIP' : 'None',
    sessionAffinityTimeoutSeconds: spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds?.value ?? DEFAULT_AFFINITY_TIMEOUT,
    ...(spec?.healthCheckNodePort && { healthCheckNodePort: spec.healthCheckNodePort.value }),
    publishNotReadyAddresses: spec?.publishNotReadyAddresses?.value === true,
    loadBalancerSourceRanges: spec?.loadBalancerSourceRanges?.value.map((range) => range.value) ?? [],
    virtual: false,
    source: refTo(service),
  };
}

/** What a Service the simulation makes (a stand-in, an operator's) has that no manifest sets: Kubernetes' defaults. */
const MADE_SERVICE = { externalIPs: [], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', sessionAffinityTimeoutSeconds: DEFAULT_AFFINITY_TIMEOUT, loadBalancerSourceRanges: [], virtual: true } as const;

/** The Service of a stand-in (the profile's ingress controller, Istio's ingress gateway), addressed like any other. */
function standInService(standIn: StandIn, allocators: ReadonlyMap<IPFamily, AddressAllocator>, ranges: readonly Cidr[], nodePorts: PortAllocator, loadBalancers: AddressAllocator): SimService {
  const { namespace, name, labels, serviceType: type } = standIn;
  const key = `${namespace}/${name}`;
  const clusterIP = ranges[0] ? allocators.get(ranges[0].family)?.allocate(key) : undefined;
  const port = (portName: string, number: number): SimServicePort => ({
    name: portName,
    protocol: 'TCP',
    port: number,
    targetPort: portName,
    ...(type !== 'ClusterIP' && { nodePort: nodePorts.allocate(`${key}/${portName}`)! }),
  });
  return {
    namespace,
    name,
    type,
    headless: false,
    clusterIPs: clusterIP ? [clusterIP] : [],
    selector: labels,
    ports: standIn.ports.map((entry) => port(entry.name, entry.port)),
    loadBalancerIPs: type === 'LoadBalancer' ? [loadBalancers.allocate(key)].filter((ip): ip is string => ip !== undefined) : [],
    ...MADE_SERVICE,
    publishNotReadyAddresses: false,
  };
}

/** A Service an operator makes from a custom resource: addressed like any other, and pointing back at the resource. */
function operatorService(made: OperatorService, allocators: ReadonlyMap<IPFamily, AddressAllocator>, ranges: readonly Cidr[], nodePorts: PortAllocator, loadBalancers: AddressAllocator): SimService {
  const { namespace, name, type } = made;
  const key = `${namespace}/${name}`;
  const clusterIP = made.headless || !ranges[0] ? undefined : allocators.get(ranges[0].family)?.allocate(key);
  return {
    namespace,
    name,
    type,
    headless: made.headless,
    clusterIPs: clusterIP ? [clusterIP] : [],
    selector: made.selector,
    ports: made.ports.map((port) => ({ ...port, ...(type !== 'ClusterIP' && { nodePort: nodePorts.allocate(`${key}/${port.name}/${port.port}`)! }) })),
    loadBalancerIPs: type === 'LoadBalancer' ? [loadBalancers.allocate(key)].filter((ip): ip is string => ip !== undefined) : [],
    ...MADE_SERVICE,
    publishNotReadyAddresses: made.publishNotReadyAddresses,
    source: made.source,
  };
}

function virtualService(known: { namespace: string; name: string }, clusterIPs: string[]): SimService {
  const ports: SimServicePort[] =
    known.name === 'kubernetes'
      ? [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }]
      : [
          { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
          { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
          { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 },
        ];
  return {
    namespace: known.namespace,
    name: known.name,
    type: 'ClusterIP',
    headless: false,
    clusterIPs,
    ...(known.name === 'kube-dns' && { selector: { 'k8s-app': 'kube-dns' } }),
    ports,
    loadBalancerIPs: [],
    ...MADE_SERVICE,
    publishNotReadyAddresses: false,
  };
}
