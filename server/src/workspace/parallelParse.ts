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
 * Parses many files at once (a load) in worker threads, one per core: each takes the next batch when it is done with
 * one. Workers send the model back packed (packedModel.ts), which the main thread unpacks for a small part of what
 * parsing costs; the main thread parses no batch while a worker lives, since what it parses survives on its heap in
 * pieces its collector copies again and again (with one worker beside it parsing, a load took about 20% more
 * processor time than with two workers and the main thread unpacking). A worker that fails, or a file it cannot
 * read as the main thread would, is parsed on the main thread, so every file is what `parseManifest` gives there.
 * The main thread pauses between batches so that messages are answered during a long load. Workers end when the
 * load does.
 */
export async function parseTexts(files: readonly (readonly [uri: string, text: string])[], options: ParallelParseOptions = {}): Promise<ParsedTexts> {
  const results = new Map<string, ParsedFile>();
  let parsedInWorkers = 0;
  const givenBack: string[] = [];
  let unpackMs = 0;
  const queue = batchesOf(files);
  /** Batches only the main thread parses: those a worker gave back. */
  const mainOnly: ParseBatch[] = [];
  let unread = files.length;
  const characters = files.reduce((sum, [, text]) => sum + text.length, 0);
  const workerCount = characters < (options.parallelFrom ?? PARALLEL_FROM_CHARACTERS) || queue.length < 2 ? 0 : Math.min(options.workers ?? defaultWorkerCount(), queue.length);
  /** The batches each worker has been sent and not yet answered, oldest first. */
  const inFlight = new Map<Worker, ParseBatch[]>();
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const giveWork = (worker: Worker) => {
    const batch = queue.pop();
    const sent = inFlight.get(worker) ?? [];
    if (batch) {
      inFlight.set(worker, [...sent, batch]);
      worker.postMessage(batch);
    } else if (sent.length === 0) {
      inFlight.delete(worker);
      void worker.terminate();
    }
  };
  // A worker that fails gives its batches back to the main thread, and is given no more.
  const giveUp = (worker: Worker) => {
    const sent = inFlight.get(worker);
    if (!inFlight.delete(worker)) return;
    mainOnly.push(...(sent ?? []));
    givenBack.push(...(sent ?? []).flatMap((batch) => batch.files.map(([uri]) => uri)));
    void worker.terminate();
    signal();
  };
  const workers: Worker[] = [];
  try {
    for (let index = 0; index < workerCount; index++) {
      const worker = startWorker(options.workerScript ?? WORKER_SCRIPT);
      if (!worker) break;
      workers.push(worker);
      worker.on('message', (answer: ParsedBatch) => {
        const [batch, ...rest] = inFlight.get(worker) ?? [];
        let unpacked: unknown[];
        try {
          if (batch?.id !== answer.id) throw new Error('an answer to no batch');
          const start = performance.now();
          unpacked = unpackValues(answer.packed);
          unpackMs += performance.now() - start;
        } catch {
          return giveUp(worker);
        }
        inFlight.set(worker, rest);
        unpacked.forEach((file, at) => results.set(answer.parsed[at]!, file as ParsedFile));
        unread -= answer.parsed.length;
        parsedInWorkers += answer.parsed.length;
        if (answer.unparsed.length > 0) {
          const texts = new Map(batch.files);
          mainOnly.push({ id: -1, files: answer.unparsed.map((uri) => [uri, texts.get(uri)!] as const) });
          givenBack.push(...answer.unparsed);
        }
        giveWork(worker);
        signal();
      });
      worker.on('error', () => giveUp(worker));
      worker.on('exit', () => giveUp(worker));
      // Two batches ahead: a worker that finishes one while the main thread parses has the next already.
      giveWork(worker);
      giveWork(worker);
    }
    // The main thread parses what workers gave back, and the queue only once no worker is left.
    while (unread > 0) {
      const batch = mainOnly.pop() ?? (inFlight.size === 0 ? queue.shift() : undefined);
      if (batch) {
        for (const [uri, text] of batch.files) results.set(uri, parseManifest(uri, text));
        unread -= batch.files.length;
        await new Promise((resolve) => setImmediate(resolve));
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    for (const worker of workers) void worker.terminate();
  }
  return { files: results, parsedInWorkers, givenBack, unpackMs };
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

/** The files in batches of about BATCH_CHARACTERS each, in order; a queue that workers take from its end. */
function batchesOf(files: readonly (readonly [string, string])[]): ParseBatch[] {
  const batches: ParseBatch[] = [];
  let current: (readonly [string, string])[] = [];
  let size = 0;
  for (const file of files) {
    current.push(file);
    size += file[1].length;
    if (size >= BATCH_CHARACTERS) {
      batches.push({ id: batches.length, files: current });
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) batches.push({ id: batches.length, files: current });
  return batches;
}
