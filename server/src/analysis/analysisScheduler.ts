import { getHeapStatistics } from 'node:v8';
import type { Problem } from '../engine';
import type { AnalysisCacheStore, AnalysisContext, CachedAnalysis } from '../workspace/analysisCache';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../workspace/settings';
import type { WorkspaceSession } from '../workspace/workspaceSession';
import type { WorkspaceAnalysis } from './workspaceAnalysis';

/** Runs `callback` once after `delayMs`; the function returned cancels it. */
export type StartTimer = (callback: () => void, delayMs: number) => () => void;

export const nodeTimer: StartTimer = (callback, delayMs) => {
  const handle = setTimeout(callback, delayMs);
  return () => clearTimeout(handle);
};

export interface SchedulerDependencies {
  readonly session: Pick<WorkspaceSession, 'model' | 'profiles' | 'profileOf' | 'scan' | 'indexScanned'>;
  readonly analysis: Pick<WorkspaceAnalysis, 'analyze'>;
  /**
   * Shows problems by file; `changed` names the files whose problems may differ from the last call (undefined: any
   * may). A promise returned settles once the client has been sent them: the work that can wait (the cache's store,
   * changes queued to follow the publish) waits for it, so as not to hold the messages back.
   */
  readonly publish: (problems: ReadonlyMap<string, readonly Problem[]>, changed?: ReadonlySet<string>) => Promise<void> | void;
  /**
   * When given, a load that the cache does not serve shows each file's own problems with it as soon as the files
   * are parsed, before the analysis (the files it names; the analysis's publish that follows names every file).
   */
  readonly publishFilesOwnProblems?: (problems: ReadonlyMap<string, readonly Problem[]>) => void;
  /** The settings a load reads the workspace under (the editor's, asked for at every load). */
  readonly settings: () => Promise<WorkspaceSettings>;
  /** Work that failed (it should not): the scheduler goes on, and later changes still run. */
  readonly reportFailure: (what: string, error: unknown) => void;
  /** The warm-start cache, when there is a folder for it. */
  readonly cache?: Pick<AnalysisCacheStore, 'read' | 'write'>;
  readonly startTimer?: StartTimer;
  readonly heapUsed?: () => number;
  /** Told when a load has read the settings, read the files and parsed them (the start's timings). */
  readonly loadStep?: (step: 'settings read' | 'files read' | 'files parsed') => void;
}

/**
 * Publishes once the messages already received are handled, so changes that arrive together (a paste, a
 * checkout's file events) are analysed once; a longer pause would only add to every keystroke's latency.
 */
const PUBLISH_DELAY_MS = 0;

/**
 * When the workspace's problems are analysed and published: loads (with the warm-start cache), changes that
 * read files queued one after another, and edits, a burst of which is published once. Nothing is published
 * from a half-built model (during a load) or before the last queued change of a burst is applied.
 */
export class AnalysisScheduler {
  private readonly session: SchedulerDependencies['session'];
  private readonly startTimer: StartTimer;
  private readonly heapUsed: () => number;
  /** Every load and change queued so far; requests wait for it so they see the model they all make. */
  private pending: Promise<void> = Promise.resolve();
  /** Cancels the publish that waits for its timer; undefined when none waits. */
  private cancelPublish: (() => void) | undefined;
  /** True while a load reads and parses: the model is half-built then, so nothing is published from it. */
  private loading = false;
  private changedWhileLoading = false;
  /** False while a load the cache served runs: the cache's problems are shown already, the cross-file ones too. */
  private ownProblemsFirst = true;
  /** Open documents whose own problems are to be shown before the analysis: changed while a load runs, or showing none. */
  private readonly ownProblemsWaiting = new Set<string>();
  /**
   * Open documents whose own problems were shown after an edit, ahead of an analysis that has not run yet. The next
   * analysis publishes them whatever it finds: the text may have changed back before it ran, leaving the analysis's
   * list as it was and the editor showing problems of a text that is gone.
   */
  private readonly shownAhead = new Set<string>();
  /** Changes queued behind `pending` (files read after a close or a file event) not finished yet. */
  private queuedChanges = 0;
  /** Changes that wait for the analysis a load or a change owes to be published and sent (queueChangeAfterPublish). */
  private readonly changesAfterPublish: (() => Promise<void>)[] = [];
  /** Set by a load the cache could not serve: the first analysis published after it is stored. */
  private storeAfterPublish = false;
  private settingsInUse = DEFAULT_SETTINGS;
  /** The problems last published, which the cache would store. */
  private lastPublished: ReadonlyMap<string, readonly Problem[]> | undefined;
  /** The analysis revision last published, so a publish looks only at the files changed since; -1: none. */
  private publishedRevision = -1;
  private heapHighWater = 0;

  constructor(private readonly dependencies: SchedulerDependencies) {
    this.session = dependencies.session;
    this.startTimer = dependencies.startTimer ?? nodeTimer;
    // The heap alone: process.memoryUsage() reads the resident set from the system too (0.2 ms a publish).
    this.heapUsed = dependencies.heapUsed ?? (() => getHeapStatistics().used_heap_size);
  }

  /** Settles once every load and change queued so far is done (it never rejects). */
  get ready(): Promise<void> {
    return this.pending;
  }

  /** The largest heap in use seen after a load or a publish. */
  get heapUsedHighWater(): number {
    return this.heapHighWater;
  }

  /** Runs `work` after what is queued; requests wait for it, a publish does not. A failure is reported as `what`. */
  after(work: () => Promise<void>, what: string): void {
    this.pending = this.pending.then(work).catch((error: unknown) => this.dependencies.reportFailure(what, error));
  }

  /** Queues a change that reads files and publishes after it; the publish waits for the last of a burst (closing many editors, a checkout). */
  queueChange(change: () => Promise<void>): void {
    this.queuedChanges++;
    this.after(async () => {
      await change();
      this.schedulePublish();
    }, 'apply a change');
    this.pending = this.pending.finally(() => this.queuedChanges--);
  }

  /**
   * Queues a change that can wait until the analysis owed (a load's, or one waiting for its timer) is published and
   * sent: a look at the disk after the first load, a scan of every file, would otherwise hold its diagnostics back.
   */
  queueChangeAfterPublish(change: () => Promise<void>): void {
    if (this.loading || this.cancelPublish) this.changesAfterPublish.push(change);
    else this.queueChange(change);
  }

  /**
   * An editor opened or changed a document, whose text the session holds (`uri` as the model knows it): published
   * like any change. While a load reads the workspace, or when the document shows no problems yet (just opened), its
   * own problems (syntax, types, values) are shown first: the user waits for that file, not for the whole analysis.
   */
  documentChanged(uri: string): void {
    if (this.loading || !this.lastPublished?.get(uri)?.length) this.ownProblemsWaiting.add(uri);
    this.schedulePublish();
  }

  /** Publishes the analysis of the model once the messages already received are handled; calls before then publish once. */
  schedulePublish(): void {
    this.cancelPublish?.();
    this.cancelPublish = this.startTimer(() => {
      this.cancelPublish = undefined;
      // The own problems go out before the analysis starts, which holds the thread for as long as it takes.
      const ownShown = this.publishOpenDocumentsOwnProblems([]);
      if (this.loading) {
        this.changedWhileLoading = true;
        return;
      }
      if (ownShown) {
        this.schedulePublish();
        return;
      }
      // The last queued change schedules a publish of its own when it is done.
      if (this.queuedChanges > 0) return;
      // An analysis that throws (a bug, not the user's input) keeps the last diagnostics instead of ending the server.
      let sent: Promise<void> | void;
      try {
        sent = this.publishAnalysis();
      } catch (error) {
        this.dependencies.reportFailure('analyse the workspace', error);
        this.releaseChangesAfterPublish();
        return;
      }
      const store = this.storeAfterPublish;
      this.storeAfterPublish = false;
      void Promise.resolve(sent).then(() => {
        if (store) void this.store();
        this.releaseChangesAfterPublish();
      });
    }, PUBLISH_DELAY_MS);
  }

  /**
   * Reads the workspace; when the cache holds the analysis of exactly what was read, its problems are published
   * before the parse, which then only serves the requests that need the model. `settings`: those just read (the
   * editor's are asked for otherwise). Run it through `after`.
   */
  async load(settings?: WorkspaceSettings): Promise<void> {
    this.loading = true;
    this.changedWhileLoading = false;
    let cached: CachedAnalysis | undefined;
    try {
      this.settingsInUse = settings ?? (await this.dependencies.settings());
      this.dependencies.loadStep?.('settings read');
      const fingerprint = await this.session.scan(this.settingsInUse);
      this.dependencies.loadStep?.('files read');
      cached = await this.dependencies.cache?.read(this.contextOf(fingerprint));
      if (cached) {
        this.ownProblemsFirst = false;
        this.publish(cached.problems);
        this.publishedRevision = -1;
      }
      // The documents open in an editor are parsed first, and their own problems shown before the rest is read.
      await this.session.indexScanned((open) => this.publishOpenDocumentsOwnProblems(open));
      this.dependencies.loadStep?.('files parsed');
      this.heapHighWater = Math.max(this.heapHighWater, this.heapUsed());
    } finally {
      this.loading = false;
      this.ownProblemsFirst = true;
    }
    if (!cached) this.publishFilesOwnProblems();
    // A cached analysis stands only if nothing changed while the files were parsed.
    if (!cached || this.changedWhileLoading) {
      this.storeAfterPublish = !cached;
      this.schedulePublish();
    } else this.releaseChangesAfterPublish();
  }

  /**
   * Reads the workspace again when the settings it was read under changed. The editor says its configuration
   * changed for any extension's setting (several times while it starts): only a change of Kubetrace's own settings
   * or of `files.exclude` is worth a reload. Run it through `after`.
   */
  async reloadIfSettingsChanged(): Promise<void> {
    const settings = await this.dependencies.settings();
    if (JSON.stringify(settings) === JSON.stringify(this.settingsInUse)) return;
    await this.load(settings);
  }

  /** Stores the problems last published when they are those of the model as it is now (no change waits to be published). */
  async store(): Promise<void> {
    const cache = this.dependencies.cache;
    if (!cache || !this.lastPublished || this.cancelPublish) return;
    // A copy: the analysis updates its map in place, and a change may be analysed while the key is worked out.
    const analysed = { problems: new Map(this.lastPublished), objectCount: this.session.model.objectCount() };
    await cache.write(this.contextOf(this.session.model.fingerprint()), analysed);
  }

  /** The problems of the model as it is now (analysed again if it changed), for a request; nothing is published. */
  problems(): ReadonlyMap<string, readonly Problem[]> {
    return this.analyze().byUri;
  }

  private publishAnalysis(): Promise<void> | void {
    const problems = this.analyze();
    const changed = problems.changedSince(this.publishedRevision);
    const sent = this.publish(problems.byUri, changed && this.shownAhead.size > 0 ? new Set([...changed, ...this.shownAhead]) : changed);
    this.shownAhead.clear();
    this.publishedRevision = problems.revision;
    return sent;
  }

  /** Queues the changes that waited for the publish (queueChangeAfterPublish). */
  private releaseChangesAfterPublish(): void {
    for (const change of this.changesAfterPublish.splice(0)) this.queueChange(change);
  }

  private analyze() {
    return this.dependencies.analysis.analyze(this.session.model, (cluster) => this.session.profileOf(cluster));
  }

  /**
   * Each file's own problems (syntax, types, values the API server rejects), which need no analysis: shown while
   * the cross-file checks run, which take seconds on a large workspace. They are part of what the analysis
   * publishes next (every file again), and are never stored in the cache.
   */
  private publishFilesOwnProblems(): void {
    const publish = this.dependencies.publishFilesOwnProblems;
    if (!publish) return;
    const model = this.session.model;
    const own = new Map<string, readonly Problem[]>();
    for (const uri of model.uris()) {
      const problems = model.parsedFile(uri)?.problems;
      if (problems?.length) own.set(uri, problems);
    }
    if (own.size === 0) return;
    publish(own);
    this.publishedRevision = -1;
  }

  /**
   * The own problems of open documents (`open`, and those waiting) that are parsed, ahead of the analysis; whether
   * any were shown. A document waits while it is not parsed yet (a load reads it).
   */
  private publishOpenDocumentsOwnProblems(open: readonly string[]): boolean {
    const publish = this.dependencies.publishFilesOwnProblems;
    if (!publish || !this.ownProblemsFirst) return false;
    const own = new Map<string, readonly Problem[]>();
    for (const uri of new Set([...open, ...this.ownProblemsWaiting])) {
      const parsed = this.session.model.parsedFile(uri);
      // Not parsed yet while a load runs; else not a manifest the model reads.
      if (!parsed && this.loading) continue;
      this.ownProblemsWaiting.delete(uri);
      if (!parsed) continue;
      if (parsed.problems.length > 0) own.set(uri, parsed.problems);
    }
    if (own.size === 0) return false;
    publish(own);
    // After a load every file is published; after an edit, the analysis publishes the edited files again.
    if (this.loading) this.publishedRevision = -1;
    else for (const uri of own.keys()) this.shownAhead.add(uri);
    return true;
  }

  private publish(problems: ReadonlyMap<string, readonly Problem[]>, changed?: ReadonlySet<string>): Promise<void> | void {
    this.lastPublished = problems;
    this.heapHighWater = Math.max(this.heapHighWater, this.heapUsed());
    return this.dependencies.publish(problems, changed);
  }

  private contextOf(fingerprint: string): AnalysisContext {
    return { fingerprint, settings: this.settingsInUse, profile: this.session.profiles.map((read) => read.profile) };
  }
}
