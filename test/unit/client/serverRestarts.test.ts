import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServerRestarts, type Severity } from '../../../client/src/serverRestarts';

describe('restarting a server that stopped', () => {
  test('restarts up to four times in three minutes, telling the user once, then gives up and says so once', () => {
    let now = 0;
    const told: [Severity, string][] = [];
    const restarts = new ServerRestarts((message, severity) => told.push([severity, message]), () => now);
    const decisions = [0, 1, 2, 3, 4].map(() => {
      now += 10_000;
      return restarts.afterStop();
    });
    assert.deepEqual(decisions, ['restart', 'restart', 'restart', 'restart', 'give up']);
    assert.deepEqual(told.map(([severity]) => severity), ['warning', 'error']);
    assert.match(told[0]![1], /stopped unexpectedly and was restarted/);
    assert.match(told[1]![1], /stopped 5 times in three minutes and is not restarted again.*Kubetrace: Restart Server/);
  });

  test('stops that are far apart never add up to giving up; a manual restart starts the count over', () => {
    let now = 0;
    const told: Severity[] = [];
    const restarts = new ServerRestarts((_, severity) => told.push(severity), () => now);
    for (let stop = 0; stop < 10; stop++) {
      now += 60_000;
      assert.equal(restarts.afterStop(), 'restart', `stop ${stop}, a minute after the last`);
    }
    assert.deepEqual(told, ['warning'], 'told once');
    for (let stop = 0; stop < 4; stop++) restarts.afterStop();
    restarts.reset();
    assert.equal(restarts.afterStop(), 'restart', 'after "Restart Server" the count starts over');
  });
});
