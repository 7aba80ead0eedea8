import type { KubeObject } from '../objects';
import type { ClusterSnapshot, SimPod } from './types';

/** How a snapshot was made from the one before (see updateSnapshot): the namespaces rebuilt and what changed. */
export interface SnapshotChange {
  readonly previous: ClusterSnapshot;
  /** The namespaces whose pods, Services and endpoints were made again. */
  readonly touched: ReadonlySet<string>;
  /** Every object of those namespaces, in the snapshot's order. */
  readonly touchedObjects: readonly KubeObject[];
  /** The pods of those namespaces before and after, in the snapshot's order. */
  readonly podsBefore: readonly SimPod[];
  readonly podsAfter: readonly SimPod[];
  /** The objects that went (from `previous`) and came (in the new snapshot), and both together. */
  readonly removed: readonly KubeObject[];
  readonly added: readonly KubeObject[];
  readonly changed: readonly KubeObject[];
}

const changes = new WeakMap<ClusterSnapshot, SnapshotChange>();

export function recordChange(snapshot: ClusterSnapshot, change: SnapshotChange): void {
  changes.set(snapshot, change);
}

/** The change a snapshot was made by, when it was made from the one before rather than built afresh. */
export function snapshotChange(snapshot: ClusterSnapshot): SnapshotChange | undefined {
  return changes.get(snapshot);
}
