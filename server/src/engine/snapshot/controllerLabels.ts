import { fnv1a, nameSuffix } from '../hash';
import type { Labels } from '../labels';

/**
 * The labels a controller puts on the pods it creates, over those of the template (the controller's win, as
 * it sets them after copying the template): Services, NetworkPolicies and PodDisruptionBudgets select by them.
 */
export type ControllerLabels =
  /** The Deployment's ReplicaSet hash, also the ReplicaSet name's suffix. */
  | { readonly kind: 'Deployment'; readonly templateHash: string }
  /** The pod's name and ordinal; the revision is the ControllerRevision's name (`web-6b9b8c6c7d`). */
  | { readonly kind: 'StatefulSet'; readonly setName: string; readonly podName: string; readonly index: number }
  /** The revision hash alone, as the DaemonSet controller writes it, and the template generation. */
  | { readonly kind: 'DaemonSet'; readonly workloadKey: string }
  /** The Job's name and uid, which the API server adds to a Job's template and selector when it generates the selector. */
  | { readonly kind: 'Job'; readonly jobName: string; readonly workloadKey: string };

const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** The labels a StatefulSet's controller gives each pod its own value of: its name and its ordinal. */
export const ORDINAL_LABEL_KEYS: readonly string[] = [POD_NAME_LABEL, POD_INDEX_LABEL];

export function withControllerLabels(template: Labels, added: ControllerLabels): Labels {
  switch (added.kind) {
    case 'Deployment':
      return { ...template, 'pod-template-hash': added.templateHash };
    case 'StatefulSet':
      return {
        ...template,
        'controller-revision-hash': `${added.setName}-${nameSuffix(`${added.setName}/revision`, 10)}`,
        [POD_NAME_LABEL]: added.podName,
        [POD_INDEX_LABEL]: String(added.index),
      };
    case 'DaemonSet':
      return { ...template, 'controller-revision-hash': nameSuffix(`${added.workloadKey}/revision`, 10), 'pod-template-generation': '1' };
    case 'Job': {
      const uid = simulatedUid(added.workloadKey);
      return {
        ...template,
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': added.jobName,
        'controller-uid': uid,
        'job-name': added.jobName,
      };
    }
  }
}

/** Every key a controller adds to its pods' labels. */
const CONTROLLER_LABEL_KEYS = new Set(['pod-template-hash', 'controller-revision-hash', 'pod-template-generation', POD_NAME_LABEL, POD_INDEX_LABEL, 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name']);

/**
 * A pod's labels without those its controller added (a hash that changes at the next rollout, a per-pod name): what a
 * policy written for the workload should select by.
 */
export function withoutControllerLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([key]) => !CONTROLLER_LABEL_KEYS.has(key)));
}

/** A stable UUID-shaped uid for a simulated object (version 4 layout, from hashes of its key). */
function simulatedUid(key: string): string {
  const hex = [0, 1, 2, 3].map((part) => fnv1a(`${key}/uid/${part}`).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
