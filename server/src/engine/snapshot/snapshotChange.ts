import type { ReadonlyList } from '../chunkedList';
import type { KubeObject } from '../objects';
import type { ClusterSnapshot, SimPod, SimService } from './types';

/** The objects that went and came between two lists of a cluster's objects. */
export interface Delta {
  readonly removed: readonly KubeObject[];
  readonly added: readonly KubeObject[];
}

/**
 * The items of `before` not in `after` and those of `after` not in `before`, each in its list's order, of lists that
 * each hold an item once. The stretches both lists start and end with (the same items: an edit of one document of a
 * large file keeps the others) are passed over by identity, so only the stretch between is put in sets.
 */
export function differences<T>(before: ReadonlyList<T> | readonly T[], after: ReadonlyList<T> | readonly T[]): { readonly removed: T[]; readonly added: T[] } {
  const { head, tail } = changedStretch(before, after);
  const went = before.slice(head, before.length - tail);
  const came = after.slice(head, after.length - tail);
  const was = new Set(went);
  const is = new Set(came);
  return { removed: went.filter((item) => !is.has(item)), added: came.filter((item) => !was.has(item)) };
}

/** How many items two lists start with (`head`) and then end with (`tail`) that are the same, by identity. */
export function changedStretch<T>(before: ReadonlyList<T> | readonly T[], after: ReadonlyList<T> | readonly T[]): { readonly head: number; readonly tail: number } {
  let head = 0;
  const shorter = Math.min(before.length, after.length);
  while (head < shorter && before.at(head) === after.at(head)) head++;
  let tail = 0;
  while (tail < shorter - head && before.at(before.length - 1 - tail) === after.at(after.length - 1 - tail)) tail++;
  return { head, tail };
}

/** How a snapshot was made from the one before (see updateSnapshot): the namespaces rebuilt and what changed. */
export interface SnapshotChange extends Delta {
  readonly previous: ClusterSnapshot;
  /** The namespaces whose pods, Services and endpoints were made again. */
  readonly touched: ReadonlySet<string>;
  /** Every object of those namespaces, in the snapshot's order. */
  readonly touchedObjects: ReadonlyList<KubeObject>;
  /** The pods of those namespaces before and after, in the snapshot's order. */
  readonly podsBefore: readonly SimPod[];
  readonly podsAfter: readonly SimPod[];
  /** The Services of those namespaces before and after, in the snapshot's order. */
  readonly servicesBefore: readonly SimService[];
  readonly servicesAfter: readonly SimService[];
  /** The objects that went and those that came, together. */
  readonly changed: readonly KubeObject[];
  /**
   * The changed files' whole runs before and after, for lists kept in file order (replaceFilesOf): `removed` and
   * `added` leave out the objects a changed file holds again, these do not.
   */
  readonly files: Delta;
}

/**
 * Changes by the snapshot they made. The snapshot before is held weakly: each snapshot would otherwise keep every
 * earlier one alive through its change. Once the one before is gone, so is what could be carried over from it.
 */
const changes = new WeakMap<ClusterSnapshot, Omit<SnapshotChange, 'previous'> & { readonly before: WeakRef<ClusterSnapshot> }>();

export function recordChange(snapshot: ClusterSnapshot, { previous, ...change }: SnapshotChange): void {
  changes.set(snapshot, { ...change, before: new WeakRef(previous) });
}

/** The change a snapshot was made by, when it was made from the one before rather than built afresh (and that one is still here). */
export function snapshotChange(snapshot: ClusterSnapshot): SnapshotChange | undefined {
  const change = changes.get(snapshot);
  const previous = change?.before.deref();
  return change && previous && { ...change, previous };
}

/**
 * The pods of the rebuilt namespaces that are not the same object before and after: those that went (or were made
 * again) and those that came (or were made again), each in the snapshot's order. An index entry that lists none of
 * them is the same after the change.
 */
export function podsWentAndCame(change: Pick<SnapshotChange, 'podsBefore' | 'podsAfter'>): { readonly went: SimPod[]; readonly came: SimPod[] } {
  // In the snapshot's order, a workload's pods sort together: what an edit of one leaves is passed over by identity.
  const { removed, added } = differences(change.podsBefore, change.podsAfter);
  return { went: removed, came: added };
}

/** podsWentAndCame's pods in one list. */
export function podsMadeAgain(change: Pick<SnapshotChange, 'podsBefore' | 'podsAfter'>): SimPod[] {
  const { went, came } = podsWentAndCame(change);
  return [...went, ...came];
}
