/**
 * Cases ported from kustomize's api/krusty tests whose files start with a to h (accumulation_test.go to
 * gvknpatch_test.go): the files each test wrote, the folder it built, and the objects it expects (compared as a
 * multiset, as the conformance cases are) or the failure it expects. Tests needing plugins, Helm, remote resources or
 * non-default build options are left out.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stringAt } from '../../../server/src/model/kustomize/tree';
import { assertKrustyCase, KUSTOMIZATION_HEADER, renderKrustyCase, type KrustyCase } from '../../support/krustyCases';

/** Upstream checks only the rendered Secrets' names in some cases. */
interface SecretNamesCase extends KrustyCase {
  /** The names of the rendered Secrets, where upstream checks only those. */
  readonly secretNames?: readonly string[];
}

/** What the harness's WriteK and WriteC put before a kustomization. */
const K = (body: string): string => `${KUSTOMIZATION_HEADER}${body}`;
const C = (body: string): string => `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n${body}`;

const CASES: SecretNamesCase[] = [];

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

// baseandoverlaymedium_test.go
const MEDIUM_BASE = {
  'base/kustomization.yaml': K('namePrefix: baseprefix-\ncommonLabels:\n  foo: bar\ncommonAnnotations:\n  baseAnno: This is a base annotation\nresources:\n- deployment/deployment.yaml\n- service/service.yaml\n'),
  'base/service/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: mungebot-service\n  labels:\n    app: mungebot\nspec:\n  ports:\n    - port: 7002\n  selector:\n    app: mungebot\n',
  'base/deployment/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mungebot
  labels:
    app: mungebot
spec:
  replicas: 1
  template:
    metadata:
      labels:
        app: mungebot
    spec:
      containers:
      - name: nginx
        image: nginx
        env:
        - name: foo
          value: bar
        ports:
        - containerPort: 80
`,
};
CASES.push(
  {
    name: 'baseandoverlaymedium_test__TestMediumBase',
    files: MEDIUM_BASE,
    root: 'base',
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    baseAnno: This is a base annotation
  labels:
    app: mungebot
    foo: bar
  name: baseprefix-mungebot
spec:
  replicas: 1
  selector:
    matchLabels:
      foo: bar
  template:
    metadata:
      annotations:
        baseAnno: This is a base annotation
      labels:
        app: mungebot
        foo: bar
    spec:
      containers:
      - env:
        - name: foo
          value: bar
        image: nginx
        name: nginx
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    baseAnno: This is a base annotation
  labels:
    app: mungebot
    foo: bar
  name: baseprefix-mungebot-service
spec:
  ports:
  - port: 7002
  selector:
    app: mungebot
    foo: bar
`,
  },
  {
    name: 'baseandoverlaymedium_test__TestMediumOverlay',
    files: {
      ...MEDIUM_BASE,
      'overlay/kustomization.yaml': K(`namePrefix: test-infra-
commonLabels:
  app: mungebot
  org: kubernetes
  repo: test-infra
commonAnnotations:
  note: This is a test annotation
resources:
- ../base
patchesStrategicMerge:
- deployment/deployment.yaml
configMapGenerator:
- name: app-env
  envs:
  - configmap/db.env
  - configmap/units.ini
  - configmap/food.ini
- name: app-config
  files:
  - nonsense=configmap/dummy.txt
images:
- name: nginx
  newTag: 1.8.0`),
      'overlay/configmap/db.env': '\nDB_USERNAME=admin\nDB_PASSWORD=somepw\n',
      'overlay/configmap/units.ini': '\nLENGTH=kilometer\nENERGY=electronvolt\n',
      'overlay/configmap/food.ini': '\nFRUIT=banana\nLEGUME=chickpea\n',
      'overlay/configmap/dummy.txt': 'Lorem ipsum dolor sit amet, consectetur\nadipiscing elit, sed do eiusmod tempor\nincididunt ut labore et dolore magna aliqua. \n',
      'overlay/deployment/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mungebot
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: nginx
        image: nginx:1.7.9
        env:
        - name: FOO
          valueFrom:
            configMapKeyRef:
              name: app-env
              key: somekey
      - name: busybox
        image: busybox
        envFrom:
        - configMapRef:
            name: someConfigMap
        - configMapRef:
            name: app-env
        volumeMounts:
        - mountPath: /tmp/env
          name: app-env
      volumes:
      - configMap:
          name: app-env
        name: app-env
`,
    },
    root: 'overlay',
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    baseAnno: This is a base annotation
    note: This is a test annotation
  labels:
    app: mungebot
    foo: bar
    org: kubernetes
    repo: test-infra
  name: test-infra-baseprefix-mungebot
spec:
  replicas: 2
  selector:
    matchLabels:
      app: mungebot
      foo: bar
      org: kubernetes
      repo: test-infra
  template:
    metadata:
      annotations:
        baseAnno: This is a base annotation
        note: This is a test annotation
      labels:
        app: mungebot
        foo: bar
        org: kubernetes
        repo: test-infra
    spec:
      containers:
      - env:
        - name: FOO
          valueFrom:
            configMapKeyRef:
              key: somekey
              name: test-infra-app-env-8h5mh7f7ch
        - name: foo
          value: bar
        image: nginx:1.8.0
        name: nginx
        ports:
        - containerPort: 80
      - envFrom:
        - configMapRef:
            name: someConfigMap
        - configMapRef:
            name: test-infra-app-env-8h5mh7f7ch
        image: busybox
        name: busybox
        volumeMounts:
        - mountPath: /tmp/env
          name: app-env
      volumes:
      - configMap:
          name: test-infra-app-env-8h5mh7f7ch
        name: app-env
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    baseAnno: This is a base annotation
    note: This is a test annotation
  labels:
    app: mungebot
    foo: bar
    org: kubernetes
    repo: test-infra
  name: test-infra-baseprefix-mungebot-service
spec:
  ports:
  - port: 7002
  selector:
    app: mungebot
    foo: bar
    org: kubernetes
    repo: test-infra
---
apiVersion: v1
data:
  DB_PASSWORD: somepw
  DB_USERNAME: admin
  ENERGY: electronvolt
  FRUIT: banana
  LEGUME: chickpea
  LENGTH: kilometer
kind: ConfigMap
metadata:
  annotations:
    note: This is a test annotation
  labels:
    app: mungebot
    org: kubernetes
    repo: test-infra
  name: test-infra-app-env-8h5mh7f7ch
---
apiVersion: v1
data:
  nonsense: "Lorem ipsum dolor sit amet, consectetur\\nadipiscing elit, sed do eiusmod tempor\\nincididunt ut labore et dolore magna aliqua. \\n"
kind: ConfigMap
metadata:
  annotations:
    note: This is a test annotation
  labels:
    app: mungebot
    org: kubernetes
    repo: test-infra
  name: test-infra-app-config-49d6f5h7b5
`,
  },
);

// basereusenameprefix_test.go, buildmetadata_test.go
const POSTGRES = `
---
kind: PersistentVolumeClaim
apiVersion: v1
metadata:
  name: postgres
spec:
  resources:
    requests:
      storage: 1Gi
  accessModes:
    - ReadWriteOnce
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: postgres
spec:
  selector:
    matchLabels: {}
  strategy:
    type: Recreate
  template:
    spec:
      containers:
        - name: postgres
          image: postgres
          imagePullPolicy: IfNotPresent
          volumeMounts:
            - mountPath: /var/lib/postgresql
              name: data
          ports:
            - name: postgres
              containerPort: 5432
      volumes:
        - name: data
          persistentVolumeClaim:
            claimName: postgres
`;
const postgresFor = (component: string): string => `
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: overlay-${component}-postgres
spec:
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 1Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: overlay-${component}-postgres
spec:
  selector:
    matchLabels: {}
  strategy:
    type: Recreate
  template:
    spec:
      containers:
      - image: postgres
        imagePullPolicy: IfNotPresent
        name: postgres
        ports:
        - containerPort: 5432
          name: postgres
        volumeMounts:
        - mountPath: /var/lib/postgresql
          name: data
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: overlay-${component}-postgres
`;
const ORDER_BASE = {
  'base/kustomization.yaml': K('namePrefix: b-\nresources:\n- namespace.yaml\n- role.yaml\n- service.yaml\n- deployment.yaml\n'),
  'base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: myService\n',
  'base/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: myNs\n',
  'base/role.yaml': 'apiVersion: v1\nkind: Role\nmetadata:\n  name: myRole\n',
  'base/deployment.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: myDep\n',
};
CASES.push(
  {
    name: 'basereusenameprefix_test__TestBaseReuseNameConflict',
    files: {
      'component1/base/kustomization.yaml': K('resources:\n  - ../../shared\n\nnamePrefix: component1-\n'),
      'component1/overlay/kustomization.yaml': K('resources:\n  - ../base\n\nnamePrefix: overlay-\n'),
      'component2/base/kustomization.yaml': K('resources:\n  - ../../shared\n\nnamePrefix: component2-\n'),
      'component2/overlay/kustomization.yaml': K('resources:\n  - ../base\n\nnamePrefix: overlay-\n'),
      'shared/kustomization.yaml': K('resources:\n  - resources.yaml\n'),
      'shared/resources.yaml': POSTGRES,
      'kustomization.yaml': K('resources:\n  - component1/overlay\n  - component2/overlay\n'),
    },
    expected: `${postgresFor('component1')}---${postgresFor('component2')}`,
  },
  {
    name: 'buildmetadata_test__TestAnnoOriginLocalFiles',
    files: {
      'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: myService\nspec:\n  ports:\n  - port: 7002\n',
      'kustomization.yaml': K('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- service.yaml\nbuildMetadata: [originAnnotations]\n'),
    },
    expected: 'apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: service.yaml\n  name: myService\nspec:\n  ports:\n  - port: 7002\n',
  },
  {
    name: 'buildmetadata_test__TestAnnoOriginLocalFilesWithOverlay',
    files: {
      ...ORDER_BASE,
      'prod/kustomization.yaml': K('namePrefix: p-\nresources:\n- ../base\n- service.yaml\n- namespace.yaml\nbuildMetadata: [originAnnotations]\n'),
      'prod/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: myService2\n',
      'prod/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: myNs2\n',
    },
    root: 'prod',
    expected: `
apiVersion: v1
kind: Namespace
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../base/namespace.yaml
  name: myNs
---
apiVersion: v1
kind: Role
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../base/role.yaml
  name: p-b-myRole
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../base/service.yaml
  name: p-b-myService
---
apiVersion: v1
kind: Deployment
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../base/deployment.yaml
  name: p-b-myDep
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: service.yaml
  name: p-myService2
---
apiVersion: v1
kind: Namespace
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: namespace.yaml
  name: myNs2
`,
  },
  {
    name: 'buildmetadata_test__TestGeneratorWithAnnoOrigin',
    files: {
      'kustomization.yaml': K(`namePrefix: blah-
configMapGenerator:
- name: bob
  literals:
  - fruit=apple
  - vegetable=broccoli
  envs:
  - foo.env
  env: bar.env
  files:
  - passphrase=phrase.dat
  - forces.txt
- name: json
  literals:
  - 'v2=[{"path": "var/druid/segment-cache"}]'
  - >- 
    druid_segmentCache_locations=[{"path": 
    "var/druid/segment-cache", 
    "maxSize": 32000000000, 
    "freeSpacePercent": 1.0}]
secretGenerator:
- name: bob
  literals:
  - fruit=apple
  - vegetable=broccoli
  envs:
  - foo.env
  files:
  - passphrase=phrase.dat
  - forces.txt
  env: bar.env
`),
      'foo.env': '\nMOUNTAIN=everest\nOCEAN=pacific\n',
      'bar.env': '\nBIRD=falcon\n',
      'phrase.dat': '\nLife is short.\nBut the years are long.\nNot while the evil days come not.\n',
      'forces.txt': '\ngravitational\nelectromagnetic\nstrong nuclear\nweak nuclear\n',
    },
    expected: `
apiVersion: v1
data:
  BIRD: falcon
  MOUNTAIN: everest
  OCEAN: pacific
  forces.txt: |2

    gravitational
    electromagnetic
    strong nuclear
    weak nuclear
  fruit: apple
  passphrase: |2

    Life is short.
    But the years are long.
    Not while the evil days come not.
  vegetable: broccoli
kind: ConfigMap
metadata:
  name: blah-bob-g9df72cd5b
---
apiVersion: v1
data:
  druid_segmentCache_locations: '[{"path":  "var/druid/segment-cache",  "maxSize":
    32000000000,  "freeSpacePercent": 1.0}]'
  v2: '[{"path": "var/druid/segment-cache"}]'
kind: ConfigMap
metadata:
  name: blah-json-5298bc8g99
---
apiVersion: v1
data:
  BIRD: ZmFsY29u
  MOUNTAIN: ZXZlcmVzdA==
  OCEAN: cGFjaWZpYw==
  forces.txt: |
    CmdyYXZpdGF0aW9uYWwKZWxlY3Ryb21hZ25ldGljCnN0cm9uZyBudWNsZWFyCndlYWsgbn
    VjbGVhcgo=
  fruit: YXBwbGU=
  passphrase: |
    CkxpZmUgaXMgc2hvcnQuCkJ1dCB0aGUgeWVhcnMgYXJlIGxvbmcuCk5vdCB3aGlsZSB0aG
    UgZXZpbCBkYXlzIGNvbWUgbm90Lgo=
  vegetable: YnJvY2NvbGk=
kind: Secret
metadata:
  name: blah-bob-58g62h555c
type: Opaque
`,
  },
);

// component_test.go
const deploymentFile = (name: string): string => `\napiVersion: v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  type: Logical\n`;
const COMPONENT_BASE = {
  'base/kustomization.yaml': K('resources:\n- deploy.yaml\nconfigMapGenerator:\n- name: my-configmap\n  literals:\t\n  - testValue=purple\n  - otherValue=green\n'),
  'base/deploy.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: storefront\nspec:\n  replicas: 1\n',
};
const TEST_COMPONENT = {
  'comp/kustomization.yaml': C('namePrefix: comp-\nreplicas:\n- name: storefront\n  count: 3\nresources:\n- stub.yaml\nconfigMapGenerator:\n- name: my-configmap\n  behavior: merge\n  literals:\t\n  - testValue=blue\n  - compValue=red\n'),
  'comp/stub.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: stub\nspec:\n  replicas: 1\n',
};
const PROD_DB = { 'prod/db': deploymentFile('db') };
const OVERLAY_PROD = { 'prod/kustomization.yaml': K('resources:\n- ../base\n- db\n\ncomponents:\n- ../comp\n'), ...PROD_DB };
const COMPONENT_OUTPUT = (configMap: string): string => `
apiVersion: v1
kind: Deployment
metadata:
  name: comp-storefront
spec:
  replicas: 3
---
${configMap}
---
apiVersion: v1
kind: Deployment
metadata:
  name: comp-db
spec:
  type: Logical
---
apiVersion: v1
kind: Deployment
metadata:
  name: comp-stub
spec:
  replicas: 1
`;
const BLUE_MAP = 'apiVersion: v1\ndata:\n  compValue: red\n  otherValue: green\n  testValue: blue\nkind: ConfigMap\nmetadata:\n  name: comp-my-configmap-97647ckcmg';
const ORANGE_MAP = 'apiVersion: v1\ndata:\n  compValue: red\n  otherValue: orange\n  testValue: blue\nkind: ConfigMap\nmetadata:\n  name: comp-my-configmap-g486mb229k';
CASES.push(
  { name: 'component_test__TestComponent__basic-component', files: { ...COMPONENT_BASE, ...TEST_COMPONENT, ...OVERLAY_PROD }, root: 'prod', expected: COMPONENT_OUTPUT(BLUE_MAP) },
  {
    name: 'component_test__TestComponent__multiple-components',
    files: {
      ...COMPONENT_BASE, ...TEST_COMPONENT, ...PROD_DB,
      'additionalcomp/kustomization.yaml': C('configMapGenerator:\n- name: my-configmap\n  behavior: merge\n  literals:\t\n  - otherValue=orange\n'),
      'prod/kustomization.yaml': K('resources:\n- ../base\n- db\n\ncomponents:\n- ../comp\n- ../additionalcomp\n'),
    },
    root: 'prod',
    expected: COMPONENT_OUTPUT(ORANGE_MAP),
  },
  {
    name: 'component_test__TestComponent__nested-components',
    files: {
      ...COMPONENT_BASE, ...TEST_COMPONENT, ...PROD_DB,
      'additionalcomp/kustomization.yaml': C('components:\n- ../comp\nconfigMapGenerator:\n- name: my-configmap\n  behavior: merge\n  literals:\n  - otherValue=orange\n'),
      'prod/kustomization.yaml': K('resources:\n- ../base\n- db\n\ncomponents:\n- ../additionalcomp\n'),
    },
    root: 'prod',
    expected: COMPONENT_OUTPUT(ORANGE_MAP),
  },
  {
    name: 'component_test__TestComponent__basic-component-with-repeated-base',
    files: { ...COMPONENT_BASE, ...TEST_COMPONENT, ...OVERLAY_PROD, 'repeated/kustomization.yaml': K('resources:\n- ../base\n- ../prod\n') },
    root: 'repeated',
    expected: `
apiVersion: v1
kind: Deployment
metadata:
  name: storefront
spec:
  replicas: 1
---
apiVersion: v1
data:
  otherValue: green
  testValue: purple
kind: ConfigMap
metadata:
  name: my-configmap-9cd648hm8f
---${COMPONENT_OUTPUT(BLUE_MAP)}`,
  },
  {
    name: 'component_test__TestComponent__applying-component-directly-should-be-same-as-kustomization',
    files: { ...COMPONENT_BASE, ...TEST_COMPONENT, 'direct-component/kustomization.yaml': C('resources:\n- ../base\nconfigMapGenerator:\n- name: my-configmap\n  behavior: merge\n  literals:\t\n  - compValue=red\n  - testValue=blue\n') },
    root: 'direct-component',
    expected: 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: storefront\nspec:\n  replicas: 1\n---\napiVersion: v1\ndata:\n  compValue: red\n  otherValue: green\n  testValue: blue\nkind: ConfigMap\nmetadata:\n  name: my-configmap-97647ckcmg\n',
  },
  {
    name: 'component_test__TestComponent__missing-optional-component-api-version',
    files: { ...COMPONENT_BASE, ...OVERLAY_PROD, 'comp/kustomization.yaml': '\nkind: Component\nconfigMapGenerator:\n- name: my-configmap\n  behavior: merge\n  literals:\t\n  - otherValue=orange\n' },
    root: 'prod',
    expected: 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: storefront\nspec:\n  replicas: 1\n---\napiVersion: v1\ndata:\n  otherValue: orange\n  testValue: purple\nkind: ConfigMap\nmetadata:\n  name: my-configmap-6hhdg8gkdg\n---\napiVersion: v1\nkind: Deployment\nmetadata:\n  name: db\nspec:\n  type: Logical\n',
  },
  {
    name: 'component_test__TestComponent__components-can-add-the-same-base-if-the-first-renames-resources',
    files: {
      ...COMPONENT_BASE,
      'comp-a/proxy.yaml': deploymentFile('proxy'),
      'comp-a/kustomization.yaml': C('resources:\n- ../base\n\nnameSuffix: "-a"\n'),
      'comp-b/kustomization.yaml': C('resources:\n- ../base\n\nnameSuffix: "-b"\n'),
      'prod/kustomization.yaml': K('components:\n- ../comp-a\n- ../comp-b'),
    },
    root: 'prod',
    expected: `
apiVersion: v1
kind: Deployment
metadata:
  name: storefront-a-b
spec:
  replicas: 1
---
apiVersion: v1
data:
  otherValue: green
  testValue: purple
kind: ConfigMap
metadata:
  name: my-configmap-a-b-9cd648hm8f
---
apiVersion: v1
kind: Deployment
metadata:
  name: storefront-b
spec:
  replicas: 1
---
apiVersion: v1
data:
  otherValue: green
  testValue: purple
kind: ConfigMap
metadata:
  name: my-configmap-b-9cd648hm8f
`,
  },
  {
    name: 'component_test__TestComponent__multiple-bases-can-add-the-same-component-if-it-doesn-not-define-named-entities',
    files: {
      'comp/kustomization.yaml': C('namespace: prod\n'),
      'base-a/kustomization.yaml': K('resources:\n- proxy.yaml\n\ncomponents:\n- ../comp\n'),
      'base-a/proxy.yaml': deploymentFile('proxy-a'),
      'base-b/kustomization.yaml': K('resources:\n- proxy.yaml\n\ncomponents:\n- ../comp\n'),
      'base-b/proxy.yaml': deploymentFile('proxy-b'),
      'prod/kustomization.yaml': K('resources:\n- proxy.yaml\n- ../base-a\n- ../base-b\n'),
      'prod/proxy.yaml': deploymentFile('proxy-prod'),
    },
    root: 'prod',
    expected: `${deploymentFile('proxy-prod')}---
apiVersion: v1
kind: Deployment
metadata:
  name: proxy-a
  namespace: prod
spec:
  type: Logical
---
apiVersion: v1
kind: Deployment
metadata:
  name: proxy-b
  namespace: prod
spec:
  type: Logical
`,
  },
  { name: 'component_test__TestComponentErrors__components-cannot-be-added-to-resources', files: { ...COMPONENT_BASE, ...TEST_COMPONENT, 'compinres/kustomization.yaml': K('resources:\n- ../base\n- ../comp\n') }, root: 'compinres', error: '' },
  { name: 'component_test__TestComponentErrors__kustomizations-cannot-be-added-to-components', files: { ...COMPONENT_BASE, ...TEST_COMPONENT, 'kustincomponents/kustomization.yaml': K('components:\n- ../base\n- ../comp\n') }, root: 'kustincomponents', error: "expected kind 'Component' for path" },
  {
    name: 'component_test__TestComponentErrors__files-cannot-be-added-to-components-list',
    files: { ...COMPONENT_BASE, 'filesincomponents/stub.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: stub\nspec:\n  replicas: 1\n', 'filesincomponents/kustomization.yaml': K('components:\n- stub.yaml\n- ../comp\n') },
    root: 'filesincomponents',
    error: '',
  },
  {
    name: 'component_test__TestComponentErrors__invalid-component-api-version',
    files: { ...COMPONENT_BASE, ...OVERLAY_PROD, 'comp/kustomization.yaml': '\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Component\nconfigMapGenerator:\n- name: my-configmap\n  behavior: merge\n  literals:\t\n  - otherValue=orange\n' },
    root: 'prod',
    error: 'apiVersion for Component should be kustomize.config.k8s.io/v1alpha1',
  },
  {
    name: 'component_test__TestComponentErrors__components-cannot-add-the-same-resource',
    files: {
      ...COMPONENT_BASE,
      'comp-a/kustomization.yaml': C('resources:\n- proxy.yaml\n'),
      'comp-a/proxy.yaml': deploymentFile('proxy'),
      'comp-b/kustomization.yaml': C('resources:\n- proxy.yaml\n'),
      'comp-b/proxy.yaml': deploymentFile('proxy'),
      'prod/kustomization.yaml': K('resources:\n- ../base\n\ncomponents:\n- ../comp-a\n- ../comp-b'),
    },
    root: 'prod',
    error: 'may not add resource with an already registered id: Deployment.v1.[noGrp]/proxy.[noNs]',
  },
  {
    name: 'component_test__TestComponentErrors__components-cannot-add-the-same-base',
    files: {
      ...COMPONENT_BASE,
      'comp-a/proxy.yaml': deploymentFile('proxy'),
      'comp-a/kustomization.yaml': C('resources:\n- ../base\n'),
      'comp-b/kustomization.yaml': C('resources:\n- ../base\n'),
      'prod/kustomization.yaml': K('components:\n- ../comp-a\n- ../comp-b'),
    },
    root: 'prod',
    error: 'may not add resource with an already registered id: Deployment.v1.[noGrp]/storefront.[noNs]',
  },
  {
    name: 'component_test__TestComponentErrors__components-cannot-add-bases-containing-the-same-resource',
    files: {
      ...COMPONENT_BASE,
      'comp-a/kustomization.yaml': C('resources:\n- ../base-a\n'),
      'base-a/kustomization.yaml': K('resources:\n- proxy.yaml\n'),
      'base-a/proxy.yaml': deploymentFile('proxy'),
      'comp-b/kustomization.yaml': C('resources:\n- ../base-b\n'),
      'base-b/kustomization.yaml': K('resources:\n- proxy.yaml\n'),
      'base-b/proxy.yaml': deploymentFile('proxy'),
      'prod/kustomization.yaml': K('resources:\n- ../base\n\ncomponents:\n- ../comp-a\n- ../comp-b'),
    },
    root: 'prod',
    error: 'may not add resource with an already registered id: Deployment.v1.[noGrp]/proxy.[noNs]',
  },
);

// complexcomposition_test.go
const HTTPS_SERVICE = '\napiVersion: v1\nkind: Service\nmetadata:\n  name: my-https-svc\nspec:\n  ports:\n  - port: 443\n    protocol: TCP\n    name: https\n  selector:\n    app: my-app\n';
const STATEFUL_SET_BASE = {
  'base/kustomization.yaml': K('resources:\n- statefulset.yaml\n'),
  'base/statefulset.yaml': `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: my-sts
spec:
  serviceName: my-svc
  selector:
    matchLabels:
      app: my-app
  template:
    metadata:
      labels:
        app: my-app
    spec:
      containers:
      - name: app
        image: my-image
  volumeClaimTemplates:
  - spec:
      storageClassName: default
`,
};
const PATCHING_OVERLAYS = {
  'storage/kustomization.yaml': K('resources:\n- ../base\npatchesJson6902:\n- target:\n    group: apps\n    version: v1\n    kind: StatefulSet\n    name: my-sts\n  path: sts-patch.json\n'),
  'storage/sts-patch.json': '\n[{"op": "replace", "path": "/spec/volumeClaimTemplates/0/spec/storageClassName", "value": "my-sc"}]\n',
  'config/kustomization.yaml': K('resources:\n- ../base\nconfigMapGenerator:\n- name: my-config\n  literals:\n  - MY_ENV=foo\ngeneratorOptions:\n  disableNameSuffixHash: true\npatchesStrategicMerge:\n- sts-patch.yaml\n'),
  'config/sts-patch.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: my-sts\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        envFrom:\n        - configMapRef:\n            name: my-config\n',
  'tolerations/kustomization.yaml': K('resources:\n- ../base\npatchesStrategicMerge:\n- sts-patch.yaml\n'),
  'tolerations/sts-patch.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: my-sts\nspec:\n  template:\n    spec:\n      tolerations:\n      - effect: NoExecute\n        key: node.kubernetes.io/not-ready\n        tolerationSeconds: 30\n',
  'https/kustomization.yaml': K('resources:\n- ../base\n- https-svc.yaml\npatchesStrategicMerge:\n- sts-patch.yaml\n'),
  'https/https-svc.yaml': HTTPS_SERVICE,
  'https/sts-patch.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: my-sts\nspec:\n  serviceName: my-https-svc\n',
};
const PATCHING_TRANSFORMER_BASES = {
  'storage/kustomization.yaml': K('resources:\n- transformer.yaml\n'),
  'storage/transformer.yaml': 'apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: storageTrans\ntarget: \n  group: apps\n  version: v1\n  kind: StatefulSet\n  name: my-sts\npatch: |-\n  [{"op": "replace", "path": "/spec/volumeClaimTemplates/0/spec/storageClassName", "value": "my-sc"}]\n',
  'config/map/kustomization.yaml': K('resources:\n- generator.yaml\n'),
  'config/map/generator.yaml': 'apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: my-config\noptions:\n  disableNameSuffixHash: true\nliterals:\n- MY_ENV=foo\n',
  'config/transformer/kustomization.yaml': K('resources:\n- transformer.yaml\n'),
  'config/transformer/transformer.yaml': 'apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: envFromConfigTrans\ntarget: \n  group: apps\n  version: v1\n  kind: StatefulSet\n  name: my-sts\npatch: |-\n  apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    name: my-sts\n  spec:\n    template:\n      spec:\n        containers:\n        - name: app\n          envFrom:\n          - configMapRef:\n              name: my-config\n',
  'tolerations/kustomization.yaml': K('resources:\n- transformer.yaml\n'),
  'tolerations/transformer.yaml': 'apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: tolTrans\ntarget: \n  group: apps\n  version: v1\n  kind: StatefulSet\n  name: my-sts\npatch: |-\n  apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    name: my-sts\n  spec:\n    template:\n      spec:\n        tolerations:\n        - effect: NoExecute\n          key: node.kubernetes.io/not-ready\n          tolerationSeconds: 30\n',
  'https/service/kustomization.yaml': K('resources:\n- https-svc.yaml\n'),
  'https/service/https-svc.yaml': HTTPS_SERVICE,
  'https/transformer/kustomization.yaml': K('resources:\n- transformer.yaml\n'),
  'https/transformer/transformer.yaml': 'apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: svcNameTran\ntarget: \n  group: apps\n  version: v1\n  kind: StatefulSet\n  name: my-sts\npatch: |-\n  apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    name: my-sts\n  spec:\n    serviceName: my-https-svc\n',
};
const MY_CONFIG = 'apiVersion: v1\ndata:\n  MY_ENV: foo\nkind: ConfigMap\nmetadata:\n  name: my-config\n';
CASES.push(
  { name: 'complexcomposition_test__TestComplexComposition_Dev_Failure', files: { ...STATEFUL_SET_BASE, ...PATCHING_OVERLAYS, 'dev/kustomization.yaml': K('resources:\n- ../storage\n- ../config\n') }, root: 'dev', error: 'already registered id' },
  {
    name: 'complexcomposition_test__TestComplexComposition_Dev_SuccessWithBaseTransformers',
    files: { ...STATEFUL_SET_BASE, ...PATCHING_TRANSFORMER_BASES, 'dev/kustomization.yaml': K('resources:\n- ../base\ngenerators:\n- ../config/map\ntransformers:\n- ../config/transformer\n- ../storage\n') },
    root: 'dev',
    expected: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: my-sts
spec:
  selector:
    matchLabels:
      app: my-app
  serviceName: my-svc
  template:
    metadata:
      labels:
        app: my-app
    spec:
      containers:
      - envFrom:
        - configMapRef:
            name: my-config
        image: my-image
        name: app
  volumeClaimTemplates:
  - spec:
      storageClassName: my-sc
---
${MY_CONFIG}`,
  },
  { name: 'complexcomposition_test__TestComplexComposition_Prod_Failure', files: { ...STATEFUL_SET_BASE, ...PATCHING_OVERLAYS, 'prod/kustomization.yaml': K('resources:\n- ../config\n- ../tolerations\n- ../https\n') }, root: 'prod', error: 'already registered id' },
  {
    name: 'complexcomposition_test__TestComplexComposition_Prod_SuccessWithBaseTransformers',
    files: { ...STATEFUL_SET_BASE, ...PATCHING_TRANSFORMER_BASES, 'prod/kustomization.yaml': K('resources:\n- ../base\n- ../https/service\ngenerators:\n- ../config/map\ntransformers:\n- ../config/transformer\n- ../https/transformer\n- ../tolerations\n') },
    root: 'prod',
    expected: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: my-sts
spec:
  selector:
    matchLabels:
      app: my-app
  serviceName: my-https-svc
  template:
    metadata:
      labels:
        app: my-app
    spec:
      containers:
      - envFrom:
        - configMapRef:
            name: my-config
        image: my-image
        name: app
      tolerations:
      - effect: NoExecute
        key: node.kubernetes.io/not-ready
        tolerationSeconds: 30
  volumeClaimTemplates:
  - spec:
      storageClassName: default
---
apiVersion: v1
kind: Service
metadata:
  name: my-https-svc
spec:
  ports:
  - name: https
    port: 443
    protocol: TCP
  selector:
    app: my-app
---
${MY_CONFIG}`,
  },
);

// diamonds_test.go, directoryarrangement_test.go, disablenamesuffix_test.go, duplicatekeys_test.go
const DIAMOND = {
  'base/kustomization.yaml': K('resources:\n- deploy.yaml\n'),
  'base/deploy.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: storefront\nspec:\n  numReplicas: 1\n',
  'kirk/kustomization.yaml': K('namePrefix: kirk-\nresources:\n- ../base\n- configmap.yaml\npatchesStrategicMerge:\n- dep-patch.yaml\n'),
  'kirk/dep-patch.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: storefront\nspec:\n  type: Confident\n',
  'kirk/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  phaser: caress\n',
  'spock/kustomization.yaml': K('namePrefix: spock-\nresources:\n- ../base\npatchesStrategicMerge:\n- dep-patch.yaml\n'),
  'spock/dep-patch.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: storefront\nspec:\n  type: Logical\n',
  'bones/kustomization.yaml': K('namePrefix: bones-\nresources:\n- ../base\npatchesStrategicMerge:\n- dep-patch.yaml\n'),
  'bones/dep-patch.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: storefront\nspec:\n  type: Concerned\n',
  'tenants/kustomization.yaml': K('namePrefix: t-\nresources:\n- ../kirk\n- ../spock\n- ../bones\n- configMap.yaml\npatchesStrategicMerge:\n- bones-patch.yaml\n'),
  'tenants/bones-patch.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: bones-storefront\nspec:\n  mood: Cantankerous\n',
  'tenants/configMap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: federation\ndata:\n  zone: neutral\n  guardian: forever\n',
};
const SUFFIX_KUSTOMIZATION = (disable: boolean): string => `
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namePrefix: foo-
nameSuffix: -bar
namespace: ns1
commonLabels:
  app: nginx
commonAnnotations:
  note: This is a test annotation
resources:
  - deployment.yaml
  - namespace.yaml
generatorOptions:
  disableNameSuffixHash: ${disable}
configMapGenerator:
- name: literalConfigMap
  literals:
  - DB_USERNAME=admin
  - DB_PASSWORD=somepw
secretGenerator:
- name: secret
  literals:
    - DB_USERNAME=admin
    - DB_PASSWORD=somepw
  type: Opaque
patchesJson6902:
- target:
    group: apps
    version: v1
    kind: Deployment
    name: dply1
  path: jsonpatch.json
`;
const SUFFIX_FILES = {
  'deployment.yaml': 'apiVersion: apps/v1\nmetadata:\n  name: dply1\nkind: Deployment\n',
  'namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns1\n',
  'jsonpatch.json': '[\n    {"op": "add", "path": "/spec/replica", "value": "3"}\n]',
};
CASES.push(
  {
    name: 'diamonds_test__TestBasicDiamond',
    files: {
      ...DIAMOND,
      'prod/kustomization.yaml': K('namePrefix: prod-\nresources:\n- ../tenants\npatchesStrategicMerge:\n- patches.yaml\n'),
      'prod/patches.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: t-kirk-storefront\nspec:\n  numReplicas: 10000\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: federation\ndata:\n  guardian: ofTheGalaxy\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t-federation\ndata:\n  zone: twilight\n',
    },
    root: 'prod',
    expected: `
apiVersion: v1
kind: Deployment
metadata:
  name: prod-t-kirk-storefront
spec:
  numReplicas: 10000
  type: Confident
---
apiVersion: v1
data:
  phaser: caress
kind: ConfigMap
metadata:
  name: prod-t-kirk-settings
---
apiVersion: v1
kind: Deployment
metadata:
  name: prod-t-spock-storefront
spec:
  numReplicas: 1
  type: Logical
---
apiVersion: v1
kind: Deployment
metadata:
  name: prod-t-bones-storefront
spec:
  mood: Cantankerous
  numReplicas: 1
  type: Concerned
---
apiVersion: v1
data:
  guardian: ofTheGalaxy
  zone: twilight
kind: ConfigMap
metadata:
  name: prod-t-federation
`,
  },
  {
    name: 'directoryarrangement_test__TestIssue596AllowDirectoriesThatAreSubstringsOfEachOther',
    files: {
      'base/kustomization.yaml': K(''),
      'overlays/aws/kustomization.yaml': K('resources:\n- ../../base\n'),
      'overlays/aws-nonprod/kustomization.yaml': K('resources:\n- ../aws\n'),
      'overlays/aws-sandbox2.us-east-1/kustomization.yaml': K('resources:\n- ../aws-nonprod\n'),
    },
    root: 'overlays/aws-sandbox2.us-east-1',
    expected: '',
  },
  { name: 'disablenamesuffix_test__TestDisableNameSuffixHash__1', files: { 'kustomization.yaml': K(SUFFIX_KUSTOMIZATION(false)), ...SUFFIX_FILES }, secretNames: ['foo-secret-bar-82c2g5f8f6'] },
  { name: 'disablenamesuffix_test__TestDisableNameSuffixHash__2', files: { 'kustomization.yaml': K(SUFFIX_KUSTOMIZATION(true)), ...SUFFIX_FILES }, secretNames: ['foo-secret-bar'] },
  {
    name: 'disablenamesuffix_test__TestDisableNameSuffixHashPerObject',
    files: {
      'kustomization.yaml': K('\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ngeneratorOptions:\n  disableNameSuffixHash: false\nsecretGenerator:\n- name: nohash\n  options:\n    disableNameSuffixHash: true\n  literals:\n    - DB_USERNAME=admin\n    - DB_PASSWORD=somepw\n  type: Opaque\n- name: yeshash\n  options:\n    disableNameSuffixHash: false\n  literals:\n    - DB_USERNAME=admin\n    - DB_PASSWORD=somepw\n  type: Opaque\n'),
    },
    secretNames: ['nohash', 'yeshash-82c2g5f8f6'],
  },
  {
    name: 'duplicatekeys_test__TestDuplicateKeys',
    files: {
      'kustomization.yaml': K('resources:\n- resources.yaml\n'),
      'resources.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
spec:
  selector:
    matchLabels:
      app: podinfo
  template:
    spec:
      containers:
      - name: podinfod
        image: ghcr.io/stefanprodan/podinfo:5.0.3 
        command:
        - ./podinfo
        env:
        - name: PODINFO_UI_COLOR
          value: "#34577c"
        env:
          - name: PODINFO_UI_COLOR
            value: "#34577c"
`,
    },
    error: '',
  },
);

// generatename_test.go, gvknpatch_test.go
const OLD_DEPLOYMENT = 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: old-name\nspec:\n  template:\n    spec:\n      containers:\n        - name: nginx\n          image: nginx\n';
const nginxObject = (kind: string, name: string, replicas = ''): string => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${replicas ? `  replicas: ${replicas}\n` : ''}  template:\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n`;
const gvknPatchOptions = (name: boolean, kind: boolean): string => (name || kind ? `  options:\n${name ? '    allowNameChange: true\n' : ''}${kind ? '    allowKindChange: true\n' : ''}` : '');
/** TestPatch*Name*: a base renames (and maybe re-kinds) its Deployment, an overlay patches it by one of its ids. */
const gvknOverlay = (basePatchKind: string, kindChange: boolean, overlayKind: string, overlayName: string): Record<string, string> => ({
  'base/deployment.yaml': OLD_DEPLOYMENT,
  'base/patch.yaml': `apiVersion: v1\nkind: ${basePatchKind}\nmetadata:\n  name: new-name\n`,
  'base/kustomization.yaml': K(`resources:\n- deployment.yaml\npatches:\n- path: patch.yaml\n  target:\n    kind: Deployment\n${gvknPatchOptions(true, kindChange)}`),
  'overlay/kustomization.yaml': K('resources:\n- ../base\npatchesStrategicMerge:\n- depPatch.yaml\n'),
  'overlay/depPatch.yaml': `apiVersion: v1\nkind: ${overlayKind}\nmetadata:\n  name: ${overlayName}\nspec:\n  replicas: 999\n`,
});
CASES.push(
  {
    name: 'generatename_test__TestGenerateName',
    files: {
      'kustomization.yaml': K('resources:\n- job.yaml\nnamePrefix: pre-\nnameSuffix: -post\n'),
      'job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: job-\nspec:\n  template:\n    spec:\n      containers:\n      - name: job\n        image: run/job:1.0\n        command:\n        - echo\n        - done\n',
    },
    expected: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: job-\nspec:\n  template:\n    spec:\n      containers:\n      - command:\n        - echo\n        - done\n        image: run/job:1.0\n        name: job\n',
  },
  ...([
    ['TestKeepOriginalGVKN', 'StatefulSet', 'new-name', false, false, nginxObject('Deployment', 'old-name')],
    ['TestChangeName', 'Deployment', 'new-name', true, false, nginxObject('Deployment', 'new-name')],
    ['TestChangeKind', 'StatefulSet', 'old-name', false, true, nginxObject('StatefulSet', 'old-name')],
    ['TestChangeNameAndKind', 'StatefulSet', 'new-name', true, true, nginxObject('StatefulSet', 'new-name')],
  ] as const).map(([test, kind, name, nameChange, kindChange, expected]): KrustyCase => ({
    name: `gvknpatch_test__${test}`,
    files: {
      'deployment.yaml': OLD_DEPLOYMENT,
      'patch.yaml': `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n`,
      'kustomization.yaml': K(`resources:\n- deployment.yaml\n\npatches:\n- path: patch.yaml\n  target:\n    kind: Deployment\n${gvknPatchOptions(nameChange, kindChange)}`),
    },
    expected,
  })),
  { name: 'gvknpatch_test__TestPatchOriginalName', files: gvknOverlay('Deployment', false, 'Deployment', 'old-name'), root: 'overlay', expected: nginxObject('Deployment', 'new-name', '999') },
  { name: 'gvknpatch_test__TestPatchNewName', files: gvknOverlay('Deployment', false, 'Deployment', 'new-name'), root: 'overlay', expected: nginxObject('Deployment', 'new-name', '999') },
  { name: 'gvknpatch_test__TestPatchOriginalNameAndKind', files: gvknOverlay('StatefulSet', true, 'Deployment', 'old-name'), root: 'overlay', expected: nginxObject('StatefulSet', 'new-name', '999') },
  { name: 'gvknpatch_test__TestPatchNewNameAndKind', files: gvknOverlay('StatefulSet', true, 'StatefulSet', 'new-name'), root: 'overlay', expected: nginxObject('StatefulSet', 'new-name', '999') },
  { name: 'gvknpatch_test__TestPatchOriginalNameAndNewKind', files: gvknOverlay('StatefulSet', true, 'Deployment', 'new-name'), root: 'overlay', error: '' },
  {
    name: 'gvknpatch_test__TestBaseReuseNameAndKindConflict',
    files: {
      'shared/kustomization.yaml': K('resources:\n  - deployment.yaml\n'),
      'shared/deployment.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: my-deploy\nspec:\n  template:\n    spec:\n      containers:\n        - name: nginx\n          image: nginx\n',
      'component1/base/kustomization.yaml': K('resources:\n  - ../../shared\n'),
      'component1/overlay/kustomization.yaml': K('resources:\n  - ../base\nnamePrefix: overlay-\n'),
      'component2/base/kustomization.yaml': K('resources:\n  - ../../shared\npatches:\n- path: patch.yaml\n  target:\n    kind: Deployment\n    name: my-deploy\n  options:\n    allowNameChange: true\n    allowKindChange: true\n'),
      'component2/base/patch.yaml': 'apiVersion: v1\nkind: StatefulSet\nmetadata:\n  name: my-stateful-set\n',
      'component2/overlay/kustomization.yaml': K('resources:\n  - ../base\nnamePrefix: overlay-\n'),
      'kustomization.yaml': K('resources:\n  - component1/overlay\n  - component2/overlay\n'),
    },
    expected: `${nginxObject('Deployment', 'overlay-my-deploy')}---\n${nginxObject('StatefulSet', 'overlay-my-stateful-set')}`,
  },
  {
    name: 'gvknpatch_test__TestNameReferenceAfterGvknChange',
    files: {
      'configMap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old-name\n',
      'patch.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: new-name\n',
      'deployment.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: deploy\nspec:\n  template:\n    spec:\n      containers:\n      - env:\n        - valueFrom:\n            configMapKeyRef:\n              name: old-name\n              key: somekey\n        envFrom:\n        - configMapRef:\n            name: old-name\n            key: somekey\n',
      'kustomization.yaml': K('resources:\n- configMap.yaml\n- deployment.yaml\npatches:\n- path: patch.yaml\n  target:\n    kind: ConfigMap\n  options:\n    allowNameChange: true\n'),
    },
    expected: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: new-name\n---\napiVersion: v1\nkind: Deployment\nmetadata:\n  name: deploy\nspec:\n  template:\n    spec:\n      containers:\n      - env:\n        - valueFrom:\n            configMapKeyRef:\n              key: somekey\n              name: new-name\n        envFrom:\n        - configMapRef:\n            key: somekey\n            name: new-name\n',
  },
  {
    name: 'gvknpatch_test__TestNameReferenceAfterJsonPatch',
    files: {
      'resources.yaml': 'apiVersion: v1\ndata:\n  bar: "bar"\nkind: ConfigMap\nmetadata:\n  name: cm\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: foo\nspec:\n  selector:\n    matchLabels:\n      foo: foo\n  template:\n    metadata:\n      labels:\n        foo: foo\n    spec:\n      containers:\n      - name: foo\n        image: example\n        volumeMounts:\n        - mountPath: /path\n          name: myvol\n      volumes:\n      - configMap:\n          name: cm\n        name: myvol\n',
      'kustomization.yaml': K('namePrefix: foo-\nresources:\n- resources.yaml\npatches:\n- target:\n    group: apps\n    version: v1\n    name: foo\n  patch: |\n    - op: replace\n      path: /kind\n      value: Deployment\n'),
    },
    expected: 'apiVersion: v1\ndata:\n  bar: "bar"\nkind: ConfigMap\nmetadata:\n  name: foo-cm\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: foo-foo\nspec:\n  selector:\n    matchLabels:\n      foo: foo\n  template:\n    metadata:\n      labels:\n        foo: foo\n    spec:\n      containers:\n      - image: example\n        name: foo\n        volumeMounts:\n        - mountPath: /path\n          name: myvol\n      volumes:\n      - configMap:\n          name: foo-cm\n        name: myvol\n',
  },
  {
    name: 'gvknpatch_test__TestNameReferenceAfterJsonPatchConfigMapGenerator',
    files: {
      'statefulset.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: foo\nspec:\n  selector:\n    matchLabels:\n      foo: foo\n  template:\n    metadata:\n      labels:\n        foo: foo\n    spec:\n      containers:\n      - name: foo\n        image: example\n        volumeMounts:\n        - mountPath: /path\n          name: myvol\n      volumes:\n      - configMap:\n          name: cm\n        name: myvol\n',
      'kustomization.yaml': K('resources:\n- statefulset.yaml\npatches:\n- target:\n    group: apps\n    version: v1\n    name: foo\n  patch: |\n    - op: replace\n      path: /kind\n      value: Deployment\nconfigMapGenerator:\n- name: cm\n  literals:\n  - bar=bar\n'),
    },
    expected: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: foo\nspec:\n  selector:\n    matchLabels:\n      foo: foo\n  template:\n    metadata:\n      labels:\n        foo: foo\n    spec:\n      containers:\n      - image: example\n        name: foo\n        volumeMounts:\n        - mountPath: /path\n          name: myvol\n      volumes:\n      - configMap:\n          name: cm-8hm8224gfd\n        name: myvol\n---\napiVersion: v1\ndata:\n  bar: "bar"\nkind: ConfigMap\nmetadata:\n  name: cm-8hm8224gfd\n',
  },
);

// generatoroptions_test.go
CASES.push(
  {
    name: 'generatoroptions_test__TestSecretGenerator',
    files: {
      'kustomization.yaml': K('secretGenerator:\n- name: bob\n  literals:\n  - FRUIT=apple\n  - VEGETABLE=carrot\n  files:\n  - foo.env\n  - passphrase=phrase.dat\n  envs:\n  - foo.env\n'),
      'foo.env': '\nMOUNTAIN=everest\nOCEAN=pacific\n',
      'phrase.dat': 'dat phrase',
    },
    expected: 'apiVersion: v1\ndata:\n  FRUIT: YXBwbGU=\n  MOUNTAIN: ZXZlcmVzdA==\n  OCEAN: cGFjaWZpYw==\n  VEGETABLE: Y2Fycm90\n  foo.env: Ck1PVU5UQUlOPWV2ZXJlc3QKT0NFQU49cGFjaWZpYwo=\n  passphrase: ZGF0IHBocmFzZQ==\nkind: Secret\nmetadata:\n  name: bob-bh645k7tmg\ntype: Opaque\n',
  },
  {
    name: 'generatoroptions_test__TestGeneratorOptionsWithBases',
    files: {
      'base/kustomization.yaml': K('generatorOptions:\n  disableNameSuffixHash: true\n  labels:\n    foo: bar\nconfigMapGenerator:\n- name: shouldNotHaveHash\n  literals:\n  - foo=bar\n'),
      'overlay/kustomization.yaml': K('resources:\n- ../base\ngeneratorOptions:\n  disableNameSuffixHash: false\n  labels:\n    fruit: apple\nconfigMapGenerator:\n- name: shouldHaveHash\n  literals:\n  - fruit=apple\n'),
    },
    root: 'overlay',
    expected: 'apiVersion: v1\ndata:\n  foo: bar\nkind: ConfigMap\nmetadata:\n  labels:\n    foo: bar\n  name: shouldNotHaveHash\n---\napiVersion: v1\ndata:\n  fruit: apple\nkind: ConfigMap\nmetadata:\n  labels:\n    fruit: apple\n  name: shouldHaveHash-c9867f8446\n',
  },
  {
    name: 'generatoroptions_test__TestGeneratorOptionsOverlayDisableNameSuffixHash',
    files: {
      'base/kustomization.yaml': K('generatorOptions:\n  disableNameSuffixHash: false\n  labels:\n    foo: bar\nconfigMapGenerator:\n- name: baseShouldHaveHashButOverlayShouldNot\n  literals:\n  - foo=bar\n'),
      'overlay/kustomization.yaml': K('resources:\n- ../base\ngeneratorOptions:\n  disableNameSuffixHash: true\n  labels:\n    fruit: apple\nconfigMapGenerator:\n- name: baseShouldHaveHashButOverlayShouldNot\n  behavior: merge\n  literals:\n  - fruit=apple\n'),
    },
    root: 'overlay',
    expected: 'apiVersion: v1\ndata:\n  foo: bar\n  fruit: apple\nkind: ConfigMap\nmetadata:\n  labels:\n    foo: bar\n    fruit: apple\n  name: baseShouldHaveHashButOverlayShouldNot\n',
  },
);

describe('kustomize krusty tests a to h', () => {
  for (const krusty of CASES) {
    test(krusty.name, () => {
      if (!krusty.secretNames) {
        assertKrustyCase(krusty);
        return;
      }
      const result = renderKrustyCase(krusty);
      assert.equal(result.error?.message, undefined);
      const secrets = result.resources.filter((resource) => stringAt(resource.node, 'kind') === 'Secret');
      assert.deepEqual(secrets.map((resource) => stringAt(resource.node, 'metadata', 'name')).sort(), [...krusty.secretNames].sort());
    });
  }
});
