import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cellChanges, changeEntries, changeLines, revisionPath } from '../../../media/src/trace/matrixComparison';
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

  test("each entry links the lines that decided on both sides: the revision's file and the workspace's", () => {
    const line = (uri: string, at: number) => ({ uri, range: { start: { line: at, character: 0 }, end: { line: at, character: 5 } }, label: 'NetworkPolicy shop/api' });
    const [entry] = changeEntries({ ...COMPARISON, changes: [{ ...COMPARISON.changes[0]!, beforeRefs: [line('kubetrace-revision:/1a2b3c4d5e6f/deploy/policy%20a.yaml', 4)], afterRefs: [line('file:///w/deploy/policy%20a.yaml', 6)] }] });
    assert.deepEqual(entry!.lines.map((item) => [item.side, item.uri, item.range.start.line]), [['before', 'kubetrace-revision:/1a2b3c4d5e6f/deploy/policy%20a.yaml', 4], ['after', 'file:///w/deploy/policy%20a.yaml', 6]]);
    assert.equal(revisionPath('kubetrace-revision:/1a2b3c4d5e6f/deploy/policy%20a.yaml'), 'deploy/policy a.yaml');
    assert.equal(revisionPath('file:///w/deploy/policy.yaml'), undefined);
  });
});
