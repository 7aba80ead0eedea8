/**
 * Fuzzing the model and the engine: the example workspace, Bookinfo with Istio's routing, Cilium's and Calico's
 * documented policies and the conformance manifests are mutated at random
 * (deleted, duplicated, retyped, truncated, spliced lines; typed characters), a few hundred times with a fixed
 * seed. After every edit the incremental analysis runs, and every few edits traces and the matrix; nothing may
 * throw. At the end the model and the analysis equal those made afresh from the final texts. The suite timeout
 * is a hang guard, not a speed test.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { foldedMatrix } from '../../../server/src/engine/connectivity/matrix';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import { SnapshotCache } from '../../../server/src/analysis/snapshotCache';
import { analyzeWorkspace, WorkspaceAnalysis } from '../../../server/src/analysis/workspaceAnalysis';
import { ClusterChecks } from '../../../server/src/analysis/clusterChecks';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { PROJECT_ROOT, readManifestFolder, SHARED } from '../../support/fixtures';
import { mutate } from '../../support/mutations';
import { pick, seededRandom } from '../../support/random';

const STEPS = 1_000;
const HANG_GUARD = { timeout: 180_000 };

/** The seeds: the example workspace, Bookinfo with Istio's routing files, Linkerd's emojivoto, and the first conformance cases of each area (as one cluster, which makes duplicates too). */
function seedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, text] of Object.entries(readManifestFolder(path.join(PROJECT_ROOT, 'examples')))) files.set(`file:///fuzz/examples/${name}`, text);
  for (const [name, text] of Object.entries(readManifestFolder(path.join(PROJECT_ROOT, 'test', 'fixtures', 'bookinfo-istio')))) files.set(`file:///fuzz/mesh/${name}`, text);
  for (const [name, text] of Object.entries(readManifestFolder(path.join(PROJECT_ROOT, 'test', 'fixtures', 'linkerd')))) files.set(`file:///fuzz/linkerd/${name}`, text);
  // Cilium's and Calico's own policies (the default profile's CNI, Calico, enforces the latter; the former get KT312).
  for (const example of ['calico-tiers-pass-rule', 'calico-entityrule-matches', 'cilium-starwars-l7', 'cilium-dns-l7-tofqdns']) {
    for (const [name, text] of Object.entries(readManifestFolder(path.join(PROJECT_ROOT, 'test', 'fixtures', 'cni-policies', example, 'manifests')))) files.set(`file:///fuzz/cni/${example}/${name}`, text);
  }
  const bookinfo = path.join(SHARED, 'corpus', 'bookinfo', 'platform-kube', 'bookinfo.yaml');
  if (fs.existsSync(bookinfo)) files.set('file:///fuzz/mesh/bookinfo.yaml', fs.readFileSync(bookinfo, 'utf8'));
  for (const area of ['netpol', 'ingress', 'dns']) {
    const folder = path.join(SHARED, 'conformance', area);
    if (!fs.existsSync(folder)) continue;
    for (const [name, text] of Object.entries(readManifestFolder(folder)).slice(0, 15)) files.set(`file:///fuzz/conformance/${area}/${name}`, text);
  }
  return files;
}

/** A model as data: what a fresh parse of the same texts must give. */
function modelData(index: WorkspaceIndex): unknown {
  return JSON.parse(JSON.stringify(index.clusters().map((cluster) => ({ name: cluster.name, objects: cluster.objects, problems: cluster.problems }))));
}

describe('fuzzing the model and the engine', () => {
  test(`${STEPS} random edits: nothing throws, and the end state equals a fresh one`, HANG_GUARD, () => {
    const random = seededRandom(20_261_125);
    const originals = seedFiles();
    assert.ok(originals.size >= 12, `${originals.size} seed files`);
    const texts = new Map(originals);
    const index = new WorkspaceIndex(() => ['default']);
    for (const [uri, text] of texts) index.setText(uri, text);
    const snapshots = new SnapshotCache();
    const analysis = new WorkspaceAnalysis(snapshots, new ClusterChecks());
    let traced = 0;
    const codes = new Set<string>();
    for (let step = 0; step < STEPS; step++) {
      const uri = pick([...originals.keys()], random);
      const what = `step ${step}`;
      const roll = random();
      let did: string;
      if (roll < 0.05 && texts.has(uri)) {
        texts.delete(uri);
        index.delete(uri);
        did = 'deleted';
      } else if (roll < 0.12) {
        texts.set(uri, originals.get(uri)!);
        index.setText(uri, originals.get(uri)!);
        did = 'restored';
      } else {
        const edit = mutate(texts.get(uri) ?? originals.get(uri)!, random, pick([...originals.values()], random));
        texts.set(uri, edit.text);
        index.setText(uri, edit.text);
        did = edit.name;
      }
      const context = `${what}: ${did} ${uri}`;
      for (const problem of analysis.analyze(index, DEFAULT_PROFILE).byUri.get(uri) ?? []) codes.add(problem.code);
      if (step % 10 === 0) {
        const cluster = index.clusters()[0];
        const snapshot = snapshots.get(cluster, DEFAULT_PROFILE);
        const pods = [...snapshot.pods];
        const services = [...snapshot.services];
        for (let i = 0; i < 3 && pods.length > 0 && services.length > 0; i++) {
          const pod = pick(pods, random);
          const service = pick(services, random);
          const port = service.ports[0]?.port ?? 80;
          const trace = traceRequest({ from: { kind: 'pod', namespace: pod.namespace, name: pod.name }, to: { host: `${service.name}.${service.namespace}`, port, scheme: 'http', path: '/' }, protocol: 'TCP' }, snapshot);
          assert.ok('error' in trace || trace.hops.length > 0, `${context}: a trace with no hops`);
          traced++;
        }
        // From outside, to a host the Istio Gateway serves (through the ingress gateway, or its stand-in, while the edits leave one).
        const outside = traceRequest({ from: { kind: 'external', ip: '198.51.100.7' }, to: { host: 'bookinfo.example.com', port: 80, scheme: 'http', path: '/productpage' }, protocol: 'TCP' }, snapshot);
        assert.ok('error' in outside || outside.hops.length > 0, `${context}: a trace from outside with no hops`);
        if (step % 50 === 0) assert.ok(foldedMatrix(snapshot).parties.length >= 0, context);
      }
    }
    assert.ok(traced > 50, `${traced} traces ran`);
    for (const code of ['KT001', 'KT002', 'KT003', 'KT004']) assert.ok(codes.has(code), `the edits reached ${code} (seen: ${[...codes].sort().join(' ')})`);
    const fresh = new WorkspaceIndex(() => ['default']);
    for (const [uri, text] of texts) fresh.setText(uri, text);
    assert.deepStrictEqual(modelData(index), modelData(fresh), 'the model after the edits equals a fresh model of the final texts');
    assert.deepStrictEqual(new Map(analysis.analyze(index, DEFAULT_PROFILE).byUri), analyzeWorkspace(fresh, DEFAULT_PROFILE), 'and so does the analysis');
  });
});
