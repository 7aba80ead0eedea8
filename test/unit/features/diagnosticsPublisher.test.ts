import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Problem } from '../../../server/src/engine/problem';
import { DiagnosticsPublisher } from '../../../server/src/features/diagnostics';

const RANGE = { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } };

function problem(uri: string, message: string): Problem {
  return { code: 'KT101', severity: 'warning', message, uri, range: RANGE };
}

function recorder() {
  const sent: [string, string[]][] = [];
  const publisher = new DiagnosticsPublisher((uri: string, diagnostics: Diagnostic[]) => sent.push([uri, diagnostics.map((d) => d.message)]));
  return { publisher, take: () => sent.splice(0) };
}

describe('publishing diagnostics', () => {
  test('sends each file once, then only the files whose problems changed', () => {
    const { publisher, take } = recorder();
    const byUri = new Map<string, readonly Problem[]>([
      ['file:///a.yaml', [problem('file:///a.yaml', 'one')]],
      ['file:///b.yaml', []],
    ]);
    publisher.publish(byUri);
    assert.deepEqual(take(), [['file:///a.yaml', ['one']]], 'a file without problems is not sent');
    publisher.publish(byUri);
    assert.deepEqual(take(), [], 'nothing changed');
    byUri.set('file:///b.yaml', [problem('file:///b.yaml', 'two')]);
    byUri.set('file:///a.yaml', [problem('file:///a.yaml', 'one')]);
    publisher.publish(byUri);
    assert.deepEqual(take(), [['file:///b.yaml', ['two']]], 'a new list with the same problems is not sent again');
    byUri.delete('file:///a.yaml');
    publisher.publish(byUri);
    assert.deepEqual(take(), [['file:///a.yaml', []]], 'a file gone is cleared');
  });

  test('a list keeping most of its problems is sent again when one of them moved or changed', () => {
    const { publisher, take } = recorder();
    const kept = Array.from({ length: 50 }, (_, index) => problem('file:///a.yaml', `kept ${index}`));
    publisher.publish(new Map([['file:///a.yaml', [...kept, problem('file:///a.yaml', 'last')]]]));
    take();
    const moved: Problem = { ...problem('file:///a.yaml', 'last'), range: { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } } };
    publisher.publish(new Map([['file:///a.yaml', [...kept, moved]]]));
    assert.equal(take().length, 1, 'the same message at another line is a change');
    const withFix = (): Problem => ({ ...moved, fixes: [{ kind: 'replace', title: 'Change it to web', preferred: true, range: RANGE, value: 'web' }] });
    publisher.publish(new Map([['file:///a.yaml', [...kept, withFix()]]]));
    assert.equal(take().length, 1, 'a fix offered is a change');
    publisher.publish(new Map([['file:///a.yaml', [...kept, withFix()]]]));
    assert.deepEqual(take(), [], 'the same again is not');
  });

  test('with the changed files named, looks at those only', () => {
    const { publisher, take } = recorder();
    const byUri = new Map<string, readonly Problem[]>([
      ['file:///a.yaml', [problem('file:///a.yaml', 'one')]],
      ['file:///b.yaml', [problem('file:///b.yaml', 'two')]],
    ]);
    publisher.publish(byUri);
    take();
    byUri.set('file:///a.yaml', [problem('file:///a.yaml', 'one again')]);
    byUri.set('file:///b.yaml', []);
    publisher.publish(byUri, new Set(['file:///b.yaml']));
    assert.deepEqual(take(), [['file:///b.yaml', []]]);
    byUri.delete('file:///a.yaml');
    publisher.publish(byUri, new Set(['file:///a.yaml']));
    assert.deepEqual(take(), [['file:///a.yaml', []]], 'a named file that is gone is cleared');
    publisher.publish(byUri, new Set(['file:///a.yaml']));
    assert.deepEqual(take(), [], 'and cleared once');
  });

  test('problems from outside the analysis join their file, and leave it when they go', () => {
    const { publisher, take } = recorder();
    const byUri = new Map<string, readonly Problem[]>([['file:///kubetrace.yaml', [problem('file:///kubetrace.yaml', 'model')]]]);
    const extra = [problem('file:///kubetrace.yaml', 'profile'), problem('file:///other.yaml', 'elsewhere')];
    publisher.publish(byUri, undefined, extra);
    assert.deepEqual(take(), [
      ['file:///kubetrace.yaml', ['model', 'profile']],
      ['file:///other.yaml', ['elsewhere']],
    ]);
    publisher.publish(byUri, new Set(), extra);
    assert.deepEqual(take(), [], 'the same extra problems again');
    publisher.publish(byUri, new Set(), []);
    assert.deepEqual(take(), [
      ['file:///kubetrace.yaml', ['model']],
      ['file:///other.yaml', []],
    ]);
  });
});
