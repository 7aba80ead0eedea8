import { isMap } from 'yaml';
import type { YamlDocument } from './yamlDocument';
import { groupOf } from './kinds';
import { PROFILE_FILE_NAMES } from './profileFile';

/**
 * Why a YAML or JSON file (or a document of one) is not Kubernetes objects although it may look like them: the
 * input of a tool that runs before or beside `kubectl apply` (Kustomize, Helm, kind, istioctl, Skaffold, CI,
 * Compose), never sent to the API server as it is.
 */
export type SkipReason =
  | 'helm-template'
  | 'helm-chart'
  | 'helm-values'
  | 'kustomization'
  | 'local-cluster-config'
  | 'istio-operator'
  | 'skaffold-config'
  | 'component-config'
  | 'kubeconfig'
  | 'ci-pipeline'
  | 'compose'
  | 'tool-config'
  | 'kubetrace-profile';

const DESCRIPTIONS: Record<SkipReason, string> = {
  'helm-template': 'a Helm chart template: it is a manifest only once Helm renders it',
  'helm-chart': "Helm's chart metadata, read by helm",
  'helm-values': "values for a Helm chart's templates, read by helm",
  kustomization: 'a Kustomize Kustomization or Component: kustomize builds objects from it, it is not one',
  'local-cluster-config': "a local cluster's configuration (kind, k3d), read when the cluster is created",
  'istio-operator': "an IstioOperator (install.istio.io), istioctl's install configuration",
  'skaffold-config': "Skaffold's configuration",
  'component-config': "a configuration file of a Kubernetes component (kubelet, kube-proxy, kubeadm, scheduler, API server)",
  kubeconfig: 'a kubeconfig: how a client reaches clusters, not an object in one',
  'ci-pipeline': 'a CI pipeline (GitHub Actions, GitLab CI, ...), not a Kubernetes manifest',
  compose: 'a Docker Compose file, not a Kubernetes manifest',
  'tool-config': "a development tool's configuration, not a Kubernetes manifest",
  'kubetrace-profile': "Kubetrace's cluster profile",
};

/** What `objects` and the Cluster Model view say about a skipped file. */
export function describeSkipReason(reason: SkipReason): string {
  return DESCRIPTIONS[reason];
}

/** Files that tools read, by their path. */
const FILES_BY_PATH: readonly (readonly [RegExp, SkipReason])[] = [
  [/(^|\/)kustomization\.ya?ml$/i, 'kustomization'],
  [/(^|\/)Chart\.yaml$/, 'helm-chart'],
  [/(^|\/)(requirements|helmfile)\.ya?ml$/, 'helm-chart'],
  // `values.yaml`, and the `values-prod.yaml` or `prod-values.yaml` given to helm with `-f`.
  [/(^|\/)(values([.-][^/]*)?|[^/]*[.-]values)\.ya?ml$/, 'helm-values'],
  [/(^|\/)values\.schema\.json$/, 'helm-values'],
  [/(^|\/)\.github\/(workflows\/[^/]+|actions\/.+\/action\.ya?ml|dependabot\.ya?ml|ISSUE_TEMPLATE\/[^/]+)$/, 'ci-pipeline'],
  [/(^|\/)(\.gitlab-ci|\.travis|azure-pipelines|bitbucket-pipelines|\.drone|cloudbuild|appveyor|codefresh|\.cirrus|\.gitpod)\.ya?ml$/, 'ci-pipeline'],
  [/(^|\/)(\.circleci\/config|\.buildkite\/pipeline)\.ya?ml$/, 'ci-pipeline'],
  [/(^|\/)(docker-compose([.-][^/]*)?|compose(\.[^/]*)?)\.ya?ml$/, 'compose'],
  [/(^|\/)(\.pre-commit-config|\.pre-commit-hooks|\.golangci|\.goreleaser|\.yamllint|\.?codecov|mkdocs|\.readthedocs|\.markdownlint[^/]*)\.ya?ml$/, 'tool-config'],
  [/(^|\/)(package|package-lock|tsconfig[^/]*|renovate|\.eslintrc|\.prettierrc|composer)\.json$/, 'tool-config'],
  [new RegExp(`(^|/)(${PROFILE_FILE_NAMES.map((name) => name.replace('.', '\\.')).join('|')})$`), 'kubetrace-profile'],
];

/**
 * The reason a file is a tool's by its path: unless it holds Kubernetes objects, since a manifest may happen to
 * be called `values.yaml` (and a chart's values may say `kind: DaemonSet`, which is no object).
 */
export function skipReasonOfPath(uri: string, documents: readonly YamlDocument[]): SkipReason | undefined {
  const path = uri.split(/[?#]/)[0]!;
  const reason = FILES_BY_PATH.find(([pattern]) => pattern.test(path))?.[1];
  return reason && !documents.some(isKubernetesObject) ? reason : undefined;
}

/** A document that reads as an object: a mapping with apiVersion, kind and metadata, of no tool's type. */
function isKubernetesObject(document: YamlDocument): boolean {
  const contents = document.contents;
  return document.errors.length === 0 && isMap(contents) && contents.has('apiVersion') && contents.has('kind') && contents.has('metadata') && skipReasonOfDocument(document) === undefined;
}

/** The reason one document is a tool's configuration rather than an object, by its apiVersion and kind. */
export function skipReasonOfDocument(document: YamlDocument): SkipReason | undefined {
  const contents = document.contents;
  if (!isMap(contents)) return undefined;
  const apiVersion = contents.get('apiVersion');
  const kind = contents.get('kind');
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return skipReasonOfType(apiVersion, kind);
}

export function skipReasonOfType(apiVersion: string, kind: string): SkipReason | undefined {
  const group = groupOf(apiVersion);
  if (group === 'kustomize.config.k8s.io') return 'kustomization';
  if (group === 'kind.x-k8s.io' || group === 'k3d.io') return 'local-cluster-config';
  if (group === 'install.istio.io' && kind === 'IstioOperator') return 'istio-operator';
  // Skaffold writes its version with no group: `apiVersion: skaffold/v4beta11`.
  if (group === 'skaffold') return 'skaffold-config';
  if (group.endsWith('.config.k8s.io') || group === 'kubeadm.k8s.io' || group === 'audit.k8s.io') return 'component-config';
  if (apiVersion === 'v1' && kind === 'Config') return 'kubeconfig';
  return undefined;
}
