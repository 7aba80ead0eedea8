/**
 * Cilium's and Calico's own policies against outcomes others wrote: the projects' documented examples
 * (test/fixtures/cni-policies, each case naming its source) and the Kubernetes NetworkPolicy recipes of
 * ../shared/conformance rewritten in each CNI's form (test/fixtures/cni-recipes), which must give the
 * recipes' own verdicts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../../server/src/engine/objects';
import { connectivityMatrix } from '../../../server/src/engine/connectivity/matrix';
import { evaluateConnection } from '../../../server/src/engine/policy/evaluate';
import { passingHttpRule } from '../../../server/src/engine/policy/ciliumHttp';
import type { PolicyPeer } from '../../../server/src/engine/policy/types';
import { readProfile } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { PROJECT_ROOT, readManifestFolder, SHARED } from '../../support/fixtures';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
const RECIPES = path.join(SHARED, 'conformance', 'netpol');

type Cni = 'cilium' | 'calico';

interface Check {
  readonly from: string;
  readonly to: string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly port: number;
  readonly allowed: boolean;
  readonly host?: string;
  readonly http?: { readonly method: string; readonly path: string; readonly headers?: Record<string, string> };
  readonly status?: number;
}

/** The objects of some files, which must read without a problem (objects defined twice aside: cases reuse names). */
function objectsOf(files: Record<string, string>): readonly KubeObject[] {
  const index = new WorkspaceIndex(() => ['default']);
  for (const [name, text] of Object.entries(files)) index.setText(`file:///case/${name}`, text);
  const problems = [...index.problemsByUri().values()].flat().filter((problem) => problem.code !== 'KT004');
  assert.deepEqual(problems.map((problem) => `${problem.uri}:${problem.range.start.line + 1} ${problem.code} ${problem.message}`), []);
  return index.clusters().flatMap((cluster) => [...cluster.objects]);
}

function snapshotFor(objects: readonly KubeObject[], cni: Cni): ClusterSnapshot {
  return buildSnapshot(objects, readProfile({ cni: { plugin: cni } }).profile);
}

/** A check's side: an address outside the cluster (with the name the client dialled, if the check gives one), or `namespace/workload`. */
function peer(text: string, snapshot: ClusterSnapshot, host?: string): PolicyPeer | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) return { kind: 'external', ip: text, ...(host !== undefined && { host }) };
  const [namespace, name] = text.split('/');
  const pod = snapshot.pods.find((candidate) => candidate.namespace === namespace && (candidate.workload.name === name || candidate.name === name));
  return pod ? { kind: 'pod', pod, ip: pod.ips[0] ?? '0.0.0.0' } : undefined;
}

/** Each check that fails, said with what the engine answered. */
function failedChecks(checks: readonly Check[], snapshot: ClusterSnapshot): string[] {
  const failures: string[] = [];
  for (const check of checks) {
    const label = `${check.from} -> ${check.to} ${check.protocol}/${check.port}${check.http ? ` ${check.http.method} ${check.http.path}` : ''}`;
    const from = peer(check.from, snapshot);
    const to = peer(check.to, snapshot, check.host);
    if (!from || !to) {
      failures.push(`${label}: ${!from ? check.from : check.to} is not in the snapshot`);
      continue;
    }
    const verdict = evaluateConnection({ from, to, protocol: check.protocol, port: check.port }, snapshot);
    let allowed = verdict.allowed;
    let status: number | undefined;
    if (allowed && check.http) {
      const gates = [verdict.egress?.httpGate, verdict.ingress?.httpGate].filter((gate) => gate !== undefined);
      const request = { method: check.http.method, path: check.http.path, headers: check.http.headers ?? {} };
      if (gates.some((gate) => passingHttpRule(gate, request) === undefined)) {
        allowed = false;
        status = 403;
      }
    }
    if (allowed !== check.allowed || status !== check.status) failures.push(`${label}: expected ${check.allowed ? 'allowed' : `denied${check.status ? ` (${check.status})` : ''}`}, got ${allowed ? 'allowed' : `denied${status ? ` (${status})` : ''}`}: ${verdict.explanation}`);
  }
  return failures;
}

const folders = (root: string) => (fs.existsSync(root) ? fs.readdirSync(root).filter((name) => fs.statSync(path.join(root, name)).isDirectory()).sort() : []);

describe('Cilium and Calico policies: the projects\' documented examples', () => {
  const root = path.join(FIXTURES, 'cni-policies');
  for (const name of folders(root)) {
    const expected = JSON.parse(fs.readFileSync(path.join(root, name, 'expected.json'), 'utf8')) as { cni: Cni; checks: Check[] };
    test(`${name}: ${expected.checks.length} verdicts under ${expected.cni}`, () => {
      const snapshot = snapshotFor(objectsOf(readManifestFolder(path.join(root, name, 'manifests'))), expected.cni);
      const failures = failedChecks(expected.checks, snapshot);
      assert.deepEqual(failures, [], `${failures.length} of ${expected.checks.length} checks fail`);
    });
  }
});

describe('Cilium and Calico policies: the NetworkPolicy recipes in each CNI\'s form give the recipes\' verdicts', { skip: !fs.existsSync(RECIPES) && 'no ../shared/conformance' }, () => {
  const root = path.join(FIXTURES, 'cni-recipes');
  for (const recipe of folders(root)) {
    const expected = JSON.parse(fs.readFileSync(path.join(RECIPES, recipe, 'expected.json'), 'utf8')) as { checks: Check[] };
    // The recipe's workloads and namespaces, without its Kubernetes NetworkPolicies.
    const workloads = objectsOf(readManifestFolder(path.join(RECIPES, recipe, 'manifests'))).filter((object) => object.type !== 'NetworkPolicy');
    for (const cni of ['cilium', 'calico'] as const) {
      const file = path.join(root, recipe, `${cni}.yaml`);
      test(`${recipe} as ${cni} policy: ${expected.checks.length} verdicts`, { skip: !fs.existsSync(file) && `no ${cni} form (see test/fixtures/cni-recipes/README.md)` }, () => {
        const policies = objectsOf({ [`${cni}.yaml`]: fs.readFileSync(file, 'utf8') });
        assert.ok(policies.length > 0 && policies.every((object) => object.type !== 'Other' && object.type !== 'NetworkPolicy'), `${cni}.yaml holds only ${cni}'s own policies`);
        const failures = failedChecks(expected.checks, snapshotFor([...workloads, ...policies], cni));
        assert.deepEqual(failures, [], `${failures.length} of ${expected.checks.length} checks fail`);
      });
    }
  }
});

describe('the matrix under Cilium policies', () => {
  test('a name toFQDNs lists is an external class of its own, reached where the internet at large is not', () => {
    const snapshot = snapshotFor(objectsOf(readManifestFolder(path.join(FIXTURES, 'cni-policies', 'cilium-fqdn-matchname', 'manifests'))), 'cilium');
    const matrix = connectivityMatrix(snapshot);
    const cell = (to: string) => matrix.cells.find((candidate) => candidate.from === 'default/mediabot' && candidate.to === to && candidate.port === 443);
    assert.equal(cell('external api.github.com')?.verdict, 'allowed');
    assert.equal(cell('external 198.51.100.7 (the internet)')?.verdict, 'denied');
    assert.match(cell('external 198.51.100.7 (the internet)')!.reason, /CiliumNetworkPolicy default\/\S+ selects default\/mediabot\S* for egress, which puts it in default deny/);
  });
});
