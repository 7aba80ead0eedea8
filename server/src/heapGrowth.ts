import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what the last full collection kept, once a large workspace is loaded. By
 * default it lets the old space grow to about twice the live heap before collecting again: at 10,000 applications
 * about 300 MB are live after the first analysis and the heap reached 600 MB over 200 edits (peak RSS 700-740 MB).
 * At 30% full collections come more often, each marking concurrently, and the heap stays near 400 MB. It is no
 * limit: a larger workspace grows the heap as far as it needs.
 */
const GROWTH_PERCENT = 30;
/**
 * Below this live heap, doubling costs less than the collections would: the 50,000-line file's edits, each leaving
 * megabytes of old garbage, took twice as long at 30%. The load keeps the default too, its heap growing steadily
 * (at 30% from the start, 27% more processor time at 10,000 applications).
 */
const LARGE_LIVE_HEAP_BYTES = 192 * 2 ** 20;

let decided = false;

/**
 * Called once the first analysis after a load is sent; later calls change nothing. A heap in use under
 * LARGE_LIVE_HEAP_BYTES, garbage included, keeps V8's growth with no collection. Else one full collection measures
 * the live heap and sets the next limit, under the new growth set before it: else the limit the load left could
 * hold through hundreds of edits. A heap found small gets V8's growth back from its next collection on. Without
 * `gc` (a server started without SERVER_EXEC_ARGV) the growth stays V8's.
 */
export function keepHeapCloseToLive(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (decided || typeof collect !== 'function') return;
  decided = true;
  // A heap under the limit with its garbage is small: V8's growth stays, and telling needs no collection (which the
  // first edit after opening a 5 MB file would wait for).
  if (getHeapStatistics().used_heap_size < LARGE_LIVE_HEAP_BYTES) return;
  setFlagsFromString(`--heap-growing-percent=${GROWTH_PERCENT}`);
  collect();
  // 0 is V8's own default: its growth, worked out from the collector's speed.
  if (getHeapStatistics().used_heap_size < LARGE_LIVE_HEAP_BYTES) setFlagsFromString('--heap-growing-percent=0');
}
