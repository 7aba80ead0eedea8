import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Problem } from '../../../server/src/engine/problem';
import { AnalysisCacheStore } from '../../../server/src/workspace/analysisCache';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import { useTempTrees } from '../../support/fixtures';

const PROBLEM: Problem = { code: 'KT002', severity: 'error', message: 'spec.ports[0].port must be an integer', uri: 'file:///w/a.yaml', range: { start: { line: 7, character: 12 }, end: { line: 7, character: 16 } } };
const CONTEXT = { fingerprint: 'f1', settings: DEFAULT_SETTINGS, profile: [{ clusterDomain: 'cluster.local' }] };

describe('warm-start cache store (the server and kubetrace check --cache-dir)', () => {
  const tree = useTempTrees();

  test('gives back what was stored for the same context, and nothing for another', async () => {
    const failures: unknown[] = [];
    const store = new AnalysisCacheStore(path.join(tree({}), 'cache'), (error) => failures.push(error));
    const analysis = { problems: new Map([['file:///w/a.yaml', [PROBLEM]]]), objectCount: 3 };
    await store.write(CONTEXT, analysis);
    assert.deepEqual(await store.read(CONTEXT), analysis);
    assert.equal(await store.read({ ...CONTEXT, fingerprint: 'f2' }), undefined, 'other files');
    assert.equal(await store.read({ ...CONTEXT, settings: { ...DEFAULT_SETTINGS, exclude: ['vendor/**'] } }), undefined, 'other settings');
    assert.equal(await store.read({ ...CONTEXT, profile: [{ clusterDomain: 'corp.local' }] }), undefined, 'another profile');
    assert.deepEqual(failures, []);
  });

  test('a write that fails is reported and does not throw', async () => {
    const file = path.join(tree({ 'taken': 'a file where the folder would be' }), 'taken');
    const failures: unknown[] = [];
    const store = new AnalysisCacheStore(path.join(file, 'cache'), (error) => failures.push(error));
    await store.write(CONTEXT, { problems: new Map(), objectCount: 0 });
    assert.equal(failures.length, 1);
    assert.match(String(failures[0]), /ENOTDIR/);
    assert.ok(fs.statSync(file).isFile());
  });

  test('folders are made level by level, and one that cannot be made under /proc fails at once instead of looping', { timeout: 10_000, skip: !fs.existsSync('/proc/self') && 'no /proc on this system' }, async () => {
    const nested = path.join(tree({}), 'a', 'b', 'cache');
    const made = new AnalysisCacheStore(nested, (error) => assert.fail(String(error)));
    await made.write(CONTEXT, { problems: new Map(), objectCount: 1 });
    assert.equal((await made.read(CONTEXT))?.objectCount, 1);
    const failures: unknown[] = [];
    await new AnalysisCacheStore('/proc/kubetrace-nope/cache', (error) => failures.push(error)).write(CONTEXT, { problems: new Map(), objectCount: 0 });
    assert.equal(failures.length, 1);
    assert.match(String(failures[0]), /ENOENT/);
  });
});
