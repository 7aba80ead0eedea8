import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PROJECT_ROOT, useTempTrees } from '../../support/fixtures';
import { importCycles, importGraph } from '../../support/importGraph';

describe('no two source files import each other, directly or around a loop', () => {
  test('server/src, client/src and media/src have no import cycle', () => {
    const cycles = importCycles(importGraph(PROJECT_ROOT, ['server/src', 'client/src', 'media/src']));
    assert.deepEqual(cycles, [], cycles.map((cycle) => cycle.join(' <-> ')).join('\n'));
  });

  const tree = useTempTrees();

  test('a loop through a folder index and a type-only import is a cycle', () => {
    const root = tree({
      'src/objects/index.ts': "export { containersOf } from './containers';\nexport type KubeObject = { type: string };\n",
      'src/objects/containers.ts': "import type { KubeObject } from './index';\nexport const containersOf = (object: KubeObject) => [object];\n",
      'src/check.ts': "import { containersOf } from './objects';\nexport const check = containersOf;\n",
    });
    assert.deepEqual(importCycles(importGraph(root, ['src'])), [['src/objects/containers.ts', 'src/objects/index.ts']]);
  });

  test('a loop of three files is one cycle, and a file that only imports is in none', () => {
    const root = tree({
      'src/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/b.ts': "import { c } from './c';\nexport const b = () => c;\n",
      'src/c.ts': "import { a } from './a';\nexport const c = () => a;\n",
      'src/main.ts': "import { a } from './a';\nexport const main = a;\n",
    });
    assert.deepEqual(importCycles(importGraph(root, ['src'])), [['src/a.ts', 'src/b.ts', 'src/c.ts']]);
  });

  test('an import that names no file is an error, not a missing edge', () => {
    const root = tree({ 'src/a.ts': "import { b } from './gone';\nexport const a = b;\n" });
    assert.throws(() => importGraph(root, ['src']), /src\/a\.ts imports \.\/gone/);
  });
});
