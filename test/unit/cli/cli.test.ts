import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { kubetrace } from '../../support/cliRun';
import { useTempTrees, withMarkers } from '../../support/fixtures';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  mode: fast\n';
// Markers give the 0-based position each problem must be reported at.
const DUPLICATE_KEY = withMarkers('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  «at»name: again\n');
const WRONG_TYPE = withMarkers('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n    - port: «at»"80"\n');

const PROBLEM_LINE = /^(?<file>[^\s:][^:]*):(?<line>\d+):(?<column>\d+) (?<severity>error|warning|information|hint) (?<code>KT\d{3}) (?<message>\S.*)$/;
const SUMMARY_LINE = /^(?<files>\d+) files, (?<objects>\d+) objects: (?<errors>\d+) errors, (?<warnings>\d+) warnings, (?<notes>\d+) notes\.$/;

interface ReportedProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/** Splits text output into problems and the summary, failing on any line of another shape. */
function readTextReport(stdout: string): { problems: ReportedProblem[]; summary: Record<string, number> } {
  const lines = stdout.split('\n');
  assert.equal(lines.pop(), '', 'output ends with a newline');
  const summaryLine = lines.pop() ?? '';
  const summary = SUMMARY_LINE.exec(summaryLine)?.groups;
  assert.ok(summary, `last line is the summary: ${JSON.stringify(summaryLine)}`);
  const problems = lines.map((line) => {
    const groups = PROBLEM_LINE.exec(line)?.groups;
    assert.ok(groups, `FILE:LINE:COL severity CODE message: ${JSON.stringify(line)}`);
    return { file: groups['file']!, line: Number(groups['line']), column: Number(groups['column']), severity: groups['severity']!, code: groups['code']!, message: groups['message']! };
  });
  return { problems, summary: Object.fromEntries(Object.entries(summary).map(([key, value]) => [key, Number(value)])) };
}

/** The 1-based `LINE:COL` of a fixture's «at» marker. */
function lineColumn(fixture: { at: Record<string, { line: number; character: number }> }): string {
  const at = fixture.at['at'];
  assert.ok(at, 'the fixture has an «at» marker');
  return `${at.line + 1}:${at.character + 1}`;
}

describe('kubetrace check', () => {
  const tree = useTempTrees();

  test('exits 0 and prints only the summary when there is no problem', () => {
    const root = tree({ 'ns.yaml': NAMESPACE, 'apps/config.yml': CONFIG_MAP, 'notes/readme.yaml': 'title: not kubernetes\n' });
    const run = kubetrace(['check', '.'], { cwd: root });
    assert.equal(run.status, 0);
    assert.equal(run.stdout, '3 files, 2 objects: 0 errors, 0 warnings, 0 notes.\n');
    assert.equal(run.stderr, '');
  });

  test('a YAML syntax error in a Kubernetes file is a located KT001 error: exit 1', () => {
    const root = tree({ 'ns.yaml': CONFIG_MAP, 'broken/dup.yaml': DUPLICATE_KEY.text });
    const run = kubetrace(['check', '.'], { cwd: root });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, `broken/dup.yaml:${lineColumn(DUPLICATE_KEY)} error KT001 YAML syntax error: Map keys must be unique\n2 files, 1 objects: 1 errors, 0 warnings, 0 notes.\n`);
    assert.equal(lineColumn(DUPLICATE_KEY), '5:3', 'the marker sits where a reader would look');
  });

  test('a field of the wrong type is a located KT002 error: exit 1, the object still counts', () => {
    const root = tree({ 'svc.yaml': WRONG_TYPE.text });
    const run = kubetrace(['check', 'svc.yaml'], { cwd: root });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, `svc.yaml:${lineColumn(WRONG_TYPE)} error KT002 spec.ports[0].port must be an integer, not a string ("80").\n1 files, 1 objects: 1 errors, 0 warnings, 0 notes.\n`);
    assert.equal(lineColumn(WRONG_TYPE), '8:13');
  });

  test('every line is FILE:LINE:COL severity CODE message, and the summary counts them', () => {
    const root = tree({ 'a/dup.yaml': DUPLICATE_KEY.text, 'b/svc.yaml': WRONG_TYPE.text, 'c/one.yaml': CONFIG_MAP, 'c/two.yaml': CONFIG_MAP, 'big.yaml': CONFIG_MAP + `  pad: "${'x'.repeat(300)}"\n` });
    const run = kubetrace(['check', '--max-file-size', '300', '.'], { cwd: root });
    assert.equal(run.status, 1);
    const { problems, summary } = readTextReport(run.stdout);
    assert.deepEqual(
      problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.code}`),
      ['a/dup.yaml:5:3 KT001', 'b/svc.yaml:8:13 KT002', 'big.yaml:1:1 KT005', 'c/one.yaml:4:9 KT004'],
    );
    // c/one.yaml and c/two.yaml define the same ConfigMap alike: one object, and information on the copy replaced.
    assert.deepEqual(summary, { files: 5, objects: 2, errors: 2, warnings: 0, notes: 2 });
    assert.equal(problems.filter((problem) => problem.severity === 'error').length, summary['errors']);
  });

  test('--format json gives parseable JSON with the same problems as the text', () => {
    const root = tree({ 'a/dup.yaml': DUPLICATE_KEY.text, 'b/svc.yaml': WRONG_TYPE.text, 'c/one.yaml': CONFIG_MAP, 'c/two.yaml': CONFIG_MAP });
    const text = kubetrace(['check', '.'], { cwd: root });
    const json = kubetrace(['check', '--format', 'json', '.'], { cwd: root });
    assert.equal(json.status, 1);
    assert.equal(json.stderr, '');
    const report = JSON.parse(json.stdout) as { files: number; objects: number; problems: (ReportedProblem & { endLine: number; endColumn: number; related: { file: string; line: number; column: number }[] })[] };
    assert.equal(report.files, 4);
    assert.equal(report.objects, 2);
    assert.deepEqual(
      report.problems.map(({ file, line, column, severity, code, message }) => ({ file, line, column, severity, code, message })),
      readTextReport(text.stdout).problems,
    );
    const [first] = report.problems.filter((problem) => problem.code === 'KT004');
    assert.deepEqual(first?.related.map(({ file, line, column }) => `${file}:${line}:${column}`), ['c/two.yaml:4:9']);
    const wrongType = report.problems.find((problem) => problem.code === 'KT002');
    assert.deepEqual([wrongType?.line, wrongType?.column, wrongType?.endLine, wrongType?.endColumn], [8, 13, 8, 17], 'the range covers "80"');
    // `--format=json` is the same option.
    assert.equal(kubetrace(['check', '--format=json', '.'], { cwd: root }).stdout, json.stdout);
  });

  test('--exit-zero exits 0 and still reports the errors', () => {
    const root = tree({ 'svc.yaml': WRONG_TYPE.text });
    const text = kubetrace(['check', '--exit-zero', '.'], { cwd: root });
    assert.equal(text.status, 0);
    assert.equal(readTextReport(text.stdout).summary['errors'], 1);
    const json = kubetrace(['check', '.', '--exit-zero', '--format', 'json'], { cwd: root });
    assert.equal(json.status, 0);
    assert.deepEqual((JSON.parse(json.stdout) as { problems: { code: string }[] }).problems.map((problem) => problem.code), ['KT002']);
  });

  test('a PATH is a file or a folder; several PATHs make one model', () => {
    const root = tree({ 'one/svc.yaml': WRONG_TYPE.text, 'one/ns.yaml': NAMESPACE, 'two/config.yaml': CONFIG_MAP, 'manifest.txt': CONFIG_MAP });
    const file = readTextReport(kubetrace(['check', 'one/ns.yaml'], { cwd: root }).stdout);
    assert.deepEqual([file.problems, file.summary['files'], file.summary['objects']], [[], 1, 1]);
    const folder = readTextReport(kubetrace(['check', 'one'], { cwd: root }).stdout);
    assert.deepEqual([folder.problems.map((problem) => problem.file), folder.summary['files'], folder.summary['objects']], [['one/svc.yaml'], 2, 2]);
    const several = readTextReport(kubetrace(['check', 'one', 'two/config.yaml', 'manifest.txt'], { cwd: root }).stdout);
    // manifest.txt and two/config.yaml define the same ConfigMap alike: the later one (by path) is kept, the other is information.
    assert.deepEqual(several.summary, { files: 4, objects: 3, errors: 1, warnings: 0, notes: 1 });
    assert.deepEqual(several.problems.map((problem) => `${problem.file} ${problem.severity} ${problem.code}`), ['manifest.txt information KT004', 'one/svc.yaml error KT002']);
  });

  test('a file named twice (itself and inside a folder) is read once, not reported as a duplicate', () => {
    const root = tree({ 'ns.yaml': NAMESPACE });
    const run = kubetrace(['check', '.', 'ns.yaml', './ns.yaml'], { cwd: root });
    assert.equal(run.status, 0);
    assert.equal(run.stdout, '1 files, 1 objects: 0 errors, 0 warnings, 0 notes.\n');
  });

  test('files outside the working folder are shown by absolute path', () => {
    const root = tree({ 'svc.yaml': WRONG_TYPE.text });
    const elsewhere = tree({});
    const run = kubetrace(['check', root], { cwd: elsewhere });
    assert.equal(run.status, 1);
    assert.deepEqual(readTextReport(run.stdout).problems.map((problem) => problem.file), [path.join(root, 'svc.yaml')]);
  });

  test('usage and I/O errors exit 2 with a message on stderr and no report', () => {
    const root = tree({ 'ns.yaml': NAMESPACE });
    const cases: { args: string[]; stderr: RegExp }[] = [
      { args: ['check', 'missing.yaml'], stderr: /^kubetrace: cannot read missing\.yaml: no such file or folder\n$/ },
      { args: ['check', 'ns.yaml', 'missing-folder'], stderr: /^kubetrace: cannot read missing-folder: no such file or folder\n$/ },
      { args: ['check', '--frobnicate', '.'], stderr: /^kubetrace: unknown option --frobnicate\nRun 'kubetrace --help' for usage\.\n$/ },
      { args: ['check', '--exit-zero=yes', '.'], stderr: /--exit-zero takes no value/ },
      { args: ['check', '.', '--format'], stderr: /--format needs a value/ },
      { args: ['check', '--format', 'xml', '.'], stderr: /--format must be text or json/ },
      { args: ['check', '--max-file-size', 'lots', '.'], stderr: /--max-file-size must be a positive number/ },
      { args: ['check'], stderr: /^kubetrace: name at least one file or folder\n/ },
      { args: ['objects'], stderr: /^kubetrace: name at least one file or folder\n/ },
      { args: ['objects', '--bogus', '.'], stderr: /unknown option --bogus/ },
      { args: ['frobnicate', '.'], stderr: /^kubetrace: unknown command frobnicate\n/ },
    ];
    for (const { args, stderr } of cases) {
      const run = kubetrace(args, { cwd: root });
      assert.equal(run.status, 2, `kubetrace ${args.join(' ')}`);
      assert.match(run.stderr, stderr, `kubetrace ${args.join(' ')}`);
      assert.equal(run.stdout, '', `kubetrace ${args.join(' ')} prints no report`);
    }
    const bare = kubetrace([], { cwd: root });
    assert.equal(bare.status, 2, 'no command at all is a usage error');
    assert.match(bare.stdout + bare.stderr, /^Usage: kubetrace COMMAND/m);
  });

  test('a symbolic link loop or a dangling link in a folder does not stop the others from counting', () => {
    const root = tree({ 'ns.yaml': NAMESPACE, 'web/svc.yaml': WRONG_TYPE.text });
    // a -> b -> a and loop.yaml -> itself cannot be resolved; web/up -> the root is a cycle the walk must break.
    fs.symlinkSync(path.join(root, 'b'), path.join(root, 'a'));
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'b'));
    fs.symlinkSync('loop.yaml', path.join(root, 'loop.yaml'));
    fs.symlinkSync(root, path.join(root, 'web', 'up'));
    fs.symlinkSync(path.join(root, 'gone.yaml'), path.join(root, 'dangling.yaml'));
    const run = kubetrace(['check', '.'], { cwd: root });
    assert.equal(run.status, 1, 'the KT002 error still fails the check');
    const { problems, summary } = readTextReport(run.stdout);
    // The two links that name a manifest but lead nowhere are reported where they are, as KT006.
    assert.deepEqual(problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.code}`), ['dangling.yaml:1:1 KT006', 'loop.yaml:1:1 KT006', 'web/svc.yaml:8:13 KT002']);
    assert.equal(summary['objects'], 2);
    const objects = kubetrace(['objects', '.'], { cwd: root });
    assert.equal(objects.status, 0);
    assert.match(objects.stdout, /^2 objects in 1 namespaces\.$/m);
  });

  test('--cache-dir: a second run over the same files prints the stored analysis; a changed file is analysed again', () => {
    const root = tree({ 'ns.yaml': NAMESPACE, 'web/svc.yaml': WRONG_TYPE.text });
    const cache = path.join(root, '..', `${path.basename(root)}-cache`);
    try {
      const first = kubetrace(['check', '--cache-dir', cache, '.'], { cwd: root });
      assert.equal(first.status, 1);
      const cacheFile = path.join(cache, 'kubetrace-analysis.json');
      assert.ok(fs.existsSync(cacheFile), 'the analysis was stored');
      // A marked message proves the next run printed the stored analysis instead of analysing again.
      fs.writeFileSync(cacheFile, fs.readFileSync(cacheFile, 'utf8').replace('must be an integer', 'must be an integer [cached]'));
      const second = kubetrace(['check', '--cache-dir', cache, '.'], { cwd: root });
      assert.equal(second.status, 1);
      assert.match(second.stdout, /must be an integer \[cached\]/);
      assert.deepEqual(readTextReport(second.stdout).summary, readTextReport(first.stdout).summary, 'the same file and object counts');
      fs.writeFileSync(path.join(root, 'ns.yaml'), NAMESPACE.replace('shop', 'shop-2'));
      const third = kubetrace(['check', '--cache-dir', cache, '.'], { cwd: root });
      assert.doesNotMatch(third.stdout, /\[cached\]/, 'a changed file makes the stored analysis stale');
      fs.writeFileSync(cacheFile, 'not json');
      const fourth = kubetrace(['check', '--cache-dir', cache, '.'], { cwd: root });
      assert.equal(fourth.stdout, third.stdout, 'a corrupt cache is ignored');
      assert.equal(fourth.stderr, '');
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  test('a PATH that is a link loop or a dangling link is an I/O error: exit 2', () => {
    const root = tree({ 'ns.yaml': NAMESPACE });
    fs.symlinkSync(path.join(root, 'b'), path.join(root, 'a'));
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'b'));
    fs.symlinkSync(path.join(root, 'gone.yaml'), path.join(root, 'dangling.yaml'));
    const loop = kubetrace(['check', 'a'], { cwd: root });
    assert.equal(loop.status, 2);
    assert.equal(loop.stderr, 'kubetrace: cannot read a: too many levels of symbolic links\n');
    const dangling = kubetrace(['check', 'ns.yaml', 'dangling.yaml'], { cwd: root });
    assert.equal(dangling.status, 2);
    assert.equal(dangling.stderr, 'kubetrace: cannot read dangling.yaml: no such file or folder\n');
  });

  test(
    'a dangling link to a manifest inside a folder is reported as KT006, as the README says',
    () => {
      const root = tree({ 'ns.yaml': NAMESPACE });
      fs.symlinkSync(path.join(root, 'gone.yaml'), path.join(root, 'dangling.yaml'));
      const { problems } = readTextReport(kubetrace(['check', '.'], { cwd: root }).stdout);
      assert.deepEqual(problems.map((problem) => `${problem.file} ${problem.severity} ${problem.code}`), ['dangling.yaml warning KT006']);
    },
  );
});

describe('kubetrace help', () => {
  const tree = useTempTrees();

  test('--help, -h and help describe the commands and exit 0', () => {
    const root = tree({});
    for (const flag of ['--help', '-h', 'help']) {
      const run = kubetrace([flag], { cwd: root });
      assert.equal(run.status, 0, flag);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^Usage: kubetrace COMMAND \[options\] PATH\.\.\./);
      assert.match(run.stdout, /^ {2}check PATH\.\.\. +print the model's problems/m);
      assert.match(run.stdout, /^ {2}objects PATH\.\.\. +list the objects of the model by namespace/m);
    }
  });

  test('check --help and objects --help describe their command and exit 0, whatever else is given', () => {
    const root = tree({});
    const check = kubetrace(['check', '--help'], { cwd: root });
    assert.equal(check.status, 0);
    assert.equal(check.stderr, '');
    assert.match(check.stdout, /^Usage: kubetrace check \[options\] PATH\.\.\./);
    assert.match(check.stdout, /FILE:LINE:COLUMN SEVERITY CODE MESSAGE/);
    assert.match(check.stdout, /0 when there is no error, 1 when there is at least one error, 2 on a usage or I\/O error/);
    for (const option of ['--format', '--exclude', '--max-file-size', '--exit-zero']) assert.match(check.stdout, new RegExp(`^ {2}${option}\\b`, 'm'));

    const objects = kubetrace(['objects', '--help'], { cwd: root });
    assert.equal(objects.status, 0);
    assert.match(objects.stdout, /^Usage: kubetrace objects \[options\] PATH\.\.\./);
    assert.match(objects.stdout, /by namespace/);
    assert.doesNotMatch(objects.stdout, /--exit-zero/, 'objects has no --exit-zero');

    assert.equal(kubetrace(['check', 'missing-folder', '-h'], { cwd: root }).status, 0, 'help wins over a missing PATH');
  });
});

describe('kubetrace objects', () => {
  const tree = useTempTrees();
  const files = {
    'ns.yaml': NAMESPACE,
    'apps/config.yaml': `${CONFIG_MAP}---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules: []\n`,
    'apps/flags.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flags', namespace: 'other' } }),
  };

  test('lists cluster-scoped objects first, then each namespace, with file:line', () => {
    const run = kubetrace(['objects', '.'], { cwd: tree(files) });
    assert.equal(run.status, 0);
    assert.equal(run.stderr, '');
    assert.equal(
      run.stdout,
      [
        'cluster-scoped',
        '  ClusterRole.rbac.authorization.k8s.io  reader    apps/config.yaml:12',
        '  Namespace                              shop      ns.yaml:4',
        'namespace other',
        '  ConfigMap                              flags     apps/flags.json:1',
        'namespace shop',
        '  ConfigMap                              settings  apps/config.yaml:4',
        '4 objects in 2 namespaces.',
        '',
      ].join('\n'),
    );
  });

  test('--format json lists the same objects as data', () => {
    const run = kubetrace(['objects', '--format', 'json', '.'], { cwd: tree(files) });
    assert.equal(run.status, 0);
    assert.deepEqual(JSON.parse(run.stdout), {
      objects: [
        { cluster: 'default', kind: 'ClusterRole.rbac.authorization.k8s.io', name: 'reader', file: 'apps/config.yaml', line: 12 },
        { cluster: 'default', kind: 'Namespace', name: 'shop', file: 'ns.yaml', line: 4 },
        { cluster: 'default', namespace: 'other', kind: 'ConfigMap', name: 'flags', file: 'apps/flags.json', line: 1 },
        { cluster: 'default', namespace: 'shop', kind: 'ConfigMap', name: 'settings', file: 'apps/config.yaml', line: 4 },
      ],
      skipped: [],
    });
  });

  test('objects lists what could be read even when some files have errors, and exits 0', () => {
    const run = kubetrace(['objects', '.'], { cwd: tree({ 'dup.yaml': DUPLICATE_KEY.text, 'svc.yaml': WRONG_TYPE.text }) });
    assert.equal(run.status, 0);
    assert.equal(run.stdout, 'namespace shop\n  Service  web   svc.yaml:4\n1 objects in 1 namespaces.\n');
  });
});
