import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { ParallelParse } from '../../../server/src/workspace/parallelParse';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import { WorkspaceSession } from '../../../server/src/workspace/workspaceSession';
import { benchGenerators } from '../../support/yamlReaders';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetrace-parse-while-reading-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The benchmark's workspace of 100 applications (about 180 KB in 100 files), read as URIs and texts. */
function generatedTexts(name: string, apps: number): [uri: string, text: string][] {
  const root = path.join(scratch, name);
  const { files } = benchGenerators().generateWorkspace(root, apps);
  return files.map((file) => {
    const absolute = path.isAbsolute(file) ? file : path.join(root, file);
    return [pathToFileURL(absolute).href, fs.readFileSync(absolute, 'utf8')];
  });
}

describe('parsing files while they are read', () => {
  test('files added one at a time while workers already answer give exactly the serial parse', async () => {
    const texts = generatedTexts('added', 300);
    const parse = new ParallelParse({ workers: 2, parallelFrom: 0 });
    for (const [at, [uri, text]] of texts.entries()) {
      parse.add(uri, text);
      // Pauses while adding, as a read does, so that answers arrive before the last file is in.
      if (at % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const parsed = await parse.finish();
    assert.ok(parsed.parsedInWorkers > 0, `workers parsed ${parsed.parsedInWorkers} of ${texts.length} files`);
    assert.deepStrictEqual(parsed.files, new Map(texts.map(([uri, text]) => [uri, parseManifest(uri, text)])));
  });

  test('a scan read again before its parse was used indexes what the second scan read', async () => {
    const root = path.join(scratch, 'rescanned');
    const { files } = benchGenerators().generateWorkspace(root, 300);
    const session = new WorkspaceSession([root], DEFAULT_SETTINGS);
    await session.scan();
    const changed = path.isAbsolute(files[0]!) ? files[0]! : path.join(root, files[0]!);
    const text = `${fs.readFileSync(changed, 'utf8')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: added-after-the-first-scan\n  namespace: default\n`;
    fs.writeFileSync(changed, text);
    await session.scan();
    await session.indexScanned();
    const uri = pathToFileURL(changed).href;
    assert.deepStrictEqual(session.model.parsedFile(uri), parseManifest(uri, text));
  });

  test('a parse that nobody waits for does not keep the process alive', () => {
    const texts = generatedTexts('unawaited', 300);
    const script = path.join(scratch, 'unawaited.js');
    fs.writeFileSync(
      script,
      [
        `const { ParallelParse } = require(${JSON.stringify(require.resolve('../../../server/src/workspace/parallelParse'))});`,
        `const parse = new ParallelParse({ workers: 2, parallelFrom: 0 });`,
        `for (const [uri, text] of ${JSON.stringify(texts)}) parse.add(uri, text);`,
      ].join('\n'),
    );
    const child = spawnSync(process.execPath, [script], { timeout: 30_000, encoding: 'utf8' });
    assert.equal(child.signal, null, 'the process ended on its own');
    assert.equal(child.status, 0, child.stderr);
  });
});
