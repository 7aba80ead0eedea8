import type { ClusterSnapshot } from './types';

/**
 * A value derived from a snapshot, computed the first time it is asked for and kept with that snapshot.
 * Snapshots never change, so the value never goes stale; it goes when the snapshot does.
 */
export function perSnapshot<T>(derive: (snapshot: ClusterSnapshot) => T): (snapshot: ClusterSnapshot) => T {
  const values = new WeakMap<ClusterSnapshot, { readonly value: T }>();
  return (snapshot) => {
    let entry = values.get(snapshot);
    if (!entry) {
      entry = { value: derive(snapshot) };
      values.set(snapshot, entry);
    }
    return entry.value;
  };
}
