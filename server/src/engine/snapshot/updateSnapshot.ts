import { matchesLabelMap } from '../labels';
import { podTemplateOf, type KubeObject, type Service } from '../objects';
import type { ClusterProfile } from '../profile';
import { ChunkedList, type ReadonlyList } from '../chunkedList';
import { mergeSorted, replaceSorted } from '../sortedLists';
import { buildEndpoints } from './endpoints';
import { endpointObjectsIn, objectsInNamespace, objectsInNamespacesAfter, objectsOfType, podsInNamespace, servicesInNamespace } from './indexes';
import { comparePods, makesPods, rebuildPods, replaceNamespaces } from './pods';
import { compareServices, KUBE_DNS_SERVICE, KUBERNETES_SERVICE, rebuildServices } from './services';
import { differences, recordChange, type Delta } from './snapshotChange';
import { carriesIstioGatewayLabels, ingressControllerStandIn, ISTIO_INGRESS_GATEWAY, istioGatewayStandInAccount, namesPlatform, PLATFORM_SERVICES } from './standIns';
import type { ClusterSnapshot, SimPod, SimService, WorkloadRef } from './types';
import { carriesGatewayDataPlaneLabels } from './gatewayDataPlanes';

/**
 * Namespaces a change in which is always built afresh: those of the stand-ins (CoreDNS, the profile's ingress
 * controller, Istio's ingress gateway), whose presence depends on what the namespace holds.
 */
export function rebuiltInFull(namespace: string, profile: ClusterProfile): boolean {
  return namespace === KUBE_DNS_SERVICE.namespace || namespace === profile.ingressController.namespace || namespace === ISTIO_INGRESS_GATEWAY.namespace;
}

/**
 * Kinds whose change reaches past their namespace: nodes, namespace labels, Gateways and their addresses, Istio
 * Gateways (which select the ingress gateway's pods in any namespace, and bring its stand-in).
 */
const CLUSTER_WIDE_TYPES = new Set<KubeObject['type']>(['Node', 'Namespace', 'Gateway', 'MeshGateway']);

/**
 * The snapshot of `objects`, made from the snapshot of the objects before a change by rebuilding only the
 * namespaces the change touched: their pods, Services and endpoints. Everything else is the previous
 * snapshot's, object for object. It equals `buildSnapshot(objects, previous.profile)` whenever it returns one;
 * when it cannot tell that it would (a cluster-scoped or cluster-wide object changed, a pod or Service was
 * added, removed or moved so that addresses could shift, the stand-in controller or DNS could change, or
 * the simulation had something to note), it returns undefined and the caller builds afresh.
 */
export function updateSnapshot(previous: ClusterSnapshot, objects: ReadonlyList<KubeObject>, delta: Delta = differences(previous.objects, objects)): ClusterSnapshot | undefined {
  if (previous.notes.length > 0) return undefined;
  // A changed file's run holds again the objects of its documents an edit left alone (the same objects): only
  // those that really went or came touch a namespace, so an edit of one document of a large file rebuilds its own.
  const { removed, added } = withoutKept(delta);
  const changed = [...removed, ...added];
  const platforms = [ingressControllerStandIn(previous.profile), ...PLATFORM_SERVICES];
  const touched = new Set<string>();
  for (const object of changed) {
    const namespace = object.id.namespace;
    if (namespace === undefined || CLUSTER_WIDE_TYPES.has(object.type)) return undefined;
    // Pods labelled as an Istio gateway, anywhere, may take the place of a stand-in.
    if (carriesIstioGatewayLabels(object)) return undefined;
    // So may pods labelled as a Gateway API implementation's data plane.
    if (carriesGatewayDataPlaneLabels(object)) return undefined;
    // A custom resource's operator makes Services as well as pods: only a fresh build allocates them.
    if (object.type === 'OperatorResource') return undefined;
    // A connection string naming a platform's Service (istiod, metrics-server) brings or drops its stand-in.
    if (platforms.some((platform) => namesPlatform(object, platform))) return undefined;
    if (rebuiltInFull(namespace, previous.profile)) return undefined;
    // The kubernetes Service stands in for the API server unless the workspace defines it.
    if (object.type === 'Service' && namespace === KUBERNETES_SERVICE.namespace && object.id.name === KUBERNETES_SERVICE.name) return undefined;
    touched.add(namespace);
  }
  // An Istio gateway stand-in of the chart's layout lives in its release's namespace: only a fresh build keeps it.
  for (const namespace of touched) if (podsInNamespace(previous, namespace).some((pod) => istioGatewayStandInAccount(pod) !== undefined)) return undefined;
  // So does a Gateway's data plane, in the Gateway's namespace or its implementation's.
  for (const namespace of touched) if (previous.gateways.some((gateway) => gateway.dataPlane?.namespace === namespace)) return undefined;
  // The profile's ingress controller stands in while there is an Ingress: the last one going or the first coming changes that.
  const ingressesBefore = objectsOfType(previous, 'Ingress').length;
  const ingressesAfter = ingressesBefore - removed.filter((object) => object.type === 'Ingress').length + added.filter((object) => object.type === 'Ingress').length;
  if ((ingressesAfter > 0) !== (ingressesBefore > 0)) return undefined;

  const objectsOfTouched = objectsInNamespacesAfter(previous, touched, { removed, added, files: delta });
  // A namespace that appears or goes changes the namespace list.
  for (const namespace of touched) {
    if (!previous.namespaces.has(namespace) || !objectsOfTouched.some((object) => object.id.namespace === namespace)) return undefined;
  }
  const podsBefore = [...touched].flatMap((namespace) => podsInNamespace(previous, namespace));
  const servicesBefore = [...touched].flatMap((namespace) => servicesInNamespace(previous, namespace));
  const workloadsOnly = changed.every(changesOnlyItsPods);
  const rebuilt = workloadsOnly ? rebuildWorkloads(previous, touched, removed, added, podsBefore, servicesBefore) : rebuildNamespaces(previous, touched, changed, objectsOfTouched.slice(), podsBefore, servicesBefore);
  if (!rebuilt) return undefined;
  const { pods, services, endpoints } = rebuilt;
  const snapshot: ClusterSnapshot = {
    ...previous,
    pods: pods === podsBefore ? previous.pods : workloadsOnly ? replaceWorkloadPods(previous.pods, podsBefore, pods) : replaceNamespaces(previous.pods, touched, pods),
    services: services === servicesBefore ? previous.services : replaceSorted(previous.services, servicesBefore, services, compareServices),
    endpoints,
    objects: ChunkedList.of(objects),
  };
  recordChange(snapshot, { previous, touched, touchedObjects: objectsOfTouched, podsBefore, podsAfter: pods, servicesBefore, servicesAfter: services, removed, added, changed, files: delta });
  return snapshot;
}

/** The rebuilt namespaces' pods and Services (each list in the snapshot's order), and the endpoints with theirs made again. */
interface Rebuilt {
  readonly pods: readonly SimPod[];
  readonly services: readonly SimService[];
  readonly endpoints: ClusterSnapshot['endpoints'];
}

/**
 * The pods, Services and endpoints of the touched namespaces, with the addresses they had: the pods made again when
 * an object that makes pods changed (else they are those before), each Service whose object changed, and the
 * endpoints of those Services (of every Service of the namespaces when the pods, EndpointSlices or Endpoints changed).
 */
function rebuildNamespaces(previous: ClusterSnapshot, touched: ReadonlySet<string>, changed: readonly KubeObject[], objectsOfTouched: readonly KubeObject[], podsBefore: readonly SimPod[], servicesBefore: readonly SimService[]): Rebuilt | undefined {
  const pods = changed.some(makesPods) ? rebuildPods(objectsOfTouched, previous.nodes, podsBefore) : podsBefore;
  const services = rebuildServices(
    objectsOfTouched.filter((object): object is Service => object.type === 'Service'),
    [...touched].flatMap((namespace) => objectsInNamespace(previous, namespace).filter((object): object is Service => object.type === 'Service')),
    servicesBefore,
    previous.profile,
  );
  if (!pods || !services) return undefined;
  const kept = new Set(servicesBefore);
  const endpointsOf = pods !== podsBefore || changed.some(listsEndpoints) ? services : services.filter((service) => !kept.has(service));
  // The same Services as before, so the same keys: only the rebuilt namespaces' entries change.
  return { pods, services, endpoints: previous.endpoints.with(buildEndpoints(endpointsOf, listOf(pods), objectsOfTouched, previous.nodes)) };
}

/** Objects a selector-less Service's endpoints are read from. */
function listsEndpoints(object: KubeObject): boolean {
  return object.type === 'EndpointSlice' || object.type === 'Endpoints';
}

/**
 * A change of workloads, ConfigMaps or Secrets alone: its namespaces' Services stay, each pod is made from its own
 * workload and the nodes (placed by its workload's name, given its old address), and a Service's endpoints from the
 * pods its selector picks. So only the changed workloads' pods are made again, and the endpoints of the Services
 * that pick one of them, before or after; the other pods and endpoints are the previous snapshot's.
 */
function rebuildWorkloads(previous: ClusterSnapshot, touched: ReadonlySet<string>, removed: readonly KubeObject[], added: readonly KubeObject[], podsBefore: readonly SimPod[], services: readonly SimService[]): Rebuilt | undefined {
  const workloadKey = (workload: WorkloadRef) => `${workload.namespace}/${workload.kind}/${workload.name}`;
  const changed = new Set([...removed, ...added].map((object) => workloadKey({ namespace: object.id.namespace ?? 'default', kind: object.id.kind, name: object.id.name })));
  // Most pods of the namespace are of other workloads: their name, looked at first, spares them the key.
  const changedNames = new Set([...removed, ...added].map((object) => object.id.name));
  const isChanged = (pod: SimPod) => changedNames.has(pod.workload.name) && changed.has(workloadKey(pod.workload));
  const fresh = rebuildPods(added.filter((object) => podTemplateOf(object) !== undefined), previous.nodes, podsBefore.filter(isChanged));
  if (!fresh) return undefined;
  // One namespace's pods are in the snapshot's order already; several namespaces' are sorted into it.
  const kept = podsBefore.filter((pod) => !isChanged(pod));
  const pods = mergeSorted(touched.size === 1 ? kept : kept.sort(comparePods), fresh, comparePods);
  // Two pods of one name (next to each other, sorted) would be given two addresses from one seed: only a fresh build gets that right.
  if (pods.some((pod, index) => index > 0 && pods[index - 1]!.name === pod.name && pods[index - 1]!.namespace === pod.namespace)) return undefined;
  const changedPods = [...podsBefore.filter(isChanged), ...fresh];
  const picksChanged = services.filter((service) => service.selector !== undefined && changedPods.some((pod) => pod.namespace === service.namespace && matchesLabelMap(service.selector!, pod.labels)));
  // No EndpointSlice or Endpoints object changed: those before are those after.
  return { pods, services, endpoints: previous.endpoints.with(buildEndpoints(picksChanged, listOf(pods), endpointObjectsIn(previous, touched), previous.nodes)) };
}

/**
 * The snapshot's pods after a workload edit: only those that went and came are taken out and put in, each found by
 * binary search (the pods of a workload edit have names of their own, which rebuildWorkloads makes sure of, so no two
 * sort the same and the namespace's run need not be listed again).
 */
function replaceWorkloadPods(pods: ClusterSnapshot['pods'], before: readonly SimPod[], after: readonly SimPod[]): ClusterSnapshot['pods'] {
  const { removed, added } = differences(before, after);
  return replaceSorted(pods, removed, added, comparePods);
}

/**
 * The pods for endpoints listed when first read. Made here, not where the pods are made: a closure there would hold
 * that function's whole scope (`previous`, the snapshot before), and an endpoint never read would keep every
 * earlier snapshot alive, each through the next (280 snapshots after 200 edits at 1,000 applications).
 */
function listOf(pods: readonly SimPod[]): () => readonly SimPod[] {
  return () => pods;
}

/** Kinds whose change reaches the rest of the cluster's simulation through their own pods alone (a ConfigMap's or Secret's not at all). */
function changesOnlyItsPods(object: KubeObject): boolean {
  return podTemplateOf(object) !== undefined || object.type === 'ConfigMap' || object.type === 'Secret';
}

/** The objects that went and came, without those a changed file's run holds both before and after. */
function withoutKept({ removed, added }: Delta): Delta {
  return differences(removed, added);
}
