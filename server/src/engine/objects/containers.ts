import type { KubeObject } from './kubeObject';
import type { ObjectMetadata } from './meta';
import type { Container, PodSpec } from './workloads';

/** What an object's pods are made from: its metadata and spec for a Pod, the pod template for a workload or a CronJob's jobs. */
export interface PodTemplateParts {
  readonly metadata?: Partial<ObjectMetadata>;
  readonly spec?: PodSpec;
}

export function podTemplateOf(object: KubeObject): PodTemplateParts | undefined {
  if (object.type === 'Pod') return object;
  if (object.type === 'CronJob') return object.spec?.jobTemplate?.spec?.template;
  if (object.type === 'ReplicationController' || object.type === 'Deployment' || object.type === 'ReplicaSet' || object.type === 'StatefulSet' || object.type === 'DaemonSet' || object.type === 'Job') return object.spec?.template;
  return undefined;
}

/** The containers an object runs: a Pod's own, a CronJob's job template's, a workload's pod template's. */
export function containersOf(object: KubeObject): readonly Container[] {
  return podTemplateOf(object)?.spec?.containers?.value ?? [];
}
