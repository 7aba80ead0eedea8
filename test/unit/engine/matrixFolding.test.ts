/**
 * The matrix folds sources a destination's policies treat alike into one verdict. These tests hold it to the
 * plain definition: every cell equals what evaluating each pod pair on its own gives, on the conformance
 * cases, the corpus, a workspace with egress rules, address blocks and host-network pods, and a meshed one.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { connectivityMatrix, foldedMatrix, pairOutcome, type CellVerdict } from '../../../server/src/engine/connectivity/matrix';
import type { PolicyPeer } from '../../../server/src/engine/policy/types';
import { DEFAULT_PROFILE, readProfile, type ClusterProfile } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import type { ClusterSnapshot, SimPod } from '../../../server/src/engine/snapshot/types';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { PROJECT_ROOT, readManifestFolder, SHARED } from '../../support/fixtures';
import { MESHED_WORKSPACE } from '../../support/meshFixtures';

function snapshotOfFiles(files: Record<string, string>, profile: ClusterProfile): ClusterSnapshot {
  const index = new WorkspaceIndex(() => ['default']);
  for (const [name, text] of Object.entries(files)) index.setText(`file:///case/${name}`, text);
  return buildSnapshot(index.clusters()[0]?.objects ?? [], profile);
}

/** The verdict of a cell by brute force: every source pod against every destination pod. */
function bruteForce(snapshot: ClusterSnapshot, from: string, to: string, protocol: 'TCP' | 'UDP' | 'SCTP', port: number): CellVerdict {
  const podsOf = (name: string): PolicyPeer[] => {
    const external = /^external (\S+)/.exec(name);
    if (external) {
      const ip = name.includes('the internet') ? '198.51.100.7' : undefined;
      return ip ? [{ kind: 'external', ip }] : [];
    }
    return snapshot.pods.filter((pod) => pod.ips.length > 0 && `${pod.workload.namespace}/${pod.workload.name}` === name).map((pod: SimPod) => ({ kind: 'pod', pod, ip: pod.ips[0]! }));
  };
  const sources = podsOf(from);
  const destinations = podsOf(to);
  if (sources.length === 0 || destinations.length === 0) return 'depends';
  const results = sources.flatMap((source) => destinations.map((destination) => pairOutcome(source, destination, { protocol, port }, snapshot).verdict));
  return results.every((verdict) => verdict === results[0]) ? results[0]! : 'depends';
}

/** Checks every cell whose parties the oracle can name (workloads and the internet) and returns how many it checked. */
function assertMatchesBruteForce(snapshot: ClusterSnapshot, label: string): number {
  const matrix = connectivityMatrix(snapshot);
  let checked = 0;
  for (const cell of matrix.cells) {
    const external = [cell.from, cell.to].find((name) => name.startsWith('external '));
    if (external && !external.includes('the internet')) continue;
    assert.equal(cell.verdict, bruteForce(snapshot, cell.from, cell.to, cell.protocol as 'TCP', cell.port), `${label}: ${cell.from} -> ${cell.to} ${cell.protocol}/${cell.port} (${cell.reason})`);
    checked++;
  }
  return checked;
}

const PROFILES: [string, ClusterProfile][] = [
  ['default profile', DEFAULT_PROFILE],
  ['ipBlocks match pods, host-network pods are pods', { ...DEFAULT_PROFILE, policy: { ...DEFAULT_PROFILE.policy, ipBlockMatchesPods: true, hostNetworkPods: 'pod' } }],
];

const MIXED = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops, labels: {team: ops}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, tier: back}}
    spec: {containers: [{name: api, image: api, ports: [{name: grpc, containerPort: 9090}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db, tier: back}}
    spec: {containers: [{name: db, image: db, ports: [{containerPort: 5432}]}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ops}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {hostNetwork: true, containers: [{name: agent, image: agent, ports: [{containerPort: 9100}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: monitor, namespace: ops}
spec:
  selector: {matchLabels: {app: monitor}}
  template:
    metadata: {labels: {app: monitor}}
    spec: {containers: [{name: monitor, image: monitor}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}, {namespaceSelector: {matchLabels: {team: ops}}, podSelector: {matchExpressions: [{key: app, operator: In, values: [monitor]}]}}]
      ports: [{port: grpc}]
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 9090}}}}]}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-back, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {tier: back}}}, {ipBlock: {cidr: 10.244.0.0/16, except: [10.244.1.0/24]}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
    - to: [{podSelector: {matchLabels: {app: api}}}]
      ports: [{port: 9090}]
    - ports: [{protocol: UDP, port: 53}]
`;

describe('the folded matrix gives what evaluating every pod pair gives', () => {
  test('a meshed workspace: Istio and Linkerd decide per client identity', () => {
    const snapshot = snapshotOfFiles({ 'meshed.yaml': MESHED_WORKSPACE }, DEFAULT_PROFILE);
    assert.ok(assertMatchesBruteForce(snapshot, 'meshed') > 20, 'cells were checked');
  });

  test('a workspace with egress rules, named ports, address blocks and host-network pods, under both profiles', () => {
    for (const [label, profile] of PROFILES) {
      const snapshot = snapshotOfFiles({ 'mixed.yaml': MIXED }, profile);
      assert.ok(assertMatchesBruteForce(snapshot, label) > 20, `${label}: cells were checked`);
    }
  });

  test('sources that match no peer share one verdict; those that do, and restricted ones, get their own', () => {
    const snapshot = snapshotOfFiles({ 'mixed.yaml': MIXED }, DEFAULT_PROFILE);
    const row = foldedMatrix(snapshot, { protocol: 'TCP', port: 9090 }).rows.find((candidate) => candidate.to === 'shop/api')!;
    assert.equal(row.others?.verdict, 'denied', 'a source matching no peer of api-from-web is denied');
    assert.match(row.others!.reason, /isolated by shop\/api-from-web/);
    assert.deepEqual(row.cells.filter((cell) => !cell.from.startsWith('external')).map((cell) => [cell.from, cell.verdict]), [
      // One agent pod runs on api's node, and a node may always reach its own pods.
      // The profile's ingress controller stands in for the Ingress: its namespace has no manifest, but its pods match.
      ['ingress-nginx/ingress-nginx-controller', 'allowed'],
      ['ops/agent', 'depends'],
      ['ops/monitor', 'allowed'],
      ['shop/web', 'allowed'],
    ]);
  });

  const netpol = path.join(SHARED, 'conformance', 'netpol');
  const cases = fs.existsSync(netpol) ? fs.readdirSync(netpol).filter((name) => fs.existsSync(path.join(netpol, name, 'manifests'))).sort() : [];
  test('every conformance NetworkPolicy case', { skip: cases.length === 0 && 'no ../shared/conformance' }, () => {
    let checked = 0;
    for (const name of cases) checked += assertMatchesBruteForce(snapshotOfFiles(readManifestFolder(path.join(netpol, name, 'manifests')), DEFAULT_PROFILE), name);
    assert.ok(checked > 1000, `${checked} cells checked`);
  });

  test('every documented Cilium and Calico example, under its CNI', () => {
    const root = path.join(PROJECT_ROOT, 'test', 'fixtures', 'cni-policies');
    let checked = 0;
    for (const name of fs.readdirSync(root).filter((entry) => fs.existsSync(path.join(root, entry, 'manifests'))).sort()) {
      const plugin = name.startsWith('cilium-') ? 'cilium' : 'calico';
      checked += assertMatchesBruteForce(snapshotOfFiles(readManifestFolder(path.join(root, name, 'manifests')), readProfile({ cni: { plugin } }).profile), name);
    }
    assert.ok(checked > 300, `${checked} cells checked`);
  });

  test('every NetworkPolicy recipe in Cilium\'s and Calico\'s form', { skip: cases.length === 0 && 'no ../shared/conformance' }, () => {
    const root = path.join(PROJECT_ROOT, 'test', 'fixtures', 'cni-recipes');
    let checked = 0;
    for (const recipe of fs.readdirSync(root).filter((entry) => fs.statSync(path.join(root, entry)).isDirectory()).sort()) {
      const workloads = Object.fromEntries(Object.entries(readManifestFolder(path.join(netpol, recipe, 'manifests'))).filter(([, text]) => !/^kind: NetworkPolicy$/m.test(text)));
      for (const plugin of ['cilium', 'calico'] as const) {
        const policy = fs.readFileSync(path.join(root, recipe, `${plugin}.yaml`), 'utf8');
        checked += assertMatchesBruteForce(snapshotOfFiles({ ...workloads, [`${plugin}.yaml`]: policy }, readProfile({ cni: { plugin } }).profile), `${recipe} (${plugin})`);
      }
    }
    assert.ok(checked > 100, `${checked} cells checked`);
  });

  const corpus = path.join(SHARED, 'corpus');
  const apps = fs.existsSync(corpus) ? fs.readdirSync(corpus).filter((name) => fs.statSync(path.join(corpus, name)).isDirectory()).sort() : [];
  test('every application of the corpus', { skip: apps.length === 0 && 'no ../shared/corpus' }, () => {
    for (const name of apps) assertMatchesBruteForce(snapshotOfFiles(readManifestFolder(path.join(corpus, name)), DEFAULT_PROFILE), name);
  });
});
