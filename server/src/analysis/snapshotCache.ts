import { buildSnapshot, type ClusterProfile, type ClusterSnapshot, updateSnapshot } from '../engine';
import { modelChange, type ClusterModel } from '../model/clusterModel';

/**
 * The engine snapshot of a cluster model, built once per model and profile and reused until either changes.
 * A changed model's snapshot is made from the cluster's last one where the change allows (see updateSnapshot).
 */
export class SnapshotCache {
  private readonly cache = new WeakMap<object, { profile: ClusterProfile; snapshot: ClusterSnapshot }>();
  private readonly latest = new Map<string, ClusterSnapshot>();
  private readonly empty = { objects: [] as const };

  get(cluster: ClusterModel | undefined, profile: ClusterProfile): ClusterSnapshot {
    const key = cluster ?? this.empty;
    const cached = this.cache.get(key);
    if (cached && cached.profile === profile) return cached.snapshot;
    const previous = cluster && this.latest.get(cluster.name);
    // The model knows what changed since the one before; when the last snapshot is of that one, that is the change.
    const change = cluster && modelChange(cluster);
    const delta = change?.from === previous?.objects ? change : undefined;
    const snapshot = (previous?.profile === profile && updateSnapshot(previous, cluster!.objects, delta)) || buildSnapshot(cluster?.objects ?? [], profile);
    this.cache.set(key, { profile, snapshot });
    if (cluster) this.latest.set(cluster.name, snapshot);
    return snapshot;
  }
}
