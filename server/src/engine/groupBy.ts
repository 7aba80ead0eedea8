/** Items by key, each item under every key `keysOf` gives it, in the order the items come. */
export function groupBy<T, K extends string = string>(items: Iterable<T>, keysOf: (item: T) => readonly K[]): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const members = groups.get(key);
      if (members) members.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}
