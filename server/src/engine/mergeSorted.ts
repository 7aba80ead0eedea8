/** Two lists sorted by `compare` as one, finding where each new item goes by binary search instead of comparing every pair. */
export function mergeSorted<T>(kept: readonly T[], fresh: readonly T[], compare: (a: T, b: T) => number): T[] {
  const result: T[] = [];
  let from = 0;
  for (const item of fresh) {
    let low = from;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(kept[middle]!, item) <= 0) low = middle + 1;
      else high = middle;
    }
    for (let index = from; index < low; index++) result.push(kept[index]!);
    result.push(item);
    from = low;
  }
  for (let index = from; index < kept.length; index++) result.push(kept[index]!);
  return result;
}
