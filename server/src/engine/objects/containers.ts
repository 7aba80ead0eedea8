import type { KubeObject } from './index';
import type { Container } from './workloads';

/** The containers an object runs: a Pod's own, a CronJob's job template's, a workload's pod template's. */
export function containersOf(object: KubeObject): readonly Container[] {
  if (object.type === 'Pod') return object.spec?.containers?.value ?? [];
  if (object.type === 'CronJob') return object.spec?.jobTemplate?.spec?.template?.spec?.containers?.value ?? [];
  if (object.type === 'ReplicationController') return object.spec?.template?.spec?.containers?.value ?? [];
  if (object.type === 'Deployment' || object.type === 'ReplicaSet' || object.type === 'StatefulSet' || object.type === 'DaemonSet' || object.type === 'Job') return object.spec?.template?.spec?.containers?.value ?? [];
  return [];
}
