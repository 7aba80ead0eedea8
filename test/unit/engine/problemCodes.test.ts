import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkModel } from '../../../server/src/cli/checkCommand';
import { openWorkspace } from '../../../server/src/cli/openWorkspace';
import { PROBLEM_CODES, readmeAnchor, type ProblemCode } from '../../../server/src/engine/diagnostics/codes';
import { problemOf } from '../../../server/src/engine/problem';
import { PROJECT_ROOT } from '../../support/fixtures';

const README = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
const REGISTRY = Object.keys(PROBLEM_CODES) as ProblemCode[];

interface Row {
  readonly code: string;
  /** The id of the anchor the row opens with, if any. */
  readonly anchor: string | undefined;
  readonly severity: string;
  /** Without its markup (backticks). */
  readonly meaning: string;
}

/** The rows of the README's table under "## Problem codes". */
function readmeRows(readme: string): Row[] {
  const section = readme.split(/^## Problem codes$/m)[1]?.split(/^#/m)[0] ?? '';
  return section
    .split('\n')
    .map((line) => /^\| (?:<a id="([^"]+)"><\/a>)?(KT\d+) \| ([^|]+) \| ([^|]+) \|/.exec(line))
    .filter((match) => match !== null)
    .map(([, anchor, code, severity, meaning]) => ({ code: code!, anchor, severity: severity!.trim(), meaning: meaning!.trim().replace(/`/g, '') }));
}

const ROWS = readmeRows(README);
const rowOf = (code: ProblemCode) => ROWS.find((row) => row.code === code);

describe('the registry of problem codes and the README table', () => {
  test('the table has a row for every code of the registry, and no other', () => {
    assert.ok(ROWS.length > 0, 'the README has a table under "## Problem codes"');
    const listed = ROWS.map((row) => row.code);
    assert.deepEqual(listed.filter((code) => !(code in PROBLEM_CODES)), [], 'codes in the README that the registry lacks');
    assert.deepEqual(REGISTRY.filter((code) => !listed.includes(code)), [], 'codes of the registry that the README lacks');
    assert.equal(new Set(listed).size, listed.length, 'a code has one row');
  });

  test("each row names its code's default severity first, then the others a finding of it may take", () => {
    for (const code of REGISTRY) {
      const entry: { severity: string; otherSeverities?: readonly string[] } = PROBLEM_CODES[code];
      const named = rowOf(code)?.severity.match(/\b(error|warning|information|hint)\b/g) ?? [];
      assert.deepEqual(named, [entry.severity, ...(entry.otherSeverities ?? [])], code);
    }
  });

  test("each row's meaning opens with its code's title", () => {
    for (const code of REGISTRY) {
      const meaning = rowOf(code)?.meaning ?? '';
      assert.ok(meaning.startsWith(PROBLEM_CODES[code].title), `${code}: "${PROBLEM_CODES[code].title}" does not open "${meaning.slice(0, 120)}"`);
    }
  });

  test("each code's README anchor is the id its own row opens with, and no other element's", () => {
    for (const code of REGISTRY) {
      assert.equal(rowOf(code)?.anchor, readmeAnchor(code), code);
      assert.equal(README.split(`id="${readmeAnchor(code)}"`).length - 1, 1, `${code}: the anchor is unique`);
    }
  });

  test('the codes with a quick fix are those the README says have one', () => {
    const features = /^- \*\*Quick fixes\*\*(.*\n)+?(?=^- )/m.exec(README)?.[0] ?? '';
    const said = ROWS.filter((row) => /quick fix/.test(row.meaning) || features.includes(row.code)).map((row) => row.code);
    assert.deepEqual(REGISTRY.filter((code) => PROBLEM_CODES[code].quickFix), said);
  });
});

describe('the registry and what the checks report', () => {
  const located = { uri: 'file:///w/a.yaml', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } } };

  test("a finding is of its code's default severity unless it sets one its code allows", () => {
    assert.equal(problemOf({ code: 'KT105', message: 'Port name web is used twice.', ...located }).severity, 'error');
    assert.equal(problemOf({ code: 'KT103', message: 'targetPort "metrics" names no TCP container port on 1 of the 2 selected pods.', ...located }).severity, 'error');
    assert.equal(problemOf({ code: 'KT103', severity: 'warning', message: 'targetPort "metrics" names no TCP container port on 1 of the 2 selected pods.', ...located }).severity, 'warning');
    // @ts-expect-error KT105 has one severity: the type check rejects another.
    problemOf({ code: 'KT105', severity: 'warning', message: 'Port name web is used twice.', ...located });
  });

  test('a finding with a fix has a code the registry says has a quick fix (test/fixtures/all-codes)', async () => {
    const root = path.join(PROJECT_ROOT, 'test', 'fixtures', 'all-codes');
    const workspace = await openWorkspace([root], { exclude: [], maxFileSize: 5_000_000 }, () => undefined);
    const problems = [...checkModel(workspace.index, workspace.profileOf).problems.values()].flat();
    assert.ok(problems.length > 50);
    const fixed = new Set(problems.filter((problem) => problem.fixes !== undefined).map((problem) => problem.code));
    assert.ok(fixed.size >= 8, 'the fixture holds findings with fixes');
    assert.deepEqual([...fixed].filter((code) => !PROBLEM_CODES[code].quickFix), []);
  });
});
