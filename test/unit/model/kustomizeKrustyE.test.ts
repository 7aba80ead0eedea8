/**
 * Cases ported from kustomize's api/krusty tests namespaces_test.go, nameupdateinroleref_test.go,
 * numericcommonlabels_test.go, openapicustomschema_test.go, openapiunion_test.go, openapiversion_test.go,
 * managedbylabel_test.go, longlinebreak_test.go, stringquoteblank_test.go, list_order_test.go, kustomizer_test.go,
 * namereference_test.go and multiplepatch_test.go (the cases kustomizeKrustyB does not hold): the files each test
 * wrote, the folder it built, and the objects it expects (compared as a multiset, as the conformance cases are) or
 * the failure it expects. Tests needing non-default build options are left out.
 */
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { assertKrustyCase, writtenByWriteK, type KrustyCase } from '../../support/krustyCases';


const CASES: KrustyCase[] = [];

// namespaces_test.go
const ES_DEV = `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: elasticsearch
  namespace: dev
spec:
  template:
    spec:
      containers:
        - name: elasticsearch
          env:
            - name: DISCOVERY_SERVICE
              value: "$(elasticsearch-dev-service-name).monitoring.svc.cluster.local"
            - name: DISCOVERY_PROTOCOL
              value: "$(elasticsearch-dev-protocol)"
---
apiVersion: v1
kind: Service
metadata:
  name: elasticsearch
  namespace: dev
spec:
  ports:
    - name: transport
      port: 9300
      protocol: TCP
  clusterIP: None
`;
const ES_TEST = ES_DEV.replace(/namespace: dev/g, 'namespace: test').replace(/elasticsearch-dev-/g, 'elasticsearch-test-').replace('protocol: TCP', 'protocol: UDP');
const ES_EXPECTED = `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: elasticsearch
  namespace: dev
spec:
  template:
    spec:
      containers:
      - env:
        - name: DISCOVERY_SERVICE
          value: elasticsearch.monitoring.svc.cluster.local
        - name: DISCOVERY_PROTOCOL
          value: TCP
        name: elasticsearch
---
apiVersion: v1
kind: Service
metadata:
  name: elasticsearch
  namespace: dev
spec:
  clusterIP: None
  ports:
  - name: transport
    port: 9300
    protocol: TCP
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: elasticsearch
  namespace: test
spec:
  template:
    spec:
      containers:
      - env:
        - name: DISCOVERY_SERVICE
          value: elasticsearch.monitoring.svc.cluster.local
        - name: DISCOVERY_PROTOCOL
          value: UDP
        name: elasticsearch
---
apiVersion: v1
kind: Service
metadata:
  name: elasticsearch
  namespace: test
spec:
  clusterIP: None
  ports:
  - name: transport
    port: 9300
    protocol: UDP
`;
/** A var on the Service `elasticsearch` (in `namespace` when given). */
function esVar(name: string, fieldpath: string, namespace?: string): string {
  return `- name: ${name}
  objref:
    kind: Service
    name: elasticsearch
${namespace ? `    namespace: ${namespace}\n` : ''}    apiVersion: v1
  fieldref:
    fieldpath: ${fieldpath}
`;
}
function esVars(env: string, namespace?: string): string {
  return esVar(`elasticsearch-${env}-service-name`, 'metadata.name', namespace) + esVar(`elasticsearch-${env}-protocol`, 'spec.ports[0].protocol', namespace);
}
CASES.push(
  {
    name: 'namespaces_test.go TestNamespacedSecrets',
    root: '.',
    files: {
      'secrets.yaml': `
apiVersion: v1
kind: Secret
metadata:
  name: dummy
  namespace: default
type: Opaque
data:
  dummy: ""
---
apiVersion: v1
kind: Secret
metadata:
  name: dummy
  namespace: kube-system
type: Opaque
data:
  dummy: ""
`,
      'role.yaml': `
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: dummy
rules:
- apiGroups: [""]
  resources: ["secrets"]
  resourceNames: ["dummy"]
  verbs: ["get"]
`,
      'kustomization.yaml': `
resources:
- secrets.yaml
- role.yaml
`,
    },
    expected: `
apiVersion: v1
data:
  dummy: ""
kind: Secret
metadata:
  name: dummy
  namespace: default
type: Opaque
---
apiVersion: v1
data:
  dummy: ""
kind: Secret
metadata:
  name: dummy
  namespace: kube-system
type: Opaque
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: dummy
rules:
- apiGroups:
  - ""
  resourceNames:
  - dummy
  resources:
  - secrets
  verbs:
  - get
`,
  },
  {
    // The harness's root '/' is its own parent: '../ov1' from '.' is '/ov1'. Here the build runs one folder down.
    name: 'namespaces_test.go TestNameReferenceDeploymentIssue3489',
    root: 'top',
    files: {
      'base/kustomization.yaml': `
resources:
- cm.yaml
- dep.yaml
`,
      'base/cm.yaml': `
apiVersion: v1
kind: ConfigMap
metadata:
  name: myMap
`,
      'base/dep.yaml': `
apiVersion: v1
group: apps
kind: Deployment
metadata:
  name: myDep
spec:
  template:
    spec:
      containers:
      - env:
        - name: CM_FOO
          valueFrom:
            configMapKeyRef:
              key: foo
              name: myMap
`,
      'ov1/kustomization.yaml': `
resources:
- ../base
namePrefix: pp-
`,
      'ov2/kustomization.yaml': `
resources:
- ../base
nameSuffix: -ss
`,
      'ov3/kustomization.yaml': `
resources:
- ../base
namespace: fred
nameSuffix: -xx
`,
      'top/kustomization.yaml': `
resources:
- ../ov1
- ../ov2
- ../ov3
`,
    },
    expected: `
apiVersion: v1
kind: ConfigMap
metadata:
  name: pp-myMap
---
apiVersion: v1
group: apps
kind: Deployment
metadata:
  name: pp-myDep
spec:
  template:
    spec:
      containers:
      - env:
        - name: CM_FOO
          valueFrom:
            configMapKeyRef:
              key: foo
              name: pp-myMap
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: myMap-ss
---
apiVersion: v1
group: apps
kind: Deployment
metadata:
  name: myDep-ss
spec:
  template:
    spec:
      containers:
      - env:
        - name: CM_FOO
          valueFrom:
            configMapKeyRef:
              key: foo
              name: myMap-ss
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: myMap-xx
  namespace: fred
---
apiVersion: v1
group: apps
kind: Deployment
metadata:
  name: myDep-xx
  namespace: fred
spec:
  template:
    spec:
      containers:
      - env:
        - name: CM_FOO
          valueFrom:
            configMapKeyRef:
              key: foo
              name: myMap-xx
`,
  },
  {
    name: 'namespaces_test.go TestVariablesAmbiguous',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- elasticsearch-dev-service.yaml
- elasticsearch-test-service.yaml
vars:
${esVars('test')}${esVars('dev')}`,
      'elasticsearch-dev-service.yaml': ES_DEV,
      'elasticsearch-test-service.yaml': ES_TEST,
    },
    error: 'unable to disambiguate',
  },
  {
    name: 'namespaces_test.go TestVariablesAmbiguousWorkaround',
    root: 'workaround',
    files: {
      'dev/kustomization.yaml': `
resources:
- elasticsearch-dev-service.yaml
vars:
${esVars('dev')}`,
      'dev/elasticsearch-dev-service.yaml': ES_DEV,
      'test/kustomization.yaml': `
resources:
- elasticsearch-test-service.yaml
vars:
${esVars('test')}`,
      'test/elasticsearch-test-service.yaml': ES_TEST,
      'workaround/kustomization.yaml': `
resources:
- ../dev
- ../test
`,
    },
    expected: ES_EXPECTED,
  },
  {
    name: 'namespaces_test.go TestVariablesDisambiguatedWithNamespace',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- elasticsearch-dev-service.yaml
- elasticsearch-test-service.yaml
vars:
${esVars('test', 'test')}${esVars('dev', 'dev')}`,
      'elasticsearch-dev-service.yaml': ES_DEV,
      'elasticsearch-test-service.yaml': ES_TEST,
    },
    expected: ES_EXPECTED,
  },
  {
    name: 'namespaces_test.go TestAddNamePrefixWithNamespace',
    root: '.',
    files: {
      'serviceaccount.yaml': `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: prometheus
`,
      'clusterrolebinding.yaml': `
apiVersion: rbac.authorization.k8s.io/v1beta1
kind: ClusterRoleBinding
metadata:
  name: prometheus
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: prometheus
subjects:
- kind: ServiceAccount
  name: prometheus
  namespace: iter8-monitoring
`,
      'kustomization.yaml': `
namePrefix: iter8-
namespace: iter8-monitoring
resources:
- clusterrolebinding.yaml
- serviceaccount.yaml
`,
    },
    expected: `
apiVersion: rbac.authorization.k8s.io/v1beta1
kind: ClusterRoleBinding
metadata:
  name: iter8-prometheus
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: prometheus
subjects:
- kind: ServiceAccount
  name: iter8-prometheus
  namespace: iter8-monitoring
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: iter8-prometheus
  namespace: iter8-monitoring
`,
  },
);

// nameupdateinroleref_test.go
CASES.push(
  {
    name: 'nameupdateinroleref_test.go TestNameUpdateInRoleRef',
    root: '/app',
    files: {
      '/app/rbac.yaml': `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: my-role
rules:
- apiGroups:
  - '*'
  resources:
  - '*'
  verbs:
  - get
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: my-role
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: my-role
subjects:
- kind: ServiceAccount
  name: default
  namespace: foo
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: my-role
rules:
- apiGroups:
  - ""
  resources:
  - secrets
  verbs:
  - get
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: my-role
roleRef:
  apiGroup: rbac.authorization.k8s.io
  version: v1
  kind: Role
  name: my-role
subjects:
- kind: ServiceAccount
  name: default
`,
      '/app/kustomization.yaml': `
namespace: foo
resources:
- rbac.yaml

patches:
- patch: |-
    - op: add
      path: /metadata/name
      value: prefix_my-role
  target:
    group: rbac.authorization.k8s.io
    version: v1
    kind: ClusterRole
    name: my-role
`,
    },
    expected: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: prefix_my-role
rules:
- apiGroups:
  - '*'
  resources:
  - '*'
  verbs:
  - get
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: my-role
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: prefix_my-role
subjects:
- kind: ServiceAccount
  name: default
  namespace: foo
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: my-role
  namespace: foo
rules:
- apiGroups:
  - ""
  resources:
  - secrets
  verbs:
  - get
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: my-role
  namespace: foo
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: my-role
  version: v1
subjects:
- kind: ServiceAccount
  name: default
  namespace: foo
`,
  },
  {
    name: 'nameupdateinroleref_test.go TestNameUpdateInRoleRef2',
    root: '/app',
    files: {
      '/app/workloads.yaml': `
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: myapp

---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: myapp
rules:
- apiGroups:
  - ""
  resources:
  - nodes/metrics
  verbs:
  - get

---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: myapp
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: myapp
subjects:
- kind: ServiceAccount
  name: myapp

---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: myapp
rules:
- apiGroups:
  - ""
  resources:
  - services
  verbs:
  - get

---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: myapp
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: myapp
subjects:
- kind: ServiceAccount
  name: myapp
`,
      '/app/suffixTransformer.yaml': `
apiVersion: builtin
kind: PrefixSuffixTransformer
metadata:
  name: notImportantHere
suffix: -suffix
fieldSpecs:
- path: metadata/name
  kind: ClusterRole
  name: myapp
- path: metadata/name
  kind: ClusterRoleBinding
  name: myapp
`,
      '/app/kustomization.yaml': `
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- workloads.yaml
transformers:
- suffixTransformer.yaml
namespace: test

`,
    },
    expected: `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: myapp
  namespace: test
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: myapp-suffix
rules:
- apiGroups:
  - ""
  resources:
  - nodes/metrics
  verbs:
  - get
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: myapp-suffix
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: myapp-suffix
subjects:
- kind: ServiceAccount
  name: myapp
  namespace: test
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: myapp
  namespace: test
rules:
- apiGroups:
  - ""
  resources:
  - services
  verbs:
  - get
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: myapp
  namespace: test
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: myapp
subjects:
- kind: ServiceAccount
  name: myapp
  namespace: test
`,
  },
);

// numericcommonlabels_test.go
CASES.push({
  name: 'numericcommonlabels_test.go TestNumericCommonLabels',
  root: '/app/default',
  files: {
    '/app/default/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: the-deployment
`,
    '/app/default/kustomization.yaml': `
commonLabels:
  version: "1"
resources:
- deployment.yaml
`,
  },
  expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    version: "1"
  name: the-deployment
spec:
  selector:
    matchLabels:
      version: "1"
  template:
    metadata:
      labels:
        version: "1"
`,
});

// openapicustomschema_test.go (testdata/customschema.yaml; the .json file holds the same schema)
const CUSTOM_SCHEMA_YAML = `definitions:
  v1alpha1.MyCRD:
    properties:
      apiVersion:
        type: string
      kind:
        type: string
      metadata:
        type: object
      spec:
        properties:
          template:
            "$ref": "#/definitions/io.k8s.api.core.v1.PodTemplateSpec"
        type: object
      status:
        properties:
          success:
            type: boolean
        type: object
    type: object
    x-kubernetes-group-version-kind:
      - group: example.com
        kind: MyCRD
        version: v1alpha1
  io.k8s.api.core.v1.PodTemplateSpec:
    properties:
      metadata:
        "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
      spec:
        "$ref": "#/definitions/io.k8s.api.core.v1.PodSpec"
    type: object
  io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta:
    properties:
      name:
        type: string
    type: object
  io.k8s.api.core.v1.PodSpec:
    properties:
      containers:
        items:
          "$ref": "#/definitions/io.k8s.api.core.v1.Container"
        type: array
        x-kubernetes-patch-merge-key: name
        x-kubernetes-patch-strategy: merge
    type: object
  io.k8s.api.core.v1.Container:
    properties:
      command:
        items:
          type: string
        type: array
      image:
        type: string
      name:
        type: string
      ports:
        items:
          "$ref": "#/definitions/io.k8s.api.core.v1.ContainerPort"
        type: array
        x-kubernetes-list-map-keys:
          - containerPort
          - protocol
        x-kubernetes-list-type: map
        x-kubernetes-patch-merge-key: containerPort
        x-kubernetes-patch-strategy: merge
    type: object
  io.k8s.api.core.v1.ContainerPort:
    properties:
      containerPort:
        type: integer
      name:
        type: string
      protocol:
        type: string
    type: object
`;
const CUSTOM_SCHEMA_JSON = JSON.stringify(parse(CUSTOM_SCHEMA_YAML), null, 2);
const MY_CRD = `
apiVersion: example.com/v1alpha1
kind: MyCRD
metadata:
  name: service
spec:
  template:
    spec:
      containers:
      - name: server
        image: server
        command: example
        ports:
        - name: grpc
          protocol: TCP
          containerPort: 8080
`;
const CUSTOM_SCHEMA_PATCH = `
patchesStrategicMerge:
- |-
  apiVersion: example.com/v1alpha1
  kind: MyCRD
  metadata:
    name: service
  spec:
    template:
      spec:
        containers:
        - name: server
          image: nginx
`;
const PATCHED_MY_CRD = `
apiVersion: example.com/v1alpha1
kind: MyCRD
metadata:
  name: service
spec:
  template:
    spec:
      containers:
      - command: example
        image: nginx
        name: server
        ports:
        - containerPort: 8080
          name: grpc
          protocol: TCP
`;
CASES.push(
  {
    name: 'openapicustomschema_test.go TestCustomOpenApiFieldBasicUsage',
    root: '.',
    files: { 'kustomization.yaml': `\nresources:\n- mycrd.yaml\nopenapi:\n  path: mycrd_schema.json\n${CUSTOM_SCHEMA_PATCH}`, 'mycrd.yaml': MY_CRD, 'mycrd_schema.json': CUSTOM_SCHEMA_JSON },
    expected: PATCHED_MY_CRD,
  },
  {
    name: 'openapicustomschema_test.go TestCustomOpenApiFieldYaml',
    root: '.',
    files: { 'kustomization.yaml': `\nresources:\n- mycrd.yaml\nopenapi:\n  path: mycrd_schema.yaml\n${CUSTOM_SCHEMA_PATCH}`, 'mycrd.yaml': MY_CRD, 'mycrd_schema.yaml': CUSTOM_SCHEMA_YAML },
    expected: PATCHED_MY_CRD,
  },
  {
    name: 'openapicustomschema_test.go TestCustomOpenApiFieldBothPathAndVersion',
    root: '.',
    files: { 'kustomization.yaml': `\nresources:\n- mycrd.yaml\nopenapi:\n  version: v1.21.2\n  path: mycrd_schema.json\n${CUSTOM_SCHEMA_PATCH}`, 'mycrd.yaml': MY_CRD, 'mycrd_schema.json': CUSTOM_SCHEMA_JSON },
    error: 'builtin version and custom schema provided, cannot use both',
  },
  {
    name: 'openapicustomschema_test.go TestCustomOpenApiFieldFileNotFound',
    root: '.',
    files: { 'kustomization.yaml': `\nresources:\n- mycrd.yaml\nopenapi:\n  path: mycrd_schema.json\n${CUSTOM_SCHEMA_PATCH}`, 'mycrd.yaml': MY_CRD },
    error: 'mycrd_schema.json',
  },
  {
    name: 'openapicustomschema_test.go TestCustomOpenApiFieldFromBase',
    root: 'overlay',
    files: {
      'base/kustomization.yaml': '\nresources:\n- mycrd.yaml\nopenapi:\n  path: mycrd_schema.json\n',
      'overlay/kustomization.yaml': `\nresources:\n- ../base\n${CUSTOM_SCHEMA_PATCH}`,
      'base/mycrd.yaml': MY_CRD,
      'base/mycrd_schema.json': CUSTOM_SCHEMA_JSON,
    },
    expected: PATCHED_MY_CRD,
  },
  {
    name: 'openapicustomschema_test.go TestCustomOpenApiFieldFromOverlay',
    root: 'overlay',
    files: {
      'base/kustomization.yaml': '\nresources:\n- mycrd.yaml\n',
      'overlay/kustomization.yaml': `\nresources:\n- ../base\nopenapi:\n  path: mycrd_schema.json\n${CUSTOM_SCHEMA_PATCH}`,
      'base/mycrd.yaml': MY_CRD,
      'overlay/mycrd_schema.json': CUSTOM_SCHEMA_JSON,
    },
    expected: PATCHED_MY_CRD,
  },
  {
    name: 'openapicustomschema_test.go TestCustomOpenApiFieldOverlayTakesPrecedence',
    root: 'overlay',
    files: {
      'base/kustomization.yaml': '\nresources:\n- mycrd.yaml\nopenapi:\n  path: mycrd_schema.json\n',
      'overlay/kustomization.yaml': `\nresources:\n- ../base\nopenapi:\n  version: v1.21.2\n${CUSTOM_SCHEMA_PATCH}`,
      'base/mycrd.yaml': MY_CRD,
      'base/mycrd_schema.json': CUSTOM_SCHEMA_JSON,
    },
    expected: `
apiVersion: example.com/v1alpha1
kind: MyCRD
metadata:
  name: service
spec:
  template:
    spec:
      containers:
      - image: nginx
        name: server
`,
  },
);

// openapiunion_test.go
CASES.push(
  {
    name: 'openapiunion_test.go TestBuiltinOpenAPIUnionSupportsRemovedGVK',
    root: '.',
    files: {
      'kustomization.yaml': '\nresources:\n- cronjob.yaml\npatches:\n- path: patch.yaml\n',
      'cronjob.yaml': `
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: example
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: main
            image: example:v1
          - name: sidecar
            image: sidecar:v1
`,
      'patch.yaml': `
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: example
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: main
            image: example:v2
`,
    },
    expected: `
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: example
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - image: example:v2
            name: main
          - image: sidecar:v1
            name: sidecar
`,
  },
  {
    name: 'openapiunion_test.go TestBuiltinOpenAPIUnionSupportsCurrentGVK',
    skip: 'MutatingAdmissionPolicy (admissionregistration.k8s.io/v1) is not in the built-in schema (Kubernetes v1.21.2) this renderer carries; the test (2026) is younger than the conformance commit',
    root: '.',
    files: {
      'kustomization.yaml': '\nresources:\n- policy.yaml\npatches:\n- path: patch.yaml\n',
      'policy.yaml': `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicy
metadata:
  name: example
spec:
  matchConditions:
  - name: first
    expression: "true"
  - name: second
    expression: "true"
`,
      'patch.yaml': `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicy
metadata:
  name: example
spec:
  matchConditions:
  - name: first
    expression: "false"
`,
    },
    expected: `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicy
metadata:
  name: example
spec:
  matchConditions:
  - expression: "false"
    name: first
  - expression: "true"
    name: second
`,
  },
);

// openapiversion_test.go
const MY_DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: myDeployment
spec:
  template:
    spec:
      containers:
      - image: whatever
`;
CASES.push(
  {
    name: 'openapiversion_test.go TestOpenApiFieldBasicUsage',
    root: '.',
    files: { 'kustomization.yaml': '\nopenapi:\n  version: v1.21.2\nresources:\n- deployment.yaml\n', 'deployment.yaml': MY_DEPLOYMENT },
    expected: MY_DEPLOYMENT,
  },
  {
    name: 'openapiversion_test.go TestOpenApiFieldNotBuiltin',
    root: '.',
    files: { 'kustomization.yaml': '\nopenapi:\n  version: v1.14.1\nresources:\n- deployment.yaml\n', 'deployment.yaml': MY_DEPLOYMENT },
    error: '',
  },
  {
    name: 'openapiversion_test.go TestOpenApiFieldDefaultVersion',
    root: '.',
    files: { 'kustomization.yaml': '\nresources:\n- deployment.yaml\n', 'deployment.yaml': MY_DEPLOYMENT },
    expected: MY_DEPLOYMENT,
  },
);

// managedbylabel_test.go (the subtest that asks for the label in buildMetadata; the other sets a build option)
CASES.push({
  name: 'managedbylabel_test.go TestAddManagedbyLabel/buildMetadata',
  root: '.',
  files: {
    'service.yaml': `
apiVersion: v1
kind: Service
metadata:
  name: myService
spec:
  ports:
  - port: 7002
`,
    'kustomization.yaml': '\nresources:\n- service.yaml\nbuildMetadata: [managedByLabel]\n',
  },
  expected: `apiVersion: v1
kind: Service
metadata:
  labels:
    app.kubernetes.io/managed-by: kustomize-v444.333.222
  name: myService
spec:
  ports:
  - port: 7002
`,
});

// longlinebreak_test.go, stringquoteblank_test.go
const LOREM = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Maecenas suscipit ex non molestie varius.';
CASES.push(
  {
    name: 'longlinebreak_test.go TestLongLineBreaks',
    root: '/app',
    files: {
      '/app/deployment.yaml': `
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: test
  labels:
    app.version: "{{ .Values.services.mariadb.app.version }}"
spec:
  template:
    spec:
      containers:
      - name: mariadb
        image: "thisIsAReallyLongRepositoryLinkThatResultsInALineBreakWhenBuildingWithKustomize/mariadb:{{ .Values.services.mariadb.image.version }}"
`,
      '/app/kustomization.yaml': '\nresources:\n- deployment.yaml\n',
    },
    expected: `
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  labels:
    app.version: '{{ .Values.services.mariadb.app.version }}'
  name: test
spec:
  template:
    spec:
      containers:
      - image: thisIsAReallyLongRepositoryLinkThatResultsInALineBreakWhenBuildingWithKustomize/mariadb:{{ .Values.services.mariadb.image.version }}
        name: mariadb
`,
  },
  {
    name: 'stringquoteblank_test.go TestLongLineBreaks',
    root: '.',
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
          value: ${LOREM}
        - name: LONG_STRING_BLANK_WITH_SINGLE_QUOTE
          value: '${LOREM}'
        - name: LONG_STRING_BLANK_WITH_DOUBLE_QUOTE
          value: "${LOREM}"
        - name: INVALID_PLAIN_STYLE_STRING
          value: ': test'
`,
      'kustomization.yaml': '\nresources:\n- deployment.yaml\n',
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
);

// list_order_test.go
CASES.push({
  name: 'list_order_test.go TestStableListOrderAfterStrategicMergePatch',
  skip: "kyaml's setAssociativeSequenceElements (prepend) puts the patched LAST first, as the renderer does; kustomize's golden outputs hold no such test, so this expectation is not kustomize's",
  root: '.',
  files: {
    'base.yaml': `
apiVersion: v1
kind: Pod
metadata:
  name: example
spec:
  containers:
  - name: example
    env:
    - name: ALFA
      value: alfa
    - name: BRAVO
      value: bravo
    - name: CHARLIE
      value: charlie
    - name: DELTA
      value: delta
    - name: LAST
      value: "$(DELTA)$(ALFA)$(DELTA)"
`,
    'patch.yaml': `
apiVersion: v1
kind: Pod
metadata:
  name: example
spec:
  containers:
  - name: example
    env:
    - name: LAST
      value: "$(ALFA)$(DELTA)$(ALFA)"
`,
    'kustomization.yaml': '\nresources:\n  - base.yaml\npatches:\n  - path: patch.yaml\n',
  },
  expected: `
apiVersion: v1
kind: Pod
metadata:
  name: example
spec:
  containers:
  - name: example
    env:
    - name: ALFA
      value: alfa
    - name: BRAVO
      value: bravo
    - name: CHARLIE
      value: charlie
    - name: DELTA
      value: delta
    - name: LAST
      value: "$(ALFA)$(DELTA)$(ALFA)"
`,
});

// kustomizer_test.go
CASES.push({ name: 'kustomizer_test.go TestEmptyFileSystem', root: 'noSuchThing', files: {}, error: "noSuchThing' doesn't exist" });

// namereference_test.go TestIssue3489 (the others are in kustomizeKrustyB)
const AZURE_ASSETS = `{
	"tenantId": "XXXXX-XXXXXX-XXXXX-XXXXXX-XXXXXX",
	"subscriptionId": "XXXXX-XXXXXX-XXXXX-XXXXXX-XXXXXX",
	"resourceGroup": "DNS-EUW-XXX-RG",
	"useManagedIdentityExtension": true,
	"userAssignedIdentityID": "XXXXX-XXXXXX-XXXXX-XXXXXX-XXXXXX"
}
`;
/** An external-dns overlay of TestIssue3489: `suffix` for its names, `instance` label, the args its patch sets. */
function externalDnsOverlay(suffix: string, instance: string, prefix: string, provider: string, domain: string): string {
  return `
resources:
- ../base
${suffix ? `nameSuffix: ${suffix}\n` : ''}commonLabels:
  app: external-dns
  instance: ${instance}
images:
- name: k8s.gcr.io/external-dns/external-dns
  newName: xxx.azurecr.io/external-dns
  newTag: v0.7.4_sylr.1
- name: quay.io/sylr/external-dns
  newName: xxx.azurecr.io/external-dns
  newTag: v0.7.4_sylr.1
secretGenerator:
- name: azure-config-file
  behavior: replace
  files:
  - assets/azure.json
patches:
- target:
    group: apps
    version: v1
    kind: Deployment
    name: external-dns
  patch: |-
    - op: replace
      path: /spec/template/spec/containers/0/args
      value:
      - --txt-owner-id="aks"
      - --txt-prefix=${prefix}
      - --source=service
      - --provider=${provider}
      - --registry=txt
      - --domain-filter=${domain}
`;
}
/** What TestIssue3489 expects of one overlay. */
function externalDnsExpected(suffix: string, instance: string, prefix: string, provider: string, domain: string): string {
  return `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  labels:
    app: external-dns
    instance: ${instance}
  name: external-dns${suffix}
rules:
- apiGroups:
  - ""
  resources:
  - endpoints
  - pods
  - services
  - nodes
  verbs:
  - get
  - watch
  - list
- apiGroups:
  - extensions
  - networking.k8s.io
  resources:
  - ingresses
  verbs:
  - get
  - watch
  - list
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  labels:
    app: external-dns
    instance: ${instance}
  name: external-dns-viewer${suffix}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: external-dns${suffix}
subjects:
- kind: ServiceAccount
  name: external-dns${suffix}
  namespace: kube-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: external-dns
    instance: ${instance}
  name: external-dns${suffix}
  namespace: kube-system
spec:
  selector:
    matchLabels:
      app: external-dns
      instance: ${instance}
  strategy:
    type: Recreate
  template:
    metadata:
      labels:
        app: external-dns
        instance: ${instance}
    spec:
      containers:
      - args:
        - --txt-owner-id="aks"
        - --txt-prefix=${prefix}
        - --source=service
        - --provider=${provider}
        - --registry=txt
        - --domain-filter=${domain}
        image: xxx.azurecr.io/external-dns:v0.7.4_sylr.1
        name: external-dns
        resources: {}
        volumeMounts:
        - mountPath: /etc/kubernetes
          name: azure-config-file
          readOnly: true
      serviceAccountName: external-dns${suffix}
      volumes:
      - name: azure-config-file
        secret:
          secretName: azure-config-file${suffix}-66cc4224mm
---
apiVersion: v1
kind: ServiceAccount
metadata:
  labels:
    app: external-dns
    instance: ${instance}
  name: external-dns${suffix}
  namespace: kube-system
---
apiVersion: v1
data:
  azure.json: |
    ewoJInRlbmFudElkIjogIlhYWFhYLVhYWFhYWC1YWFhYWC1YWFhYWFgtWFhYWFhYIiwKCS
    JzdWJzY3JpcHRpb25JZCI6ICJYWFhYWC1YWFhYWFgtWFhYWFgtWFhYWFhYLVhYWFhYWCIs
    CgkicmVzb3VyY2VHcm91cCI6ICJETlMtRVVXLVhYWC1SRyIsCgkidXNlTWFuYWdlZElkZW
    50aXR5RXh0ZW5zaW9uIjogdHJ1ZSwKCSJ1c2VyQXNzaWduZWRJZGVudGl0eUlEIjogIlhY
    WFhYLVhYWFhYWC1YWFhYWC1YWFhYWFgtWFhYWFhYIgp9Cg==
kind: Secret
metadata:
  labels:
    app: external-dns
    instance: ${instance}
  name: azure-config-file${suffix}-66cc4224mm
  namespace: kube-system
type: Opaque
`;
}
CASES.push({
  name: 'namereference_test.go TestIssue3489',
  root: '.',
  files: {
    'kustomization.yaml': '\nnamespace: kube-system\nresources:\n- external-dns\n- external-dns-private\n',
    'external-dns/kustomization.yaml': externalDnsOverlay('', 'public', 'external-dns-', 'azure', 'dev.company.com'),
    'external-dns/assets/azure.json': AZURE_ASSETS,
    'external-dns-private/kustomization.yaml': externalDnsOverlay('-private', 'private', 'external-dns-private-', 'azure-private-dns', 'static.company.az'),
    'external-dns-private/assets/azure.json': AZURE_ASSETS,
    'base/kustomization.yaml': `
resources:
- clusterrole.yaml
- clusterrolebinding.yaml
- deployment.yaml
- serviceaccount.yaml
commonLabels:
  app: external-dns
  instance: public
images:
- name: k8s.gcr.io/external-dns/external-dns
  newName: quay.io/sylr/external-dns
  newTag: v0.7.4-73-g00a9a0c7
secretGenerator:
- name: azure-config-file
  files:
  - assets/azure.json
`,
    'base/assets/azure.json': AZURE_ASSETS,
    'base/clusterrolebinding.yaml': `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: external-dns-viewer
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: external-dns
subjects:
- kind: ServiceAccount
  name: external-dns
`,
    'base/clusterrole.yaml': `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: external-dns
rules:
- apiGroups: ['']
  resources: ['endpoints', 'pods', 'services', 'nodes']
  verbs: ['get', 'watch', 'list']
- apiGroups: ['extensions', 'networking.k8s.io']
  resources: ['ingresses']
  verbs: ['get', 'watch', 'list']
`,
    'base/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: external-dns
spec:
  strategy:
    type: Recreate
  selector:
    matchLabels: {}
  template:
    metadata: {}
    spec:
      serviceAccountName: external-dns
      containers:
      - name: external-dns
        image: k8s.gcr.io/external-dns/external-dns
        args:
        - --domain-filter=""
        - --txt-owner-id=""
        - --txt-prefix=external-dns-
        - --source=service
        - --provider=azure
        - --registry=txt
        resources: {}
        volumeMounts:
        - name: azure-config-file
          mountPath: /etc/kubernetes
          readOnly: true
      volumes:
      - name: azure-config-file
        secret:
          secretName: azure-config-file
`,
    'base/serviceaccount.yaml': `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: external-dns
`,
  },
  expected:
    externalDnsExpected('', 'public', 'external-dns-', 'azure', 'dev.company.com') +
    '---' +
    externalDnsExpected('-private', 'private', 'external-dns-private-', 'azure-private-dns', 'static.company.az'),
});

// multiplepatch_test.go (TestMultiplePatchesNoConflict, TestMultiplePatchesWithOnePatchDeleteDirective and
// TestEmptyPatchesStrategicMergeFails are in kustomizeKrustyB)
const GATEKEEPER_BASE = {
  'base/kustomization.yaml': '\nresources:\n- namespace.yaml\n- deployment-controller-manager.yaml\n- deployment-audit-manager.yaml\n',
  'base/namespace.yaml': `
apiVersion: v1
kind: Namespace
metadata:
  labels:
    control-plane: controller-manager
    admission.gatekeeper.sh/ignore: no-self-managing
  name: system
`,
  'base/deployment-controller-manager.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller-manager
  namespace: system
  labels:
    control-plane: controller-manager
    gatekeeper.sh/operation: webhook
spec:
  selector:
    matchLabels:
      control-plane: controller-manager
      gatekeeper.sh/operation: webhook
  replicas: 3
  template:
    metadata:
      annotations:
        container.seccomp.security.alpha.kubernetes.io/manager: runtime/default
      labels:
        control-plane: controller-manager
        gatekeeper.sh/operation: webhook
    spec:
      containers:
        - command:
            - /manager
          args:
            - "--port=8443"
            - "--logtostderr"
            - "--exempt-namespace=gatekeeper-system"
            - "--operation=webhook"
          image: openpolicyagent/gatekeeper:v3.4.0
          imagePullPolicy: Always
          name: manager
      terminationGracePeriodSeconds: 60
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-cluster-critical
`,
  'base/deployment-audit-manager.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: audit
  namespace: system
  labels:
    control-plane: audit-controller
    gatekeeper.sh/operation: audit
spec:
  selector:
    matchLabels:
      control-plane: audit-controller
      gatekeeper.sh/operation: audit
  replicas: 1
  template:
    metadata:
      labels:
        control-plane: audit-controller
        gatekeeper.sh/operation: audit
      annotations:
        container.seccomp.security.alpha.kubernetes.io/manager: runtime/default
    spec:
      automountServiceAccountToken: true
      containers:
        - args:
            - --operation=audit
            - --operation=status
            - --logtostderr
          command:
            - /manager
          env:
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  apiVersion: v1
                  fieldPath: metadata.namespace
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
          image: openpolicyagent/gatekeeper:v3.4.0
          imagePullPolicy: Always
          livenessProbe:
            httpGet:
              path: /healthz
              port: 9090
          name: manager
      serviceAccountName: gatekeeper-admin
      terminationGracePeriodSeconds: 60
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-cluster-critical
`,
};
const IMAGE_PATCH_AUDIT_MANAGER = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: audit
  namespace: system
spec:
  template:
    spec:
      containers:
      - image: AUDIT_IMAGE
        name: manager
        args:
        - --port=8443
        - --logtostderr
        - --emit-admission-events
        - --exempt-namespace=gatekeeper-system
        - --operation=webhook
        - --disable-opa-builtin=http.send
`;
const IMAGE_PATCH_CONTROLLER_MANAGER = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller-manager
  namespace: system
spec:
  template:
    spec:
      containers:
      - image: CONTROLLER_IMAGE
        name: manager
        args:
        - --emit-audit-events
        - --operation=audit
        - --operation=status
        - --logtostderr
`;
const GATEKEEPER_PATCHED = `
apiVersion: v1
kind: Namespace
metadata:
  labels:
    admission.gatekeeper.sh/ignore: no-self-managing
    control-plane: controller-manager
  name: system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    control-plane: controller-manager
    gatekeeper.sh/operation: webhook
  name: controller-manager
  namespace: system
spec:
  replicas: 3
  selector:
    matchLabels:
      control-plane: controller-manager
      gatekeeper.sh/operation: webhook
  template:
    metadata:
      annotations:
        container.seccomp.security.alpha.kubernetes.io/manager: runtime/default
      labels:
        control-plane: controller-manager
        gatekeeper.sh/operation: webhook
    spec:
      containers:
      - args:
        - --emit-audit-events
        - --operation=audit
        - --operation=status
        - --logtostderr
        command:
        - /manager
        image: CONTROLLER_IMAGE
        imagePullPolicy: Always
        name: manager
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-cluster-critical
      terminationGracePeriodSeconds: 60
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    control-plane: audit-controller
    gatekeeper.sh/operation: audit
  name: audit
  namespace: system
spec:
  replicas: 1
  selector:
    matchLabels:
      control-plane: audit-controller
      gatekeeper.sh/operation: audit
  template:
    metadata:
      annotations:
        container.seccomp.security.alpha.kubernetes.io/manager: runtime/default
      labels:
        control-plane: audit-controller
        gatekeeper.sh/operation: audit
    spec:
      automountServiceAccountToken: true
      containers:
      - args:
        - --port=8443
        - --logtostderr
        - --emit-admission-events
        - --exempt-namespace=gatekeeper-system
        - --operation=webhook
        - --disable-opa-builtin=http.send
        command:
        - /manager
        env:
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        image: AUDIT_IMAGE
        imagePullPolicy: Always
        livenessProbe:
          httpGet:
            path: /healthz
            port: 9090
        name: manager
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-cluster-critical
      serviceAccountName: gatekeeper-admin
      terminationGracePeriodSeconds: 60
`;
const GATEKEEPER_PATCHES = {
  'overlay/image_patch_audit_manager.yaml': IMAGE_PATCH_AUDIT_MANAGER,
  'overlay/image_patch_controller_manager.yaml': IMAGE_PATCH_CONTROLLER_MANAGER,
  'overlay/twoPatchesInOneFile.yaml': `${IMAGE_PATCH_AUDIT_MANAGER}\n---\n${IMAGE_PATCH_CONTROLLER_MANAGER}`,
};
CASES.push(
  {
    name: 'multiplepatch_test.go TestPatchesInOneFile #1',
    root: 'overlay',
    files: { ...GATEKEEPER_BASE, ...GATEKEEPER_PATCHES, 'overlay/kustomization.yaml': '\nresources:\n- ../base\npatchesStrategicMerge:\n- image_patch_controller_manager.yaml\n- image_patch_audit_manager.yaml\n' },
    expected: GATEKEEPER_PATCHED,
  },
  {
    name: 'multiplepatch_test.go TestPatchesInOneFile #2',
    root: 'overlay',
    files: { ...GATEKEEPER_BASE, ...GATEKEEPER_PATCHES, 'overlay/kustomization.yaml': '\nresources:\n- ../base\npatches:\n- path: image_patch_controller_manager.yaml\n- path: image_patch_audit_manager.yaml\n' },
    expected: GATEKEEPER_PATCHED,
  },
  {
    name: 'multiplepatch_test.go TestPatchesInOneFile #3',
    root: 'overlay',
    files: { ...GATEKEEPER_BASE, ...GATEKEEPER_PATCHES, 'overlay/kustomization.yaml': '\nresources:\n- ../base\npatchesStrategicMerge:\n- twoPatchesInOneFile.yaml\n' },
    expected: GATEKEEPER_PATCHED,
  },
  {
    name: 'multiplepatch_test.go TestPatchesInOneFile #4',
    root: 'overlay',
    files: { ...GATEKEEPER_BASE, ...GATEKEEPER_PATCHES, 'overlay/kustomization.yaml': '\nresources:\n- ../base\npatches:\n- path: twoPatchesInOneFile.yaml\n' },
    error: 'unable to parse SM or JSON patch from ',
  },
);

const FANCY_DISK_DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      volumes:
      - name: fancyDisk
        emptyDir: {}
`;
const VOLUME_BASE = {
  'base/kustomization.yaml': '\nresources:\n- deployment.yaml\nconfigMapGenerator:\n- name: baseCm\n  literals:\n  - foo=bar\n',
  'base/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts:
        - name: fancyDisk
          mountPath: /tmp/ps
      volumes:
      - name: fancyDisk
        emptyDir: {}
      - configMap:
          name: baseCm
        name: baseCm
`,
};
CASES.push(
  {
    name: 'multiplepatch_test.go TestRemoveEmptyDirWithNullFieldInSmp',
    root: '.',
    files: {
      'kustomization.yaml': '\nresources:\n- deployment.yaml\npatchesStrategicMerge:\n- patch.yaml\n',
      'deployment.yaml': FANCY_DISK_DEPLOYMENT,
      'patch.yaml': FANCY_DISK_DEPLOYMENT.replace('emptyDir: {}', 'emptyDir: null'),
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      volumes:
      - name: fancyDisk
`,
  },
  {
    name: 'multiplepatch_test.go TestRemoveEmptyDirAddPersistentDisk',
    root: '.',
    files: {
      'kustomization.yaml': '\nresources:\n- deployment.yaml\npatchesStrategicMerge:\n- patch.yaml\n',
      'deployment.yaml': FANCY_DISK_DEPLOYMENT,
      'patch.yaml': FANCY_DISK_DEPLOYMENT.replace('emptyDir: {}', 'emptyDir: null\n        gcePersistentDisk:\n          pdName: fancyDisk'),
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      volumes:
      - gcePersistentDisk:
          pdName: fancyDisk
        name: fancyDisk
`,
  },
  {
    name: 'multiplepatch_test.go TestVolumeRemoveEmptyDirInOverlay #1',
    root: 'base',
    files: VOLUME_BASE,
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - image: nginx
        name: nginx
        volumeMounts:
        - mountPath: /tmp/ps
          name: fancyDisk
      volumes:
      - emptyDir: {}
        name: fancyDisk
      - configMap:
          name: baseCm-798k5k7g9f
        name: baseCm
---
apiVersion: v1
data:
  foo: bar
kind: ConfigMap
metadata:
  name: baseCm-798k5k7g9f
`,
  },
  {
    name: 'multiplepatch_test.go TestVolumeRemoveEmptyDirInOverlay #2',
    root: 'overlay',
    files: {
      ...VOLUME_BASE,
      'overlay/kustomization.yaml': '\npatchesStrategicMerge:\n- patch.yaml\nresources:\n- ../base\nconfigMapGenerator:\n- name: overlayCm\n  literals:\n  - hello=world\n',
      'overlay/patch.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      volumes:
      - name: fancyDisk
        emptyDir: null
        gcePersistentDisk:
          pdName: fancyDisk
      - configMap:
          name: overlayCm
        name: overlayCm
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - image: nginx
        name: nginx
        volumeMounts:
        - mountPath: /tmp/ps
          name: fancyDisk
      volumes:
      - gcePersistentDisk:
          pdName: fancyDisk
        name: fancyDisk
      - configMap:
          name: overlayCm-dc6fm46dhm
        name: overlayCm
      - configMap:
          name: baseCm-798k5k7g9f
        name: baseCm
---
apiVersion: v1
data:
  foo: bar
kind: ConfigMap
metadata:
  name: baseCm-798k5k7g9f
---
apiVersion: v1
data:
  hello: world
kind: ConfigMap
metadata:
  name: overlayCm-dc6fm46dhm
`,
  },
  {
    name: 'multiplepatch_test.go TestRemoveEmptyDirWithPatchesAtSameLevel',
    root: 'overlay',
    files: {
      'base/kustomization.yaml': '\nresources:\n- deployment.yaml\n',
      'base/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - name: nginx
        image: nginx
      - name: sidecar
        image: sidecar:latest
      volumes:
      - name: nginx-persistent-storage
        emptyDir: {}
`,
      'overlay/kustomization.yaml': '\npatchesStrategicMerge:\n- deployment-patch1.yaml\n- deployment-patch2.yaml\nresources:\n- ../base\n',
      'overlay/deployment-patch1.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      volumes:
      - name: nginx-persistent-storage
        emptyDir: null
        gcePersistentDisk:
          pdName: nginx-persistent-storage
`,
      'overlay/deployment-patch2.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - image: nginx
        name: nginx
        env:
        - name: ANOTHERENV
          value: FOO
      volumes:
      - name: nginx-persistent-storage
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - env:
        - name: ANOTHERENV
          value: FOO
        image: nginx
        name: nginx
      - image: sidecar:latest
        name: sidecar
      volumes:
      - gcePersistentDisk:
          pdName: nginx-persistent-storage
        name: nginx-persistent-storage
`,
  },
  {
    name: 'multiplepatch_test.go TestSimpleMultiplePatches',
    root: 'overlay',
    files: {
      'base/kustomization.yaml': `
namePrefix: b-
commonLabels:
  team: foo
resources:
- deployment.yaml
- service.yaml
configMapGenerator:
- name: configmap-in-base
  literals:
  - foo=bar
`,
      'base/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts:
        - name: nginx-persistent-storage
          mountPath: /tmp/ps
      - name: sidecar
        image: sidecar:latest
      volumes:
      - configMap:
          name: configmap-in-base
        name: configmap-in-base
`,
      'base/service.yaml': '\napiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  ports:\n  - port: 80\n',
      'overlay/kustomization.yaml': `
namePrefix: a-
commonLabels:
  env: staging
patchesStrategicMerge:
- deployment-patch1.yaml
- deployment-patch2.yaml
resources:
- ../base
configMapGenerator:
- name: configmap-in-overlay
  literals:
  - hello=world
`,
      'overlay/deployment-patch1.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - name: nginx
        image: nginx:latest
        env:
        - name: ENVKEY
          value: ENVVALUE
      volumes:
      - name: nginx-persistent-storage
        gcePersistentDisk:
          pdName: nginx-persistent-storage
      - configMap:
          name: configmap-in-overlay
        name: configmap-in-overlay
`,
      'overlay/deployment-patch2.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - name: nginx
        env:
        - name: ANOTHERENV
          value: FOO
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    env: staging
    team: foo
  name: a-b-nginx
spec:
  selector:
    matchLabels:
      env: staging
      team: foo
  template:
    metadata:
      labels:
        env: staging
        team: foo
    spec:
      containers:
      - env:
        - name: ANOTHERENV
          value: FOO
        - name: ENVKEY
          value: ENVVALUE
        image: nginx:latest
        name: nginx
        volumeMounts:
        - mountPath: /tmp/ps
          name: nginx-persistent-storage
      - image: sidecar:latest
        name: sidecar
      volumes:
      - gcePersistentDisk:
          pdName: nginx-persistent-storage
        name: nginx-persistent-storage
      - configMap:
          name: a-configmap-in-overlay-dc6fm46dhm
        name: configmap-in-overlay
      - configMap:
          name: a-b-configmap-in-base-798k5k7g9f
        name: configmap-in-base
---
apiVersion: v1
kind: Service
metadata:
  labels:
    env: staging
    team: foo
  name: a-b-nginx
spec:
  ports:
  - port: 80
  selector:
    env: staging
    team: foo
---
apiVersion: v1
data:
  foo: bar
kind: ConfigMap
metadata:
  labels:
    env: staging
    team: foo
  name: a-b-configmap-in-base-798k5k7g9f
---
apiVersion: v1
data:
  hello: world
kind: ConfigMap
metadata:
  labels:
    env: staging
  name: a-configmap-in-overlay-dc6fm46dhm
`,
  },
);

/** makeCommonFilesForMultiplePatchTests. */
const STAGING_FILES = {
  'base/kustomization.yaml': `
namePrefix: team-foo-
commonLabels:
  app: mynginx
  org: example.com
  team: foo
commonAnnotations:
  note: This is a test annotation
resources:
  - deployment.yaml
  - service.yaml
configMapGenerator:
- name: configmap-in-base
  literals:
  - foo=bar
`,
  'base/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts:
        - name: nginx-persistent-storage
          mountPath: /tmp/ps
      - name: sidecar
        image: sidecar:latest
      volumes:
      - configMap:
          name: configmap-in-base
        name: configmap-in-base
`,
  'base/service.yaml': `
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
    - port: 80
  selector:
    app: nginx
`,
  'overlay/staging/kustomization.yaml': `
namePrefix: staging-
commonLabels:
  env: staging
patchesStrategicMerge:
  - deployment-patch1.yaml
  - deployment-patch2.yaml
resources:
  - ../../base
configMapGenerator:
- name: configmap-in-overlay
  literals:
  - hello=world
`,
};
/** What the staging overlay renders, with the Deployment's pod spec (`containers:` and `volumes:`, indented 6). */
function stagingExpected(podSpec: string): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    note: This is a test annotation
  labels:
    app: mynginx
    env: staging
    org: example.com
    team: foo
  name: staging-team-foo-nginx
spec:
  selector:
    matchLabels:
      app: mynginx
      env: staging
      org: example.com
      team: foo
  template:
    metadata:
      annotations:
        note: This is a test annotation
      labels:
        app: mynginx
        env: staging
        org: example.com
        team: foo
    spec:
${podSpec}---
apiVersion: v1
kind: Service
metadata:
  annotations:
    note: This is a test annotation
  labels:
    app: mynginx
    env: staging
    org: example.com
    team: foo
  name: staging-team-foo-nginx
spec:
  ports:
  - port: 80
  selector:
    app: mynginx
    env: staging
    org: example.com
    team: foo
---
apiVersion: v1
data:
  foo: bar
kind: ConfigMap
metadata:
  annotations:
    note: This is a test annotation
  labels:
    app: mynginx
    env: staging
    org: example.com
    team: foo
  name: staging-team-foo-configmap-in-base-798k5k7g9f
---
apiVersion: v1
data:
  hello: world
kind: ConfigMap
metadata:
  labels:
    env: staging
  name: staging-configmap-in-overlay-dc6fm46dhm
`;
}
CASES.push(
  {
    name: 'multiplepatch_test.go TestNonCommutablePatches',
    root: 'overlay/staging',
    files: {
      ...STAGING_FILES,
      'overlay/staging/deployment-patch1.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - name: nginx
        env:
        - name: ENABLE_FEATURE_FOO
          value: TRUE
      volumes:
      - name: nginx-persistent-storage
        gcePersistentDisk:
          pdName: nginx-persistent-storage
      - configMap:
          name: configmap-in-overlay
        name: configmap-in-overlay
`,
      'overlay/staging/deployment-patch2.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - name: nginx
        env:
        - name: ENABLE_FEATURE_FOO
          value: FALSE
`,
    },
    expected: stagingExpected(`      containers:
      - env:
        - name: ENABLE_FEATURE_FOO
          value: false
        image: nginx
        name: nginx
        volumeMounts:
        - mountPath: /tmp/ps
          name: nginx-persistent-storage
      - image: sidecar:latest
        name: sidecar
      volumes:
      - gcePersistentDisk:
          pdName: nginx-persistent-storage
        name: nginx-persistent-storage
      - configMap:
          name: staging-configmap-in-overlay-dc6fm46dhm
        name: configmap-in-overlay
      - configMap:
          name: staging-team-foo-configmap-in-base-798k5k7g9f
        name: configmap-in-base
`),
  },
  {
    name: 'multiplepatch_test.go TestMultiplePatchesBothWithPatchDeleteDirective',
    root: 'overlay/staging',
    files: {
      ...STAGING_FILES,
      'overlay/staging/deployment-patch1.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - $patch: delete
        name: sidecar
`,
      'overlay/staging/deployment-patch2.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - $patch: delete
        name: nginx
`,
    },
    expected: stagingExpected(`      containers: []
      volumes:
      - configMap:
          name: staging-team-foo-configmap-in-base-798k5k7g9f
        name: configmap-in-base
`),
  },
  {
    name: 'multiplepatch_test.go TestSmpWithDifferentKeysOnDifferentPorts',
    root: '.',
    files: {
      'kustomization.yaml': '\nresources:\n  - resource.yaml\npatches:\n  - path: patch.yaml\n    target:\n      kind: StatefulSet\n      name: myapp\n',
      'resource.yaml': `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: myapp
spec:
  template:
    spec:
      containers:
        - name: consul
          image: "dashicorp/consul:1.9.1"
          ports:
            - containerPort: 8500
              name: http
            - containerPort: 8501
              name: https
            - containerPort: 8301
              protocol: "TCP"
              name: serflan-tcp
            - containerPort: 8301
              protocol: "UDP"
              name: serflan-udp
            - containerPort: 8302
              name: serfwan
            - containerPort: 8300
              name: server
            - containerPort: 8600
              name: dns-tcp
              protocol: "TCP"
            - containerPort: 8600
              name: dns-udp
              protocol: "UDP"`,
      'patch.yaml': '\nkind: StatefulSet\nmetadata:\n  name: myapp\n  labels:\n    test: label\n',
    },
    expected: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  labels:
    test: label
  name: myapp
spec:
  template:
    spec:
      containers:
      - image: dashicorp/consul:1.9.1
        name: consul
        ports:
        - containerPort: 8500
          name: http
        - containerPort: 8501
          name: https
        - containerPort: 8301
          name: serflan-tcp
          protocol: TCP
        - containerPort: 8301
          name: serflan-udp
          protocol: UDP
        - containerPort: 8302
          name: serfwan
        - containerPort: 8300
          name: server
        - containerPort: 8600
          name: dns-tcp
          protocol: TCP
        - containerPort: 8600
          name: dns-udp
          protocol: UDP
`,
  },
  {
    name: 'multiplepatch_test.go TestSmpDeleteOnResource',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- workloads.yaml
patches:
- patch: |
    apiVersion: monitoring.coreos.com/v1
    kind: PrometheusRule
    metadata:
      name: rule1
    $patch: delete
`,
      'workloads.yaml': `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  labels:
    role: alert-rules
  name: rule1
spec:
  groups:
  - name: rabbitmq.rules
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  labels:
    role: alert-rules
  name: rule2
spec:
  groups:
  - name: rabbitmq.rules
`,
    },
    expected: `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  labels:
    role: alert-rules
  name: rule2
spec:
  groups:
  - name: rabbitmq.rules
`,
  },
);
const WEB_SERVICE = `
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 30900
      targetPort: 30900
      protocol: TCP
  type: NodePort
`;
CASES.push(
  {
    name: 'multiplepatch_test.go TestPatchPortHasNoProtocol',
    root: '.',
    files: {
      'kustomization.yaml': '\nresources:\n  - service.yaml\npatchesStrategicMerge:\n  - patch.yaml\n',
      'service.yaml': WEB_SERVICE,
      'patch.yaml': `
apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    service: web
spec:
  ports:
    - port: 30900
      targetPort: 30900
  selector:
    service: web
`,
    },
    expected: `
apiVersion: v1
kind: Service
metadata:
  labels:
    service: web
  name: web
spec:
  ports:
  - port: 30900
    protocol: TCP
    targetPort: 30900
  selector:
    service: web
  type: NodePort
`,
  },
  {
    name: 'multiplepatch_test.go TestPatchAddNewServicePort',
    root: '.',
    files: {
      'kustomization.yaml': '\nresources:\n  - service.yaml\npatchesStrategicMerge:\n  - patch.yaml\n',
      'service.yaml': WEB_SERVICE,
      'patch.yaml': `
apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    service: web
spec:
  ports:
    - port: 30901
      targetPort: 30901
  selector:
    service: web
`,
    },
    expected: `
apiVersion: v1
kind: Service
metadata:
  labels:
    service: web
  name: web
spec:
  ports:
  - port: 30901
    targetPort: 30901
  - port: 30900
    protocol: TCP
    targetPort: 30900
  selector:
    service: web
  type: NodePort
`,
  },
  {
    name: 'multiplepatch_test.go TestPatchPreservesInternalAnnotations',
    root: '.',
    files: {
      'kustomization.yaml': '\nnameSuffix: -abc\nresources:\n  - fluentd.yaml\npatchesJson6902:\n  - path: patch.yaml\n    target:\n      name: fluentd-sa\n      kind: ServiceAccount\n      version: v1\n',
      'fluentd.yaml': `
apiVersion: v1
kind: DaemonSet
metadata:
  name: fluentd
spec:
  template:
    spec:
      containers:
        - image: fluentd:latest 
          name: fluentd
      serviceAccountName: fluentd-sa
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: fluentd-sa
`,
      'patch.yaml': '\n- op: add\n  path: /metadata/annotations\n  value:\n    note: this is a test annotation\n',
    },
    expected: `
apiVersion: v1
kind: DaemonSet
metadata:
  name: fluentd-abc
spec:
  template:
    spec:
      containers:
      - image: fluentd:latest
        name: fluentd
      serviceAccountName: fluentd-sa-abc
---
apiVersion: v1
kind: ServiceAccount
metadata:
  annotations:
    note: this is a test annotation
  name: fluentd-sa-abc
`,
  },
);

describe('kustomize krusty ports: namespaces to multiplepatch (kubernetes-sigs/kustomize api/krusty)', () => {
  for (const krusty of CASES) test(krusty.name, krusty.skip ? { skip: krusty.skip } : {}, () => assertKrustyCase({ ...krusty, files: writtenByWriteK(krusty.files) }));
});
