import { KustomizeError, locationOf } from './errors';
import type { Generator } from './plugins';
import { makeResource } from './resource';
import { map, nodeAt, scalar, scalarText, type KMap } from './tree';

/**
 * Kustomize's IAMPolicyGenerator: for `cloud: gke`, a ServiceAccount named `kubernetesService.name` (in its
 * namespace, if any) annotated with the Google service account it acts as (GKE workload identity).
 */
export const iamPolicyGenerator: Generator = (config, context) => {
  const text = (...path: string[]): string => scalarText(nodeAt(config, ...path)) ?? '';
  const cloud = text('cloud');
  if (cloud !== 'gke') throw new KustomizeError(`cloud provider ${cloud} not supported yet`, locationOf(config.entries.get('cloud')?.origin ?? config.origin));
  const origin = config.origin;
  const account = `${text('serviceAccount', 'name')}@${text('serviceAccount', 'projectId')}.iam.gserviceaccount.com`;
  const metadata: KMap = map([
    ['annotations', map([['iam.gke.io/gcp-service-account', scalar(account, nodeAt(config, 'serviceAccount')?.origin ?? origin)]], origin)],
    ['name', scalar(text('kubernetesService', 'name'), nodeAt(config, 'kubernetesService', 'name')?.origin ?? origin)],
  ], origin);
  const namespace = text('kubernetesService', 'namespace');
  if (namespace !== '') metadata.entries.set('namespace', scalar(namespace, nodeAt(config, 'kubernetesService', 'namespace')?.origin ?? origin));
  return [makeResource(map([['apiVersion', scalar('v1', origin)], ['kind', scalar('ServiceAccount', origin)], ['metadata', metadata]], origin), context.kustomizationFile)];
};
