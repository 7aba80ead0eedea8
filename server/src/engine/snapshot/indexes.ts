import type { NetworkPolicy } from '../objects';
import type { ClusterSnapshot, SimPod, SimService } from './types';

interface SnapshotIndexes {
  readonly podsByNamespace: ReadonlyMap<string, readonly SimPod[]>;
  readonly podsByIp: ReadonlyMap<string, readonly SimPod[]>;
  readonly servicesByKey: ReadonlyMap<string, SimService>;
  readonly policiesByNamespace: ReadonlyMap<string, readonly NetworkPolicy[]>;
}

/** Lookups by namespace and name, built once per snapshot (snapshots are immutable, so they never go stale). */
const cache = new WeakMap<ClusterSnapshot, SnapshotIndexes>();

function indexesOf(snapshot: ClusterSnapshot): SnapshotIndexes {
  let indexes = cache.get(snapshot);
  if (!indexes) {
    const podsByNamespace = new Map<string, SimPod[]>();
    for (const pod of snapshot.pods) {
      const members = podsByNamespace.get(pod.namespace);
      if (members) members.push(pod);
      else podsByNamespace.set(pod.namespace, [pod]);
    }
    const podsByIp = new Map<string, SimPod[]>();
    for (const pod of snapshot.pods) {
      for (const ip of pod.ips) {
        const members = podsByIp.get(ip);
        if (members) members.push(pod);
        else podsByIp.set(ip, [pod]);
      }
    }
    const policiesByNamespace = new Map<string, NetworkPolicy[]>();
    for (const object of snapshot.objects) {
      if (object.type !== 'NetworkPolicy') continue;
      const namespace = object.id.namespace ?? 'default';
      const members = policiesByNamespace.get(namespace);
      if (members) members.push(object);
      else policiesByNamespace.set(namespace, [object]);
    }
    indexes = {
      podsByNamespace,
      podsByIp,
      servicesByKey: new Map(snapshot.services.map((service) => [`${service.namespace}/${service.name}`, service])),
      policiesByNamespace,
    };
    cache.set(snapshot, indexes);
  }
  return indexes;
}

export function podsInNamespace(snapshot: ClusterSnapshot, namespace: string): readonly SimPod[] {
  return indexesOf(snapshot).podsByNamespace.get(namespace) ?? [];
}

export function serviceNamed(snapshot: ClusterSnapshot, namespace: string, name: string): SimService | undefined {
  return indexesOf(snapshot).servicesByKey.get(`${namespace}/${name}`);
}

export function policiesInNamespace(snapshot: ClusterSnapshot, namespace: string): readonly NetworkPolicy[] {
  return indexesOf(snapshot).policiesByNamespace.get(namespace) ?? [];
}

/** The pods with an address (several only where host-network pods share their node's address). */
export function podsWithIp(snapshot: ClusterSnapshot, ip: string): readonly SimPod[] {
  return indexesOf(snapshot).podsByIp.get(ip) ?? [];
}
