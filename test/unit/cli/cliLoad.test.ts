import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { openWorkspace } from '../../../server/src/cli/openWorkspace';
import type { DiscoveryNotice } from '../../../server/src/workspace/fileDiscovery';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import type { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { WorkspaceSession } from '../../../server/src/workspace/workspaceSession';
import { CLI } from '../../support/cliRun';
import { useTempTrees } from '../../support/fixtures';

const service = (name: string, namespace?: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  selector: {app: ${name}}\n  ports: [{port: 80}]\n`;

/** Every file and folder under `root`, relative to it. */
function listing(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
}

function clusters(index: WorkspaceIndex): [string, string[]][] {
  return index.clusters().map((cluster) => [cluster.name, cluster.objects.map((object) => `${object.id.namespace ?? ''}/${object.id.name}`)]);
}

describe('kubetrace check loads as the language server does', () => {
  const tree = useTempTrees();

  test('a folder is read into the same files, clusters and namespaces as the language server reads it', async () => {
    const root = tree({
      'kubetrace.yaml': 'namespace: shop\n',
      'guestbook/web.yaml': service('frontend'),
      'store/web.yaml': service('frontend'),
      'store/db.yaml': service('db', 'data'),
      'team/kubetrace.yaml': 'namespace: team\n',
      'team/api.yaml': service('api'),
    });
    const cli = await openWorkspace([root], { exclude: [], maxFileSize: DEFAULT_SETTINGS.maxFileSize }, () => undefined);
    const server = new WorkspaceSession([root], DEFAULT_SETTINGS);
    await server.load();
    assert.equal(cli.index.fingerprint(), server.model.fingerprint());
    assert.deepEqual(clusters(cli.index), clusters(server.model));
    assert.deepEqual(
      clusters(cli.index).map(([name]) => cli.profileOf(name).namespace),
      clusters(server.model).map(([name]) => server.profileOf(name).namespace),
    );
    assert.ok(clusters(cli.index).some(([, objects]) => objects.includes('team/api')), "a cluster root's own profile places its objects");
  });

  test('several PATHs, a file among them whatever its extension, are one cluster; a folder that cannot be walked is told', async () => {
    const root = tree({ 'guestbook/web.yaml': service('frontend'), 'store/web.yaml': service('backend'), 'loose/extra.txt': service('extra') });
    fs.symlinkSync(path.join(root, 'store'), path.join(root, 'store', 'again'));
    const skipped: DiscoveryNotice[] = [];
    const session = new WorkspaceSession([path.join(root, 'guestbook'), path.join(root, 'store'), path.join(root, 'loose', 'extra.txt')], DEFAULT_SETTINGS, {
      oneCluster: true,
      skipped: (notice) => skipped.push(notice),
    });
    await session.load();
    assert.deepEqual(clusters(session.model), [['default', ['default/frontend', 'default/extra', 'default/backend']]]);
    assert.deepEqual(
      skipped.map((notice) => notice.path),
      [path.join(root, 'store', 'again')],
    );
  });

  test('without --cache-dir, check writes nothing: no cache in XDG_CACHE_HOME, the home folder, the working folder or the PATH', () => {
    const root = tree({ 'app/web.yaml': service('web', 'shop') });
    const home = tree({});
    const cacheHome = tree({});
    const cwd = tree({});
    const before = listing(root);
    const run = spawnSync(process.execPath, [CLI, 'check', root], { cwd, encoding: 'utf8', env: { ...process.env, HOME: home, XDG_CACHE_HOME: cacheHome } });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^1 files, 1 objects/m);
    assert.deepEqual([listing(home), listing(cacheHome), listing(cwd), listing(root)], [[], [], [], before]);
  });
});
