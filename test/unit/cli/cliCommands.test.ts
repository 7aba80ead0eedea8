import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubetrace } from '../../support/cliRun';
import { PROJECT_ROOT, useTempTrees } from '../../support/fixtures';

const GOOD = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const BAD_PORT = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n    - port: "80"\n';

describe('kubetrace CLI', () => {
  const tree = useTempTrees();

  test('check exits 0 and reports nothing for clean manifests', () => {
    const root = tree({ 'ns.yaml': GOOD, 'notes/readme.yaml': 'title: not kubernetes\n' });
    const { status, stdout } = kubetrace(['check', '.'], { cwd: root });
    assert.equal(status, 0);
    assert.equal(stdout, '2 files, 1 objects: 0 errors, 0 warnings, 0 notes.\n');
  });

  test('check prints FILE:LINE:COL severity code message and exits 1 on an error', () => {
    const root = tree({ 'ns.yaml': GOOD, 'svc/web.yaml': BAD_PORT });
    const { status, stdout } = kubetrace(['check', '.'], { cwd: root });
    assert.equal(status, 1);
    assert.equal(
      stdout,
      'svc/web.yaml:8:13 error KT002 spec.ports[0].port must be an integer, not a string ("80").\n2 files, 2 objects: 1 errors, 0 warnings, 0 notes.\n',
    );
  });

  test('--format json gives the same problems as data', () => {
    const root = tree({ 'web.yaml': BAD_PORT });
    const { status, stdout } = kubetrace(['check', '--format', 'json', 'web.yaml'], { cwd: root });
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as { files: number; objects: number; problems: Record<string, unknown>[] };
    assert.equal(report.files, 1);
    assert.deepEqual(report.problems, [
      {
        file: 'web.yaml',
        line: 8,
        column: 13,
        endLine: 8,
        endColumn: 17,
        severity: 'error',
        code: 'KT002',
        message: 'spec.ports[0].port must be an integer, not a string ("80").',
        related: [],
      },
    ]);
  });

  test('--exit-zero reports the errors but exits 0', () => {
    const root = tree({ 'web.yaml': BAD_PORT });
    const { status, stdout } = kubetrace(['check', '--exit-zero', '.'], { cwd: root });
    assert.equal(status, 0);
    assert.match(stdout, /KT002/);
  });

  test('a named file is read whatever its extension; --exclude skips files in folders', () => {
    const root = tree({ 'manifest.txt': BAD_PORT, 'dir/web.yaml': BAD_PORT, 'dir/skip/web2.yaml': BAD_PORT });
    assert.match(kubetrace(['check', 'manifest.txt'], { cwd: root }).stdout, /^manifest.txt:8:13 error KT002/);
    const { stdout } = kubetrace(['check', '--exclude', 'skip/**', 'dir'], { cwd: root });
    assert.match(stdout, /^dir\/web.yaml:8:13 error KT002/);
    assert.doesNotMatch(stdout, /web2/);
  });

  test('usage and I/O errors exit 2 with a message', () => {
    const root = tree({ 'ns.yaml': GOOD });
    const missing = kubetrace(['check', 'nope'], { cwd: root });
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'kubetrace: cannot read nope: no such file or folder\n');
    const unknownOption = kubetrace(['check', '--frobnicate', '.'], { cwd: root });
    assert.equal(unknownOption.status, 2);
    assert.match(unknownOption.stderr, /unknown option --frobnicate/);
    assert.equal(kubetrace(['check'], { cwd: root }).status, 2);
    assert.equal(kubetrace(['frobnicate', '.'], { cwd: root }).status, 2);
    assert.equal(kubetrace(['check', '--format', 'xml', '.'], { cwd: root }).status, 2);
    assert.equal(kubetrace([], { cwd: root }).status, 2);
  });

  test('--help says what every command does', () => {
    const root = tree({});
    const main = kubetrace(['--help'], { cwd: root });
    assert.equal(main.status, 0);
    assert.match(main.stdout, /check PATH\.\.\./);
    assert.match(main.stdout, /objects PATH\.\.\./);
    for (const command of ['check', 'objects']) {
      const help = kubetrace([command, '--help'], { cwd: root });
      assert.equal(help.status, 0);
      assert.match(help.stdout, new RegExp(`^Usage: kubetrace ${command} `));
      assert.match(help.stdout, /--format text\|json/);
    }
  });

  test('objects lists the model by namespace, in text and JSON', () => {
    const root = tree({ 'ns.yaml': GOOD, 'web.yaml': BAD_PORT.replace('"80"', '80') });
    const text = kubetrace(['objects', '.'], { cwd: root });
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^cluster-scoped\n {2}Namespace +shop +ns.yaml:4\nnamespace shop\n {2}Service +web +web.yaml:4\n2 objects in 1 namespaces.\n$/);
    const json = JSON.parse(kubetrace(['objects', '--format=json', '.'], { cwd: root }).stdout) as { objects: unknown[] };
    assert.deepEqual(json.objects, [
      { cluster: 'default', namespace: undefined, kind: 'Namespace', name: 'shop', file: 'ns.yaml', line: 4 },
      { cluster: 'default', namespace: 'shop', kind: 'Service', name: 'web', file: 'web.yaml', line: 4 },
    ].map((row) => JSON.parse(JSON.stringify(row))));
  });

  test('a file over --max-file-size is skipped with a notice', () => {
    const root = tree({ 'big.yaml': GOOD + `  labels: {pad: "${'x'.repeat(2000)}"}\n` });
    const { status, stdout } = kubetrace(['check', '--max-file-size', '1000', '.'], { cwd: root });
    assert.equal(status, 0);
    assert.match(stdout, /^big.yaml:1:1 information KT005 Skipped: the file is 2.1 kB, over the 1.0 kB limit/);
  });

  test('the bundled example workspace: every deliberate mistake found, every object read', () => {
    const { status, stdout } = kubetrace(['check', 'examples'], { cwd: PROJECT_ROOT });
    assert.equal(status, 1);
    assert.match(stdout, /^examples\/shop\/data\/redis.yaml:38:13 error KT002 spec.ports\[0\].port must be an integer/m);
    assert.match(stdout, /^examples\/shop\/api\/orders-api.yaml:61:5 warning KT101 .*Did you mean app: orders-api\?$/m);
    assert.match(stdout, /^examples\/shop\/api\/orders-api.yaml:79:7 information KT102 /m);
    assert.match(stdout, /^examples\/shop\/policies\/shop-web.yaml:34:3 warning KT305 /m);
    assert.match(stdout, /12 files, 32 objects: 1 errors, 4 warnings, 2 notes\./);
  });

  test('--format sarif gives SARIF 2.1.0 with a located result per problem', () => {
    const { status, stdout } = kubetrace(['check', '--format', 'sarif', 'examples'], { cwd: PROJECT_ROOT });
    assert.equal(status, 1);
    const sarif = JSON.parse(stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    const [run] = sarif.runs;
    assert.equal(run?.tool.driver.name, 'kubetrace');
    const redis = run?.results.find((result) => result.ruleId === 'KT002');
    assert.equal(redis?.level, 'error');
    assert.deepEqual(redis?.locations[0]?.physicalLocation, { artifactLocation: { uri: 'examples/shop/data/redis.yaml' }, region: { startLine: 38, startColumn: 13, endLine: 38, endColumn: 19 } });
    assert.ok(run?.tool.driver.rules.some((rule) => rule.id === 'KT305'));
  });
});
