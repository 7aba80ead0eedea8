import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Problem } from '../../../server/src/engine/problem';
import { analysisKey, readCachedAnalysis, writeCachedAnalysis } from '../../../server/src/workspace/analysisCache';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import { WorkspaceSession } from '../../../server/src/workspace/workspaceSession';
import { useTempTrees } from '../../support/fixtures';

const PROBLEM: Problem = { code: 'KT002', severity: 'error', message: 'spec.ports[0].port must be an integer', uri: 'file:///w/a.yaml', range: { start: { line: 7, character: 12 }, end: { line: 7, character: 16 } } };
const KEY_PARTS = { fingerprint: 'f1', settings: DEFAULT_SETTINGS, profile: { clusterDomain: 'cluster.local' }, build: 'b1' };

describe('warm-start cache', () => {
  const tree = useTempTrees();

  test('stores and gives back the problems under their key, creating the folder', async () => {
    const directory = path.join(tree({}), 'deep', 'cache');
    const key = analysisKey(KEY_PARTS);
    await writeCachedAnalysis(directory, key, { problems: new Map([['file:///w/a.yaml', [PROBLEM]], ['file:///w/b.yaml', []]]), objectCount: 12 });
    assert.deepEqual(await readCachedAnalysis(directory, key), { problems: new Map([['file:///w/a.yaml', [PROBLEM]], ['file:///w/b.yaml', []]]), objectCount: 12 });
    assert.deepEqual(fs.readdirSync(directory), ['kubetrace-analysis.json'], 'no partial file is left behind');
  });

  test('the key changes with every part it names', () => {
    const key = analysisKey(KEY_PARTS);
    assert.equal(analysisKey({ ...KEY_PARTS }), key);
    for (const changed of [{ fingerprint: 'f2' }, { settings: { ...DEFAULT_SETTINGS, maxFileSize: 1 } }, { profile: { clusterDomain: 'corp.local' } }, { build: 'b2' }]) {
      assert.notEqual(analysisKey({ ...KEY_PARTS, ...changed }), key, JSON.stringify(changed));
    }
  });

  test('a stale, missing, corrupt or misshapen cache is ignored', async () => {
    const directory = tree({});
    const key = analysisKey(KEY_PARTS);
    assert.equal(await readCachedAnalysis(path.join(directory, 'none'), key), undefined, 'no cache yet');
    await writeCachedAnalysis(directory, key, { problems: new Map([['file:///w/a.yaml', [PROBLEM]]]), objectCount: 1 });
    assert.equal(await readCachedAnalysis(directory, analysisKey({ ...KEY_PARTS, fingerprint: 'f2' })), undefined, 'stale: another key');
    const file = path.join(directory, 'kubetrace-analysis.json');
    const good = fs.readFileSync(file, 'utf8');
    for (const corrupt of [good.slice(0, good.length / 2), '\u0000\u0001binary', JSON.stringify({ format: 1, key, objectCount: 1, problems: [['file:///w/a.yaml', [{ ...PROBLEM, range: 'line 8' }]]] }), JSON.stringify({ format: 1, key, problems: [] }), JSON.stringify({ format: 99, key, problems: [] }), JSON.stringify([key])]) {
      fs.writeFileSync(file, corrupt);
      assert.equal(await readCachedAnalysis(directory, key), undefined, corrupt.slice(0, 60));
    }
  });

  test('the fingerprint a scan announces is the one the index has once the scan is parsed', async () => {
    const root = tree({ 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n', 'b/c.yml': 'kind: [broken\n' });
    const session = new WorkspaceSession([root], DEFAULT_SETTINGS);
    session.setOpenDocument(`file://${path.join(root, 'a.yaml')}`, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: edited\n');
    const announced = await session.scan();
    await session.indexScanned();
    assert.equal(session.model.fingerprint(), announced);
    fs.writeFileSync(path.join(root, 'b', 'c.yml'), 'kind: fixed\n');
    assert.notEqual(await session.scan(), announced, 'a changed file changes the fingerprint');
  });
});
