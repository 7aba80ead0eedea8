/**
 * Kustomize builds as clusters: each kustomization no other includes is a build root, rendered; findings point at
 * the file and line that wrote the value and name the build when the file is shared; an edit re-renders the builds
 * that read the file.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { identityKey } from '../../../server/src/engine/objects';
import { groupingByUri } from '../../../server/src/workspace/clusterGrouping';
import { KustomizeBuilds } from '../../../server/src/workspace/kustomizeBuilds';
import { kustomizeFileSystem } from '../../../server/src/workspace/kustomizeFiles';
import { fileUri } from '../../../server/src/workspace/fileUris';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { renderKustomization } from '../../../server/src/model/kustomize/build';
import { renderedObject, resourceFingerprint } from '../../../server/src/model/kustomize/renderedObjects';
import { stringAt, toPlain } from '../../../server/src/model/kustomize/tree';
import { kubetrace } from '../../support/cliRun';
import { useTempTrees } from '../../support/fixtures';

const tree = useTempTrees();

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: 8080
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
`;

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
`;

/** A base and two overlays, as `kubectl apply -k overlays/prod` teams lay them out. */
const LAYOUT = {
  'base/kustomization.yaml': 'resources:\n- deployment.yaml\n- service.yaml\n- ingress.yaml\n',
  'base/deployment.yaml': DEPLOYMENT,
  'base/service.yaml': SERVICE,
  'base/ingress.yaml': INGRESS,
  'overlays/prod/kustomization.yaml': 'namespace: prod\nnamePrefix: prod-\nresources:\n- ../../base\n',
  'overlays/dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../../base\n',
};

/** `objects --format json` as `Kind namespace/name` by cluster. */
function objectsByCluster(json: string): Record<string, string[]> {
  const byCluster: Record<string, string[]> = {};
  for (const row of (JSON.parse(json) as { objects: { cluster: string; kind: string; namespace?: string; name: string }[] }).objects) {
    (byCluster[row.cluster] ??= []).push(`${row.kind} ${row.namespace ?? ''}/${row.name}`);
  }
  return byCluster;
}

describe('Kustomize builds as clusters', () => {
  test('each overlay is a cluster of its rendered objects; the base is not a cluster of its own', () => {
    const root = tree(LAYOUT);
    const run = kubetrace(['objects', '--format', 'json', '.'], { cwd: root });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(objectsByCluster(run.stdout), {
      'overlays/dev': ['Deployment.apps dev/web', 'Ingress.networking.k8s.io dev/web', 'Service dev/web'],
      'overlays/prod': ['Deployment.apps prod/prod-web', 'Ingress.networking.k8s.io prod/prod-web', 'Service prod/prod-web'],
    });
  });

  test('names made by namePrefix and namespace resolve: a clean overlay has no finding', () => {
    const root = tree(LAYOUT);
    const run = kubetrace(['check', '--format', 'json', '.'], { cwd: root });
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(JSON.parse(run.stdout).problems, []);
  });

  test('a finding on a patched value points at the patch line and holds in that overlay alone', () => {
    const root = tree({
      ...LAYOUT,
      'overlays/prod/kustomization.yaml': 'namespace: prod\nresources:\n- ../../base\npatches:\n- path: selector.yaml\n',
      'overlays/prod/selector.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: webb\n',
    });
    const run = kubetrace(['check', '--format', 'json', '.'], { cwd: root });
    const problems = JSON.parse(run.stdout).problems as { file: string; line: number; code: string; message: string }[];
    const selector = problems.filter((problem) => problem.code === 'KT101');
    assert.equal(selector.length, 1, run.stdout);
    assert.equal(selector[0]!.file, path.join('overlays', 'prod', 'selector.yaml'));
    assert.equal(selector[0]!.line, 7);
  });

  test('a finding on a base line that holds in one overlay only names it; one that holds in all is reported once', () => {
    const root = tree({
      ...LAYOUT,
      'base/service.yaml': SERVICE.replace('app: web', 'app: nothing'),
      'overlays/dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../../base\nimages:\n- name: nginx\n  newTag: "1.27"\n',
    });
    const run = kubetrace(['check', '--format', 'json', '.'], { cwd: root });
    const problems = JSON.parse(run.stdout).problems as { file: string; line: number; code: string; message: string }[];
    const selector = problems.filter((problem) => problem.code === 'KT101');
    assert.equal(selector.length, 1, 'the same finding in both overlays is one finding');
    assert.equal(selector[0]!.file, path.join('base', 'service.yaml'));
    // Each overlay words it with its own namespace: the first's words, the other named.
    assert.match(selector[0]!.message, /in namespace dev: .*\(in overlays\/dev; likewise in overlays\/prod\)$/);

    const onlyDev = tree({
      ...LAYOUT,
      'overlays/dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../../base\npatches:\n- path: labels.yaml\n',
      'overlays/dev/labels.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        app: web-dev\n',
    });
    const devRun = kubetrace(['check', '--format', 'json', '.'], { cwd: onlyDev });
    const devSelector = (JSON.parse(devRun.stdout).problems as { file: string; code: string; severity: string; message: string }[]).filter((problem) => problem.code === 'KT101');
    assert.equal(devSelector.length, 1, devRun.stdout);
    assert.equal(devSelector[0]!.file, path.join('base', 'service.yaml'));
    // The prod overlay selects the pods: the base line is right, the dev overlay's patch changes what it looks for.
    assert.match(devSelector[0]!.message, /\(in overlays\/dev only: the other builds that read this file have what it looks for, so overlays\/dev leaves it out\.\)$/);
    assert.equal(devSelector[0]!.severity, 'information');
  });

  test('a build that kustomize rejects is a located error on the entry that breaks it, and the rest of the workspace is still checked', () => {
    const root = tree({ ...LAYOUT, 'overlays/dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../../base\n- missing.yaml\n' });
    const run = kubetrace(['check', '--format', 'json', '.'], { cwd: root });
    const problems = JSON.parse(run.stdout).problems as { file: string; line: number; code: string; severity: string; message: string }[];
    const failure = problems.find((problem) => problem.code === 'KT011');
    assert.ok(failure, run.stdout);
    assert.equal(failure.file, path.join('overlays', 'dev', 'kustomization.yaml'));
    assert.equal(failure.line, 4);
    assert.equal(failure.severity, 'error');
    assert.match(failure.message, /missing\.yaml/);
    assert.equal(run.status, 1);
    assert.equal(objectsByCluster(kubetrace(['objects', '--format', 'json', '.'], { cwd: root }).stdout)['overlays/prod']?.length, 3);
  });

  test('render prints what kustomize build prints, and exits 2 with a located message where kustomize fails', () => {
    const root = tree(LAYOUT);
    const run = kubetrace(['render', 'overlays/prod'], { cwd: root });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /name: prod-web/);
    assert.match(run.stdout, /namespace: prod/);
    const broken = tree({ ...LAYOUT, 'overlays/prod/kustomization.yaml': 'namespace: prod\nresourcez:\n- ../../base\n' });
    const failed = kubetrace(['render', 'overlays/prod'], { cwd: broken });
    assert.equal(failed.status, 2);
    assert.match(failed.stderr, /kustomization\.yaml:2:1: invalid Kustomization: json: unknown field "resourcez"/);
  });

  test('an alias bomb in a resource fails its build with a located message, and the rest is still checked', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (const [index, name] of [...'bcdefghi'].entries()) levels.push(`${name}: &${name} [${Array(10).fill(`*${'abcdefghi'[index]}`).join(',')}]`);
    const root = tree({
      ...LAYOUT,
      'overlays/dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../../base\n- bomb.yaml\n',
      'overlays/dev/bomb.yaml': `${levels.join('\n')}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n`,
    });
    const run = kubetrace(['check', '--format', 'json', '.'], { cwd: root });
    const failure = (JSON.parse(run.stdout).problems as { file: string; code: string; message: string }[]).find((problem) => problem.code === 'KT011');
    assert.equal(failure?.file, path.join('overlays', 'dev', 'bomb.yaml'));
    assert.match(failure?.message ?? '', /expands to more than 1,000,000 values/);
    assert.equal(objectsByCluster(kubetrace(['objects', '--format', 'json', '.'], { cwd: root }).stdout)['overlays/prod']?.length, 3);
  });

  test('a generated Secret\'s values are kept nowhere: not in its model object, nor in the fingerprint kept between renders', () => {
    const root = tree({ 'app/kustomization.yaml': 'secretGenerator:\n- name: db\n  literals:\n  - password=hunter2\n' });
    const result = renderKustomization(path.join(root, 'app').split(path.sep).join('/'), kustomizeFileSystem(() => undefined));
    const secret = result.resources.find((resource) => stringAt(resource.node, 'kind') === 'Secret')!;
    assert.match(JSON.stringify(toPlain(secret.node)), /aHVudGVyMg==/, 'the render holds the value, as kustomize does, for the hash');
    const kept = [resourceFingerprint(secret), JSON.stringify(renderedObject(secret, (file) => fileUri(file)))];
    for (const text of kept) assert.doesNotMatch(text, /hunter2|aHVudGVyMg/);
    assert.match(kept[1]!, /"password"/, 'the key names are kept');
  });

  test('an edit to a base renders again the builds that read it, and only those', () => {
    const root = tree({ ...LAYOUT, 'other/kustomization.yaml': 'resources:\n- cm.yaml\n', 'other/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n' });
    const texts = new Map<string, string>();
    const files = kustomizeFileSystem((uri) => texts.get(uri));
    const index = new WorkspaceIndex(() => [], groupingByUri([root], {}), () => undefined, new KustomizeBuilds(files));
    for (const [relative, text] of Object.entries({ ...LAYOUT, 'other/kustomization.yaml': 'resources:\n- cm.yaml\n', 'other/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n' })) {
      const uri = fileUri(path.join(root, relative));
      texts.set(uri, text);
      index.setText(uri, text);
    }
    const before = new Map(index.clusters().map((cluster) => [cluster.name, cluster]));
    assert.deepEqual([...before.keys()], ['other', 'overlays/dev', 'overlays/prod']);
    const serviceUri = fileUri(path.join(root, 'base/service.yaml'));
    const edited = SERVICE.replace('name: web', 'name: api');
    texts.set(serviceUri, edited);
    index.setText(serviceUri, edited);
    const after = new Map(index.clusters().map((cluster) => [cluster.name, cluster]));
    const services = (name: string) => after.get(name)!.objects.filter((object) => object.id.kind === 'Service').map((object) => identityKey(object.id));
    assert.deepEqual(services('overlays/prod'), [identityKey({ group: '', kind: 'Service', namespace: 'prod', name: 'prod-api' })]);
    assert.deepEqual(services('overlays/dev'), [identityKey({ group: '', kind: 'Service', namespace: 'dev', name: 'api' })]);
    assert.equal(after.get('other'), before.get('other'), 'a build that does not read the file keeps its model');
  });
});
