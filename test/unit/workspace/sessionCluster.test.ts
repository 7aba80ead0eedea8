import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import { WorkspaceSession } from '../../../server/src/workspace/workspaceSession';
import { editorUri, useTempTrees } from '../../support/fixtures';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

describe('workspace session: the cluster a request is about', () => {
  const tree = useTempTrees();

  test('by name, else the one that holds the file, else the first; none in an empty workspace', async () => {
    const root = tree({ 'base/ns.yaml': ns('shop'), 'overlays/prod/p.yaml': ns('prod'), 'overlays/staging/s.yaml': ns('staging') });
    const session = new WorkspaceSession([root], { ...DEFAULT_SETTINGS, clusters: { prod: ['overlays/prod', 'base'], staging: ['overlays/staging', 'base'] } });
    await session.load();
    const first = 'prod';
    assert.deepEqual(session.model.clusters().map((cluster) => cluster.name), ['prod', 'staging']);
    const staging = editorUri(path.join(root, 'overlays', 'staging', 's.yaml'));
    assert.equal(session.cluster('staging')?.name, 'staging');
    assert.equal(session.cluster()?.name, first);
    assert.equal(session.cluster('no-such-cluster')?.name, first, 'an unknown name falls back to the first');
    assert.equal(session.cluster(undefined, staging)?.name, 'staging');
    assert.equal(session.cluster('no-such-cluster', staging)?.name, 'staging');
    assert.equal(session.cluster('prod', staging)?.name, 'prod', 'the name wins over the file');
    assert.equal(session.cluster(undefined, editorUri(path.join(root, 'elsewhere.yaml')))?.name, first);
    const empty = new WorkspaceSession([tree({})], DEFAULT_SETTINGS);
    await empty.load();
    assert.equal(empty.cluster('prod'), undefined);
  });
});
