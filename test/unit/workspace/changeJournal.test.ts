import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChangeJournal } from '../../../server/src/workspace/changeJournal';

describe('the change journal', () => {
  test('tells each reader what changed after the revision it saw', () => {
    const journal = new ChangeJournal();
    const start = journal.revision;
    journal.record('a');
    const middle = journal.revision;
    journal.record('b');
    journal.record('a');
    assert.deepEqual(journal.since(start), new Set(['a', 'b']));
    assert.deepEqual(journal.since(middle), new Set(['b', 'a']));
    assert.deepEqual(journal.since(journal.revision), new Set());
  });

  test('a reader from before everything changed, or from no revision it gave, learns nothing specific', () => {
    const journal = new ChangeJournal();
    journal.record('a');
    const before = journal.revision;
    journal.recordAll();
    assert.equal(journal.since(before), undefined);
    assert.deepEqual(journal.since(journal.revision), new Set());
    assert.equal(journal.since(-1), undefined);
    assert.equal(journal.since(journal.revision + 1), undefined);
  });

  test('forgets old changes past its limit instead of growing without end', () => {
    const journal = new ChangeJournal();
    const start = journal.revision;
    for (let i = 0; i < 60_000; i++) journal.record(`file-${i % 7}`);
    assert.equal(journal.since(start), undefined);
    const recent = journal.revision;
    journal.record('x');
    assert.deepEqual(journal.since(recent), new Set(['x']));
  });
});
