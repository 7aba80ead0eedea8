import { podTemplateOf, type KubeObject } from '../objects';
import { objectNamed } from './indexes';
import type { ClusterSnapshot, SimPod } from './types';

/** The object a simulated pod comes from: the Pod itself or its workload. */
export function podOwner(snapshot: ClusterSnapshot, pod: Pick<SimPod, 'namespace' | 'workload'>): KubeObject | undefined {
  return objectNamed(snapshot, pod.namespace, pod.workload.kind, pod.workload.name);
}

/** The service account a pod's manifest or template names (none: the namespace's `default`). */
export function serviceAccountOf(snapshot: ClusterSnapshot, pod: SimPod): string | undefined {
  const owner = podOwner(snapshot, pod);
  return owner && podTemplateOf(owner)?.spec?.serviceAccountName?.value;
}
