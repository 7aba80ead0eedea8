import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isProblemCode, isProblemConnection, isProblemFix, isRange, isRecord, type Problem } from '../engine';

/**
 * The warm-start cache: the problems of the last analysis, stored under a key that names everything they
 * depend on (every file's URI and content hash, the settings, the profile, the build of the server). A
 * cache whose key differs is stale and ignored; one that cannot be read or does not have the expected shape
 * is corrupt and ignored. Either way the analysis runs as if there were no cache. Nothing else is stored:
 * problems quote no Secret value, since the model never keeps one.
 */
const CACHE_FILE = 'kubetrace-analysis.json';
const FORMAT = 2;

export interface AnalysisKeyParts {
  /** `WorkspaceIndex.fingerprint()` of the analysed files, or what `WorkspaceSession.scan` returned. */
  readonly fingerprint: string;
  readonly settings: unknown;
  readonly profile: unknown;
  /** What identifies the code that analysed: a new build must not trust an old build's findings. */
  readonly build: string;
}

export function analysisKey(parts: AnalysisKeyParts): string {
  return createHash('sha1').update(JSON.stringify([FORMAT, parts.fingerprint, parts.settings, parts.profile, parts.build])).digest('hex');
}

/** An analysis as stored: the problems by file, and how many objects the model had (for summaries). */
export interface CachedAnalysis {
  readonly problems: Map<string, Problem[]>;
  readonly objectCount: number;
}

/** The analysis cached under `key`, or undefined when there is none, it is stale, or it cannot be trusted. */
export async function readCachedAnalysis(directory: string, key: string): Promise<CachedAnalysis | undefined> {
  let stored: unknown;
  try {
    stored = JSON.parse(await fs.readFile(path.join(directory, CACHE_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(stored) || stored['format'] !== FORMAT || stored['key'] !== key || !Array.isArray(stored['problems']) || !Number.isInteger(stored['objectCount'])) return undefined;
  const byUri = new Map<string, Problem[]>();
  for (const entry of stored['problems']) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || !Array.isArray(entry[1]) || !entry[1].every(isProblem)) return undefined;
    byUri.set(entry[0], entry[1]);
  }
  return { problems: byUri, objectCount: stored['objectCount'] as number };
}

/** Stores the problems under `key`, replacing the file in one step so a reader never sees half of it. */
export async function writeCachedAnalysis(directory: string, key: string, analysis: { readonly problems: ReadonlyMap<string, readonly Problem[]>; readonly objectCount: number }): Promise<void> {
  await makeFolder(directory);
  const target = path.join(directory, CACHE_FILE);
  const partial = `${target}.${process.pid}.tmp`;
  await fs.writeFile(partial, JSON.stringify({ format: FORMAT, key, objectCount: analysis.objectCount, problems: [...analysis.problems] }));
  await fs.rename(partial, target);
}

/** Makes a folder and those above it. Not `fs.mkdir`'s `recursive`, which loops forever under /proc in Node 20. */
async function makeFolder(directory: string): Promise<void> {
  const made = (error: unknown) => (error as NodeJS.ErrnoException).code === 'EEXIST';
  try {
    await fs.mkdir(directory);
  } catch (error) {
    const parent = path.dirname(directory);
    if (made(error)) return;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === directory) throw error;
    await makeFolder(parent);
    await fs.mkdir(directory).catch((again: unknown) => {
      if (!made(again)) throw again;
    });
  }
}

/** What a stored analysis depends on besides the build, which the store adds itself. */
export type AnalysisContext = Omit<AnalysisKeyParts, 'build'>;

/**
 * The warm-start cache of one folder as the server and `kubetrace check --cache-dir` use it: the analysis stored
 * for a context of this build, and storing one. A failed write is handed to `writeFailed`: the cache is an
 * optimisation, so it never fails the work that uses it.
 */
export class AnalysisCacheStore {
  constructor(
    private readonly directory: string,
    private readonly writeFailed: (error: unknown) => void,
  ) {}

  /** Whether an analysis is stored at all (of any context): when none is, a reader need not wait for the key to know it must analyse. */
  async holdsAnalysis(): Promise<boolean> {
    return fs.stat(path.join(this.directory, CACHE_FILE)).then(
      () => true,
      () => false,
    );
  }

  async read(context: AnalysisContext): Promise<CachedAnalysis | undefined> {
    return readCachedAnalysis(this.directory, await keyOf(context));
  }

  async write(context: AnalysisContext, analysis: { readonly problems: ReadonlyMap<string, readonly Problem[]>; readonly objectCount: number }): Promise<void> {
    await writeCachedAnalysis(this.directory, await keyOf(context), analysis).catch(this.writeFailed);
  }
}

async function keyOf(context: AnalysisContext): Promise<string> {
  return analysisKey({ ...context, build: await serverBuild() });
}

/** The build of the running server: its own file's size and time. A rebuilt server starts with a cold cache. */
async function serverBuild(): Promise<string> {
  const stat = await fs.stat(__filename).catch(() => undefined);
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'unknown';
}

function isProblem(value: unknown): value is Problem {
  if (!isRecord(value)) return false;
  const related = value['related'];
  const fixes = value['fixes'];
  const connection = value['connection'];
  return (
    isProblemCode(value['code']) &&
    ['error', 'warning', 'information', 'hint'].includes(value['severity'] as string) &&
    typeof value['message'] === 'string' &&
    typeof value['uri'] === 'string' &&
    isRange(value['range']) &&
    (related === undefined || (Array.isArray(related) && related.every((entry) => isRecord(entry) && typeof entry['uri'] === 'string' && typeof entry['message'] === 'string' && isRange(entry['range'])))) &&
    (fixes === undefined || (Array.isArray(fixes) && fixes.every(isProblemFix))) &&
    (connection === undefined || isProblemConnection(connection))
  );
}
