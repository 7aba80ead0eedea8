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
