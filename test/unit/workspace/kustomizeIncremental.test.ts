/**
 * An edit to one resource file of a Kustomize build renders that file's objects again on their own where that gives
 * what a full render gives. Held here edit by edit, over random edits, against a model built afresh from the same
 * texts; and the shortcut is taken (the build's other files are not read again).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { snapshotChange } from '../../../server/src/engine/snapshot/snapshotChange';
import type { KustomizeFileSystem } from '../../../server/src/model/kustomize/fileSystem';
import { analyzeWorkspace, WorkspaceAnalysis } from '../../../server/src/analysis/workspaceAnalysis';
import { SnapshotCache } from '../../../server/src/analysis/snapshotCache';
import { groupingByUri } from '../../../server/src/workspace/clusterGrouping';
import { KustomizeBuilds } from '../../../server/src/workspace/kustomizeBuilds';
import { kustomizeFileSystem } from '../../../server/src/workspace/kustomizeFiles';
import { fileUri } from '../../../server/src/workspace/fileUris';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { useTempTrees } from '../../support/fixtures';
import { pick, seededRandom } from '../../support/random';

const tree = useTempTrees();

function app(index: number): string {
  const name = `app-${index}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}, tier: web}
    spec:
      containers:
      - name: ${name}
        image: registry.example.com/${name}:1.0
        ports:
        - containerPort: 8080
        envFrom:
        - configMapRef: {name: settings}
        env:
        - name: PEER
          value: http://app-${(index + 1) % 4}:80
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports:
  - port: 80
    targetPort: 8080
`;
}

const LAYOUT: Record<string, string> = {
  'base/kustomization.yaml': 'resources:\n- app-0.yaml\n- app-1.yaml\n- app-2.yaml\n- app-3.yaml\n- ingress.yaml\nconfigMapGenerator:\n- name: settings\n  literals:\n  - LOG=info\n',
  'base/app-0.yaml': app(0),
  'base/app-1.yaml': app(1),
  'base/app-2.yaml': app(2),
  'base/app-3.yaml': app(3),
  'base/ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service: {name: app-0, port: {number: 80}}\n',
  'overlays/prod/kustomization.yaml': [
    'namespace: prod',
    'namePrefix: prod-',
    'commonLabels: {env: prod}',
    'resources:',
    '- ../../base',
    'images:',
    '- name: registry.example.com/app-1',
    '  newTag: "2.0"',
    'patches:',
    '- path: replicas.yaml',
    '- target: {kind: Deployment, labelSelector: "app=app-2"}',
    '  patch: |-',
    '    - op: replace',
    '    path: /spec/replicas',
    '    value: 4',
    'replicas:',
    '- name: app-3',
    '  count: 2',
    '',
  ].join('\n').replace('    path: /spec/replicas', '      path: /spec/replicas').replace('    value: 4', '      value: 4'),
  'overlays/prod/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-0\nspec:\n  replicas: 3\n',
  'overlays/dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../../base\n',
};

/** The clusters' objects as text, sorted: what must be equal however the model got there. */
function modelOf(index: WorkspaceIndex): string[] {
  return index.clusters().flatMap((cluster) => cluster.objects.map((object) => `${cluster.name} ${JSON.stringify(object)}`)).sort();
}

describe('Kustomize: an edit renders again only the edited file\'s objects, where that gives the full render', () => {
  test('200 random edits to base files give, after each, the model and the findings a fresh render gives', () => {
    const root = tree(LAYOUT);
    const texts = new Map<string, string>(Object.entries(LAYOUT).map(([relative, text]) => [fileUri(path.join(root, relative)), text]));
    const reads = new Map<string, number>();
    const disk = kustomizeFileSystem((uri) => texts.get(uri));
    const counting: KustomizeFileSystem = { ...disk, readText: (file) => (reads.set(file, (reads.get(file) ?? 0) + 1), disk.readText(file)) };
    const index = new WorkspaceIndex(() => [], groupingByUri([root], {}), () => undefined, new KustomizeBuilds(counting));
    for (const [uri, text] of texts) index.setText(uri, text);
    assert.deepEqual(index.clusters().map((cluster) => [cluster.name, cluster.objects.length]), [['overlays/dev', 10], ['overlays/prod', 10]]);
    const snapshots = new SnapshotCache();
    const analysis = new WorkspaceAnalysis(snapshots);
    analysis.analyze(index, DEFAULT_PROFILE);
    let updatedSnapshots = 0;
    const random = seededRandom(19);
    const edits: ((text: string) => string)[] = [
      (text) => text.replace(/tier: \w+/, `tier: t${Math.floor(random() * 5)}`),
      (text) => text.replace(/containerPort: \d+/, `containerPort: ${8000 + Math.floor(random() * 90)}`),
      (text) => text.replace(/:1\.\d+\n/, `:1.${Math.floor(random() * 9)}\n`),
      (text) => text.replace(/value: http:\/\/app-\d/, `value: http://app-${Math.floor(random() * 4)}`),
      (text) => text.replace(/replicas: \d/, `replicas: ${1 + Math.floor(random() * 5)}`),
      (text) => text.replace(/targetPort: \d+/, `targetPort: ${8000 + Math.floor(random() * 90)}`),
      // A rename of the file's Service: the ids change, and the build is rendered whole.
      (text) => (/name: app-\d-renamed/.test(text) ? text.replace(/name: (app-\d)-renamed/, 'name: $1') : text.replace(/^ {2}name: (app-\d)\nspec:\n {2}selector/m, '  name: $1-renamed\nspec:\n  selector')),
    ];
    let otherFileReads = 0;
    for (let round = 0; round < 200; round += 1) {
      const file = `base/app-${Math.floor(random() * 4)}.yaml`;
      const uri = fileUri(path.join(root, file));
      const text = pick(edits, random)(texts.get(uri)!);
      texts.set(uri, text);
      reads.clear();
      index.setText(uri, text);
      const incremental = modelOf(index);
      const other = path.join(root, file === 'base/app-0.yaml' ? 'base/app-1.yaml' : 'base/app-0.yaml').split(path.sep).join('/');
      otherFileReads += reads.get(other) ?? 0;
      // The two overlays' renders read the edited file (at most twice each); the base they include is no build of its own.
      const editedReads = reads.get(path.join(root, file).split(path.sep).join('/')) ?? 0;
      assert.ok(editedReads <= 4, `round ${round}: ${file} was read ${editedReads} times`);
      const fresh = new WorkspaceIndex(() => [], groupingByUri([root], {}), () => undefined, new KustomizeBuilds(kustomizeFileSystem((candidate) => texts.get(candidate))));
      for (const [candidate, content] of texts) fresh.setText(candidate, content);
      assert.deepEqual(incremental, modelOf(fresh), `round ${round}: ${file}`);
      assert.deepEqual(new Map(analysis.analyze(index, DEFAULT_PROFILE).byUri), analyzeWorkspace(fresh, DEFAULT_PROFILE), `round ${round}: ${file}, findings`);
      // The objects an edit left as they were stay the model's: the engine updates each overlay's snapshot from the last.
      updatedSnapshots += index.clusters().filter((cluster) => snapshotChange(snapshots.get(cluster, DEFAULT_PROFILE)) !== undefined).length;
    }
    assert.ok(updatedSnapshots > 200, `${updatedSnapshots} of 400 snapshots were updated rather than built afresh`);
    // Most edits keep the ids: those read no other file of the base again.
    assert.ok(otherFileReads < 200, `the base's other files were read ${otherFileReads} times in 200 edits`);
  });
});
