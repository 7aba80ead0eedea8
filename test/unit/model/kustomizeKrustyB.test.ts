/**
 * Cases ported from kustomize's api/krusty tests (files i… to o…: iampolicygenerator_test.go to
 * openapicustomschema_test.go): each case holds the files the upstream test wrote, the folder it built and the
 * objects it expects (or that the build fails). Objects are compared as a multiset, as the conformance cases are.
 */
import { describe, test } from 'node:test';
import { assertKrustyCase, writtenByWriteK, type KrustyCase } from '../../support/krustyCases';


/** inlinepatch_test.go makeResourcesForPatchTest. */
const NGINX_DEPLOYMENT = `
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
`;

/** What the inline patches of inlinepatch_test.go make of NGINX_DEPLOYMENT. */
const NGINX_IMAGE1 = `
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: nginx
  name: nginx
spec:
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - image: image1
        name: nginx
        volumeMounts:
        - mountPath: /tmp/ps
          name: nginx-persistent-storage
      volumes:
      - emptyDir: {}
        name: nginx-persistent-storage
      - configMap:
          name: configmap-in-base
        name: configmap-in-base
`;

/** issue2896_test.go writeIssueBase. */
const ISSUE2896_BASE = {
  'base/kustomization.yaml': `
nameSuffix: -test-api

resources:
 - deploy.yaml
`,
  'base/deploy.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: example
spec:
  template:
    spec:
      containers:
        - name: example
          image: example:1.0
          volumeMounts:
            - name: conf
              mountPath: /etc/config
      volumes:
        - name: conf
          configMap:
            name: conf
`,
};

/** mergeenvfrom_test.go makeCommonFileForMergeEnvFromTest. */
const ENV_FROM_DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - name: nginx
        image: image1
        envFrom:
        - configMapRef:
            name: some-config
        - configMapRef:
            name: more-config
`;

/** multiplepatch_test.go makeCommonFileForMultiplePatchTest. */
const MULTIPLE_PATCH_BASE = {
  '/app/base/kustomization.yaml': `
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
  - deployment.yaml
  - service.yaml
configMapGenerator:
- name: configmap-in-base
  literals:
  - foo=bar
`,
  '/app/base/deployment.yaml': `
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
      - name: nginx-persistent-storage
        emptyDir: {}
      - configMap:
          name: configmap-in-base
        name: configmap-in-base
`,
  '/app/base/service.yaml': `
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
  '/app/overlay/staging/kustomization.yaml': `
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
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

/** The objects of multiplepatch_test.go other than the Deployment. */
const MULTIPLE_PATCH_OTHERS = `
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

const MULTIPLE_PATCH_ADDITIVE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - name: nginx
        env:
        - name: SOME_NAME
          value: somevalue
`;

const MULTIPLE_PATCH_DELETE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  template:
    spec:
      containers:
      - $patch: delete
        name: sidecar
`;

const MULTIPLE_PATCH_ONE_DELETE_EXPECTED = `apiVersion: apps/v1
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
      containers:
      - env:
        - name: SOME_NAME
          value: somevalue
        image: nginx
        name: nginx
        volumeMounts:
        - mountPath: /tmp/ps
          name: nginx-persistent-storage
      volumes:
      - emptyDir: {}
        name: nginx-persistent-storage
      - configMap:
          name: staging-team-foo-configmap-in-base-798k5k7g9f
        name: configmap-in-base
---${MULTIPLE_PATCH_OTHERS}`;

// END OF SHARED INPUTS

const CASES: KrustyCase[] = [
  {
    name: 'iampolicygenerator_test.go TestGkeGenerator',
    root: '.',
    files: {
      'kustomization.yaml': `
generators:
- |-
  apiVersion: builtin
  kind: IAMPolicyGenerator
  metadata:
    name: my-gke-generator
  cloud: gke
  kubernetesService:
    name: k8s-sa-name
  serviceAccount:
    name: gsa-name
    projectId: project-id
`,
    },
    expected: `
apiVersion: v1
kind: ServiceAccount
metadata:
  annotations:
    iam.gke.io/gcp-service-account: gsa-name@project-id.iam.gserviceaccount.com
  name: k8s-sa-name
`,
  },
  {
    name: 'iampolicygenerator_test.go TestGkeGeneratorWithTwo',
    root: '.',
    files: {
      'kustomization.yaml': `
generators:
- gkegenerator1.yaml
- gkegenerator2.yaml
`,
      'gkegenerator1.yaml': `
apiVersion: builtin
kind: IAMPolicyGenerator
metadata:
  name: my-gke-generator1
cloud: gke
kubernetesService: 
  namespace: k8s-namespace-1
  name: k8s-sa-name-1
serviceAccount:
  name: gsa-name-1
  projectId: project-id-1
`,
      'gkegenerator2.yaml': `
apiVersion: builtin
kind: IAMPolicyGenerator
metadata:
  name: my-gke-generator2
cloud: gke
kubernetesService:
  name: k8s-sa-name-2
serviceAccount:
  name: gsa-name-2
  projectId: project-id-2
`,
    },
    expected: `
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
`,
  },
  {
    name: 'inlinelabels_test.go TestKustomizationLabels',
    root: '/app',
    files: {
      '/app/kustomization.yaml': `
resources:
- deployment.yaml

labels:
- pairs:
    foo: bar
- pairs:
    a: b
  includeSelectors: true
- pairs:
    c: d
  fields:
  - path: spec/selector
    group: example.dev
    version: v1
    kind: MyCRD
    create: true
`,
      '/app/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-deployment
spec:
  template:
    spec:
      containers:
      - name: my-deployment
        livenessProbe:
          httpGet:
            path: /healthz
            port: 8080
---
apiVersion: example.dev/v1
kind: MyCRD
metadata:
  name: crd
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    a: b
    c: d
    foo: bar
  name: my-deployment
spec:
  selector:
    matchLabels:
      a: b
  template:
    metadata:
      labels:
        a: b
    spec:
      containers:
      - livenessProbe:
          httpGet:
            path: /healthz
            port: 8080
        name: my-deployment
---
apiVersion: example.dev/v1
kind: MyCRD
metadata:
  labels:
    a: b
    c: d
    foo: bar
  name: crd
spec:
  selector:
    c: d
`,
  },
  {
    name: 'inlinelabels_test.go TestKustomizationLabelsDoesNotCreateInvalidTemplatePaths',
    root: '/app',
    files: {
      'app/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment
spec:
  replicas: 1
  template:
    spec:
      containers:
      - name: test-server
        image: test-server
`,
      'app/service.yaml': `
apiVersion: v1
kind: Service
metadata:
  name: service
spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: 9376
`,
      '/app/kustomization.yaml': `
resources:
- deployment.yaml
- service.yaml

commonLabels:
  app: test-server

labels:
- pairs:
    app.kubernetes.io/component: a
    app.kubernetes.io/instance: b
    app.kubernetes.io/name: c
    app.kubernetes.io/part-of: d
  includeSelectors: false
  includeTemplates: true
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: test-server
    app.kubernetes.io/component: a
    app.kubernetes.io/instance: b
    app.kubernetes.io/name: c
    app.kubernetes.io/part-of: d
  name: deployment
spec:
  replicas: 1
  selector:
    matchLabels:
      app: test-server
  template:
    metadata:
      labels:
        app: test-server
        app.kubernetes.io/component: a
        app.kubernetes.io/instance: b
        app.kubernetes.io/name: c
        app.kubernetes.io/part-of: d
    spec:
      containers:
      - image: test-server
        name: test-server
---
apiVersion: v1
kind: Service
metadata:
  labels:
    app: test-server
    app.kubernetes.io/component: a
    app.kubernetes.io/instance: b
    app.kubernetes.io/name: c
    app.kubernetes.io/part-of: d
  name: service
spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: 9376
  selector:
    app: test-server
`,
  },
  {
    name: 'inlinelabels_test.go TestKustomizationLabelsInStatefulSetTemplateWithClaimTemplateIncludeTemplateFalseAndIncludeVolumeClaimTemplatesTrue',
    root: '/app',
    files: {
      'app/sts.yaml': `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  labels:
    app.kubernetes.io/name: set
  name: set
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: set
  serviceName: set
  template:
    metadata:
      labels:
        app.kubernetes.io/name: set
    volumeMounts:
    - mountPath: /usr/src/app/data
      name: usrdata
  volumeClaimTemplates:
  - metadata:
      name: usrdata
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 10Gi
`,
      '/app/kustomization.yaml': `
resources:
- sts.yaml

labels:
- pairs:
    foo: bar
  includeSelectors: false
  includeTemplates: false
  includeVolumeClaimTemplates: true
`,
    },
    expected: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  labels:
    app.kubernetes.io/name: set
    foo: bar
  name: set
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: set
  serviceName: set
  template:
    metadata:
      labels:
        app.kubernetes.io/name: set
    volumeMounts:
    - mountPath: /usr/src/app/data
      name: usrdata
  volumeClaimTemplates:
  - metadata:
      labels:
        foo: bar
      name: usrdata
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 10Gi
`,
  },
  {
    name: 'inlinelabels_test.go TestKustomizationLabelsInCronJobTemplate',
    root: '/app',
    files: {
      'app/cjob.yaml': `
apiVersion: batch/v1
kind: CronJob
metadata:
  labels:
    app.kubernetes.io/name: job
  name: job
spec:
  jobTemplate:
    spec:
      backoffLimit: 4
      template:
        metadata:
          labels:
            app.kubernetes.io/name: job
        spec:
          restartPolicy: Never
  schedule: '* * * * *'
`,
      '/app/kustomization.yaml': `
resources:
- cjob.yaml

labels:
- pairs:
    foo: bar
  includeSelectors: false
  includeTemplates: true
`,
    },
    expected: `
apiVersion: batch/v1
kind: CronJob
metadata:
  labels:
    app.kubernetes.io/name: job
    foo: bar
  name: job
spec:
  jobTemplate:
    metadata:
      labels:
        foo: bar
    spec:
      backoffLimit: 4
      template:
        metadata:
          labels:
            app.kubernetes.io/name: job
            foo: bar
        spec:
          restartPolicy: Never
  schedule: '* * * * *'
`,
  },
  {
    name: 'inlinelabels_test.go TestKustomizationLabelsInJobTemplate',
    root: '/app',
    files: {
      'app/job.yaml': `
apiVersion: batch/v1
kind: Job
metadata:
  labels:
    app.kubernetes.io/name: job
  name: job
spec:
  backoffLimit: 4
  template:
    metadata:
      labels:
        app.kubernetes.io/name: job
    spec:
      restartPolicy: Never
`,
      '/app/kustomization.yaml': `
resources:
- job.yaml

labels:
- pairs:
    foo: bar
  includeSelectors: false
  includeTemplates: true
`,
    },
    expected: `
apiVersion: batch/v1
kind: Job
metadata:
  labels:
    app.kubernetes.io/name: job
    foo: bar
  name: job
spec:
  backoffLimit: 4
  template:
    metadata:
      labels:
        app.kubernetes.io/name: job
        foo: bar
    spec:
      restartPolicy: Never
`,
  },
  {
    name: 'inlinepatch_test.go TestStrategicMergePatchInline',
    root: 'base',
    files: {
      'base/deployment.yaml': NGINX_DEPLOYMENT,
      'base/kustomization.yaml': `
resources:
- deployment.yaml

patchesStrategicMerge:
- |-
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: nginx
  spec:
    template:
      spec:
        containers:
          - name: nginx
            image: image1
`,
    },
    expected: NGINX_IMAGE1,
  },
  {
    name: 'inlinepatch_test.go TestJSONPatchInline',
    root: 'base',
    files: {
      'base/deployment.yaml': NGINX_DEPLOYMENT,
      'base/kustomization.yaml': `
resources:
- deployment.yaml

patchesJson6902:
- target:
    group: apps
    version: v1
    kind: Deployment
    name: nginx
  patch: |-
    - op: replace
      path: /spec/template/spec/containers/0/image
      value: image1
`,
    },
    expected: NGINX_IMAGE1,
  },
  {
    name: 'inlinepatch_test.go TestExtendedPatchInlineJSON',
    root: 'base',
    files: {
      'base/deployment.yaml': NGINX_DEPLOYMENT,
      'base/kustomization.yaml': `
resources:
- deployment.yaml

patches:
- target:
    kind: Deployment
    name: nginx
  patch: |-
    - op: replace
      path: /spec/template/spec/containers/0/image
      value: image1
`,
    },
    expected: NGINX_IMAGE1,
  },
  {
    name: 'inlinepatch_test.go TestExtendedPatchInlineYAML',
    root: 'base',
    files: {
      'base/deployment.yaml': NGINX_DEPLOYMENT,
      'base/kustomization.yaml': `
resources:
- deployment.yaml

patches:
- target:
    kind: Deployment
    name: nginx
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: nginx
    spec:
      template:
        spec:
          containers:
            - name: nginx
              image: image1
`,
    },
    expected: NGINX_IMAGE1,
  },
  {
    name: 'inlinepatch_test.go TestPathWithCronJobV1',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- resources.yaml
patches:
- patch: |
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: test
    spec:
      jobTemplate:
        spec:
          template:
            spec:
              containers:
              - name: test
                env:
                - name: ENV_NEW
                  value: val_new
  target:
    kind: CronJob
    name: test
`,
      'resources.yaml': `
apiVersion: batch/v1
kind: CronJob
metadata:
  name: test
spec:
  schedule: "5 10 * * 1"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 3
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: test
            image: bash
            command:
            - /bin/sh
            - -c
            - echo "test"
            env:
            - name: ENV1
              value: val1
            - name: ENV2
              value: val2
            - name: ENV3
              value: val3`,
    },
    expected: `
apiVersion: batch/v1
kind: CronJob
metadata:
  name: test
spec:
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 3
      template:
        spec:
          containers:
          - command:
            - /bin/sh
            - -c
            - echo "test"
            env:
            - name: ENV_NEW
              value: val_new
            - name: ENV1
              value: val1
            - name: ENV2
              value: val2
            - name: ENV3
              value: val3
            image: bash
            name: test
          restartPolicy: Never
  schedule: 5 10 * * 1
`,
  },
  {
    name: 'inlinetransformer_test.go TestInlineTransformer',
    root: '.',
    files: {
      'resource.yaml': `
apiVersion: apps/v1
kind: ConfigMap
metadata:
  name: whatever
data: {}
`,
      'kustomization.yaml': `
resources:
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
`,
    },
    expected: `
apiVersion: apps/v1
data: {}
kind: ConfigMap
metadata:
  name: whatever
  namespace: test
`,
  },
  {
    name: 'inlinetransformer_test.go TestInlineGenerator',
    root: '.',
    files: {
      'kustomization.yaml': `
generators:
- |-
  apiVersion: builtin
  kind: ConfigMapGenerator
  metadata:
    name: mymap
  literals:
  - FRUIT=apple
  - VEGETABLE=carrot
`,
    },
    expected: `
apiVersion: v1
data:
  FRUIT: "apple"
  VEGETABLE: "carrot"
kind: ConfigMap
metadata:
  name: mymap-kfd8tf729k
`,
  },
  {
    name: 'issue2896_test.go TestIssue2896Base',
    root: 'base',
    files: ISSUE2896_BASE,
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: example-test-api
spec:
  template:
    spec:
      containers:
      - image: example:1.0
        name: example
        volumeMounts:
        - mountPath: /etc/config
          name: conf
      volumes:
      - configMap:
          name: conf
        name: conf
`,
  },
  {
    name: 'issue2896_test.go TestIssue2896Overlay',
    root: 'overlay',
    files: {
      ...ISSUE2896_BASE,
      'overlay/kustomization.yaml': `
resources:
  - ../base

patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: example
      spec:
        template:
          spec:
            containers:
             - name: example
               image: example:2.0
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: example-test-api
spec:
  template:
    spec:
      containers:
      - image: example:2.0
        name: example
        volumeMounts:
        - mountPath: /etc/config
          name: conf
      volumes:
      - configMap:
          name: conf
        name: conf
`,
  },
  {
    name: 'issue3377_test.go TestIssue3377',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- service-a.yaml
- service-b.yaml

patchesJson6902:
- path: service-a-patch.yaml
  target:
    version: v1
    group: networking.k8s.io
    kind: Ingress
    name: service-a
- path: service-b-patch.yaml
  target:
    version: v1
    group: networking.k8s.io
    kind: Ingress
    name: service-b
vars:
- name: SERVICE_A_DNS_NAME
  objref:
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    name: service-a
  fieldref:
    fieldpath: spec.rules[0].host
- name: SERVICE_B_DNS_NAME
  objref:
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    name: service-b
  fieldref:
    fieldpath: spec.rules[0].host
`,
      'service-a.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-a
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/component: service-a
  template:
    metadata:
      labels:
        app.kubernetes.io/component: service-a
    spec:
      containers:
      - image: repository/service-a:v1
        imagePullPolicy: Always
        name: service-b
        ports:
        - containerPort: 8080
        env:
        - name: REDIRECT_URI
          value: "http://$(SERVICE_B_DNS_NAME):80/oauth_redir"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: service-a
spec:
  rules:
  - host: service-a.k8s.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: service-a
            port:
              number: 8080
`,
      'service-a-patch.yaml': `
- op: replace
  path: /spec/rules/0/host
  value: new-service-a.k8s.com
`,
      'service-b.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-b
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/component: service-b
  template:
    metadata:
      labels:
        app.kubernetes.io/component: service-b
    spec:
      containers:
      - image: repository/service-b:v1
        imagePullPolicy: Always
        name: service-b
        ports:
        - containerPort: 8080
        env:
        - name: REDIRECT_URI
          value: "http://$(SERVICE_A_DNS_NAME):80/oauth_redir"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: service-b
spec:
  rules:
  - host: service-b.k8s.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: service-b
            port:
              number: 8080
`,
      'service-b-patch.yaml': `
- op: replace
  path: /spec/rules/0/host
  value: new-service-b.k8s.com
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-a
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/component: service-a
  template:
    metadata:
      labels:
        app.kubernetes.io/component: service-a
    spec:
      containers:
      - env:
        - name: REDIRECT_URI
          value: http://new-service-b.k8s.com:80/oauth_redir
        image: repository/service-a:v1
        imagePullPolicy: Always
        name: service-b
        ports:
        - containerPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: service-a
spec:
  rules:
  - host: new-service-a.k8s.com
    http:
      paths:
      - backend:
          service:
            name: service-a
            port:
              number: 8080
        path: /
        pathType: Prefix
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-b
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/component: service-b
  template:
    metadata:
      labels:
        app.kubernetes.io/component: service-b
    spec:
      containers:
      - env:
        - name: REDIRECT_URI
          value: http://new-service-a.k8s.com:80/oauth_redir
        image: repository/service-b:v1
        imagePullPolicy: Always
        name: service-b
        ports:
        - containerPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: service-b
spec:
  rules:
  - host: new-service-b.k8s.com
    http:
      paths:
      - backend:
          service:
            name: service-b
            port:
              number: 8080
        path: /
        pathType: Prefix
`,
  },
  {
    name: 'issue3424_test.go TestIssue3424Basics',
    root: '.',
    files: {
      'pdb-patch.yaml': `
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: generic-pdb
spec:
  maxUnavailable: 1
`,
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
      'kustomization.yaml': `
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
patches:
- path: pdb-patch.yaml
  target:
    kind: PodDisruptionBudget
    labelSelector: faceit-pdb=default

resources:
- my_file.yaml
`,
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
  {
    name: 'no_list_items_test.go TestSuffix5042',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- resource.yaml
`,
      'resource.yaml': `
apiVersion: example.com/v1alpha1
kind: MyResource
metadata:
  name: service
---
apiVersion: example.com/v1alpha1
kind: MyResourceTwo
metadata:
  name: test
rules: []
`,
    },
    expected: `
apiVersion: example.com/v1alpha1
kind: MyResource
metadata:
  name: service
---
apiVersion: example.com/v1alpha1
kind: MyResourceTwo
metadata:
  name: test
rules: []
`,
  },
  {
    name: 'no_list_items_test.go TestListSuffix5042',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- resource.yaml
`,
      'resource.yaml': `
apiVersion: example.com/v1alpha1
kind: MyResource
metadata:
  name: service
---
apiVersion: example.com/v1alpha1
kind: MyResourceList
metadata:
  name: test
rules: []
`,
    },
    expected: `
apiVersion: example.com/v1alpha1
kind: MyResource
metadata:
  name: service
---
apiVersion: example.com/v1alpha1
kind: MyResourceList
metadata:
  name: test
rules: []
`,
  },
  {
    name: 'keepemptyarray_test.go TestKeepEmptyArray',
    root: '.',
    files: {
      'resources.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: testing123
spec:
  replicas: 1
  selector: null
  template:
    spec:
      containers:
      - name: event
        image: testing123
        imagePullPolicy: IfNotPresent
      imagePullSecrets: []`,
      'kustomization.yaml': `
resources:
- resources.yaml`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: testing123
spec:
  replicas: 1
  selector: null
  template:
    spec:
      containers:
      - image: testing123
        imagePullPolicy: IfNotPresent
        name: event
      imagePullSecrets: []
`,
  },
  {
    name: 'kustomizationmetadata_test.go TestKustomizationMetadata',
    root: '/app',
    files: {
      '/app/resources.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: testing123
spec:
  replicas: 1
  selector: null
  template:
    spec:
      containers:
      - name: event
        image: testing123
        imagePullPolicy: IfNotPresent
      imagePullSecrets: []`,
      '/app/kustomization.yaml': `
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
metadata:
  annotations:
    config.kubernetes.io/local-config: "true"
  labels:
    foo: bar
  name: test_kustomization
resources:
- resources.yaml  
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: testing123
spec:
  replicas: 1
  selector: null
  template:
    spec:
      containers:
      - image: testing123
        imagePullPolicy: IfNotPresent
        name: event
      imagePullSecrets: []
`,
  },
  {
    name: 'legacy_order_test.go TestIssue4388',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- resources.yaml
`,
      'resources.yaml': `
apiVersion: v1
kind: ConfigMap
metadata:
  name: testing
data:
  key: value
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: testing-one
data:
  key: value
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: testing-two
data:
  key: value
`,
    },
    expected: `
apiVersion: v1
data:
  key: value
kind: ConfigMap
metadata:
  name: testing
---
apiVersion: v1
data:
  key: value
kind: ConfigMap
metadata:
  name: testing-one
---
apiVersion: v1
data:
  key: value
kind: ConfigMap
metadata:
  name: testing-two
`,
  },
  {
    name: 'legacyprefixsuffixtransformer_test.go TestLegacyPrefixSuffixTransformer',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- service.yaml
transformers:
- |-
  apiVersion: builtin
  kind: PrefixSuffixTransformer
  metadata:
    name: notImportantHere
  prefix: baked-
  suffix: -pie
  fieldSpecs:
  - path: metadata/name
`,
      'service.yaml': `
apiVersion: v1
kind: Service
metadata:
  name: apple
`,
    },
    expected: `
apiVersion: v1
kind: Service
metadata:
  name: baked-apple-pie
`,
  },
  {
    name: 'localconfig_test.go TestSKipLocalConfigAfterTransform',
    root: '.',
    files: {
      'kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - pod.yaml
  - deployment.yaml
transformers:
  - replacement.yaml
`,
      'pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: buildup
  annotations:
    config.kubernetes.io/local-config: "true"
spec:
  containers:
    - name: app
      image: nginx
`,
      'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: buildup
`,
      'replacement.yaml': `
apiVersion: builtin
kind: ReplacementTransformer
metadata:
  name: buildup
replacements:
- source:
    kind: Pod
    fieldPath: spec
  targets:
  - select:
      kind: Deployment
    fieldPaths:
    - spec.template.spec
    options:
      create: true
`,
    },
    expected: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: buildup
spec:
  template:
    spec:
      containers:
      - image: nginx
        name: app
`,
  },
  {
    name: 'mergeenvfrom_test.go TestMergeEnvFrom',
    root: '.',
    files: {
      'deployment.yaml': ENV_FROM_DEPLOYMENT,
      'kustomization.yaml': `
resources:
- deployment.yaml

patchesStrategicMerge:
- |-
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: nginx
  spec:
    template:
      spec:
        containers:
        - name: nginx
          envFrom:
          - configMapRef:
              name: another-config
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
      - envFrom:
        - configMapRef:
            name: another-config
        image: image1
        name: nginx
`,
  },
  {
    name: 'mergeenvfrom_test.go TestMergeEnvFromViaJsonInline',
    root: '.',
    files: {
      'deployment.yaml': ENV_FROM_DEPLOYMENT,
      'kustomization.yaml': `
resources:
- deployment.yaml
patches:
- target:
    kind: Deployment
    name: nginx
  patch: |-
    - op: add
      path: /spec/template/spec/containers/0/envFrom/-
      value:
        configMapRef:
          name: another-config
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
      - envFrom:
        - configMapRef:
            name: some-config
        - configMapRef:
            name: more-config
        - configMapRef:
            name: another-config
        image: image1
        name: nginx
`,
  },
  {
    name: 'multibytecharacter_test.go TestMultibyteCharInConfigMap',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
  - resources.yaml
`,
      'resources.yaml': `
apiVersion: v1
kind: ConfigMap
metadata:
  name: game-config
data:
  key: あ 
`,
    },
    expected: `
apiVersion: v1
data:
  key: あ
kind: ConfigMap
metadata:
  name: game-config
`,
  },
  {
    name: 'namedspacedserviceaccounts_test.go TestNamedspacedServiceAccountsWithOverlap',
    root: '.',
    files: {
      'a/a.yaml': `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: crb-a
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cr-a
subjects:
  - kind: ServiceAccount
    name: sa
`,
      'a/kustomization.yaml': `
namespace: a
resources:
- a.yaml
`,
      'b/b.yaml': `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: crb-b
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cr-b
subjects:
  - kind: ServiceAccount
    name: sa
`,
      'b/kustomization.yaml': `
namespace: b
resources:
- b.yaml
`,
      'kustomization.yaml': `
resources:
- a
- b
`,
    },
    error: 'found multiple possible referrals: ServiceAccount.v1.[noGrp]/sa.a, ServiceAccount.v1.[noGrp]/sa.b',
  },
  {
    name: 'nameprefixsuffixpatch_test.go TestNamePrefixSuffixPatch',
    root: '.',
    files: {
      'handlers/kustomization.yaml': `
nameSuffix: -suffix

resources:
- deployment.yaml
`,
      'handlers/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: short
spec:
  template:
    spec:
      containers:
      - name: handler
`,
      'mysql/kustomization.yaml': `
configMapGenerator:
- name: mysql
  literals:
  - MYSQL_USER=default
  - MYSQL_DATABASE=default
  - HOST=everest
`,
      'kustomization.yaml': `
resources:
- mysql
- handlers

configMapGenerator:
- name: mysql
  behavior: merge
  literals:
  - MYSQL_DATABASE=db
  - MYSQL_USER=my-user
  - MYSQL_PASSWORD='correct horse battery staple'

patches:
- target:
    kind: Deployment
    name: s.*
  patch: |-
    kind: Deployment
    metadata:
      name: ignored
    spec:
      template:
        spec:
          containers:
          - name: handler
            envFrom:
            - configMapRef:
                name: mysql
            env:
            - valueFrom:
                configMapKeyRef:
                  name: mysql
                  key: MYSQL_DATABASE
`,
    },
    expected: `
apiVersion: v1
data:
  HOST: everest
  MYSQL_DATABASE: db
  MYSQL_PASSWORD: correct horse battery staple
  MYSQL_USER: my-user
kind: ConfigMap
metadata:
  name: mysql-t7tt4cdbmf
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: short-suffix
spec:
  template:
    spec:
      containers:
      - env:
        - valueFrom:
            configMapKeyRef:
              key: MYSQL_DATABASE
              name: mysql-t7tt4cdbmf
        envFrom:
        - configMapRef:
            name: mysql-t7tt4cdbmf
        name: handler
`,
  },
  {
    name: 'no_list_items_test.go TestListSuffix5485',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- resource.yaml
  `,
      'resource.yaml': `
apiVersion: infra.protonbase.io/v1alpha1
kind: AccessWhiteList
metadata:
  name: wlmls5769f
  namespace: dc7i4hyxzw
spec:
  rules:
  - sourceIps: 0.0.0.0/16
`,
    },
    expected: `
apiVersion: infra.protonbase.io/v1alpha1
kind: AccessWhiteList
metadata:
  name: wlmls5769f
  namespace: dc7i4hyxzw
spec:
  rules:
  - sourceIps: 0.0.0.0/16
`,
  },
  {
    name: 'no_list_items_test.go TestListToIndividualResources',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- list.yaml
`,
      'list.yaml': `
apiVersion: v1
kind: PodList
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: my-pod-1
      namespace: default
      labels:
        app: my-app
    spec:
      containers:
        - name: my-container
          image: nginx:1.19.10
  - apiVersion: v1
    kind: Pod
    metadata:
      name: my-pod-2
      namespace: default
`,
    },
    expected: `
apiVersion: v1
kind: Pod
metadata:
  labels:
    app: my-app
  name: my-pod-1
  namespace: default
spec:
  containers:
  - image: nginx:1.19.10
    name: my-container
---
apiVersion: v1
kind: Pod
metadata:
  name: my-pod-2
  namespace: default
`,
  },
  {
    name: 'no_list_items_test.go TestEmptyList',
    root: '.',
    files: {
      'kustomization.yaml': `
resources:
- emptyList.yaml
`,
      'emptyList.yaml': `
apiVersion: v1
kind: PodList
items: []
`,
    },
    expected: '',
  },
  {
    name: 'multiplepatch_test.go TestMultiplePatchesNoConflict',
    root: '/app/overlay/staging',
    files: {
      ...MULTIPLE_PATCH_BASE,
      '/app/overlay/staging/deployment-patch1.yaml': `
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
        emptyDir: null
        gcePersistentDisk:
          pdName: nginx-persistent-storage
      - configMap:
          name: configmap-in-overlay
        name: configmap-in-overlay
`,
      '/app/overlay/staging/deployment-patch2.yaml': `
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
      volumes:
      - name: nginx-persistent-storage
`,
    },
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
          name: staging-configmap-in-overlay-dc6fm46dhm
        name: configmap-in-overlay
      - configMap:
          name: staging-team-foo-configmap-in-base-798k5k7g9f
        name: configmap-in-base
---${MULTIPLE_PATCH_OTHERS}`,
  },
  {
    name: 'multiplepatch_test.go TestMultiplePatchesWithOnePatchDeleteDirective/Patch with delete directive first',
    root: '/app/overlay/staging',
    files: {
      ...MULTIPLE_PATCH_BASE,
      '/app/overlay/staging/deployment-patch1.yaml': MULTIPLE_PATCH_DELETE,
      '/app/overlay/staging/deployment-patch2.yaml': MULTIPLE_PATCH_ADDITIVE,
    },
    expected: MULTIPLE_PATCH_ONE_DELETE_EXPECTED,
  },
  {
    name: 'multiplepatch_test.go TestMultiplePatchesWithOnePatchDeleteDirective/Patch with delete directive second',
    root: '/app/overlay/staging',
    files: {
      ...MULTIPLE_PATCH_BASE,
      '/app/overlay/staging/deployment-patch1.yaml': MULTIPLE_PATCH_ADDITIVE,
      '/app/overlay/staging/deployment-patch2.yaml': MULTIPLE_PATCH_DELETE,
    },
    expected: MULTIPLE_PATCH_ONE_DELETE_EXPECTED,
  },
  {
    name: 'multiplepatch_test.go TestEmptyPatchesStrategicMergeFails',
    root: '.',
    files: {
      'resource.yaml': `
apiVersion: v1
kind: ConfigMap
metadata:
  name: dummy
data:
  dummy: value
`,
      'empty-patch.yaml': '\n',
      'comments-patch.yaml': '\n# This is just a comment\n# Another comment\n',
      'kustomization.yaml': `
resources:
- resource.yaml
patchesStrategicMerge:
- empty-patch.yaml
- comments-patch.yaml
`,
    },
    error: 'patch appears to be empty',
  },
  {
    name: 'namereference_test.go TestIssue3489Simplified',
    root: '.',
    files: {
      'kustomization.yaml': `
namespace: kube-system
resources:
- aa
- bb
`,
      'aa/kustomization.yaml': `
resources:
- ../base
`,
      'bb/kustomization.yaml': `
resources:
- ../base
nameSuffix: -private
`,
      'base/kustomization.yaml': `
resources:
- deployment.yaml
- serviceAccount.yaml
`,
      'base/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: myDep
spec:
  template:
    spec:
      serviceAccountName: mySvcAcct
      containers:
      - name: whatever
        image: k8s.gcr.io/governmentCheese
`,
      'base/serviceAccount.yaml': `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: mySvcAcct
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: myDep
  namespace: kube-system
spec:
  template:
    spec:
      containers:
      - image: k8s.gcr.io/governmentCheese
        name: whatever
      serviceAccountName: mySvcAcct
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: mySvcAcct
  namespace: kube-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: myDep-private
  namespace: kube-system
spec:
  template:
    spec:
      containers:
      - image: k8s.gcr.io/governmentCheese
        name: whatever
      serviceAccountName: mySvcAcct-private
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: mySvcAcct-private
  namespace: kube-system
`,
  },
  {
    name: 'namereference_test.go TestEmptyFieldSpecValue',
    root: '.',
    files: {
      'kustomization.yaml': `
generators:
- generators.yaml
configurations:
- kustomizeconfig.yaml
`,
      'generators.yaml': `
apiVersion: builtin
kind: ConfigMapGenerator
metadata:
  name: secret-example
labels:
  app.kubernetes.io/name: secret-example
literals:
- this_is_a_secret_name=
`,
      'kustomizeconfig.yaml': `
nameReference:
- kind: Secret
  version: v1
  fieldSpecs:
  - path: data/this_is_a_secret_name
    kind: ConfigMap
`,
    },
    expected: `
apiVersion: v1
data:
  this_is_a_secret_name: ""
kind: ConfigMap
metadata:
  name: secret-example-7hf4fh868h
`,
  },
  {
    name: 'namereference_test.go TestUnrelatedNameReferenceReplacement_Issue4254_Issue3418',
    root: '.',
    files: {
      'role.yaml': `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cluster-autoscaler
rules:
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  resourceNames: ["cluster-autoscaler"]
  verbs: ["get","update"]
`,
      'kustomization.yaml': `
resources:
- role.yaml
configMapGenerator:
- name: cluster-autoscaler
  namespace: kube-system
  literals:
  - AWS_REGION="us-east-1"
`,
    },
    expected: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cluster-autoscaler
rules:
- apiGroups:
  - coordination.k8s.io
  resourceNames:
  - cluster-autoscaler-h8mmcct52k
  resources:
  - leases
  verbs:
  - get
  - update
---
apiVersion: v1
data:
  AWS_REGION: us-east-1
kind: ConfigMap
metadata:
  name: cluster-autoscaler-h8mmcct52k
  namespace: kube-system
`,
  },
  {
    name: 'namereference_test.go TestIssue4682_NameReferencesToSelfInAnnotations',
    root: '.',
    files: {
      'kustomization.yaml': `
namespace: newNs
resources:
  - resources.yaml

nameSuffix: -updated

configurations:
  - kustomize-nameref.yaml 
`,
      'kustomize-nameref.yaml': `
nameReference:
  - kind: Namespace
    fieldSpecs:
      - path: data/theNamespace
        kind: ConfigMap
        version: v1
      - path: metadata/annotations/theNamespace
        kind: ConfigMap
        version: v1      
      - path: metadata/annotations/theNamespace
        kind: Namespace
        version: v1
  - kind: ConfigMap
    fieldSpecs:
      - path: data/theConfigMap
        kind: ConfigMap
        version: v1
      - path: metadata/annotations/theConfigMap
        kind: ConfigMap
        version: v1   
      - path: metadata/annotations/theConfigMap
        kind: Namespace
        version: v1
`,
      'resources.yaml': `
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    theConfigMap: cm
    theNamespace: oldNs
  name: cm
  namespace: oldNs
data:
  theConfigMap: cm
  theNamespace: oldNs
---
apiVersion: v1
kind: Namespace
metadata:
  annotations:
    theConfigMap: cm
    theNamespace: oldNs
  name: oldNs
`,
    },
    expected: `
apiVersion: v1
data:
  theConfigMap: cm-updated
  theNamespace: newNs
kind: ConfigMap
metadata:
  annotations:
    theConfigMap: cm-updated
    theNamespace: newNs
  name: cm-updated
  namespace: newNs
---
apiVersion: v1
kind: Namespace
metadata:
  annotations:
    theConfigMap: cm-updated
    theNamespace: newNs
  name: newNs
`,
  },
  {
    name: 'namespacedgenerators_test.go TestNamespacedGenerator',
    root: '.',
    files: {
      'kustomization.yaml': `
configMapGenerator:
- name: the-non-default-namespace-map
  namespace: non-default
  literals:
  - altGreeting=Good Morning from non-default namespace!
  - enableRisky="false"
- name: the-map
  literals:
  - altGreeting=Good Morning from default namespace!
  - enableRisky="false"

secretGenerator:
- name: the-non-default-namespace-secret
  namespace: non-default
  literals:
  - password.txt=verySecret
- name: the-secret
  literals:
  - password.txt=anotherSecret
`,
    },
    expected: `
apiVersion: v1
data:
  altGreeting: "Good Morning from non-default namespace!"
  enableRisky: "false"
kind: ConfigMap
metadata:
  name: the-non-default-namespace-map-64b2md8tth
  namespace: non-default
---
apiVersion: v1
data:
  altGreeting: "Good Morning from default namespace!"
  enableRisky: "false"
kind: ConfigMap
metadata:
  name: the-map-tg7t5hk8bk
---
apiVersion: v1
data:
  password.txt: "dmVyeVNlY3JldA=="
kind: Secret
metadata:
  name: the-non-default-namespace-secret-8tc9gdd76t
  namespace: non-default
type: Opaque
---
apiVersion: v1
data:
  password.txt: "YW5vdGhlclNlY3JldA=="
kind: Secret
metadata:
  name: the-secret-6557m7fcg8
type: Opaque
`,
  },
  {
    name: 'namespacedgenerators_test.go TestNamespacedGeneratorWithOverlays',
    root: 'overlay',
    files: {
      'base/kustomization.yaml': `
namespace: base

configMapGenerator:
- name: testCase
  literals:
    - base=apple
`,
      'overlay/kustomization.yaml': `
resources:
  - ../base

namespace: overlay

configMapGenerator:
  - name: testCase
    behavior: merge
    literals:
      - overlay=peach
`,
    },
    expected: `
apiVersion: v1
data:
  base: "apple"
  overlay: "peach"
kind: ConfigMap
metadata:
  name: testCase-gmfch8gkbt
  namespace: overlay
`,
  },
  {
    name: 'namespacepropagation_test.go TestNamespacePropagationDoesNotBreakPatchWithNameSuffix',
    root: 'overlay',
    files: {
      'base/kustomization.yaml': `
resources:
  - configmap.yaml

nameSuffix: -schedule_job_1
`,
      'base/configmap.yaml': `
apiVersion: v1
kind: ConfigMap
metadata:
  name: hoge
data:
  configs.yaml: "TO_BE_SPECIFIED"
`,
      'overlay/kustomization.yaml': `
resources:
  - ../base

patches:
  - path: schedule_job_1.yaml

namespace: hoge-dev
`,
      'overlay/schedule_job_1.yaml': `
apiVersion: v1
kind: ConfigMap
metadata:
  name: hoge-schedule_job_1
data:
  configs.yaml: |
    case_configs:
      - id: 1
        name: dummy1
        client: client1
`,
    },
    expected: `
apiVersion: v1
data:
  configs.yaml: |
    case_configs:
      - id: 1
        name: dummy1
        client: client1
kind: ConfigMap
metadata:
  name: hoge-schedule_job_1
  namespace: hoge-dev
`,
  },
  {
    name: 'namespacepropagation_test.go TestNamespacePropagationDoesNotBreakGeneratorMerge',
    root: 'overlay',
    files: {
      'cm-generator/kustomization.yaml': `
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

resources:
- resources/general.yaml
`,
      'cm-generator/resources/general.yaml': `
apiVersion: builtin
kind: ConfigMapGenerator

metadata:
  name: general-environment

behavior: merge

envs:
- configuration/general
`,
      'cm-generator/configuration/general': `
COMMON_ENV=common
`,
      'base/kustomization.yaml': `
generators:
- ../cm-generator

configMapGenerator:
- name: general-environment
  behavior: create
`,
      'base/configuration/general': `
BASE_LAYER_ENV=base
`,
      'overlay/kustomization.yaml': `
namespace: abc

generators:
- ../cm-generator

resources:
- ../base
`,
      'overlay/configuration/general': `
OVERLAY_ENV=overlay
`,
    },
    expected: `
apiVersion: v1
data:
  BASE_LAYER_ENV: "base"
  OVERLAY_ENV: "overlay"
kind: ConfigMap
metadata:
  name: general-environment-826bch2dh9
  namespace: abc
`,
  },
  {
    name: 'namespacepropagation_test.go TestNamespaceTransformerWithThreeLevelHierarchy',
    root: 'overlay',
    files: {
      'base/kustomization.yaml': `
resources:
  - configmap.yaml
`,
      'base/configmap.yaml': `
apiVersion: v1
kind: ConfigMap
metadata:
  name: base-config
data:
  key: "value"
`,
      'mid/kustomization.yaml': `
resources:
  - ../base

namePrefix: mid-
`,
      'overlay/kustomization.yaml': `
resources:
  - ../mid

namespace: top-ns
namePrefix: top-
`,
    },
    expected: `
apiVersion: v1
data:
  key: "value"
kind: ConfigMap
metadata:
  name: top-mid-base-config
  namespace: top-ns
`,
  },
  {
    name: 'namespacepropagation_test.go TestPatchTargetingWithNameSuffixAndNamespace',
    root: 'overlay',
    files: {
      'base/kustomization.yaml': `
resources:
  - deployment.yaml

nameSuffix: -v2
`,
      'base/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: myapp
spec:
  replicas: 1
  selector:
    matchLabels:
      app: myapp
  template:
    metadata:
      labels:
        app: myapp
    spec:
      containers:
      - name: app
        image: myimage:v1
`,
      'overlay/kustomization.yaml': `
resources:
  - ../base

namespace: production

patches:
  - target:
      kind: Deployment
      name: myapp-v2
    patch: |
      - op: replace
        path: /spec/replicas
        value: 3
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: myapp-v2
  namespace: production
spec:
  replicas: 3
  selector:
    matchLabels:
      app: myapp
  template:
    metadata:
      labels:
        app: myapp
    spec:
      containers:
      - image: myimage:v1
        name: app
`,
  },
  {
    name: 'nullvalues_test.go TestNullValues',
    root: '/app',
    files: {
      '/app/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: example
  name: example
spec:
  selector:
    matchLabels:
      app: example
  template:
    metadata:
      labels:
        app: example
    spec:
      containers:
      - args: null
        image: image
        name: example
`,
      '/app/kustomization.yaml': `
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
`,
    },
    expected: `
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: example
  name: example
spec:
  selector:
    matchLabels:
      app: example
  template:
    metadata:
      labels:
        app: example
    spec:
      containers:
      - args: null
        image: image
        name: example
`,
  },
  {
    name: 'nulltostring_test.go TestSimplestBase',
    root: 'base',
    files: {
      'base/kustomization.yaml': `
resources:
- simple.yaml

patches:
- path: nothing-patch.yaml
- path: nothing-patch.yaml
`,
      'base/simple.yaml': `
apiVersion: 1
kind: dnc
metadata:
  name: dnc
thing: null
`,
      'base/nothing-patch.yaml': `
apiVersion: 1
kind: dnc
metadata:
  name: dnc
`,
    },
    expected: `
apiVersion: 1
kind: dnc
metadata:
  name: dnc
thing: null
`,
  },
  {
    name: 'nulltostring_test.go TestComplexBase',
    root: 'base',
    files: {
      'base/kustomization.yaml': `
resources:
- complex.yaml

patches:
- path: nothing-patch.yaml
- path: nothing-patch.yaml
`,
      'base/complex.yaml': `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: fakests
spec:
  template:
    spec:
      containers:
      - fakeKey: null
        name: someName
spec-fake:
  template:
    spec:
      containers:
      - fakeKey: null
        name: someName
`,
      'base/nothing-patch.yaml': `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: fakests
`,
    },
    expected: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: fakests
spec:
  template:
    spec:
      containers:
      - fakeKey: null
        name: someName
spec-fake:
  template:
    spec:
      containers:
      - fakeKey: null
        name: someName
`,
  },
// END OF CASES
];

describe('kustomize api/krusty tests, i… to o…', () => {
  for (const krusty of CASES) test(krusty.name, () => assertKrustyCase({ ...krusty, files: writtenByWriteK(krusty.files) }));
});
