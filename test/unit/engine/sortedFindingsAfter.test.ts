import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sortedFindings, sortedFindingsAfter } from '../../../server/src/engine/diagnostics/checkCluster';
import type { KubeObject } from '../../../server/src/engine/objects';
import type { Problem } from '../../../server/src/engine/problem';
import { pick, seededRandom } from '../../support/random';

/** Stand-ins for objects: the findings are keyed by identity alone. */
const OBJECTS = Array.from({ length: 12 }, (_, index) => ({ index }) as unknown as KubeObject);

/** A finding from few files, lines, codes and messages, so that many sort the same. */
function problem(random: () => number): Problem {
  const line = Math.floor(random() * 3);
  return {
    code: pick(['KT101', 'KT102'] as const, random),
    severity: 'warning',
    message: pick(['a', 'b'], random),
    uri: pick(['file:///a.yaml', 'file:///b.yaml'], random),
    range: { start: { line, character: 0 }, end: { line, character: 1 } },
  };
}

describe('the findings in document order after a recheck', () => {
  test('are those a sort of the findings after gives, equal ones in the same order', () => {
    const random = seededRandom(23);
    let findings = new Map<KubeObject, readonly Problem[]>();
    let sorted = sortedFindings(findings);
    for (let step = 0; step < 2000; step++) {
      const gone = OBJECTS.filter(() => random() < 0.2);
      const fresh = new Map<KubeObject, Problem[]>();
      for (const object of gone) if (random() < 0.7) fresh.set(object, Array.from({ length: 1 + Math.floor(random() * 3) }, () => problem(random)));
      // As ClusterChecks keeps them: the objects checked again go, and come back last.
      const after = new Map(findings);
      for (const object of gone) after.delete(object);
      for (const [object, problems] of fresh) after.set(object, problems);
      const merged = sortedFindingsAfter(sorted, findings, gone, fresh);
      const expected = sortedFindings(after);
      assert.equal(merged.length, expected.length, `step ${step}`);
      merged.forEach((item, index) => assert.equal(item, expected[index], `step ${step}: finding ${index}`));
      findings = after;
      sorted = merged;
    }
  });
});
