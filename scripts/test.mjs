// The whole test suite: build, type-check, the unit, conformance and LSP tests (node's test runner), then the
// end-to-end tests in a real VS Code workbench (e2e/run-e2e.sh). Ends with one combined
// "N passed, N failed, N skipped" line. Usage: node scripts/test.mjs [--no-build] [--no-e2e]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const args = process.argv.slice(2);
const total = { passed: 0, failed: 0, skipped: 0 };

function finish() {
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(total.failed > 0 ? 1 : 0);
}

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${command} ${commandArgs.join(' ')} failed`);
    total.failed += 1;
    finish();
  }
}

if (!args.includes('--no-build')) {
  run(process.execPath, ['scripts/build.mjs']);
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-b']);
}

mkdirSync('test-output', { recursive: true });
const tapFile = 'test-output/unit.tap';
rmSync(tapFile, { force: true });
const suites = ['out/test/unit', 'out/test/lsp'].filter((folder) => existsSync(folder));
spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...suites],
  { stdio: 'inherit' },
);
const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
if (!tap) console.error('node --test wrote no report: counting the run as failed');
total.passed += count('pass');
total.failed += count('fail') + count('cancelled') + (tap ? 0 : 1);
total.skipped += count('skipped');
console.log(`unit, conformance and LSP tests: ${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${count('skipped')} skipped`);

if (!args.includes('--no-e2e')) {
  const resultsFile = 'test-output/e2e/results.json';
  rmSync(resultsFile, { force: true });
  spawnSync('bash', ['e2e/run-e2e.sh'], { stdio: 'inherit' });
  if (existsSync(resultsFile)) {
    const e2e = JSON.parse(readFileSync(resultsFile, 'utf8'));
    total.passed += e2e.passed;
    total.failed += e2e.failed;
    total.skipped += e2e.skipped ?? 0;
  } else {
    console.error('the end-to-end tests did not run to the end: counting them as failed');
    total.failed += 1;
  }
}
finish();
