/** Lists kept sorted, searched and merged by binary search instead of item by item. */

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

/** Two lists sorted by `compare` as one; an item of `fresh` goes after the items of `kept` that sort the same. */
export function mergeSorted<T>(kept: readonly T[], fresh: readonly T[], compare: (a: T, b: T) => number): T[] {
  const result: T[] = [];
  let from = 0;
  for (const item of fresh) {
    const at = firstAfter(kept, (candidate) => compare(candidate, item) <= 0, from);
    for (let index = from; index < at; index++) result.push(kept[index]!);
    result.push(item);
    from = at;
  }
  for (let index = from; index < kept.length; index++) result.push(kept[index]!);
  return result;
}

/**
 * A sorted list with some of its items taken out and others put in. Each item taken out is found by binary
 * search, so the cost is one copy of the list, not a comparison per item; one not in the list is ignored.
 */
export function replaceSorted<T>(items: readonly T[], removed: readonly T[], added: readonly T[], compare: (a: T, b: T) => number): T[] {
  const positions: number[] = [];
  for (const item of removed) {
    // Items that sort the same are told apart by identity.
    for (let at = firstAfter(items, (candidate) => compare(candidate, item) < 0); at < items.length && compare(items[at]!, item) === 0; at++) {
      if (items[at] === item) {
        positions.push(at);
        break;
      }
    }
  }
  positions.sort((a, b) => a - b);
  const kept: T[] = [];
  let from = 0;
  for (const at of positions) {
    for (let index = from; index < at; index++) kept.push(items[index]!);
    from = at + 1;
  }
  for (let index = from; index < items.length; index++) kept.push(items[index]!);
  return mergeSorted(kept, [...added].sort(compare), compare);
}

/**
 * Where one key's items are, [start, end), in a list where each key's items are one run: `order` says whether an
 * item sorts before the key (below 0), in its run (0) or after it (above 0).
 */
export function runOf<T, K>(items: readonly T[], key: K, order: (item: T, key: K) => number): readonly [number, number] {
  return [firstAfter(items, (item) => order(item, key) < 0), firstAfter(items, (item) => order(item, key) <= 0)];
}

/** The list without the runs of some keys, each cut out where a binary search finds it. */
export function withoutRuns<T, K>(items: readonly T[], keys: Iterable<K>, order: (item: T, key: K) => number): readonly T[] {
  let kept = items;
  for (const key of keys) {
    const [start, end] = runOf(kept, key, order);
    if (end > start) kept = kept.slice(0, start).concat(kept.slice(end));
  }
  return kept;
}
