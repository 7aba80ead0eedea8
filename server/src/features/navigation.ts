import { hostOfValue } from '../engine/connectionHosts';
import { matchesLabelMap, matchesLabelSelector } from '../engine/labels';
import type { KubeObject, LabelSelector, MeshGateway, VirtualService } from '../engine/objects';
import { meshHost } from '../engine/mesh/hosts';
import { namesGateway } from '../engine/mesh/ingressGateway';
import { objectsOfType } from '../engine/snapshot/indexes';
import type { SourceLocation } from '../engine/source';
import type { ClusterSnapshot, SimPod } from '../engine/snapshot/types';
import type { CursorField } from './cursor';
import { resolveName } from '../engine/dns/resolver';
import { routersOf } from './hoverContent';
import { meshGatewayAt, meshHostAt, meshSubsetAt } from './meshFields';
import { meshRulesOf } from '../engine/mesh/rules';

function serviceLocation(snapshot: ClusterSnapshot, namespace: string, name: string): SourceLocation[] {
  const service = snapshot.objects.find((object) => object.type === 'Service' && object.id.namespace === namespace && object.id.name === name);
  return service ? [{ uri: service.uri, range: service.metadata.name.span.value }] : [];
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
 * Go to definition: from a backend, a StatefulSet's serviceName, an HTTPRoute backendRef or a mesh host to the
 * Service; from a VirtualService's gateway to the Istio Gateway; from a route's subset to the DestinationRule's, and from a subset to its pods; from a named targetPort
 * to the container ports it resolves to; from a selector to every workload it matches.
 */
export function definitionAt(field: CursorField, snapshot: ClusterSnapshot): SourceLocation[] {
  const { object, path, value } = field;
  const at = path.join('.');
  const namespace = object.id.namespace ?? 'default';
  // A mesh host goes to its Service; a subset named by a route to the DestinationRule's subset; a subset in the rule to its pods.
  const named = meshHostAt(field, snapshot);
  if (named) {
    const { host } = named;
    if (host.kind === 'external' && host.entry) return [{ uri: host.entry.uri, range: host.entry.metadata.name.span.value }];
    return host.kind === 'service' ? serviceLocation(snapshot, host.namespace, host.name) : [];
  }
  // A VirtualService's gateway goes to the Istio Gateway.
  const gateway = object.type === 'VirtualService' ? meshGatewayAt(field, snapshot)?.gateway : undefined;
  if (gateway) return [{ uri: gateway.uri, range: gateway.metadata.name.span.value }];
  const subset = meshSubsetAt(field, snapshot);
  if (subset) {
    if (object.type === 'VirtualService') {
      const rule = meshRulesOf(subset.service, snapshot).destinationRules.find((candidate) => candidate.spec?.subsets?.value.includes(subset.subset));
      return rule ? [{ uri: rule.uri, range: subset.subset.span.value }] : [];
    }
    return podLocations(subset.pods);
  }
  if (typeof value === 'string') {
    if (object.type === 'Ingress' && at.endsWith('service.name')) return serviceLocation(snapshot, namespace, value);
    if (object.type === 'StatefulSet' && at === 'spec.serviceName') return serviceLocation(snapshot, namespace, value);
    if (object.type === 'HTTPRoute' && /backendRefs\.\d+\.name$/.test(at)) {
      const ref = object.spec?.rules?.value.flatMap((rule) => rule.backendRefs?.value ?? []).find((candidate) => candidate.name?.value === value);
      return serviceLocation(snapshot, ref?.namespace?.value ?? namespace, value);
    }
    if (object.type === 'Service' && /^spec\.ports\.\d+\.targetPort$/.test(at)) {
      const selector = object.spec?.selector?.value ?? {};
      const pods = snapshot.pods.filter((pod) => pod.namespace === namespace && Object.keys(selector).length > 0 && matchesLabelMap(selector, pod.labels));
      return pods.flatMap((pod) => pod.containers.flatMap((container) => container.ports.filter((port) => port.name === value && port.source).map((port) => ({ uri: port.source!.uri, range: port.source!.range })))).filter((location, index, all) => all.findIndex((other) => other.uri === location.uri && other.range.start.line === location.range.start.line) === index);
    }
  }
  // An env value's path runs through the list's own `value` (`env.value.0`): the walker steps into Located lists.
  if (typeof value === 'string' && /(^|\.)env\.(value\.)?\d+(\.value)?$/.test(at)) {
    const host = hostOfValue(value)?.host;
    const pod = snapshot.pods.find((candidate) => candidate.namespace === namespace && candidate.workload.name === object.id.name);
    if (host && pod) {
      const resolved = resolveName(host, 'A', pod, snapshot).resolvedName;
      const zone = `.svc.${snapshot.profile.clusterDomain}.`;
      const labels = resolved?.endsWith(zone) ? resolved.slice(0, -zone.length).split('.') : [];
      const [serviceName, serviceNamespace] = labels.slice(-2);
      if (serviceName && serviceNamespace) return serviceLocation(snapshot, serviceNamespace, serviceName);
    }
  }
  const selector = selectorAt(object, at);
  if (selector) {
    const pods = snapshot.pods.filter((pod) => pod.namespace === namespace && ('span' in selector ? matchesLabelSelector(selector as LabelSelector, pod.labels) : matchesLabelMap(selector as Record<string, string>, pod.labels)));
    return podLocations(pods);
  }
  return [];
}

function selectorAt(object: KubeObject, at: string): LabelSelector | Readonly<Record<string, string>> | undefined {
  if (object.type === 'Service' && at.startsWith('spec.selector')) return object.spec?.selector?.value;
  if (object.type === 'NetworkPolicy' && at.startsWith('spec.podSelector')) return object.spec?.podSelector;
  return undefined;
}

/**
 * Find references: of a Service, the Ingresses, HTTPRoutes, StatefulSets, VirtualServices and DestinationRules that use it; of an
 * Istio Gateway, the VirtualServices' entries that bind to it; of a label (key: value
 * under labels), every selector entry that asks for it (Services, workloads, NetworkPolicy subjects and peers).
 */
export function referencesOf(field: CursorField, snapshot: ClusterSnapshot): SourceLocation[] {
  const at = field.path.join('.');
  const label = /labels\.([^.]+)$/.exec(at);
  if (label && typeof field.value === 'string') return labelReferences(label[1]!, field.value, snapshot);
  if (field.object.type === 'MeshGateway') return gatewayReferences(field.object, snapshot);
  if (field.object.type !== 'Service') return [];
  const service = snapshot.services.find((candidate) => candidate.namespace === (field.object.id.namespace ?? 'default') && candidate.name === field.object.id.name);
  if (!service) return [];
  const mesh = meshRulesOf(service, snapshot);
  return [...routersOf(service, snapshot), ...mesh.virtualServices, ...mesh.destinationRules].map((object) => ({ uri: object.uri, range: object.metadata.name.span.value }));
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
  const labels = meshRulesOf(service, snapshot).destinationRules.flatMap((rule) => rule.spec?.subsets?.value ?? []).find((candidate) => candidate.name?.value === subset)?.labels?.value;
  if (!labels) return 'subset not defined';
  return count(snapshot.pods.filter((pod) => pod.namespace === service.namespace && service.selector && matchesLabelMap(service.selector, pod.labels) && matchesLabelMap(labels, pod.labels)).length);
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
      lenses.push({ range: object.range, title: [`${ready} endpoint${ready === 1 ? '' : 's'}`, address, ...extra].join(' · '), ...(firstPort !== undefined && service.type !== 'ExternalName' && { traceTo: `${service.name}.${namespace}:${firstPort}` }) });
    }
    if (object.type === 'Ingress') {
      for (const rule of object.spec?.rules?.value ?? []) {
        for (const path of rule.http?.paths?.value ?? []) {
          const name = path.backend?.service?.name?.value;
          if (!name) continue;
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
    }
    if (object.type === 'VirtualService') lenses.push(...routeLenses(object, snapshot));
    if (object.type === 'NetworkPolicy') {
      const selector = object.spec?.podSelector;
      const pods = snapshot.pods.filter((pod) => pod.namespace === namespace && (!selector || matchesLabelSelector(selector, pod.labels)));
      const rules = (object.spec?.ingress?.value.length ?? 0) + (object.spec?.egress?.value.length ?? 0);
      lenses.push({ range: object.range, title: `selects ${pods.length} pod${pods.length === 1 ? '' : 's'} · ${rules} rule${rules === 1 ? '' : 's'}` });
    }
  }
  return lenses;
}

/** Every matchLabels or selector entry `key: value` in the cluster's objects. */
function labelReferences(key: string, value: string, snapshot: ClusterSnapshot): SourceLocation[] {
  const locations: SourceLocation[] = [];
  const visit = (object: KubeObject, node: unknown, parentKey: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const entries = (node as { entries?: Record<string, { value: SourceLocation['range'] }> }).entries;
    const values = (node as { value?: Record<string, string> }).value;
    if (entries && values && (parentKey === 'matchLabels' || parentKey === 'selector') && values[key] === value && entries[key]) {
      locations.push({ uri: object.uri, range: entries[key]!.value });
    }
    for (const [childKey, child] of Object.entries(node)) {
      if (childKey === 'span' || childKey === 'entries') continue;
      if (Array.isArray(child)) child.forEach((item) => visit(object, item, childKey));
      else visit(object, child, childKey === 'value' ? parentKey : childKey);
    }
  };
  for (const object of snapshot.objects) visit(object, object, '');
  return locations;
}
