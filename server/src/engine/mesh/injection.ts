import type { Labels } from '../labels';
import { podTemplateOf, type KubeObject } from '../objects';
import { namespaceObject } from '../snapshot/indexes';
import { podOwner } from '../snapshot/podOwner';
import type { ClusterSnapshot, SimPod, WorkloadRef } from '../snapshot/types';

export type Mesh = 'istio' | 'linkerd';

/**
 * The mesh whose proxy is injected into an object's pods, as the injectors decide:
 * - Istio: the pod's `sidecar.istio.io/inject` label or annotation says "false" (never) or "true" (always, unless
 *   the namespace says `istio-injection: disabled`); otherwise the namespace label `istio-injection: enabled` or
 *   `istio.io/rev` injects.
 * - Linkerd: the `linkerd.io/inject` annotation, "enabled" (or "ingress") on the pod or its namespace, "disabled"
 *   on the pod winning.
 */
export function meshOf(object: KubeObject, namespace: { readonly labels: Labels; readonly annotations: Labels }): Mesh | undefined {
  const metadata = podTemplateOf(object)?.metadata;
  if (!metadata) return undefined;
  const istio = metadata.labels?.value['sidecar.istio.io/inject'] ?? metadata.annotations?.value['sidecar.istio.io/inject'];
  const namespaceIstio = namespace.labels['istio-injection'];
  if (istio !== 'false' && namespaceIstio !== 'disabled' && (istio === 'true' || namespaceIstio === 'enabled' || namespace.labels['istio.io/rev'] !== undefined)) return 'istio';
  const linkerd = metadata.annotations?.value['linkerd.io/inject'] ?? namespace.annotations['linkerd.io/inject'];
  if (linkerd === 'enabled' || linkerd === 'ingress') return 'linkerd';
  return undefined;
}

/**
 * The mesh of a workload's pods in a namespace, worked out once per workload rather than once per pod (a
 * workload's pods share one workload reference, made with them). A pod, and so its workload reference, is kept
 * across edits only while its namespace and its workload are unchanged (a changed Namespace rebuilds every
 * pod), so the mesh cannot go stale.
 */
const meshOfWorkload = new WeakMap<WorkloadRef, Map<string, Mesh | undefined>>();

/** The mesh a simulated pod is in, if any. */
export function podMesh(snapshot: ClusterSnapshot, pod: Pick<SimPod, 'namespace' | 'workload'>): Mesh | undefined {
  let byNamespace = meshOfWorkload.get(pod.workload);
  if (!byNamespace) {
    byNamespace = new Map();
    meshOfWorkload.set(pod.workload, byNamespace);
  }
  if (!byNamespace.has(pod.namespace)) {
    const owner = podOwner(snapshot, pod);
    const namespace = namespaceObject(snapshot, pod.namespace);
    byNamespace.set(pod.namespace, owner && meshOf(owner, { labels: snapshot.namespaces.get(pod.namespace) ?? {}, annotations: namespace?.metadata.annotations?.value ?? {} }));
  }
  return byNamespace.get(pod.namespace);
}

/** The annotations of a pod as its manifest or its workload's pod template writes them. */
export function podAnnotations(snapshot: ClusterSnapshot, pod: SimPod): Readonly<Record<string, string>> {
  const owner = podOwner(snapshot, pod);
  return (owner && podTemplateOf(owner)?.metadata?.annotations?.value) ?? {};
}
