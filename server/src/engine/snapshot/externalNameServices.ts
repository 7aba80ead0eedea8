import { perSnapshot } from './perSnapshot';
import type { ClusterSnapshot, SimService } from './types';

const isExternalName = (service: SimService) => service.type === 'ExternalName';

/**
 * How many of the snapshot's Services are of type ExternalName, counted once per snapshot; after an edit, from the
 * count before and the Services of the namespaces it rebuilt, instead of every Service again.
 */
const externalNameCount = perSnapshot(
  (snapshot) => snapshot.services.filter(isExternalName).length,
  (previous, change) => previous - change.servicesBefore.filter(isExternalName).length + change.servicesAfter.filter(isExternalName).length,
);

/** Whether the cluster has an ExternalName Service (whose answer follows its target wherever it points). */
export function hasExternalNameService(snapshot: ClusterSnapshot): boolean {
  return externalNameCount(snapshot) > 0;
}
