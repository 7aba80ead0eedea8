import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseManifest, type ParsedFile } from '../model/parseManifest';
import { unpackValues, type PackedValues } from '../model/packedModel';

/** Files sent to a parse worker: URIs and texts. */
export interface ParseBatch {
  readonly id: number;
  readonly files: readonly (readonly [uri: string, text: string])[];
}

/** A worker's answer: the files it parsed, packed in order, and those it leaves to the main thread. */
export interface ParsedBatch {
  readonly id: number;
  readonly parsed: readonly string[];
  readonly unparsed: readonly string[];
  readonly packed: PackedValues;
}

/** The files parsed, by URI, and how the work went. */
export interface ParsedTexts {
  readonly files: ReadonlyMap<string, ParsedFile>;
  /** How many files workers parsed (the rest, the main thread). */
  readonly parsedInWorkers: number;
  /** The files a worker was given and gave back (it failed, or it cannot parse them as the main thread would). */
  readonly givenBack: readonly string[];
  /** The main thread's time spent unpacking what workers sent, in milliseconds: the handover's cost. */
  readonly unpackMs: number;
}

export interface ParallelParseOptions {
  /** How many workers parse; 0 parses on the main thread alone. */
  readonly workers?: number;
  /** The worker's script (dist/parseWorker.js beside the bundle, or its compiled source). */
  readonly workerScript?: string;
  /** Below this many characters in all, starting workers costs more than it saves: the main thread parses alone. */
  readonly parallelFrom?: number;
}

/** About 40 ms of parsing: short enough that the main thread answers messages in between, long enough to pack well. */
const BATCH_CHARACTERS = 64 * 1024;
/** About 150 ms of parsing, several times what starting a worker costs. */
const PARALLEL_FROM_CHARACTERS = 256 * 1024;
const WORKER_SCRIPT = path.join(__dirname, 'parseWorker.js');

/**
 * Parses many files at once (a load) in worker threads, one per core, while they are still being read: files are
 * added as they are read, and the workers start once enough text is in to be worth them, so that starting them and
 * parsing overlap the reading. Each worker takes the next batch when it is done with one. Workers send the model
 * back packed (packedModel.ts), which the main thread unpacks for a small part of what parsing costs; the main
 * thread parses no batch while a worker lives, since what it parses survives on its heap in pieces its collector
 * copies again and again (with one worker beside it parsing, a load took about 20% more processor time than with
 * two workers and the main thread unpacking). A worker that fails, or a file it cannot read as the main thread
 * would, is parsed on the main thread, so every file is what `parseManifest` gives there. The main thread pauses
 * between batches so that messages are answered during a long load. Workers end when the parse does, or when it
 * is cancelled; until `finish` is awaited they do not keep the process alive.
 */
export class ParallelParse {
  private readonly results = new Map<string, ParsedFile>();
  private parsedInWorkers = 0;
  private readonly givenBack: string[] = [];
  private unpackMs = 0;
  /** Batches no worker has taken yet, oldest first. */
  private readonly queue: ParseBatch[] = [];
  /** Batches only the main thread parses: those a worker gave back. */
  private readonly mainOnly: ParseBatch[] = [];
  /** The batch being filled. */
  private filling: (readonly [string, string])[] = [];
  private fillingCharacters = 0;
  private batchCount = 0;
  private characters = 0;
  /** Files added and not yet parsed. */
  private unread = 0;
  /** The batches each worker has been sent and not yet answered, oldest first. */
  private readonly inFlight = new Map<Worker, ParseBatch[]>();
  private readonly workers: Worker[] = [];
  private workersStarted = false;
  private finished = false;
  private wake: (() => void) | undefined;
  /** Those waiting for a file's parse (`parsed`), by URI. */
  private readonly waiting = new Map<string, (file: ParsedFile | undefined) => void>();

  constructor(private readonly options: ParallelParseOptions = {}) {}

  /** A file read: it is parsed as soon as a worker is free. */
  add(uri: string, text: string): void {
    if (this.finished) throw new Error('files added to a finished parse');
    this.filling.push([uri, text]);
    this.unread++;
    this.fillingCharacters += text.length;
    this.characters += text.length;
    if (this.fillingCharacters >= BATCH_CHARACTERS) this.closeBatch();
  }

  /**
   * A file's parse once it is done, while the rest goes on (undefined for a file never added, once `finish` is
   * done): a load puts each file into its model as soon as it and those read before it are parsed.
   */
  parsed(uri: string): Promise<ParsedFile | undefined> {
    const file = this.results.get(uri);
    if (file || this.unread === 0) return Promise.resolve(file);
    return new Promise((resolve) => this.waiting.set(uri, resolve));
  }

  /** Every file is in: the files parsed, once each is (workers parse the rest, or the main thread when none runs). */
  async finish(): Promise<ParsedTexts> {
    this.finished = true;
    if (this.filling.length > 0) this.closeBatch();
    for (const worker of this.inFlight.keys()) {
      worker.ref();
      this.keepBusy(worker);
    }
    try {
      // The main thread parses what workers gave back, and the queue only once no worker is left.
      while (this.unread > 0) {
        const batch = this.mainOnly.pop() ?? (this.inFlight.size === 0 ? this.queue.shift() : undefined);
        if (batch) {
          for (const [uri, text] of batch.files) this.settle(uri, parseManifest(uri, text));
          this.unread -= batch.files.length;
          await new Promise((resolve) => setImmediate(resolve));
        } else {
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
      }
    } finally {
      this.cancel();
      for (const [uri, resolve] of this.waiting) resolve(this.results.get(uri));
      this.waiting.clear();
    }
    return { files: this.results, parsedInWorkers: this.parsedInWorkers, givenBack: this.givenBack, unpackMs: this.unpackMs };
  }

  /** Ends the workers: the parse is not wanted (a warm start answered without it), or it is done. */
  cancel(): void {
    this.finished = true;
    for (const worker of this.workers) void worker.terminate();
    this.inFlight.clear();
  }

  private closeBatch(): void {
    this.queue.push({ id: this.batchCount++, files: this.filling });
    this.filling = [];
    this.fillingCharacters = 0;
    if (!this.workersStarted && this.characters >= (this.options.parallelFrom ?? PARALLEL_FROM_CHARACTERS) && this.queue.length >= 2) this.startWorkers();
    for (const worker of this.inFlight.keys()) this.keepBusy(worker);
  }

  private startWorkers(): void {
    this.workersStarted = true;
    const count = this.options.workers ?? defaultWorkerCount();
    for (let index = 0; index < count; index++) {
      const worker = startWorker(this.options.workerScript ?? WORKER_SCRIPT);
      if (!worker) break;
      this.workers.push(worker);
      this.inFlight.set(worker, []);
      worker.on('message', (answer: ParsedBatch) => this.take(worker, answer));
      worker.on('error', () => this.giveUp(worker));
      worker.on('exit', () => this.giveUp(worker));
      // A parse that nobody waits for yet (a scan whose parse may never be asked for) does not hold the process
      // open; after the listeners, since adding a 'message' listener holds it again.
      if (!this.finished) worker.unref();
      this.keepBusy(worker);
    }
  }

  /** Two batches ahead: a worker that finishes one while the main thread unpacks has the next already. */
  private keepBusy(worker: Worker): void {
    const sent = this.inFlight.get(worker);
    if (!sent) return;
    while (sent.length < 2) {
      const batch = this.queue.shift();
      if (!batch) break;
      sent.push(batch);
      worker.postMessage(batch);
    }
    if (sent.length === 0 && this.finished) {
      this.inFlight.delete(worker);
      void worker.terminate();
      this.signal();
    }
  }

  private take(worker: Worker, answer: ParsedBatch): void {
    const sent = this.inFlight.get(worker);
    const batch = sent?.[0];
    let unpacked: unknown[];
    try {
      if (batch?.id !== answer.id) throw new Error('an answer to no batch');
      const start = performance.now();
      unpacked = unpackValues(answer.packed);
      this.unpackMs += performance.now() - start;
    } catch {
      return this.giveUp(worker);
    }
    sent!.shift();
    unpacked.forEach((file, at) => this.settle(answer.parsed[at]!, file as ParsedFile));
    this.unread -= answer.parsed.length;
    this.parsedInWorkers += answer.parsed.length;
    if (answer.unparsed.length > 0) {
      const texts = new Map(batch.files);
      this.mainOnly.push({ id: -1, files: answer.unparsed.map((uri) => [uri, texts.get(uri)!] as const) });
      this.givenBack.push(...answer.unparsed);
    }
    this.keepBusy(worker);
    this.signal();
  }

  /** A worker that fails gives its batches back to the main thread, and is given no more. */
  private giveUp(worker: Worker): void {
    const sent = this.inFlight.get(worker);
    if (!this.inFlight.delete(worker)) return;
    this.mainOnly.push(...(sent ?? []));
    this.givenBack.push(...(sent ?? []).flatMap((batch) => batch.files.map(([uri]) => uri)));
    void worker.terminate();
    this.signal();
  }

  private settle(uri: string, file: ParsedFile): void {
    this.results.set(uri, file);
    const resolve = this.waiting.get(uri);
    if (!resolve) return;
    this.waiting.delete(uri);
    resolve(file);
  }

  private signal(): void {
    this.wake?.();
    this.wake = undefined;
  }
}

/** A worker, or none when the platform refuses one (the main thread then parses alone). */
function startWorker(script: string): Worker | undefined {
  try {
    // The server speaks LSP over stdout: nothing a worker writes may reach it.
    return new Worker(script, { stdout: true });
  } catch {
    return undefined;
  }
}

/**
 * One worker per core; none on a single core, where the main thread parses alone. Each thread compiles the parser
 * afresh (a cold start on every one), so a worker more than the cores only adds that work.
 */
function defaultWorkerCount(): number {
  const cores = availableParallelism();
  return cores < 2 ? 0 : cores;
}
