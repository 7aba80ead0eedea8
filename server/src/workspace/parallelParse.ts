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

export interface ParallelParseOptions {
  /** How many workers parse beside the main thread; 0 parses on the main thread alone. */
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
 * Parses many files at once (a load), in worker threads and on the main thread together: each takes the next
 * batch when it is done with one. Workers send the model back packed (packedModel.ts), which the main thread
 * unpacks for a small part of what parsing costs. A worker that fails, or a file it cannot read as the main thread
 * would, is parsed on the main thread, so every file is what `parseManifest` gives there. The main thread pauses
 * between batches so that messages are answered during a long load. Workers end when the load does.
 */
export async function parseTexts(files: readonly (readonly [uri: string, text: string])[], options: ParallelParseOptions = {}): Promise<Map<string, ParsedFile>> {
  const results = new Map<string, ParsedFile>();
  const queue = batchesOf(files);
  /** Batches only the main thread parses: those a worker gave back. */
  const mainOnly: ParseBatch[] = [];
  let unread = files.length;
  const characters = files.reduce((sum, [, text]) => sum + text.length, 0);
  const workerCount = characters < (options.parallelFrom ?? PARALLEL_FROM_CHARACTERS) ? 0 : Math.min(options.workers ?? defaultWorkerCount(), queue.length - 1);
  const inFlight = new Map<Worker, ParseBatch>();
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const giveWork = (worker: Worker) => {
    const batch = queue.pop();
    if (batch) {
      inFlight.set(worker, batch);
      worker.postMessage(batch);
    } else {
      inFlight.delete(worker);
      void worker.terminate();
    }
  };
  // A worker that fails gives its batch back to the main thread, and is given no more.
  const giveUp = (worker: Worker) => {
    const batch = inFlight.get(worker);
    if (!inFlight.delete(worker)) return;
    if (batch) mainOnly.push(batch);
    void worker.terminate();
    signal();
  };
  const workers: Worker[] = [];
  try {
    for (let index = 0; index < workerCount; index++) {
      const worker = new Worker(options.workerScript ?? WORKER_SCRIPT);
      workers.push(worker);
      worker.on('message', (answer: ParsedBatch) => {
        const batch = inFlight.get(worker);
        let unpacked: unknown[];
        try {
          if (batch?.id !== answer.id) throw new Error('an answer to no batch');
          unpacked = unpackValues(answer.packed);
        } catch {
          return giveUp(worker);
        }
        unpacked.forEach((file, at) => results.set(answer.parsed[at]!, file as ParsedFile));
        unread -= answer.parsed.length;
        if (answer.unparsed.length > 0) {
          const texts = new Map(batch.files);
          mainOnly.push({ id: -1, files: answer.unparsed.map((uri) => [uri, texts.get(uri)!] as const) });
        }
        giveWork(worker);
        signal();
      });
      worker.on('error', () => giveUp(worker));
      worker.on('exit', () => giveUp(worker));
      giveWork(worker);
    }
    // The main thread parses what workers gave back first, then from the queue's other end.
    while (unread > 0) {
      const batch = mainOnly.pop() ?? queue.shift();
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
  return results;
}

/** Beside the main thread, one worker per core: the main thread spends part of its time unpacking and answering. */
function defaultWorkerCount(): number {
  return availableParallelism();
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
