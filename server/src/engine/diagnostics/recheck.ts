import type { Ingress, KubeObject, NetworkPolicy } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';
import { selectedNamespaces } from '../policy/selectorIndex';
import type { SnapshotChange } from '../snapshot/snapshotChange';
import type { ClusterSnapshot } from '../snapshot/types';
import { connectionStringLabels } from './connectionStrings';
import { pathClaims } from './routingChecks';

/** The kinds whose objects may hold connection strings (container env, args and command; ConfigMap data). */
const WITH_CONNECTION_STRINGS = new Set<KubeObject['type']>(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'ConfigMap']);

/** Who reads a namespace from elsewhere, by namespace. */
interface Readers {
  /** NetworkPolicies whose namespaceSelector peers select the namespace (KT302). */
  readonly policies: ReadonlyMap<string, ReadonlySet<KubeObject>>;
  /** Objects whose connection strings name a host with the namespace's name as a label (KT401, KT402). */
  readonly connectionStrings: ReadonlyMap<string, ReadonlySet<KubeObject>>;
}

/** The namespaces an object reads from elsewhere, each under what reads it. */
function readsOf(object: KubeObject, snapshot: ClusterSnapshot): { policies: string[]; connectionStrings: string[] } {
  const policies = object.type === 'NetworkPolicy' ? [...new Set(namespaceSelectorsOf(object).flatMap((selector) => selectedNamespaces(selector, snapshot)))] : [];
  const connectionStrings = WITH_CONNECTION_STRINGS.has(object.type) ? [...connectionStringLabels(object)] : [];
  return { policies, connectionStrings };
}

/**
 * Who reads each namespace, kept with the snapshot: after an edit, only the objects that went and came are looked
 * at (namespace labels do not change in an edit applied to the last snapshot, so no selector chooses differently).
 */
const readersOf = perSnapshot(
  (snapshot): Readers => {
    const policies = new Map<string, Set<KubeObject>>();
    const connectionStrings = new Map<string, Set<KubeObject>>();
    for (const object of snapshot.objects) addReads(object, snapshot, { policies, connectionStrings });
    return { policies, connectionStrings };
  },
  (previous, change, snapshot): Readers => {
    const readers = { policies: new Map(previous.policies) as Map<string, Set<KubeObject>>, connectionStrings: new Map(previous.connectionStrings) as Map<string, Set<KubeObject>> };
    // Copy on write: the previous snapshot's sets stay as they were.
    const copied = new Set<ReadonlySet<KubeObject>>();
    const writable = (map: Map<string, Set<KubeObject>>, key: string) => {
      let set = map.get(key);
      if (!set || !copied.has(set)) {
        set = new Set(set);
        copied.add(set);
        map.set(key, set);
      }
      return set;
    };
    for (const object of change.removed) {
      const reads = readsOf(object, change.previous);
      for (const namespace of reads.policies) writable(readers.policies, namespace).delete(object);
      for (const label of reads.connectionStrings) writable(readers.connectionStrings, label).delete(object);
    }
    for (const object of change.added) addReads(object, snapshot, readers, writable);
    return readers;
  },
);

/** Works out who reads which namespace for a snapshot checked in full, so that the next edit's recheck can carry it over. */
export function indexReaders(snapshot: ClusterSnapshot): void {
  readersOf(snapshot);
}

function addReads(
  object: KubeObject,
  snapshot: ClusterSnapshot,
  readers: { policies: Map<string, Set<KubeObject>>; connectionStrings: Map<string, Set<KubeObject>> },
  writable: (map: Map<string, Set<KubeObject>>, key: string) => Set<KubeObject> = (map, key) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    return set;
  },
): void {
  const reads = readsOf(object, snapshot);
  for (const namespace of reads.policies) writable(readers.policies, namespace).add(object);
  for (const label of reads.connectionStrings) writable(readers.connectionStrings, label).add(object);
}

const namespaceSelectorsOf = (policy: NetworkPolicy) =>
  [...(policy.spec?.ingress?.value.flatMap((rule) => rule.from?.value ?? []) ?? []), ...(policy.spec?.egress?.value.flatMap((rule) => rule.to?.value ?? []) ?? [])].flatMap((peer) => (peer.namespaceSelector ? [peer.namespaceSelector] : []));

/**
 * The objects whose findings an edit may have changed, for a snapshot `updateSnapshot` made: every object of the
 * namespaces it rebuilt, and elsewhere the objects whose checks read those namespaces. Each rule names the check
 * that reads across namespaces; a check that starts to read further needs its rule here (the incremental checks
 * are tested against full runs after random edits, and each rule by an edit whose findings show elsewhere).
 */
export function objectsToRecheck(snapshot: ClusterSnapshot, change: SnapshotChange): KubeObject[] {
  const { touched, touchedObjects, changed } = change;
  const readers = readersOf(snapshot);
  // The findings that point at another Service (KT104, KT107: a clashing NodePort or ClusterIP) come with a
  // snapshot note, and a snapshot with notes is always built afresh: they are never kept across an edit.
  const recheck = new Set<KubeObject>(touchedObjects);
  // KT209: routes and the ReferenceGrants that let them reach across namespaces.
  for (const object of [...objectsOfType(snapshot, 'HTTPRoute'), ...objectsOfType(snapshot, 'ReferenceGrant')]) recheck.add(object);
  // KT302: namespaceSelector peers that select a rebuilt namespace read its pods.
  for (const namespace of touched) for (const policy of readers.policies.get(namespace) ?? []) recheck.add(policy);
  // KT206: paths the changed Ingresses claim(ed); KT207: Secrets that came or went, which an Ingress elsewhere may name.
  const claims = new Set(changed.flatMap((object) => (object.type === 'Ingress' ? pathClaims(object) : [])));
  const secrets = new Set(changed.filter((object) => object.type === 'Secret').map((object) => object.id.name));
  for (const ingress of objectsOfType(snapshot, 'Ingress')) if (pathClaims(ingress).some((claim) => claims.has(claim)) || namesSecret(ingress, secrets)) recheck.add(ingress);
  // KT401/KT402: a name that resolves into a rebuilt namespace. An ExternalName Service's answer follows its
  // target wherever it points, so with one in the cluster every connection string is looked at again.
  if (snapshot.services.some((service) => service.type === 'ExternalName')) {
    for (const object of snapshot.objects) if (WITH_CONNECTION_STRINGS.has(object.type) && connectionStringLabels(object).size > 0) recheck.add(object);
  } else {
    for (const namespace of touched) for (const object of readers.connectionStrings.get(namespace) ?? []) recheck.add(object);
  }
  return [...recheck];
}

function namesSecret(ingress: Ingress, secrets: ReadonlySet<string>): boolean {
  return secrets.size > 0 && (ingress.spec?.tls?.value ?? []).some((tls) => tls.secretName !== undefined && secrets.has(tls.secretName.value));
}
