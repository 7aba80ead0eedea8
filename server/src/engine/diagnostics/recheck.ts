import type { Ingress, KubeObject, NetworkPolicy } from '../objects';
import { selectedNamespaces } from '../policy/selectorIndex';
import type { SnapshotChange } from '../snapshot/updateSnapshot';
import type { ClusterSnapshot } from '../snapshot/types';
import { connectionStringLabels } from './connectionStrings';
import { pathClaims } from './routingChecks';

/** Per object, computed once: objects never change, an edit makes new ones. */
function remembered<T>(compute: (object: KubeObject) => T): (object: KubeObject) => T {
  const values = new WeakMap<KubeObject, T>();
  return (object) => {
    if (!values.has(object)) values.set(object, compute(object));
    return values.get(object)!;
  };
}

const labelsOfConnectionStrings = remembered(connectionStringLabels);
const claimsOf = remembered((object) => (object.type === 'Ingress' ? pathClaims(object) : []));
const namespaceSelectorsOf = remembered((object) =>
  object.type === 'NetworkPolicy'
    ? [...(object.spec?.ingress?.value.flatMap((rule) => rule.from?.value ?? []) ?? []), ...(object.spec?.egress?.value.flatMap((rule) => rule.to?.value ?? []) ?? [])].flatMap((peer) => (peer.namespaceSelector ? [peer.namespaceSelector] : []))
    : [],
);

/**
 * The objects whose findings an edit may have changed, for a snapshot `updateSnapshot` made: every object of the
 * namespaces it rebuilt, and elsewhere the objects whose checks read those namespaces or point into the edited
 * files. Each rule names the check that reads across namespaces; a check that starts to read further needs its rule
 * here (the incremental checks are tested against a full run after random edits).
 */
export function objectsToRecheck(snapshot: ClusterSnapshot, change: SnapshotChange): (object: KubeObject) => boolean {
  const { touched, changed } = change;
  const recheck = new Set<KubeObject>();
  // The findings that point at another Service (KT104, KT107: a clashing NodePort or ClusterIP) come with a
  // snapshot note, and a snapshot with notes is always built afresh: they are never kept across an edit.
  // KT206: paths the changed Ingresses claim(ed); KT207: Secrets that came or went, which an Ingress elsewhere may name.
  const claims = new Set(changed.flatMap(claimsOf));
  const secrets = new Set(changed.filter((object) => object.type === 'Secret').map((object) => object.id.name));
  const anyExternalName = snapshot.services.some((service) => service.type === 'ExternalName');
  for (const object of snapshot.objects) {
    if (touched.has(object.id.namespace ?? '')) continue;
    if (object.type === 'HTTPRoute' || object.type === 'ReferenceGrant') recheck.add(object);
    else if (object.type === 'NetworkPolicy' && reachesInto(object, touched, snapshot)) recheck.add(object);
    else if (object.type === 'Ingress' && (claimsOf(object).some((claim) => claims.has(claim)) || namesSecret(object, secrets))) recheck.add(object);
    else {
      // KT401/KT402: a name that resolves into a rebuilt namespace. An ExternalName Service's answer follows its
      // target wherever it points, so with one in the cluster every connection string is looked at again.
      const labels = labelsOfConnectionStrings(object);
      if (labels.size > 0 && (anyExternalName || [...touched].some((namespace) => labels.has(namespace)))) recheck.add(object);
    }
  }
  return (object) => touched.has(object.id.namespace ?? '') || recheck.has(object);
}

/** KT302/KT303: a namespaceSelector peer that selects a rebuilt namespace reads its pods. */
function reachesInto(policy: NetworkPolicy, touched: ReadonlySet<string>, snapshot: ClusterSnapshot): boolean {
  return namespaceSelectorsOf(policy).some((selector) => selectedNamespaces(selector, snapshot).some((namespace) => touched.has(namespace)));
}

function namesSecret(ingress: Ingress, secrets: ReadonlySet<string>): boolean {
  return secrets.size > 0 && (ingress.spec?.tls?.value ?? []).some((tls) => tls.secretName !== undefined && secrets.has(tls.secretName.value));
}
