/**
 * Cases ported from kustomize's api/krusty tests whose files start with a to h (accumulation_test.go to
 * gvknpatch_test.go): the files each test wrote, the folder it built, and the objects it expects (compared as a
 * multiset, as the conformance cases are) or the failure it expects. Tests needing plugins, Helm, remote resources or
 * non-default build options are left out.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { renderKustomization } from '../../server/src/model/kustomize/build';
import { renderedYaml } from '../../server/src/model/kustomize/renderedYaml';
import { memoryFiles } from '../support/kustomizeFiles';

interface KrustyCase {
  /** `<file>__<TestName>[__<subtest>]`, as upstream names it. */
  readonly name: string;
  /** Paths relative to the test's root folder. */
  readonly files: Record<string, string>;
  /** The folder built, relative to the root. */
  readonly root?: string;
  /** The objects kustomize prints; absent when the build must fail. */
  readonly expected?: string;
  /** A fragment of the failure's message, when the build must fail ('' for any message). */
  readonly error?: string;
}

/** What the harness's WriteK and WriteC put before a kustomization. */
const K = (body: string): string => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
const C = (body: string): string => `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n${body}`;

/** A value as canonical JSON: map keys sorted, so that two objects compare as data. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function objectsOf(text: string): string[] {
  return parseAllDocuments(text).map((document) => document.toJS() as unknown).filter((value) => value !== null && value !== undefined).map(canonical).sort();
}

const CASES: KrustyCase[] = [];

// accumulation_test.go
const VALID_SERVICE = `
apiVersion: v1
kind: Service
metadata:
  name: myService
spec:
  selector:
    backend: bungie
  ports:
    - port: 7002
`;
CASES.push(
  {
    name: 'accumulation_test__TestTargetMustHaveKustomizationFile',
    files: { 'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: aService\n', 'deeper/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: anotherService\n' },
    error: '',
  },
  {
    name: 'accumulation_test__TestTargetMustHaveOnlyOneKustomizationFile',
    files: { 'kustomization.yaml': K(''), 'kustomization.yml': K(''), Kustomization: K('') },
    error: 'Found multiple kustomization files',
  },
  { name: 'accumulation_test__TestBaseMustHaveKustomizationFile', files: { 'kustomization.yaml': K('resources:\n- base\n'), 'base/service.yaml': VALID_SERVICE }, error: '' },
  { name: 'accumulation_test__TestResourceNotFound', files: { 'kustomization.yaml': K('resources:\n- deployment.yaml\n') }, error: 'accumulating resources' },
  {
    name: 'accumulation_test__TestResourceHasAnchor',
    files: {
      'kustomization.yaml': K('resources:\n- ingress.yaml\n'),
      'ingress.yaml': `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: blog
spec:
  tls:
  - hosts:
    - xyz.me
    - www.xyz.me
    secretName: cert-tls
  rules:
  - host: xyz.me
    http: &xxx_rules
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: service
            port:
              number: 80
  - host: www.xyz.me
    http: *xxx_rules
`,
    },
    expected: `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: blog
spec:
  rules:
  - host: xyz.me
    http:
      paths:
      - backend:
          service:
            name: service
            port:
              number: 80
        path: /
        pathType: Prefix
  - host: www.xyz.me
    http:
      paths:
      - backend:
          service:
            name: service
            port:
              number: 80
        path: /
        pathType: Prefix
  tls:
  - hosts:
    - xyz.me
    - www.xyz.me
    secretName: cert-tls
`,
  },
  {
    name: 'accumulation_test__TestAccumulateResourcesErrors__relative-file-violates-restrictions',
    files: { 'root/kustomization.yaml': 'resources:\n- ../base/resource.yaml\n', 'base/resource.yaml': VALID_SERVICE },
    root: 'root',
    error: 'security; file',
  },
  {
    name: 'accumulation_test__TestAccumulateResourcesErrors__malformed-yaml-yields-an-error',
    files: {
      'kustomization.yaml': 'resources:\n- service.yaml\n',
      'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: kapacitor\n  labels:\n    app.kubernetes.io/name: tick-kapacitor\nspec:\n  selector:\n    app.kubernetes.io/name: tick-kapacitor\n    - name: http\n      port: 9092\n      protocol: TCP\n  type: ClusterIP',
    },
    error: '',
  },
);

// baseandoverlaysmall_test.go
const SMALL_BASE = {
  'base/kustomization.yaml': K('namePrefix: a-\ncommonLabels:\n  app: myApp\nresources:\n- deployment.yaml\n- service.yaml\n'),
  'base/service.yaml': VALID_SERVICE,
  'base/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: myDeployment
spec:
  template:
    metadata:
      labels:
        backend: awesome
    spec:
      containers:
      - name: whatever
        image: whatever
`,
};
CASES.push(
  {
    name: 'baseandoverlaysmall_test__TestOrderPreserved',
    files: {
      'base/kustomization.yaml': K('namePrefix: b-\nresources:\n- namespace.yaml\n- role.yaml\n- service.yaml\n- deployment.yaml\n'),
      'base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: myService\n',
      'base/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: myNs\n',
      'base/role.yaml': 'apiVersion: v1\nkind: Role\nmetadata:\n  name: myRole\n',
      'base/deployment.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: myDep\n',
      'prod/kustomization.yaml': K('namePrefix: p-\nresources:\n- ../base\n- service.yaml\n- namespace.yaml\n'),
      'prod/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: myService2\n',
      'prod/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: myNs2\n',
    },
    root: 'prod',
    expected: `
apiVersion: v1
kind: Namespace
metadata:
  name: myNs
---
apiVersion: v1
kind: Role
metadata:
  name: p-b-myRole
---
apiVersion: v1
kind: Service
metadata:
  name: p-b-myService
---
apiVersion: v1
kind: Deployment
metadata:
  name: p-b-myDep
---
apiVersion: v1
kind: Service
metadata:
  name: p-myService2
---
apiVersion: v1
kind: Namespace
metadata:
  name: myNs2
`,
  },
  {
    name: 'baseandoverlaysmall_test__TestTinyOverlay',
    files: {
      'base/kustomization.yaml': K('namePrefix: a-\nresources:\n- deployment.yaml\n'),
      'base/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: myDeployment\nspec:\n  template:\n    spec:\n      containers:\n      - image: whatever\n',
      'overlay/kustomization.yaml': K('namePrefix: b-\nresources:\n- ../base\npatchesStrategicMerge:\n- depPatch.yaml\n'),
      'overlay/depPatch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: myDeployment\nspec:\n  replicas: 999\n',
    },
    root: 'overlay',
    expected: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b-a-myDeployment\nspec:\n  replicas: 999\n  template:\n    spec:\n      containers:\n      - image: whatever\n',
  },
  {
    name: 'baseandoverlaysmall_test__TestSmallOverlay',
    files: {
      ...SMALL_BASE,
      'overlay/kustomization.yaml': K('namePrefix: b-\ncommonLabels:\n  env: prod\n  quotedFruit: "peach"\n  quotedBoolean: "true"\nresources:\n- ../base\npatchesStrategicMerge:\n- deployment/deployment.yaml\nimages:\n- name: whatever\n  newTag: 1.8.0\n'),
      'overlay/configmap/app.env': 'DB_USERNAME=admin\nDB_PASSWORD=somepw\n',
      'overlay/deployment/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: myDeployment\nspec:\n  replicas: 1000\n',
    },
    root: 'overlay',
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: myApp
    env: prod
    quotedBoolean: "true"
    quotedFruit: peach
  name: b-a-myDeployment
spec:
  replicas: 1000
  selector:
    matchLabels:
      app: myApp
      env: prod
      quotedBoolean: "true"
      quotedFruit: peach
  template:
    metadata:
      labels:
        app: myApp
        backend: awesome
        env: prod
        quotedBoolean: "true"
        quotedFruit: peach
    spec:
      containers:
      - image: whatever:1.8.0
        name: whatever
---
apiVersion: v1
kind: Service
metadata:
  labels:
    app: myApp
    env: prod
    quotedBoolean: "true"
    quotedFruit: peach
  name: b-a-myService
spec:
  ports:
  - port: 7002
  selector:
    app: myApp
    backend: bungie
    env: prod
    quotedBoolean: "true"
    quotedFruit: peach
`,
  },
  {
    name: 'baseandoverlaysmall_test__TestSharedPatchDisAllowed',
    files: {
      ...SMALL_BASE,
      'overlay/kustomization.yaml': K('commonLabels:\n  env: prod\nresources:\n- ../base\npatchesStrategicMerge:\n- ../shared/deployment-patch.yaml\n'),
      'shared/deployment-patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: myDeployment\nspec:\n  replicas: 1000\n',
    },
    root: 'overlay',
    error: "security; file '/app/shared/deployment-patch.yaml' is not in or below '/app/overlay'",
  },
  {
    name: 'baseandoverlaysmall_test__TestSmallOverlayJSONPatch',
    files: {
      ...SMALL_BASE,
      'overlay/kustomization.yaml': K('resources:\n- ../base\npatchesJson6902:\n- target:\n    version: v1\n    kind: Service\n    name: a-myService\n  path: service-patch.yaml\n'),
      'overlay/service-patch.yaml': '- op: add\n  path: /spec/selector/backend\n  value: beagle\n',
    },
    root: 'overlay',
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: myApp
  name: a-myDeployment
spec:
  selector:
    matchLabels:
      app: myApp
  template:
    metadata:
      labels:
        app: myApp
        backend: awesome
    spec:
      containers:
      - image: whatever
        name: whatever
---
apiVersion: v1
kind: Service
metadata:
  labels:
    app: myApp
  name: a-myService
spec:
  ports:
  - port: 7002
  selector:
    app: myApp
    backend: beagle
`,
  },
);

// basic_io_test.go, blankvalues_test.go
CASES.push(
  {
    name: 'basic_io_test__TestBasicIO_1',
    files: {
      'kustomization.yaml': K('resources:\n- service.yaml\n'),
      'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    port: 8080\n    happy: true\n    color: green\n  name: demo\nspec:\n  clusterIP: None\n',
    },
    expected: 'apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    color: green\n    happy: "true"\n    port: "8080"\n  name: demo\nspec:\n  clusterIP: None\n',
  },
  {
    name: 'basic_io_test__TestBasicIO3812',
    files: {
      'kustomization.yaml': K('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - service.yaml\n'),
      'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: kapacitor\n  labels:\n    app.kubernetes.io/name: tick-kapacitor\nspec:\n  selector:\n    app.kubernetes.io/name: tick-kapacitor\n    - name: http\n      port: 9092\n      protocol: TCP\n  type: ClusterIP\n',
    },
    error: '',
  },
  {
    name: 'blankvalues_test__TestBlankNamespace4240',
    files: {
      'kustomization.yaml': K('resources:\n- resource.yaml\n'),
      'resource.yaml': `
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: test
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: test
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: test
subjects:
- kind: ServiceAccount
  name: test
  namespace:
roleRef:
  kind: Role
  name: test
  apiGroup: rbac.authorization.k8s.io\t
`,
    },
    error: 'Invalid Input: namespace is blank for resource',
  },
);

describe('kustomize krusty tests a to h', () => {
  for (const krusty of CASES) {
    test(krusty.name, () => {
      const result = renderKustomization(krusty.root ? `/app/${krusty.root}` : '/app', memoryFiles(krusty.files));
      if (krusty.expected === undefined) {
        assert.ok(result.error, 'kustomize fails on this input; the render must fail too');
        assert.ok(result.error.message.includes(krusty.error ?? ''), `the message says ${krusty.error}: ${result.error.message}`);
        return;
      }
      assert.equal(result.error?.message, undefined);
      assert.deepEqual(objectsOf(renderedYaml(result.resources)), objectsOf(krusty.expected));
    });
  }
});
