import { snapshotChange, type SnapshotChange } from './snapshotChange';
import type { ClusterSnapshot, SimPod } from './types';

/**
 * How many snapshots back a value is carried from. Those between were made by changes nobody asked the value for
 * (a file opened as it is on disk changes no object, and its snapshot asks for nothing): each carry costs what its
 * change touched, far less than deriving the value from every object again.
 */
const MAX_CARRIED_CHANGES = 16;

/**
 * A value derived from a snapshot, computed the first time it is asked for and kept with that snapshot.
 * Snapshots never change, so the value never goes stale; it goes when the snapshot does. With `carry`, the
 * value for a snapshot made from one before it (edits) is made from that one's value and the changes since,
 * instead of from every object again.
 */
export function perSnapshot<T>(
  derive: (snapshot: ClusterSnapshot) => T,
  carry?: (previous: T, change: SnapshotChange, snapshot: ClusterSnapshot) => T,
): (snapshot: ClusterSnapshot) => T {
  const values = new WeakMap<ClusterSnapshot, { readonly value: T }>();
  return (snapshot) => {
    const entry = values.get(snapshot);
    if (entry) return entry.value;
    // The snapshots back to the last one that holds the value, newest first, each with the change that made it.
    const made: { readonly snapshot: ClusterSnapshot; readonly change: SnapshotChange }[] = [];
    let from: { readonly value: T } | undefined;
    for (let at = snapshot, change = carry && snapshotChange(at); change && made.length < MAX_CARRIED_CHANGES; at = change.previous, change = snapshotChange(at)) {
      made.push({ snapshot: at, change });
      from = values.get(change.previous);
      if (from) break;
    }
    if (!from) {
      const value = derive(snapshot);
      values.set(snapshot, { value });
      return value;
    }
    let value = from.value;
    for (const step of made.reverse()) {
      value = carry!(value, step.change, step.snapshot);
      values.set(step.snapshot, { value });
    }
    return value;
  };
}

/** A value derived from a pod within a snapshot, computed the first time it is asked for (a pod object may live on in later snapshots, whose other objects differ). */
export function perPod<T>(derive: (pod: SimPod, snapshot: ClusterSnapshot) => T): (pod: SimPod, snapshot: ClusterSnapshot) => T {
  const caches = perSnapshot(() => new WeakMap<SimPod, { readonly value: T }>());
  return (pod, snapshot) => {
    const cache = caches(snapshot);
    let entry = cache.get(pod);
    if (!entry) {
      entry = { value: derive(pod, snapshot) };
      cache.set(pod, entry);
    }
    return entry.value;
  };
}
