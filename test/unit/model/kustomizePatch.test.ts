import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderKustomization } from '../../../server/src/model/kustomize/build';
import type { KustomizeFileSystem } from '../../../server/src/model/kustomize/fileSystem';
import { applyJsonPatch, readJsonPatch } from '../../../server/src/model/kustomize/jsonPatch';
import { BUILTIN_PATCH_SCHEMA } from '../../../server/src/model/kustomize/patchSchema';
import { matchesLabelSelector, selects } from '../../../server/src/model/kustomize/patchTarget';
import { makeResource } from '../../../server/src/model/kustomize/resource';
import { strategicMerge } from '../../../server/src/model/kustomize/strategicMerge';
import { isKMap, nodeAt, parseDocuments, toPlain, type KMap, type KNode } from '../../../server/src/model/kustomize/tree';

function files(tree: Record<string, string>): KustomizeFileSystem {
  const texts = new Map(Object.entries(tree).map(([path, text]) => [`/w/${path}`, text]));
  return {
    readText: (path) => texts.get(path),
    isDirectory: (path) => [...texts.keys()].some((file) => file.startsWith(`${path}/`)),
  };
}

function render(tree: Record<string, string>, folder = 'app'): { objects: unknown[]; error?: string; nodes: KMap[] } {
  const result = renderKustomization(`/w/${folder}`, files(tree));
  return { objects: result.resources.map((resource) => toPlain(resource.node)), nodes: result.resources.map((resource) => resource.node), ...(result.error && { error: result.error.message }) };
}

function yamlNode(text: string, file = 'patch.yaml'): KNode {
  const node = parseDocuments(file, text).documents[0]?.node;
  assert.ok(node);
  return node;
}

function merge(base: string, patch: string): unknown {
  const result = strategicMerge(yamlNode(base, 'base.yaml'), yamlNode(patch), BUILTIN_PATCH_SCHEMA);
  return result && toPlain(result);
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - name: nginx
        image: nginx:1.6
        command: [old_run.sh, arg0]
        env:
        - {name: A, value: a}
        - {name: B, value: b}
      - name: sidecar1
        image: sidecar1:v1
`;

describe('strategic merge patch, as kyaml merges for kustomize', () => {
  test('containers merge by name: scalars and non-associative lists are replaced, new containers come first', () => {
    const merged = merge(DEPLOYMENT, `apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx}
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: sidecar2
        image: sidecar2:v1
      - name: nginx
        image: nginx:1.7
        command: [new_run.sh, arg1]
        env:
        - {name: B, value: b2}
        - {name: C, value: c}
`) as { spec: { replicas: number; template: { spec: { containers: { name: string; image: string; command: string[]; env?: unknown[] }[] } } } };
    assert.equal(merged.spec.replicas, 3);
    const containers = merged.spec.template.spec.containers;
    assert.deepEqual(containers.map((container) => container.name), ['sidecar2', 'nginx', 'sidecar1']);
    assert.equal(containers[1]!.image, 'nginx:1.7');
    assert.deepEqual(containers[1]!.command, ['new_run.sh', 'arg1']);
    assert.deepEqual(containers[1]!.env, [{ name: 'B', value: 'b2' }, { name: 'C', value: 'c' }, { name: 'A', value: 'a' }]);
  });

  test('$patch: delete removes a list element, and deleting one that is not there adds nothing', () => {
    const merged = merge(DEPLOYMENT, `apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx}
spec:
  template:
    spec:
      containers:
      - name: nginx
        env:
        - {name: B, $patch: delete}
        - {name: NOT_THERE, $patch: delete}
`) as { spec: { template: { spec: { containers: { env?: unknown[] }[] } } } };
    assert.deepEqual(merged.spec.template.spec.containers[0]!.env, [{ name: 'A', value: 'a' }]);
  });

  test('null removes a field; $patch: replace replaces a map; $patch: delete at the top deletes the object', () => {
    const volumes = `apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx}
spec:
  template:
    spec:
      volumes:
      - name: fancyDisk
        emptyDir: {}
`;
    assert.deepEqual(
      (merge(volumes, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nginx}\nspec: {template: {spec: {volumes: [{name: fancyDisk, emptyDir: null}]}}}\n') as { spec: unknown }).spec,
      { template: { spec: { volumes: [{ name: 'fancyDisk' }] } } },
    );
    assert.deepEqual(
      merge('kind: ConfigMap\ndata: {a: "1", b: "2"}\n', 'kind: ConfigMap\ndata: {$patch: replace, c: "3"}\n'),
      { kind: 'ConfigMap', data: { c: '3' } },
    );
    assert.equal(merge('kind: ConfigMap\ndata: {a: "1"}\n', 'kind: ConfigMap\n$patch: delete\n'), undefined);
  });

  test('a list without a merge strategy in the schema (envFrom, a custom resource\'s list) is replaced whole', () => {
    const envFrom = merge(
      'apiVersion: apps/v1\nkind: Deployment\nspec: {template: {spec: {containers: [{name: a, envFrom: [{configMapRef: {name: x}}, {configMapRef: {name: y}}]}]}}}\n',
      'apiVersion: apps/v1\nkind: Deployment\nspec: {template: {spec: {containers: [{name: a, envFrom: [{configMapRef: {name: z}}]}]}}}\n',
    ) as { spec: { template: { spec: { containers: { envFrom: unknown }[] } } } };
    assert.deepEqual(envFrom.spec.template.spec.containers[0]!.envFrom, [{ configMapRef: { name: 'z' } }]);
    const custom = merge('apiVersion: example.com/v1\nkind: Thing\nspec: {items: [{name: a, v: 1}, {name: b, v: 2}]}\n', 'apiVersion: example.com/v1\nkind: Thing\nspec: {items: [{name: a, v: 3}]}\n');
    assert.deepEqual(custom, { apiVersion: 'example.com/v1', kind: 'Thing', spec: { items: [{ name: 'a', v: 3 }] } });
  });

  test('finalizers (merge, no key) are a union, the patch\'s values first; Service ports merge by port', () => {
    assert.deepEqual(
      (merge('apiVersion: v1\nkind: ConfigMap\nmetadata: {finalizers: [a, b]}\n', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {finalizers: [c, a]}\n') as { metadata: unknown }).metadata,
      { finalizers: ['c', 'a', 'b'] },
    );
    assert.deepEqual(
      (merge('apiVersion: v1\nkind: Service\nspec: {ports: [{port: 80, targetPort: 8080}, {port: 443}]}\n', 'apiVersion: v1\nkind: Service\nspec: {ports: [{port: 80, targetPort: 9090}]}\n') as { spec: unknown }).spec,
      { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] },
    );
  });

  test('a value the patch writes keeps the patch file\'s origin, the rest keeps the base\'s', () => {
    const merged = strategicMerge(yamlNode(DEPLOYMENT, 'base.yaml'), yamlNode('apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.7\n'), BUILTIN_PATCH_SCHEMA);
    const containers = nodeAt(merged, 'spec', 'template', 'spec', 'containers');
    assert.ok(containers?.type === 'seq' && isKMap(containers.items[0]));
    const nginx = containers.items[0] as KMap;
    assert.equal(nginx.entries.get('image')?.origin?.file, 'patch.yaml');
    assert.equal(nginx.entries.get('image')?.origin?.range.start.line, 7);
    assert.equal(nginx.entries.get('command')?.origin?.file, 'base.yaml');
  });

  test('a patch of the wrong kind of node is an error', () => {
    assert.throws(() => merge('kind: ConfigMap\ndata: {a: b}\n', 'kind: ConfigMap\ndata: [x]\n'), /wrong Node Kind for data/);
  });
});

describe('JSON patch (RFC 6902)', () => {
  const apply = (document: string, patch: string): unknown => toPlain(applyJsonPatch(yamlNode(document, 'base.yaml'), readJsonPatch(yamlNode(patch))!));

  test('add, remove, replace, move, copy with escaped pointers and `-` to append', () => {
    const result = apply(
      'metadata: {annotations: {a/b: x}}\nspec: {list: [1, 2]}\n',
      `[{"op": "add", "path": "/spec/list/-", "value": 3},
        {"op": "add", "path": "/spec/list/0", "value": 0},
        {"op": "replace", "path": "/metadata/annotations/a~1b", "value": "y"},
        {"op": "copy", "from": "/spec/list", "path": "/spec/copy"},
        {"op": "move", "from": "/metadata/annotations", "path": "/spec/moved"},
        {"op": "remove", "path": "/spec/list/1"},
        {"op": "test", "path": "/spec/moved/a~1b", "value": "y"}]`,
    );
    assert.deepEqual(result, { metadata: {}, spec: { list: [0, 2, 3], copy: [0, 1, 2, 3], moved: { 'a/b': 'y' } } });
  });

  test('a missing path, a bad index or a failed test is an error', () => {
    assert.throws(() => apply('spec: {}\n', '- {op: replace, path: /spec/x, value: 1}\n'), /replace operation does not apply/);
    assert.throws(() => apply('spec: {}\n', '- {op: add, path: /nope/x, value: 1}\n'), /add operation does not apply/);
    assert.throws(() => apply('spec: {l: [1]}\n', '- {op: add, path: /spec/l/5, value: 1}\n'), /invalid index/);
    assert.throws(() => apply('spec: {a: 1}\n', '- {op: test, path: /spec/a, value: 2}\n'), /test failed/);
  });
});

describe('patch targets', () => {
  const resource = makeResource(yamlNode('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-1, labels: {app: web, tier: front}}\n') as KMap, 'r.yaml');

  test('names, kinds and groups are regular expressions anchored at both ends', () => {
    assert.equal(selects(resource, { name: 'web-.*' }), true);
    assert.equal(selects(resource, { name: 'web' }), false);
    assert.equal(selects(resource, { kind: 'Deploy' }), false);
    assert.equal(selects(resource, { group: 'apps', kind: 'Deployment|StatefulSet' }), true);
    assert.equal(selects(resource, { namespace: 'default' }), true);
  });

  test('label selectors use Kubernetes syntax', () => {
    const labels = new Map([['app', 'web'], ['tier', 'front']]);
    assert.equal(matchesLabelSelector(labels, 'app=web,tier in (front, back)'), true);
    assert.equal(matchesLabelSelector(labels, 'app!=web'), false);
    assert.equal(matchesLabelSelector(labels, '!env,tier'), true);
    assert.equal(matchesLabelSelector(labels, 'tier notin (front)'), false);
    assert.throws(() => matchesLabelSelector(labels, 'app=web,,'), /unable to parse requirement/);
  });
});

describe('patch transformers in a build', () => {
  const base = { 'app/deployment.yaml': DEPLOYMENT };

  test('patches: a strategic merge patch file by its own id, and a JSON patch by target; values point at the patch', () => {
    const { objects, nodes, error } = render({
      ...base,
      'app/kustomization.yaml': `resources: [deployment.yaml]
patches:
- path: patch.yaml
- target: {kind: Deploy.*, labelSelector: ""}
  patch: |-
    - op: add
      path: /metadata/annotations
      value: {note: hi}
`,
      'app/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nginx}\nspec: {replicas: 2}\n',
    });
    assert.equal(error, undefined);
    assert.equal((objects[0] as { spec: { replicas: number } }).spec.replicas, 2);
    assert.deepEqual((objects[0] as { metadata: unknown }).metadata, { name: 'nginx', annotations: { note: 'hi' } });
    assert.equal(nodeAt(nodes[0], 'spec', 'replicas')?.origin?.file, '/w/app/patch.yaml');
    const note = nodeAt(nodes[0], 'metadata', 'annotations', 'note')?.origin;
    assert.equal(note?.file, '/w/app/kustomization.yaml');
    assert.deepEqual([note?.range.start.line, note?.range.start.character], [7, 20]);
  });

  test('allowNameChange lets a targeted patch rename; the new name is then found by later patches', () => {
    const { objects, error } = render({
      ...base,
      'app/kustomization.yaml': 'resources: [deployment.yaml]\npatches:\n- target: {kind: Deployment}\n  options: {allowNameChange: true}\n  patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: renamed}\n',
    });
    assert.equal(error, undefined);
    assert.equal((objects[0] as { metadata: { name: string } }).metadata.name, 'renamed');
    const kept = render({ ...base, 'app/kustomization.yaml': 'resources: [deployment.yaml]\npatches:\n- target: {kind: Deployment}\n  patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: renamed}\n' });
    assert.equal((kept.objects[0] as { metadata: { name: string } }).metadata.name, 'nginx');
  });

  test('patchesStrategicMerge: inline or files, `$patch: delete` removes the object, errors as kustomize\'s', () => {
    const deleted = render({ ...base, 'app/kustomization.yaml': 'resources: [deployment.yaml]\npatchesStrategicMerge:\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: nginx}\n  $patch: delete\n' });
    assert.deepEqual(deleted.objects, []);
    const empty = render({ ...base, 'app/kustomization.yaml': 'resources: [deployment.yaml]\npatchesStrategicMerge:\n- empty.yaml\n', 'app/empty.yaml': '# nothing\n' });
    assert.match(empty.error ?? '', /patch appears to be empty/);
    const missing = render({ ...base, 'app/kustomization.yaml': 'resources: [deployment.yaml]\npatchesStrategicMerge:\n- p.yaml\n', 'app/p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other}\n' });
    assert.match(missing.error ?? '', /no matches for Id Deployment\.v1\.apps\/other\.\[noNs\]; failed to find unique target for patch/);
  });

  test('patchesJson6902 needs a target that matches', () => {
    const { objects } = render({ ...base, 'app/kustomization.yaml': 'resources: [deployment.yaml]\npatchesJson6902:\n- target: {group: apps, version: v1, kind: Deployment, name: nginx}\n  path: ops.yaml\n', 'app/ops.yaml': '- op: replace\n  path: /spec/template/spec/containers/0/image\n  value: nginx:2\n' });
    assert.equal((objects[0] as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0]!.image, 'nginx:2');
    const none = render({ ...base, 'app/kustomization.yaml': 'resources: [deployment.yaml]\npatchesJson6902:\n- target: {kind: Deployment, name: other}\n  path: ops.yaml\n', 'app/ops.yaml': '- {op: remove, path: /spec}\n' });
    assert.match(none.error ?? '', /patchesJson6902 target not found/);
  });

  test('openapi: a custom schema gives a custom resource\'s list a merge key', () => {
    const schema = JSON.stringify({
      definitions: {
        'example.Thing': {
          properties: { spec: { properties: { items: { type: 'array', items: { type: 'object' }, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' } } } },
          'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Thing' }],
        },
      },
    });
    const { objects, error } = render({
      'app/thing.yaml': 'apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: t}\nspec: {items: [{name: a, v: 1}, {name: b, v: 2}]}\n',
      'app/schema.json': schema,
      'app/kustomization.yaml': 'resources: [thing.yaml]\nopenapi: {path: schema.json}\npatchesStrategicMerge:\n- |-\n  apiVersion: example.com/v1\n  kind: Thing\n  metadata: {name: t}\n  spec: {items: [{name: a, v: 3}]}\n',
    });
    assert.equal(error, undefined);
    assert.deepEqual((objects[0] as { spec: unknown }).spec, { items: [{ name: 'a', v: 3 }, { name: 'b', v: 2 }] });
  });
});
