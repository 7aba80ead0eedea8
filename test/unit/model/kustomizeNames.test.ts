import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderKustomization, type RenderResult } from '../../../server/src/model/kustomize/build';
import type { KustomizeFileSystem } from '../../../server/src/model/kustomize/fileSystem';
import { defaultTransformerConfig, mergeTransformerConfigs, readTransformerConfig } from '../../../server/src/model/kustomize/transformerConfig';
import { idOf } from '../../../server/src/model/kustomize/resource';
import { nodeAt, scalarText, toPlain } from '../../../server/src/model/kustomize/tree';

// Cases written from kustomize's own tests (api/krusty namespaces_test, nameupdateinroleref_test,
// rolebindingacrossnamespace_test, basereusenameprefix_test, numericcommonlabels_test, inlinelabels_test,
// customconfig_test, blankvalues_test, api/filters/nameref and namespace tests) and its docs.

function render(files: Record<string, string>, root = '/app'): RenderResult {
  const fileSystem: KustomizeFileSystem = {
    readText: (path) => files[path],
    isDirectory: (path) => Object.keys(files).some((file) => file.startsWith(`${path}/`)),
  };
  return renderKustomization(root, fileSystem);
}

function objects(result: RenderResult): Record<string, unknown>[] {
  assert.equal(result.error?.message, undefined);
  return result.resources.map((resource) => toPlain(resource.node) as Record<string, unknown>);
}

function byName(result: RenderResult, kind: string, name: string): Record<string, unknown> {
  const found = objects(result).find((object) => object.kind === kind && (object.metadata as { name: string }).name === name);
  assert.ok(found, `${kind}/${name} is rendered`);
  return found;
}

const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';

describe('namespace, prefix and suffix with name references', () => {
  const result = render({
    '/app/kustomization.yaml': `${KUSTOMIZATION}namePrefix: p1-\nnameSuffix: -s1\nnamespace: newnamespace\nresources:\n- resources.yaml\n`,
    '/app/resources.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm1
---
apiVersion: v1
kind: Service
metadata:
  name: svc1
  namespace: ns1
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa1
  namespace: ns1
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      serviceAccountName: sa1
      volumes:
      - name: config
        configMap:
          name: cm1
      - name: other
        configMap:
          name: not-in-the-build
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: binding
subjects:
- kind: ServiceAccount
  name: sa1
  namespace: ns1
- kind: ServiceAccount
  name: sa3
  namespace: random
- kind: ServiceAccount
  name: default
  namespace: irrelevant
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: hook
webhooks:
- name: one
  clientConfig:
    service:
      name: svc1
      namespace: ns1
- name: two
  clientConfig:
    service:
      name: svc3
      namespace: random
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crds.my.org
spec:
  conversion:
    webhook:
      clientConfig:
        service:
          name: crd-svc
          namespace: random
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv1
---
apiVersion: v1
kind: Namespace
metadata:
  name: old
`,
  });

  test('namespaced objects move, cluster-scoped ones do not; names take the prefix and suffix', () => {
    assert.deepEqual((byName(result, 'ConfigMap', 'p1-cm1-s1').metadata as object), { name: 'p1-cm1-s1', namespace: 'newnamespace' });
    assert.deepEqual((byName(result, 'PersistentVolume', 'p1-pv1-s1').metadata as object), { name: 'p1-pv1-s1' });
    assert.deepEqual((byName(result, 'ValidatingWebhookConfiguration', 'p1-hook-s1').metadata as object), { name: 'p1-hook-s1' });
  });

  test('CRDs and Namespaces keep their names from the prefix; a v1 Namespace is renamed to the namespace', () => {
    const crd = byName(result, 'CustomResourceDefinition', 'crds.my.org');
    assert.deepEqual(crd.metadata, { name: 'crds.my.org' });
    assert.equal((nodeAt(result.resources.find((resource) => idOf(resource).kind === 'CustomResourceDefinition')!.node, 'spec', 'conversion', 'webhook', 'clientConfig', 'service', 'namespace') as { value: unknown }).value, 'newnamespace');
    byName(result, 'Namespace', 'newnamespace');
  });

  test('references follow the renamed objects; names not in the build are left alone', () => {
    const spec = (byName(result, 'Deployment', 'p1-web-s1').spec as { template: { spec: { serviceAccountName: string; volumes: { configMap: { name: string } }[] } } }).template.spec;
    assert.equal(spec.serviceAccountName, 'p1-sa1-s1');
    assert.deepEqual(spec.volumes.map((volume) => volume.configMap.name), ['p1-cm1-s1', 'not-in-the-build']);
  });

  test('subjects and webhook services take the new name and namespace; a subject named default moves with the namespace', () => {
    assert.deepEqual(byName(result, 'ClusterRoleBinding', 'p1-binding-s1').subjects, [
      { kind: 'ServiceAccount', name: 'p1-sa1-s1', namespace: 'newnamespace' },
      { kind: 'ServiceAccount', name: 'sa3', namespace: 'random' },
      { kind: 'ServiceAccount', name: 'default', namespace: 'newnamespace' },
    ]);
    const webhooks = byName(result, 'ValidatingWebhookConfiguration', 'p1-hook-s1').webhooks as { clientConfig: { service: object } }[];
    assert.deepEqual(webhooks.map((webhook) => webhook.clientConfig.service), [{ name: 'p1-svc1-s1', namespace: 'newnamespace' }, { name: 'svc3', namespace: 'random' }]);
  });

  test('a prefixed name and a fixed reference stay on the lines that wrote them; a namespace set by the overlay points at its namespace line', () => {
    const deployment = result.resources.find((resource) => idOf(resource).kind === 'Deployment')!;
    const name = nodeAt(deployment.node, 'metadata', 'name')!;
    // The object's own name line: findings about the object belong on it.
    assert.notEqual(name.origin?.file, '/app/kustomization.yaml');
    const volumes = nodeAt(deployment.node, 'spec', 'template', 'spec', 'volumes') as { items: unknown[] };
    const reference = nodeAt(volumes.items[0] as never, 'configMap', 'name');
    assert.equal(reference?.origin?.file, name.origin?.file, 'the reference as written, in the Deployment');
    assert.equal(scalarText(reference), scalarText(nodeAt(result.resources.find((resource) => idOf(resource).kind === 'ConfigMap')!.node, 'metadata', 'name')));
    const configMap = result.resources.find((resource) => idOf(resource).kind === 'ConfigMap')!;
    const namespace = nodeAt(configMap.node, 'metadata', 'namespace')!;
    assert.equal(namespace.origin?.file, '/app/kustomization.yaml');
    assert.equal(namespace.origin?.range.start.line, 4);
  });
});

describe('choosing among candidates', () => {
  test('a RoleBinding roleRef names the Role, not the ClusterRole of the same earlier name', () => {
    const result = render({
      '/app/kustomization.yaml': `${KUSTOMIZATION}namespace: foo\nnamePrefix: x-\nresources:\n- rbac.yaml\n`,
      '/app/rbac.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: my-role
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: my-role
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: b
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: my-role
subjects:
- kind: ServiceAccount
  name: default
`,
    });
    assert.deepEqual(byName(result, 'RoleBinding', 'x-b').roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'x-my-role' });
    assert.deepEqual(byName(result, 'RoleBinding', 'x-b').subjects, [{ kind: 'ServiceAccount', name: 'default', namespace: 'foo' }]);
  });

  test('one base reused under two prefixes: each copy names its own sibling', () => {
    const base = {
      '/app/shared/kustomization.yaml': `${KUSTOMIZATION}resources:\n- resources.yaml\n`,
      '/app/shared/resources.yaml': 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: postgres\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: postgres\nspec:\n  template:\n    spec:\n      volumes:\n      - name: data\n        persistentVolumeClaim:\n          claimName: postgres\n',
      '/app/one/kustomization.yaml': `${KUSTOMIZATION}namePrefix: one-\nresources:\n- ../shared\n`,
      '/app/two/kustomization.yaml': `${KUSTOMIZATION}namePrefix: two-\nresources:\n- ../shared\n`,
      '/app/kustomization.yaml': `${KUSTOMIZATION}resources:\n- one\n- two\n`,
    };
    const result = render(base);
    for (const prefix of ['one', 'two']) {
      const spec = (byName(result, 'Deployment', `${prefix}-postgres`).spec as { template: { spec: { volumes: { persistentVolumeClaim: { claimName: string } }[] } } }).template.spec;
      assert.equal(spec.volumes[0]!.persistentVolumeClaim.claimName, `${prefix}-postgres`);
    }
  });

  test('a subject two ServiceAccounts could be (same name, other namespaces) is kustomize\'s "found multiple possible referrals"', () => {
    const result = render({
      '/app/a/kustomization.yaml': `${KUSTOMIZATION}namespace: a\nresources:\n- sa.yaml\n`,
      '/app/a/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n',
      '/app/b/kustomization.yaml': `${KUSTOMIZATION}namespace: b\nresources:\n- sa.yaml\n`,
      '/app/b/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n',
      '/app/kustomization.yaml': `${KUSTOMIZATION}resources:\n- a\n- b\n- crb.yaml\n`,
      '/app/crb.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: crb\nsubjects:\n- kind: ServiceAccount\n  name: sa\n',
    });
    assert.match(result.error?.message ?? '', /found multiple possible referrals: ServiceAccount\.v1\.\[noGrp\]\/sa\.a, ServiceAccount\.v1\.\[noGrp\]\/sa\.b/);
  });

  test('candidates with other prefixes than the referrer are not its referrals', () => {
    const result = render({
      '/app/a/kustomization.yaml': `${KUSTOMIZATION}namePrefix: a-\nresources:\n- cm.yaml\n`,
      '/app/a/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n',
      '/app/b/kustomization.yaml': `${KUSTOMIZATION}namePrefix: b-\nresources:\n- cm.yaml\n`,
      '/app/b/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n',
      '/app/kustomization.yaml': `${KUSTOMIZATION}resources:\n- a\n- b\n- pod.yaml\n`,
      '/app/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n  - name: c\n    configMap:\n      name: cfg\n',
    });
    assert.deepEqual(byName(result, 'Pod', 'p').spec, { volumes: [{ name: 'c', configMap: { name: 'cfg' } }] });
  });

  test('a RoleBinding whose ServiceAccount subject has a blank namespace is kustomize\'s error', () => {
    const result = render({
      '/app/kustomization.yaml': `${KUSTOMIZATION}resources:\n- rb.yaml\n`,
      '/app/rb.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: test\nsubjects:\n- kind: ServiceAccount\n  name: test\n  namespace:\nroleRef:\n  kind: Role\n  name: test\n  apiGroup: rbac.authorization.k8s.io\n',
    });
    assert.match(result.error?.message ?? '', /Invalid Input: namespace is blank for resource/);
  });

  test('a RoleBinding names a ServiceAccount in the namespace its subject gives', () => {
    const result = render({
      '/app/ns1/kustomization.yaml': `${KUSTOMIZATION}namespace: namespace-1\nnamePrefix: p-\nresources:\n- sa.yaml\n`,
      '/app/ns1/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: account\n',
      '/app/ns2/kustomization.yaml': `${KUSTOMIZATION}namespace: namespace-2\nresources:\n- rb.yaml\n`,
      '/app/ns2/rb.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: r\nsubjects:\n- kind: ServiceAccount\n  name: account\n  namespace: namespace-1\n',
      '/app/kustomization.yaml': `${KUSTOMIZATION}resources:\n- ns1\n- ns2\n`,
    });
    assert.deepEqual(byName(result, 'RoleBinding', 'rb').subjects, [{ kind: 'ServiceAccount', name: 'p-account', namespace: 'namespace-1' }]);
  });
});

describe('labels and annotations', () => {
  test('commonLabels go to metadata, selectors, templates and claim templates; a number becomes its text', () => {
    const result = render({
      '/app/kustomization.yaml': `${KUSTOMIZATION}commonLabels:\n  version: 1\n  tier: "2"\ncommonAnnotations:\n  note: hi\nresources:\n- sts.yaml\n`,
      '/app/sts.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  template:\n    spec: {}\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n',
    });
    const sts = byName(result, 'StatefulSet', 's');
    const labels = { tier: '2', version: '1' };
    assert.deepEqual((sts.metadata as { labels: object }).labels, labels);
    assert.deepEqual(sts.spec, {
      selector: { matchLabels: labels },
      template: { metadata: { labels, annotations: { note: 'hi' } }, spec: {} },
      volumeClaimTemplates: [{ metadata: { name: 'data', labels } }],
    });
    assert.deepEqual((sts.metadata as { annotations: object }).annotations, { note: 'hi' });
  });

  test('a label added carries the origin of the kustomization value that wrote it', () => {
    const result = render({
      '/app/kustomization.yaml': `${KUSTOMIZATION}commonLabels:\n  app: web\nresources:\n- cm.yaml\n`,
      '/app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
    });
    const label = nodeAt(result.resources[0]!.node, 'metadata', 'labels', 'app')!;
    assert.equal(label.origin?.file, '/app/kustomization.yaml');
    assert.equal(label.origin?.range.start.line, 3);
    assert.equal(label.origin?.range.start.character, 7);
  });

  test('labels entries: metadata only by default, templates on request, claim templates only when asked', () => {
    const sts = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  selector:\n    matchLabels:\n      app: s\n  template:\n    metadata:\n      labels:\n        app: s\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n';
    const build = (options: string): Record<string, unknown> => byName(render({
      '/app/kustomization.yaml': `${KUSTOMIZATION}labels:\n- pairs:\n    foo: bar\n${options}resources:\n- sts.yaml\n`,
      '/app/sts.yaml': sts,
    }), 'StatefulSet', 's');
    const plain = build('');
    assert.deepEqual((plain.metadata as { labels: object }).labels, { foo: 'bar' });
    assert.deepEqual((plain.spec as { template: object }).template, { metadata: { labels: { app: 's' } } });
    const templates = build('  includeTemplates: true\n  includeVolumeClaimTemplates: false\n');
    assert.deepEqual((templates.spec as { template: object }).template, { metadata: { labels: { app: 's', foo: 'bar' } } });
    assert.deepEqual((templates.spec as { volumeClaimTemplates: object }).volumeClaimTemplates, [{ metadata: { name: 'data' } }]);
    assert.deepEqual((templates.spec as { selector: object }).selector, { matchLabels: { app: 's' } });
    const claims = build('  includeVolumeClaimTemplates: true\n');
    assert.deepEqual((claims.spec as { volumeClaimTemplates: object }).volumeClaimTemplates, [{ metadata: { name: 'data', labels: { foo: 'bar' } } }]);
  });

  test('a configurations file adds label fields for a custom kind', () => {
    const result = render({
      '/app/kustomization.yaml': `${KUSTOMIZATION}configurations:\n- config.yaml\ncommonLabels:\n  env: dev\nresources:\n- custom.yaml\n`,
      '/app/config.yaml': 'commonLabels:\n- path: spec/template/metadata/labels\n  create: true\n  kind: SampleResource\n',
      '/app/custom.yaml': 'apiVersion: custom.example.org/v1\nkind: SampleResource\nmetadata:\n  name: r\nspec: {}\n',
    });
    assert.deepEqual(byName(result, 'SampleResource', 'r').spec, { template: { metadata: { labels: { env: 'dev' } } } });
  });
});

describe('builtin transformers configured inline', () => {
  const rb = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\n  namespace: keep\nsubjects:\n- kind: ServiceAccount\n  name: worker\n  namespace: other\n- kind: User\n  name: default\n';
  const build = (options: string): RenderResult => render({
    '/app/kustomization.yaml': `${KUSTOMIZATION}resources:\n- rb.yaml\ntransformers:\n- |-\n  apiVersion: builtin\n  kind: NamespaceTransformer\n  metadata:\n    name: ns\n    namespace: test\n${options}`,
    '/app/rb.yaml': rb,
  });

  test('setRoleBindingSubjects: allServiceAccounts sets the ServiceAccount subjects only', () => {
    const result = build('  setRoleBindingSubjects: allServiceAccounts\n');
    assert.deepEqual(byName(result, 'RoleBinding', 'rb').subjects, [{ kind: 'ServiceAccount', name: 'worker', namespace: 'test' }, { kind: 'User', name: 'default' }]);
  });

  test('the default sets subjects named default; unsetOnly keeps a namespace already written', () => {
    const defaults = byName(build(''), 'RoleBinding', 'rb');
    assert.deepEqual(defaults.metadata, { name: 'rb', namespace: 'test' });
    assert.deepEqual(defaults.subjects, [{ kind: 'ServiceAccount', name: 'worker', namespace: 'other' }, { kind: 'User', name: 'default', namespace: 'test' }]);
    assert.deepEqual(byName(build('  unsetOnly: true\n'), 'RoleBinding', 'rb').metadata, { name: 'rb', namespace: 'keep' });
  });

  test('an unknown setRoleBindingSubjects is an error', () => {
    assert.match(build('  setRoleBindingSubjects: some\n').error?.message ?? '', /invalid value "some" for setRoleBindingSubjects/);
  });

  test('the legacy PrefixSuffixTransformer adds both', () => {
    const result = render({
      '/app/kustomization.yaml': `${KUSTOMIZATION}resources:\n- svc.yaml\ntransformers:\n- |-\n  apiVersion: builtin\n  kind: PrefixSuffixTransformer\n  metadata:\n    name: x\n  prefix: baked-\n  suffix: -pie\n  fieldSpecs:\n  - path: metadata/name\n`,
      '/app/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: apple\n',
    });
    byName(result, 'Service', 'baked-apple-pie');
  });
});

describe('transformer configurations', () => {
  test('name references merge per target kind, and the lists are sorted as kustomize sorts them', () => {
    const custom = readTransformerConfig('nameReference:\n- kind: Secret\n  version: v1\n  fieldSpecs:\n  - path: data/secretName\n    kind: ConfigMap\n- kind: Gizmo\n  fieldSpecs:\n  - path: spec/gizmo\n    kind: Widget\n', '/app/config.yaml');
    const merged = mergeTransformerConfigs(defaultTransformerConfig(), custom);
    const secret = merged.nameReference.filter((reference) => reference.kind === 'Secret');
    assert.equal(secret.length, 1);
    assert.ok(secret[0]!.fieldSpecs.some((spec) => spec.path === 'data/secretName' && spec.kind === 'ConfigMap'));
    const kinds = merged.nameReference.map((reference) => reference.kind);
    assert.ok(kinds.indexOf('ServiceAccount') < kinds.indexOf('ConfigMap') && kinds.indexOf('Deployment') < kinds.indexOf('Gizmo'));
  });

  test('the same field with another create flag is kustomize\'s "conflicting fieldspecs"', () => {
    const custom = readTransformerConfig('commonLabels:\n- path: metadata/labels\n', '/app/config.yaml');
    assert.throws(() => mergeTransformerConfigs(defaultTransformerConfig(), custom), /conflicting fieldspecs/);
  });
});
