import { KustomizeError, locationOf } from './errors';
import { idOf, type Resource } from './resource';
import { isKSeq, scalarText, stringAt, nodeAt, type KMap } from './tree';

/** Kustomize's legacy order: kinds others depend on first, webhooks last (api/resource ordering). */
export const ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role',
  'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange',
  'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
export const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

/** The output order `sortOptions` asks for: `legacy` (the default) or `fifo` (as accumulated). */
export function sortResources(resources: readonly Resource[], options: KMap | undefined): Resource[] {
  const order = options ? stringAt(options, 'order') : 'legacy';
  const legacyOptions = options ? nodeAt(options, 'legacySortOptions') : undefined;
  if (order !== 'legacy' && order !== 'fifo') {
    throw new KustomizeError("the field 'sortOptions.order' must be one of [fifo, legacy]", locationOf(options?.origin));
  }
  if (order === 'fifo') {
    if (legacyOptions) throw new KustomizeError("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'", locationOf(legacyOptions.origin));
    return [...resources];
  }
  const first = kindList(legacyOptions, 'orderFirst') ?? ORDER_FIRST;
  const last = kindList(legacyOptions, 'orderLast') ?? ORDER_LAST;
  const rank = (kind: string): number => {
    const atFirst = first.indexOf(kind);
    if (atFirst >= 0) return atFirst - first.length - 1;
    const atLast = last.indexOf(kind);
    return atLast >= 0 ? 1 + atLast : 0;
  };
  const keyed = resources.map((resource) => {
    const id = idOf(resource);
    return { resource, rank: rank(id.kind), key: `${id.group}|${id.version}|${id.kind}|${id.namespace}|${id.name}` };
  });
  keyed.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.resource);
}

function kindList(options: ReturnType<typeof nodeAt>, field: string): string[] | undefined {
  const list = nodeAt(options, field);
  return isKSeq(list) ? list.items.map((item) => scalarText(item) ?? '') : undefined;
}
