import type { KubeObject, Service } from '../objects';
import { buildEndpoints } from './endpoints';
import { comparePods, rebuildPods } from './pods';
import { compareServices, KUBE_DNS_SERVICE, KUBERNETES_SERVICE, rebuildServices } from './services';
import type { ClusterSnapshot, ServiceEndpoints } from './types';

/** How a snapshot was made from the one before: the namespaces rebuilt and the objects that changed. */
export interface SnapshotChange {
  readonly previous: ClusterSnapshot;
  readonly touched: ReadonlySet<string>;
  readonly changed: readonly KubeObject[];
}

const changes = new WeakMap<ClusterSnapshot, SnapshotChange>();

/** The change a snapshot was made by, when `updateSnapshot` made it. */
export function snapshotChange(snapshot: ClusterSnapshot): SnapshotChange | undefined {
  return changes.get(snapshot);
}

/** Kinds whose change reaches past their namespace: nodes, namespace labels, Gateways and their addresses. */
const CLUSTER_WIDE_TYPES = new Set<KubeObject['type']>(['Node', 'Namespace', 'Gateway']);

/**
 * The snapshot of `objects`, made from the snapshot of the objects before a change by rebuilding only the
 * namespaces the change touched: their pods, Services and endpoints. Everything else is the previous
 * snapshot's, object for object. It equals `buildSnapshot(objects, previous.profile)` whenever it returns one;
 * when it cannot tell that it would (a cluster-scoped or cluster-wide object changed, a pod or Service was
 * added, removed or moved so that addresses could shift, the stand-in controller or DNS could change, or
 * the simulation had something to note), it returns undefined and the caller builds afresh.
 */
export function updateSnapshot(previous: ClusterSnapshot, objects: readonly KubeObject[]): ClusterSnapshot | undefined {
  if (previous.notes.length > 0) return undefined;
  const before = new Set(previous.objects);
  const after = new Set(objects);
  const changed = [...previous.objects.filter((object) => !after.has(object)), ...objects.filter((object) => !before.has(object))];
  const touched = new Set<string>();
  for (const object of changed) {
    const namespace = object.id.namespace;
    if (namespace === undefined || CLUSTER_WIDE_TYPES.has(object.type)) return undefined;
    // The stand-ins (CoreDNS, the ingress controller, the kubernetes Service) depend on what these namespaces hold.
    if (namespace === KUBE_DNS_SERVICE.namespace || namespace === previous.profile.ingressController.namespace) return undefined;
    if (object.type === 'Service' && namespace === KUBERNETES_SERVICE.namespace && object.id.name === KUBERNETES_SERVICE.name) return undefined;
    touched.add(namespace);
  }
  if (changed.some((object) => object.type === 'Ingress') && objects.some((object) => object.type === 'Ingress') !== previous.objects.some((object) => object.type === 'Ingress')) return undefined;

  const inTouched = (item: { readonly namespace: string }) => touched.has(item.namespace);
  const objectsOfTouched = objects.filter((object) => object.id.namespace !== undefined && touched.has(object.id.namespace));
  // A namespace that appears or goes changes the namespace list.
  for (const namespace of touched) {
    if (!previous.namespaces.has(namespace) || !objectsOfTouched.some((object) => object.id.namespace === namespace)) return undefined;
  }
  const pods = rebuildPods(objectsOfTouched, previous.nodes, previous.pods.filter(inTouched));
  const services = rebuildServices(
    objectsOfTouched.filter((object): object is Service => object.type === 'Service'),
    previous.objects.filter((object): object is Service => object.type === 'Service' && touched.has(object.id.namespace!)),
    previous.services.filter(inTouched),
    previous.profile,
  );
  if (!pods || !services) return undefined;

  const allServices = mergeSorted(previous.services.filter((service) => !inTouched(service)), services, compareServices);
  const freshEndpoints = buildEndpoints(services, pods, objectsOfTouched, previous.nodes);
  const endpoints = new Map<string, ServiceEndpoints>();
  for (const service of allServices) {
    const key = `${service.namespace}/${service.name}`;
    const entry = inTouched(service) ? freshEndpoints.get(key) : previous.endpoints.get(key);
    if (entry) endpoints.set(key, entry);
  }
  const snapshot: ClusterSnapshot = {
    ...previous,
    pods: mergeSorted(previous.pods.filter((pod) => !inTouched(pod)), pods, comparePods),
    services: allServices,
    endpoints,
    objects,
  };
  changes.set(snapshot, { previous, touched, changed });
  return snapshot;
}

/** Two lists sorted by `compare` as one, finding where each new item goes by binary search instead of comparing every pair. */
function mergeSorted<T>(kept: readonly T[], fresh: readonly T[], compare: (a: T, b: T) => number): T[] {
  const result: T[] = [];
  let from = 0;
  for (const item of fresh) {
    let low = from;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(kept[middle]!, item) <= 0) low = middle + 1;
      else high = middle;
    }
    for (let index = from; index < low; index++) result.push(kept[index]!);
    result.push(item);
    from = low;
  }
  for (let index = from; index < kept.length; index++) result.push(kept[index]!);
  return result;
}
