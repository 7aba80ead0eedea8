import { snapshotChange, type SnapshotChange } from './snapshotChange';
import type { ClusterSnapshot } from './types';

/**
 * A value derived from a snapshot, computed the first time it is asked for and kept with that snapshot.
 * Snapshots never change, so the value never goes stale; it goes when the snapshot does. With `carry`, the
 * value for a snapshot made from the one before (an edit) is made from that one's value and the change,
 * instead of from every object again.
 */
export function perSnapshot<T>(
  derive: (snapshot: ClusterSnapshot) => T,
  carry?: (previous: T, change: SnapshotChange, snapshot: ClusterSnapshot) => T,
): (snapshot: ClusterSnapshot) => T {
  const values = new WeakMap<ClusterSnapshot, { readonly value: T }>();
  return (snapshot) => {
    let entry = values.get(snapshot);
    if (!entry) {
      const change = carry && snapshotChange(snapshot);
      const before = change && values.get(change.previous);
      entry = { value: before ? carry!(before.value, change, snapshot) : derive(snapshot) };
      values.set(snapshot, entry);
    }
    return entry.value;
  };
}
