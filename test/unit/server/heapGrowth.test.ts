/**
 * The heap's growth decided once after the first analysis: a small heap keeps V8's growth without a full collection
 * (the first edit would wait for it), a large one is collected once to measure what is live.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const HEAP_GROWTH = path.join(__dirname, '..', '..', '..', 'server', 'src', 'heapGrowth.js');

/** How many full collections keepHeapCloseToLive ran in a process holding `megabytes` of live arrays. */
function fullCollectionsWith(megabytes: number): number {
  const script = `
    const { PerformanceObserver, constants } = require('node:perf_hooks');
    const held = Array.from({ length: ${megabytes} }, () => new Array(131072).fill(0.5));
    let full = 0;
    const observer = new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++; });
    observer.observe({ entryTypes: ['gc'] });
    const { keepHeapCloseToLive } = require(${JSON.stringify(HEAP_GROWTH)});
    keepHeapCloseToLive();
    keepHeapCloseToLive();
    setTimeout(() => { observer.disconnect(); process.stdout.write(String(full) + ' ' + held.length); }, 50);
  `;
  const result = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return Number(result.stdout.split(' ')[0]);
}

describe('the heap growth after the first analysis', () => {
  test('a heap under the limit is not collected; one over it is collected once, however often it is asked', () => {
    assert.equal(fullCollectionsWith(8), 0);
    assert.equal(fullCollectionsWith(256), 1);
  });
});
