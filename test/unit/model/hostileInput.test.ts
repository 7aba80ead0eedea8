/**
 * A corpus of hostile and broken files, written beside one good file: each gives a clear, located message or
 * is skipped with a notice, nothing throws, and the rest of the workspace keeps working. The suite's timeout
 * is a hang guard only (a generous bound no healthy run comes near), not a speed test.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { foldedMatrix } from '../../../server/src/engine/connectivity/matrix';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import type { Problem } from '../../../server/src/engine/problem';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { analyzeWorkspace } from '../../../server/src/analysis/workspaceAnalysis';
import { DEFAULT_SETTINGS } from '../../../server/src/workspace/settings';
import { WorkspaceSession } from '../../../server/src/workspace/workspaceSession';
import { kubetrace } from '../../support/cliRun';
import { useTempTrees } from '../../support/fixtures';

const HANG_GUARD = { timeout: 120_000 };
const GOOD = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: still-here\n';

const SERVICE = (name: string, extra = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]${extra}\n`;

/** Each hostile file, as text or bytes, and the codes it must give (an empty list: nothing to say, and no crash). */
const CORPUS: Record<string, { content: string | Buffer; codes: readonly string[] }> = {
  'syntax-everywhere.yaml': {
    content: Array.from({ length: 60 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}\ndata: [${'{'.repeat(i % 5)}\n  - : :\n\t- x`).join('\n---\n') + `\n---\n${GOOD.replace('still-here', 'after-the-errors')}`,
    codes: ['KT001'],
  },
  'alias-bomb.yaml': {
    content: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${Array.from({ length: 9 }, (_, i) => `  ${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\n`,
    codes: ['KT002'],
  },
  'deep-flow.yaml': { content: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, codes: ['KT001'] },
  'deep-block.yaml': { content: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deeper}\nextra:\n${Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')} end\n`, codes: [] },
  'huge-scalar.yaml': { content: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: ${'x'.repeat(4_900_000)}\n`, codes: [] },
  'binary.yaml': { content: Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7919 + 13) % 256)), codes: ['KT008'] },
  'latin1.yaml': { content: Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: latin}\ndata:\n  city: M'), Buffer.from([0xfc]), Buffer.from('nchen\n')]), codes: ['KT009'] },
  'line-ends.yaml': { content: '\uFEFFapiVersion: v1\r\nkind: Namespace\rmetadata:\n  name: mixed-ends\r\n', codes: [] },
  'tabs.yaml': { content: 'apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: tabbed\n', codes: ['KT001'] },
  'duplicate-keys.yaml': { content: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: one\n  name: two\n', codes: ['KT001'] },
  'wrong-types.yaml': {
    content: [
      'apiVersion: v1\nkind: Service\nmetadata: {name: typed, namespace: shop, labels: [a, b]}\nspec: {type: [1], selector: "app=web", ports: {port: 80}, clusterIP: {a: b}}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: typed, namespace: shop}\nspec: {replicas: "two", selector: [x], template: {metadata: {labels: "x"}, spec: {containers: {name: c}}}}',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: typed, namespace: shop}\nspec: {podSelector: [], ingress: {from: 1}, policyTypes: Ingress}',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: typed, namespace: shop}\nspec: {rules: {host: 1}, tls: "yes"}',
      'apiVersion: 7\nkind: [Service]\nmetadata: {name: {a: 1}}',
    ].join('\n---\n'),
    codes: ['KT002'],
  },
  'out-of-range.yaml': {
    content: [
      SERVICE('ranges', '\n  clusterIP: 10.96.0.300').replace('ports: [{port: 80}]', 'ports: [{name: a, port: 0}, {name: b, port: 70000}]'),
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ranges, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}], ports: [{port: 80, endPort: 79}]}]',
    ].join('\n---\n'),
    codes: ['KT010', 'KT307'],
  },
  'ipv6.yaml': {
    content: [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: six, namespace: shop, labels: {app: web}}\nspec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}\nstatus: {podIP: "fd00:10:244::10", podIPs: [{ip: "fd00:10:244::10"}]}',
      SERVICE('six', '\n  ipFamilies: [IPv6]\n  ipFamilyPolicy: SingleStack\n  clusterIP: "fd00:10:96::1"'),
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: six, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress: [{from: [{ipBlock: {cidr: "fd00::/8", except: ["fd00:dead::/32"]}}]}]',
    ].join('\n---\n'),
    codes: [],
  },
  'markup-names.yaml': {
    content: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "web<script>alert(1)</script>"\n  namespace: shop\n  labels: {app: "<img src=x onerror=alert(1)>", "ünï/cödé": "ç😀"}\n  annotations: {note: "<b>bold</b> & \\"quoted\\"", "__proto__": "x"}\nspec: {containers: [{name: c, image: x}]}\n`,
    codes: ['KT010'],
  },
  'same-name.yaml': { content: Array.from({ length: 2_000 }, () => SERVICE('twin')).join('---\n'), codes: ['KT004'] },
  'many-documents.yaml': { content: '---\n'.repeat(50_000), codes: [] },
};

describe('hostile and broken input', () => {
  const tree = useTempTrees();

  test('every hostile file gives its located messages or a notice, and the good file still counts', HANG_GUARD, async () => {
    const root = tree({ 'good.yaml': GOOD });
    for (const [name, { content }] of Object.entries(CORPUS)) fs.writeFileSync(path.join(root, name), content);
    fs.writeFileSync(path.join(root, 'too-big.yaml'), Buffer.alloc(50_000_000, 'a: b\n'));
    const session = new WorkspaceSession([root], DEFAULT_SETTINGS);
    await session.load();
    const problems = analyzeWorkspace(session.model, session.profile.profile);
    const of = (name: string): readonly Problem[] => problems.get(`file://${path.join(root, name)}`) ?? [];
    for (const [name, { content, codes }] of Object.entries(CORPUS)) {
      const found = of(name);
      assert.deepEqual([...new Set(found.map((problem) => problem.code))].filter((code) => codes.includes(code)).sort(), [...codes].sort(), `${name}: ${found.map((problem) => `${problem.code} ${problem.message}`).join('; ').slice(0, 400)}`);
      const lines = content.toString().split(/\r\n|\r|\n/).length;
      for (const problem of found) {
        assert.ok(problem.range.start.line >= 0 && problem.range.start.line < lines, `${name}: ${problem.code} is located inside the file (line ${problem.range.start.line} of ${lines})`);
        assert.ok(problem.message.length > 0 && problem.message.length < 1_000, `${name}: ${problem.code} says something short`);
      }
    }
    assert.deepEqual(of('too-big.yaml').map((problem) => problem.code), ['KT005'], 'the 50 MB file is skipped with a notice');
    const names = new Set(session.model.clusters().flatMap((cluster) => cluster.objects.map((object) => object.id.name)));
    for (const kept of ['still-here', 'after-the-errors', 'mixed-ends', 'six', 'web<script>alert(1)</script>', 'latin', 'big']) assert.ok(names.has(kept), `${kept} is in the model`);
    assert.ok(of('same-name.yaml').every((problem) => (problem.related?.length ?? 0) <= 10), 'a duplicate links to a bounded number of copies');
  });

  test('the engine traces and builds the matrix over the hostile workspace without throwing', HANG_GUARD, async () => {
    const root = tree({ 'good.yaml': GOOD, 'kubetrace.yaml': 'serviceCIDR: [10.96.0.0/12, "fd00:10:96::/112"]\npodCIDR: [10.244.0.0/16, "fd00:10:244::/56"]\n' });
    for (const name of ['ipv6.yaml', 'markup-names.yaml', 'out-of-range.yaml', 'wrong-types.yaml', 'same-name.yaml']) fs.writeFileSync(path.join(root, name), CORPUS[name]!.content);
    const session = new WorkspaceSession([root], DEFAULT_SETTINGS);
    await session.load();
    const snapshot = buildSnapshot(session.model.clusters()[0]!.objects, session.profile.profile);
    const trace = traceRequest({ from: { kind: 'pod', namespace: 'shop', name: 'six' }, to: { host: 'six.shop', port: 80, scheme: 'http', path: '/' }, protocol: 'TCP' }, snapshot);
    assert.ok(!('error' in trace), JSON.stringify(trace).slice(0, 300));
    assert.equal(trace.verdict.kind, 'delivered', `IPv6 end to end: the pod reaches its own Service in a dual-stack cluster (${JSON.stringify(trace.verdict)})`);
    const matrix = foldedMatrix(snapshot);
    assert.ok(matrix.parties.length >= 2);
  });

  test('parsing never throws and always returns, whatever the text', HANG_GUARD, () => {
    const texts = [
      '['.repeat(100_000),
      '{a: '.repeat(50_000),
      '- '.repeat(50_000),
      '&a [*a]',
      '*undefined',
      '!!binary AAAA',
      '!<tag:yaml.org,2002:js/function> "function(){}"',
      '? [a, b]\n: c',
      '<<: *nothing',
      'a: 1\n'.repeat(100_000),
      '"\\',
      '\u0000',
      '\ud800',
      `${'k'.repeat(10_000)}: v`,
    ];
    for (const text of texts) {
      const parsed = parseManifest('file:///w/x.yaml', text);
      assert.ok(Array.isArray(parsed.objects) && Array.isArray(parsed.problems), JSON.stringify(text.slice(0, 40)));
    }
  });

  test('the CLI reports the hostile workspace as problems (exit 1), never a stack trace, and exits 2 on a path it cannot read', HANG_GUARD, () => {
    const root = tree({ 'good.yaml': GOOD });
    for (const name of ['binary.yaml', 'latin1.yaml', 'tabs.yaml', 'out-of-range.yaml', 'markup-names.yaml']) fs.writeFileSync(path.join(root, name), CORPUS[name]!.content);
    fs.mkdirSync(path.join(root, 'folder.yaml'));
    fs.symlinkSync(root, path.join(root, 'folder.yaml', 'back-up'));
    const run = kubetrace(['check', '.'], { cwd: root });
    assert.equal(run.status, 1, run.stderr);
    for (const code of ['KT001', 'KT008', 'KT009', 'KT010']) assert.match(run.stdout, new RegExp(` ${code} `), code);
    assert.match(run.stderr, /skipped folder\.yaml\/back-up: a link to .*, which is read already/);
    execFileSync('mkfifo', [path.join(root, 'pipe.yaml')]);
    const pipe = kubetrace(['check', 'pipe.yaml', '/dev/zero'], { cwd: root });
    assert.match(pipe.stdout, /pipe\.yaml:1:1 warning KT006 Could not read the file: it is not a regular file/, 'a named pipe is reported, not read (the read would never end)');
    assert.match(pipe.stdout, /zero:1:1 warning KT006/);
    const missing = kubetrace(['check', 'no-such-folder'], { cwd: root });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^kubetrace: cannot read no-such-folder: no such file or folder$/m);
  });
});
