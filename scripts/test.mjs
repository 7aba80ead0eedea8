// The whole test suite: build, type-check, then every unit and LSP test with node's test runner.
// Usage: node scripts/test.mjs [--no-build] [node --test options...]
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const passThrough = args.filter((arg) => arg !== '--no-build');

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!skipBuild) {
  run(process.execPath, ['scripts/build.mjs']);
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-b']);
}
run(process.execPath, ['--test', '--test-reporter=spec', ...passThrough, 'out/test/unit', 'out/test/lsp']);
