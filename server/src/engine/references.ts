/**
 * Who refers to what across objects: an Ingress's or route's backends, the objects that route to a Service, the
 * pods a selector picks, the Services in front of a pod, the policies that isolate pods, the pods and
 * VirtualServices of an Istio Gateway. The one place hover, navigation, the topology and the checks ask, so they
 * agree.
 */
import { groupBy } from './groupBy';
import { matchesLabelMap, matchesLabelSelector, type Labels } from './labels';
import { meshGatewaysOf, namesGateway } from './mesh/ingressGateway';
import type {
  AdminNetworkPolicy,
  ClusterNetworkPolicy,
  HTTPBackendRef,
  HTTPIngressPath,
  HTTPRoute,
  HTTPRouteRule,
  Ingress,
  IngressBackend,
  IngressRule,
  KubeObject,
  LabelSelector,
  MeshGateway,
  NetworkPolicy,
  VirtualService,
} from './objects';
import { tierPolicies } from './policy/adminPolicy';
import { selectingPolicies } from './policy/networkPolicy';
import { objectsOfType, podsInNamespace, podsWithIp, serviceNamed } from './snapshot/indexes';
import { podsNamed, podsSelected } from './snapshot/podGroups';
import { podsOfWorkloadIn } from './snapshot/carriedPodIndexes';
import { perSnapshot } from './snapshot/perSnapshot';
import type { ClusterSnapshot, SimEndpoint, SimPod, SimService } from './snapshot/types';

/** A backend an Ingress names: its defaultBackend (no rule, no path) or a rule's path. */
export interface IngressBackendUse {
  readonly backend: IngressBackend;
  readonly rule?: IngressRule;
  readonly path?: HTTPIngressPath;
}

/** The backends of an Ingress, as written: the defaultBackend first, then each rule's paths in order. */
export function ingressBackends(ingress: Ingress): IngressBackendUse[] {
  const defaultBackend = ingress.spec?.defaultBackend;
  const paths = (ingress.spec?.rules?.value ?? []).flatMap((rule) => (rule.http?.paths?.value ?? []).flatMap((path) => (path.backend ? [{ backend: path.backend, rule, path }] : [])));
  return [...(defaultBackend ? [{ backend: defaultBackend }] : []), ...paths];
}

/** A backendRef of a route's rule, with the namespace it names (else the route's). */
export interface RouteBackendUse {
  readonly ref: HTTPBackendRef;
  readonly rule: HTTPRouteRule;
  readonly ruleIndex: number;
  readonly namespace: string;
  /** A core Service (group "" and kind Service, the defaults), rather than another kind of backend. */
  readonly isService: boolean;
}

/** The backendRefs of an HTTPRoute, rule by rule, in order. */
export function routeBackends(route: HTTPRoute): RouteBackendUse[] {
  const namespace = route.id.namespace ?? 'default';
  return (route.spec?.rules?.value ?? []).flatMap((rule, ruleIndex) =>
    (rule.backendRefs?.value ?? []).map((ref) => ({ ref, rule, ruleIndex, namespace: ref.namespace?.value ?? namespace, isService: (ref.group?.value ?? '') === '' && (ref.kind?.value ?? 'Service') === 'Service' })),
  );
}

/** The Services (`namespace/name`) an object sends traffic to: Ingress backends, HTTPRoute backendRefs, a StatefulSet's serviceName. */
export function servicesRoutedBy(object: KubeObject): string[] {
  const namespace = object.id.namespace;
  if (namespace === undefined) return [];
  if (object.type === 'Ingress') return ingressBackends(object).flatMap(({ backend }) => (backend.service?.name ? [`${namespace}/${backend.service.name.value}`] : []));
  if (object.type === 'HTTPRoute') return routeBackends(object).flatMap((use) => (use.ref.name ? [`${use.namespace}/${use.ref.name.value}`] : []));
  if (object.type === 'StatefulSet' && object.spec?.serviceName) return [`${namespace}/${object.spec.serviceName.value}`];
  return [];
}

/** Who routes to each Service, found in one pass over a snapshot's objects and kept with it. */
const routersByService = perSnapshot((snapshot) => groupBy(snapshot.objects, (object) => [...new Set(servicesRoutedBy(object))]));

/** The objects that send traffic to the Service (Ingresses, HTTPRoutes, StatefulSets), in workspace order. */
export function routersOf(service: SimService, snapshot: ClusterSnapshot): readonly KubeObject[] {
  return routersByService(snapshot).get(`${service.namespace}/${service.name}`) ?? [];
}

/** The Service a resolved name (`name.namespace.svc.<cluster domain>.`, or a pod's name under it) belongs to. */
export function serviceOfName(resolvedName: string, snapshot: ClusterSnapshot): SimService | undefined {
  const zone = `.svc.${snapshot.profile.clusterDomain}.`;
  if (!resolvedName.endsWith(zone)) return undefined;
  const [name, namespace] = resolvedName.slice(0, -zone.length).split('.').slice(-2);
  return name && namespace ? serviceNamed(snapshot, namespace, name) : undefined;
}

/** The pod at an address; host-network pods share their node's, which says nothing about which pod it is. */
export function podAtAddress(ip: string, snapshot: ClusterSnapshot): SimPod | undefined {
  return podsWithIp(snapshot, ip).find((pod) => !pod.hostNetwork);
}

/** The pod behind an endpoint: the one it names, else (an endpoint written by hand may name none) the one at its address. */
export function podBehind(endpoint: SimEndpoint, snapshot: ClusterSnapshot): SimPod | undefined {
  const named = endpoint.pod?.split('/');
  const byName = named?.length === 2 ? podsNamed(podsInNamespace(snapshot, named[0]!), named[1]!)[0] : undefined;
  return byName ?? podAtAddress(endpoint.ip, snapshot);
}

/** The pods an object runs: a Pod itself, or those a workload (Deployment, StatefulSet, Job, ...) makes. */
export function podsOf(object: KubeObject, snapshot: ClusterSnapshot): SimPod[] {
  const namespace = object.id.namespace ?? 'default';
  return object.type === 'Pod' ? podsNamed(podsInNamespace(snapshot, namespace), object.id.name) : [...podsOfWorkloadIn(snapshot, namespace, object.id.kind, object.id.name)];
}

/** The pods a Service's selector picks in its namespace; a Service without a selector picks none. */
export function servicePods(service: SimService, snapshot: ClusterSnapshot): SimPod[] {
  const selector = service.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  return podsSelected(podsInNamespace(snapshot, service.namespace), selector);
}

/** The Services whose selector picks any of the pods, in the snapshot's order. */
export function servicesSelecting(pods: readonly SimPod[], snapshot: ClusterSnapshot): SimService[] {
  return snapshot.services.filter((service) => {
    const selector = service.selector;
    return selector !== undefined && Object.keys(selector).length > 0 && pods.some((pod) => pod.namespace === service.namespace && matchesLabelMap(selector, pod.labels));
  });
}

/**
 * The pods of some namespaces a selector picks: a LabelSelector (matchLabels and matchExpressions; absent, every
 * pod) or a plain map as a Service writes it.
 */
export function podsSelectedBy(selector: LabelSelector | Labels | undefined, namespaces: readonly string[], snapshot: ClusterSnapshot): SimPod[] {
  const matches = (pod: SimPod) => (!selector || ('span' in selector ? matchesLabelSelector(selector as LabelSelector, pod.labels) : matchesLabelMap(selector as Labels, pod.labels)));
  return snapshot.pods.filter((pod) => namespaces.includes(pod.namespace) && matches(pod));
}

type TierPolicy = AdminNetworkPolicy | ClusterNetworkPolicy;

/** The policies that select some pods, by tier and direction, each once in the order first met. */
export interface Isolation {
  /** NetworkPolicies that isolate the pods for ingress. */
  readonly ingress: readonly NetworkPolicy[];
  /** NetworkPolicies that isolate the pods for egress. */
  readonly egress: readonly NetworkPolicy[];
  /** AdminNetworkPolicies and Admin-tier ClusterNetworkPolicies. */
  readonly admin: readonly TierPolicy[];
  /** The BaselineAdminNetworkPolicy and Baseline-tier ClusterNetworkPolicies. */
  readonly baseline: readonly TierPolicy[];
}

/** Which policies select any of the pods: NetworkPolicies for each direction, and the two admin tiers. */
export function isolatingPolicies(pods: readonly SimPod[], snapshot: ClusterSnapshot): Isolation {
  const union = <T>(of: (pod: SimPod) => readonly T[]) => [...new Set(pods.flatMap(of))];
  return {
    ingress: union((pod) => selectingPolicies(pod, 'Ingress', snapshot)),
    egress: union((pod) => selectingPolicies(pod, 'Egress', snapshot)),
    admin: union((pod) => tierPolicies('Admin', pod, snapshot)),
    baseline: union((pod) => tierPolicies('Baseline', pod, snapshot)),
  };
}

/** The pods an Istio Gateway configures (its Envoy pods, or the stand-in for Istio's default ingress gateway). */
export function meshGatewayPods(gateway: MeshGateway, snapshot: ClusterSnapshot): SimPod[] {
  return snapshot.pods.filter((pod) => meshGatewaysOf(snapshot, pod).includes(gateway));
}

/** The VirtualServices whose `gateways` bind them to an Istio Gateway, in workspace order. */
export function boundVirtualServices(gateway: MeshGateway, snapshot: ClusterSnapshot): VirtualService[] {
  return objectsOfType(snapshot, 'VirtualService').filter((service) => (service.spec?.gateways?.value ?? []).some((entry) => namesGateway(entry.value, service, gateway)));
}
