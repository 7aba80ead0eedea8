import type { Labels } from '../labels';
import { parseAddress, parseCidr } from '../cidr';
import type { Gateway, KubeObject, Node, Service } from '../objects';
import { ChunkedList, type ReadonlyList } from '../chunkedList';
import { AddressAllocator } from './allocator';
import { refTo } from './sourceRef';
import type { ClusterProfile } from '../profile';
import { LayeredMap } from '../layeredMap';
import { buildEndpoints } from './endpoints';
import { buildNodes } from './nodes';
import { withRoomForPods } from './nodeRoom';
import { operatorServices } from './operatorPods';
import { keepPodGroups } from './groupedPods';
import { buildPods, podGroupsOf } from './pods';
import { buildServices, KUBE_DNS_SERVICE } from './services';
import { CORE_DNS, standInPlans, standInsFor } from './standIns';
import { deploysDataPlane, gatewayDataPlane, type GatewayDataPlane } from './gatewayDataPlanes';
import type { ClusterSnapshot, SimGateway, SimPod, SimService, SnapshotNote } from './types';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Namespaces every cluster has, whether or not the workspace defines them. */
const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** What the cluster would look like running these objects under this profile. Deterministic: same input, same output. */
export function buildSnapshot(given: ReadonlyList<KubeObject>, profile: ClusterProfile): ClusterSnapshot {
  const list = ChunkedList.of(given);
  const objects = [...given];
  const notes: SnapshotNote[] = [];
  const serviceObjects = objects.filter((object): object is Service => object.type === 'Service');
  // The profile's ingress controller and Istio's ingress gateway stand in when the workspace uses them but does not define them.
  const standIns = standInsFor(objects, profile);
  const services = buildServices(serviceObjects, profile, notes, standIns, operatorServices(objects));
  const virtualDns = services.some((service) => service.virtual && service.name === KUBE_DNS_SERVICE.name) &&
    !objects.some((object) => object.id.namespace === 'kube-system' && 'spec' in object && hasKubeDnsLabel(object));
  const gatewayObjects = objects.filter((object): object is Gateway => object.type === 'Gateway');
  // A known implementation's pods for each Gateway: the source its backends' policies see.
  const dataPlanes = new Map(gatewayObjects.flatMap((gateway) => {
    const plane = gatewayDataPlane(gateway, objects);
    return plane ? [[gateway, plane] as const] : [];
  }));
  const dataPlaneStandIns = [...new Map([...dataPlanes.values()].filter((plane) => !deploysDataPlane(plane, objects)).map((plane) => [`${plane.namespace}/${plane.name}`, plane])).values()];
  const virtualPlans = [...(virtualDns ? standInPlans(CORE_DNS) : []), ...standIns.flatMap(standInPlans), ...dataPlaneStandIns.flatMap(standInPlans)];
  const nodeObjects = objects.filter((object): object is Node => object.type === 'Node');
  const nodes = buildNodes(nodeObjects, withRoomForPods(profile, objects, nodeObjects.length > 0, virtualPlans), notes);
  const groups = podGroupsOf(objects, nodes, virtualPlans);
  // The pods are made when first asked for (with their notes): a check of Services and selectors asks only the groups.
  let pods: SimPod[] | undefined;
  const podsOnce = () => (pods ??= buildPods(groups, nodes, notes));
  const endpoints = LayeredMap.of(buildEndpoints(services, podsOnce, objects, nodes));
  const gateways = buildGateways(gatewayObjects, dataPlanes, services, profile);
  let podList: ChunkedList<SimPod> | undefined;
  const snapshot: ClusterSnapshot = {
    profile,
    nodes,
    namespaces: buildNamespaces(objects),
    get pods() {
      return (podList ??= ChunkedList.of(podsOnce()));
    },
    services: ChunkedList.of(services),
    endpoints,
    gateways,
    objects: list,
    get notes() {
      podsOnce();
      return notes;
    },
  };
  keepPodGroups(snapshot, groups);
  return snapshot;
}

/** Gateways take their written addresses, else one from the load balancer range that no Service holds. */
function buildGateways(gateways: readonly Gateway[], dataPlanes: ReadonlyMap<Gateway, GatewayDataPlane>, services: readonly SimService[], profile: ClusterProfile): SimGateway[] {
  const allocator = new AddressAllocator(parseCidr(profile.loadBalancerCIDR)!, 1, services.flatMap((service) => service.loadBalancerIPs));
  return [...gateways]
    .sort((a, b) => `${a.id.namespace}/${a.id.name}`.localeCompare(`${b.id.namespace}/${b.id.name}`))
    .map((gateway) => {
      const written = (gateway.spec?.addresses?.value ?? [])
        .filter((address) => (address.type?.value ?? 'IPAddress') === 'IPAddress')
        .map((address) => parseAddress(address.value?.value ?? '')?.address)
        .filter((address): address is string => address !== undefined);
      const simulated = written.length === 0 ? allocator.allocate(`gateway/${gateway.id.namespace}/${gateway.id.name}`) : undefined;
      const plane = dataPlanes.get(gateway);
      return {
        ...(plane && { dataPlane: { implementation: plane.implementation, namespace: plane.namespace, name: plane.name, labels: plane.labels, ports: plane.ports.map(({ port, containerPort }) => ({ port, containerPort })) } }),
        namespace: gateway.id.namespace ?? 'default',
        name: gateway.id.name,
        addresses: simulated ? [simulated] : written,
        simulatedAddress: simulated !== undefined,
        source: refTo(gateway),
      };
    });
}

function hasKubeDnsLabel(object: KubeObject): boolean {
  if (object.type === 'Pod') return object.metadata.labels?.value['k8s-app'] === 'kube-dns';
  if (object.type === 'Deployment' || object.type === 'DaemonSet') return object.spec?.template?.metadata?.labels?.value['k8s-app'] === 'kube-dns';
  return false;
}

/** Every namespace with its labels, including the automatic `kubernetes.io/metadata.name`. */
function buildNamespaces(objects: readonly KubeObject[]): Map<string, Labels> {
  const namespaces = new Map<string, Labels>();
  for (const name of BUILT_IN_NAMESPACES) namespaces.set(name, { [NAMESPACE_NAME_LABEL]: name });
  for (const object of objects) {
    if (object.id.namespace !== undefined && !namespaces.has(object.id.namespace)) {
      namespaces.set(object.id.namespace, { [NAMESPACE_NAME_LABEL]: object.id.namespace });
    }
  }
  for (const object of objects) {
    if (object.type === 'Namespace') {
      namespaces.set(object.id.name, { ...(object.metadata.labels?.value ?? {}), [NAMESPACE_NAME_LABEL]: object.id.name });
    }
  }
  return new Map([...namespaces.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
