/**
 * Cases ported from kustomize's own tests, api/krusty/*_test.go (files p to z) at kubernetes-sigs/kustomize: each
 * one writes the files the upstream test writes (paths relative to the built folder's parent, /app), builds the
 * folder it builds, and expects the objects it expects (compared as a multiset, as the conformance cases are) or a
 * failure whose message holds the fragments it checks.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderKustomization } from '../../../server/src/model/kustomize/build';
import { toPlain } from '../../../server/src/model/kustomize/tree';
import { memoryFiles } from '../../support/kustomizeFiles';
import { canonical, objectsOf } from '../../support/kustomizeObjects';
import { KUSTOMIZATION_HEADER } from '../../support/krustyCases';

interface KrustyCase {
  readonly files: Record<string, string>;
  /** The folder built, relative to /app. */
  readonly root?: string;
  /** The objects kustomize prints. */
  readonly expected?: string;
  /** The fragments of kustomize's message when the build fails. */
  readonly error?: readonly string[];
}

/** What kustomize's test harness's WriteK writes: the kustomization header, then the test's text. */
function k(body: string): string {
  return `${KUSTOMIZATION_HEADER}${body}`;
}

function run(krusty: KrustyCase): void {
  const root = krusty.root && krusty.root !== '.' ? `/app/${krusty.root}` : '/app';
  const result = renderKustomization(root, memoryFiles(krusty.files));
  if (krusty.error) {
    assert.ok(result.error, 'kustomize fails on this input; the render must fail too');
    for (const fragment of krusty.error) assert.ok(result.error.message.includes(fragment), `"${result.error.message}" says "${fragment}"`);
    return;
  }
  assert.equal(result.error?.message, undefined);
  assert.deepEqual(result.resources.map((resource) => canonical(toPlain(resource.node))).sort(), objectsOf(krusty.expected ?? ''));
}

function port(file: string, cases: Record<string, KrustyCase>): void {
  describe(file, () => {
    for (const [name, krusty] of Object.entries(cases)) test(name, () => run(krusty));
  });
}

port('patchdelete_test', {
  // Deleting an element that is not there adds nothing (the upstream test at the pinned commit expects this).
  TestPatchDeleteOfNotExistingAttributesShouldNotAddExtraElements: {
    files: {
      'resource.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: whatever
spec:
  template:
    spec:
      containers:
      - env:
        - name: EXISTING
          value: EXISTING_VALUE
        - name: FOR_REMOVAL
          value: FOR_REMOVAL_VALUE
        name: whatever
        image: helloworld
`,
      'patch.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: whatever
spec:
  template:
    spec:
      containers:
      - name: whatever
        env:
        - name: FOR_REMOVAL
          $patch: delete
        - name: NOT_EXISTING_FOR_REMOVAL
          $patch: delete
`,
      'kustomization.yaml': k(`
resources:
- resource.yaml
patches:
- path: patch.yaml
  target:
    kind: Deployment
`),
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: whatever
spec:
  template:
    spec:
      containers:
      - env:
        - name: EXISTING
          value: EXISTING_VALUE
        image: helloworld
        name: whatever
`,
  },
});

port('poddisruptionbudget_test', {
  TestPodDisruptionBudgetBasics: {
    files: {
      'pdbLiteral.yaml': 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: pdbLiteral\nspec:\n  maxUnavailable: 90\n',
      'pdbPercentage.yaml': 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: pdbPercentage\nspec:\n  maxUnavailable: 90%\n',
      'kustomization.yaml': k('resources:\n- pdbLiteral.yaml\n- pdbPercentage.yaml\n'),
    },
    expected: `
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: pdbLiteral
spec:
  maxUnavailable: 90
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: pdbPercentage
spec:
  maxUnavailable: 90%
`,
  },
  TestPodDisruptionBudgetMerging: {
    files: {
      'pdb-patch.yaml': 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: generic-pdb\nspec:\n  maxUnavailable: 1\n',
      'my_file.yaml': `
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: championships-api
  labels:
    faceit-pdb: default
spec:
  maxUnavailable: 100%
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: championships-api-2
  labels:
    faceit-pdb: default
spec:
  maxUnavailable: 100%
`,
      'kustomization.yaml': k(`
patches:
- path: pdb-patch.yaml
  target:
    kind: PodDisruptionBudget
    labelSelector: faceit-pdb=default

resources:
- my_file.yaml
`),
    },
    expected: `
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  labels:
    faceit-pdb: default
  name: championships-api
spec:
  maxUnavailable: 1
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  labels:
    faceit-pdb: default
  name: championships-api-2
spec:
  maxUnavailable: 1
`,
  },
});

port('repeatbase_test', {
  TestRepeatBase: {
    root: 'mango',
    files: {
      'base/kustomization.yaml': k('resources:\n  - deployment.yaml\n'),
      'base/deployment.yaml': `
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: banana
spec:
  selector:
    matchLabels:
      component: banana
  template:
    metadata:
      labels:
        component: banana
    spec:
      containers:
      - name: banana
        image: image
`,
      'canary/kustomization.yaml': k(`
resources:
  - ../base
patches:
- patch: |
    - op: replace
      path: /metadata/name
      value: banana-canary
  target: 
    kind: Deployment
- path: deployment-canary-patch.yaml
`),
      'canary/deployment-canary-patch.yaml': `
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: banana-canary
  labels:
    type: canary
spec:
  selector:
    matchLabels:
      component: banana
      type: canary
  template:
    metadata:
      labels:
        component: banana
        type: canary
    spec:
      containers:
      - name: banana
        image: image-canary
`,
      'mango/kustomization.yaml': k(`
nameSuffix: -mango
resources:
  - ../base
  - ../canary
patches:
- path: deployment-mango-base-patch.yaml
- path: deployment-mango-canary-patch.yaml
`),
      'mango/deployment-mango-base-patch.yaml': `
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: banana
spec:
  template:
    spec:
      containers:
      - name: banana
        image: image-mango
`,
      'mango/deployment-mango-canary-patch.yaml': `
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: banana-canary
spec:
  template:
    spec:
      containers:
      - name: banana
        image: image-canary-mango
`,
    },
    error: ['multiple matches for Id Deployment.v1.apps/banana.[noNs]; failed to find unique target for patch Deployment.v1.apps/banana.[noNs]'],
  },
});

const CONFLICT_BASE: Record<string, string> = {
  'base/kustomization.yaml': k(`
resources:
- serviceaccount.yaml
- rolebinding.yaml
- clusterrolebinding.yaml
- clusterrole.yaml
namePrefix: pfx-
nameSuffix: -sfx
`),
  'base/serviceaccount.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: serviceaccount\n',
  'base/rolebinding.yaml': `
apiVersion: rbac.authorization.k8s.io/v1beta1
kind: RoleBinding
metadata:
  name: rolebinding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: role
subjects:
- kind: ServiceAccount
  name: serviceaccount
`,
  'base/clusterrolebinding.yaml': `
apiVersion: rbac.authorization.k8s.io/v1beta1
kind: ClusterRoleBinding
metadata:
  name: rolebinding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: role
subjects:
- kind: ServiceAccount
  name: serviceaccount
`,
  'base/clusterrole.yaml': `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: role
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "watch", "list"]
`,
  'overlays/a/kustomization.yaml': k('resources:\n- ../../base\nnamePrefix: a-\nnameSuffix: -suffixA\n'),
  'overlays/b/kustomization.yaml': k('resources:\n- ../../base\nnamePrefix: b-\nnameSuffix: -suffixB\n'),
  'combined/kustomization.yaml': k('resources:\n- ../overlays/a\n- ../overlays/b\n'),
};

/** resourceconflict_test's expected output for the base seen through a prefix and suffix. */
function conflictOutput(prefix: string, suffix: string): string {
  const name = (base: string): string => `${prefix}pfx-${base}-sfx${suffix}`;
  const binding = (kind: string): string => `
apiVersion: rbac.authorization.k8s.io/v1beta1
kind: ${kind}
metadata:
  name: ${name('rolebinding')}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${name('role')}
subjects:
- kind: ServiceAccount
  name: ${name('serviceaccount')}
`;
  return `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name('serviceaccount')}
---${binding('RoleBinding')}---${binding('ClusterRoleBinding')}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name('role')}
rules:
- apiGroups:
  - ""
  resources:
  - secrets
  verbs:
  - get
  - watch
  - list
`;
}

port('resourceconflict_test', {
  TestBase: { root: 'base', files: CONFLICT_BASE, expected: conflictOutput('', '') },
  TestMidLevelA: { root: 'overlays/a', files: CONFLICT_BASE, expected: conflictOutput('a-', '-suffixA') },
  TestMidLevelB: { root: 'overlays/b', files: CONFLICT_BASE, expected: conflictOutput('b-', '-suffixB') },
  TestMultibasesNoConflict: { root: 'combined', files: CONFLICT_BASE, expected: `${conflictOutput('a-', '-suffixA')}---${conflictOutput('b-', '-suffixB')}` },
  TestMultibasesWithConflict: {
    root: 'combined',
    files: {
      ...CONFLICT_BASE,
      'overlays/a/kustomization.yaml': k('namePrefix: a-\nnameSuffix: -suffixA\nresources:\n- serviceaccount.yaml\n- ../../base\n'),
      'overlays/a/serviceaccount.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: serviceaccount\n',
    },
    // Older kustomize reported the clash from its resource map; v5 finds it when resolving the subjects' name.
    error: ['multiple'],
  },
});

port('simple_test', {
  TestSimple1: {
    files: {
      'dep.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: clown\nspec:\n  numReplicas: 1\n',
      'patch.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: clown\nspec:\n  numReplicas: 999\n',
      'kustomization.yaml': k('resources:\n- dep.yaml\npatchesStrategicMerge:\n- patch.yaml\n'),
    },
    expected: 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: clown\nspec:\n  numReplicas: 999\n',
  },
});

const SORT_ORDER_RESOURCES = ['Service papaya', 'Role banana', 'ValidatingWebhookConfiguration pomegranate', 'LimitRange peach', 'Deployment pear', 'Namespace apple', 'Secret quince', 'Ingress durian', 'ConfigMap apricot']
  .map((entry) => `apiVersion: v1\nkind: ${entry.split(' ')[0]}\nmetadata:\n  name: ${entry.split(' ')[1]}\n`)
  .join('---\n');

/** sortordertransformer_test's base with the given kustomization body (the order itself is not compared here). */
function sortOrderCase(body: string, error?: string): KrustyCase {
  return {
    root: 'base',
    files: { 'base/kustomization.yaml': k(`resources:\n- resources.yaml\n${body}`), 'base/resources.yaml': SORT_ORDER_RESOURCES },
    ...(error ? { error: [error] } : { expected: SORT_ORDER_RESOURCES }),
  };
}

port('sortordertransformer_test', {
  TestCustomOrdering: sortOrderCase(`
sortOptions:
  order: legacy
  legacySortOptions:
    orderFirst:
    - MutatingWebhookConfiguration
    - ValidatingWebhookConfiguration
    - ResourceQuota
    - Role
    - ConfigMap
    - Secret
    orderLast:
    - Namespace
    - Deployment
`),
  TestDefaultLegacyOrdering: sortOrderCase('sortOptions:\n  order: legacy\n'),
  TestFIFOOrdering: sortOrderCase('sortOptions:\n  order: fifo\n'),
  TestInvalidLegacySortOptionsWithoutOrderKey: sortOrderCase('sortOptions:\n  legacySortOptions: {}\n', "the field 'sortOptions.order' must be one of [fifo, legacy]"),
  TestInvalidLegacySortOptionsWithFIFOOrder: sortOrderCase(
    'sortOptions:\n  order: fifo\n  legacySortOptions: {}\n',
    "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'",
  ),
  TestChildKustomizationSortOrder: {
    root: 'overlay',
    files: {
      ...sortOrderCase('sortOptions:\n  order: legacy\n').files,
      'overlay/kustomization.yaml': k('resources:\n- ../base\n\nsortOptions:\n  order: fifo\n'),
    },
    expected: SORT_ORDER_RESOURCES,
  },
  TestSortOrderGivenAsTransformer: {
    root: 'base',
    files: {
      ...sortOrderCase('transformers:\n- sort_order.yaml\n').files,
      'base/sort_order.yaml': 'apiVersion: builtin\nkind: SortOrderTransformer\nmetadata:\n  name: notImportantHere\nsortOptions:\n  order: fifo',
    },
    error: ['unable to load builtin SortOrderTransformer.[noVer].builtin'],
  },
});

port('stringquoteblank_test', {
  TestLongLineBreaks: {
    files: {
      'deployment.yaml': `
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: test
spec:
  template:
    spec:
      containers:
      - name: mariadb
        image: test
        env:
        - name: SHORT_STRING
          value: short_string
        - name: SHORT_STRING_WITH_SINGLE_QUOTE
          value: 'short_string'
        - name: SHORT_STRING_WITH_DOUBLE_QUOTE
          value: "short_string"
        - name: SHORT_STRING_BLANK
          value: short string
        - name: LONG_STRING_BLANK
          value: Lorem ipsum dolor sit amet, consectetur adipiscing elit. Maecenas suscipit ex non molestie varius.
        - name: LONG_STRING_BLANK_WITH_SINGLE_QUOTE
          value: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Maecenas suscipit ex non molestie varius.'
        - name: LONG_STRING_BLANK_WITH_DOUBLE_QUOTE
          value: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Maecenas suscipit ex non molestie varius."
        - name: INVALID_PLAIN_STYLE_STRING
          value: ': test'
`,
      'kustomization.yaml': k('resources:\n- deployment.yaml\n'),
    },
    expected: `
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: test
spec:
  template:
    spec:
      containers:
      - env:
        - name: SHORT_STRING
          value: short_string
        - name: SHORT_STRING_WITH_SINGLE_QUOTE
          value: short_string
        - name: SHORT_STRING_WITH_DOUBLE_QUOTE
          value: short_string
        - name: SHORT_STRING_BLANK
          value: short string
        - name: LONG_STRING_BLANK
          value: Lorem ipsum dolor sit amet, consectetur adipiscing elit. Maecenas
            suscipit ex non molestie varius.
        - name: LONG_STRING_BLANK_WITH_SINGLE_QUOTE
          value: Lorem ipsum dolor sit amet, consectetur adipiscing elit. Maecenas
            suscipit ex non molestie varius.
        - name: LONG_STRING_BLANK_WITH_DOUBLE_QUOTE
          value: Lorem ipsum dolor sit amet, consectetur adipiscing elit. Maecenas
            suscipit ex non molestie varius.
        - name: INVALID_PLAIN_STYLE_STRING
          value: ': test'
        image: test
        name: mariadb
`,
  },
});

const ACROSS_NAMESPACE_RESOURCES = `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-sa1
  namespace: ns1
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-sa2
  namespace: ns2
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-sa3
  namespace: ns3
---
apiVersion: v1
kind: NotServiceAccount
metadata:
  name: my-nsa
  namespace: ns1
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: my-role
  namespace: ns2
rules:
  - apiGroups:
      - '*'
    resources:
      - '*'
    verbs:
      - '*'
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: my-role-binding
  namespace: ns2
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: my-role
subjects:
  - kind: ServiceAccount
    name: my-sa1
    namespace: ns1
  - kind: ServiceAccount
    name: my-sa2
    namespace: ns2
  - kind: ServiceAccount
    name: my-sa3
    namespace: ns3
  - kind: NotServiceAccount
    name: my-nsa
    namespace: ns1
`;

const ROLE_IN = (namespace: string, other: string): Record<string, string> => ({
  [`${namespace}/kustomization.yaml`]: k(`namespace: namespace-${namespace.slice(2)}\nresources:\n- role-${namespace}.yaml\n- rolebinding-${namespace}.yaml\n`),
  [`${namespace}/role-${namespace}.yaml`]: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: testRole\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"]\n',
  [`${namespace}/rolebinding-${namespace}.yaml`]: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: testRoleBinding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: testRole
subjects:
  - kind: ServiceAccount
    name: testAccount
    namespace: ${other}
`,
});

const ROLE_OUT = (namespace: string, other: string): string => `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: testRole
  namespace: ${namespace}
rules:
- apiGroups:
  - ""
  resources:
  - pods
  verbs:
  - get
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: testRoleBinding
  namespace: ${namespace}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: testRole
subjects:
- kind: ServiceAccount
  name: testAccount
  namespace: ${other}
`;

port('rolebindingacrossnamespace_test', {
  TestRoleBindingAcrossNamespace: {
    files: { 'kustomization.yaml': k('resources:\n- resource.yaml\nnameSuffix: -ns2\n'), 'resource.yaml': ACROSS_NAMESPACE_RESOURCES },
    expected: `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-sa1-ns2
  namespace: ns1
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-sa2-ns2
  namespace: ns2
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-sa3-ns2
  namespace: ns3
---
apiVersion: v1
kind: NotServiceAccount
metadata:
  name: my-nsa-ns2
  namespace: ns1
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: my-role-ns2
  namespace: ns2
rules:
- apiGroups:
  - '*'
  resources:
  - '*'
  verbs:
  - '*'
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: my-role-binding-ns2
  namespace: ns2
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: my-role-ns2
subjects:
- kind: ServiceAccount
  name: my-sa1-ns2
  namespace: ns1
- kind: ServiceAccount
  name: my-sa2-ns2
  namespace: ns2
- kind: ServiceAccount
  name: my-sa3-ns2
  namespace: ns3
- kind: NotServiceAccount
  name: my-nsa
  namespace: ns1
`,
  },
  TestRoleBindingAcrossNamespaceWoSubjects: {
    files: {
      'kustomization.yaml': k('resources:\n- resource.yaml\nnameSuffix: -ns2\n'),
      'resource.yaml': `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-sa1
  namespace: ns1
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: my-role
  namespace: ns2
rules:
  - apiGroups:
      - '*'
    resources:
      - '*'
    verbs:
      - '*'
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: my-role-binding
  namespace: ns2
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: my-role
`,
    },
    expected: `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-sa1-ns2
  namespace: ns1
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: my-role-ns2
  namespace: ns2
rules:
- apiGroups:
  - '*'
  resources:
  - '*'
  verbs:
  - '*'
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: my-role-binding-ns2
  namespace: ns2
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: my-role-ns2
`,
  },
  TestRoleBindingWhenSubjectsAcrossNamespace: {
    files: { 'kustomization.yaml': k('resources:\n- ./ns1\n- ./ns2\n'), ...ROLE_IN('ns1', 'namespace-2'), ...ROLE_IN('ns2', 'namespace-1') },
    expected: `${ROLE_OUT('namespace-1', 'namespace-2')}---${ROLE_OUT('namespace-2', 'namespace-1')}`,
  },
});

port('transformersarrays_test', {
  // commonLabels reach volumeClaimTemplates' metadata, but never create a list.
  TestTransformersNoCreateArrays: {
    files: {
      'kustomization.yaml': k('commonLabels:\n  notIn: arrays\nresources:\n- statefulset.yaml\n- statefulset-with-template.yaml\n'),
      'statefulset.yaml': `
kind: StatefulSet
apiVersion: apps/v1
metadata:
  name: test
  labels:
    notIn: arrays
spec:
  serviceName: test
  replicas: 1
  selector:
    matchLabels:
      app: test
  template:
    metadata:
      labels:
        app: test
    spec:
      containers:
      - name: nginx
        image: k8s.gcr.io/nginx-slim:0.8
        ports:
        - containerPort: 80
          name: web
`,
      'statefulset-with-template.yaml': `
kind: StatefulSet
apiVersion: apps/v1
metadata:
  name: persisted-test
  labels:
    notIn: arrays
spec:
  serviceName: test
  replicas: 1
  selector:
    matchLabels:
      app: test
  template:
    metadata:
      labels:
        app: test
    spec:
      containers:
      - name: nginx
        image: k8s.gcr.io/nginx-slim:0.8
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
        - name: data
          mountPath: /usr/share/nginx/data
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: my-storage-class
      resources:
        requests:
          storage: 1Gi
  - metadata:
      name: data
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: my-storage-class
      resources:
        requests:
          storage: 100Gi
`,
    },
    expected: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  labels:
    notIn: arrays
  name: test
spec:
  replicas: 1
  selector:
    matchLabels:
      app: test
      notIn: arrays
  serviceName: test
  template:
    metadata:
      labels:
        app: test
        notIn: arrays
    spec:
      containers:
      - image: k8s.gcr.io/nginx-slim:0.8
        name: nginx
        ports:
        - containerPort: 80
          name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  labels:
    notIn: arrays
  name: persisted-test
spec:
  replicas: 1
  selector:
    matchLabels:
      app: test
      notIn: arrays
  serviceName: test
  template:
    metadata:
      labels:
        app: test
        notIn: arrays
    spec:
      containers:
      - image: k8s.gcr.io/nginx-slim:0.8
        name: nginx
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - mountPath: /usr/share/nginx/html
          name: www
        - mountPath: /usr/share/nginx/data
          name: data
  volumeClaimTemplates:
  - metadata:
      labels:
        notIn: arrays
      name: www
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 1Gi
      storageClassName: my-storage-class
  - metadata:
      labels:
        notIn: arrays
      name: data
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 100Gi
      storageClassName: my-storage-class
`,
  },
});

const IMAGES = `
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
`;

/** The three specs of transformersimage_test's custom objects, under the given kind and container fields. */
function imageSpecs(kind: string, containers: string, initContainers: string): string {
  return `
kind: ${kind}
metadata:
  name: ${kind === 'randomKind' ? 'random' : 'custom'}
spec:
  template:
    spec:
      ${containers}:
      - name: ngnix1
        image: nginx
spec2:
  template:
    spec:
      ${containers}:
      - name: nginx3
        image: nginx:v1
      - name: nginx4
        image: my-nginx:latest
spec3:
  template:
    spec:
      ${initContainers}:
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
`;
}

port('transformersimage_test', {
  TestIssue1281_JsonPatchAndImageTag: {
    files: {
      'kustomization.yaml': k(`
resources:
- deployment.yaml

images:
- name: abbott
  newTag: v2
- name: costello
  newTag: v8

patchesJson6902:
- target:
    group: apps
    version: v1
    kind: Deployment
    name: ben
  path: patch.json
`),
      'deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ben
spec:
  template:
    spec:
      dnsPolicy: "None"
      containers:
      - name: awesome
        image: abbott
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: alice
spec:
  template:
    spec:
      containers:
      - name: tomato
        image: abbott
`,
      'patch.json': `
[ {"op": "add",
   "path": "/spec/replica", "value": "3"},
  {"op": "replace",
   "path": "/spec/template/spec/containers/0",
   "value": { "image": "costello" } } ]
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ben
spec:
  replica: "3"
  template:
    spec:
      containers:
      - image: costello:v8
      dnsPolicy: None
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: alice
spec:
  template:
    spec:
      containers:
      - image: abbott:v2
        name: tomato
`,
  },
  // The default field specs reach any kind's containers (and, through the legacy walk, spec2 and spec3 too).
  TestTransfomersImageDefaultConfig: {
    root: 'base',
    files: {
      'base/kustomization.yaml': k(`resources:\n- deploy1.yaml\n- random.yaml\n${IMAGES}`),
      'base/deploy1.yaml': `
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
      'base/random.yaml': imageSpecs('randomKind', 'containers', 'initContainers'),
    },
    expected: `
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
`,
  },
  // Field specs for kind Custom do not select kind customKind: nothing changes.
  TestTransfomersImageCustomConfig: {
    root: 'base',
    files: {
      'base/kustomization.yaml': k(`resources:\n- custom.yaml\nconfigurations:\n- config/custom.yaml\n${IMAGES}`),
      'base/custom.yaml': imageSpecs('customKind', 'myContainers', 'myInitContainers'),
      'base/config/custom.yaml': `
images:
- kind: Custom
  path: spec/template/spec/myContainers[]/image
- kind: Custom
  path: spec2/template/spec/myContainers[]/image
- kind: Custom
  path: spec3/template/spec/myInitContainers[]/image
`,
    },
    expected: imageSpecs('customKind', 'myContainers', 'myInitContainers'),
  },
  TestTransfomersImageKnativeConfig: {
    root: 'base',
    files: {
      'base/kustomization.yaml': k('resources:\n- knative.yaml\nconfigurations:\n- config/knative.yaml\nimages:\n- name: solsa-echo\n  newTag: foo\n'),
      'base/knative.yaml': `
apiVersion: serving.knative.dev/v1alpha1
kind: Service
metadata:
  name: echo
spec:
  runLatest:
    configuration:
      revisionTemplate:
        spec:
          container:
            image: solsa-echo
`,
      'base/config/knative.yaml': `
images:
- path: spec/runLatest/configuration/revisionTemplate/spec/container/image
  group: serving.knative.dev
  version: v1alpha1
  kind: Service
`,
    },
    expected: `
apiVersion: serving.knative.dev/v1alpha1
kind: Service
metadata:
  name: echo
spec:
  runLatest:
    configuration:
      revisionTemplate:
        spec:
          container:
            image: solsa-echo:foo
`,
  },
  // A name that is not a valid regular expression matches nothing; the build goes on.
  TestTransfomersImageInvalidNameRegexp: {
    files: {
      'kustomization.yaml': k('resources:\n- deploy.yaml\nimages:\n- name: "["\n  newTag: v2\n'),
      'deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deploy\nspec:\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.7.9\n',
    },
    expected: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deploy\nspec:\n  template:\n    spec:\n      containers:\n      - image: nginx:1.7.9\n        name: nginx\n',
  },
});

port('validatingwebhook_test', {
  // The overlay deletes its webhook configuration; the remaining one's service reference still ends in the
  // overlay's namespace, as the upstream test at the pinned commit expects.
  TestValidatingWebhookCombinedNamespaces: {
    root: 'combined',
    files: {
      'base/kustomization.yaml': k('resources:\n- service.yaml\n- validatingwebhook.yaml\n'),
      'base/service.yaml': `
apiVersion: v1
kind: Service
metadata:
  name: admission
  namespace: base-namespace
spec:
  type: ClusterIP
  ports:
    - name: https-webhook
      port: 443
      targetPort: webhook
`,
      'base/validatingwebhook.yaml': `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: validatingwebhook
webhooks:
  - name: validate
    matchPolicy: Equivalent
    rules:
      - apiGroups:
          - networking.k8s.io
        apiVersions:
          - v1beta1
        operations:
          - CREATE
          - UPDATE
        resources:
          - ingresses
    failurePolicy: Fail
    sideEffects: None
    admissionReviewVersions:
      - v1
      - v1beta1
    clientConfig:
      service:
        namespace: base-namespace
        name: admission
        path: /networking/v1beta1/ingresses
`,
      'overlay/kustomization.yaml': k('namespace: merge-namespace\nresources:\n- ../base\npatchesStrategicMerge:\n- validatingwebhookdelete.yaml\n'),
      'overlay/validatingwebhookdelete.yaml': 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: validatingwebhook\n$patch: delete\n',
      'combined/kustomization.yaml': k('resources:\n- ../base\n- ../overlay\n'),
    },
    expected: `
apiVersion: v1
kind: Service
metadata:
  name: admission
  namespace: base-namespace
spec:
  ports:
  - name: https-webhook
    port: 443
    targetPort: webhook
  type: ClusterIP
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: validatingwebhook
webhooks:
- admissionReviewVersions:
  - v1
  - v1beta1
  clientConfig:
    service:
      name: admission
      namespace: merge-namespace
      path: /networking/v1beta1/ingresses
  failurePolicy: Fail
  matchPolicy: Equivalent
  name: validate
  rules:
  - apiGroups:
    - networking.k8s.io
    apiVersions:
    - v1beta1
    operations:
    - CREATE
    - UPDATE
    resources:
    - ingresses
  sideEffects: None
---
apiVersion: v1
kind: Service
metadata:
  name: admission
  namespace: merge-namespace
spec:
  ports:
  - name: https-webhook
    port: 443
    targetPort: webhook
  type: ClusterIP
`,
  },
});

const REPLACEMENT_DEPLOYMENT = `
apiVersion: apps/v1
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

const REPLACED_DEPLOYMENT = REPLACEMENT_DEPLOYMENT.replace('postgres:1.8.0', 'foobar:1');

/** A Deployment of one nginx container with the given image. */
function nginx(name: string, image: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n      - image: ${image}\n        name: nginx\n`;
}

const DIAMOND_REPLACEMENT = (prefix: string, source: string): string => `
source:
  name: ${prefix}-${source}
  fieldPath: spec.template.spec.containers.0.image
targets:
- select:
    name: ${prefix}-deploy
  fieldPaths:
  - spec.template.spec.containers.[name=nginx].image
`;

const ONE_CONTAINER_APP = (name: string, image: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
        - image: ${image}
          name: app
`;

port('replacementtransformer_test', {
  TestReplacementsField: {
    files: {
      'kustomization.yaml': k(`
resources:
- resource.yaml

replacements:
- source:
    kind: Deployment
    fieldPath: spec.template.spec.containers.0.image
  targets:
  - select:
      kind: Deployment
    fieldPaths:
    - spec.template.spec.containers.1.image
`),
      'resource.yaml': REPLACEMENT_DEPLOYMENT,
    },
    expected: REPLACED_DEPLOYMENT,
  },
  TestReplacementsFieldWithPath: {
    files: {
      'kustomization.yaml': k('resources:\n- resource.yaml\n\nreplacements:\n- path: replacement.yaml\n'),
      'replacement.yaml': `
source: 
  kind: Deployment
  fieldPath: spec.template.spec.containers.0.image
targets:
- select:
    kind: Deployment
  fieldPaths: 
  - spec.template.spec.containers.1.image
`,
      'resource.yaml': REPLACEMENT_DEPLOYMENT,
    },
    expected: REPLACED_DEPLOYMENT,
  },
  TestReplacementsFieldWithPathMultiple: {
    files: {
      'kustomization.yaml': k('resources:\n- resource.yaml\n\nreplacements:\n- path: replacement.yaml\n'),
      'replacement.yaml': `
- source: 
    kind: Deployment
    fieldPath: spec.template.spec.containers.0.image
  targets:
  - select:
      kind: Deployment
    fieldPaths: 
    - spec.template.spec.containers.1.image
- source: 
    kind: Deployment
    fieldPath: spec.template.spec.containers.0.name
  targets:
  - select:
      kind: Deployment
    fieldPaths: 
    - spec.template.spec.containers.1.name
`,
      'resource.yaml': REPLACEMENT_DEPLOYMENT,
    },
    expected: REPLACED_DEPLOYMENT.replace('name: postgresdb', 'name: replaced-with-digest'),
  },
  TestReplacementTransformerWithDiamondShape: {
    files: {
      'base/deployments.yaml': [nginx('deploy', 'nginx:1.7.9'), nginx('sourceA', 'nginx:newtagA'), nginx('sourceB', 'nginx:newtagB')].join('---\n'),
      'base/kustomization.yaml': k('resources:\n- deployments.yaml\n'),
      'a/kustomization.yaml': k('namePrefix: a-\nresources:\n- ../base\nreplacements:\n- path: replacement.yaml\n'),
      'a/replacement.yaml': DIAMOND_REPLACEMENT('a', 'sourceA'),
      'b/kustomization.yaml': k('namePrefix: b-\nresources:\n- ../base\nreplacements:\n- path: replacement.yaml\n'),
      'b/replacement.yaml': DIAMOND_REPLACEMENT('b', 'sourceB'),
      'kustomization.yaml': k('resources:\n- a\n- b\n'),
    },
    expected: [
      nginx('a-deploy', 'nginx:newtagA'), nginx('a-sourceA', 'nginx:newtagA'), nginx('a-sourceB', 'nginx:newtagB'),
      nginx('b-deploy', 'nginx:newtagB'), nginx('b-sourceA', 'nginx:newtagA'), nginx('b-sourceB', 'nginx:newtagB'),
    ].join('---\n'),
  },
  // Selectors match a name the object had before the top's prefix (and the source its original name).
  TestReplacementTransformerWithOriginalName: {
    files: {
      'base/deployments.yaml': [nginx('target', 'nginx:oldtag'), nginx('source', 'nginx:newtag')].join('---\n'),
      'base/kustomization.yaml': k('resources:\n- deployments.yaml\n'),
      'overlay/kustomization.yaml': k('namePrefix: prefix1-\nresources:\n- ../base\n'),
      'kustomization.yaml': k('namePrefix: prefix2-\nresources:\n- overlay\nreplacements:\n- path: replacement.yaml\n'),
      'replacement.yaml': `
source:
  name: source
  fieldPath: spec.template.spec.containers.0.image
targets:
- select:
    name: prefix1-target
  fieldPaths:
  - spec.template.spec.containers.[name=nginx].image
`,
    },
    expected: [nginx('prefix2-prefix1-target', 'nginx:newtag'), nginx('prefix2-prefix1-source', 'nginx:newtag')].join('---\n'),
  },
  TestReplacementTransformerWithNamePrefixOverlay: {
    files: {
      'base/kustomization.yaml': k(`
generatorOptions:
 disableNameSuffixHash: true
configMapGenerator:
- name: blue
- name: red
replacements:
- source:
    kind: ConfigMap
    name: blue
    fieldPath: metadata.name
  targets:
  - select:
      name: red
    fieldPaths:
    - data.blue-name
    options:
      create: true
`),
      'kustomization.yaml': k('namePrefix: overlay-\nresources:\n- base\n'),
    },
    expected: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: overlay-blue\n---\napiVersion: v1\ndata:\n  blue-name: blue\nkind: ConfigMap\nmetadata:\n  name: overlay-red\n',
  },
  TestReplacementTransformerWithNamespaceOverlay: {
    files: {
      'base/kustomization.yaml': k(`
namespace: base-namespace
generatorOptions:
 disableNameSuffixHash: true
configMapGenerator:
- name: blue
- name: red
replacements:
- source:
    kind: ConfigMap
    name: blue
    fieldPath: metadata.namespace
  targets:
  - select:
      name: red
    fieldPaths:
    - data.blue-namespace
    options:
      create: true
`),
      'kustomization.yaml': k('namespace: overlay-namespace\nresources:\n- base\n'),
    },
    expected: `
apiVersion: v1
kind: ConfigMap
metadata:
  name: blue
  namespace: overlay-namespace
---
apiVersion: v1
data:
  blue-namespace: base-namespace
kind: ConfigMap
metadata:
  name: red
  namespace: overlay-namespace
`,
  },
  // The replacement runs before the hash suffixes, which then hash the replaced data.
  TestReplacementTransformerWithConfigMapGenerator: {
    files: {
      'kustomization.yaml': k(`
configMapGenerator:
- name: blue
- name: red
replacements:
- source:
    kind: ConfigMap
    name: blue
    fieldPath: metadata.name
  targets:
  - select:
      name: red
    fieldPaths:
    - data.blue-name
    options:
      create: true
`),
    },
    expected: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blue-6ct58987ht\n---\napiVersion: v1\ndata:\n  blue-name: blue\nkind: ConfigMap\nmetadata:\n  name: red-dc6gc5btkc\n',
  },
  TestReplacementTransformerWithSuffixTransformerAndReject: {
    root: 'overlay',
    files: {
      'base/app.yaml': ONE_CONTAINER_APP('original-name', 'app1:1.0'),
      'base/kustomization.yaml': k('resources:\n  - app.yaml\n'),
      'overlay/kustomization.yaml': k(`
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

nameSuffix: -dev
resources:
  - ../base

configMapGenerator:
  - name: app-config
    literals:
      - name=something-else

replacements:
  - source:
      kind: ConfigMap
      name: app-config
      fieldPath: data.name
    targets:
      - fieldPaths:
          - spec.template.spec.containers.0.name
        select:
          kind: Deployment
        reject:
          - name: original-name
`),
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: original-name-dev
spec:
  template:
    spec:
      containers:
      - image: app1:1.0
        name: app
---
apiVersion: v1
data:
  name: something-else
kind: ConfigMap
metadata:
  name: app-config-dev-97544dk6t8
`,
  },
  // Selector fields are anchored regular expressions; index -1 with a delimiter prepends.
  TestReplacementTransformerAppendToAnnotationUsingRegex: {
    root: 'base',
    files: {
      'base/app1.yaml': ONE_CONTAINER_APP('d1', 'app1:1.0'),
      'base/app2.yaml': ONE_CONTAINER_APP('d2', 'app2:1.0'),
      'base/cm1.yaml': 'apiVersion: apps/v1\nkind: ConfigMap\nmetadata:\n  name: cm1\n',
      'base/cm2.yaml': 'apiVersion: apps/v1\nkind: ConfigMap\nmetadata:\n  name: cm2\n',
      'base/pg1.yaml': 'apiVersion: apps/v1\nkind: postgresql\nmetadata:\n  name: pg1\n',
      'base/kustomization.yaml': k(`
resources:
- app1.yaml
- app2.yaml
- cm1.yaml
- cm2.yaml
- pg1.yaml

replacements:
  - source:
      kind: ConfigMap
      name: cm1
    targets:
      - reject:
          - kind: ConfigMap
            name: c.1
        select:
          kind: Deployment|ConfigMap|postgresql
        fieldPaths:
          - metadata.annotations.visitedby
        options:
          index: -1
          delimiter: ","
          create: true
  - source:
      kind: ConfigMap
      name: cm2
    targets:
      - reject:
          - kind: ConfigMap
            name: .*2
        select:
          kind: Deployment|ConfigMap|postgresql
        fieldPaths:
          - metadata.annotations.visitedby
        options:
          index: -1
          delimiter: ","
          create: true
`),
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    visitedby: cm2,cm1,
  name: d1
spec:
  template:
    spec:
      containers:
      - image: app1:1.0
        name: app
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    visitedby: cm2,cm1,
  name: d2
spec:
  template:
    spec:
      containers:
      - image: app2:1.0
        name: app
---
apiVersion: apps/v1
kind: ConfigMap
metadata:
  annotations:
    visitedby: cm2,
  name: cm1
---
apiVersion: apps/v1
kind: ConfigMap
metadata:
  annotations:
    visitedby: cm1,
  name: cm2
---
apiVersion: apps/v1
kind: postgresql
metadata:
  annotations:
    visitedby: cm2,cm1,
  name: pg1
`,
  },
  TestReplacementTransformerServiceNamespaceUrlUsingRegex: {
    root: 'base',
    files: {
      'base/d1.yaml': serviceUrlWorkload('Deployment', 'd1', '"d1.app1"'),
      'base/d2.yaml': serviceUrlWorkload('DaemonSet', 'd2', '"d2.app1"'),
      'base/sts1.yaml': serviceUrlWorkload('StatefulSet', 'sts1', '"app1"'),
      'base/cm1.yaml': 'apiVersion: apps/v1\nkind: ConfigMap\nmetadata:\n  name: cm1\ndata:\n  APP1_SERVICE_PORT: "8080"\n',
      'base/svc1.yaml': `
apiVersion: v1
kind: Service
metadata:
  name: svc1
  namespace: svc1-namespace
spec:
  selector:
    app.kubernetes.io/name: app1
  ports:
    - protocol: TCP
      port: 80
      targetPort: 9376

`,
      'base/kustomization.yaml': k(`
resources:
- d1.yaml
- d2.yaml
- sts1.yaml
- cm1.yaml
- svc1.yaml

replacements:
  - source:
      kind: Service
      name: svc1
      fieldPath: metadata.namespace
    targets:
      - select:
          kind: Deployment|.*Set
        fieldPaths:
          - spec.template.spec.containers.*.env.[name=APP1_SERVICE].value
        options:
          index: 99
          delimiter: "."
  - source:
      kind: ConfigMap
      name: cm1
      fieldPath: data.APP1_SERVICE_PORT
    targets:
      - select:
          kind: Deployment|.*Set
        fieldPaths:
          - spec.template.spec.containers.*.env.[name=APP1_SERVICE].value
        options:
          index: 99
          delimiter: ":"
`),
    },
    expected: `${serviceUrlWorkload('Deployment', 'd1', 'd1.app1.svc1-namespace:8080')}---${serviceUrlWorkload('DaemonSet', 'd2', 'd2.app1.svc1-namespace:8080')}---${serviceUrlWorkload('StatefulSet', 'sts1', 'app1.svc1-namespace:8080')}---
apiVersion: apps/v1
data:
  APP1_SERVICE_PORT: "8080"
kind: ConfigMap
metadata:
  name: cm1
---
apiVersion: v1
kind: Service
metadata:
  name: svc1
  namespace: svc1-namespace
spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: 9376
  selector:
    app.kubernetes.io/name: app1
`,
  },
  TestReplacementTransformerWithSuffixTransformerAndRejectUsingRegex: {
    root: 'overlay',
    files: {
      'base/app.yaml': ONE_CONTAINER_APP('original-name', 'app1:1.0'),
      'base/kustomization.yaml': k('resources:\n  - app.yaml\n'),
      'overlay/kustomization.yaml': k(`
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

nameSuffix: -dev
namePrefix: pre-
resources:
  - ../base

configMapGenerator:
  - name: app-config
    literals:
      - name=something-else

replacements:
- source:
    kind: ConfigMap
    name: app-config
    fieldPath: data.name
  targets:
    - reject:
        - name: .*original.*
      select:
        kind: Deployment
      fieldPaths:
        - spec.template.spec.containers.0.name
    - select:
        kind: ConfigMap
        name: app-config
      fieldPaths:
        - data.name-copy
      options:
        create: true
`),
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: pre-original-name-dev
spec:
  template:
    spec:
      containers:
      - image: app1:1.0
        name: app
---
apiVersion: v1
data:
  name: something-else
  name-copy: something-else
kind: ConfigMap
metadata:
  name: pre-app-config-dev-7266b7f2m9
`,
  },
});

/** replacementtransformer_test's workloads with one container whose APP1_SERVICE env has the given value. */
function serviceUrlWorkload(kind: string, name: string, value: string): string {
  return `
apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
        - image: app1:1.0
          name: app
          env:
            - name: APP1_SERVICE
              value: ${value}
`;
}
