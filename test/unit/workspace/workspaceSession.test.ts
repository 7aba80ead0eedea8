import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../../server/src/workspace/settings';
import { WorkspaceSession, type FileChange } from '../../../server/src/workspace/workspaceSession';
import { editorUri, useTempTrees } from '../../support/fixtures';
import { seededRandom } from '../../support/random';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  ports: [{port: 80}]\n`;
const CLUSTERS = { prod: ['overlays/prod', 'base'], staging: ['overlays/staging', 'base'] };

function names(session: WorkspaceSession): string[] {
  return session.model
    .clusters()
    .flatMap((cluster) => cluster.objects.map((object) => `${cluster.name}:${object.id.kind}/${object.id.name}`))
    .sort();
}

function codesByUri(session: WorkspaceSession): Record<string, string[]> {
  return Object.fromEntries([...session.model.problemsByUri()].map(([uri, problems]) => [uri, problems.map((problem) => problem.code)]));
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
  async function assertSameAsFresh(session: WorkspaceSession, root: string, open: Record<string, string> = {}, settings: Partial<WorkspaceSettings> = {}, message?: string) {
    const fresh = new WorkspaceSession([root], { ...DEFAULT_SETTINGS, ...settings });
    for (const [relative, text] of Object.entries(open)) fresh.setOpenDocument(uri(root, relative), text);
    await fresh.load();
    assert.deepStrictEqual(session.model.clusters(), fresh.model.clusters(), message);
    assert.deepStrictEqual(session.model.problemsByUri(), fresh.model.problemsByUri(), message);
  }

  test('reads YAML and JSON files, skipping .git, node_modules and exclusions', async () => {
    const root = tree({
      'a.yaml': ns('a'),
      'b.yml': ns('b'),
      'c.json': JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c' } }),
      'upper.YAML': ns('upper'),
      'd.txt': ns('d'),
      '.git/e.yaml': ns('e'),
      'node_modules/pkg/f.yaml': ns('f'),
      'deep/node_modules/f2.yaml': ns('f2'),
      'vendor/g.yaml': ns('g'),
      'charts/h.yaml': ns('h'),
    });
    const session = await loaded(root, { exclude: ['vendor/**', '**/charts'] });
    assert.deepEqual(names(session), ['default:Namespace/a', 'default:Namespace/b', 'default:Namespace/c', 'default:Namespace/upper']);
    assert.deepEqual(session.model.uris(), ['a.yaml', 'b.yml', 'c.json', 'upper.YAML'].map((relative) => uri(root, relative)).sort());
  });

  test('events for excluded or non-manifest paths do not add anything', async () => {
    const root = tree({ 'a.yaml': ns('a') });
    const session = await loaded(root, { exclude: ['vendor/**'] });
    const created = { 'vendor/v.yaml': ns('v'), 'node_modules/m.yaml': ns('m'), '.git/g.yaml': ns('g'), 'notes.txt': ns('t'), 'lib/node_modules/x/y.yaml': ns('y') };
    for (const [relative, text] of Object.entries(created)) {
      fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      fs.writeFileSync(path.join(root, relative), text);
    }
    await session.applyFileChanges([
      ...Object.keys(created).map((relative): FileChange => ({ uri: uri(root, relative), kind: 'created' })),
      { uri: uri(root, 'node_modules'), kind: 'created' },
      { uri: uri(root, 'lib'), kind: 'created' },
    ]);
    assert.deepEqual(names(session), ['default:Namespace/a']);
    // Editing an excluded file in the editor does not bring it in either.
    session.setOpenDocument(uri(root, 'vendor/v.yaml'), ns('v-open'));
    assert.deepEqual(names(session), ['default:Namespace/a']);
    await assertSameAsFresh(session, root, { 'vendor/v.yaml': ns('v-open') }, { exclude: ['vendor/**'] });
  });

  test('a file over the size limit gives a KT005 notice at its start and no objects', async () => {
    const root = tree({ 'big.yaml': ns('big') + '#'.repeat(500), 'small.yaml': ns('small') });
    const session = await loaded(root, { maxFileSize: 200 });
    assert.deepEqual(names(session), ['default:Namespace/small']);
    const [notice, ...others] = session.model.problemsByUri().get(uri(root, 'big.yaml')) ?? [];
    assert.deepEqual(others, []);
    assert.equal(notice?.code, 'KT005');
    assert.equal(notice?.severity, 'information');
    assert.deepEqual(notice?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(notice?.message ?? '', /over the 200 bytes limit \(setting kubetrace\.maxFileSize\)/);
    assert.deepEqual(session.model.problemsByUri().get(uri(root, 'small.yaml')), []);
  });

  test('a file that grows over the limit loses its objects; shrinking back restores them', async () => {
    const root = tree({ 'a.yaml': ns('a') });
    const session = await loaded(root, { maxFileSize: 200 });
    fs.writeFileSync(path.join(root, 'a.yaml'), ns('a') + '#'.repeat(500));
    await session.applyFileChanges([{ uri: uri(root, 'a.yaml'), kind: 'changed' }]);
    assert.deepEqual(names(session), []);
    assert.deepEqual(codesByUri(session), { [uri(root, 'a.yaml')]: ['KT005'] });
    fs.writeFileSync(path.join(root, 'a.yaml'), ns('a'));
    await session.applyFileChanges([{ uri: uri(root, 'a.yaml'), kind: 'changed' }]);
    assert.deepEqual(names(session), ['default:Namespace/a']);
    assert.deepEqual(codesByUri(session), { [uri(root, 'a.yaml')]: [] });
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
    assert.ok(!session.model.has(uri(root, 'unsaved.yaml')), 'a never-saved document leaves nothing behind');
    await assertSameAsFresh(session, root);
  });

  test('the namespaces of the open documents are those their objects name, as the editor has them', async () => {
    const root = tree({ 'a.yaml': svc('web'), 'b.yaml': svc('api').replace('namespace: shop', 'namespace: billing') });
    const session = await loaded(root);
    assert.deepEqual([...session.openDocumentNamespaces()], [], 'nothing open');
    session.setOpenDocument(uri(root, 'a.yaml'), `${svc('web')}---\n${svc('db').replace('namespace: shop', 'namespace: data')}---\n${ns('cluster-scoped')}`);
    assert.deepEqual([...session.openDocumentNamespaces()].sort(), ['data', 'shop'], 'the unsaved text counts; a Namespace object names none');
    await session.closeDocument(uri(root, 'a.yaml'));
    assert.deepEqual([...session.openDocumentNamespaces()], []);
  });

  test('the open text is what counts for problems, too', async () => {
    const root = tree({ 'a.yaml': ns('a') });
    const session = await loaded(root);
    session.setOpenDocument(uri(root, 'a.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n');
    assert.deepEqual(codesByUri(session), { [uri(root, 'a.yaml')]: ['KT001'] });
    assert.deepEqual(names(session), []);
    await session.closeDocument(uri(root, 'a.yaml'));
    assert.deepEqual(codesByUri(session), { [uri(root, 'a.yaml')]: [] });
  });

  test('a document saved while open, then closed, counts with its saved text', async () => {
    const root = tree({});
    const session = await loaded(root);
    session.setOpenDocument(uri(root, 'new.yaml'), ns('draft'));
    fs.writeFileSync(path.join(root, 'new.yaml'), ns('saved'));
    await session.applyFileChanges([{ uri: uri(root, 'new.yaml'), kind: 'created' }]);
    assert.deepEqual(names(session), ['default:Namespace/draft'], 'the editor text still wins while open');
    await session.closeDocument(uri(root, 'new.yaml'));
    assert.deepEqual(names(session), ['default:Namespace/saved']);
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

  test('a deleted folder takes only its own files, not those of a folder whose name starts the same', async () => {
    const root = tree({ 'app/a.yaml': ns('a'), 'app2/b.yaml': ns('b'), 'app.yaml': ns('c') });
    const session = await loaded(root);
    fs.rmSync(path.join(root, 'app'), { recursive: true });
    // Some clients send folder URIs with a trailing slash.
    await session.applyFileChanges([{ uri: `${uri(root, 'app')}/`, kind: 'deleted' }]);
    assert.deepEqual(names(session), ['default:Namespace/b', 'default:Namespace/c']);
    await assertSameAsFresh(session, root);
  });

  test('a created folder is walked, nested folders and exclusions included', async () => {
    const root = tree({ 'a.yaml': ns('a') });
    const session = await loaded(root, { exclude: ['**/skip/**'] });
    const files = { 'new/x.yaml': ns('x'), 'new/deeper/why.yml': ns('why'), 'new/skip/z.yaml': ns('z'), 'new/node_modules/w.yaml': ns('w'), 'new/readme.md': ns('md') };
    for (const [relative, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      fs.writeFileSync(path.join(root, relative), text);
    }
    // One event for the folder, as when a folder is moved in or checked out.
    await session.applyFileChanges([{ uri: uri(root, 'new'), kind: 'created' }]);
    assert.deepEqual(names(session), ['default:Namespace/a', 'default:Namespace/why', 'default:Namespace/x']);
    await assertSameAsFresh(session, root, {}, { exclude: ['**/skip/**'] });
  });

  test('a created event for a path that is already gone removes it', async () => {
    const root = tree({ 'a.yaml': ns('a'), 'b.yaml': ns('b') });
    const session = await loaded(root);
    fs.rmSync(path.join(root, 'b.yaml'));
    await session.applyFileChanges([{ uri: uri(root, 'b.yaml'), kind: 'changed' }]);
    assert.deepEqual(names(session), ['default:Namespace/a']);
    await assertSameAsFresh(session, root);
  });

  test('a change event for an open document leaves the editor text in charge', async () => {
    const root = tree({ 'a.yaml': ns('disk') });
    const session = await loaded(root);
    session.setOpenDocument(uri(root, 'a.yaml'), ns('editor'));
    fs.writeFileSync(path.join(root, 'a.yaml'), ns('disk2'));
    await session.applyFileChanges([{ uri: uri(root, 'a.yaml'), kind: 'changed' }]);
    assert.deepEqual(names(session), ['default:Namespace/editor']);
    await assertSameAsFresh(session, root, { 'a.yaml': ns('editor') });
  });

  test(
    'a file deleted on disk while open in an editor still counts with its editor text',
    async () => {
      const root = tree({ 'a.yaml': ns('disk'), 'dir/b.yaml': ns('b') });
      const session = await loaded(root);
      session.setOpenDocument(uri(root, 'a.yaml'), ns('editor'));
      session.setOpenDocument(uri(root, 'dir/b.yaml'), ns('b-editor'));
      fs.rmSync(path.join(root, 'a.yaml'));
      fs.rmSync(path.join(root, 'dir'), { recursive: true });
      await session.applyFileChanges([
        { uri: uri(root, 'a.yaml'), kind: 'deleted' },
        { uri: uri(root, 'dir'), kind: 'deleted' },
      ]);
      await assertSameAsFresh(session, root, { 'a.yaml': ns('editor'), 'dir/b.yaml': ns('b-editor') });
      assert.deepEqual(names(session), ['default:Namespace/b-editor', 'default:Namespace/editor']);
    },
  );

  test(
    'a document URI encoded as VS Code encodes it is the same file as the one read from disk',
    async () => {
      const root = tree({ 'web (1).yaml': ns('web') });
      const session = await loaded(root);
      const fromEditor = editorUri(path.join(root, 'web (1).yaml'));
      assert.notEqual(fromEditor, uri(root, 'web (1).yaml'), 'the two spellings differ, or this test proves nothing');
      session.setOpenDocument(fromEditor, ns('web-edited'));
      assert.deepEqual(names(session), ['default:Namespace/web-edited']);
      await session.closeDocument(fromEditor);
      assert.deepEqual(names(session), ['default:Namespace/web']);
      await assertSameAsFresh(session, root);
    },
  );

  test('kubetrace.clusters gives separate cluster models; duplicates are per cluster', async () => {
    const settings = { clusters: CLUSTERS };
    const root = tree({
      'base/ns.yaml': ns('shop'),
      'overlays/prod/web.yaml': svc('web'),
      'overlays/staging/web.yaml': svc('web'),
      'overlays/staging/web-copy.yaml': svc('web'),
      'tools/debug.yaml': ns('debug'),
    });
    const session = await loaded(root, settings);
    assert.deepEqual(
      session.model.clusters().map((cluster) => [cluster.name, cluster.files]),
      [
        ['default', [uri(root, 'tools/debug.yaml')]],
        ['prod', [uri(root, 'base/ns.yaml'), uri(root, 'overlays/prod/web.yaml')]],
        ['staging', [uri(root, 'base/ns.yaml'), uri(root, 'overlays/staging/web-copy.yaml'), uri(root, 'overlays/staging/web.yaml')]],
      ],
    );
    assert.deepEqual(names(session), [
      'default:Namespace/debug',
      'prod:Namespace/shop',
      'prod:Service/web',
      'staging:Namespace/shop',
      'staging:Service/web',
    ]);
    const problems = session.model.problemsByUri();
    assert.deepEqual(problems.get(uri(root, 'overlays/prod/web.yaml')), [], 'prod has one web Service');
    assert.deepEqual(problems.get(uri(root, 'base/ns.yaml')), [], 'a shared base in two clusters is no duplicate');
    assert.deepEqual(problems.get(uri(root, 'overlays/staging/web.yaml')), [], 'web.yaml is applied after web-copy.yaml and wins');
    const [duplicate, ...more] = problems.get(uri(root, 'overlays/staging/web-copy.yaml')) ?? [];
    assert.deepEqual(more, []);
    assert.equal(duplicate?.code, 'KT004');
    assert.deepEqual(duplicate?.related?.map((related) => related.uri), [uri(root, 'overlays/staging/web.yaml')]);
    await assertSameAsFresh(session, root, {}, settings);

    await session.load(DEFAULT_SETTINGS);
    assert.deepEqual(
      session.model.clusters().map((cluster) => cluster.name),
      ['default'],
      'without the setting the workspace is one cluster',
    );
    await assertSameAsFresh(session, root);
  });

  test('with kubetrace.clusters, edits move objects between clusters and duplicates come and go', async () => {
    const settings = { clusters: CLUSTERS };
    const root = tree({ 'base/ns.yaml': ns('shop'), 'overlays/prod/web.yaml': svc('web') });
    const session = await loaded(root, settings);
    const prodCopy = uri(root, 'overlays/prod/copy.yaml');

    session.setOpenDocument(prodCopy, svc('web'));
    assert.deepEqual(codesByUri(session)[prodCopy], ['KT004'], 'copy.yaml is applied before web.yaml, which replaces it');
    await assertSameAsFresh(session, root, { 'overlays/prod/copy.yaml': svc('web') }, settings);

    session.setOpenDocument(prodCopy, svc('api'));
    assert.deepEqual(codesByUri(session)[prodCopy], []);
    await session.closeDocument(prodCopy);

    fs.mkdirSync(path.join(root, 'overlays', 'staging'), { recursive: true });
    fs.renameSync(path.join(root, 'overlays', 'prod', 'web.yaml'), path.join(root, 'overlays', 'staging', 'web.yaml'));
    await session.applyFileChanges([
      { uri: uri(root, 'overlays/prod/web.yaml'), kind: 'deleted' },
      { uri: uri(root, 'overlays/staging'), kind: 'created' },
    ]);
    assert.deepEqual(names(session), ['prod:Namespace/shop', 'staging:Namespace/shop', 'staging:Service/web']);
    await assertSameAsFresh(session, root, {}, settings);

    fs.rmSync(path.join(root, 'base'), { recursive: true });
    await session.applyFileChanges([{ uri: uri(root, 'base'), kind: 'deleted' }]);
    assert.deepEqual(session.model.clusters().map((cluster) => cluster.name), ['staging'], 'a cluster with no files left has no model');
    await assertSameAsFresh(session, root, {}, settings);
  });

  test('any sequence of edits, events and editor changes leaves the model equal to a fresh load', async () => {
    const settings = { clusters: CLUSTERS, exclude: ['vendor/**'], maxFileSize: 400 };
    const paths = ['base/ns.yaml', 'base/web.yaml', 'overlays/prod/web.yaml', 'overlays/prod/api.yml', 'overlays/staging/web.yaml', 'overlays/staging/extra/web.json', 'tools/debug.yaml', 'vendor/skip.yaml', 'notes.txt'];
    const folders = ['base', 'overlays/prod', 'overlays/staging', 'overlays/staging/extra', 'tools'];
    const texts = [
      ns('shop'),
      svc('web'),
      svc('api'),
      `${svc('web')}---\n${svc('api')}`,
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'json' } }),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports: [{port: "80"}]\n',
      ns('big') + '#'.repeat(600),
      '',
    ];
    for (const seed of [1, 2, 3, 4]) {
      const random = seededRandom(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const root = tree({ 'base/ns.yaml': ns('shop'), 'overlays/prod/web.yaml': svc('web'), 'overlays/staging/web.yaml': svc('web') });
      const session = await loaded(root, settings);
      const open: Record<string, string> = {};
      const steps: string[] = [];
      const isOpenUnder = (folder: string) => Object.keys(open).some((relative) => relative === folder || relative.startsWith(`${folder}/`));
      for (let step = 0; step < 40; step++) {
        const relative = pick(paths);
        const absolute = path.join(root, relative);
        const operation = pick(['write', 'write', 'delete', 'open', 'open', 'close', 'rename', 'delete-folder', 'create-folder']);
        let subject = relative;
        if (operation === 'write') {
          const existed = fs.existsSync(absolute);
          fs.mkdirSync(path.dirname(absolute), { recursive: true });
          fs.writeFileSync(absolute, pick(texts));
          await session.applyFileChanges([{ uri: uri(root, relative), kind: existed ? 'changed' : 'created' }]);
        } else if (operation === 'delete' && fs.existsSync(absolute) && !(relative in open)) {
          // Deleting an open file is the known bug tested above, so the sequence leaves open files alone.
          fs.rmSync(absolute);
          await session.applyFileChanges([{ uri: uri(root, relative), kind: 'deleted' }]);
        } else if (operation === 'open') {
          open[relative] = pick(texts);
          session.setOpenDocument(uri(root, relative), open[relative]);
        } else if (operation === 'close' && relative in open) {
          delete open[relative];
          await session.closeDocument(uri(root, relative));
        } else if (operation === 'rename' && fs.existsSync(absolute) && !(relative in open)) {
          const target = pick(paths);
          if (target === relative || target in open) continue;
          subject = `${relative} -> ${target}`;
          fs.mkdirSync(path.dirname(path.join(root, target)), { recursive: true });
          const existed = fs.existsSync(path.join(root, target));
          fs.renameSync(absolute, path.join(root, target));
          await session.applyFileChanges([
            { uri: uri(root, relative), kind: 'deleted' },
            { uri: uri(root, target), kind: existed ? 'changed' : 'created' },
          ]);
        } else if (operation === 'delete-folder') {
          const folder = pick(folders);
          if (!fs.existsSync(path.join(root, folder)) || isOpenUnder(folder)) continue;
          subject = folder;
          fs.rmSync(path.join(root, folder), { recursive: true });
          await session.applyFileChanges([{ uri: uri(root, folder), kind: 'deleted' }]);
        } else if (operation === 'create-folder') {
          const folder = pick(folders);
          if (fs.existsSync(path.join(root, folder))) continue;
          subject = folder;
          fs.mkdirSync(path.join(root, folder), { recursive: true });
          fs.writeFileSync(path.join(root, folder, 'one.yaml'), pick(texts));
          fs.mkdirSync(path.join(root, folder, 'nested'));
          fs.writeFileSync(path.join(root, folder, 'nested', 'two.yaml'), pick(texts));
          await session.applyFileChanges([{ uri: uri(root, folder), kind: 'created' }]);
        } else {
          continue;
        }
        steps.push(`${operation} ${subject}`);
        await assertSameAsFresh(session, root, open, settings, `seed ${seed}, after: ${steps.join('; ')}`);
      }
      assert.ok(steps.length >= 15, `seed ${seed} ran only ${steps.length} steps`);
    }
  });

  test('a catch-up walk finds the files created, changed and deleted without an event (before the file watcher ran)', async () => {
    const root = tree({ 'shop/namespace.yaml': ns('shop'), 'shop/web.yaml': svc('web'), 'shop/old.yaml': svc('old') });
    const session = await loaded(root);
    session.setOpenDocument(uri(root, 'shop/draft.yaml'), svc('draft'));
    fs.writeFileSync(path.join(root, 'shop', 'new.yaml'), svc('new'));
    fs.rmSync(path.join(root, 'shop', 'old.yaml'));
    // web.yaml changes; namespace.yaml is written again with the same content, which changes nothing.
    fs.writeFileSync(path.join(root, 'shop', 'web.yaml'), svc('renamed'));
    fs.writeFileSync(path.join(root, 'shop', 'namespace.yaml'), ns('shop'));
    const changes = await session.catchUpWithDisk();
    assert.deepEqual(
      changes.map((change) => `${change.kind} ${path.basename(change.uri)}`).sort(),
      ['changed web.yaml', 'created new.yaml', 'deleted old.yaml'],
      'the unsaved open document is neither created nor deleted',
    );
    assert.deepEqual(names(session).filter((name) => name.includes('Service/')).map((name) => name.split(':')[1]).sort(), ['Service/draft', 'Service/new', 'Service/renamed']);
    assert.deepEqual(await session.catchUpWithDisk(), [], 'a second walk finds nothing new');
  });
});
