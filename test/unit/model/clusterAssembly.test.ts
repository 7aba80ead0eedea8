/**
 * A cluster's model kept file by file (ClusterAssembly) equals one assembled afresh from the same files, whatever the
 * order of sets and deletes, with copies of one object in several files among them; and the change it reports
 * takes the last model's objects to the new one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../../server/src/engine/objects';
import { ClusterAssembly, modelChange } from '../../../server/src/model/clusterModel';
import { parseManifest, type ParsedFile } from '../../../server/src/model/parseManifest';
import { seededRandom } from '../../support/random';

const URIS = ['file:///w/a/all.yaml', 'file:///w/a/more.yaml', 'file:///w/b/all.yaml', 'file:///w/c.yaml'];
const NAMES = ['web', 'api', 'db', 'cache', 'queue', 'auth'];

/** Documents parsed once per file and name, so that a later version of the file holds the same objects where it keeps a document. */
function documentPool(shared: boolean): Map<string, KubeObject[]> {
  const pool = new Map<string, KubeObject[]>();
  for (const [index, uri] of URIS.entries()) {
    // Names shared between files (and versions) make copies of one definition; names of a file's own, none.
    const names = NAMES.map((name) => (shared ? name : `${name}-${index}`));
    const text = names
      .flatMap((name) => [0, 1].map((version) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${shared ? name : `${name}-v${version}`}, namespace: shop}\ndata: {version: "${version}"}\n`))
      .join('---\n');
    pool.set(uri, [...parseManifest(uri, text).objects]);
  }
  return pool;
}

function file(uri: string, objects: readonly KubeObject[]): ParsedFile {
  return { uri, objects, problems: [] };
}

const describeObjects = (objects: Iterable<KubeObject>) => [...objects].map((object) => `${object.uri} ${object.id.name} ${object.type === 'ConfigMap' ? object.data?.value['version'] : ''}`);

describe('a cluster model kept file by file', () => {
  for (const shared of [true, false]) {
    test(`equals a fresh assembly of the same files after each of 400 random sets and deletes, and its change takes the last model to it (${shared ? 'copies of one definition in several files' : 'each file its own names'})`, () => {
      const random = seededRandom(2026);
      const pool = documentPool(shared);
      const assembly = new ClusterAssembly('default');
      const current = new Map<string, readonly KubeObject[]>();
      let last = assembly.model();
      let replacedSeen = 0;
      for (let step = 0; step < 400; step++) {
        // One to three files changed between two models (an edit changes one; a save of several, more).
        for (let changes = 1 + Math.floor(random() * 3); changes > 0; changes--) {
          const uri = URIS[Math.floor(random() * URIS.length)]!;
          const before = current.get(uri);
          if (before && random() < 0.1) {
            assembly.delete(uri);
            current.delete(uri);
            continue;
          }
          // Most edits keep the file's documents and swap one for another version (an edit of one document of a large file).
          const candidates = pool.get(uri)!;
          let objects: KubeObject[];
          if (before && random() < 0.7) {
            objects = [...before];
            const at = Math.floor(random() * objects.length);
            const swap = candidates.filter((object) => !objects.includes(object));
            if (objects.length > 0 && swap.length > 0) objects[at] = swap[Math.floor(random() * swap.length)]!;
            if (random() < 0.2 && swap.length > 1) objects.splice(Math.floor(random() * (objects.length + 1)), 0, swap[(at + 1) % swap.length]!);
            if (random() < 0.1) objects.splice(Math.floor(random() * objects.length), 1);
          } else {
            objects = candidates.filter(() => random() < 0.4);
          }
          // A file never holds one object twice.
          objects = [...new Set(objects)];
          assembly.set(file(uri, objects));
          current.set(uri, objects);
        }
        const model = assembly.model();
        const fresh = new ClusterAssembly('default');
        for (const [uri, objects] of current) fresh.set(file(uri, objects));
        const expected = fresh.model();
        assert.deepEqual(describeObjects(model.objects), describeObjects(expected.objects), `step ${step}`);
        assert.deepEqual([...model.objects], [...expected.objects], `step ${step}: the same objects`);
        assert.deepEqual(model.files, expected.files, `step ${step}: files`);
        const change = modelChange(model);
        assert.ok(change && change.from === last.objects, `step ${step}: a change from the last model`);
        const gone = new Set(change.removed);
        const afterChange = new Set([...[...last.objects].filter((object) => !gone.has(object)), ...change.added]);
        assert.deepEqual(afterChange, new Set(model.objects), `step ${step}: the last model's objects without those removed, with those added`);
        replacedSeen = Math.max(replacedSeen, [...current.values()].flat().length - model.objects.length);
        last = model;
      }
      // With shared names the files held copies of one definition, so that copies left out and brought back were put to the test.
      if (shared) assert.ok(replacedSeen >= 3, `at most ${replacedSeen} copies left out`);
    });
  }
});
