// Runs the Kustomize conformance cases (../shared/conformance/kustomize) through `node dist/cli.js render`, as the
// folder's README says: success cases compared as multisets of objects, error cases must exit 2, anything else
// (another status, a stack trace) is a crash. Prints one line per case that does not pass, then the counts.
// Usage: node scripts/kustomize-conformance.mjs [--verbose] [CASE-SUBSTRING]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const folder = resolve(process.env.KUSTOMIZE_CASES ?? '../shared/conformance/kustomize');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const filter = args.find((arg) => !arg.startsWith('--'));

function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  return JSON.stringify(value);
}

function objects(text) {
  return parseAllDocuments(text).map((document) => document.toJS()).filter((value) => value !== null && value !== undefined).map(canonical).sort();
}

const counts = { passed: 0, failed: 0, crashed: 0 };
for (const name of readdirSync(folder).sort()) {
  const caseFolder = join(folder, name);
  if (!existsSync(join(caseFolder, 'meta.json')) || (filter && !name.includes(filter))) continue;
  const meta = JSON.parse(readFileSync(join(caseFolder, 'meta.json'), 'utf8'));
  const run = spawnSync(process.execPath, ['dist/cli.js', 'render', join(caseFolder, 'in', meta.root)], { encoding: 'utf8' });
  let verdict;
  if ((run.status !== 0 && run.status !== 2) || /\n\s+at .+:\d+:\d+\)?\n/.test(run.stderr)) verdict = 'crashed';
  else if (meta.expectError) verdict = run.status === 2 ? 'passed' : 'failed';
  else if (run.status !== 0) verdict = 'failed';
  else {
    const expected = objects(readFileSync(join(caseFolder, 'expected.yaml'), 'utf8'));
    const actual = objects(run.stdout);
    verdict = canonical(expected) === canonical(actual) ? 'passed' : 'failed';
    if (verdict === 'failed' && verbose) {
      const missing = expected.filter((item) => !actual.includes(item));
      const extra = actual.filter((item) => !expected.includes(item));
      console.log(`  expected, not printed:\n    ${missing.join('\n    ')}\n  printed, not expected:\n    ${extra.join('\n    ')}`);
    }
  }
  counts[verdict] += 1;
  if (verdict !== 'passed') console.log(`${verdict}: ${name}${run.status === 2 ? ` (exit 2: ${run.stderr.trim().split('\n').at(-1)})` : ''}`);
}
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.crashed} crashed`);
