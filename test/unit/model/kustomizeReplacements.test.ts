import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderKustomization } from '../../../server/src/model/kustomize/build';
import type { KustomizeFileSystem } from '../../../server/src/model/kustomize/fileSystem';
import { nodeAt, toPlain } from '../../../server/src/model/kustomize/tree';

/** The files of a build under /w, as the renderer reads them. */
function filesOf(files: Record<string, string>): KustomizeFileSystem {
  const texts = new Map(Object.entries(files).map(([path, text]) => [`/w/${path}`, text]));
  return {
    readText: (path) => texts.get(path),
    isDirectory: (path) => [...texts.keys()].some((file) => file.startsWith(`${path}/`)),
  };
}

function render(files: Record<string, string>) {
  return renderKustomization('/w', filesOf(files));
}

function objects(files: Record<string, string>): unknown[] {
  const result = render(files);
  assert.equal(result.error?.message, undefined);
  return result.resources.map((resource) => toPlain(resource.node));
}

function errorOf(files: Record<string, string>): string {
  return render(files).error?.message ?? '(no error)';
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: deploy
spec:
  template:
    spec:
      containers:
      - image: foobar:1
        name: replaced-with-digest
      - image: postgres:1.8.0
        name: postgresdb
`;

const containers = (image0: string, image1: string) => [
  { image: image0, name: 'replaced-with-digest' },
  { image: image1, name: 'postgresdb' },
];

describe('kustomize replacements', () => {
  test('an inline replacement copies one container image to another (TestReplacementsField)', () => {
    const [deployment] = objects({
      'kustomization.yaml': `resources: [resource.yaml]
replacements:
- source: {kind: Deployment, fieldPath: spec.template.spec.containers.0.image}
  targets:
  - select: {kind: Deployment}
    fieldPaths: [spec.template.spec.containers.1.image]
`,
      'resource.yaml': DEPLOYMENT,
    });
    assert.deepEqual((deployment as { spec: { template: { spec: { containers: unknown } } } }).spec.template.spec.containers, containers('foobar:1', 'foobar:1'));
  });

  test('a path: file may hold a list of replacements; [name=x] selects a list element', () => {
    const [, deployment] = objects({
      'kustomization.yaml': 'resources: [config.yaml, resource.yaml]\nreplacements:\n- path: replacements.yaml\n',
      'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: versions}\ndata: {postgres: "postgres:16", app: "app:2"}\n',
      'replacements.yaml': `- source: {kind: ConfigMap, name: versions, fieldPath: data.postgres}
  targets:
  - select: {kind: Deployment, name: deploy}
    fieldPaths: ['spec.template.spec.containers.[name=postgresdb].image']
- source: {kind: ConfigMap, name: versions, fieldPath: data.app}
  targets:
  - select: {kind: Deployment}
    fieldPaths: ['spec.template.spec.containers.[name=replaced-with-digest].image']
`,
      'resource.yaml': DEPLOYMENT,
    });
    assert.deepEqual((deployment as { spec: { template: { spec: { containers: unknown } } } }).spec.template.spec.containers, containers('app:2', 'postgres:16'));
  });

  test('delimiter and index pick a part of the source and replace a part of the target', () => {
    const [, deployment] = objects({
      'kustomization.yaml': `resources: [config.yaml, resource.yaml]
replacements:
- source: {kind: ConfigMap, name: versions, fieldPath: data.image, options: {delimiter: ':', index: 1}}
  targets:
  - select: {kind: Deployment}
    fieldPaths: ['spec.template.spec.containers.[name=postgresdb].image']
    options: {delimiter: ':', index: 1}
`,
      'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: versions}\ndata: {image: "library/postgres:16.2"}\n',
      'resource.yaml': DEPLOYMENT,
    });
    assert.deepEqual((deployment as { spec: { template: { spec: { containers: unknown } } } }).spec.template.spec.containers, containers('foobar:1', 'postgres:16.2'));
  });

  test('a scalar target keeps its type: a string port becomes a number where the target was one', () => {
    const [, pod] = objects({
      'kustomization.yaml': `resources: [config.yaml, pod.yaml]
replacements:
- source: {kind: ConfigMap, name: config, fieldPath: data.PORT}
  targets:
  - select: {kind: Pod}
    fieldPaths: [spec.containers.0.ports.0.containerPort, metadata.annotations.port]
`,
      'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config}\ndata: {PORT: "8080"}\n',
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, annotations: {port: "80"}}\nspec:\n  containers:\n  - name: web\n    ports: [{containerPort: 80}]\n',
    });
    assert.deepEqual(pod, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', annotations: { port: '8080' } }, spec: { containers: [{ name: 'web', ports: [{ containerPort: 8080 }] }] } });
  });

  test('create makes a missing field; a map source replaces a whole subtree', () => {
    const deployment = objects({
      'kustomization.yaml': `resources: [pod.yaml, deployment.yaml]
replacements:
- source: {kind: Pod, fieldPath: spec}
  targets:
  - select: {kind: Deployment}
    fieldPaths: [spec.template.spec]
    options: {create: true}
- source: {kind: Pod, fieldPath: metadata.name}
  targets:
  - select: {kind: Deployment}
    fieldPaths: ['metadata.labels.[app.kubernetes.io/name]']
    options: {create: true}
`,
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web, image: nginx}]}\n',
      'deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n',
    }).find((object) => (object as { kind: string }).kind === 'Deployment');
    assert.deepEqual(deployment, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    });
  });

  test('reject and a label selector narrow the targets; * reaches every container', () => {
    const files = {
      'kustomization.yaml': `resources: [config.yaml, workloads.yaml]
replacements:
- source: {kind: ConfigMap, name: config, fieldPath: data.LEVEL}
  targets:
  - select: {kind: Deployment, labelSelector: "tier in (web,api)"}
    reject: [{name: skipped}]
    fieldPaths: ['spec.template.spec.containers.*.env.[name=LOG_LEVEL].value']
`,
      'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config}\ndata: {LEVEL: debug}\n',
      'workloads.yaml': ['a', 'skipped', 'other']
        .map((name) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, labels: {tier: ${name === 'other' ? 'db' : 'web'}}}\nspec:\n  template:\n    spec:\n      containers:\n      - {name: one, env: [{name: LOG_LEVEL, value: info}]}\n      - {name: two, env: [{name: LOG_LEVEL, value: info}]}\n`)
        .join('---\n'),
    };
    const levels = objects(files)
      .slice(1)
      .map((deployment) => (deployment as { spec: { template: { spec: { containers: { env: { value: string }[] }[] } } } }).spec.template.spec.containers.map((container) => container.env[0]!.value));
    assert.deepEqual(levels, [['debug', 'debug'], ['info', 'info'], ['info', 'info']]);
  });

  test('the copied value keeps the origin of the source field', () => {
    const result = render({
      'kustomization.yaml': `resources: [resource.yaml]
replacements:
- source: {kind: Deployment, fieldPath: spec.template.spec.containers.0.image}
  targets:
  - select: {kind: Deployment}
    fieldPaths: [spec.template.spec.containers.1.image]
`,
      'resource.yaml': DEPLOYMENT,
    });
    const image = nodeAt(result.resources[0]!.node, 'spec', 'template', 'spec', 'containers');
    assert.ok(image && image.type === 'seq');
    const [first, second] = image.items.map((container) => nodeAt(container, 'image')!.origin);
    assert.equal(second?.file, '/w/resource.yaml');
    assert.deepEqual(second?.range, first?.range);
  });

  test('kustomize errors: nothing selected, several sources, a missing source field or target field', () => {
    const base = { 'resource.yaml': `${DEPLOYMENT}---\n${DEPLOYMENT.replace('name: deploy', 'name: other')}` };
    const replacement = (source: string, target = 'spec.template.spec.containers.0.image') =>
      `resources: [resource.yaml]\nreplacements:\n- source: ${source}\n  targets:\n  - select: {kind: Deployment}\n    fieldPaths: [${target}]\n`;
    assert.equal(errorOf({ ...base, 'kustomization.yaml': replacement('{kind: ConfigMap, name: missing}') }), 'nothing selected by ConfigMap.[noVer].[noGrp]/missing.[noNs]');
    assert.equal(errorOf({ ...base, 'kustomization.yaml': replacement('{kind: Deployment}') }), 'multiple matches for selector Deployment.[noVer].[noGrp]/[noName].[noNs]');
    assert.equal(errorOf({ ...base, 'kustomization.yaml': replacement('{name: deploy, fieldPath: spec.missing}') }), 'fieldPath `spec.missing` is missing for replacement source [noKind].[noVer].[noGrp]/deploy.[noNs]');
    assert.equal(errorOf({ ...base, 'kustomization.yaml': replacement('{name: deploy}', 'spec.missing') }), 'unable to find field spec.missing in replacement target');
    assert.equal(errorOf({ ...base, 'kustomization.yaml': 'resources: [resource.yaml]\nreplacements:\n- source: {name: deploy}\n' }), 'replacements must specify a source and at least one target');
  });
});
