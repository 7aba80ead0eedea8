/**
 * A parse worker's entry (its own bundle, dist/parseWorker.js): it reads the texts it is sent into the model and
 * sends the files back packed. It runs nothing of the workspace's; it parses text. A file whose parse throws here,
 * or whose reading depends on this thread's stack (a document nested too deeply), is sent back unparsed for the
 * main thread to read, so that its problems are those of a parse on the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { parseManifest } from '../model/parseManifest';
import { ValuePacker } from '../model/packedModel';
import type { ParseBatch, ParsedBatch } from './parallelParse';

const NESTED_TOO_DEEPLY = 'nested too deeply';

parentPort?.on('message', (batch: ParseBatch) => {
  const packer = new ValuePacker();
  const parsed: string[] = [];
  const unparsed: string[] = [];
  for (const [uri, text] of batch.files) {
    try {
      const file = parseManifest(uri, text);
      if (file.problems.some((problem) => problem.message.includes(NESTED_TOO_DEEPLY))) unparsed.push(uri);
      else {
        packer.add(file);
        parsed.push(uri);
      }
    } catch {
      unparsed.push(uri);
    }
  }
  const packed = packer.finish();
  const reply: ParsedBatch = { id: batch.id, parsed, unparsed, packed };
  parentPort?.postMessage(reply, [packed.tokens.buffer, packed.doubles.buffer]);
});
