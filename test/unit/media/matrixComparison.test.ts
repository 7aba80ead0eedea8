import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cellChanges, changeLines } from '../../../media/src/trace/matrixComparison';
import type { MatrixComparison } from '../../../media/src/protocol';

const COMPARISON: MatrixComparison = {
  base: 'HEAD (1a2b3c4d5e6f)',
  summary: '1 connections opened, 2 closed',
  changes: [
    { from: 'shop/web', to: 'shop/api', protocol: 'TCP', port: 8080, before: 'denied', after: 'allowed', effect: 'opened' },
    { from: 'shop/web', to: 'shop/api', protocol: 'TCP', port: 9090, before: 'allowed', after: 'denied', effect: 'closed' },
    { from: '*', to: 'shop/db', protocol: 'TCP', port: 5432, before: 'allowed', after: 'denied', effect: 'closed', sources: ['shop/batch', 'shop/cron'], sourceCount: 2 },
  ],
};

describe('the matrix compared with a revision', () => {
  test('each changed cell says how, in words and a mark: one effect, or changed when its ports went both ways', () => {
    const changeOf = cellChanges(COMPARISON);
    assert.deepEqual(changeOf('shop/web', 'shop/api'), { effect: 'changed', mark: '~', label: 'changed against HEAD (1a2b3c4d5e6f): TCP/8080 denied → allowed, TCP/9090 allowed → denied' });
    assert.deepEqual(changeOf('shop/batch', 'shop/db'), { effect: 'closed', mark: '▼', label: 'closed against HEAD (1a2b3c4d5e6f): TCP/5432 allowed → denied' });
    assert.equal(changeOf('shop/cron', 'shop/db')?.effect, 'closed', 'a * change marks every workload it names');
    assert.equal(changeOf('shop/api', 'shop/web'), undefined);
  });

  test('the list under the matrix names every change', () => {
    assert.deepEqual(changeLines(COMPARISON), [
      '▲ opened: shop/web → shop/api TCP/8080: denied → allowed',
      '▼ closed: shop/web → shop/api TCP/9090: allowed → denied',
      '▼ closed: every other workload (shop/batch, shop/cron) → shop/db TCP/5432: allowed → denied',
    ]);
  });
});
