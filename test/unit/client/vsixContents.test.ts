import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PROJECT_ROOT } from '../../support/fixtures';

/** The part of vsce's packaging this test runs: `vsce package` without its `vscode:prepublish` build. */
interface VscePackaging {
  pack(options: { cwd: string; packagePath: string; dependencies: boolean; allowMissingRepository: boolean }): Promise<{ files: { path: string }[] }>;
}
// vsce's public API packages only after running the minified build, which would replace dist/ under the other
// tests; its own `pack` (the rest of `vsce package`) is reached where the command line reaches it.
const vsce = createRequire(__filename)('@vscode/vsce/out/package.js') as VscePackaging;

const MANIFEST = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  main: string;
  icon: string;
  scripts: Record<string, string>;
  contributes: { walkthroughs: { steps: { media: { markdown?: string } }[] }[] };
};

/** `vsce package`'s options as the package script sets them; a flag this test does not know fails it. */
function packageScriptOptions(): { dependencies: boolean; allowMissingRepository: boolean } {
  const args = (MANIFEST.scripts.package ?? '').split(/\s+/);
  assert.deepEqual(args.slice(0, 2), ['vsce', 'package'], 'the package script runs vsce package');
  const known = new Set(['--no-dependencies', '--allow-missing-repository', '--out', 'kubetrace.vsix']);
  assert.deepEqual(args.slice(2).filter((arg) => !known.has(arg)), [], 'flags this test does not pass on to vsce');
  return { dependencies: !args.includes('--no-dependencies'), allowMissingRepository: args.includes('--allow-missing-repository') };
}

const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetrace-vsix-'));
const packagePath = path.join(temporary, 'kubetrace.vsix');
let files: string[] = [];
const warnings: string[] = [];

before(async () => {
  const options = packageScriptOptions();
  // vsce prints the file tree and its warnings on the console: keep them to assert on.
  const { log, warn } = console;
  console.log = () => {};
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  try {
    files = (await vsce.pack({ cwd: PROJECT_ROOT, packagePath, ...options })).files.map((file) => file.path);
  } finally {
    Object.assign(console, { log, warn });
  }
});
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

describe('the .vsix that npm run package makes (needs npm run build)', () => {
  test('packages without a warning or a question (no repository: the script allows it)', () => {
    assert.deepEqual(warnings, []);
    assert.ok(packageScriptOptions().allowMissingRepository || 'repository' in MANIFEST, 'without a repository vsce asks in a terminal');
  });

  test('holds the README, the CHANGELOG, the licence, the icon, the walkthrough pages and the bundles', () => {
    const expected = [
      'extension/package.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      `extension/${MANIFEST.icon}`,
      `extension/${path.posix.normalize(MANIFEST.main)}`,
      ...['client', 'server', 'parseWorker', 'webview', 'traceView'].map((bundle) => `extension/dist/${bundle}.js`),
      ...MANIFEST.contributes.walkthroughs.flatMap((walkthrough) => walkthrough.steps.map((step) => `extension/${step.media.markdown}`)),
    ];
    assert.deepEqual(expected.filter((file) => !files.includes(file)), [], 'missing from the .vsix');
  });

  test('holds nothing else: no docs, sources, tests, source maps, SVG sources or dependencies', () => {
    const allowed = [
      /^\[Content_Types\]\.xml$/,
      /^extension\.vsixmanifest$/,
      /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
      /^extension\/dist\/(client|server|parseWorker|webview|traceView)\.js$/,
      /^extension\/media\/[^/]+\.css$/,
      /^extension\/media\/icon\.png$/,
      /^extension\/media\/walkthrough\/[^/]+\.md$/,
    ];
    assert.deepEqual(files.filter((file) => !allowed.some((pattern) => pattern.test(file))), [], 'files that do not belong in the .vsix');
    assert.deepEqual(files.filter((file) => /^extension\/(docs|test|e2e|src|node_modules)\/|\/src\//.test(file)), []);
    assert.ok(fs.statSync(packagePath).size < 5_000_000, `${fs.statSync(packagePath).size} bytes`);
  });
});
