import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import git from 'isomorphic-git';
import { kubetrace } from '../../support/cliRun';
import { PROJECT_ROOT, useTempTrees } from '../../support/fixtures';
import { appWithService } from '../../support/engineFixtures';

const SCHEMA = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'diff.schema.json'), 'utf8')) as { $defs: Record<string, { required?: string[] }> };
const APPS = ['web', 'api', 'batch'].map((name) => appWithService('shop', name)).join('---\n');
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-from-web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: web}}}]\n';

function assertShape(value: object, definition: string): void {
  for (const field of SCHEMA.$defs[definition]?.required ?? []) assert.ok(field in value, `${definition} has ${field}: ${JSON.stringify(value).slice(0, 200)}`);
}

describe('kubetrace diff', () => {
  const tree = useTempTrees();

  test('two folders: the summary, each connection change with what decided on each side, exit 0', () => {
    const base = tree({ 'apps.yaml': APPS });
    const head = tree({ 'apps.yaml': APPS, 'policy.yaml': POLICY });
    const result = kubetrace(['diff', base, head]);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.match(lines[1]!, /^0 connections opened, \d+ closed · 0 routes changed · Services \+0 −0 · DNS names \+0 −0$/);
    assert.match(result.stdout, /^ {2}- every other workload \([^)]*shop\/batch[^)]*\) → shop\/api TCP\/8080: allowed → denied\n {6}before: allowed: no policy selects shop\/api-\S+ for ingress\n {6}after: {2}denied: ingress of shop\/api-\S+ is isolated by shop\/api-from-web/m);
  });

  test('--format json follows schemas/diff.schema.json; markdown is a pull-request comment; --fail-on decides the status', () => {
    const base = tree({ 'apps.yaml': APPS, 'policy.yaml': POLICY });
    const head = tree({ 'apps.yaml': APPS });
    const json = JSON.parse(kubetrace(['diff', base, head, '--format', 'json']).stdout) as { changes: object[]; routes: object[] };
    assertShape(json, 'report');
    assert.ok(json.changes.length > 0);
    for (const change of json.changes) {
      assertShape(change, 'change');
      assert.equal((change as { effect: string }).effect, 'opened');
    }
    const markdown = kubetrace(['diff', base, head, '--format', 'markdown']).stdout;
    assert.match(markdown, /^base: \S+ · head: \S+\n\n### Kubetrace: what this change does to connectivity\n\n\*\*\d+ connections opened/);
    assert.match(markdown, /\| 🟢 opened \| `every other workload \([^`]*\)` \| `shop\/api` \| TCP\/8080 \| denied \| allowed \|/);
    assert.match(markdown, /<details><summary>What decided each change<\/summary>/);
    assert.equal(kubetrace(['diff', base, head, '--fail-on', 'new-exposure']).status, 1, 'removing the policy opens connections');
    assert.equal(kubetrace(['diff', head, base, '--fail-on', 'new-exposure']).status, 0, 'adding it only closes them');
    assert.equal(kubetrace(['diff', head, base, '--fail-on', 'any']).status, 1);
    assert.equal(kubetrace(['diff', head, head, '--fail-on', 'any']).status, 0);
  });

  test('--git REV compares PATH as committed with PATH now, reading the repository in-process; A..B two commits', async () => {
    const repository = tree({ 'deploy/apps.yaml': APPS, 'README.md': 'not manifests\n' });
    await git.init({ fs, dir: repository, defaultBranch: 'main' });
    const commit = async (message: string) => {
      await git.add({ fs, dir: repository, filepath: '.' });
      return git.commit({ fs, dir: repository, message, author: { name: 'test', email: 'test@example.com' } });
    };
    const first = await commit('apps');
    fs.writeFileSync(path.join(repository, 'deploy', 'policy.yaml'), POLICY);
    await commit('isolate api');
    await git.tag({ fs, dir: repository, ref: 'v1', object: first });
    fs.rmSync(path.join(repository, 'deploy', 'policy.yaml'));
    // Working tree: the policy removed again. Against main (which has it), connections open.
    const opened = kubetrace(['diff', path.join(repository, 'deploy'), '--git', 'main', '--format', 'json']);
    assert.equal(opened.status, 0, opened.stderr);
    const report = JSON.parse(opened.stdout) as { base: string; head: string; changes: { effect: string }[] };
    assert.match(report.base, /^main \([0-9a-f]{12}\)$/);
    assert.equal(report.head, 'the working tree');
    assert.ok(report.changes.length > 0 && report.changes.every((change) => change.effect === 'opened'));
    const history = JSON.parse(kubetrace(['diff', 'deploy', '--git', 'v1..main', '--format', 'json'], { cwd: repository }).stdout) as { changes: { effect: string }[] };
    assert.ok(history.changes.length > 0 && history.changes.every((change) => change.effect === 'closed'));
    assert.equal(JSON.parse(kubetrace(['diff', 'deploy', '--git', 'HEAD~1..v1', '--format', 'json'], { cwd: repository }).stdout).changes.length, 0, 'HEAD~1 is v1');
    assert.equal(JSON.parse(kubetrace(['diff', 'deploy', '--git', first.slice(0, 7), '--format', 'json'], { cwd: repository }).stdout).changes.length, 0, 'an abbreviated commit id');
    const unknown = kubetrace(['diff', 'deploy', '--git', 'nope'], { cwd: repository });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown revision nope/);
    assert.equal(fs.readdirSync(repository).sort().join(','), '.git,README.md,deploy', 'nothing written in the repository');
  });

  test('usage errors exit 2: one side, a path outside a repository with --git, an unknown format', () => {
    const folder = tree({ 'apps.yaml': APPS });
    assert.equal(kubetrace(['diff', folder]).status, 2);
    const outside = kubetrace(['diff', folder, '--git', 'main']);
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /is not in a git repository/);
    assert.equal(kubetrace(['diff', folder, folder, '--format', 'yaml']).status, 2);
    assert.equal(kubetrace(['diff', folder, folder, '--fail-on', 'sometimes']).status, 2);
  });
});
