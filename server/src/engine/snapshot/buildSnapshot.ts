import { nameSuffix } from '../hash';
import type { Labels } from '../labels';
import type { KubeObject, Node, Service } from '../objects';
import type { ClusterProfile } from '../profile';
import { buildEndpoints } from './endpoints';
import { buildNodes } from './nodes';
import { buildPods, type PodPlan } from './pods';
import { buildServices, KUBE_DNS_SERVICE } from './services';
import type { ClusterSnapshot, SnapshotNote } from './types';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Namespaces every cluster has, whether or not the workspace defines them. */
const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** What the cluster would look like running these objects under this profile. Deterministic: same input, same output. */
export function buildSnapshot(objects: readonly KubeObject[], profile: ClusterProfile): ClusterSnapshot {
  const notes: SnapshotNote[] = [];
  const nodes = buildNodes(objects.filter((object): object is Node => object.type === 'Node'), profile, notes);
  const services = buildServices(objects.filter((object): object is Service => object.type === 'Service'), profile, notes);
  const virtualDns = services.some((service) => service.virtual && service.name === KUBE_DNS_SERVICE.name) &&
    !objects.some((object) => object.id.namespace === 'kube-system' && 'spec' in object && hasKubeDnsLabel(object));
  const pods = buildPods(objects, nodes, notes, virtualDns ? coreDnsPlans() : []);
  const endpoints = buildEndpoints(services, pods, objects, nodes);
  return { profile, nodes, namespaces: buildNamespaces(objects), pods, services, endpoints, objects, notes };
}

function hasKubeDnsLabel(object: KubeObject): boolean {
  if (object.type === 'Pod') return object.metadata.labels?.value['k8s-app'] === 'kube-dns';
  if (object.type === 'Deployment' || object.type === 'DaemonSet') return object.spec?.template?.metadata?.labels?.value['k8s-app'] === 'kube-dns';
  return false;
}

/** Two CoreDNS replicas, as kubeadm deploys them, for a workspace that does not define its own. */
function coreDnsPlans(): PodPlan[] {
  const replicaSet = `coredns-${nameSuffix('kube-system/coredns/template', 10)}`;
  return [0, 1].map((replica) => ({
    namespace: 'kube-system',
    name: `${replicaSet}-${nameSuffix(`${replicaSet}/${replica}`, 5)}`,
    labels: { 'k8s-app': 'kube-dns' },
    workload: { namespace: 'kube-system', kind: 'Deployment', name: 'coredns' },
    spec: undefined,
    simulated: true,
    replica,
    statusIPs: [],
    ready: true,
    source: undefined,
    containers: [
      {
        name: 'coredns',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          { name: 'metrics', port: 9153, protocol: 'TCP' },
        ],
      },
    ],
  }));
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
