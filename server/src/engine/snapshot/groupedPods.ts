import { groupBy } from '../groupBy';
import { matchesLabelMap, type Labels } from '../labels';
import { podsInNamespace } from './indexes';
import { perSnapshot } from './perSnapshot';
import { labelSetCounts, podsNamed } from './podGroups';
import { podsLabelled, podsOfWorkloadIn } from './carriedPodIndexes';
import type { KubeObject } from '../objects';
import { addressCounts, clientOf, groupContainers, type PodClient, type PodGroup } from './pods';
import type { ClusterSnapshot, SimContainer, SimPod, SourceRef, WorkloadRef } from './types';
import type { ReadonlyList } from '../chunkedList';

/**
 * Questions about a snapshot's pods answered from its pod groups (pods.ts PodGroup: a workload's replicas are
 * alike), so that checking Services and selectors makes none of the pods, whatever `replicas` says. A snapshot
 * made by an edit has no groups kept: its pods are made already, and the same answers come from them.
 */
const groupsOfSnapshot = new WeakMap<ClusterSnapshot, { readonly groups: readonly PodGroup[]; byNamespace?: ReadonlyMap<string, readonly PodGroup[]> }>();

/** Keeps the groups a fresh snapshot's pods are made from. */
export function keepPodGroups(snapshot: ClusterSnapshot, groups: readonly PodGroup[]): void {
  groupsOfSnapshot.set(snapshot, { groups });
}

function groupsIn(snapshot: ClusterSnapshot, namespace: string): readonly PodGroup[] | undefined {
  const kept = groupsOfSnapshot.get(snapshot);
  if (!kept) return undefined;
  kept.byNamespace ??= groupBy(kept.groups, (group) => [group.namespace]);
  return kept.byNamespace.get(namespace) ?? [];
}

/**
 * The groups of a list by each `key=value` pair of their first pod's labels, as positions in the list: a selector
 * looks only at the groups with its rarest pair, not at every group of the namespace for every Service.
 */
const groupsByPair = new WeakMap<readonly PodGroup[], ReadonlyMap<string, readonly number[]>>();

function candidateGroups(groups: readonly PodGroup[], selector: Labels): readonly PodGroup[] {
  let byPair = groupsByPair.get(groups);
  if (!byPair) {
    const positions = new Map<string, number[]>();
    groups.forEach((group, position) => {
      if (group.count === 0) return;
      const labels = group.plan(0).labels;
      for (const key in labels) {
        const pair = `${key}\u0000${labels[key]}`;
        const list = positions.get(pair);
        if (list) list.push(position);
        else positions.set(pair, [position]);
      }
    });
    byPair = positions;
    groupsByPair.set(groups, byPair);
  }
  let rarest: readonly number[] | undefined;
  for (const key in selector) {
    // A StatefulSet's own labels differ from its first pod's: a selector on them looks at every group.
    if (groups.some((group) => group.ordinalLabelKeys.includes(key))) return groups;
    const positions = byPair.get(`${key}\u0000${selector[key]}`) ?? [];
    if (!rarest || positions.length < rarest.length) rarest = positions;
  }
  return rarest ? rarest.map((position) => groups[position]!) : groups;
}

/** How many pods a namespace has. */
export function podCountIn(snapshot: ClusterSnapshot, namespace: string): number {
  const groups = groupsIn(snapshot, namespace);
  return groups ? groups.reduce((count, group) => count + group.count, 0) : podsInNamespace(snapshot, namespace).length;
}

/** Alike pods a selector picked: how many, and what a check of their ports and workloads reads. */
export interface PodClass {
  readonly count: number;
  readonly namespace: string;
  readonly workload: WorkloadRef;
  readonly containers: readonly SimContainer[];
  readonly source?: SourceRef;
}

/** The pods a selector picked, as classes of alike pods. */
export interface SelectedPods {
  readonly count: number;
  /** The classes, in no particular order: for what does not depend on which pod comes first. */
  readonly classes: readonly PodClass[];
  /** The classes in the order of their first pod in the snapshot (what `podsSelected` lists first): for what a finding names. */
  inOrder(): readonly PodClass[];
}

/** The classes a selector picked in a namespace, per selector object: a Service's checks (KT1xx, KT508) ask about the same selector. */
const selectedBySelector = perSnapshot(() => new WeakMap<Labels, { readonly namespace: string; readonly selected: SelectedPods }>());

/** The pods of a namespace a plain map selector matches, as classes of pods with the same containers, source and workload. */
export function selectedPodClasses(snapshot: ClusterSnapshot, namespace: string, selector: Labels): SelectedPods {
  const known = selectedBySelector(snapshot);
  const kept = known.get(selector);
  if (kept?.namespace === namespace) return kept.selected;
  const selected = selectPodClasses(snapshot, namespace, selector);
  known.set(selector, { namespace, selected });
  return selected;
}

function selectPodClasses(snapshot: ClusterSnapshot, namespace: string, selector: Labels): SelectedPods {
  const groups = groupsIn(snapshot, namespace);
  if (!groups) {
    // A snapshot made by an edit: its pods by label, carried over the edit, give those the selector picks without grouping the namespace's.
    const classes = classesOf(podsLabelled(selector, namespace, snapshot).map((pod) => ({ count: 1, namespace: pod.namespace, workload: pod.workload, containers: pod.containers, source: pod.source })));
    return { count: countOf(classes), classes, inOrder: () => classes };
  }
  const picked: { readonly group: PodGroup; readonly ordinals: readonly number[] | undefined }[] = [];
  for (const group of candidateGroups(groups, selector)) {
    if (group.count === 0) continue;
    // Only a selector on a StatefulSet pod's own labels (its name, its index) tells its pods apart.
    if (!Object.keys(selector).some((key) => group.ordinalLabelKeys.includes(key))) {
      if (matchesLabelMap(selector, group.plan(0).labels)) picked.push({ group, ordinals: undefined });
      continue;
    }
    const ordinals = Array.from({ length: group.count }, (_, index) => index).filter((index) => matchesLabelMap(selector, group.plan(index).labels));
    if (ordinals.length > 0) picked.push({ group, ordinals });
  }
  const classesOfPicked = (ordered: typeof picked) => classesOf(ordered.map(({ group, ordinals }) => ({ count: ordinals?.length ?? group.count, namespace: group.namespace, workload: group.workload, containers: groupContainers(group), source: group.source })));
  const classes = classesOfPicked(picked);
  // Which pod comes first takes every picked pod's name: worked out only when asked.
  let inOrder: readonly PodClass[] | undefined;
  return { count: countOf(classes), classes, inOrder: () => (inOrder ??= picked.length > 1 ? classesOfPicked(sortByFirstName(picked, ({ group, ordinals }) => firstName(group, ordinals))) : classes) };
}

function countOf(classes: readonly PodClass[]): number {
  return classes.reduce((count, pods) => count + pods.count, 0);
}

/** Distinct pod label sets, each with how many pods carry it. */
export type LabelSetCounts = readonly (readonly [Labels, number])[];

/** Each namespace's label sets, worked out once per snapshot: every Service whose selector picks no pod reads them. */
const labelSetCountsByNamespace = perSnapshot(() => new Map<string, LabelSetCounts>());

/** The distinct label sets of a namespace's pods, each with how many pods carry it, in the order `labelSetCounts` gives. */
export function podLabelSetCounts(snapshot: ClusterSnapshot, namespace: string): LabelSetCounts {
  const known = labelSetCountsByNamespace(snapshot);
  let counts = known.get(namespace);
  if (!counts) known.set(namespace, (counts = countLabelSets(snapshot, namespace)));
  return counts;
}

function countLabelSets(snapshot: ClusterSnapshot, namespace: string): LabelSetCounts {
  const groups = groupsIn(snapshot, namespace);
  if (!groups) return labelSetCounts(podsInNamespace(snapshot, namespace));
  // Pods share a label set when they share the object (a template's pods do; each StatefulSet pod has its own).
  const sets = new Map<Labels, { count: number; first: string }>();
  const add = (labels: Labels, count: number, name: string) => {
    const set = sets.get(labels);
    if (!set) sets.set(labels, { count, first: name });
    else {
      set.count += count;
      if (name.localeCompare(set.first) < 0) set.first = name;
    }
  };
  for (const group of groups) {
    if (group.count === 0) continue;
    if (group.ordinalLabelKeys.length === 0) add(group.plan(0).labels, group.count, firstName(group, undefined));
    else {
      for (let index = 0; index < group.count; index++) {
        const plan = group.plan(index);
        add(plan.labels, 1, plan.name);
      }
    }
  }
  return sortByFirstName([...sets], ([, { first }]) => first).map(([labels, { count }]) => [labels, count] as const);
}

/** Items in the order of the snapshot's pods they stand for (by name within a namespace; ties keep their order, as the stable sort of pods does). */
function sortByFirstName<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  const names = new Map(items.map((item) => [item, nameOf(item)]));
  return [...items].sort((a, b) => names.get(a)!.localeCompare(names.get(b)!));
}

const firstNames = new WeakMap<PodGroup, string>();

/** The name of the first of some of a group's pods (all of them when `ordinals` is undefined) in the snapshot's order. */
function firstName(group: PodGroup, ordinals: readonly number[] | undefined): string {
  if (!ordinals) {
    const known = firstNames.get(group);
    if (known !== undefined) return known;
  }
  let first: string | undefined;
  for (const index of ordinals ?? Array.from({ length: group.count }, (_, position) => position)) {
    const name = group.plan(index).name;
    if (first === undefined || name.localeCompare(first) < 0) first = name;
  }
  if (!ordinals) firstNames.set(group, first!);
  return first!;
}

/** Items merged by containers, source and workload, each class where its first item was. */
function classesOf(items: readonly PodClass[]): PodClass[] {
  const classes = new Map<readonly SimContainer[], Map<SourceRef | undefined, Map<WorkloadRef, { count: number; item: PodClass }>>>();
  const ordered: { count: number; item: PodClass }[] = [];
  for (const item of items) {
    let bySource = classes.get(item.containers);
    if (!bySource) classes.set(item.containers, (bySource = new Map()));
    let byWorkload = bySource.get(item.source);
    if (!byWorkload) bySource.set(item.source, (byWorkload = new Map()));
    const known = byWorkload.get(item.workload);
    if (known) known.count += item.count;
    else {
      const entry = { count: item.count, item };
      byWorkload.set(item.workload, entry);
      ordered.push(entry);
    }
  }
  return ordered.map(({ count, item }) => ({ count, namespace: item.namespace, workload: item.workload, containers: item.containers, ...(item.source && { source: item.source }) }));
}

/**
 * What the first pod an object runs (in the snapshot's order) is as a DNS client and a trace's source; undefined
 * when it runs none. A workload's pods are alike in this, so none is made; a Pod is looked up among the pods.
 */
export function firstPodClient(snapshot: ClusterSnapshot, object: KubeObject): PodClient | undefined {
  const namespace = object.id.namespace ?? 'default';
  const { name } = object.id;
  let groups = groupsIn(snapshot, namespace);
  // A workload's pod may bear a Pod's name (`db-0`, every simulated name starts with its workload's): then only the pods tell which comes first.
  const bears = (group: PodGroup) => group.count > 1 && name.startsWith(`${group.workload.name}-`) && Array.from({ length: group.count }, (_, index) => index).some((index) => group.plan(index).name === name);
  if (object.type === 'Pod' && groups?.some(bears)) groups = undefined;
  if (!groups) {
    return object.type === 'Pod' ? podsNamed(podsInNamespace(snapshot, namespace), name)[0] : podsOfWorkloadIn(snapshot, namespace, object.id.kind, name).at(0);
  }
  if (object.type === 'Pod') {
    const pod = groups.find((group) => group.count === 1 && group.plan(0).name === name);
    return pod && clientOf(pod.plan(0));
  }
  // Pods written with the workload as their owner count as its pods too.
  const own = groups.filter((group) => group.count > 0 && group.workload.kind === object.id.kind && group.workload.name === name);
  const first = own.length > 1 ? sortByFirstName(own, (group) => firstName(group, undefined))[0] : own[0];
  return first && clientOf(first.plan(0));
}

/** How many pods get an address from their node's range, and how many are on a node with none left (host-network pods and pods with no node are neither). */
export const podAddressCounts: (snapshot: ClusterSnapshot) => AddressCounts = perSnapshot(
  (snapshot) => {
    const kept = groupsOfSnapshot.get(snapshot);
    return (kept && addressCounts(kept.groups, snapshot.nodes)) || countAddresses(snapshot.pods);
  },
  // An edit makes the pods of the namespaces it rebuilt again: only theirs are counted, not the cluster's every pod.
  (previous, change) => {
    const before = countAddresses(change.podsBefore);
    const after = countAddresses(change.podsAfter);
    return { addressed: previous.addressed - before.addressed + after.addressed, unaddressed: previous.unaddressed - before.unaddressed + after.unaddressed };
  },
);

interface AddressCounts {
  readonly addressed: number;
  readonly unaddressed: number;
}

function countAddresses(pods: ReadonlyList<SimPod> | readonly SimPod[]): AddressCounts {
  let addressed = 0;
  let unaddressed = 0;
  pods.forEach((pod) => {
    if (pod.ipSource === 'node-range') addressed++;
    else if (pod.ipSource === 'none' && pod.node !== undefined && !pod.hostNetwork) unaddressed++;
  });
  return { addressed, unaddressed };
}
