// The same extension tests (test/e2e/suite) with @vscode/test-electron, wherever a desktop VS Code can be
// downloaded or is given as VSCODE_EXECUTABLE. On this project's CI machines neither is possible, so CI uses
// e2e/run-e2e.sh (code-server) instead. Usage: [VSCODE_EXECUTABLE=/path/to/code] node e2e/run-electron.mjs
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const workspace = join(mkdtempSync(join(tmpdir(), 'kubetrace-electron-')), 'workspace');
cpSync(join(root, 'examples'), workspace, { recursive: true });
const results = join(tmpdir(), `kubetrace-electron-results-${process.pid}.json`);

try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'e2e', 'suite', 'index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { KUBETRACE_E2E_RESULTS: results },
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
  });
} catch (error) {
  console.error(`extension tests failed: ${error instanceof Error ? error.message : String(error)}`);
}
let counts = { passed: 0, failed: 1 };
try {
  counts = JSON.parse(readFileSync(results, 'utf8'));
} catch {
  console.error('the extension tests wrote no results');
}
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed > 0 ? 1 : 0);
