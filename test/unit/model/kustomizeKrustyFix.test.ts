/**
 * Cases ported from kustomize's api/krusty crd_test.go, transformerannotation_test.go, originannotation_test.go,
 * variableref_test.go and intermediateresourceid_test.go: the files each test wrote, the folder it built, and the
 * objects it expects (compared as a multiset, as the conformance cases are) or the failure it expects. Tests
 * needing exec plugins or remote resources are left out.
 */
import { describe, test } from 'node:test';
import { assertKrustyCase, KUSTOMIZATION_HEADER, type KrustyCase } from '../../support/krustyCases';


/** What the harness's WriteK puts before a kustomization. */
const K = (body: string): string => `${KUSTOMIZATION_HEADER}${body}`;

const CASES: KrustyCase[] = [];

// crd_test.go (the OpenAPI definitions of writeBaseWithCrd, the ones that matter to kustomize)
const CRD_JSON = `
{
  "github.com/example/pkg/apis/jingfang/v1beta1.Bee": {
    "Schema": {
      "description": "Bee",
      "properties": {
        "apiVersion": {"type": "string"},
        "kind": {"type": "string"},
        "metadata": {"$ref": "sigs.k8s.io/kustomize/pseudo/k8s/apimachinery/pkg/apis/meta/v1.ObjectMeta"},
        "spec": {"$ref": "github.com/example/pkg/apis/jingfang/v1beta1.BeeSpec"},
        "status": {"$ref": "github.com/example/pkg/apis/jingfang/v1beta1.BeeStatus"}
      }
    },
    "Dependencies": []
  },
  "github.com/example/pkg/apis/jingfang/v1beta1.BeeList": {
    "Schema": {
      "required": ["items"],
      "properties": {
        "apiVersion": {"type": "string"},
        "items": {"type": "array", "items": {"$ref": "github.com/example/pkg/apis/jingfang/v1beta1.Bee"}},
        "kind": {"type": "string"},
        "metadata": {"$ref": "sigs.k8s.io/kustomize/pseudo/k8s/apimachinery/pkg/apis/meta/v1.ListMeta"}
      }
    },
    "Dependencies": []
  },
  "github.com/example/pkg/apis/jingfang/v1beta1.BeeObjectReference": {
    "Schema": {"properties": {"name": {"type": "string"}}},
    "Dependencies": []
  },
  "github.com/example/pkg/apis/jingfang/v1beta1.BeeSpec": {"Schema": {"description": "BeeSpec defines the desired state of Bee"}, "Dependencies": []},
  "github.com/example/pkg/apis/jingfang/v1beta1.MyKind": {
    "Schema": {
      "description": "MyKind",
      "properties": {
        "apiVersion": {"type": "string"},
        "kind": {"type": "string"},
        "metadata": {"$ref": "sigs.k8s.io/kustomize/pseudo/k8s/apimachinery/pkg/apis/meta/v1.ObjectMeta"},
        "spec": {"$ref": "github.com/example/pkg/apis/jingfang/v1beta1.MyKindSpec"},
        "status": {"$ref": "github.com/example/pkg/apis/jingfang/v1beta1.MyKindStatus"}
      }
    },
    "Dependencies": []
  },
  "github.com/example/pkg/apis/jingfang/v1beta1.MyKindSpec": {
    "Schema": {
      "description": "MyKindSpec defines the desired state of MyKind",
      "properties": {
        "beeRef": {
          "x-kubernetes-object-ref-api-version": "v1beta1",
          "x-kubernetes-object-ref-kind": "Bee",
          "$ref": "github.com/example/pkg/apis/jingfang/v1beta1.BeeObjectReference"
        },
        "secretRef": {
          "description": "If defined, use this secret for configuring the MYSQL_ROOT_PASSWORD",
          "x-kubernetes-object-ref-api-version": "v1",
          "x-kubernetes-object-ref-kind": "Secret",
          "$ref": "sigs.k8s.io/kustomize/pseudo/k8s/api/core/v1.LocalObjectReference"
        }
      }
    },
    "Dependencies": []
  },
  "github.com/example/pkg/apis/jingfang/v1beta1.MyKindStatus": {"Schema": {"description": "MyKindStatus"}, "Dependencies": []}
}
`;
const CRD_BASE: Record<string, string> = {
  'base/kustomization.yaml': K(`crds:
- mycrd.json

resources:
- secret.yaml
- mykind.yaml
- bee.yaml

namePrefix: x-
`),
  'base/bee.yaml': `apiVersion: v1beta1
kind: Bee
metadata:
  name: bee
spec:
  action: fly
`,
  'base/mykind.yaml': `apiVersion: jingfang.example.com/v1beta1
kind: MyKind
metadata:
  name: mykind
spec:
  secretRef:
    name: crdsecret
  beeRef:
    name: bee
`,
  'base/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: crdsecret
data:
  PATH: yellowBrickRoad
`,
  'base/mycrd.json': CRD_JSON,
};
CASES.push(
  {
    name: 'crd_test__TestCrdBase',
    files: CRD_BASE,
    root: 'base',
    expected: `apiVersion: v1
data:
  PATH: yellowBrickRoad
kind: Secret
metadata:
  name: x-crdsecret
---
apiVersion: jingfang.example.com/v1beta1
kind: MyKind
metadata:
  name: x-mykind
spec:
  beeRef:
    name: x-bee
  secretRef:
    name: x-crdsecret
---
apiVersion: v1beta1
kind: Bee
metadata:
  name: x-bee
spec:
  action: fly
`,
  },
  {
    name: 'crd_test__TestCrdWithOverlay',
    files: {
      ...CRD_BASE,
      'overlay/kustomization.yaml': K(`namePrefix: prod-
resources:
- ../base
patchesStrategicMerge:
- bee.yaml
`),
      'overlay/bee.yaml': `apiVersion: v1beta1
kind: Bee
metadata:
  name: bee
spec:
  action: makehoney
`,
    },
    root: 'overlay',
    expected: `apiVersion: v1
data:
  PATH: yellowBrickRoad
kind: Secret
metadata:
  name: prod-x-crdsecret
---
apiVersion: jingfang.example.com/v1beta1
kind: MyKind
metadata:
  name: prod-x-mykind
spec:
  beeRef:
    name: prod-x-bee
  secretRef:
    name: prod-x-crdsecret
---
apiVersion: v1beta1
kind: Bee
metadata:
  name: prod-x-bee
spec:
  action: makehoney
`,
  },
  {
    name: 'crd_test__TestCrdWithContainers',
    files: {
      'crd/containers/kustomization.yaml': K(`resources:
  - crd.yaml
images:
  - name: test/test
    newName: registry.gitlab.com/test
    newTag: latest
`),
      'crd/containers/crd.yaml': `apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
  validation:
    openAPIV3Schema:
      properties:
        spec:
          containers:
            description: Containers allows injecting additional containers
  `,
    },
    root: 'crd/containers',
    expected: `apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  names:
    kind: CronTab
    plural: crontabs
    shortNames:
    - ct
    singular: crontab
  scope: Namespaced
  validation:
    openAPIV3Schema:
      properties:
        spec:
          containers:
            description: Containers allows injecting additional containers
`,
  },
);

// transformerannotation_test.go
const SERVICE_7002 = `apiVersion: v1
kind: Service
metadata:
  name: myService
spec:
  ports:
  - port: 7002
`;
const PREFIX_HERE = `    alpha.config.kubernetes.io/transformations: |
      - configuredIn: kustomization.yaml
        configuredBy:
          apiVersion: builtin
          kind: PrefixTransformer
`;
const PREFIX_BASE_AND_HERE = `    alpha.config.kubernetes.io/transformations: |
      - configuredIn: ../base/kustomization.yaml
        configuredBy:
          apiVersion: builtin
          kind: PrefixTransformer
      - configuredIn: kustomization.yaml
        configuredBy:
          apiVersion: builtin
          kind: PrefixTransformer
`;
/** The base and overlay of TestAnnoTransformerLocalFilesWithOverlay and TestAnnoOriginLocalFilesWithOverlay. */
const overlayFiles = (buildMetadata: string): Record<string, string> => ({
  'base/kustomization.yaml': K(`namePrefix: b-
resources:
- namespace.yaml
- role.yaml
- service.yaml
- deployment.yaml
`),
  'base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: myService\n',
  'base/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: myNs\n',
  'base/role.yaml': 'apiVersion: v1\nkind: Role\nmetadata:\n  name: myRole\n',
  'base/deployment.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: myDep\n',
  'prod/kustomization.yaml': K(`namePrefix: p-
resources:
- ../base
- service.yaml
- namespace.yaml
buildMetadata: [${buildMetadata}]
`),
  'prod/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: myService2\n',
  'prod/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: myNs2\n',
});
CASES.push(
  {
    name: 'transformerannotation_test__TestAnnoTransformerBuiltinLocal',
    files: { 'service.yaml': SERVICE_7002, 'kustomization.yaml': K('resources:\n- service.yaml\nbuildMetadata: [transformerAnnotations]\nnamePrefix: foo-\n') },
    expected: `apiVersion: v1
kind: Service
metadata:
  annotations:
${PREFIX_HERE}  name: foo-myService
spec:
  ports:
  - port: 7002
`,
  },
  {
    name: 'transformerannotation_test__TestAnnoOriginAndTransformerBuiltinLocal',
    files: { 'service.yaml': SERVICE_7002, 'kustomization.yaml': K('resources:\n- service.yaml\nbuildMetadata: [originAnnotations, transformerAnnotations]\nnamePrefix: foo-\n') },
    expected: `apiVersion: v1
kind: Service
metadata:
  annotations:
${PREFIX_HERE}    config.kubernetes.io/origin: |
      path: service.yaml
  name: foo-myService
spec:
  ports:
  - port: 7002
`,
  },
  {
    name: 'transformerannotation_test__TestAnnoTransformerLocalFilesWithOverlay',
    files: overlayFiles('transformerAnnotations'),
    root: 'prod',
    expected: `apiVersion: v1
kind: Namespace
metadata:
  annotations:
${PREFIX_BASE_AND_HERE}  name: myNs
---
apiVersion: v1
kind: Role
metadata:
  annotations:
${PREFIX_BASE_AND_HERE}  name: p-b-myRole
---
apiVersion: v1
kind: Service
metadata:
  annotations:
${PREFIX_BASE_AND_HERE}  name: p-b-myService
---
apiVersion: v1
kind: Deployment
metadata:
  annotations:
${PREFIX_BASE_AND_HERE}  name: p-b-myDep
---
apiVersion: v1
kind: Service
metadata:
  annotations:
${PREFIX_HERE}  name: p-myService2
---
apiVersion: v1
kind: Namespace
metadata:
  annotations:
${PREFIX_HERE}  name: myNs2
`,
  },
  {
    name: 'transformerannotation_test__TestAnnoTransformerBuiltinInline',
    files: {
      'resource.yaml': 'apiVersion: apps/v1\nkind: ConfigMap\nmetadata:\n  name: whatever\ndata: {}\n',
      'kustomization.yaml': K(`resources:
- resource.yaml
transformers:
- |-
  apiVersion: builtin
  kind: NamespaceTransformer
  metadata:
    name: not-important-to-example
    namespace: test
  fieldSpecs:
  - path: metadata/namespace
    create: true
buildMetadata: [transformerAnnotations]
`),
    },
    expected: `apiVersion: apps/v1
data: {}
kind: ConfigMap
metadata:
  annotations:
    alpha.config.kubernetes.io/transformations: |
      - configuredIn: kustomization.yaml
        configuredBy:
          apiVersion: builtin
          kind: NamespaceTransformer
          name: not-important-to-example
          namespace: test
  name: whatever
  namespace: test
`,
  },
);

// originannotation_test.go
const origin = (text: string): string => `    config.kubernetes.io/origin: |\n${text.replace(/^/gm, '      ')}\n`;
const GENERATED_BY = (configuredIn: string, kind: string, name?: string): string =>
  origin(`configuredIn: ${configuredIn}\nconfiguredBy:\n  apiVersion: builtin\n  kind: ${kind}${name ? `\n  name: ${name}` : ''}`);
const BOB_LITERALS = 'name: bob\nliterals:\n- fruit=Indian Gooseberry\n- year=2020\n- crisis=true\n';
const BOB_DATA = 'data:\n  crisis: "true"\n  fruit: Indian Gooseberry\n  year: "2020"\n';
const SHORT_SECRET = `apiVersion: v1
kind: Secret
metadata:
  labels:
    airshipit.org/ephemeral-user-data: "true"
  name: node1-bmc-secret
type: Opaque
stringData:
  userData: |
    bootcmd:
    - mkdir /mnt/vda
`;
CASES.push(
  {
    name: 'originannotation_test__TestAnnoOriginLocalFiles',
    files: { 'service.yaml': SERVICE_7002, 'kustomization.yaml': K('resources:\n- service.yaml\nbuildMetadata: [originAnnotations]\n') },
    expected: `apiVersion: v1
kind: Service
metadata:
  annotations:
${origin('path: service.yaml')}  name: myService
spec:
  ports:
  - port: 7002
`,
  },
  {
    name: 'originannotation_test__TestAnnoOriginLocalFilesWithOverlay',
    files: overlayFiles('originAnnotations'),
    root: 'prod',
    expected: `apiVersion: v1
kind: Namespace
metadata:
  annotations:
${origin('path: ../base/namespace.yaml')}  name: myNs
---
apiVersion: v1
kind: Role
metadata:
  annotations:
${origin('path: ../base/role.yaml')}  name: p-b-myRole
---
apiVersion: v1
kind: Service
metadata:
  annotations:
${origin('path: ../base/service.yaml')}  name: p-b-myService
---
apiVersion: v1
kind: Deployment
metadata:
  annotations:
${origin('path: ../base/deployment.yaml')}  name: p-b-myDep
---
apiVersion: v1
kind: Service
metadata:
  annotations:
${origin('path: service.yaml')}  name: p-myService2
---
apiVersion: v1
kind: Namespace
metadata:
  annotations:
${origin('path: namespace.yaml')}  name: myNs2
`,
  },
  {
    name: 'originannotation_test__TestGeneratorWithAnnoOrigin',
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
buildMetadata: [originAnnotations]
`),
      'foo.env': '\nMOUNTAIN=everest\nOCEAN=pacific\n',
      'bar.env': '\nBIRD=falcon\n',
      'phrase.dat': '\nLife is short.\nBut the years are long.\nNot while the evil days come not.\n',
      'forces.txt': '\ngravitational\nelectromagnetic\nstrong nuclear\nweak nuclear\n',
    },
    expected: `apiVersion: v1
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
  annotations:
${GENERATED_BY('kustomization.yaml', 'ConfigMapGenerator')}  name: blah-bob-g9df72cd5b
---
apiVersion: v1
data:
  druid_segmentCache_locations: '[{"path":  "var/druid/segment-cache",  "maxSize":
    32000000000,  "freeSpacePercent": 1.0}]'
  v2: '[{"path": "var/druid/segment-cache"}]'
kind: ConfigMap
metadata:
  annotations:
${GENERATED_BY('kustomization.yaml', 'ConfigMapGenerator')}  name: blah-json-5298bc8g99
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
  annotations:
${GENERATED_BY('kustomization.yaml', 'SecretGenerator')}  name: blah-bob-58g62h555c
type: Opaque
`,
  },
  {
    name: 'originannotation_test__TestAnnoOriginLocalBuiltinGenerator',
    files: {
      'kustomization.yaml': K(`resources:
- service.yaml
configMapGenerator:
- ${BOB_LITERALS.replace(/\n(?=.)/g, '\n  ')}buildMetadata: [originAnnotations]
`),
      'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: demo\nspec:\n  clusterIP: None\n',
    },
    expected: `apiVersion: v1
kind: Service
metadata:
  annotations:
${origin('path: service.yaml')}  name: demo
spec:
  clusterIP: None
---
apiVersion: v1
${BOB_DATA}kind: ConfigMap
metadata:
  annotations:
${GENERATED_BY('kustomization.yaml', 'ConfigMapGenerator')}  name: bob-79t79mt227
`,
  },
  {
    name: 'originannotation_test__TestAnnoOriginConfigMapGeneratorMerge',
    files: {
      'base/kustomization.yaml': K(`configMapGenerator:\n- ${BOB_LITERALS.replace(/\n(?=.)/g, '\n  ')}`),
      'overlay/kustomization.yaml': K(`resources:
- ../base
configMapGenerator:
- name: bob
  behavior: merge
  literals:
  - month=12
buildMetadata: [originAnnotations]
`),
    },
    root: 'overlay',
    expected: `apiVersion: v1
data:
  crisis: "true"
  fruit: Indian Gooseberry
  month: "12"
  year: "2020"
kind: ConfigMap
metadata:
  annotations:
${GENERATED_BY('../base/kustomization.yaml', 'ConfigMapGenerator')}  name: bob-bk46gm59c6
`,
  },
  {
    name: 'originannotation_test__TestAnnoOriginConfigMapGeneratorReplace',
    files: {
      'base/kustomization.yaml': K(`configMapGenerator:\n- ${BOB_LITERALS.replace(/\n(?=.)/g, '\n  ')}`),
      'overlay/kustomization.yaml': K(`resources:
- ../base
configMapGenerator:
- name: bob
  behavior: replace
  literals:
  - month=12
buildMetadata: [originAnnotations]
`),
    },
    root: 'overlay',
    expected: `apiVersion: v1
data:
  month: "12"
kind: ConfigMap
metadata:
  annotations:
${GENERATED_BY('kustomization.yaml', 'ConfigMapGenerator')}  name: bob-f8t5fhtbhc
`,
  },
  {
    name: 'originannotation_test__TestAnnoOriginInlineBuiltinGenerator',
    files: {
      'kustomization.yaml': K(`resources:
- service.yaml
generators:
- |-
  apiVersion: builtin
  kind: ConfigMapGenerator
  metadata:
    name: notImportantHere
  ${BOB_LITERALS.replace(/\n(?=.)/g, '\n  ')}buildMetadata: [originAnnotations]
`),
      'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: apple\n',
    },
    expected: `apiVersion: v1
kind: Service
metadata:
  annotations:
${origin('path: service.yaml')}  name: apple
---
apiVersion: v1
${BOB_DATA}kind: ConfigMap
metadata:
  annotations:
${GENERATED_BY('kustomization.yaml', 'ConfigMapGenerator', 'notImportantHere')}  name: bob-79t79mt227
`,
  },
  {
    name: 'originannotation_test__TestAnnoOriginGeneratorFromFile',
    files: {
      'kustomization.yaml': K('resources:\n- service.yaml\ngenerators:\n- configmap.yaml\nbuildMetadata: [originAnnotations]\n'),
      'configmap.yaml': `apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: notImportantHere\n${BOB_LITERALS}`,
      'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: apple\n',
    },
    expected: `apiVersion: v1
kind: Service
metadata:
  annotations:
${origin('path: service.yaml')}  name: apple
---
apiVersion: v1
${BOB_DATA}kind: ConfigMap
metadata:
  annotations:
${GENERATED_BY('configmap.yaml', 'ConfigMapGenerator', 'notImportantHere')}  name: bob-79t79mt227
`,
  },
  {
    name: 'originannotation_test__TestAnnoOriginBuiltinGeneratorFromFileWithOverlay',
    files: {
      'base/kustomization.yaml': K('resources:\n- short_secret.yaml\ngenerators:\n- configmap.yaml\n'),
      'base/configmap.yaml': `apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: notImportantHere\n${BOB_LITERALS}`,
      'prod/kustomization.yaml': K('resources:\n- ../base\nbuildMetadata: [originAnnotations]\n'),
      'base/short_secret.yaml': SHORT_SECRET,
    },
    root: 'prod',
    expected: `apiVersion: v1
kind: Secret
metadata:
  annotations:
${origin('path: ../base/short_secret.yaml')}  labels:
    airshipit.org/ephemeral-user-data: "true"
  name: node1-bmc-secret
stringData:
  userData: |
    bootcmd:
    - mkdir /mnt/vda
type: Opaque
---
apiVersion: v1
${BOB_DATA}kind: ConfigMap
metadata:
  annotations:
${GENERATED_BY('../base/configmap.yaml', 'ConfigMapGenerator', 'notImportantHere')}  name: bob-79t79mt227
`,
  },
);

// variableref_test.go
const podWithVar = (name: string, container: string, vars: readonly string[]): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: ${container}
    image: ${container}
    command:
    - echo
${vars.map((variable) => `    - "$(${variable})"`).join('\n')}
    env:
${vars.map((variable, index) => `      - name: ${vars.length > 1 ? `P${index + 1}` : 'FOO'}\n        value: "$(${variable})"`).join('\n')}
`;
const podVar = (variable: string, name: string): string => `vars:
- name: ${variable}
  objref:
    apiVersion: v1
    kind: Pod
    name: ${name}
  fieldref:
    fieldpath: metadata.name
`;
const renderedPod = (name: string, container: string, values: readonly string[]): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - command:
    - echo
${values.map((value) => `    - ${value}`).join('\n')}
    env:
${values.map((value, index) => `    - name: ${values.length > 1 ? `P${index + 1}` : 'FOO'}\n      value: ${value}`).join('\n')}
    image: ${container}
    name: ${container}
`;
const BASES_WITH_VARS = (first: string, second: string): Record<string, string> => ({
  'base1/kustomization.yaml': K(`namePrefix: base1-\nresources:\n- pod.yaml\n${podVar(first, 'kelley')}`),
  'base1/pod.yaml': podWithVar('kelley', 'smile', [first]),
  'base2/kustomization.yaml': K(`namePrefix: base2-\nresources:\n- pod.yaml\n${podVar(second, 'grimaldi')}`),
  'base2/pod.yaml': podWithVar('grimaldi', 'dance', [second]),
});
const elasticsearch = (env: string): string => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: elasticsearch
spec:
  template:
    spec:
      containers:
        - name: elasticsearch
          env:
            - name: DISCOVERY_SERVICE
              value: "$(elasticsearch-${env}-service-name).monitoring.svc.cluster.local"
---
apiVersion: v1
kind: Service
metadata:
  name: elasticsearch
spec:
  ports:
    - name: transport
      port: 9300
      protocol: TCP
  clusterIP: None
`;
const elasticsearchVars = (env: string): string => K(`namePrefix: ${env}-
resources:
- elasticsearch-${env}-service.yml
vars:
- name: elasticsearch-${env}-service-name
  objref:
    kind: Service
    name: elasticsearch
    apiVersion: v1
  fieldref:
    fieldpath: metadata.name
`);
const renderedElasticsearch = (env: string): string => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: base-${env}-elasticsearch
spec:
  template:
    spec:
      containers:
      - env:
        - name: DISCOVERY_SERVICE
          value: base-${env}-elasticsearch.monitoring.svc.cluster.local
        name: elasticsearch
---
apiVersion: v1
kind: Service
metadata:
  name: base-${env}-elasticsearch
spec:
  clusterIP: None
  ports:
  - name: transport
    port: 9300
    protocol: TCP
`;
CASES.push(
  {
    name: 'variableref_test__TestBasicVariableRef',
    files: {
      'kustomization.yaml': K(`namePrefix: base-\nresources:\n- pod.yaml\n${podVar('POD_NAME', 'clown')}`),
      'pod.yaml': podWithVar('clown', 'frown', ['POD_NAME']),
    },
    expected: renderedPod('base-clown', 'frown', ['base-clown']),
  },
  {
    name: 'variableref_test__TestBasicVarCollision',
    files: { ...BASES_WITH_VARS('POD_NAME', 'POD_NAME'), 'overlay/kustomization.yaml': K('resources:\n- ../base1\n- ../base2\n') },
    root: 'overlay',
    error: "var 'POD_NAME' already encountered",
  },
  {
    name: 'variableref_test__TestVarPropagatesUp',
    files: {
      ...BASES_WITH_VARS('POD_NAME1', 'POD_NAME2'),
      'overlay/kustomization.yaml': K('resources:\n- pod.yaml\n- ../base1\n- ../base2\n'),
      'overlay/pod.yaml': podWithVar('circus', 'ring', ['POD_NAME1', 'POD_NAME2']),
    },
    root: 'overlay',
    expected: [
      renderedPod('circus', 'ring', ['base1-kelley', 'base2-grimaldi']),
      renderedPod('base1-kelley', 'smile', ['base1-kelley']),
      renderedPod('base2-grimaldi', 'dance', ['base2-grimaldi']),
    ].join('---\n'),
  },
  {
    name: 'variableref_test__TestBug506',
    files: {
      'base/kustomization.yaml': K(`namePrefix: base-\nresources:\n- pod.yaml\n${podVar('POD_NAME', 'myServerPod')}`),
      'base/pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: myServerPod
spec:
  containers:
    - name: myServer
      image: whatever
      env:
        - name: POD_NAME
          value: $(POD_NAME)
`,
      'o1/kustomization.yaml': K('nameprefix: p1-\nresources:\n- ../base\n'),
      'o2/kustomization.yaml': K('nameprefix: p2-\nresources:\n- ../base\n'),
      'top/kustomization.yaml': K('resources:\n- ../o1\n- ../o2\n'),
    },
    root: 'top',
    error: "var 'POD_NAME' already encountered",
  },
  {
    name: 'variableref_test__TestVariableRefMaps',
    files: {
      'base/kustomization.yaml': K(`resources:
- deployment.yaml
- namespace.yaml
vars:
- name: NAMESPACE
  objref:
    apiVersion: v1
    kind: Namespace
    name: my-namespace
`),
      'base/deployment.yaml': `
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: my-deployment
    labels:
      my-label: $(NAMESPACE)
    annotations:
      my-annotation: $(NAMESPACE)
  spec:
    template:
      spec:
        containers:
        - name: app
          image: busybox
`,
      'base/namespace.yaml': '\n  apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: my-namespace\n',
    },
    root: 'base',
    expected: `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    my-annotation: my-namespace
  labels:
    my-label: my-namespace
  name: my-deployment
spec:
  template:
    spec:
      containers:
      - image: busybox
        name: app
---
apiVersion: v1
kind: Namespace
metadata:
  name: my-namespace
`,
  },
  {
    name: 'variableref_test__TestVaribaleRefDifferentPrefix',
    files: {
      'base/kustomization.yaml': K('namePrefix: base-\nresources:\n- dev\n- test\n'),
      'base/dev/kustomization.yaml': elasticsearchVars('dev'),
      'base/dev/elasticsearch-dev-service.yml': elasticsearch('dev'),
      'base/test/kustomization.yaml': elasticsearchVars('test'),
      'base/test/elasticsearch-test-service.yml': elasticsearch('test'),
    },
    root: 'base',
    expected: `${renderedElasticsearch('dev')}---\n${renderedElasticsearch('test')}`,
  },
  {
    name: 'variableref_test__TestDeploymentAnnotations',
    files: {
      'kustomization.yaml': K(`configMapGenerator:
- name: theConfigMap
  envs:
  - test.properties

vars:
- name: SOMERIVER
  objref:
    kind: ConfigMap
    name: theConfigMap
    apiVersion: v1
  fieldref:
    fieldpath: data.waterway

commonAnnotations:
  river: $(SOMERIVER)

resources:
- deployment.yaml
`),
      'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: theDeployment
spec:
  template:
    spec:
      containers:
      - name: test
`,
      'test.properties': 'waterway=mississippi',
    },
    expected: `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    river: mississippi
  name: theDeployment
spec:
  template:
    metadata:
      annotations:
        river: mississippi
    spec:
      containers:
      - name: test
---
apiVersion: v1
data:
  waterway: mississippi
kind: ConfigMap
metadata:
  annotations:
    river: mississippi
  name: theConfigMap-hdd8h8cgdt
`,
  },
);

// intermediateresourceid_test.go
const FOO_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: foo
spec:
  template:
    spec:
      containers:
      - image: whatever
`;
const intermediateFiles = (patchName: string, emeaDeployment: boolean): Record<string, string> => ({
  'gcp/kustomization.yaml': K('namePrefix: gcp-\nresources:\n- ../emea\npatchesStrategicMerge:\n- depPatch.yaml\n'),
  'gcp/depPatch.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${patchName}\nspec:\n  replicas: 999\n`,
  'emea/kustomization.yaml': K(`namePrefix: emea-\nresources:\n- ../prod\n${emeaDeployment ? '- deployment.yaml\n' : ''}`),
  ...(emeaDeployment && { 'emea/deployment.yaml': FOO_DEPLOYMENT }),
  'prod/kustomization.yaml': K('namePrefix: prod-\nresources:\n- ../base\n'),
  'base/kustomization.yaml': K('resources:\n- deployment.yaml\n'),
  'base/deployment.yaml': FOO_DEPLOYMENT,
});
const PATCHED_FOO = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gcp-emea-prod-foo
spec:
  replicas: 999
  template:
    spec:
      containers:
      - image: whatever
`;
const xqlLayer = (layer: string): string => K(`namePrefix: xql-${layer}-
resources:
- ../../../../bases/xql
secretGenerator:
- name: xql-secret
  behavior: merge
  envs:
  - config/xql-${layer}-secret.env
vars:
- name: PROJECT_XQL_${layer.toUpperCase()}_SECRET_NAME
  objref:
    kind: Secret
    name: xql-secret
    apiVersion: v1
  fieldref:
    fieldpath: metadata.name
`);
const secretRefEnv = (name: string, secret: string, key: string): string => `        - name: ${name}
          valueFrom:
            secretKeyRef:
              name: ${secret}
              key: ${key}`;
CASES.push(
  { name: 'intermediateresourceid_test__TestIntermediateName', files: intermediateFiles('prod-foo', false), root: 'gcp', expected: PATCHED_FOO },
  {
    name: 'intermediateresourceid_test__TestIntermediateNameSameNameDifferentLayer',
    files: intermediateFiles('prod-foo', true),
    root: 'gcp',
    expected: `${PATCHED_FOO}---\n${FOO_DEPLOYMENT.replace('name: foo', 'name: gcp-emea-foo')}`,
  },
  { name: 'intermediateresourceid_test__TestIntermediateNameAmbiguous', files: intermediateFiles('foo', true), root: 'gcp', error: '' },
  {
    name: 'intermediateresourceid_test__TestIntermediateNameSecretKeyRefDiamond',
    files: {
      'kustomization.yaml': K('namePrefix: project-\nresources:\n- app'),
      'app/kustomization.yaml': K('resources:\n- resources/deployment.yaml\n- resources/xql\n'),
      'app/resources/xql/kustomization.yaml': K('resources:\n- xql-zero\n- xql-one\nconfigurations:\n- ./kustomizeconfig.yaml\n'),
      'app/resources/xql/kustomizeconfig.yaml': 'varReference:\n- path: spec/template/spec/containers/env/valueFrom/secretKeyRef/name\n',
      'app/resources/xql/xql-one/kustomization.yaml': xqlLayer('one'),
      'app/resources/xql/xql-one/config/xql-one-secret.env': '\narg=1\n',
      'app/resources/xql/xql-zero/kustomization.yaml': xqlLayer('zero'),
      'app/resources/xql/xql-zero/config/xql-zero-secret.env': '\narg=0\n',
      'app/resources/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      containers:
      - name: app
        image: example.com/app:latest
        imagePullPolicy: Always
        env:
${secretRefEnv('XQL_ZERO_ARG', '$(PROJECT_XQL_ZERO_SECRET_NAME)', 'arg')}
${secretRefEnv('XQL_ZERO_PASSWORD', 'xql-zero-xql-secret', 'password')}
${secretRefEnv('XQL_ONE_ARG', '$(PROJECT_XQL_ONE_SECRET_NAME)', 'arg')}
${secretRefEnv('XQL_ONE_PASSWORD', 'xql-one-xql-secret', 'password')}
`,
      'bases/xql/kustomization.yaml': K('secretGenerator:\n- name: xql-secret\n  envs:\n  - config/xql-secret.env\n'),
      'bases/xql/config/xql-secret.env': '\npassword=SUPER_SECRET_PASSWORD\n',
    },
    expected: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: project-app
spec:
  template:
    spec:
      containers:
      - env:
${secretRefEnv('XQL_ZERO_ARG', 'project-xql-zero-xql-secret-6khmtc56hm', 'arg')}
${secretRefEnv('XQL_ZERO_PASSWORD', 'project-xql-zero-xql-secret-6khmtc56hm', 'password')}
${secretRefEnv('XQL_ONE_ARG', 'project-xql-one-xql-secret-79mhmf5dgt', 'arg')}
${secretRefEnv('XQL_ONE_PASSWORD', 'project-xql-one-xql-secret-79mhmf5dgt', 'password')}
        image: example.com/app:latest
        imagePullPolicy: Always
        name: app
---
apiVersion: v1
data:
  arg: MA==
  password: U1VQRVJfU0VDUkVUX1BBU1NXT1JE
kind: Secret
metadata:
  name: project-xql-zero-xql-secret-6khmtc56hm
type: Opaque
---
apiVersion: v1
data:
  arg: MQ==
  password: U1VQRVJfU0VDUkVUX1BBU1NXT1JE
kind: Secret
metadata:
  name: project-xql-one-xql-secret-79mhmf5dgt
type: Opaque
`,
  },
);

describe('kustomize krusty tests: crds, origin and transformer annotations, vars', () => {
  for (const krusty of CASES) {
    test(krusty.name, () => {
      assertKrustyCase(krusty);
    });
  }
});
