import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Problem } from '../../../server/src/engine/problem';
import { AnalysisScheduler, type SchedulerDependencies, type StartTimer } from '../../../server/src/analysis/analysisScheduler';
import { WorkspaceAnalysis } from '../../../server/src/analysis/workspaceAnalysis';
import type { AnalysisContext, CachedAnalysis } from '../../../server/src/workspace/analysisCache';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import { WorkspaceSession } from '../../../server/src/workspace/workspaceSession';
import { editorUri, useTempTrees } from '../../support/fixtures';

const BROKEN_PORT = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n    - port: "80"\n';
const FIXED_PORT = BROKEN_PORT.replace('"80"', '80');
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';

/** A timer that fires only when the test says so. */
class FakeTimer {
  private waiting: { readonly callback: () => void; cancelled: boolean }[] = [];
  private onStart: (() => void) | undefined;

  readonly start: StartTimer = (callback) => {
    const entry = { callback, cancelled: false };
    this.waiting.push(entry);
    this.onStart?.();
    return () => {
      entry.cancelled = true;
    };
  };

  /** How many timers wait to fire. */
  get pending(): number {
    return this.waiting.filter((entry) => !entry.cancelled).length;
  }

  /** Fires the timers started so far; those their callbacks start wait for the next call. */
  fire(): void {
    const due = this.waiting;
    this.waiting = [];
    for (const entry of due) if (!entry.cancelled) entry.callback();
  }

  /** Settles when the next timer starts. */
  nextStart(): Promise<void> {
    return new Promise((resolve) => {
      this.onStart = () => {
        this.onStart = undefined;
        resolve();
      };
    });
  }
}

/** The warm-start cache in memory, keyed by everything the context names. */
class MemoryCache {
  readonly stored = new Map<string, CachedAnalysis>();
  constructor(private readonly log: string[]) {}

  async read(context: AnalysisContext): Promise<CachedAnalysis | undefined> {
    return this.stored.get(JSON.stringify(context));
  }

  async write(context: AnalysisContext, analysis: { readonly problems: ReadonlyMap<string, readonly Problem[]>; readonly objectCount: number }): Promise<void> {
    this.log.push('store');
    this.stored.set(JSON.stringify(context), { problems: new Map([...analysis.problems].map(([uri, problems]) => [uri, [...problems]])), objectCount: analysis.objectCount });
  }
}

/** A session whose parse (the second half of a load) waits until the test lets it go. */
class GatedSession extends WorkspaceSession {
  private gate: Promise<void> | undefined;
  private open: () => void = () => {};

  holdParse(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  releaseParse(): void {
    this.open();
  }

  override async indexScanned(): Promise<void> {
    await this.gate;
    await super.indexScanned();
  }
}

interface Published {
  /** The codes of each file's problems. */
  readonly codes: Record<string, string[]>;
  /** The messages of every problem, to tell a stored analysis from a new one. */
  readonly messages: string[];
  /** How many files the model held when this was published: 0 before the parse. */
  readonly filesParsed: number;
}

function setUp(root: string, options: { readonly analysis?: SchedulerDependencies['analysis']; readonly cache?: MemoryCache; readonly log?: string[]; readonly settings?: SchedulerDependencies['settings']; readonly ownProblems?: boolean; readonly sent?: () => Promise<void> } = {}) {
  const session = new GatedSession([root], DEFAULT_SETTINGS);
  const timer = new FakeTimer();
  const published: Published[] = [];
  const failures: string[] = [];
  const log = options.log ?? [];
  const scheduler = new AnalysisScheduler({
    session,
    analysis: options.analysis ?? new WorkspaceAnalysis(),
    publish: (problems) => {
      log.push('publish');
      const lists = [...problems].filter(([, list]) => list.length > 0);
      published.push({
        codes: Object.fromEntries(lists.map(([uri, list]) => [path.basename(uri), list.map((problem) => problem.code)])),
        messages: lists.flatMap(([, list]) => list.map((problem) => problem.message)),
        filesParsed: session.model.uris().length,
      });
      return options.sent?.();
    },
    ...(options.ownProblems && {
      publishFilesOwnProblems: (problems: ReadonlyMap<string, readonly Problem[]>) => {
        log.push('publish own');
        published.push({ codes: Object.fromEntries([...problems].map(([uri, list]) => [`own ${path.basename(uri)}`, list.map((problem) => problem.code)])), messages: [], filesParsed: session.model.uris().length });
      },
    }),
    settings: options.settings ?? (async () => DEFAULT_SETTINGS),
    reportFailure: (what) => failures.push(what),
    ...(options.cache && { cache: options.cache }),
    startTimer: timer.start,
    heapUsed: () => 0,
  });
  return { session, scheduler, timer, published, failures };
}

/** The release of the next queued change, once it has started and waits for it. */
async function started(releases: (() => void)[]): Promise<() => void> {
  while (releases.length === 0) await new Promise((resolve) => setImmediate(resolve));
  return releases.shift()!;
}

/** A scheduler of `root` whose cache holds the analysis a first one stored; the log is of the second one alone. */
async function warmSetUp(root: string): Promise<{ readonly warm: ReturnType<typeof setUp>; readonly log: string[] }> {
  const log: string[] = [];
  const cache = new MemoryCache(log);
  await loadAndPublish(setUp(root, { cache, log }));
  await new Promise((resolve) => setImmediate(resolve));
  log.length = 0;
  return { warm: setUp(root, { cache, log }), log };
}

/** Loads through the scheduler and fires the publish the load asked for. */
async function loadAndPublish({ scheduler, timer }: ReturnType<typeof setUp>): Promise<void> {
  await scheduler.load();
  timer.fire();
}

describe('analysis scheduler', () => {
  const tree = useTempTrees();

  test('a burst of edits is analysed and published once, with the last edit', async () => {
    const root = tree({ 'service.yaml': BROKEN_PORT, 'namespace.yaml': NAMESPACE });
    const setup = setUp(root);
    await loadAndPublish(setup);
    const { session, scheduler, timer, published } = setup;
    assert.deepEqual(published.map((each) => each.codes), [{ 'service.yaml': ['KT002'] }]);
    const service = editorUri(path.join(root, 'service.yaml'));
    for (const text of [FIXED_PORT, BROKEN_PORT, FIXED_PORT]) {
      session.setOpenDocument(service, text);
      scheduler.schedulePublish();
    }
    assert.equal(timer.pending, 1, 'each edit replaces the publish the last one asked for');
    timer.fire();
    assert.deepEqual(published.map((each) => each.codes), [{ 'service.yaml': ['KT002'] }, {}]);
  });

  test('a configuration change reads the workspace again only when the settings it was read under changed', async () => {
    const root = tree({ 'service.yaml': BROKEN_PORT, 'namespace.yaml': NAMESPACE, 'excluded/other.yaml': BROKEN_PORT.replace('name: web', 'name: api') });
    let settings = DEFAULT_SETTINGS;
    const setup = setUp(root, { settings: async () => settings });
    await loadAndPublish(setup);
    const { session, scheduler, timer, published } = setup;
    let scans = 0;
    const scan = session.scan.bind(session);
    session.scan = async (...args) => {
      scans++;
      return scan(...args);
    };
    // Another extension's setting changed: the same settings come back, nothing is read or published.
    await scheduler.reloadIfSettingsChanged();
    await scheduler.reloadIfSettingsChanged();
    timer.fire();
    assert.equal(scans, 0, 'no file is read again');
    assert.equal(published.length, 1, 'nothing new is published');
    settings = { ...DEFAULT_SETTINGS, exclude: ['excluded/**'] };
    await scheduler.reloadIfSettingsChanged();
    timer.fire();
    assert.equal(scans, 1, 'an exclude pattern added reads the workspace again');
    assert.deepEqual(published.map((each) => each.codes), [{ 'service.yaml': ['KT002'], 'other.yaml': ['KT002'] }, { 'service.yaml': ['KT002'] }]);
  });

  test("a cold load shows each file's own problems once the files are parsed, then the analysis of every file; a cached one does not", async () => {
    // A Service whose selector picks none of the namespace's pods (a typo): KT101 is a cross-file finding, which only the analysis gives.
    const unselected = FIXED_PORT.replace('name: web', 'name: api').replace('spec:\n', 'spec:\n  selector:\n    app: wbe\n');
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx\n';
    const root = tree({ 'service.yaml': BROKEN_PORT, 'unselected.yaml': unselected, 'deployment.yaml': deployment, 'namespace.yaml': NAMESPACE });
    const log: string[] = [];
    const cache = new MemoryCache(log);
    const cold = setUp(root, { ownProblems: true, cache, log });
    await loadAndPublish(cold);
    assert.deepEqual(log, ['publish own', 'publish', 'store'], 'own problems first, the analysis next, and only the analysis stored');
    const [own, analysed] = cold.published;
    assert.deepEqual(own!.codes, { 'own service.yaml': ['KT002'] }, 'the parse problem, nothing cross-file');
    assert.equal(own!.filesParsed, 4, 'shown once every file is parsed');
    assert.deepEqual(analysed!.codes['service.yaml'], ['KT002'], 'the analysis publishes the file again with its own problem');
    assert.ok(analysed!.codes['unselected.yaml']?.includes('KT101'), `the cross-file finding follows: ${JSON.stringify(analysed!.codes)}`);
    log.length = 0;
    const warm = setUp(root, { ownProblems: true, cache, log });
    await loadAndPublish(warm);
    assert.deepEqual(log, ['publish'], 'the cached analysis alone');
  });

  test('nothing is published from the half-built model of a load; an edit made meanwhile is published after it', async () => {
    const root = tree({ 'service.yaml': BROKEN_PORT, 'namespace.yaml': NAMESPACE });
    const { session, scheduler, timer, published } = setUp(root);
    session.holdParse();
    const load = scheduler.load();
    session.setOpenDocument(editorUri(path.join(root, 'service.yaml')), FIXED_PORT);
    scheduler.schedulePublish();
    timer.fire();
    assert.deepEqual(published, [], 'the edit waits for the load');
    session.releaseParse();
    await load;
    timer.fire();
    assert.deepEqual(published, [{ codes: {}, messages: [], filesParsed: 2 }]);
  });

  test('queued changes that read files hold the publish until the last of them is done', async () => {
    const root = tree({ 'service.yaml': BROKEN_PORT, 'namespace.yaml': NAMESPACE });
    const setup = setUp(root);
    await loadAndPublish(setup);
    const { session, scheduler, timer, published } = setup;
    const releases: (() => void)[] = [];
    const fileChange = (name: string, text: string) => async () => {
      await new Promise<void>((resolve) => releases.push(resolve));
      fs.writeFileSync(path.join(root, name), text);
      await session.applyFileChanges([{ uri: editorUri(path.join(root, name)), kind: 'changed' }]);
    };
    scheduler.queueChange(fileChange('service.yaml', FIXED_PORT));
    scheduler.queueChange(fileChange('other.yaml', BROKEN_PORT.replace('name: web', 'name: api')));
    // An edit meanwhile asks for a publish of its own.
    session.setOpenDocument(editorUri(path.join(root, 'namespace.yaml')), NAMESPACE);
    scheduler.schedulePublish();
    timer.fire();
    assert.equal(published.length, 1, 'two changes are queued: no publish');
    const firstDone = timer.nextStart();
    (await started(releases))();
    await firstDone;
    timer.fire();
    assert.equal(published.length, 1, 'one change is still queued: no publish');
    (await started(releases))();
    await scheduler.ready;
    timer.fire();
    assert.deepEqual(published.slice(1).map((each) => each.codes), [{ 'other.yaml': ['KT002'] }], 'one publish, of both changes');
  });

  test('an analysis that throws publishes nothing (the last diagnostics stand) and later edits publish again', async () => {
    const root = tree({ 'service.yaml': BROKEN_PORT, 'namespace.yaml': NAMESPACE });
    const real = new WorkspaceAnalysis();
    let broken = false;
    const analysis: SchedulerDependencies['analysis'] = {
      analyze: (index, profile) => {
        if (broken) throw new Error('a bug in a check');
        return real.analyze(index, profile);
      },
    };
    const setup = setUp(root, { analysis });
    await loadAndPublish(setup);
    const { session, scheduler, timer, published, failures } = setup;
    const service = editorUri(path.join(root, 'service.yaml'));
    broken = true;
    session.setOpenDocument(service, FIXED_PORT);
    scheduler.schedulePublish();
    timer.fire();
    assert.deepEqual(failures, ['analyse the workspace']);
    assert.equal(published.length, 1, 'the diagnostics published before stand');
    broken = false;
    session.setOpenDocument(service, FIXED_PORT.replace('name: web', 'name: web-2'));
    scheduler.schedulePublish();
    timer.fire();
    assert.deepEqual(published.map((each) => each.codes), [{ 'service.yaml': ['KT002'] }, {}]);
  });

  test('a cold load stores its analysis after publishing it, once', async () => {
    const root = tree({ 'service.yaml': BROKEN_PORT, 'namespace.yaml': NAMESPACE });
    const log: string[] = [];
    const cache = new MemoryCache(log);
    const setup = setUp(root, { cache, log });
    await loadAndPublish(setup);
    await setup.scheduler.ready;
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['publish', 'store']);
    assert.deepEqual([...cache.stored.values()].map((stored) => [...stored.problems.values()].flat().map((problem) => problem.code)), [['KT002']]);
    // Later publishes are not stored as they happen (the server stores the last at shutdown).
    setup.session.setOpenDocument(editorUri(path.join(root, 'service.yaml')), FIXED_PORT);
    setup.scheduler.schedulePublish();
    setup.timer.fire();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['publish', 'store', 'publish']);
  });

  test('a store while a publish waits stores nothing: the problems published are not those of the model', async () => {
    const root = tree({ 'service.yaml': BROKEN_PORT });
    const log: string[] = [];
    const setup = setUp(root, { cache: new MemoryCache(log), log });
    await setup.scheduler.load();
    assert.equal(setup.timer.pending, 1);
    await setup.scheduler.store();
    assert.deepEqual(log, [], 'nothing published yet');
    setup.timer.fire();
    setup.session.setOpenDocument(editorUri(path.join(root, 'service.yaml')), FIXED_PORT);
    setup.scheduler.schedulePublish();
    log.length = 0;
    await setup.scheduler.store();
    assert.deepEqual(log, [], 'an edit waits to be published');
  });

  test('a load the cache holds publishes the stored problems before the parse, and no analysis after it', async () => {
    const root = tree({ 'service.yaml': BROKEN_PORT, 'namespace.yaml': NAMESPACE });
    const log: string[] = [];
    const cache = new MemoryCache(log);
    const cold = setUp(root, { cache, log });
    await loadAndPublish(cold);
    await new Promise((resolve) => setImmediate(resolve));
    for (const stored of cache.stored.values()) for (const list of stored.problems.values()) for (const problem of list) Object.assign(problem, { message: `${problem.message} (stored)` });
    log.length = 0;
    const warm = setUp(root, { cache, log });
    await warm.scheduler.load();
    assert.equal(warm.published.length, 1);
    assert.equal(warm.published[0]!.filesParsed, 0, 'published before the parse');
    assert.match(warm.published[0]!.messages[0]!, /\(stored\)$/);
    assert.equal(warm.session.model.uris().length, 2, 'the model is parsed all the same');
    assert.equal(warm.timer.pending, 0, 'the stored problems stand');
    assert.deepEqual(log, ['publish']);
  });

  test("an edit whose own problems were shown and that is undone before the analysis runs is published again (the editor shows no stale problem)", async () => {
    // The analysis of the second text never ran, and the third's problems equal the first's: only the own-problems
    // publish knew of the second, so the analysis must publish the file anyway. Seen when a full collection paused the
    // server between the two publishes.
    const root = tree({ 'service.yaml': FIXED_PORT, 'namespace.yaml': NAMESPACE });
    const session = new WorkspaceSession([root], DEFAULT_SETTINGS);
    const timer = new FakeTimer();
    const shown = new Map<string, string[]>();
    const show = (problems: ReadonlyMap<string, readonly Problem[]>, uris: Iterable<string>) => {
      for (const uri of uris) shown.set(path.basename(uri), (problems.get(uri) ?? []).map((problem) => problem.code));
    };
    const scheduler = new AnalysisScheduler({
      session,
      analysis: new WorkspaceAnalysis(),
      publish: (problems, changed) => show(problems, changed ?? problems.keys()),
      publishFilesOwnProblems: (problems) => show(problems, problems.keys()),
      settings: async () => DEFAULT_SETTINGS,
      reportFailure: (what) => assert.fail(what),
      startTimer: timer.start,
      heapUsed: () => 0,
    });
    await scheduler.load();
    timer.fire();
    const service = editorUri(path.join(root, 'service.yaml'));
    const edit = (text: string) => {
      session.setOpenDocument(service, text);
      scheduler.documentChanged(session.model.uris().find((uri) => uri.endsWith('service.yaml'))!);
    };
    edit(FIXED_PORT);
    timer.fire();
    timer.fire();
    assert.deepEqual(shown.get('service.yaml'), []);
    edit(BROKEN_PORT);
    timer.fire();
    assert.deepEqual(shown.get('service.yaml'), ['KT002'], 'the own problem is shown ahead of the analysis');
    edit(FIXED_PORT);
    timer.fire();
    timer.fire();
    assert.deepEqual(shown.get('service.yaml'), [], 'the fixed text shows no problem');
  });

  test('a load the cache holds publishes the analysis after the parse when an edit arrived during it, and stores nothing', async () => {
    const root = tree({ 'service.yaml': BROKEN_PORT, 'namespace.yaml': NAMESPACE });
    const { warm, log } = await warmSetUp(root);
    warm.session.holdParse();
    const load = warm.scheduler.load();
    while (warm.published.length === 0) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(warm.published.map((each) => [each.codes, each.filesParsed]), [[{ 'service.yaml': ['KT002'] }, 0]], 'the stored problems, before the parse');
    warm.session.setOpenDocument(editorUri(path.join(root, 'service.yaml')), FIXED_PORT);
    warm.scheduler.schedulePublish();
    warm.timer.fire();
    assert.equal(warm.published.length, 1, 'nothing is published from the half-built model');
    warm.session.releaseParse();
    await load;
    warm.timer.fire();
    assert.deepEqual(warm.published.slice(1).map((each) => [each.codes, each.filesParsed]), [[{}, 2]], 'the analysis of the edited model follows the parse');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['publish', 'publish'], 'the stored analysis was that of the files read: it is not stored again');
  });

  test("a change queued to follow the publish waits until the load's analysis is sent, as does the cache's store; with none owed it runs at once", async () => {
    const root = tree({ 'service.yaml': BROKEN_PORT, 'namespace.yaml': NAMESPACE });
    const log: string[] = [];
    let send = () => {};
    const setup = setUp(root, { cache: new MemoryCache(log), log, sent: () => new Promise<void>((resolve) => (send = resolve)) });
    const { scheduler, timer } = setup;
    // Through a function: the assertions on `log` below narrow its type.
    const note = (entry: string) => void log.push(entry);
    const loading = scheduler.load();
    scheduler.queueChangeAfterPublish(async () => note('change during the load'));
    await loading;
    await scheduler.ready;
    assert.deepEqual(log, [], 'the load is done, its analysis not yet published');
    timer.fire();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['publish'], 'published, not sent yet: nothing else runs');
    send();
    await new Promise((resolve) => setImmediate(resolve));
    await scheduler.ready;
    assert.deepEqual(log, ['publish', 'store', 'change during the load']);
    assert.equal(timer.pending, 1, 'the change asks for a publish of its own');
    timer.fire();
    send();
    await new Promise((resolve) => setImmediate(resolve));
    scheduler.queueChangeAfterPublish(async () => note('change with nothing owed'));
    await scheduler.ready;
    assert.deepEqual(log.slice(3), ['publish', 'change with nothing owed']);
  });

  test('a change queued to follow the publish runs after a load the cache serves, which publishes no analysis', async () => {
    const { warm, log } = await warmSetUp(tree({ 'service.yaml': BROKEN_PORT, 'namespace.yaml': NAMESPACE }));
    const loading = warm.scheduler.load();
    warm.scheduler.queueChangeAfterPublish(async () => void log.push('change'));
    await loading;
    await warm.scheduler.ready;
    assert.deepEqual(log, ['publish', 'change'], 'the stored problems, then the change');
  });
});
