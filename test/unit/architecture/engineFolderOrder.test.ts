import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/fixtures';
import { importGraph } from '../../support/importGraph';

/**
 * The engine's folders from the bottom up: a folder imports only from folders of a lower rank. The policy
 * evaluators know nothing of traces, and the checks nothing of tracing, so both can be read (and changed)
 * without the trace. The files at the engine's root are left out: they are helpers used everywhere and, like
 * the engine's entry modules, may import from every folder.
 */
const RANKS: Readonly<Record<string, number>> = {
  objects: 0,
  snapshot: 1,
  dns: 2,
  kubeProxy: 2,
  routing: 2,
  mesh: 3,
  policy: 3,
  diagnostics: 4,
  trace: 4,
  connectivity: 4,
};

const ENGINE = 'server/src/engine';

test("the engine's folders import only from the folders below them", () => {
  const folderOf = (file: string): string | undefined => /^server\/src\/engine\/([^/]+)\//.exec(file)?.[1];
  const backEdges: string[] = [];
  for (const [file, imported] of importGraph(PROJECT_ROOT, [ENGINE])) {
    const from = folderOf(file);
    if (from === undefined) continue;
    assert.ok(from in RANKS, `${from}/ is a new engine folder: give it its rank in this test`);
    for (const target of imported) {
      const to = folderOf(target);
      if (to === undefined || to === from) continue;
      if (RANKS[to]! >= RANKS[from]!) backEdges.push(`${file} -> ${target}`);
    }
  }
  assert.deepEqual(backEdges, []);
});
