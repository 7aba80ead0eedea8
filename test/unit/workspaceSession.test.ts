import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../server/src/workspace/settings';
import { WorkspaceSession } from '../../server/src/workspace/workspaceSession';
import { useTempTrees } from '../support/fixtures';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  ports: [{port: 80}]\n`;

function names(session: WorkspaceSession): string[] {
  return session.model
    .clusters()
    .flatMap((cluster) => cluster.objects.map((object) => `${cluster.name}:${object.id.kind}/${object.id.name}`))
    .sort();
}

describe('workspace session', () => {
  const tree = useTempTrees();
  const uri = (root: string, relative: string) => pathToFileURL(path.join(root, relative)).href;

  async function loaded(root: string, settings: Partial<WorkspaceSettings> = {}) {
    const session = new WorkspaceSession([root], { ...DEFAULT_SETTINGS, ...settings });
    await session.load();
    return session;
  }

  /** The model after incremental updates must equal a fresh load of the same disk and open editors. */
  async function assertSameAsFresh(session: WorkspaceSession, root: string, open: Record<string, string> = {}, settings: Partial<WorkspaceSettings> = {}) {
    const fresh = new WorkspaceSession([root], { ...DEFAULT_SETTINGS, ...settings });
    for (const [relative, text] of Object.entries(open)) fresh.setOpenDocument(uri(root, relative), text);
    await fresh.load();
    assert.deepEqual(session.model.clusters(), fresh.model.clusters());
    assert.deepEqual(session.model.problemsByUri(), fresh.model.problemsByUri());
  }

  test('reads YAML and JSON files, skipping .git, node_modules and exclusions', async () => {
    const root = tree({
      'a.yaml': ns('a'),
      'b.yml': ns('b'),
      'c.json': JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c' } }),
      'd.txt': ns('d'),
      '.git/e.yaml': ns('e'),
      'node_modules/pkg/f.yaml': ns('f'),
      'vendor/g.yaml': ns('g'),
      'charts/h.yaml': ns('h'),
    });
    const session = await loaded(root, { exclude: ['vendor/**', '**/charts'] });
    assert.deepEqual(names(session), ['default:Namespace/a', 'default:Namespace/b', 'default:Namespace/c']);
  });

  test('a file over the size limit gives a KT005 notice and no objects', async () => {
    const root = tree({ 'big.yaml': ns('big') + '#'.repeat(500), 'small.yaml': ns('small') });
    const session = await loaded(root, { maxFileSize: 200 });
    assert.deepEqual(names(session), ['default:Namespace/small']);
    const problems = session.model.problemsByUri().get(uri(root, 'big.yaml')) ?? [];
    assert.deepEqual(problems.map((problem) => [problem.code, problem.severity]), [['KT005', 'information']]);
  });

  test('open documents win over disk; closing one brings the disk back', async () => {
    const root = tree({ 'a.yaml': ns('on-disk') });
    const session = await loaded(root);
    session.setOpenDocument(uri(root, 'a.yaml'), ns('in-editor'));
    session.setOpenDocument(uri(root, 'unsaved.yaml'), ns('unsaved'));
    assert.deepEqual(names(session), ['default:Namespace/in-editor', 'default:Namespace/unsaved']);
    await assertSameAsFresh(session, root, { 'a.yaml': ns('in-editor'), 'unsaved.yaml': ns('unsaved') });
    await session.closeDocument(uri(root, 'a.yaml'));
    await session.closeDocument(uri(root, 'unsaved.yaml'));
    assert.deepEqual(names(session), ['default:Namespace/on-disk']);
    await assertSameAsFresh(session, root);
  });

  test('an open document outside the workspace folders counts while open', async () => {
    const root = tree({ 'a.yaml': ns('a') });
    const outside = tree({ 'x.yaml': ns('x') });
    const session = await loaded(root);
    session.setOpenDocument(uri(outside, 'x.yaml'), ns('x'));
    assert.deepEqual(names(session), ['default:Namespace/a', 'default:Namespace/x']);
    await session.closeDocument(uri(outside, 'x.yaml'));
    assert.deepEqual(names(session), ['default:Namespace/a']);
  });

  test('created, changed, renamed and deleted files and folders update the model', async () => {
    const root = tree({ 'a.yaml': ns('a'), 'dir/b.yaml': ns('b'), 'dir/sub/c.yaml': ns('c') });
    const session = await loaded(root);

    fs.writeFileSync(path.join(root, 'new.yaml'), ns('new'));
    fs.writeFileSync(path.join(root, 'a.yaml'), ns('a2'));
    await session.applyFileChanges([
      { uri: uri(root, 'new.yaml'), kind: 'created' },
      { uri: uri(root, 'a.yaml'), kind: 'changed' },
    ]);
    assert.deepEqual(names(session), ['default:Namespace/a2', 'default:Namespace/b', 'default:Namespace/c', 'default:Namespace/new']);

    fs.renameSync(path.join(root, 'new.yaml'), path.join(root, 'renamed.yaml'));
    await session.applyFileChanges([
      { uri: uri(root, 'new.yaml'), kind: 'deleted' },
      { uri: uri(root, 'renamed.yaml'), kind: 'created' },
    ]);
    assert.ok(!session.model.has(uri(root, 'new.yaml')));
    assert.ok(session.model.has(uri(root, 'renamed.yaml')));

    fs.renameSync(path.join(root, 'dir'), path.join(root, 'moved'));
    await session.applyFileChanges([
      { uri: uri(root, 'dir'), kind: 'deleted' },
      { uri: uri(root, 'moved'), kind: 'created' },
    ]);
    assert.deepEqual(session.model.uris(), ['a.yaml', 'moved/b.yaml', 'moved/sub/c.yaml', 'renamed.yaml'].map((relative) => uri(root, relative)));
    await assertSameAsFresh(session, root);

    fs.rmSync(path.join(root, 'moved'), { recursive: true });
    await session.applyFileChanges([{ uri: uri(root, 'moved'), kind: 'deleted' }]);
    assert.deepEqual(names(session), ['default:Namespace/a2', 'default:Namespace/new']);
    await assertSameAsFresh(session, root);
  });

  test('a change event for an open document leaves the editor text in charge', async () => {
    const root = tree({ 'a.yaml': ns('disk') });
    const session = await loaded(root);
    session.setOpenDocument(uri(root, 'a.yaml'), ns('editor'));
    fs.writeFileSync(path.join(root, 'a.yaml'), ns('disk2'));
    await session.applyFileChanges([{ uri: uri(root, 'a.yaml'), kind: 'changed' }]);
    assert.deepEqual(names(session), ['default:Namespace/editor']);
  });

  test('kubetrace.clusters gives separate cluster models; duplicates are per cluster', async () => {
    const settings = { clusters: { prod: ['overlays/prod', 'base'], staging: ['overlays/staging', 'base'] } };
    const root = tree({
      'base/ns.yaml': ns('shop'),
      'overlays/prod/web.yaml': svc('web'),
      'overlays/staging/web.yaml': svc('web'),
      'overlays/staging/web-copy.yaml': svc('web'),
      'tools/debug.yaml': ns('debug'),
    });
    const session = await loaded(root, settings);
    assert.deepEqual(names(session), [
      'default:Namespace/debug',
      'prod:Namespace/shop',
      'prod:Service/web',
      'staging:Namespace/shop',
      'staging:Service/web',
      'staging:Service/web',
    ]);
    const problems = session.model.problemsByUri();
    assert.deepEqual(problems.get(uri(root, 'overlays/prod/web.yaml')), [], 'prod has one web Service');
    assert.deepEqual(problems.get(uri(root, 'overlays/staging/web.yaml'))?.map((problem) => problem.code), ['KT004']);
    await session.reconfigure(DEFAULT_SETTINGS);
    assert.deepEqual(
      session.model.clusters().map((cluster) => cluster.name),
      ['default'],
      'without the setting the workspace is one cluster',
    );
    await assertSameAsFresh(session, root);
  });
});
