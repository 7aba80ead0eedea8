import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderKustomization } from '../../../server/src/model/kustomize/build';
import type { KustomizeFileSystem } from '../../../server/src/model/kustomize/fileSystem';
import { nodeAt, toPlain } from '../../../server/src/model/kustomize/tree';

function render(files: Record<string, string>) {
  const texts = new Map(Object.entries(files).map(([path, text]) => [`/w/${path}`, text]));
  const fileSystem: KustomizeFileSystem = {
    readText: (path) => texts.get(path),
    isDirectory: (path) => [...texts.keys()].some((file) => file.startsWith(`${path}/`)),
  };
  return renderKustomization('/w', fileSystem);
}

function objectOfKind(files: Record<string, string>, kind: string): unknown {
  const result = render(files);
  assert.equal(result.error?.message, undefined);
  return toPlain(result.resources.find((resource) => nodeAt(resource.node, 'kind')?.type === 'scalar' && toPlain(nodeAt(resource.node, 'kind')!) === kind)!.node);
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: backend}\nspec: {ports: [{port: 7002}]}\n';
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
  annotations: {backend: "$(BACKEND)", price: "$$(BACKEND) costs $$5"}
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: web
        command: [start, --backend=$(BACKEND):$(PORT), $(UNKNOWN)]
        env:
        - {name: PORT, value: $(PORT)}
        - {name: REPLICAS, value: $(REPLICAS)}
`;
const VARS = `vars:
- name: BACKEND
  objref: {kind: Service, name: backend, apiVersion: v1}
- name: PORT
  objref: {kind: Service, name: backend, apiVersion: v1}
  fieldref: {fieldpath: 'spec.ports[0].port'}
- name: REPLICAS
  objref: {kind: Deployment, name: frontend, apiVersion: apps/v1}
  fieldref: {fieldpath: spec.replicas}
`;

describe('kustomize vars', () => {
  test('$(NAME) is replaced in the varReference fields: whole fields take the value and its type, embedded ones the text', () => {
    const deployment = objectOfKind({ 'kustomization.yaml': `resources: [service.yaml, deployment.yaml]\n${VARS}`, 'service.yaml': SERVICE, 'deployment.yaml': DEPLOYMENT }, 'Deployment');
    assert.deepEqual(deployment, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'frontend', annotations: { backend: 'backend', price: '$(BACKEND) costs $5' } },
      spec: {
        replicas: 2,
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                command: ['start', '--backend=backend:7002', '$(UNKNOWN)'],
                env: [
                  { name: 'PORT', value: 7002 },
                  { name: 'REPLICAS', value: 2 },
                ],
              },
            ],
          },
        },
      },
    });
  });

  test('without vars nothing is expanded, not even $$', () => {
    const deployment = objectOfKind({ 'kustomization.yaml': 'resources: [deployment.yaml]\n', 'deployment.yaml': DEPLOYMENT }, 'Deployment') as { metadata: { annotations: unknown } };
    assert.deepEqual(deployment.metadata.annotations, { backend: '$(BACKEND)', price: '$$(BACKEND) costs $$5' });
  });

  test('a var declared in a base reaches the objects of the overlay; the objref names the original name', () => {
    const deployment = objectOfKind(
      {
        'base/kustomization.yaml': `resources: [service.yaml]\nvars:\n- name: BACKEND\n  objref: {kind: Service, name: backend, apiVersion: v1}\n`,
        'base/service.yaml': SERVICE,
        'kustomization.yaml': 'resources: [base, deployment.yaml]\n',
        'deployment.yaml': DEPLOYMENT.replace(/\$\(PORT\)|\$\(REPLICAS\)/g, 'x'),
      },
      'Deployment',
    ) as { metadata: { annotations: { backend: string } } };
    assert.equal(deployment.metadata.annotations.backend, 'backend');
  });

  test('a whole replacement keeps the origin of the field the value came from', () => {
    const result = render({ 'kustomization.yaml': `resources: [service.yaml, deployment.yaml]\n${VARS}`, 'service.yaml': SERVICE, 'deployment.yaml': DEPLOYMENT });
    const deployment = result.resources.find((resource) => toPlain(nodeAt(resource.node, 'kind')!) === 'Deployment')!;
    const backend = nodeAt(deployment.node, 'metadata', 'annotations', 'backend');
    assert.equal(backend?.origin?.file, '/w/service.yaml');
    const price = nodeAt(deployment.node, 'metadata', 'annotations', 'price');
    assert.equal(price?.origin?.file, '/w/deployment.yaml');
  });

  test('kustomize errors: an objref that matches nothing or several objects, a field that is missing, a list item that is not a string', () => {
    const files = { 'service.yaml': SERVICE, 'deployment.yaml': DEPLOYMENT };
    const varOf = (objref: string, fieldref = '') => `resources: [service.yaml, deployment.yaml]\nvars:\n- name: X\n  objref: ${objref}\n${fieldref}`;
    assert.match(render({ ...files, 'kustomization.yaml': varOf('{kind: Service, name: other, apiVersion: v1}') }).error?.message ?? '', /^var 'X .*' cannot be mapped to a field in the set of known resources$/);
    assert.match(render({ ...files, 'kustomization.yaml': varOf('{kind: Service, name: backend, apiVersion: v1}', '  fieldref: {fieldpath: spec.missing}\n') }).error?.message ?? '', /^field specified in var 'X .*' not found in corresponding resource$/);
    const twoServices = { ...files, 'service.yaml': `${SERVICE}---\n${SERVICE.replace('name: backend}', 'name: backend, namespace: other}')}` };
    assert.match(render({ ...twoServices, 'kustomization.yaml': varOf('{kind: Service, name: backend, apiVersion: v1}') }).error?.message ?? '', /^found 2 resId matches for var X .*\(unable to disambiguate\)$/);
    assert.equal(render({ ...twoServices, 'kustomization.yaml': varOf('{kind: Service, name: backend, apiVersion: v1, namespace: other}') }).error, undefined);
    const numericArgs = { ...files, 'deployment.yaml': DEPLOYMENT.replace('command: [start,', 'args: [1]\n        command: [start,') };
    assert.equal(
      render({ ...numericArgs, 'kustomization.yaml': varOf('{kind: Service, name: backend, apiVersion: v1}') }).error?.message,
      "considering field 'spec/template/spec/containers/args' of object Deployment.v1.apps/frontend.[noNs]: invalid value type expect a string",
    );
  });
});
