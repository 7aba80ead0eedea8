/**
 * Cases ported from kustomize's api/krusty tests customconfig_test.go, customconfigofbuiltinplugin_test.go,
 * customconfigreusable_test.go, diamondcomposition_test.go, diamondpatchref_test.go, extendedpatch_test.go,
 * generatormergeandreplace_test.go, generator_as_transformer_test.go and configmaps_test.go: the files each test
 * wrote, the folder it built, and the objects it expects (compared as a multiset) or the failure it expects. Tests
 * needing plugins or non-default build options (load restrictions off) are left out.
 */
import { describe, test } from 'node:test';
import { assertKrustyCase, type KrustyCase } from '../../support/krustyCases';


/** What the harness's WriteK puts before a kustomization. */
const K = (body: string): string => `\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;

const CASES: KrustyCase[] = [];

// customconfig_test.go
const CUSTOM_CONFIG_BASE = {
  'base/kustomization.yaml': K(`
namePrefix: x-
commonLabels:
  app: myApp
vars:
- name: APRIL_DIET
  objref:
    group: foo
    version: v1
    kind: Giraffe
    name: april
  fieldref:
    fieldpath: spec.diet
- name: KOKO_DIET
  objref:
    group: foo
    version: v1
    kind: Gorilla
    name: koko
  fieldref:
    fieldpath: spec.diet
resources:
- animalPark.yaml
- giraffes.yaml
- gorilla.yaml
configurations:
- config/defaults.yaml
- config/custom.yaml
`),
  'base/giraffes.yaml': `
apiVersion: foo/v1
kind: Giraffe
metadata:
  name: april
spec:
  diet: mimosa
  location: NE
---
apiVersion: foo/v1
kind: Giraffe
metadata:
  name: may
spec:
  diet: acacia
  location: SE
`,
  'base/gorilla.yaml': `
apiVersion: foo/v1
kind: Gorilla
metadata:
  name: koko
spec:
  diet: bambooshoots
  location: SW
`,
  'base/animalPark.yaml': `
apiVersion: foo/v1
kind: AnimalPark
metadata:
  name: sandiego
spec:
  gorillaRef:
    name: koko
  giraffeRef:
    name: april
  food:
  - "$(APRIL_DIET)"
  - "$(KOKO_DIET)"
`,
  // WriteLegacyConfigs writes kustomize's default field specs; an excerpt of them, which must merge without conflict.
  'base/config/defaults.yaml': `
namePrefix:
- path: metadata/name
nameSuffix:
- path: metadata/name
commonLabels:
- path: metadata/labels
  create: true
- path: spec/selector
  create: true
  version: v1
  kind: Service
- path: spec/selector/matchLabels
  create: true
  kind: Deployment
commonAnnotations:
- path: metadata/annotations
  create: true
namespace:
- path: metadata/namespace
  create: true
varReference:
- path: spec/template/spec/containers/env/value
  kind: Deployment
nameReference:
- kind: ConfigMap
  version: v1
  fieldSpecs:
  - path: spec/volumes/configMap/name
    version: v1
    kind: Pod
images:
- path: spec/containers[]/image
  create: true
  kind: Pod
replicas:
- path: spec/replicas
  create: true
  kind: Deployment
`,
};
const CUSTOM_CONFIG = `
nameReference:
- kind: Gorilla
  fieldSpecs:
  - kind: AnimalPark
    path: spec/gorillaRef/name
- kind: Giraffe
  fieldSpecs:
  - kind: AnimalPark
    path: spec/giraffeRef/name
varReference:
- path: spec/food
  kind: AnimalPark
`;
const CUSTOM_CONFIG_EXPECTED = `
apiVersion: foo/v1
kind: AnimalPark
metadata:
  labels:
    app: myApp
  name: x-sandiego
spec:
  food:
  - mimosa
  - bambooshoots
  giraffeRef:
    name: x-april
  gorillaRef:
    name: x-koko
---
apiVersion: foo/v1
kind: Giraffe
metadata:
  labels:
    app: myApp
  name: x-april
spec:
  diet: mimosa
  location: NE
---
apiVersion: foo/v1
kind: Giraffe
metadata:
  labels:
    app: myApp
  name: x-may
spec:
  diet: acacia
  location: SE
---
apiVersion: foo/v1
kind: Gorilla
metadata:
  labels:
    app: myApp
  name: x-koko
spec:
  diet: bambooshoots
  location: SW
`;
const SAMPLE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: sample-deploy
  name: sample-deploy
spec:
  replicas: 1
  selector:
    matchLabels:
      app: sample-deploy

  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: sample-deploy
    spec:
      containers:
      - image: hello-world:latest
        name: hello-world
`;
const labelsKustomization = (selectors: boolean, templates: boolean, configured: boolean, resource: string): string => `${configured ? 'configurations:\n  - config/configurations.yaml\n\n' : ''}labels:
  - includeSelectors: ${selectors}
    includeTemplates: ${templates}
    pairs:
      location: planet-earth
      environment: dev

resources:
  - resources/${resource}
`;
const TEMPLATE_LABELS_CONFIG = 'labels:\n  - path: spec/template/metadata/labels\n    create: true\n    kind: Deployment\n';
const sampleDeploymentOutput = (selectorLabels: boolean, templateLabels: boolean): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: sample-deploy
    environment: dev
    location: planet-earth
  name: sample-deploy
spec:
  replicas: 1
  selector:
    matchLabels:
      app: sample-deploy
${selectorLabels ? '      environment: dev\n      location: planet-earth\n' : ''}  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: sample-deploy
${templateLabels ? '        environment: dev\n        location: planet-earth\n' : ''}    spec:
      containers:
      - image: hello-world:latest
        name: hello-world
`;
const SAMPLE_RESOURCE = `apiVersion: custom.example.org/v1
kind: SampleResource
metadata:
  name: sample-resource
  namespace: sample-namespace
spec:
  template:
    spec:
      containers:
      - image: index.docker.io/library/hello-world
        env:
        - name: VARIABLE
          value: value
`;
const sampleResourceOutput = (selectors: boolean, template: boolean): string => `apiVersion: custom.example.org/v1
kind: SampleResource
metadata:
  labels:
    environment: dev
    location: planet-earth
  name: sample-resource
  namespace: sample-namespace
spec:
${selectors ? '  selectors:\n    labels:\n      environment: dev\n      location: planet-earth\n' : ''}  template:
${template ? '    metadata:\n      labels:\n        environment: dev\n        location: planet-earth\n' : ''}    spec:
      containers:
      - env:
        - name: VARIABLE
          value: value
        image: index.docker.io/library/hello-world
`;
CASES.push(
  {
    name: 'customconfig_test__TestCustomConfig',
    files: { ...CUSTOM_CONFIG_BASE, 'base/config/custom.yaml': CUSTOM_CONFIG },
    root: 'base',
    expected: CUSTOM_CONFIG_EXPECTED,
  },
  {
    name: 'customconfig_test__TestCustomConfigWithDefaultOverspecification',
    files: { ...CUSTOM_CONFIG_BASE, 'base/config/custom.yaml': `\nnamePrefix:\n- path: metadata/name${CUSTOM_CONFIG}` },
    root: 'base',
    expected: CUSTOM_CONFIG_EXPECTED,
  },
  {
    name: 'customconfig_test__TestFixedBug605_BaseCustomizationAvailableInOverlay',
    files: {
      ...CUSTOM_CONFIG_BASE,
      'base/config/custom.yaml': `
nameReference:
- kind: Gorilla
  fieldSpecs:
  - group: foo
    version: v1
    kind: AnimalPark
    path: spec/gorillaRef/name
- kind: Giraffe
  fieldSpecs:
  - group: foo
    version: v1
    kind: AnimalPark
    path: spec/giraffeRef/name
varReference:
- path: spec/food
  group: foo
  version: v1
  kind: AnimalPark
`,
      'overlay/kustomization.yaml': K(`
namePrefix: o-
commonLabels:
  movie: planetOfTheApes
patchesStrategicMerge:
- animalPark.yaml
resources:
- ../base
- ursus.yaml
`),
      'overlay/ursus.yaml': '\napiVersion: foo/v1\nkind: Gorilla\nmetadata:\n  name: ursus\nspec:\n  diet: heston\n  location: Arizona\n',
      'overlay/animalPark.yaml': '\napiVersion: foo/v1\nkind: AnimalPark\nmetadata:\n  name: sandiego\nspec:\n  gorillaRef:\n    name: ursus\n',
    },
    root: 'overlay',
    expected: `
apiVersion: foo/v1
kind: AnimalPark
metadata:
  labels:
    app: myApp
    movie: planetOfTheApes
  name: o-x-sandiego
spec:
  food:
  - mimosa
  - bambooshoots
  giraffeRef:
    name: o-x-april
  gorillaRef:
    name: o-ursus
---
apiVersion: foo/v1
kind: Giraffe
metadata:
  labels:
    app: myApp
    movie: planetOfTheApes
  name: o-x-april
spec:
  diet: mimosa
  location: NE
---
apiVersion: foo/v1
kind: Giraffe
metadata:
  labels:
    app: myApp
    movie: planetOfTheApes
  name: o-x-may
spec:
  diet: acacia
  location: SE
---
apiVersion: foo/v1
kind: Gorilla
metadata:
  labels:
    app: myApp
    movie: planetOfTheApes
  name: o-x-koko
spec:
  diet: bambooshoots
  location: SW
---
apiVersion: foo/v1
kind: Gorilla
metadata:
  labels:
    movie: planetOfTheApes
  name: o-ursus
spec:
  diet: heston
  location: Arizona
`,
  },
  {
    name: 'customconfig_test__TestLabelTransformerConfig__includeSelectors=false, includeTemplates=false, include template via transformerConfig',
    files: { 'kustomization.yaml': K(labelsKustomization(false, false, true, 'deployment.yaml')), 'resources/deployment.yaml': SAMPLE_DEPLOYMENT, 'config/configurations.yaml': TEMPLATE_LABELS_CONFIG },
    expected: sampleDeploymentOutput(false, true),
  },
  {
    name: 'customconfig_test__TestLabelTransformerConfig__includeSelectors=true, includeTemplates=false, include template via transformerConfig',
    files: { 'kustomization.yaml': K(labelsKustomization(true, false, true, 'deployment.yaml')), 'resources/deployment.yaml': SAMPLE_DEPLOYMENT, 'config/configurations.yaml': TEMPLATE_LABELS_CONFIG },
    expected: sampleDeploymentOutput(true, true),
  },
  {
    name: 'customconfig_test__TestLabelTransformerConfig__includeSelectors=false, includeTemplates=true, no transformerConfig',
    files: { 'kustomization.yaml': K(labelsKustomization(false, true, false, 'deployment.yaml')), 'resources/deployment.yaml': SAMPLE_DEPLOYMENT },
    expected: sampleDeploymentOutput(false, true),
  },
  {
    name: 'customconfig_test__TestLabelTransformerConfig__includeSelectors=false, includeTemplates=false, no transformerConfig',
    files: { 'kustomization.yaml': K(labelsKustomization(false, false, false, 'deployment.yaml')), 'resources/deployment.yaml': SAMPLE_DEPLOYMENT },
    expected: sampleDeploymentOutput(false, false),
  },
  {
    name: 'customconfig_test__TestLabelTransformerConfigWithCustomResources__include template via transformerConfig',
    files: {
      'kustomization.yaml': K(labelsKustomization(false, false, true, 'custom-resource.yaml')),
      'resources/custom-resource.yaml': SAMPLE_RESOURCE,
      'config/configurations.yaml': 'labels:\n  - path: spec/template/metadata/labels\n    create: true\n    kind: SampleResource\n',
    },
    expected: sampleResourceOutput(false, true),
  },
  {
    name: 'customconfig_test__TestLabelTransformerConfigWithCustomResources__include selector via transformerConfig',
    files: {
      'kustomization.yaml': K(labelsKustomization(false, false, true, 'custom-resource.yaml')),
      'resources/custom-resource.yaml': SAMPLE_RESOURCE,
      'config/configurations.yaml': 'labels:\n  - path: spec/selectors/labels\n    create: true\n    kind: SampleResource\n',
    },
    expected: sampleResourceOutput(true, false),
  },
  {
    name: 'customconfig_test__TestLabelTransformerConfigWithCustomResources__include selectors and labels via transformerConfig',
    files: {
      'kustomization.yaml': K(labelsKustomization(false, false, true, 'custom-resource.yaml')),
      'resources/custom-resource.yaml': SAMPLE_RESOURCE,
      'config/configurations.yaml': '\nlabels:\n  - path: spec/selectors/labels\n    create: true\n    kind: SampleResource\n  - path: spec/template/metadata/labels\n    create: true\n    kind: SampleResource\n',
    },
    expected: sampleResourceOutput(true, true),
  },
  // This test comes with kustomize's open pull request 6126; kustomize itself loads `configurations:` under its
  // root-only load restriction and fails.
  {
    name: 'customconfig_test__TestConfigurationsFromParentDirectory',
    files: {
      'kustomizeconfig.yaml': '\nnameReference:\n- kind: Gorilla\n  fieldSpecs:\n  - kind: AnimalPark\n    path: spec/gorillaRef/name\n',
      'overlay/kustomization.yaml': K('\nresources:\n- gorilla.yaml\n- animalPark.yaml\nconfigurations:\n- ../kustomizeconfig.yaml\nnamePrefix: x-\n'),
      'overlay/gorilla.yaml': '\napiVersion: foo/v1\nkind: Gorilla\nmetadata:\n  name: koko\nspec:\n  diet: bambooshoots\n',
      'overlay/animalPark.yaml': '\napiVersion: foo/v1\nkind: AnimalPark\nmetadata:\n  name: sandiego\nspec:\n  gorillaRef:\n    name: koko\n',
    },
    root: 'overlay',
    error: "security; file '/app/kustomizeconfig.yaml' is not in or below '/app/overlay'",
  },
);

// customconfigofbuiltinplugin_test.go
const STAFF_DEPLOYMENT = (backend: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: myDeployment
spec:
  template:
    metadata:
      labels:
        backend: ${backend}
    spec:
      containers:
      - name: whatever
        image: whatever
`;
CASES.push({
  name: 'customconfigofbuiltinplugin_test__TestCustomNamePrefixer',
  files: {
    'kustomization.yaml': K('\nresources:\n- deployment.yaml\n- role.yaml\n- service.yaml\ntransformers:\n- prefixer.yaml\n'),
    'prefixer.yaml': '\napiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata:\n  name: customPrefixer\nprefix: zzz-\nfieldSpecs:\n- kind: Deployment\n  path: metadata/name\n- kind: Service\n  path: metadata/name\n',
    'deployment.yaml': STAFF_DEPLOYMENT('awesome'),
    'role.yaml': '\napiVersion: v1\nkind: Role\nmetadata:\n  name: myRole\n',
    'service.yaml': '\napiVersion: v1\nkind: Service\nmetadata:\n  name: myService\n',
  },
  expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: zzz-myDeployment
spec:
  template:
    metadata:
      labels:
        backend: awesome
    spec:
      containers:
      - image: whatever
        name: whatever
---
apiVersion: v1
kind: Role
metadata:
  name: myRole
---
apiVersion: v1
kind: Service
metadata:
  name: zzz-myService
`,
});

// customconfigreusable_test.go
CASES.push({
  name: 'customconfigreusable_test__TestReusableCustomTransformers',
  files: {
    'mytransformers/deploymentServicePrefixer.yaml': '\napiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata:\n  name: myPrefixer\nprefix: bob-\nfieldSpecs:\n- kind: Deployment\n  path: metadata/name\n- kind: Service\n  path: metadata/name\n',
    'mytransformers/roleAnnotator.yaml': '\napiVersion: builtin\nkind: AnnotationsTransformer\nmetadata:\n  name: myAnnotator\nannotations:\n  # Imagine that SRE has not approved this role yet.\n  status: probationary\nfieldSpecs:\n- path: metadata/annotations\n  create: true\n  kind: Role\n',
    'mytransformers/deploymentLabeller.yaml': '\napiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: myLabeller\nlabels:\n  pager: 867-5301\nfieldSpecs:\n- path: metadata/labels\n  create: true\n  kind: Deployment\n',
    'mytransformers/kustomization.yaml': K('\nresources:\n- deploymentServicePrefixer.yaml\n- roleAnnotator.yaml\n- deploymentLabeller.yaml\n'),
    'staging/kustomization.yaml': K('\n\n# Bring in the custom transformers.\ntransformers:\n- ../mytransformers\n\ncommonLabels:\n  company: acmeCorp  \n\n# Specify the resources to modify.\nresources:\n- deployment.yaml\n- role.yaml\n- service.yaml\n'),
    'staging/deployment.yaml': STAFF_DEPLOYMENT('flawless'),
    'staging/role.yaml': '\napiVersion: v1\nkind: Role\nmetadata:\n  name: myRole\n',
    'staging/service.yaml': '\napiVersion: v1\nkind: Service\nmetadata:\n  name: myService\n',
  },
  root: 'staging',
  expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    company: acmeCorp
    pager: 867-5301
  name: bob-myDeployment
spec:
  selector:
    matchLabels:
      company: acmeCorp
  template:
    metadata:
      labels:
        backend: flawless
        company: acmeCorp
    spec:
      containers:
      - image: whatever
        name: whatever
---
apiVersion: v1
kind: Role
metadata:
  annotations:
    status: probationary
  labels:
    company: acmeCorp
  name: myRole
---
apiVersion: v1
kind: Service
metadata:
  labels:
    company: acmeCorp
  name: bob-myService
spec:
  selector:
    company: acmeCorp
`,
});

// diamondcomposition_test.go
const PATCH_ADD_PROBE = '\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: my-deployment\n        livenessProbe:\n          httpGet:\n            path: /healthz\n            port: 8080\n';
const PATCH_DNS_POLICY = '\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-deployment\nspec:\n  template:\n    spec:\n      dnsPolicy: ClusterFirst\n';
const PATCH_RESTART_POLICY = '\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-deployment\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n';
const CONTAINER_WITH_PROBE = '{ "image": "my-image", "livenessProbe": { "httpGet" : {"path": "/healthz", "port": 8080 } }, "name": "my-deployment"}';
const JSON_ADD_PROBE = `[{"op": "replace", "path": "/spec/template/spec/containers/0", "value": ${CONTAINER_WITH_PROBE}}]`;
const JSON_DNS_POLICY = '[{"op": "add", "path": "/spec/template/spec/dnsPolicy", "value": "ClusterFirst"}]';
const JSON_RESTART_POLICY = '[{"op": "add", "path": "/spec/template/spec/restartPolicy", "value": "Always"}]';
const DEPLOYMENT_BASE = {
  'base/kustomization.yaml': K('\nresources:\n- deployment.yaml\n'),
  'base/deployment.yaml': '\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-deployment\nspec:\n  template:\n    spec:\n      dnsPolicy: "None"\n      containers:\n      - name: my-deployment\n        image: my-image\n',
};
const smpOverlay = (folder: string, base: string, patch: string): Record<string, string> => ({
  [`${folder}/kustomization.yaml`]: K(`\nresources:\n- ${base}\npatchesStrategicMerge:\n- dep-patch.yaml\n`),
  [`${folder}/dep-patch.yaml`]: patch,
});
const jsonTransformerConfig = (folder: string, name: string, patch: string): Record<string, string> => ({
  [`${folder}/${name}Config.yaml`]: `\napiVersion: builtin\nkind: PatchJson6902Transformer\nmetadata:\n  name: ${name}\ntarget:\n  group: apps\n  version: v1\n  kind: Deployment\n  name: my-deployment\njsonOp: '${patch}'\n`,
});
const TRANSFORMER_DIRS = {
  ...DEPLOYMENT_BASE,
  'patches/addDnsPolicy/kustomization.yaml': K('\nresources:\n- addDnsPolicyConfig.yaml\n'),
  ...jsonTransformerConfig('patches/addDnsPolicy', 'addDnsPolicy', JSON_DNS_POLICY),
  'patches/addRestartPolicy/kustomization.yaml': K('\nresources:\n- addRestartPolicyConfig.yaml\n'),
  ...jsonTransformerConfig('patches/addRestartPolicy', 'addRestartPolicy', JSON_RESTART_POLICY),
  'patches/addProbe/kustomization.yaml': K('\nresources:\n- addProbeConfig.yaml\n'),
  ...jsonTransformerConfig('patches/addProbe', 'addProbe', JSON_ADD_PROBE),
};
const patchedDeployment = (probe: boolean, restart: boolean): string => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-deployment
spec:
  template:
    spec:
      containers:
      - image: my-image
${probe ? '        livenessProbe:\n          httpGet:\n            path: /healthz\n            port: 8080\n' : ''}        name: my-deployment
      dnsPolicy: ClusterFirst
${restart ? '      restartPolicy: Always\n' : ''}`;
CASES.push(
  {
    name: 'diamondcomposition_test__TestIssue1251_CompositeDiamond_Failure',
    files: {
      ...DEPLOYMENT_BASE,
      ...smpOverlay('probe', '../base', PATCH_ADD_PROBE),
      ...smpOverlay('dns', '../base', PATCH_DNS_POLICY),
      ...smpOverlay('restart', '../base', PATCH_RESTART_POLICY),
      'composite/kustomization.yaml': K('\nresources:\n- ../probe\n- ../dns\n- ../restart\n'),
    },
    root: 'composite',
    error: 'already registered id',
  },
  {
    name: 'diamondcomposition_test__TestIssue1251_Patches_Overlayed',
    files: {
      ...DEPLOYMENT_BASE,
      ...smpOverlay('probe', '../base', PATCH_ADD_PROBE),
      ...smpOverlay('dns', '../probe', PATCH_DNS_POLICY),
      ...smpOverlay('restart', '../dns', PATCH_RESTART_POLICY),
    },
    root: 'restart',
    expected: patchedDeployment(true, true),
  },
  {
    name: 'diamondcomposition_test__TestIssue1251_Patches_Local',
    files: {
      ...DEPLOYMENT_BASE,
      'composite/kustomization.yaml': K('\nresources:\n- ../base\npatchesStrategicMerge:\n- patchAddProbe.yaml\n- patchDnsPolicy.yaml\n- patchRestartPolicy.yaml\n'),
      'composite/patchRestartPolicy.yaml': PATCH_RESTART_POLICY,
      'composite/patchDnsPolicy.yaml': PATCH_DNS_POLICY,
      'composite/patchAddProbe.yaml': PATCH_ADD_PROBE,
    },
    root: 'composite',
    expected: patchedDeployment(true, true),
  },
  {
    name: 'diamondcomposition_test__TestIssue1251_Patches_ProdVsDev_Failure',
    files: {
      ...DEPLOYMENT_BASE,
      'patches/patchRestartPolicy.yaml': PATCH_RESTART_POLICY,
      'patches/patchDnsPolicy.yaml': PATCH_DNS_POLICY,
      'patches/patchAddProbe.yaml': PATCH_ADD_PROBE,
      'prod/kustomization.yaml': K('\nresources:\n- ../base\npatchesStrategicMerge:\n- ../patches/patchAddProbe.yaml\n- ../patches/patchDnsPolicy.yaml\n'),
    },
    root: 'prod',
    error: "security; file '/app/patches/patchAddProbe.yaml' is not in or below '/app/prod'",
  },
  {
    name: 'diamondcomposition_test__TestIssue1251_Plugins_ProdVsDev__prod',
    files: { ...TRANSFORMER_DIRS, 'prod/kustomization.yaml': K('\nresources:\n- ../base\ntransformers:\n- ../patches/addProbe\n- ../patches/addDnsPolicy\n') },
    root: 'prod',
    expected: patchedDeployment(true, false),
  },
  {
    name: 'diamondcomposition_test__TestIssue1251_Plugins_ProdVsDev__dev',
    files: { ...TRANSFORMER_DIRS, 'dev/kustomization.yaml': K('\nresources:\n- ../base\ntransformers:\n- ../patches/addRestartPolicy\n- ../patches/addDnsPolicy\n') },
    root: 'dev',
    expected: patchedDeployment(false, true),
  },
  {
    name: 'diamondcomposition_test__TestIssue1251_Plugins_Local',
    files: {
      ...DEPLOYMENT_BASE,
      ...jsonTransformerConfig('composite', 'addDnsPolicy', JSON_DNS_POLICY),
      ...jsonTransformerConfig('composite', 'addRestartPolicy', JSON_RESTART_POLICY),
      ...jsonTransformerConfig('composite', 'addProbe', JSON_ADD_PROBE),
      'composite/kustomization.yaml': K('\nresources:\n- ../base\ntransformers:\n- addDnsPolicyConfig.yaml\n- addRestartPolicyConfig.yaml\n- addProbeConfig.yaml\n'),
    },
    root: 'composite',
    expected: patchedDeployment(true, true),
  },
  {
    name: 'diamondcomposition_test__TestIssue1251_Plugins_Bundled',
    files: {
      ...DEPLOYMENT_BASE,
      'patches/kustomization.yaml': K('\nresources:\n- addDnsPolicyConfig.yaml\n- addRestartPolicyConfig.yaml\n- addProbeConfig.yaml\n'),
      ...jsonTransformerConfig('patches', 'addDnsPolicy', JSON_DNS_POLICY),
      ...jsonTransformerConfig('patches', 'addRestartPolicy', JSON_RESTART_POLICY),
      ...jsonTransformerConfig('patches', 'addProbe', JSON_ADD_PROBE),
      'composite/kustomization.yaml': K('\nresources:\n- ../base\ntransformers:\n- ../patches\n'),
    },
    root: 'composite',
    expected: patchedDeployment(true, true),
  },
);

// diamondpatchref_test.go
const sideDeployment = (side: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${side}-deploy
  labels:
    app.kubernetes.io/name: ${side}-deploy
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ${side}-pod
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${side}-pod
    spec:
      containers:
      - image: ${side}-image:v1.0
        name: service
`;
const sideTop = (side: string): string => K(`
resources:
- ../../${side}-service
- ./bottom

patches:
- target:
    kind: Deployment
    name: ${side}-deploy
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ignored-by-kustomize
    spec:
      template:
        spec:
          containers:
          - name: service
            env:
            - name: MAPPED_CONFIG_ITEM
              valueFrom:
                configMapKeyRef:
                  name: ${side}-bottom
                  key: KEY
`);
const sideOutput = (side: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/name: ${side}-deploy
  name: ${side}-deploy
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ${side}-pod
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${side}-pod
    spec:
      containers:
      - env:
        - name: MAPPED_CONFIG_ITEM
          valueFrom:
            configMapKeyRef:
              key: KEY
              name: ${side}-bottom-9f2t6f5h6d
        image: ${side}-image:v1.0
        name: service
---
apiVersion: v1
data:
  KEY: value
kind: ConfigMap
metadata:
  name: ${side}-bottom-9f2t6f5h6d
`;
CASES.push({
  name: 'diamondpatchref_test__TestConfMapNameResolutionInDiamondWithPatches',
  files: {
    'bottom/kustomization.yaml': K('\nconfigMapGenerator:\n- name: bottom\n  literals:\n  - KEY=value\n'),
    'left-service/kustomization.yaml': K('\nresources:\n- deployment.yaml\n'),
    'left-service/deployment.yaml': sideDeployment('left'),
    'right-service/kustomization.yaml': K('\nresources:\n- deployment.yaml\n'),
    'right-service/deployment.yaml': sideDeployment('right'),
    'top/kustomization.yaml': K('\nresources:\n- ./left\n- ./right\n'),
    'top/left/kustomization.yaml': sideTop('left'),
    'top/left/bottom/kustomization.yaml': K('\nnamePrefix: left-\n\nresources:\n- ../../../bottom\n'),
    'top/right/kustomization.yaml': sideTop('right'),
    'top/right/bottom/kustomization.yaml': K('\nnamePrefix: right-\n\nresources:\n- ../../../bottom\n'),
  },
  root: 'top',
  expected: `${sideOutput('left')}---\n${sideOutput('right')}`,
});

// extendedpatch_test.go
const appDeployment = (app: string): string => `
apiVersion: apps/v1beta2
kind: Deployment
metadata:
  name: ${app}
  labels:
    app: ${app}
spec:
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      containers:
      - name: ${app}
        image: ${app}
        volumeMounts:
        - name: ${app}-persistent-storage
          mountPath: /tmp/ps
      volumes:
      - name: ${app}-persistent-storage
        emptyDir: {}
      - configMap:
          name: configmap-in-base
        name: configmap-in-base
`;
const appService = (app: string, port: number): string => `
apiVersion: v1
kind: Service
metadata:
  name: ${app}
  labels:
    app: ${app}
spec:
  ports:
  - port: ${port}
  selector:
    app: ${app}
`;
const EXTENDED_PATCH_FILES = {
  'base/deployment.yaml': `${appDeployment('nginx')}---${appDeployment('busybox')}`,
  'base/service.yaml': `${appService('nginx', 80)}---${appService('busybox', 8080)}`,
};
const ANNOTATION_PATCH = (name: string, key = 'new-key'): string => `\napiVersion: apps/v1beta2\nkind: Deployment\nmetadata:\n  name: ${name}\n  annotations:\n    ${key}: new-value\n`;
/** The four objects, with the annotations each one gets, keyed by `Kind/name`. */
function extendedPatchOutput(annotated: Record<string, readonly string[]>): string {
  const annotate = (text: string, id: string): string => {
    const keys = annotated[id];
    return keys ? text.replace('metadata:\n', `metadata:\n  annotations:\n${keys.map((key) => `    ${key}: new-value\n`).join('')}`) : text;
  };
  return [
    annotate(appDeployment('nginx'), 'Deployment/nginx'),
    annotate(appDeployment('busybox'), 'Deployment/busybox'),
    annotate(appService('nginx', 80), 'Service/nginx'),
    annotate(appService('busybox', 8080), 'Service/busybox'),
  ].join('---');
}
const extendedPatchCase = (test: string, patches: string, annotated: Record<string, readonly string[]>, patchFiles: Record<string, string> = { 'base/patch.yaml': ANNOTATION_PATCH('busybox') }): KrustyCase => ({
  name: `extendedpatch_test__${test}`,
  files: { ...EXTENDED_PATCH_FILES, ...patchFiles, 'base/kustomization.yaml': K(`\nresources:\n- deployment.yaml\n- service.yaml\npatches:\n${patches}`) },
  root: 'base',
  expected: extendedPatchOutput(annotated),
});
const NEW_KEY = ['new-key'];
CASES.push(
  extendedPatchCase('TestExtendedPatchNameSelector', '- path: patch.yaml\n  target:\n    name: busybox\n', { 'Deployment/busybox': NEW_KEY, 'Service/busybox': NEW_KEY }),
  extendedPatchCase('TestExtendedPatchGvkSelector', '- path: patch.yaml\n  target:\n    kind: Deployment\n', { 'Deployment/nginx': NEW_KEY, 'Deployment/busybox': NEW_KEY }),
  extendedPatchCase('TestExtendedPatchLabelSelector', '- path: patch.yaml\n  target:\n    labelSelector: app=nginx\n', { 'Deployment/nginx': NEW_KEY, 'Service/nginx': NEW_KEY }, { 'base/patch.yaml': ANNOTATION_PATCH('nginx') }),
  extendedPatchCase('TestExtendedPatchNameGvkSelector', '- path: patch.yaml\n  target:\n    name: busybox\n    kind: Deployment\n', { 'Deployment/busybox': NEW_KEY }),
  extendedPatchCase('TestExtendedPatchNameLabelSelector', '- path: patch.yaml\n  target:\n    name: .*\n    labelSelector: app=busybox\n', { 'Deployment/busybox': NEW_KEY, 'Service/busybox': NEW_KEY }),
  extendedPatchCase('TestExtendedPatchGvkLabelSelector', '- path: patch.yaml\n  target:\n    kind: Deployment\n    labelSelector: app=busybox\n', { 'Deployment/busybox': NEW_KEY }),
  extendedPatchCase('TestExtendedPatchNameGvkLabelSelector', '- path: patch.yaml\n  target:\n    name: busybox\n    kind: Deployment\n    labelSelector: app=busybox\n', { 'Deployment/busybox': NEW_KEY }),
  extendedPatchCase('TestExtendedPatchNoMatch', '- path: patch.yaml\n  target:\n    name: no-match\n', {}),
  extendedPatchCase('TestExtendedPatchWithoutTarget', '- path: patch.yaml\n', { 'Deployment/busybox': NEW_KEY }),
  extendedPatchCase('TestExtendedPatchNoMatchMultiplePatch', '- path: patch.yaml\n  target:\n    name: no-match\n- path: patch.yaml\n  target:\n    name: busybox\n    kind: Job\n', {}),
  extendedPatchCase(
    'TestExtendedPatchMultiplePatchOverlapping',
    '- path: patch1.yaml\n  target:\n    labelSelector: app=busybox\n- path: patch2.yaml\n  target:\n    name: busybox\n    kind: Deployment\n',
    { 'Deployment/busybox': ['new-key-from-patch1', 'new-key-from-patch2'], 'Service/busybox': ['new-key-from-patch1'] },
    { 'base/patch1.yaml': ANNOTATION_PATCH('busybox', 'new-key-from-patch1'), 'base/patch2.yaml': ANNOTATION_PATCH('busybox', 'new-key-from-patch2') },
  ),
);

// generatormergeandreplace_test.go
const NGINX_SERVICE = '\napiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\n  labels:\n    app: nginx\nspec:\n  ports:\n    - port: 80\n  selector:\n    app: nginx\n';
const BASE_WITH_GENERATORS = {
  'kustomization.yaml': K(`
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
secretGenerator:
- name: secret-in-base
  literals:
  - username=admin
  - password=somepw
`),
  'deployment.yaml': `
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
      volumes:
      - name: nginx-persistent-storage
        emptyDir: {}
      - configMap:
          name: configmap-in-base
        name: configmap-in-base
`,
  'service.yaml': NGINX_SERVICE,
};
const TEAM_FOO_METADATA = '  annotations:\n    note: This is a test annotation\n  labels:\n    app: mynginx\n    org: example.com\n    team: foo\n';
CASES.push(
  {
    name: 'generatormergeandreplace_test__TestSimpleBase',
    files: {
      'base/kustomization.yaml': K(`
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namePrefix: team-foo-
commonLabels:
  app: mynginx
  org: example.com
  team: foo
commonAnnotations:
  note: This is a test annotation
resources:
  - service.yaml
  - deployment.yaml
  - networkpolicy.yaml
`),
      'base/service.yaml': NGINX_SERVICE,
      'base/networkpolicy.yaml': `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: nginx
spec:
  podSelector:
    matchExpressions:
      - {key: app, operator: In, values: [test]}
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: nginx
`,
      'base/deployment.yaml': '\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\n  labels:\n    app: nginx\nspec:\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n',
    },
    root: 'base',
    expected: `
apiVersion: v1
kind: Service
metadata:
${TEAM_FOO_METADATA}  name: team-foo-nginx
spec:
  ports:
  - port: 80
  selector:
    app: mynginx
    org: example.com
    team: foo
---
apiVersion: apps/v1
kind: Deployment
metadata:
${TEAM_FOO_METADATA}  name: team-foo-nginx
spec:
  selector:
    matchLabels:
      app: mynginx
      org: example.com
      team: foo
  template:
    metadata:
      annotations:
        note: This is a test annotation
      labels:
        app: mynginx
        org: example.com
        team: foo
    spec:
      containers:
      - image: nginx
        name: nginx
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
${TEAM_FOO_METADATA}  name: team-foo-nginx
spec:
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: mynginx
          org: example.com
          team: foo
  podSelector:
    matchExpressions:
    - key: app
      operator: In
      values:
      - test
`,
  },
  {
    name: 'generatormergeandreplace_test__TestBaseWithGeneratorsAlone',
    files: BASE_WITH_GENERATORS,
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
${TEAM_FOO_METADATA}  name: team-foo-nginx
spec:
  selector:
    matchLabels:
      app: mynginx
      org: example.com
      team: foo
  template:
    metadata:
      annotations:
        note: This is a test annotation
      labels:
        app: mynginx
        org: example.com
        team: foo
    spec:
      containers:
      - image: nginx
        name: nginx
        volumeMounts:
        - mountPath: /tmp/ps
          name: nginx-persistent-storage
      volumes:
      - emptyDir: {}
        name: nginx-persistent-storage
      - configMap:
          name: team-foo-configmap-in-base-798k5k7g9f
        name: configmap-in-base
---
apiVersion: v1
kind: Service
metadata:
${TEAM_FOO_METADATA}  name: team-foo-nginx
spec:
  ports:
  - port: 80
  selector:
    app: mynginx
    org: example.com
    team: foo
---
apiVersion: v1
data:
  foo: bar
kind: ConfigMap
metadata:
${TEAM_FOO_METADATA}  name: team-foo-configmap-in-base-798k5k7g9f
---
apiVersion: v1
data:
  password: c29tZXB3
  username: YWRtaW4=
kind: Secret
metadata:
${TEAM_FOO_METADATA}  name: team-foo-secret-in-base-bgd6bkgdm2
type: Opaque
`,
  },
  {
    name: 'generatormergeandreplace_test__TestMergeAndReplaceGenerators',
    files: {
      ...Object.fromEntries(Object.entries(BASE_WITH_GENERATORS).map(([path, text]) => [`app/${path}`, text])),
      'overlay/deployment.yaml': `
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
      - configMap:
          name: configmap-in-overlay
        name: configmap-in-overlay
`,
      'overlay/kustomization.yaml': K(`
namePrefix: staging-
commonLabels:
  env: staging
  team: override-foo
patchesStrategicMerge:
- deployment.yaml
resources:
- ../app
configMapGenerator:
- name: configmap-in-overlay
  literals:
  - hello=world
- name: configmap-in-base
  behavior: replace
  literals:
  - foo=override-bar
secretGenerator:
- name: secret-in-base
  behavior: merge
  literals:
  - proxy=haproxy
`),
    },
    root: 'overlay',
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    note: This is a test annotation
  labels:
    app: mynginx
    env: staging
    org: example.com
    team: override-foo
  name: staging-team-foo-nginx
spec:
  selector:
    matchLabels:
      app: mynginx
      env: staging
      org: example.com
      team: override-foo
  template:
    metadata:
      annotations:
        note: This is a test annotation
      labels:
        app: mynginx
        env: staging
        org: example.com
        team: override-foo
    spec:
      containers:
      - image: nginx
        name: nginx
        volumeMounts:
        - mountPath: /tmp/ps
          name: nginx-persistent-storage
      volumes:
      - gcePersistentDisk:
          pdName: nginx-persistent-storage
        name: nginx-persistent-storage
      - configMap:
          name: staging-configmap-in-overlay-dc6fm46dhm
        name: configmap-in-overlay
      - configMap:
          name: staging-team-foo-configmap-in-base-hc6g9dk6g9
        name: configmap-in-base
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    note: This is a test annotation
  labels:
    app: mynginx
    env: staging
    org: example.com
    team: override-foo
  name: staging-team-foo-nginx
spec:
  ports:
  - port: 80
  selector:
    app: mynginx
    env: staging
    org: example.com
    team: override-foo
---
apiVersion: v1
data:
  foo: override-bar
kind: ConfigMap
metadata:
  annotations:
    note: This is a test annotation
  labels:
    app: mynginx
    env: staging
    org: example.com
    team: override-foo
  name: staging-team-foo-configmap-in-base-hc6g9dk6g9
---
apiVersion: v1
data:
  password: c29tZXB3
  proxy: aGFwcm94eQ==
  username: YWRtaW4=
kind: Secret
metadata:
  annotations:
    note: This is a test annotation
  labels:
    app: mynginx
    env: staging
    org: example.com
    team: override-foo
  name: staging-team-foo-secret-in-base-k2k4692t9g
type: Opaque
---
apiVersion: v1
data:
  hello: world
kind: ConfigMap
metadata:
  labels:
    env: staging
    team: override-foo
  name: staging-configmap-in-overlay-dc6fm46dhm
`,
  },
  {
    name: 'generatormergeandreplace_test__TestGeneratingIntoNamespaces',
    files: {
      'kustomization.yaml': K(`
configMapGenerator:
- name: test
  namespace: default
  literals:
    - key=value
- name: test
  namespace: kube-system
  literals:
    - key=value
secretGenerator:
- name: test
  namespace: default
  literals:
  - username=admin
  - password=somepw
- name: test
  namespace: kube-system
  literals:
  - username=admin
  - password=somepw
`),
    },
    expected: `
apiVersion: v1
data:
  key: value
kind: ConfigMap
metadata:
  name: test-t757gk2bmf
  namespace: default
---
apiVersion: v1
data:
  key: value
kind: ConfigMap
metadata:
  name: test-t757gk2bmf
  namespace: kube-system
---
apiVersion: v1
data:
  password: c29tZXB3
  username: YWRtaW4=
kind: Secret
metadata:
  name: test-bgd6bkgdm2
  namespace: default
type: Opaque
---
apiVersion: v1
data:
  password: c29tZXB3
  username: YWRtaW4=
kind: Secret
metadata:
  name: test-bgd6bkgdm2
  namespace: kube-system
type: Opaque
`,
  },
  {
    name: 'generatormergeandreplace_test__TestConfigMapGeneratingIntoSameNamespace',
    files: { 'kustomization.yaml': K('\nconfigMapGenerator:\n- name: test\n  namespace: default\n  literals:\n  - key=value\n- name: test\n  literals:\n  - key=value\n') },
    error: 'behavior must be merge or replace',
  },
  {
    name: 'generatormergeandreplace_test__TestSecretGeneratingIntoSameNamespace',
    files: { 'kustomization.yaml': K('\nsecretGenerator:\n- name: test\n  namespace: default\n  literals:\n  - username=admin\n  - password=somepw\n- name: test\n  literals:\n  - username=admin\n  - password=somepw\n') },
    error: 'behavior must be merge or replace',
  },
);

// generator_as_transformer_test.go comes from kustomize's unmerged pull request 5761 (issue 4403 is open): kustomize
// itself loads a builtin generator under `transformers:` and fails, "not a transformer".
CASES.push({
  name: 'generator_as_transformer_test__TestSecretGeneratorAsTransformer',
  files: { 'app/base/kustomization.yaml': K('\ntransformers:\n- |-\n  apiVersion: builtin\n  kind: SecretGenerator\n  metadata:\n    name: foo\n  literals:\n  - foo=bar\n  options:\n    disableNameSuffixHash: true\n') },
  root: 'app/base',
  error: 'not a transformer',
});

// configmaps_test.go (the cases test/unit/model/kustomizeGenerators.test.ts does not hold)
CASES.push(
  {
    name: 'configmaps_test__TestGeneratorRepeatsInKustomization',
    files: {
      'kustomization.yaml': K(`
namePrefix: blah-
configMapGenerator:
- name: bob
  behavior: create
  literals:
  - bean=pinto
  - star=wolf-rayet
  literals:
  - fruit=apple
  - vegetable=broccoli
  files:
  - forces.txt
  files:
  - nobles=nobility.txt
`),
      'forces.txt': '\ngravitational\nelectromagnetic\nstrong nuclear\nweak nuclear\n',
      'nobility.txt': '\nhelium\nneon\nargon\nkrypton\nxenon\nradon\n',
    },
    expected: `
apiVersion: v1
data:
  fruit: apple
  nobles: |2

    helium
    neon
    argon
    krypton
    xenon
    radon
  vegetable: broccoli
kind: ConfigMap
metadata:
  name: blah-bob-db529cg5bk
`,
  },
  {
    name: 'configmaps_test__TestGeneratorSimpleOverlay',
    files: {
      'base/kustomization.yaml': K('\nnamePrefix: p-\nconfigMapGenerator:\n- name: cm\n  behavior: create\n  literals:\n  - fruit=apple\n'),
      'overlay/kustomization.yaml': K('\nresources:\n- ../base\nconfigMapGenerator:\n- name: cm\n  behavior: merge\n  literals:\n  - veggie=broccoli\n'),
    },
    root: 'overlay',
    expected: '\napiVersion: v1\ndata:\n  fruit: apple\n  veggie: broccoli\nkind: ConfigMap\nmetadata:\n  name: p-cm-877mt5hc89\n',
  },
  {
    name: 'configmaps_test__TestGeneratorOverlays',
    files: {
      'base1/kustomization.yaml': K('\nnamePrefix: p1-\nconfigMapGenerator:\n- name: com1\n  behavior: create\n  literals:\n  - from=base\n'),
      'base2/kustomization.yaml': K('\nnamePrefix: p2-\nconfigMapGenerator:\n- name: com2\n  behavior: create\n  literals:\n  - from=base\n'),
      'overlay/o1/kustomization.yaml': K('\nresources:\n- ../../base1\nconfigMapGenerator:\n- name: com1\n  behavior: merge\n  literals:\n  - from=overlay\n'),
      'overlay/o2/kustomization.yaml': K('\nresources:\n- ../../base2\nconfigMapGenerator:\n- name: com2\n  behavior: merge\n  literals:\n  - from=overlay\n'),
      'overlay/kustomization.yaml': K('\nresources:\n- o1\n- o2\nconfigMapGenerator:\n- name: com1\n  behavior: merge\n  literals:\n  - foo=bar\n  - baz=qux\n'),
    },
    root: 'overlay',
    expected: '\napiVersion: v1\ndata:\n  baz: qux\n  foo: bar\n  from: overlay\nkind: ConfigMap\nmetadata:\n  name: p1-com1-8tc62428t2\n---\napiVersion: v1\ndata:\n  from: overlay\nkind: ConfigMap\nmetadata:\n  name: p2-com2-87mcggf7d7\n',
  },
  {
    name: 'configmaps_test__TestConfigMapGeneratorMergeNamePrefix',
    files: {
      'base/kustomization.yaml': K('\nconfigMapGenerator:\n- name: cm\n  behavior: create\n  literals:\n  - foo=bar\n'),
      'o1/kustomization.yaml': K('\nresources:\n- ../base\nnamePrefix: o1-\n'),
      'o2/kustomization.yaml': K('\nresources:\n- ../base\nnameSuffix: -o2\n'),
      'kustomization.yaml': K('\nresources:\n- o1\n- o2\nconfigMapGenerator:\n- name: o1-cm\n  behavior: merge\n  literals:\n  - big=bang\n- name: cm-o2\n  behavior: merge\n  literals:\n  - big=crunch\n'),
    },
    expected: '\napiVersion: v1\ndata:\n  big: bang\n  foo: bar\nkind: ConfigMap\nmetadata:\n  name: o1-cm-ft9mmdc8c6\n---\napiVersion: v1\ndata:\n  big: crunch\n  foo: bar\nkind: ConfigMap\nmetadata:\n  name: cm-o2-5k95kd76ft\n',
  },
);

describe('kustomize krusty tests: custom configurations, diamonds, extended patches, generators', () => {
  for (const krusty of CASES) {
    test(krusty.name, () => {
      assertKrustyCase(krusty);
    });
  }
});
