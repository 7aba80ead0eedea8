import type { NetworkPolicy } from '../objects';
import type { ClusterSnapshot, SimPod, SimService } from './types';
import { groupBy } from '../groupBy';
import { perSnapshot } from './perSnapshot';

interface SnapshotIndexes {
  readonly podsByNamespace: ReadonlyMap<string, readonly SimPod[]>;
  readonly podsByIp: ReadonlyMap<string, readonly SimPod[]>;
  readonly servicesByKey: ReadonlyMap<string, SimService>;
  readonly policiesByNamespace: ReadonlyMap<string, readonly NetworkPolicy[]>;
}

/** Lookups by namespace, name and address, built once per snapshot. */
const indexesOf = perSnapshot(
  (snapshot): SnapshotIndexes => ({
    podsByNamespace: groupBy(snapshot.pods, (pod) => [pod.namespace]),
    podsByIp: groupBy(snapshot.pods, (pod) => pod.ips),
    servicesByKey: new Map(snapshot.services.map((service) => [`${service.namespace}/${service.name}`, service])),
    policiesByNamespace: groupBy(
      snapshot.objects.filter((object): object is NetworkPolicy => object.type === 'NetworkPolicy'),
      (policy) => [policy.id.namespace ?? 'default'],
    ),
  }),
);

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
