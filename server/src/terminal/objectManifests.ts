import type { ClusterSnapshot, KubeObject } from '../engine';
import type { PlainObject } from '../model/objectEdits';
import type { ResourceKind, ResourceRow, SimulatedThing } from './resourceTables';

/** An object as the terminal's layer reads it: its document as written, or the layer's own. */
export type PlainOf = (object: KubeObject) => PlainObject | undefined;

/**
 * An object as `kubectl get -o yaml|json` prints it: the manifest as written, with what the cluster fills in
 * (a Service's addresses, a pod's node and addresses and phase), or the object the cluster makes (a workload's
 * pods, the endpoints of a Service, the nodes of the profile) written out from the simulation.
 */
export function manifestOf(kind: ResourceKind, row: ResourceRow, plainOf: PlainOf, snapshot: ClusterSnapshot): PlainObject {
  const written = row.object ? plainOf(row.object) : undefined;
  const simulated = row.simulated;
  if (!simulated) return written ?? { kind: kind.typeName, metadata: { name: row.name, ...(row.namespace && { namespace: row.namespace }) } };
  return filledIn(simulated, written, plainOf, snapshot);
}

function filledIn(thing: SimulatedThing, written: PlainObject | undefined, plainOf: PlainOf, snapshot: ClusterSnapshot): PlainObject {
  switch (thing.kind) {
    case 'Service': {
      const { service } = thing;
      const base = written ?? { apiVersion: 'v1', kind: 'Service', metadata: { name: service.name, namespace: service.namespace } };
      const spec = { ...((base['spec'] ?? {}) as PlainObject) };
      spec['type'] = service.type;
      if (service.type !== 'ExternalName') {
        spec['clusterIP'] = service.headless ? 'None' : service.clusterIPs[0];
        spec['clusterIPs'] = service.headless ? ['None'] : [...service.clusterIPs];
      }
      spec['ports'] = service.ports.map((port) => ({ ...(port.name && { name: port.name }), port: port.port, protocol: port.protocol, targetPort: port.targetPort, ...(port.nodePort !== undefined && service.type !== 'ClusterIP' && { nodePort: port.nodePort }) }));
      spec['sessionAffinity'] = service.sessionAffinity;
      const status = service.type === 'LoadBalancer' ? { loadBalancer: service.loadBalancerIPs.length > 0 ? { ingress: service.loadBalancerIPs.map((ip) => ({ ip })) } : {} } : { loadBalancer: {} };
      return { ...base, spec, status };
    }
    case 'Pod': {
      const { pod } = thing;
      const maker = snapshot.objects.find((object) => object.id.namespace === pod.workload.namespace && object.id.kind === pod.workload.kind && object.id.name === pod.workload.name);
      const makerPlain = maker && maker.type !== 'Pod' ? plainOf(maker) : undefined;
      const templateSpec = makerPlain ? ((((makerPlain['spec'] as PlainObject | undefined)?.['template'] as PlainObject | undefined)?.['spec'] ?? {}) as PlainObject) : undefined;
      const base = written ?? { apiVersion: 'v1', kind: 'Pod', metadata: { name: pod.name, namespace: pod.namespace, labels: { ...pod.labels }, ...(pod.simulated && { ownerReferences: [{ apiVersion: 'apps/v1', kind: pod.workload.kind === 'Deployment' ? 'ReplicaSet' : pod.workload.kind, name: pod.workload.kind === 'Deployment' ? pod.name.split('-').slice(0, -1).join('-') : pod.workload.name, controller: true }] }) }, spec: { ...(templateSpec ?? {}) } };
      const spec = { ...((base['spec'] ?? {}) as PlainObject), ...(pod.node && { nodeName: pod.node }) };
      const node = snapshot.nodes.find((candidate) => candidate.name === pod.node);
      const status = { phase: pod.node ? 'Running' : 'Pending', ...(node?.addresses[0] && { hostIP: node.addresses[0] }), ...(pod.ips[0] && { podIP: pod.ips[0], podIPs: pod.ips.map((ip) => ({ ip })) }) };
      return { ...base, spec, status };
    }
    case 'Endpoints': {
      const { service, addresses } = thing;
      const address = (entry: (typeof addresses)[number]) => ({ ip: entry.ip, ...(entry.node && { nodeName: entry.node }), ...(entry.pod && { targetRef: { kind: 'Pod', namespace: entry.pod.split('/')[0], name: entry.pod.split('/')[1] } }) });
      const ready = addresses.filter((entry) => entry.ready).map(address);
      const notReady = addresses.filter((entry) => !entry.ready).map(address);
      const ports = service.ports.map((port) => ({ ...(port.name && { name: port.name }), port: addresses.find((entry) => entry.ports[port.name] !== undefined)?.ports[port.name] ?? port.port, protocol: port.protocol }));
      return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: service.name, namespace: service.namespace }, ...(addresses.length > 0 && { subsets: [{ ...(ready.length > 0 && { addresses: ready }), ...(notReady.length > 0 && { notReadyAddresses: notReady }), ports }] }) };
    }
    case 'Node': {
      const { node } = thing;
      return written ?? { apiVersion: 'v1', kind: 'Node', metadata: { name: node.name, labels: { ...node.labels } }, spec: { podCIDR: node.podCIDRs[0]?.text, podCIDRs: node.podCIDRs.map((cidr) => cidr.text), ...(node.taints.length > 0 && { taints: node.taints.map((taint) => ({ ...taint })) }) }, status: { addresses: node.addresses.map((address) => ({ type: 'InternalIP', address })) } };
    }
    case 'Namespace':
      return { ...(written ?? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: thing.name } }), metadata: { ...(((written?.['metadata'] as PlainObject | undefined) ?? { name: thing.name })), labels: { ...thing.labels } }, status: { phase: 'Active' } };
  }
}
