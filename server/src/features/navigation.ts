import { type ClusterSnapshot, ingressBackends, type KubeObject, type MeshGateway, meshHost, meshRulesOf, namesGateway, objectsOfType, podsSelectedBy, podsSelectedByCniPolicy, resolveName, routersOf, serviceNamed, serviceOfName, type SimPod, type SourceLocation, type VirtualService } from '../engine';
import { peerPods, policyRule, serviceSubset, stringMapsOf, type SymbolAt } from './symbolAt';

function serviceLocation(snapshot: ClusterSnapshot, namespace: string, name: string): SourceLocation[] {
  const service = snapshot.objects.find((object) => object.type === 'Service' && object.id.namespace === namespace && object.id.name === name);
  return service ? [nameOf(service)] : [];
}

function podLocations(pods: readonly SimPod[]): SourceLocation[] {
  const seen = new Set<string>();
  return pods.flatMap((pod) => {
    if (!pod.source) return [];
    const key = `${pod.source.uri}:${pod.source.range.start.line}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ uri: pod.source.uri, range: pod.source.range }];
  });
}

/**
 * Go to definition: from a backend, a StatefulSet's serviceName, an HTTPRoute backendRef, a mesh host or a connection
 * string to the Service; from a VirtualService's gateway to the Istio Gateway; from a route's subset to the
 * DestinationRule's, and from a subset to its pods; from a named targetPort to the container ports it resolves to;
 * from a selector or a policy rule's peer to every workload it matches.
 */
export function definitionAt(symbol: SymbolAt, snapshot: ClusterSnapshot): SourceLocation[] {
  switch (symbol.kind) {
    case 'service-ref':
      return serviceLocation(snapshot, symbol.namespace, symbol.name);
    case 'mesh-host': {
      const { host } = symbol;
      if (host.kind === 'external' && host.entry) return [nameOf(host.entry)];
      return host.kind === 'service' ? serviceLocation(snapshot, host.namespace, host.name) : [];
    }
    case 'mesh-gateway':
      return symbol.object.type === 'VirtualService' && symbol.gateway ? [nameOf(symbol.gateway)] : [];
    case 'mesh-subset': {
      const { subset } = symbol;
      if (symbol.object.type !== 'VirtualService') return podLocations(subset.pods);
      const rule = meshRulesOf(subset.service, snapshot).destinationRules.find((candidate) => candidate.spec?.subsets?.value.includes(subset.subset));
      return rule ? [{ uri: rule.uri, range: subset.subset.span.value }] : [];
    }
    case 'target-port': {
      const selector = symbol.object.spec?.selector?.value ?? {};
      const pods = Object.keys(selector).length > 0 ? podsSelectedBy(selector, [symbol.object.id.namespace ?? 'default'], snapshot) : [];
      const ports = pods.flatMap((pod) => pod.containers.flatMap((container) => container.ports.filter((port) => port.name === symbol.name && port.source).map((port) => ({ uri: port.source!.uri, range: port.source!.range }))));
      return ports.filter((location, index, all) => all.findIndex((other) => other.uri === location.uri && other.range.start.line === location.range.start.line) === index);
    }
    case 'connection-string':
      return symbol.client ? connectionTarget(symbol.host, symbol.client, snapshot) : [];
    case 'selector':
      return symbol.owner === 'workload' ? [] : podLocations(podsSelectedBy(symbol.selector, symbol.namespaces, snapshot));
    case 'policy-rule': {
      const peer = symbol.peer === undefined ? undefined : policyRule(symbol.object, symbol.direction, symbol.rule)?.peers?.[symbol.peer];
      return peer ? podLocations(peerPods(peer, symbol.object, snapshot).pods) : [];
    }
    case 'cni-policy':
      return symbol.rule ? [] : podLocations(podsSelectedByCniPolicy(symbol.object, snapshot));
    case 'label':
    case 'object':
      return [];
  }
}

const nameOf = (object: KubeObject): SourceLocation => ({ uri: object.uri, range: object.metadata.name.span.value });

/** The Service a host resolves to from a pod, as its resolver would find it. */
function connectionTarget(host: string, client: SimPod, snapshot: ClusterSnapshot): SourceLocation[] {
  const resolved = resolveName(host, 'A', client, snapshot).resolvedName;
  const service = resolved ? serviceOfName(resolved, snapshot) : undefined;
  return service ? serviceLocation(snapshot, service.namespace, service.name) : [];
}

/**
 * Find references: of a Service, the Ingresses, HTTPRoutes, StatefulSets, VirtualServices and DestinationRules that use it; of an
 * Istio Gateway, the VirtualServices' entries that bind to it; of a label (key: value
 * under labels), every selector entry that asks for it (Services, workloads, NetworkPolicy subjects and peers).
 */
export function referencesOf(symbol: SymbolAt, snapshot: ClusterSnapshot): SourceLocation[] {
  if (symbol.kind === 'label') return symbol.entry ? labelReferences(symbol.entry.key, symbol.entry.value, snapshot) : referencesOf(symbol.within, snapshot);
  const { object } = symbol;
  if (object.type === 'MeshGateway') return gatewayReferences(object, snapshot);
  if (object.type !== 'Service') return [];
  const service = serviceNamed(snapshot, object.id.namespace ?? 'default', object.id.name);
  if (!service) return [];
  const mesh = meshRulesOf(service, snapshot);
  return [...routersOf(service, snapshot), ...mesh.virtualServices, ...mesh.destinationRules].map(nameOf);
}

/** Above each route of a VirtualService: where it sends requests, each destination with its share and its pods. */
function routeLenses(service: VirtualService, snapshot: ClusterSnapshot): Lens[] {
  const namespace = service.id.namespace ?? 'default';
  const routes = [...(service.spec?.http?.value ?? []).map((route) => ({ route, kind: 'route' })), ...(service.spec?.tcp?.value ?? []).map((route) => ({ route, kind: 'TCP route' }))];
  return routes.map(({ route, kind }, index) => {
    const destinations = route.route?.value ?? [];
    const parts = destinations.map((destination) => {
      const host = destination.destination?.host?.value;
      const subset = destination.destination?.subset?.value;
      const share = destinations.length > 1 || destination.weight ? ` ${destination.weight?.value ?? 0}%` : '';
      return `${host ?? '?'}${subset ? ` ${subset}` : ''}${share} (${host ? destinationPods(host, subset, namespace, snapshot) : 'no host'})`;
    });
    const number = kind === 'route' ? index + 1 : index + 1 - (service.spec?.http?.value.length ?? 0);
    return { range: route.span.value, title: `${kind} ${number} → ${parts.join(' · ') || 'no destination'}` };
  });
}

/** How many pods a destination reaches: the Service's ready endpoints, or the pods its subset's labels select. */
function destinationPods(host: string, subset: string | undefined, namespace: string, snapshot: ClusterSnapshot): string {
  const target = meshHost(host, namespace, snapshot);
  if (target.kind !== 'service') return target.kind === 'wildcard' ? 'a wildcard' : target.entry ? `ServiceEntry ${target.entry.id.name}` : 'no Service or ServiceEntry';
  const service = target.service;
  if (!service) return 'no such Service';
  const count = (n: number) => `${n} pod${n === 1 ? '' : 's'}`;
  if (subset === undefined) return count(snapshot.endpoints.get(`${service.namespace}/${service.name}`)?.endpoints.filter((endpoint) => endpoint.ready).length ?? 0);
  const pods = serviceSubset(service, subset, snapshot)?.pods;
  return pods ? count(pods.length) : 'subset not defined';
}

/** The `gateways` entries of VirtualServices (and of their routes' matches) that name an Istio Gateway. */
function gatewayReferences(gateway: MeshGateway, snapshot: ClusterSnapshot): SourceLocation[] {
  return objectsOfType(snapshot, 'VirtualService').flatMap((service) => {
    const entries = [...(service.spec?.gateways?.value ?? []), ...(service.spec?.http?.value ?? []).flatMap((route) => (route.match?.value ?? []).flatMap((match) => match.gateways?.value ?? []))];
    return entries.filter((entry) => namesGateway(entry.value, service, gateway)).map((entry) => ({ uri: service.uri, range: entry.span.value }));
  });
}

export interface Lens {
  readonly range: SourceLocation['range'];
  readonly title: string;
  /** A destination the trace view can trace to when the lens is clicked (`name.namespace:port` or a URL). */
  readonly traceTo?: string;
}

/** CodeLens text above Services (`3 endpoints · 10.96.4.12`), Ingress paths (`host/path → svc: 2 endpoints`), VirtualService routes (`route 1 → reviews v1 50% (1 pod) · …`) and NetworkPolicies (`selects 4 pods`). */
export function lensesFor(uri: string, snapshot: ClusterSnapshot): Lens[] {
  const lenses: Lens[] = [];
  for (const object of snapshot.objects) {
    if (object.uri !== uri) continue;
    const namespace = object.id.namespace ?? 'default';
    if (object.type === 'Service') {
      const service = snapshot.services.find((candidate) => candidate.namespace === namespace && candidate.name === object.id.name);
      if (!service) continue;
      const ready = snapshot.endpoints.get(`${namespace}/${service.name}`)?.endpoints.filter((endpoint) => endpoint.ready).length ?? 0;
      const address = service.type === 'ExternalName' ? `CNAME ${service.externalName}` : service.headless ? 'headless' : service.clusterIPs[0] ?? 'no ClusterIP';
      const extra = [...service.loadBalancerIPs.map((ip) => `LB ${ip}`), ...service.ports.filter((port) => port.nodePort).map((port) => `NodePort ${port.nodePort}`)];
      const firstPort = service.ports[0]?.port;
      const traceTo = firstPort !== undefined && service.type !== 'ExternalName' ? `${service.name}.${namespace}:${firstPort}` : undefined;
      // A lens that runs something says so first; the rest is what it shows of the Service.
      const facts = [`${ready} endpoint${ready === 1 ? '' : 's'}`, address, ...extra];
      lenses.push({ range: object.range, title: (traceTo ? ['Trace to this Service', ...facts] : facts).join(' · '), ...(traceTo && { traceTo }) });
    }
    if (object.type === 'Ingress') {
      for (const { backend, rule, path } of ingressBackends(object)) {
        const name = backend.service?.name?.value;
        if (!name || !rule || !path) continue;
        const ready = snapshot.endpoints.get(`${namespace}/${name}`)?.endpoints.filter((endpoint) => endpoint.ready).length;
        const tls = (object.spec?.tls?.value.length ?? 0) > 0;
        const host = rule.host?.value;
        lenses.push({
          range: path.span.value,
          title: `${host ?? '*'}${path.path?.value ?? '/'} → ${name}: ${ready === undefined ? 'no such Service' : `${ready} endpoint${ready === 1 ? '' : 's'}`}`,
          // A wildcard or missing host has no name a client could ask for; those lenses only inform.
          ...(host && !host.startsWith('*') && { traceTo: `${tls ? 'https' : 'http'}://${host}${path.path?.value ?? '/'}` }),
        });
      }
    }
    if (object.type === 'VirtualService') lenses.push(...routeLenses(object, snapshot));
    if (object.type === 'NetworkPolicy') {
      const pods = podsSelectedBy(object.spec?.podSelector, [namespace], snapshot);
      const rules = (object.spec?.ingress?.value.length ?? 0) + (object.spec?.egress?.value.length ?? 0);
      lenses.push({ range: object.range, title: `selects ${pods.length} pod${pods.length === 1 ? '' : 's'} · ${rules} rule${rules === 1 ? '' : 's'}` });
    }
  }
  return lenses;
}

/** Every matchLabels or selector entry `key: value` in the cluster's objects. */
function labelReferences(key: string, value: string, snapshot: ClusterSnapshot): SourceLocation[] {
  return snapshot.objects.flatMap((object) =>
    stringMapsOf(object).flatMap(({ path, map }) => {
      const entry = map.entries[key];
      return entry && map.value[key] === value && (path[path.length - 1] === 'matchLabels' || path[path.length - 1] === 'selector') ? [{ uri: object.uri, range: entry.value }] : [];
    }),
  );
}
