import { isMap, type Document } from 'yaml';
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

/** Files that only one tool reads, recognised by their path whatever they hold. */
const FILES_BY_PATH: readonly (readonly [RegExp, SkipReason])[] = [
  [/(^|\/)kustomization\.ya?ml$/i, 'kustomization'],
  [/(^|\/)Chart\.yaml$/, 'helm-chart'],
  [/(^|\/)(requirements|helmfile)\.ya?ml$/, 'helm-chart'],
  [/(^|\/)values\.schema\.json$/, 'helm-values'],
  [/(^|\/)\.github\/(workflows\/[^/]+|actions\/.+\/action\.ya?ml|dependabot\.ya?ml|ISSUE_TEMPLATE\/[^/]+)$/, 'ci-pipeline'],
  [/(^|\/)(\.gitlab-ci|\.travis|azure-pipelines|bitbucket-pipelines|\.drone|cloudbuild|appveyor|codefresh|\.cirrus|\.gitpod)\.ya?ml$/, 'ci-pipeline'],
  [/(^|\/)(\.circleci\/config|\.buildkite\/pipeline)\.ya?ml$/, 'ci-pipeline'],
  [/(^|\/)(docker-)?compose([.-][^/]*)?\.ya?ml$/, 'compose'],
  [/(^|\/)(\.pre-commit-config|\.pre-commit-hooks|\.golangci|\.goreleaser|\.yamllint|\.?codecov|mkdocs|\.readthedocs|\.markdownlint[^/]*)\.ya?ml$/, 'tool-config'],
  [/(^|\/)(package|package-lock|tsconfig[^/]*|renovate|\.eslintrc|\.prettierrc|composer)\.json$/, 'tool-config'],
  [new RegExp(`(^|/)(${PROFILE_FILE_NAMES.map((name) => name.replace('.', '\\.')).join('|')})$`), 'kubetrace-profile'],
];

/** Helm's values files: `values.yaml` and the `values-prod.yaml`, `prod-values.yaml` given with `-f`. */
const HELM_VALUES_PATH = /(^|\/)(values([.-][^/]*)?|[^/]*[.-]values)\.ya?ml$/;

/** The reason a file is skipped for its path alone, whatever it holds. */
export function skipReasonOfPath(uri: string): SkipReason | undefined {
  const path = uri.split(/[?#]/)[0]!;
  return FILES_BY_PATH.find(([pattern]) => pattern.test(path))?.[1];
}

/**
 * A values file is Helm's when it holds no Kubernetes object: values never have a top-level `kind`, and a
 * manifest that happens to be named `values.yaml` must still be read.
 */
export function isHelmValuesFile(uri: string, documents: readonly Document[]): boolean {
  return HELM_VALUES_PATH.test(uri.split(/[?#]/)[0]!) && !documents.some((document) => isMap(document.contents) && document.contents.has('kind'));
}

/** The reason one document is a tool's configuration rather than an object, by its apiVersion and kind. */
export function skipReasonOfDocument(document: Document): SkipReason | undefined {
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
