import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { renderKustomization } from '../../../server/src/model/kustomize/build';
import type { KustomizeFileSystem } from '../../../server/src/model/kustomize/fileSystem';
import { isImageMatched, splitImage } from '../../../server/src/model/kustomize/imageName';
import { toPlain } from '../../../server/src/model/kustomize/tree';

// Cases from kustomize's api/krusty transformersimage_test.go, iampolicygenerator_test.go, api/image/image_test.go
// and the replicas field's documentation: their inputs and expected objects.

function memoryFiles(files: Record<string, string>): KustomizeFileSystem {
  const at = (path: string): string | undefined => files[path.replace(/^\/app\/?/, '')];
  return { readText: at, isDirectory: (path) => path === '/app' };
}

function render(files: Record<string, string>): ReturnType<typeof renderKustomization> {
  return renderKustomization('/app', memoryFiles(files));
}

function assertBuilds(files: Record<string, string>, expected: string): void {
  const result = render(files);
  assert.equal(result.error, undefined, result.error?.message);
  const canonical = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  };
  const actual = result.resources.map((resource) => canonical(toPlain(resource.node))).sort();
  assert.deepEqual(actual, parseAllDocuments(expected).map((document) => canonical(document.toJS())).sort());
}

describe('image names', () => {
  test('a name matches with any tag or digest, a registry port is not a tag', () => {
    assert.equal(isImageMatched('nginx', 'nginx'), true);
    assert.equal(isImageMatched('nginx:12345', 'nginx'), true);
    assert.equal(isImageMatched('nginx@sha256:abc', 'nginx'), true);
    assert.equal(isImageMatched('apache:12345', 'nginx'), false);
    assert.equal(isImageMatched('my-nginx:1.8.0', 'nginx'), false);
    assert.equal(isImageMatched('nginx:1.7.9', '['), false);
    assert.deepEqual(splitImage('nginx'), { name: 'nginx', tag: '', digest: '' });
    assert.deepEqual(splitImage('nginx:1.2.3'), { name: 'nginx', tag: '1.2.3', digest: '' });
    assert.deepEqual(splitImage('nginx@sha256:12345'), { name: 'nginx', tag: '', digest: 'sha256:12345' });
    assert.deepEqual(splitImage('nginx:1.2.3@sha256:12345'), { name: 'nginx', tag: '1.2.3', digest: 'sha256:12345' });
    assert.deepEqual(splitImage('gcr.io:8080/my-project/my-cool-app:latest'), { name: 'gcr.io:8080/my-project/my-cool-app', tag: 'latest', digest: '' });
    assert.deepEqual(splitImage('myprivaterepohostname:1234/my/image'), { name: 'myprivaterepohostname:1234/my/image', tag: '', digest: '' });
  });
});

describe('images', () => {
  test('containers and init containers anywhere in an object, new names, tags and digests (TestTransfomersImageDefaultConfig)', () => {
    assertBuilds({
      'kustomization.yaml': `
resources:
- deploy1.yaml
- random.yaml
images:
- name: nginx
  newTag: v2
- name: my-nginx
  newTag: previous
- name: myprivaterepohostname:1234/my/image
  newTag: v1.0.1
- name: foobar
  digest: sha256:24a0c4b4
- name: alpine
  newName: myprivaterepohostname:1234/my/cool-alpine
- name: gcr.io:8080/my-project/my-cool-app
  newName: my-cool-app
- name: postgres
  newName: my-postgres
  newTag: v3
- name: docker
  newName: my-docker
  digest: sha256:25a0d4b4
`,
      'deploy1.yaml': `
group: apps
apiVersion: v1
kind: Deployment
metadata:
  name: deploy1
spec:
  template:
    spec:
      initContainers:
      - name: nginx2
        image: my-nginx:1.8.0
      - name: init-alpine
        image: alpine:1.8.0
      containers:
      - name: ngnix
        image: nginx:1.7.9
      - name: repliaced-with-digest
        image: foobar:1
      - name: postgresdb
        image: postgres:1.8.0
`,
      'random.yaml': `
kind: randomKind
metadata:
  name: random
spec:
  template:
    spec:
      containers:
      - name: ngnix1
        image: nginx
spec2:
  template:
    spec:
      containers:
      - name: nginx3
        image: nginx:v1
      - name: nginx4
        image: my-nginx:latest
spec3:
  template:
    spec:
      initContainers:
      - name: postgresdb
        image: postgres:alpine-9
      - name: init-docker
        image: docker:17-git
      - name: myImage
        image: myprivaterepohostname:1234/my/image:latest
      - name: myImage2
        image: myprivaterepohostname:1234/my/image
      - name: my-app
        image: my-app-image:v1
      - name: my-cool-app
        image: gcr.io:8080/my-project/my-cool-app:latest
`,
    }, `
apiVersion: v1
group: apps
kind: Deployment
metadata:
  name: deploy1
spec:
  template:
    spec:
      containers:
      - image: nginx:v2
        name: ngnix
      - image: foobar@sha256:24a0c4b4
        name: repliaced-with-digest
      - image: my-postgres:v3
        name: postgresdb
      initContainers:
      - image: my-nginx:previous
        name: nginx2
      - image: myprivaterepohostname:1234/my/cool-alpine:1.8.0
        name: init-alpine
---
kind: randomKind
metadata:
  name: random
spec:
  template:
    spec:
      containers:
      - image: nginx:v2
        name: ngnix1
spec2:
  template:
    spec:
      containers:
      - image: nginx:v2
        name: nginx3
      - image: my-nginx:previous
        name: nginx4
spec3:
  template:
    spec:
      initContainers:
      - image: my-postgres:v3
        name: postgresdb
      - image: my-docker@sha256:25a0d4b4
        name: init-docker
      - image: myprivaterepohostname:1234/my/image:v1.0.1
        name: myImage
      - image: myprivaterepohostname:1234/my/image:v1.0.1
        name: myImage2
      - image: my-app-image:v1
        name: my-app
      - image: my-cool-app:latest
        name: my-cool-app
`);
  });

  test('a name that is no valid expression changes nothing (TestTransfomersImageInvalidNameRegexp)', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deploy\nspec:\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.7.9\n';
    assertBuilds({ 'kustomization.yaml': 'resources:\n- deploy.yaml\nimages:\n- name: "["\n  newTag: v2\n', 'deploy.yaml': deployment }, deployment);
  });

  test('a builtin configuration\'s own field specs reach other fields (TestTransfomersImageKnativeConfig); the new image keeps the images entry as its origin', () => {
    const result = render({
      'kustomization.yaml': 'resources:\n- knative.yaml\ntransformers:\n- images.yaml\n',
      'images.yaml': 'apiVersion: builtin\nkind: ImageTagTransformer\nmetadata:\n  name: knative\nimageTag:\n  name: solsa-echo\n  newTag: foo\nfieldSpecs:\n- path: spec/runLatest/configuration/revisionTemplate/spec/container/image\n  group: serving.knative.dev\n  version: v1alpha1\n  kind: Service\n',
      'knative.yaml': 'apiVersion: serving.knative.dev/v1alpha1\nkind: Service\nmetadata:\n  name: echo\nspec:\n  runLatest:\n    configuration:\n      revisionTemplate:\n        spec:\n          container:\n            image: solsa-echo\n',
    });
    assert.equal(result.error, undefined, result.error?.message);
    const container = result.resources[0]!.node;
    const image = (toPlain(container) as { spec: { runLatest: { configuration: { revisionTemplate: { spec: { container: { image: string } } } } } } }).spec.runLatest.configuration.revisionTemplate.spec.container.image;
    assert.equal(image, 'solsa-echo:foo');
  });

  test('a tag suffix extends the tag once', () => {
    assertBuilds({
      'kustomization.yaml': 'resources:\n- pod.yaml\nimages:\n- name: nginx\n  tagSuffix: -debug\n',
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx:1.7\n',
    }, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx:1.7-debug\n');
  });
});

describe('replicas', () => {
  const workloads = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n';

  test('the count is set, or made where the field is missing', () => {
    assertBuilds({ 'kustomization.yaml': 'resources:\n- workloads.yaml\nreplicas:\n- name: web\n  count: 5\n- name: db\n  count: 3\n', 'workloads.yaml': workloads }, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: 3\n  serviceName: db\n');
  });

  test('a name that matches no object of a replicated kind is an error', () => {
    const result = render({ 'kustomization.yaml': 'resources:\n- workloads.yaml\nreplicas:\n- name: nothing\n  count: 2\n', 'workloads.yaml': workloads });
    assert.match(result.error?.message ?? '', /resource with name nothing does not match a config/);
  });
});

describe('IAMPolicyGenerator', () => {
  test('a GKE ServiceAccount for each configuration, with the namespace when given (TestGkeGeneratorWithTwo)', () => {
    assertBuilds({
      'kustomization.yaml': 'generators:\n- gkegenerator1.yaml\n- gkegenerator2.yaml\n',
      'gkegenerator1.yaml': 'apiVersion: builtin\nkind: IAMPolicyGenerator\nmetadata:\n  name: my-gke-generator1\ncloud: gke\nkubernetesService:\n  namespace: k8s-namespace-1\n  name: k8s-sa-name-1\nserviceAccount:\n  name: gsa-name-1\n  projectId: project-id-1\n',
      'gkegenerator2.yaml': 'apiVersion: builtin\nkind: IAMPolicyGenerator\nmetadata:\n  name: my-gke-generator2\ncloud: gke\nkubernetesService:\n  name: k8s-sa-name-2\nserviceAccount:\n  name: gsa-name-2\n  projectId: project-id-2\n',
    }, `
apiVersion: v1
kind: ServiceAccount
metadata:
  annotations:
    iam.gke.io/gcp-service-account: gsa-name-1@project-id-1.iam.gserviceaccount.com
  name: k8s-sa-name-1
  namespace: k8s-namespace-1
---
apiVersion: v1
kind: ServiceAccount
metadata:
  annotations:
    iam.gke.io/gcp-service-account: gsa-name-2@project-id-2.iam.gserviceaccount.com
  name: k8s-sa-name-2
`);
  });

  test('another cloud is an error', () => {
    const result = render({ 'kustomization.yaml': 'generators:\n- g.yaml\n', 'g.yaml': 'apiVersion: builtin\nkind: IAMPolicyGenerator\nmetadata:\n  name: g\ncloud: aws\n' });
    assert.match(result.error?.message ?? '', /cloud provider aws not supported/);
  });
});
