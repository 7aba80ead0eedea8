import { GATEWAY_API_GROUP } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot } from '../snapshot/types';


/**
 * Whether a ReferenceGrant in `toNamespace` lets HTTPRoutes of `fromNamespace` use Service `serviceName` (GEP-709):
 * `from` names the route's group and kind, `to` the core group's Service, by name or all of them.
 */
export function referenceGrantAllows(snapshot: ClusterSnapshot, fromNamespace: string, toNamespace: string, serviceName: string): boolean {
  return objectsOfType(snapshot, 'ReferenceGrant').some(
    (grant) =>
      grant.id.namespace === toNamespace &&
      (grant.spec?.from?.value ?? []).some((from) => (from.group?.value ?? '') === GATEWAY_API_GROUP && from.kind?.value === 'HTTPRoute' && from.namespace?.value === fromNamespace) &&
      (grant.spec?.to?.value ?? []).some((to) => (to.group?.value ?? '') === '' && to.kind?.value === 'Service' && (to.name === undefined || to.name.value === serviceName)),
  );
}
