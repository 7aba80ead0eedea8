import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeModel } from '../../../server/src/features/modelSummary';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { kubetrace } from '../../support/cliRun';
import { useTempTrees } from '../../support/fixtures';

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx}]\n';
// Kustomize's own examples (kubernetes-sigs/kustomize examples/helloWorld, components): no metadata, not objects.
const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - deployment.yaml\n';
const COMPONENT = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: patch.yaml\n';
const FLUX_KUSTOMIZATION = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n';

function read(uri: string, text: string) {
  return parseManifest(`file:///repo/${uri}`, text);
}

describe('files that are not Kubernetes objects', () => {
  test('a Kustomization or Component is skipped with its reason, not reported as an object without metadata.name', () => {
    for (const text of [KUSTOMIZATION, COMPONENT]) {
      const parsed = read('overlays/prod/kustomization.yaml', text);
      assert.deepEqual([parsed.objects, parsed.problems, parsed.skipped], [[], [], 'kustomization']);
      // Under another file name (kustomize reads it as a `resources` entry of a parent, or a generator) it is still one.
      assert.equal(read('base/kustomize.yaml', text).skipped, 'kustomization');
    }
  });

  test('a kustomization.yaml without apiVersion and kind (kustomize accepts it) is skipped by its name', () => {
    const parsed = read('base/kustomization.yaml', 'resources:\n  - deployment.yaml\ncommonLabels:\n  app: web\n');
    assert.deepEqual([parsed.objects, parsed.problems, parsed.skipped], [[], [], 'kustomization']);
    assert.equal(read('base/kustomization.yml', 'resources: [a.yaml]\n').skipped, 'kustomization');
  });

  test("a Flux Kustomization (kustomize.toolkit.fluxcd.io) is an object of the cluster and stays one", () => {
    const parsed = read('clusters/prod/apps.yaml', FLUX_KUSTOMIZATION);
    assert.equal(parsed.skipped, undefined);
    assert.deepEqual(parsed.objects.map((object) => [object.id.group, object.id.kind, object.id.name]), [['kustomize.toolkit.fluxcd.io', 'Kustomization', 'apps']]);
  });

  test('tool configurations are recognised by apiVersion and kind, whatever the file is called', () => {
    const cases: [string, string][] = [
      ['apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes:\n  - role: control-plane\n  - role: worker\n', 'local-cluster-config'],
      ['apiVersion: k3d.io/v1alpha5\nkind: Simple\nservers: 1\n', 'local-cluster-config'],
      ['apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  profile: demo\n', 'istio-operator'],
      ['apiVersion: skaffold/v4beta11\nkind: Config\nmetadata:\n  name: app\nbuild:\n  artifacts: [{image: web}]\n', 'skaffold-config'],
      ['apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n', 'component-config'],
      ['apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking: {podSubnet: 10.244.0.0/16}\n', 'component-config'],
      ['apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\ncurrent-context: ""\n', 'kubeconfig'],
    ];
    for (const [text, reason] of cases) {
      const parsed = read('config/cluster.yaml', text);
      assert.deepEqual([parsed.objects, parsed.problems, parsed.skipped], [[], [], reason], text);
    }
  });

  test("a custom resource named like a tool's kind is still an object (CloudNativePG's Cluster)", () => {
    const parsed = read('db.yaml', 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: pg\nspec:\n  instances: 3\n');
    assert.deepEqual([parsed.skipped, parsed.objects.length], [undefined, 1]);
  });

  test("a tool's document beside objects is left out alone, and the objects are read", () => {
    const parsed = read('dev.yaml', `apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\n---\n${DEPLOYMENT}`);
    assert.equal(parsed.skipped, undefined);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.objects.map((object) => object.id.name), ['web']);
  });

  test("Helm's Chart.yaml and values files are skipped; a manifest that is named values.yaml is read", () => {
    assert.equal(read('chart/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n').skipped, 'helm-chart');
    const values = 'replicaCount: 1\nimage:\n  repository: nginx\nservice:\n  type: ClusterIP\n  port: 80\n';
    for (const name of ['chart/values.yaml', 'chart/values-prod.yaml', 'chart/ci/prod-values.yaml', 'values.yml']) assert.equal(read(name, values).skipped, 'helm-values', name);
    const manifest = read('deploy/values.yaml', DEPLOYMENT);
    assert.deepEqual([manifest.skipped, manifest.objects.length], [undefined, 1]);
    // fluent-bit's chart chooses its workload with `kind:`: values all the same, not an object without a name.
    const chooser = read('fluent-bit/values.yaml', 'kind: DaemonSet\nreplicaCount: 1\nimage:\n  repository: fluent/fluent-bit\n');
    assert.deepEqual([chooser.objects, chooser.problems, chooser.skipped], [[], [], 'helm-values']);
  });

  test('a manifest whose name only looks like a tool file is read', () => {
    for (const name of ['compose-api.yaml', 'k8s/docker-compose.yaml', 'deploy/package.json']) {
      const parsed = read(name, name.endsWith('.json') ? JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }) : DEPLOYMENT);
      assert.deepEqual([parsed.skipped, parsed.objects.length], [undefined, 1], name);
    }
  });

  test('CI pipelines, Compose files and development tools are skipped by their path, broken or not', () => {
    const cases: [string, string][] = [
      ['.github/workflows/ci.yml', 'ci-pipeline'],
      ['.github/dependabot.yml', 'ci-pipeline'],
      ['.gitlab-ci.yml', 'ci-pipeline'],
      ['.circleci/config.yml', 'ci-pipeline'],
      ['azure-pipelines.yml', 'ci-pipeline'],
      ['docker-compose.yml', 'compose'],
      ['deploy/docker-compose.override.yaml', 'compose'],
      ['compose.yaml', 'compose'],
      ['.pre-commit-config.yaml', 'tool-config'],
      ['package.json', 'tool-config'],
      ['kubetrace.yaml', 'kubetrace-profile'],
    ];
    // A workflow with a step that looks like an object, and a syntax error after it: neither is reported.
    const text = 'name: deploy\non: push\njobs:\n  apply:\n    steps:\n      - run: |\n          kind: Deployment\n          apiVersion: apps/v1\nkind: [broken\n';
    for (const [name, reason] of cases) {
      const parsed = read(name, text);
      assert.deepEqual([parsed.objects, parsed.problems, parsed.skipped], [[], [], reason], name);
    }
  });

  test('a manifest under .github that is not a workflow is read (test fixtures)', () => {
    assert.deepEqual(read('.github/workflows/manifests/web.yaml', DEPLOYMENT).objects.length, 1);
    assert.equal(read('.github/kind/deployment.yaml', DEPLOYMENT).skipped, undefined);
  });

  test('the Cluster Model summary lists the skipped files with the reason, those in no cluster too', () => {
    const index = new WorkspaceIndex(() => ['default']);
    index.setText('file:///repo/base/kustomization.yaml', KUSTOMIZATION);
    index.setText('file:///repo/base/deployment.yaml', DEPLOYMENT);
    index.setText('file:///repo/.github/workflows/ci.yml', 'on: push\n');
    const summary = summarizeModel(index.clusters(), index.problemsByUri(), index.skippedFiles());
    assert.deepEqual(summary.clusters.flatMap((cluster) => cluster.objects.map((object) => object.name)), ['web']);
    assert.deepEqual(summary.skippedFiles.map((file) => file.uri), ['file:///repo/.github/workflows/ci.yml', 'file:///repo/base/kustomization.yaml']);
    assert.match(summary.skippedFiles[1]!.reason, /Kustomize/);
    assert.match(summary.skippedFiles[0]!.reason, /CI pipeline/);
    assert.equal(summary.clusters[0]!.errorCount, 0);
  });
});

describe('kubetrace objects and check on a Kustomize tree', () => {
  const tree = useTempTrees();
  const files = {
    'base/kustomization.yaml': KUSTOMIZATION,
    'base/deployment.yaml': DEPLOYMENT,
    'components/ha/kustomization.yaml': COMPONENT,
    'clusters/apps.yaml': FLUX_KUSTOMIZATION,
  };

  test('objects lists the skipped files last, with the reason', () => {
    const run = kubetrace(['objects', '.'], { cwd: tree(files) });
    assert.equal(run.status, 0);
    const lines = run.stdout.split('\n');
    const skippedAt = lines.indexOf('skipped files');
    assert.ok(skippedAt > 0, run.stdout);
    assert.match(lines[skippedAt + 1]!, /^ {2}base\/kustomization\.yaml +a Kustomize Kustomization or Component/);
    assert.match(lines[skippedAt + 2]!, /^ {2}components\/ha\/kustomization\.yaml +a Kustomize/);
    assert.match(run.stdout, /Kustomization\.kustomize\.toolkit\.fluxcd\.io +apps +clusters\/apps\.yaml:4/);
    assert.match(run.stdout, /^2 objects in 2 namespaces and 2 clusters; 2 files skipped\.$/m);
    assert.match(run.stdout, /^cluster base\nnamespace shop\n {2}Deployment.apps +web +base\/deployment.yaml:4$/m, 'the kustomization is rendered: its namespace is set');
  });

  test('objects --format json gives each skipped file with its reason', () => {
    const run = kubetrace(['objects', '--format', 'json', '.'], { cwd: tree(files) });
    const output = JSON.parse(run.stdout) as { skipped: { file: string; reason: string }[] };
    assert.deepEqual(output.skipped.map((file) => [file.file, file.reason]), [['base/kustomization.yaml', 'kustomization'], ['components/ha/kustomization.yaml', 'kustomization']]);
  });

  test('check reports nothing about the kustomizations', () => {
    const run = kubetrace(['check', '--format', 'json', '.'], { cwd: tree(files) });
    const output = JSON.parse(run.stdout) as { problems: { file: string; code: string }[] };
    assert.deepEqual(output.problems.filter((problem) => problem.file.endsWith('kustomization.yaml')), []);
    assert.ok(!output.problems.some((problem) => problem.code === 'KT003'), run.stdout);
  });
});
