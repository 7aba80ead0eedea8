// The whole test suite: build, type-check, then every unit and LSP test with node's test runner,
// ending with one plain "N passed, N failed, N skipped" line.
// Usage: node scripts/test.mjs [--no-build] [node --test options...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const passThrough = args.filter((arg) => arg !== '--no-build');

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${command} ${commandArgs.join(' ')} failed`);
    console.log('0 passed, 1 failed');
    process.exit(result.status ?? 1);
  }
}

if (!skipBuild) {
  run(process.execPath, ['scripts/build.mjs']);
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-b']);
}
mkdirSync('test-output', { recursive: true });
const tapFile = 'test-output/unit.tap';
rmSync(tapFile, { force: true });
const suites = ['out/test/unit', 'out/test/lsp'].filter((folder) => existsSync(folder));
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...passThrough, ...suites],
  { stdio: 'inherit' },
);
const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
if (!tap) console.error('node --test wrote no report: counting the run as failed');
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
const failed = count('fail') + count('cancelled') + (tap ? 0 : 1);
console.log(`${count('pass')} passed, ${failed} failed, ${count('skipped')} skipped`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
