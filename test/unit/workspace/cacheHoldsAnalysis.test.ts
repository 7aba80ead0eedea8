import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { AnalysisCacheStore } from '../../../server/src/workspace/analysisCache';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import { useTempTrees } from '../../support/fixtures';

describe('whether a warm-start cache may answer before its key is known (check parses while it reads when not)', () => {
  const tree = useTempTrees();

  test('a missing or empty folder holds no analysis; one written to holds one, of whatever context', async () => {
    const store = new AnalysisCacheStore(path.join(tree({}), 'cache'), (error) => assert.fail(String(error)));
    assert.equal(await store.holdsAnalysis(), false, 'no folder yet');
    await store.write({ fingerprint: 'f1', settings: DEFAULT_SETTINGS, profile: [] }, { problems: new Map(), objectCount: 0 });
    assert.equal(await store.holdsAnalysis(), true);
    assert.equal(await new AnalysisCacheStore(tree({ 'other.json': '{}' }), () => undefined).holdsAnalysis(), false, 'a folder of other files');
  });
});
