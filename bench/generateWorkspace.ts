/**
 * Writes a synthetic monorepo of N applications for the benchmark: each a Deployment, a Service and a
 * NetworkPolicy in one file, spread over namespaces whose folder also holds the Namespace, a default-deny
 * policy and an Ingress with one rule per application. The field mix follows real charts (probes,
 * resources, env with connection strings, named ports, annotations), and about one application in fifty
 * carries a deliberate mistake, so the checks have findings to report. Deterministic for a given N.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface GeneratedWorkspace {
  readonly root: string;
  readonly files: readonly string[];
  readonly bytes: number;
  readonly documents: number;
  /** Where each application's editable fields are, for the edit and hover benchmarks. */
  readonly apps: readonly GeneratedApp[];
}

export interface GeneratedApp {
  readonly file: string;
  readonly namespace: string;
  readonly name: string;
  /** Carries a deliberate mistake (a selector typo, a targetPort name the pods lack). */
  readonly broken: boolean;
  /** 0-based lines of fields the benchmark edits or hovers. */
  readonly lines: { readonly podLabel: number; readonly containerPort: number; readonly serviceName: number; readonly serviceSelector: number; readonly policyPort: number };
}

const APPS_PER_NAMESPACE = 50;

function appName(index: number): string {
  return `app-${String(index).padStart(5, '0')}`;
}

/** One application's file and the lines of the fields the benchmark touches. */
export function appManifest(index: number, namespace: string): { text: string; lines: GeneratedApp['lines']; broken: boolean } {
  const name = appName(index);
  const peer = appName(index % APPS_PER_NAMESPACE === 0 ? index + 1 : index - 1);
  const broken = index % 50 === 7;
  const port = 8000 + (index % 50);
  const lines: string[] = [];
  const at: Partial<Record<keyof GeneratedApp['lines'], number>> = {};
  const push = (...more: string[]) => lines.push(...more);
  push(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    '  labels:',
    `    app: ${name}`,
    '    team: payments',
    '  annotations:',
    `    deploy.example.com/revision: "${index}"`,
    'spec:',
    `  replicas: ${1 + (index % 3)}`,
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
  );
  at.podLabel = lines.length;
  push(
    `        app: ${name}`,
    '        tier: backend',
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: registry.example.com/${namespace}/${name}:1.${index % 20}.0`,
    '          ports:',
    '            - name: http',
  );
  at.containerPort = lines.length;
  push(
    `              containerPort: ${port}`,
    '            - name: metrics',
    '              containerPort: 9090',
    '          env:',
    '            - name: PEER_URL',
    `              value: http://${peer}.${namespace}.svc.cluster.local:80/api`,
    '            - name: LOG_LEVEL',
    '              value: info',
    '          readinessProbe:',
    '            httpGet: {path: /ready, port: http}',
    '          resources:',
    '            requests: {cpu: 100m, memory: 128Mi}',
    '            limits: {memory: 256Mi}',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
  );
  at.serviceName = lines.length;
  push(`  name: ${name}`, `  namespace: ${namespace}`, 'spec:', '  selector:');
  at.serviceSelector = lines.length;
  push(
    `    app: ${broken ? `${name}x` : name}`,
    '  ports:',
    '    - name: http',
    '      port: 80',
    `      targetPort: ${broken ? 'web' : 'http'}`,
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}-ingress`,
    `  namespace: ${namespace}`,
    'spec:',
    '  podSelector:',
    `    matchLabels: {app: ${name}}`,
    '  policyTypes: [Ingress]',
    '  ingress:',
    '    - from:',
    `        - podSelector: {matchLabels: {app: ${peer}}}`,
    '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}',
    '      ports:',
  );
  at.policyPort = lines.length;
  push(`        - {protocol: TCP, port: ${port}}`, '');
  return { text: lines.join('\n'), lines: at as GeneratedApp['lines'], broken };
}

function namespaceManifest(namespace: string, appIndexes: readonly number[]): string {
  const rules = appIndexes.map((index) =>
    [`    - host: ${appName(index)}.${namespace}.example.com`, '      http:', '        paths:', '          - path: /', '            pathType: Prefix', `            backend: {service: {name: ${appName(index)}, port: {number: 80}}}`].join('\n'),
  );
  return [
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    `  name: ${namespace}`,
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: default-deny-ingress',
    `  namespace: ${namespace}`,
    'spec:',
    '  podSelector: {}',
    '  policyTypes: [Ingress]',
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    `  name: ${namespace}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  ingressClassName: nginx',
    '  rules:',
    ...rules,
    '',
  ].join('\n');
}

/** The files a generator writes under a fresh `root`, counted as the benchmark reports them. */
class WrittenFiles {
  private readonly files: string[] = [];
  private bytes = 0;
  private documents = 0;

  constructor(private readonly root: string) {
    fs.rmSync(root, { recursive: true, force: true });
  }

  write(relative: string, text: string): void {
    const file = path.join(this.root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    this.files.push(file);
    this.bytes += Buffer.byteLength(text);
    this.documents += text.split('\n---\n').length;
  }

  summary(): Omit<GeneratedWorkspace, 'apps'> {
    return { root: this.root, files: this.files, bytes: this.bytes, documents: this.documents };
  }
}

export function generateWorkspace(root: string, apps: number): GeneratedWorkspace {
  const written = new WrittenFiles(root);
  const write = (relative: string, text: string) => written.write(relative, text);
  const generated: GeneratedApp[] = [];
  // Room for every pod: about two pods an application, a /24 of pods per node.
  write('kubetrace.yaml', `podCIDR: 10.0.0.0/8\nnodes: ${Math.max(3, Math.ceil(apps / 100))}\n`);
  // The namespace the policies admit the ingress controller from (its pods are the profile's stand-in).
  write('ingress-nginx.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ingress-nginx\n');
  for (let first = 0; first < apps; first += APPS_PER_NAMESPACE) {
    const namespace = `team-${String(first / APPS_PER_NAMESPACE).padStart(4, '0')}`;
    const indexes = Array.from({ length: Math.min(APPS_PER_NAMESPACE, apps - first) }, (_, offset) => first + offset);
    write(path.join(namespace, 'namespace.yaml'), namespaceManifest(namespace, indexes));
    for (const index of indexes) {
      const { text, lines, broken } = appManifest(index, namespace);
      const relative = path.join(namespace, 'apps', `${appName(index)}.yaml`);
      write(relative, text);
      generated.push({ file: path.join(root, relative), namespace, name: appName(index), broken, lines });
    }
  }
  return { ...written.summary(), apps: generated };
}

/**
 * One multi-document file of about `lines` lines (applications of one namespace, one after another), with a
 * duplicate key near the end so that every server has a finding to publish. `exported`: as exported from a cluster,
 * each object with kubectl's last-applied-configuration and each application with its dashboard's ConfigMap (long
 * lines of JSON, which make such files megabytes).
 */
export function largeManifest(lines: number, options: { exported?: boolean } = {}): string {
  const parts: string[] = [];
  let count = 0;
  for (let index = 0; count < lines; index += 1) {
    const { text } = appManifest(index, 'big');
    const written = options.exported ? [...text.trimEnd().split('\n---\n'), dashboardConfigMap(index)].map(withLastApplied).join('\n---\n') : text.trimEnd();
    parts.push(written);
    count += written.split('\n').length + 1;
  }
  parts.push('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: big\n  name: again\ndata:\n  mode: fast');
  return `${parts.join('\n---\n')}\n`;
}

/** A Grafana dashboard for one application, as its ConfigMap holds it: one line of JSON. */
function dashboardConfigMap(index: number): string {
  const name = appName(index);
  const panels = ['requests', 'errors', 'latency p95', 'pods', 'memory'].map((title, id) => ({
    id,
    title,
    type: 'timeseries',
    datasource: { type: 'prometheus', uid: 'prometheus' },
    gridPos: { h: 8, w: 12, x: (id % 2) * 12, y: Math.floor(id / 2) * 8 },
    targets: [{ expr: `sum(rate(http_requests_total{namespace="big", app="${name}", panel="${title}"}[5m])) by (code)`, legendFormat: '__auto', refId: 'A' }],
    fieldConfig: { defaults: { unit: 'short', thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 80 }] } } },
  }));
  const dashboard = JSON.stringify({ title: name, uid: name, tags: ['big', name], timezone: 'browser', schemaVersion: 39, panels });
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}-dashboard`, '  namespace: big', '  labels: {grafana_dashboard: "1"}', 'data:', `  dashboard.json: '${dashboard.replace(/'/g, "''")}'`].join('\n');
}

/**
 * A document as `kubectl get -o yaml` exports it: with the `kubectl.kubernetes.io/last-applied-configuration`
 * annotation, the object's whole JSON on one line (what makes exported files megabytes for few lines).
 */
function withLastApplied(document: string): string {
  const lines = document.split('\n');
  const json = JSON.stringify(parseYaml(document)).replace(/'/g, "''");
  const entry = `    kubectl.kubernetes.io/last-applied-configuration: '${json}'`;
  const annotations = lines.indexOf('  annotations:');
  if (annotations >= 0) lines.splice(annotations + 1, 0, entry);
  else lines.splice(lines.indexOf('metadata:') + 1, 0, '  annotations:', entry);
  return lines.join('\n');
}

/** The overlays of the Kustomize layout, each with its own labels, image tag and replicas. */
const OVERLAYS = ['dev', 'staging', 'prod'];

/**
 * The same workspace laid out as teams deploy it with Kustomize: a base holding every namespace and application of
 * `generateWorkspace` (one file each, listed in the base's kustomization), and three overlays (dev, staging, prod)
 * that each label every object and pod template with the environment, set one image's tag and patch one Deployment's
 * replicas. Every edit to a base file changes all three builds.
 */
export function generateKustomizeWorkspace(root: string, apps: number): GeneratedWorkspace {
  const written = new WrittenFiles(root);
  const write = (relative: string, text: string) => written.write(relative, text);
  const generated: GeneratedApp[] = [];
  write('kubetrace.yaml', `podCIDR: 10.0.0.0/8\nnodes: ${Math.max(3, Math.ceil((apps * OVERLAYS.length) / 100))}\n`);
  write('ingress-nginx.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ingress-nginx\n');
  const resources: string[] = [];
  for (let first = 0; first < apps; first += APPS_PER_NAMESPACE) {
    const namespace = `team-${String(first / APPS_PER_NAMESPACE).padStart(4, '0')}`;
    const indexes = Array.from({ length: Math.min(APPS_PER_NAMESPACE, apps - first) }, (_, offset) => first + offset);
    write(path.join('base', namespace, 'namespace.yaml'), namespaceManifest(namespace, indexes));
    resources.push(`- ${namespace}/namespace.yaml`);
    for (const index of indexes) {
      const { text, lines, broken } = appManifest(index, namespace);
      const relative = path.join(namespace, 'apps', `${appName(index)}.yaml`);
      write(path.join('base', relative), text);
      resources.push(`- ${relative.split(path.sep).join('/')}`);
      generated.push({ file: path.join(root, 'base', relative), namespace, name: appName(index), broken, lines });
    }
  }
  write(path.join('base', 'kustomization.yaml'), ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', ...resources, ''].join('\n'));
  for (const overlay of OVERLAYS) {
    write(path.join('overlays', overlay, 'replicas.yaml'), `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${appName(0)}\n  namespace: team-0000\nspec:\n  replicas: ${overlay === 'prod' ? 5 : 1}\n`);
    write(
      path.join('overlays', overlay, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'labels:',
        '- pairs:',
        `    env: ${overlay}`,
        '  includeTemplates: true',
        'resources:',
        '- ../../base',
        'images:',
        `- name: registry.example.com/team-0000/${appName(0)}`,
        `  newTag: "2.0.${OVERLAYS.indexOf(overlay)}"`,
        'patches:',
        '- path: replicas.yaml',
        '',
      ].join('\n'),
    );
  }
  return { ...written.summary(), apps: generated };
}
