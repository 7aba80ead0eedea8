import type { ReadonlyList } from '../chunkedList';
import { groupBy } from '../groupBy';
import { LayeredMap } from '../layeredMap';
import type { Ingress, KubeObject, NetworkPolicy } from '../objects';
import { policyPeers } from '../policy/networkPolicy';
import { selectedNamespaces } from '../policy/selectorIndex';
import { hasExternalNameService } from '../snapshot/externalNameServices';
import { namespaceObject, objectsOfType } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';
import type { SnapshotChange } from '../snapshot/snapshotChange';
import type { ClusterSnapshot } from '../snapshot/types';
import { rebuiltInFull } from '../snapshot/updateSnapshot';
import { connectionStringLabels } from '../connectionHosts';
import { setsLinkerdInboundPolicy } from './meshChecks';
import { namespaceRecheck } from './namespaceRecheck';
import { keepPodReaders, podReadersIn } from './podReaders';
import { prepareCarriedPodIndexes } from '../snapshot/carriedPodIndexes';
import { ingressesClaiming, pathClaims } from './routingChecks';

/**
 * The namespaced objects that write Linkerd's default inbound policy, by namespace, in the snapshot's order. An edit
 * that brings or takes none keeps the lists: looking through the edited namespace's objects for them cost a
 * millisecond an edit of the 50,000-line file.
 */
const linkerdPolicySetters = perSnapshot(
  (snapshot) => groupBy(snapshot.objects.filter(setsLinkerdInboundPolicy), (object) => (object.id.namespace === undefined ? [] : [object.id.namespace])),
  (previous, change) => {
    if (!change.changed.some(setsLinkerdInboundPolicy)) return previous;
    const setters = new Map(previous);
    for (const namespace of change.touched) setters.delete(namespace);
    for (const object of change.touchedObjects) if (object.id.namespace !== undefined && setsLinkerdInboundPolicy(object)) setters.set(object.id.namespace, [...(setters.get(object.id.namespace) ?? []), object]);
    return setters;
  },
);

/** Who reads a namespace from elsewhere, by namespace. */
interface Readers {
  /** NetworkPolicies whose namespaceSelector peers select the namespace (KT302). */
  readonly policies: LayeredMap<string, ReadonlySet<KubeObject>>;
  /** Objects whose connection strings name a host with the namespace's name as a label (KT401, KT402). */
  readonly connectionStrings: LayeredMap<string, ReadonlySet<KubeObject>>;
}

/** The namespaces one object reads from elsewhere in one way. */
type ReadsBy = (object: KubeObject, snapshot: ClusterSnapshot) => readonly string[];

const policyReads: ReadsBy = (object, snapshot) =>
  object.type === 'NetworkPolicy' ? [...new Set(namespaceSelectorsOf(object).flatMap((selector) => selectedNamespaces(selector, snapshot)))].filter((namespace) => canBeTouched(namespace, snapshot)) : [];

const connectionStringReads: ReadsBy = (object, snapshot) => [...connectionStringLabels(object)].filter((label) => canBeTouched(label, snapshot));

/** A namespace an edit can be applied to: one of the workspace's, and not one always built afresh (updateSnapshot). */
function canBeTouched(namespace: string, snapshot: ClusterSnapshot): boolean {
  return snapshot.namespaces.has(namespace) && !rebuiltInFull(namespace, snapshot.profile);
}

/**
 * Who reads each namespace, kept with the snapshot: after an edit, only the objects that went and came are looked
 * at (namespace labels do not change in an edit applied to the last snapshot, so no selector chooses differently).
 */
const readersOf = perSnapshot(
  (snapshot): Readers => ({
    policies: LayeredMap.of(readersBy(snapshot.objects, snapshot, policyReads)),
    connectionStrings: LayeredMap.of(readersBy(snapshot.objects, snapshot, connectionStringReads)),
  }),
  (previous, change, snapshot): Readers => ({
    policies: previous.policies.with(changedReaders(previous.policies, change, snapshot, policyReads)),
    connectionStrings: previous.connectionStrings.with(changedReaders(previous.connectionStrings, change, snapshot, connectionStringReads)),
  }),
);

/**
 * Works out what the next edit's recheck carries over, for a snapshot checked in full: who reads which namespace, the
 * Linkerd policies by namespace, the pods by label and by workload, and who reads the pods of `namespaces` (those of
 * the documents open in the editor, where edits come). Without it the first edit in a large namespace works them out
 * from every object (about 50 ms of the first edit of the 50,000-line file).
 */
export function prepareForEdits(snapshot: ClusterSnapshot, namespaces: Iterable<string>): void {
  readersOf(snapshot);
  linkerdPolicySetters(snapshot);
  prepareCarriedPodIndexes(snapshot);
  keepPodReaders(snapshot);
  for (const namespace of namespaces) if (snapshot.namespaces.has(namespace)) podReadersIn(snapshot, namespace);
}

function readersBy(objects: ReadonlyList<KubeObject>, snapshot: ClusterSnapshot, reads: ReadsBy): Map<string, ReadonlySet<KubeObject>> {
  const readers = new Map<string, Set<KubeObject>>();
  for (const object of objects) {
    for (const namespace of reads(object, snapshot)) {
      const set = readers.get(namespace);
      if (set) set.add(object);
      else readers.set(namespace, new Set([object]));
    }
  }
  return readers;
}

/** The reader sets an edit changes, as new sets: those of the last snapshot stay as they were. */
function changedReaders(previous: LayeredMap<string, ReadonlySet<KubeObject>>, change: SnapshotChange, snapshot: ClusterSnapshot, reads: ReadsBy): Map<string, ReadonlySet<KubeObject> | undefined> {
  const sets = new Map<string, Set<KubeObject>>();
  const writable = (namespace: string) => {
    let set = sets.get(namespace);
    if (!set) sets.set(namespace, (set = new Set(previous.get(namespace))));
    return set;
  };
  for (const object of change.removed) for (const namespace of reads(object, change.previous)) writable(namespace).delete(object);
  for (const object of change.added) for (const namespace of reads(object, snapshot)) writable(namespace).add(object);
  return new Map([...sets].map(([namespace, set]) => [namespace, set.size > 0 ? set : undefined]));
}

const namespaceSelectorsOf = (policy: NetworkPolicy) => policyPeers(policy).flatMap((peer) => (peer.namespaceSelector ? [peer.namespaceSelector] : []));

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
  // In the rebuilt namespaces, an edit of workloads alone reaches only the objects that read what it changed.
  const within = namespaceRecheck(snapshot, change);
  const recheck = new Set<KubeObject>(within?.objects ?? touchedObjects);
  // KT209: routes and the ReferenceGrants that let them reach across namespaces. KT5xx: the mesh's rules and
  // Istio Gateways read Services, pods, subsets and clients anywhere in the cluster.
  // KT308-KT311: Cilium's and Calico's policies read pods, namespaces and tiers anywhere in the cluster.
  for (const type of ['HTTPRoute', 'ReferenceGrant', 'VirtualService', 'DestinationRule', 'PeerAuthentication', 'MeshGateway', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'CalicoNetworkPolicy', 'CalicoGlobalNetworkPolicy'] as const) for (const object of objectsOfType(snapshot, type)) recheck.add(object);
  // KT513: a Linkerd inbound policy reads the clients anywhere that name the Services in front of its pods. A changed
  // object's connection strings name namespaces; the policies written in those namespaces are looked at again.
  const named = new Set<string>();
  for (const object of changed) {
    if (object.id.namespace) named.add(object.id.namespace);
    for (const label of connectionStringLabels(object)) if (snapshot.namespaces.has(label)) named.add(label);
  }
  for (const namespace of named) {
    for (const object of linkerdPolicySetters(snapshot).get(namespace) ?? []) recheck.add(object);
    const annotated = namespaceObject(snapshot, namespace);
    if (annotated && setsLinkerdInboundPolicy(annotated)) recheck.add(annotated);
  }
  // KT302: namespaceSelector peers that select a rebuilt namespace read its pods.
  for (const namespace of touched) for (const policy of readers.policies.get(namespace) ?? []) recheck.add(policy);
  // KT206: paths the changed Ingresses claim(ed); KT207: Secrets that came or went, which an Ingress elsewhere may name.
  for (const claim of new Set(changed.flatMap((object) => (object.type === 'Ingress' ? pathClaims(object) : [])))) {
    for (const ingress of ingressesClaiming(snapshot, claim)) recheck.add(ingress);
  }
  const secrets = new Set(changed.filter((object) => object.type === 'Secret').map((object) => object.id.name));
  if (secrets.size > 0) for (const ingress of objectsOfType(snapshot, 'Ingress')) if (namesSecret(ingress, secrets)) recheck.add(ingress);
  // KT401/KT402: a name that resolves into a rebuilt namespace. An ExternalName Service's answer follows its
  // target wherever it points, so with one in the cluster every connection string is looked at again.
  if (hasExternalNameService(snapshot)) {
    for (const object of snapshot.objects) if (connectionStringLabels(object).size > 0) recheck.add(object);
  } else {
    for (const namespace of touched) for (const object of readers.connectionStrings.get(namespace) ?? []) if (!within || within.readsChangedNames(object)) recheck.add(object);
  }
  return [...recheck];
}

function namesSecret(ingress: Ingress, secrets: ReadonlySet<string>): boolean {
  return (ingress.spec?.tls?.value ?? []).some((tls) => tls.secretName !== undefined && secrets.has(tls.secretName.value));
}
