import type { ChunkedList } from './chunkedList';

/**
 * Lists kept sorted, searched by binary search instead of item by item. The long ones (the snapshot's pods and
 * Services, the cluster's objects and their groupings) are chunked lists, which an edit changes without copying.
 */

/** The first position from `from` on where `before` stops holding, in a list where it holds for a prefix. */
export function firstAfter<T>(items: readonly T[], before: (item: T) => boolean, from = 0): number {
  let low = from;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (before(items[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Two short lists sorted by `compare` as one; an item of `fresh` goes after the items of `kept` that sort the same. */
export function mergeSorted<T>(kept: readonly T[], fresh: readonly T[], compare: (a: T, b: T) => number): T[] {
  const merged: T[] = [];
  let at = 0;
  for (const item of fresh) {
    while (at < kept.length && compare(kept[at]!, item) <= 0) merged.push(kept[at++]!);
    merged.push(item);
  }
  while (at < kept.length) merged.push(kept[at++]!);
  return merged;
}

/**
 * A sorted list with some of its items taken out and others (sorted) put in. Each item taken out is found by
 * binary search; one not in the list is ignored.
 */
export function replaceSorted<T>(items: ChunkedList<T>, removed: readonly T[], added: readonly T[], compare: (a: T, b: T) => number): ChunkedList<T> {
  const positions = new Set<number>();
  for (const item of removed) {
    // Items that sort the same are told apart by identity.
    for (let at = items.firstAfter((candidate) => compare(candidate, item) < 0); at < items.length && compare(items.at(at)!, item) === 0; at++) {
      if (items.at(at) === item) {
        positions.add(at);
        break;
      }
    }
  }
  const cuts = [...positions].sort((a, b) => a - b).map((at) => [at, at + 1] as const);
  return splice(items, cuts, added, compare);
}

/**
 * Where one key's items are, [start, end), in a list where each key's items are one run: `order` says whether an
 * item sorts before the key (below 0), in its run (0) or after it (above 0).
 */
export function runOf<T, K>(items: ChunkedList<T>, key: K, order: (item: T, key: K) => number): readonly [number, number] {
  return [items.firstAfter((item) => order(item, key) < 0), items.firstAfter((item) => order(item, key) <= 0)];
}

/** The list with the runs of some keys (each found by binary search) replaced by fresh items, sorted by `compare`. */
export function replaceRuns<T, K>(items: ChunkedList<T>, keys: Iterable<K>, order: (item: T, key: K) => number, fresh: readonly T[], compare: (a: T, b: T) => number): ChunkedList<T> {
  const cuts = [...new Set(keys)].map((key) => runOf(items, key, order)).sort(([a], [b]) => a - b);
  return splice(items, cuts, fresh, compare);
}

/** The list with some runs [start, end) cut out (sorted, apart) and sorted items put in where they sort (after the items that sort the same). */
function splice<T>(items: ChunkedList<T>, cuts: readonly (readonly [number, number])[], fresh: readonly T[], compare: (a: T, b: T) => number): ChunkedList<T> {
  // Where each fresh item goes among the items; one that falls in a cut run goes where the run was.
  const insertAt = fresh.map((item) => items.firstAfter((candidate) => compare(candidate, item) <= 0));
  return items.edited(cuts, fresh, insertAt);
}
