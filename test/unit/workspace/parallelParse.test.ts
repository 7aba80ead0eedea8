import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseManifest, type ParsedFile } from '../../../server/src/model/parseManifest';
import { ParallelParse, type ParallelParseOptions, type ParsedTexts } from '../../../server/src/workspace/parallelParse';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { WorkspaceSession } from '../../../server/src/workspace/workspaceSession';
import { SHARED } from '../../support/fixtures';
import { mutate } from '../../support/mutations';
import { pick, seededRandom } from '../../support/random';

type Texts = [uri: string, text: string][];

function folderTexts(folder: string): Texts {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ya?ml|json)$/.test(file))
    .sort()
    .map((file) => path.join(folder, file))
    .filter((file) => fs.statSync(file).isFile())
    .map((file) => [pathToFileURL(file).href, fs.readFileSync(file, 'utf8')]);
}

/** The corpus, each file also as a few hundred random damages of it: broken YAML, wrong types, half-typed lines. */
function damagedCorpus(): Texts {
  const originals = folderTexts(path.join(SHARED, 'corpus'));
  const random = seededRandom(23);
  const damaged: Texts = [];
  for (let round = 0; round < 400; round++) {
    const [uri, text] = pick(originals, random);
    let changed = text;
    for (let step = 0; step < 3; step++) changed = mutate(changed, random, pick(originals, random)[1]).text;
    damaged.push([`${uri}.damaged-${round}.yaml`, changed]);
  }
  return [...originals, ...damaged];
}

/** Files read already, all given to a parse at once. */
async function parseTexts(files: Texts, options: ParallelParseOptions): Promise<ParsedTexts> {
  const parse = new ParallelParse(options);
  for (const [uri, text] of files) parse.add(uri, text);
  return parse.finish();
}

function serially(texts: Texts): Map<string, ParsedFile> {
  return new Map(texts.map(([uri, text]) => [uri, parseManifest(uri, text)]));
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetrace-parallel-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A worker script written for a test: how a worker that fails behaves. */
function workerScript(name: string, body: string): string {
  const file = path.join(scratch, `${name}.js`);
  fs.writeFileSync(file, `const { parentPort } = require('node:worker_threads');\n${body}\n`);
  return file;
}

const EMPTY_PACK = '{ tokens: new Int32Array(0), doubles: new Float64Array(0), strings: [], shapes: [], count: 0 }';
const haveCorpus = fs.existsSync(path.join(SHARED, 'corpus'));

describe('parsing a load in worker threads', { skip: !haveCorpus && 'no ../shared/corpus' }, () => {
  const corpus = damagedCorpus();

  test('gives exactly the model of the serial parse: objects, ranges and problems, on the corpus and its damaged copies', async () => {
    const problems = [...serially(corpus).values()].reduce((count, file) => count + file.problems.length, 0);
    assert.ok(problems > 100, `the damaged copies have problems (${problems})`);
    const parallel = await parseTexts(corpus, { workers: 2, parallelFrom: 0 });
    assert.ok(parallel.parsedInWorkers > 0, `workers parsed ${parallel.parsedInWorkers} of ${corpus.length} files`);
    assert.deepEqual(parallel.givenBack, []);
    assert.deepStrictEqual(parallel.files, serially(corpus));
  });

  test('gives exactly the model of the serial parse on the real-world repositories', { skip: !fs.existsSync(path.join(SHARED, 'realworld')) && 'no ../shared/realworld' }, async () => {
    const realworld = folderTexts(path.join(SHARED, 'realworld'));
    const parallel = await parseTexts(realworld, { workers: 2 });
    assert.ok(parallel.parsedInWorkers > 0, `workers parsed ${parallel.parsedInWorkers} of ${realworld.length} files`);
    assert.deepStrictEqual(parallel.files, serially(realworld));
  });

  test('a worker that crashes leaves its files to the main thread', async () => {
    const crashing = workerScript('crashing', "parentPort.on('message', () => { throw new Error('the worker crashed'); });");
    const missing = path.join(scratch, 'no-such-worker.js');
    for (const script of [crashing, missing]) {
      const parallel = await parseTexts(corpus, { workers: 2, parallelFrom: 0, workerScript: script });
      assert.equal(parallel.parsedInWorkers, 0);
      assert.ok(parallel.givenBack.length > 0, 'the workers were given files');
      assert.deepStrictEqual(parallel.files, serially(corpus));
    }
  });

  test('a file a worker cannot parse (it throws there) is parsed on the main thread, with the same located problems', async () => {
    const refusing = workerScript('refusing', `parentPort.on('message', (batch) => parentPort.postMessage({ id: batch.id, parsed: [], unparsed: batch.files.map(([uri]) => uri), packed: ${EMPTY_PACK} }));`);
    const confused = workerScript('confused', `parentPort.on('message', (batch) => parentPort.postMessage({ id: batch.id + 1000, parsed: [], unparsed: [], packed: ${EMPTY_PACK} }));`);
    for (const script of [refusing, confused]) {
      const parallel = await parseTexts(corpus, { workers: 2, parallelFrom: 0, workerScript: script });
      assert.equal(parallel.parsedInWorkers, 0);
      assert.ok(parallel.givenBack.length > 0, 'the workers were given files');
      assert.deepStrictEqual(parallel.files, serially(corpus));
    }
  });

  test('a document nested too deeply for the parser is left to the main thread, where its problem depends on no worker', async () => {
    const depth = 20_000;
    const deep = ['file:///deep.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`] as [string, string];
    // With one worker, every batch goes to it: the main thread parses only what it gives back.
    const parallel = await parseTexts([...corpus, deep], { workers: 1, parallelFrom: 0 });
    assert.deepEqual(parallel.givenBack, [deep[0]]);
    assert.match(parallel.files.get(deep[0])?.problems[0]?.message ?? '', /nested too deeply/);
  });

  test("a load's index equals one read file by file on the main thread", async () => {
    const root = path.join(scratch, 'workspace');
    for (const [uri, text] of corpus) {
      const file = path.join(root, path.relative(path.join(SHARED, 'corpus'), new URL(uri).pathname));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    const session = new WorkspaceSession([root], DEFAULT_SETTINGS);
    await session.scan();
    const characters = corpus.reduce((sum, [, text]) => sum + text.length, 0);
    assert.ok(characters > 256 * 1024, `the load is large enough to parse in workers (${characters} characters)`);
    await session.indexScanned();
    const serial = new WorkspaceIndex(() => []);
    for (const uri of session.model.uris()) serial.setText(uri, fs.readFileSync(new URL(uri), 'utf8'));
    for (const uri of serial.uris()) assert.deepStrictEqual(session.model.parsedFile(uri), serial.parsedFile(uri), uri);
    assert.equal(session.model.uris().length, corpus.length);
  });
});
