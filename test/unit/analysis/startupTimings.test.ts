import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StartupTimings } from '../../../server/src/analysis/startupTimings';

describe('StartupTimings', () => {
  test('the first publish says when it came and when each step of the start was reached', () => {
    let now = 0;
    const timings = new StartupTimings(() => now);
    now = 230.4;
    timings.mark('initialize');
    now = 760.6;
    timings.mark('files parsed');
    now = 871;
    assert.equal(timings.firstPublish(), 'First diagnostics published 871 ms after the server process started (initialize at 230, files parsed at 761 ms).');
  });

  test('later publishes and later loads say nothing more', () => {
    let now = 10;
    const timings = new StartupTimings(() => now);
    timings.mark('initialize');
    assert.ok(timings.firstPublish());
    now = 5000;
    timings.mark('files parsed');
    assert.equal(timings.firstPublish(), undefined);
  });
});
