import type { ResId } from './resource';

/**
 * The types kustomize knows to be cluster-scoped: kyaml's precomputed table of the built-in Kubernetes schema
 * (kyaml/openapi precomputedIsNamespaceScoped, the `false` entries), plus the alpha versions of the same kinds that
 * its full schema lists. Keyed by apiVersion and kind, as kyaml looks them up: `v1 ClusterRole` is not one of them.
 * A kind not listed here (a custom resource) is namespaced for kustomize.
 */
const CLUSTER_SCOPED = new Set([
  'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/v1 CustomResourceDefinition',
  'apiextensions.k8s.io/v1beta1 CustomResourceDefinition',
  'apiregistration.k8s.io/v1 APIService',
  'apiregistration.k8s.io/v1beta1 APIService',
  'certificates.k8s.io/v1 CertificateSigningRequest',
  'certificates.k8s.io/v1beta1 CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/v1alpha1 FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1alpha1 PriorityLevelConfiguration',
  'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration',
  'internal.apiserver.k8s.io/v1alpha1 StorageVersion',
  'networking.k8s.io/v1 IngressClass',
  'networking.k8s.io/v1beta1 IngressClass',
  'node.k8s.io/v1 RuntimeClass',
  'node.k8s.io/v1alpha1 RuntimeClass',
  'node.k8s.io/v1beta1 RuntimeClass',
  'policy/v1beta1 PodSecurityPolicy',
  'rbac.authorization.k8s.io/v1 ClusterRole',
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1alpha1 ClusterRole',
  'rbac.authorization.k8s.io/v1alpha1 ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1beta1 ClusterRole',
  'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding',
  'scheduling.k8s.io/v1 PriorityClass',
  'scheduling.k8s.io/v1alpha1 PriorityClass',
  'scheduling.k8s.io/v1beta1 PriorityClass',
  'storage.k8s.io/v1 CSIDriver',
  'storage.k8s.io/v1 CSINode',
  'storage.k8s.io/v1 StorageClass',
  'storage.k8s.io/v1 VolumeAttachment',
  'storage.k8s.io/v1alpha1 VolumeAttachment',
  'storage.k8s.io/v1beta1 CSIDriver',
  'storage.k8s.io/v1beta1 CSINode',
  'storage.k8s.io/v1beta1 StorageClass',
  'storage.k8s.io/v1beta1 VolumeAttachment',
  'v1 ComponentStatus',
  'v1 Namespace',
  'v1 Node',
  'v1 NodeProxyOptions',
  'v1 PersistentVolume',
]);

/** Whether kustomize knows objects of this type to be cluster-scoped (kyaml's IsCertainlyClusterScoped). */
export function isClusterScoped(id: Pick<ResId, 'group' | 'version' | 'kind'>): boolean {
  const apiVersion = id.group ? `${id.group}/${id.version}` : id.version;
  return CLUSTER_SCOPED.has(`${apiVersion} ${id.kind}`);
}

/** The namespace kustomize compares ids by: `default` for an unset one, a marker for cluster-scoped objects. */
export function effectiveNamespace(id: ResId): string {
  if (isClusterScoped(id)) return '_non_namespaceable_';
  return id.namespace === '' ? 'default' : id.namespace;
}
