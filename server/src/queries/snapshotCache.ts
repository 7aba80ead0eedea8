import type { ClusterProfile } from '../engine/profile';
import { buildSnapshot } from '../engine/snapshot/buildSnapshot';
import type { ClusterSnapshot } from '../engine/snapshot/types';
import type { ClusterModel } from '../model/clusterModel';

/** The engine snapshot of a cluster model, built once per model and profile and reused until either changes. */
export class SnapshotCache {
  private readonly cache = new WeakMap<object, { profile: ClusterProfile; snapshot: ClusterSnapshot }>();
  private readonly empty = { objects: [] as const };

  get(cluster: ClusterModel | undefined, profile: ClusterProfile): ClusterSnapshot {
    const key = cluster ?? this.empty;
    const cached = this.cache.get(key);
    if (cached && cached.profile === profile) return cached.snapshot;
    const snapshot = buildSnapshot(cluster?.objects ?? [], profile);
    this.cache.set(key, { profile, snapshot });
    return snapshot;
  }
}
