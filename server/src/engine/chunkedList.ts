/**
 * A list that is never changed, made from another by cutting runs out and putting items in, without copying
 * it: its items are held in chunks of a few hundred, and an edit copies only the chunks it touches and the
 * list of chunks, sharing every other chunk with the list it was made from. At 10,000 applications the
 * snapshot's pods and the cluster's objects are lists of tens of thousands that every edit changes in one
 * place; copied whole, each edit left a copy of each behind as garbage.
 *
 * It reads like a read-only array (length, at, iteration, filter, map, some, find, ...); what it lacks is
 * indexing with brackets.
 */

/** What code that only reads a list asks of it: an array and a chunked list both are one. */
export interface ReadonlyList<T> extends Iterable<T> {
  readonly length: number;
  at(index: number): T | undefined;
  filter<S extends T>(predicate: (item: T, index: number) => item is S): S[];
  filter(predicate: (item: T, index: number) => unknown): T[];
  map<U>(mapping: (item: T, index: number) => U): U[];
  flatMap<U>(mapping: (item: T, index: number) => U | readonly U[]): U[];
  forEach(action: (item: T, index: number) => void): void;
  some(predicate: (item: T, index: number) => unknown): boolean;
  every(predicate: (item: T, index: number) => unknown): boolean;
  find<S extends T>(predicate: (item: T, index: number) => item is S): S | undefined;
  find(predicate: (item: T, index: number) => unknown): T | undefined;
  findIndex(predicate: (item: T, index: number) => unknown): number;
  indexOf(item: T): number;
  includes(item: T): boolean;
  slice(start?: number, end?: number): T[];
}

/** How many items a chunk holds when a list is made; an edit keeps chunks between a quarter and twice that. */
const CHUNK_SIZE = 256;

export class ChunkedList<T> implements ReadonlyList<T> {
  private static readonly none = new ChunkedList<never>([], [0]);

  private constructor(
    private readonly chunks: readonly (readonly T[])[],
    /** Where each chunk starts in the list, and the list's length last. */
    private readonly starts: readonly number[],
  ) {}

  /** A list of these items, in this order (copied: the array may change afterwards). */
  static of<T>(items: Iterable<T>): ChunkedList<T> {
    if (items instanceof ChunkedList) return items as ChunkedList<T>;
    const all = [...items];
    if (all.length <= CHUNK_SIZE) return ChunkedList.fromChunks(all.length === 0 ? [] : [all]);
    const chunks: T[][] = [];
    for (let start = 0; start < all.length; start += CHUNK_SIZE) chunks.push(all.slice(start, start + CHUNK_SIZE));
    return ChunkedList.fromChunks(chunks);
  }

  static empty<T>(): ChunkedList<T> {
    return ChunkedList.none;
  }

  private static fromChunks<T>(chunks: readonly (readonly T[])[]): ChunkedList<T> {
    if (chunks.length === 0) return ChunkedList.none;
    const starts = new Array<number>(chunks.length + 1);
    let at = 0;
    for (let index = 0; index < chunks.length; index++) {
      starts[index] = at;
      at += chunks[index]!.length;
    }
    starts[chunks.length] = at;
    return new ChunkedList(chunks, starts);
  }

  get length(): number {
    return this.starts[this.chunks.length]!;
  }

  /** The item at a position (from the end when negative), as `Array.prototype.at`. */
  at(index: number): T | undefined {
    const position = index < 0 ? this.length + index : index;
    if (position < 0 || position >= this.length) return undefined;
    const chunk = this.chunkAt(position);
    return this.chunks[chunk]![position - this.starts[chunk]!];
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /** The position where `before` stops holding, in a list where it holds for a prefix: one binary search. */
  firstAfter(before: (item: T) => boolean): number {
    let low = 0;
    let high = this.chunks.length;
    // The first chunk whose last item `before` does not hold for, then the first such item in it.
    while (low < high) {
      const middle = (low + high) >> 1;
      const chunk = this.chunks[middle]!;
      if (before(chunk[chunk.length - 1]!)) low = middle + 1;
      else high = middle;
    }
    if (low === this.chunks.length) return this.length;
    const chunk = this.chunks[low]!;
    let first = 0;
    let last = chunk.length;
    while (first < last) {
      const middle = (first + last) >> 1;
      if (before(chunk[middle]!)) first = middle + 1;
      else last = middle;
    }
    return this.starts[low]! + first;
  }

  /**
   * This list with runs [start, end) cut out (sorted, apart) and items put in, each before the item that was
   * at its position (`insertAt`, not decreasing; the length: at the end); one whose position falls in a cut run
   * goes where the run was. Chunks no cut or insertion touches are shared with this list.
   */
  edited(cuts: readonly (readonly [number, number])[], fresh: readonly T[], insertAt: readonly number[]): ChunkedList<T> {
    const runs = cuts.every(([start, end]) => end > start) ? cuts : cuts.filter(([start, end]) => end > start);
    if (runs.length === 0 && fresh.length === 0) return this;
    if (this.chunks.length === 0) return ChunkedList.of(fresh);
    // Arrays made at their final size: an edit makes hundreds of short lists (the pods of each label), and an
    // array grown by pushing holds room for sixteen.
    const chunks: (readonly T[])[] = new Array(this.chunks.length);
    let count = 0;
    let cut = 0;
    let next = 0;
    for (let index = 0; index < this.chunks.length; index++) {
      const chunk = this.chunks[index]!;
      const start = this.starts[index]!;
      const end = start + chunk.length;
      const isLast = index === this.chunks.length - 1;
      const cutHere = cut < runs.length && runs[cut]![0] < end;
      const insertHere = next < fresh.length && (isLast || insertAt[next]! < end);
      if (!cutHere && !insertHere) {
        chunks[count++] = chunk;
        continue;
      }
      let size = chunk.length;
      for (let run = cut; run < runs.length && runs[run]![0] < end; run++) size -= Math.min(end, runs[run]![1]) - Math.max(start, runs[run]![0]);
      for (let item = next; item < fresh.length && (isLast || insertAt[item]! < end); item++) size++;
      const items = new Array<T>(size);
      let out = 0;
      for (let position = start; position < end; position++) {
        while (next < fresh.length && insertAt[next]! <= position) items[out++] = fresh[next++]!;
        while (cut < runs.length && runs[cut]![1] <= position) cut++;
        if (cut < runs.length && runs[cut]![0] <= position) continue;
        items[out++] = chunk[position - start]!;
      }
      if (isLast) while (next < fresh.length) items[out++] = fresh[next++]!;
      while (cut < runs.length && runs[cut]![1] <= end) cut++;
      count = addChunk(chunks, count, items);
    }
    chunks.length = count;
    return ChunkedList.fromChunks(chunks);
  }

  filter<S extends T>(predicate: (item: T, index: number) => item is S): S[];
  filter(predicate: (item: T, index: number) => unknown): T[];
  filter(predicate: (item: T, index: number) => unknown): T[] {
    const kept: T[] = [];
    let index = 0;
    for (const chunk of this.chunks) for (const item of chunk) if (predicate(item, index++)) kept.push(item);
    return kept;
  }

  map<U>(mapping: (item: T, index: number) => U): U[] {
    const mapped = new Array<U>(this.length);
    let index = 0;
    for (const chunk of this.chunks) for (const item of chunk) mapped[index] = mapping(item, index++);
    return mapped;
  }

  flatMap<U>(mapping: (item: T, index: number) => U | readonly U[]): U[] {
    return this.map(mapping).flat() as U[];
  }

  forEach(action: (item: T, index: number) => void): void {
    let index = 0;
    for (const chunk of this.chunks) for (const item of chunk) action(item, index++);
  }

  some(predicate: (item: T, index: number) => unknown): boolean {
    return this.findIndex(predicate) >= 0;
  }

  every(predicate: (item: T, index: number) => unknown): boolean {
    return this.findIndex((item, index) => !predicate(item, index)) < 0;
  }

  find<S extends T>(predicate: (item: T, index: number) => item is S): S | undefined;
  find(predicate: (item: T, index: number) => unknown): T | undefined;
  find(predicate: (item: T, index: number) => unknown): T | undefined {
    const index = this.findIndex(predicate);
    return index < 0 ? undefined : this.at(index);
  }

  findIndex(predicate: (item: T, index: number) => unknown): number {
    let index = 0;
    for (const chunk of this.chunks) {
      for (const item of chunk) {
        if (predicate(item, index)) return index;
        index++;
      }
    }
    return -1;
  }

  indexOf(item: T): number {
    return this.findIndex((candidate) => candidate === item);
  }

  includes(item: T): boolean {
    return this.indexOf(item) >= 0;
  }

  reduce<U>(step: (total: U, item: T, index: number) => U, initial: U): U {
    let total = initial;
    this.forEach((item, index) => (total = step(total, item, index)));
    return total;
  }

  /** The items in [start, end) as an array, as `Array.prototype.slice`. */
  slice(start = 0, end = this.length): T[] {
    const from = Math.max(0, start < 0 ? this.length + start : start);
    const to = Math.min(this.length, end < 0 ? this.length + end : end);
    const items: T[] = [];
    for (let position = from; position < to; position++) items.push(this.at(position)!);
    return items;
  }

  /** Serialised as the array of its items, so that a list survives JSON the way an array does. */
  toJSON(): T[] {
    return [...this];
  }

  private chunkAt(position: number): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/** Groups (of groupBy) as chunked lists, which an edit changes without copying. */
export function chunkedGroups<K, T>(groups: ReadonlyMap<K, readonly T[]>): Map<K, ChunkedList<T>> {
  return new Map([...groups].map(([key, items]) => [key, ChunkedList.of(items)]));
}

/**
 * An edited chunk into the first `count` chunks: an empty one dropped, a small one joined to the one before, a
 * large one split. Returns how many chunks there are then.
 */
function addChunk<T>(chunks: (readonly T[])[], count: number, items: T[]): number {
  if (items.length === 0) return count;
  let merged = items;
  let at = count;
  if (items.length < CHUNK_SIZE / 4 && at > 0) merged = [...chunks[--at]!, ...items];
  if (merged.length <= 2 * CHUNK_SIZE) {
    chunks[at] = merged;
    return at + 1;
  }
  const pieces = Math.ceil(merged.length / CHUNK_SIZE);
  const size = Math.ceil(merged.length / pieces);
  for (let start = 0; start < merged.length; start += size) chunks[at++] = merged.slice(start, start + size);
  return at;
}
