import { cidrSize, parseAddress } from '../cidr';
import { fnv1a, nameSuffix } from '../hash';
import type { Labels } from '../labels';
import type { KubeObject, Pod, PodSpec, PodTemplate } from '../objects';
import type { ChunkedList } from '../chunkedList';
import { replaceRuns } from '../sortedLists';
import { AddressAllocator } from './allocator';
import { ORDINAL_LABEL_KEYS, withControllerLabels } from './controllerLabels';
import { DAEMON_SET_TOLERATIONS, fitsNode, schedulingKey, type SimToleration } from './nodeFit';
import { operatorPodPlans } from './operatorPods';
import type { PodPlan } from './podPlan';
import { refTo } from './sourceRef';
import type { SimContainer, SimDnsConfig, SimNode, SimPod, SnapshotNote, SourceRef, WorkloadRef } from './types';

/**
 * Every pod the manifests would run: Pod objects as written, the pods each workload's controller would
 * create, and those operators make from custom resources (operatorPods.ts), named as the controllers name them (`web-7d4b9c8f6d-x2k9p`, `db-0`), spread over the nodes in a
 * stable way and given IPs from their node's range.
 */
export function buildPods(groups: readonly PodGroup[], nodes: readonly SimNode[], notes: SnapshotNote[]): SimPod[] {
  const plans = groups.flatMap((group) => Array.from({ length: group.count }, (_, index) => group.plan(index))).sort(comparePlans);
  const allocators = new Map<string, AddressAllocator[]>();
  for (const node of nodes) allocators.set(node.name, node.podCIDRs.map((cidr) => new AddressAllocator(cidr, 2)));
  // Addresses written in manifests are taken first, so simulated ones never collide with them.
  for (const plan of plans) for (const ip of plan.statusIPs) for (const list of allocators.values()) for (const allocator of list) if (allocator.contains(ip)) allocator.reserve(ip);

  const placement = nodePlacement(nodes);
  let unaddressed = 0;
  const pods = plans.map((plan) => {
    const candidates = placement.candidates(plan, notes);
    let node = candidates.first();
    let ips: string[] = [...plan.statusIPs];
    let ipSource: SimPod['ipSource'] = ips.length > 0 ? 'status' : 'none';
    if (ips.length === 0 && node) {
      if (plan.spec?.hostNetwork?.value === true) {
        ips = [...node.addresses];
        ipSource = 'host-network';
      } else {
        // The scheduler puts a pod on a node with room, so the next candidate is tried when a range is full.
        for (let candidate = candidates.withRoom(); candidate; candidate = candidates.withRoom()) {
          ips = (allocators.get(candidate.name) ?? []).map((allocator) => allocator.allocate(`${plan.namespace}/${plan.name}`)).filter((ip): ip is string => ip !== undefined);
          if (ips.length > 0) {
            node = candidate;
            break;
          }
          placement.markFull(candidate);
        }
        ipSource = ips.length > 0 ? 'node-range' : 'none';
        if (ips.length === 0) unaddressed++;
      }
    }
    return simPod(plan, node, ips, ipSource);
  });
  if (unaddressed > 0) {
    notes.push({ message: `The pod ranges of the ${nodes.length} node(s) are full: ${unaddressed} pod(s) get no address. Add nodes to the profile.` });
  }
  return pods;
}

/**
 * The pods of the objects, the operators' custom resources and the stand-ins as groups of alike pods, in the order
 * buildPods makes them from (a stable sort keeps it among pods of one name).
 */
export function podGroupsOf(objects: readonly KubeObject[], nodes: readonly SimNode[], virtualPlans: readonly PodPlan[] = []): PodGroup[] {
  const groups = objects.flatMap((object) => plannedPods(object, nodes) ?? []);
  for (const plan of [...operatorPodPlans(objects), ...virtualPlans]) groups.push(groupOfOne(plan));
  return groups;
}

/**
 * How many of the groups' pods buildPods would give an address from a node's range, and how many it would put on
 * a node with none left, counted without making them: when every such pod may go to every node, which of
 * them a full node sends on does not matter, and a node's range holds as many as it has addresses. undefined
 * when that does not hold (a pod pinned to a node, one only some nodes take, an address written, a node with
 * two ranges): only making the pods tells.
 */
export function addressCounts(groups: readonly PodGroup[], nodes: readonly SimNode[]): { readonly addressed: number; readonly unaddressed: number } | undefined {
  // An allocator probes at most 1,000,000 addresses of a range, and nodes of one name share one.
  if (new Set(nodes.map((node) => node.name)).size !== nodes.length) return undefined;
  if (nodes.some((node) => node.podCIDRs.length > 1 || node.podCIDRs.some((cidr) => cidr.family !== 'IPv4' || cidrSize(cidr) > 1_000_000n))) return undefined;
  const eligibleBySpec = new Map<PodSpec | undefined, number>();
  let wanted = 0;
  for (const group of groups) {
    if (group.count === 0 || group.spec?.hostNetwork?.value === true) continue;
    const first = group.plan(0);
    if (group.statusIPs.length > 0 || first.pinnedNode !== undefined || group.spec?.nodeName !== undefined) return undefined;
    const key = schedulingKey(group.spec);
    let eligible = eligibleBySpec.get(key);
    if (eligible === undefined) {
      eligible = nodesFor(key, nodes).length;
      eligibleBySpec.set(key, eligible);
    }
    // A pod no node takes stays Pending, with no node and no address: it is neither.
    if (eligible === 0) continue;
    if (eligible !== nodes.length) return undefined;
    wanted += group.count;
  }
  // The allocator keeps the network address, the next one and the broadcast address.
  const room = nodes.reduce((sum, node) => sum + node.podCIDRs.reduce((addresses, cidr) => addresses + Math.max(0, Number(cidrSize(cidr)) - 3), 0), 0);
  const addressed = Math.min(wanted, room);
  return { addressed, unaddressed: wanted - addressed };
}

/** How many pod addresses the objects' pods take from the nodes' ranges (not host-network, no address written). */
export function addressesNeeded(objects: readonly KubeObject[], nodes: readonly SimNode[], virtualPlans: readonly PodPlan[]): number {
  let count = 0;
  const takesAddress = (pods: { readonly statusIPs: readonly string[]; readonly spec: PodSpec | undefined }) => pods.statusIPs.length === 0 && pods.spec?.hostNetwork?.value !== true;
  for (const object of objects) {
    const planned = plannedPods(object, nodes);
    if (planned && takesAddress(planned)) count += planned.count;
  }
  for (const plan of virtualPlans) if (takesAddress(plan)) count++;
  return count;
}

/**
 * The pods of some objects made again with the addresses they had in `previous` (the pods of the same
 * namespaces before a change). A fresh build would give every pod of the cluster the same address as before
 * when the pods are the same ones, on the same nodes, with the same written addresses and network mode, and
 * nothing to note; otherwise this returns undefined and the caller builds afresh.
 */
export function rebuildPods(objects: readonly KubeObject[], nodes: readonly SimNode[], previous: readonly SimPod[]): SimPod[] | undefined {
  const plans = [...objects.flatMap((object) => planPods(object, nodes)), ...operatorPodPlans(objects)].sort(comparePlans);
  if (plans.length !== previous.length) return undefined;
  const before = new Map(previous.map((pod) => [`${pod.namespace}/${pod.name}`, pod]));
  const notes: SnapshotNote[] = [];
  const pods: SimPod[] = [];
  const seen = new Set<string>();
  const placement = nodePlacement(nodes);
  for (const plan of plans) {
    const key = `${plan.namespace}/${plan.name}`;
    // Two pods of one name would be given two addresses from one seed: only a fresh build gets that right.
    if (seen.has(key)) return undefined;
    seen.add(key);
    const old = before.get(key);
    const node = placement.candidates(plan, notes).first();
    const hostNetwork = plan.spec?.hostNetwork?.value === true;
    const written = plan.statusIPs.length > 0;
    if (!old || notes.length > 0 || old.node !== node?.name || old.hostNetwork !== hostNetwork || (old.ipSource === 'status') !== written) return undefined;
    if (written && plan.statusIPs.join() !== old.ips.join()) return undefined;
    pods.push(simPod(plan, node, [...old.ips], old.ipSource));
  }
  return pods;
}

/** The kinds pods are made from (plannedPods, and the operators' custom resources): the pods of a namespace read no other. */
const POD_MAKERS = new Set<KubeObject['type']>(['Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'Job', 'StatefulSet', 'DaemonSet', 'CronJob', 'OperatorResource']);

export function makesPods(object: KubeObject): boolean {
  return POD_MAKERS.has(object.type);
}

/** Pods in the order the snapshot keeps them: by namespace, then name. */
export function comparePods(a: { readonly namespace: string; readonly name: string }, b: { readonly namespace: string; readonly name: string }): number {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

const comparePlans = comparePods;

/** Pods in the snapshot's order with those of some namespaces replaced by `fresh` (sorted). */
export function replaceNamespaces(pods: ChunkedList<SimPod>, namespaces: ReadonlySet<string>, fresh: readonly SimPod[]): ChunkedList<SimPod> {
  return replaceRuns(pods, namespaces, (pod, namespace) => pod.namespace.localeCompare(namespace), fresh, comparePods);
}

/** What a pod is as a DNS client and a trace's source, from its plan alone: every pod of a group has the same. */
export type PodClient = Pick<SimPod, 'namespace' | 'workload' | 'hostNetwork' | 'dnsPolicy' | 'dnsConfig'>;

export function clientOf(plan: PodPlan): PodClient {
  const spec = plan.spec;
  return { namespace: plan.namespace, workload: plan.workload, hostNetwork: spec?.hostNetwork?.value === true, dnsPolicy: spec?.dnsPolicy?.value ?? 'ClusterFirst', ...(spec?.dnsConfig && { dnsConfig: dnsConfigOf(spec) }) };
}

function simPod(plan: PodPlan, node: SimNode | undefined, ips: string[], ipSource: SimPod['ipSource']): SimPod {
  const spec = plan.spec;
  const client = clientOf(plan);
  return {
    namespace: plan.namespace,
    name: plan.name,
    labels: plan.labels,
    workload: plan.workload,
    node: node?.name,
    ips,
    hostNetwork: client.hostNetwork,
    ready: plan.ready && node !== undefined,
    hostname: plan.hostname ?? spec?.hostname?.value ?? plan.name,
    ...((plan.hostname ?? spec?.hostname?.value) !== undefined && { specHostname: plan.hostname ?? spec?.hostname?.value }),
    ...((plan.subdomain ?? spec?.subdomain?.value) !== undefined && { subdomain: plan.subdomain ?? spec?.subdomain?.value }),
    containers: containersOf(plan),
    dnsPolicy: client.dnsPolicy,
    ...(client.dnsConfig && { dnsConfig: client.dnsConfig }),
    simulated: plan.simulated,
    ipSource,
    ...(plan.source && { source: plan.source }),
  };
}

function containersOf(plan: Pick<PodPlan, 'spec' | 'source' | 'containers'>): readonly SimContainer[] {
  if (plan.containers) return plan.containers;
  return (plan.spec?.containers?.value ?? []).map((container, index) => ({
    name: container.name?.value ?? `container-${index}`,
    ports: (container.ports?.value ?? [])
      .filter((port) => port.containerPort !== undefined)
      .map((port) => ({
        ...(port.name && { name: port.name.value }),
        port: port.containerPort!.value,
        protocol: port.protocol?.value ?? 'TCP',
        ...(plan.source && {
          source: { uri: plan.source.uri, range: port.containerPort!.span.value, label: `${plan.source.label} containerPort ${port.containerPort!.value}` },
        }),
      })),
  }));
}

function dnsConfigOf(spec: PodSpec): SimDnsConfig {
  const config = spec.dnsConfig!;
  return {
    nameservers: config.nameservers?.value.map((item) => item.value) ?? [],
    searches: config.searches?.value.map((item) => item.value) ?? [],
    options: (config.options?.value ?? [])
      .filter((option) => option.name !== undefined)
      .map((option) => ({ name: option.name!.value, ...(option.value && { value: option.value.value }) })),
  };
}

/** The nodes a pod may go to: its own first, then the others in turn. */
interface Candidates {
  first(): SimNode | undefined;
  /** The first candidate in turn whose range is not known to be full; undefined when every one is. */
  withRoom(): SimNode | undefined;
}

interface NodePlacement {
  candidates(plan: PodPlan, notes: SnapshotNote[]): Candidates;
  /** A node whose pod range has no address left. */
  markFull(node: SimNode): void;
}

/**
 * The candidate nodes of each pod over one list of nodes, spread by workload and replica. Which nodes fit is
 * worked out once per scheduling key (nodeFit.ts: the specs that constrain no node share one), not once per pod, and the full nodes of a
 * list are skipped in one step: when the ranges run out, a pod must not try every node in turn.
 */
function nodePlacement(nodes: readonly SimNode[]): NodePlacement {
  const full = new Set<string>();
  const fittingBySpec = new Map<PodSpec | undefined, RoomyNodes>();
  // The first node of a name, as a search in order finds it.
  const byName = new Map<string, SimNode>();
  for (const node of nodes) if (!byName.has(node.name)) byName.set(node.name, node);
  const none = new RoomyNodes([], full);
  // A workload's pods share one reference: its hash is worked out once.
  const workloadHashes = new Map<WorkloadRef, number>();
  return {
    markFull: (node) => full.add(node.name),
    candidates(plan, notes) {
      const nodeName = plan.pinnedNode ?? plan.spec?.nodeName?.value;
      if (nodeName !== undefined) {
        const named = byName.get(nodeName);
        if (!named) notes.push({ message: `Pod ${plan.namespace}/${plan.name} names node ${nodeName}, which the cluster does not have: it would not run.`, source: plan.source });
        return (named ? new RoomyNodes([named], full) : none).from(0);
      }
      const key = schedulingKey(plan.spec);
      let eligible = fittingBySpec.get(key);
      if (!eligible) {
        eligible = new RoomyNodes(nodesFor(key, nodes), full);
        fittingBySpec.set(key, eligible);
      }
      if (eligible.nodes.length === 0) {
        if (nodes.length > 0) notes.push({ message: `No node fits pod ${plan.namespace}/${plan.name} (nodeSelector, node affinity, taints): it would stay Pending.`, source: plan.source });
        return none.from(0);
      }
      let hash = workloadHashes.get(plan.workload);
      if (hash === undefined) {
        hash = fnv1a(`${plan.workload.namespace}/${plan.workload.kind}/${plan.workload.name}`);
        workloadHashes.set(plan.workload, hash);
      }
      return eligible.from((hash + plan.replica) % eligible.nodes.length);
    },
  };
}

/**
 * A list of nodes taken round from any position, skipping those known to be full: each position points at
 * the next one that may have room (a disjoint-set forest with path compression, so that skipping is cheap).
 */
class RoomyNodes {
  private readonly next: Int32Array;
  private fullCount = 0;

  constructor(
    readonly nodes: readonly SimNode[],
    private readonly full: ReadonlySet<string>,
  ) {
    this.next = Int32Array.from(nodes, (_, position) => position);
  }

  from(start: number): Candidates {
    return { first: () => this.nodes[start], withRoom: () => this.withRoomFrom(start) };
  }

  private withRoomFrom(start: number): SimNode | undefined {
    const path: number[] = [];
    let position = start;
    for (;;) {
      if (this.fullCount === this.nodes.length) return undefined;
      const onward = this.next[position]!;
      if (onward !== position) {
        path.push(position);
        position = onward;
      } else if (this.full.has(this.nodes[position]!.name)) {
        this.next[position] = (position + 1) % this.nodes.length;
        this.fullCount++;
      } else {
        break;
      }
    }
    for (const visited of path) this.next[visited] = position;
    return this.nodes[position];
  }
}

/**
 * The nodes a pod may run on. When nobody described the nodes (the default profile) and none fits, every node
 * is taken: the cluster's real nodes are unknown, and KT113 says which field the default nodes do not meet.
 */
function nodesFor(spec: PodSpec | undefined, nodes: readonly SimNode[], extraTolerations: readonly SimToleration[] = []): readonly SimNode[] {
  const fitting = nodes.filter((node) => fitsNode(spec, node, extraTolerations));
  return fitting.length === 0 && nodes.every((node) => node.assumed) ? nodes : fitting;
}

/** The pods one object stands for. */
function planPods(object: KubeObject, nodes: readonly SimNode[]): PodPlan[] {
  const planned = plannedPods(object, nodes);
  return planned ? Array.from({ length: planned.count }, (_, index) => planned.plan(index)) : [];
}

/**
 * The pods one object stands for, alike but for their names, hostnames and a StatefulSet's per-pod labels: a count
 * and the plan of each, so that counting them, selecting them or reading their containers makes none of them.
 * The pods of a template share its spec, containers, labels and source.
 */
export interface PodGroup {
  readonly namespace: string;
  readonly workload: WorkloadRef;
  readonly count: number;
  readonly spec: PodSpec | undefined;
  readonly statusIPs: readonly string[];
  readonly source: SourceRef | undefined;
  /** The label keys whose values differ from pod to pod (a StatefulSet's pod name and index); the others are the first pod's. */
  readonly ordinalLabelKeys: readonly string[];
  plan(index: number): PodPlan;
}

/** A pod made on its own (an operator's, a stand-in's) as a group of one. */
function groupOfOne(plan: PodPlan): PodGroup {
  return { namespace: plan.namespace, workload: plan.workload, count: 1, spec: plan.spec, statusIPs: plan.statusIPs, source: plan.source, ordinalLabelKeys: [], plan: () => plan };
}

/** The containers of a group's pods (a template's pods share one list). */
export function groupContainers(group: PodGroup): readonly SimContainer[] {
  return containersOf(group.plan(0));
}

function plannedPods(object: KubeObject, nodes: readonly SimNode[]): PodGroup | undefined {
  const namespace = object.id.namespace ?? 'default';
  const workload: WorkloadRef = { namespace, kind: object.id.kind, name: object.id.name };
  const fromTemplate = (template: PodTemplate | undefined, count: number, each: (index: number) => Pick<PodPlan, 'name'> & Partial<Pick<PodPlan, 'labels' | 'hostname' | 'subdomain' | 'pinnedNode'>>, ordinalLabelKeys: readonly string[] = []): PodGroup => {
    const source = refTo(object, template?.span, 'spec.template');
    const spec = template?.spec;
    const labels = template?.metadata?.labels?.value ?? {};
    const statusIPs: readonly string[] = [];
    let containers: readonly SimContainer[] | undefined;
    const plan = (index: number): PodPlan => {
      containers ??= containersOf({ spec, source });
      // One literal, not spreads: this runs for every replica.
      const own = each(index);
      return { namespace, name: own.name, labels: own.labels ?? labels, workload, spec, simulated: true, hostname: own.hostname, subdomain: own.subdomain, replica: index, pinnedNode: own.pinnedNode, containers, statusIPs, ready: true, source };
    };
    // The checks ask for the first pod's labels, containers and name again and again: it is made once.
    let first: PodPlan | undefined;
    return { namespace, workload, count, spec, statusIPs, source, ordinalLabelKeys, plan: (index) => (index === 0 ? (first ??= plan(0)) : plan(index)) };
  };
  const replicas = (count: number | undefined) => Math.max(0, Math.min(count ?? 1, 1000));
  const templateLabels = (template: PodTemplate | undefined): Labels => template?.metadata?.labels?.value ?? {};
  const workloadKey = `${namespace}/${object.id.kind}/${object.id.name}`;
  switch (object.type) {
    case 'Pod': {
      return groupOfOne(podFromManifest(object, workload));
    }
    case 'Deployment': {
      const templateHash = nameSuffix(`${namespace}/${object.id.name}/template`, 10);
      const replicaSet = `${object.id.name}-${templateHash}`;
      const labels = withControllerLabels(templateLabels(object.spec?.template), { kind: 'Deployment', templateHash });
      return fromTemplate(object.spec?.template, replicas(object.spec?.replicas?.value), (index) => ({ name: `${replicaSet}-${nameSuffix(`${replicaSet}/${index}`, 5)}`, labels }));
    }
    case 'ReplicaSet':
    case 'ReplicationController':
      return fromTemplate(object.spec?.template, replicas(object.spec?.replicas?.value), (index) => ({ name: `${object.id.name}-${nameSuffix(`${namespace}/${object.id.name}/${index}`, 5)}` }));
    case 'Job': {
      const labels = withControllerLabels(templateLabels(object.spec?.template), { kind: 'Job', jobName: object.id.name, workloadKey });
      return fromTemplate(object.spec?.template, 1, () => ({ name: `${object.id.name}-${nameSuffix(`${namespace}/${object.id.name}/0`, 5)}`, labels }));
    }
    case 'StatefulSet': {
      const serviceName = object.spec?.serviceName?.value;
      return fromTemplate(object.spec?.template, replicas(object.spec?.replicas?.value), (index) => ({
        name: `${object.id.name}-${index}`,
        labels: withControllerLabels(templateLabels(object.spec?.template), { kind: 'StatefulSet', setName: object.id.name, podName: `${object.id.name}-${index}`, index }),
        hostname: `${object.id.name}-${index}`,
        ...(serviceName !== undefined && { subdomain: serviceName }),
      }), ORDINAL_LABEL_KEYS);
    }
    case 'DaemonSet': {
      const labels = withControllerLabels(templateLabels(object.spec?.template), { kind: 'DaemonSet', workloadKey });
      const eligible = nodesFor(object.spec?.template?.spec, nodes, DAEMON_SET_TOLERATIONS);
      return fromTemplate(object.spec?.template, eligible.length, (index) => ({
        name: `${object.id.name}-${nameSuffix(`${namespace}/${object.id.name}/${eligible[index]!.name}`, 5)}`,
        pinnedNode: eligible[index]!.name,
        labels,
      }));
    }
    case 'CronJob': {
      // A CronJob's Job is named after its scheduled time in minutes; the simulation shows one run.
      const job = `${object.id.name}-${29_000_000 + (fnv1a(`${namespace}/${object.id.name}`) % 1_000_000)}`;
      const template = object.spec?.jobTemplate?.spec?.template;
      const labels = withControllerLabels(templateLabels(template), { kind: 'Job', jobName: job, workloadKey: `${namespace}/Job/${job}` });
      return fromTemplate(template, 1, () => ({ name: `${job}-${nameSuffix(job, 5)}`, labels }));
    }
    default:
      return undefined;
  }
}

function podFromManifest(pod: Pod, fallback: WorkloadRef): PodPlan {
  const owner = pod.metadata.ownerReferences?.value.find((reference) => reference.controller?.value === true) ?? pod.metadata.ownerReferences?.value[0];
  const workload: WorkloadRef =
    owner?.kind && owner.name ? { namespace: fallback.namespace, kind: owner.kind.value, name: owner.name.value } : fallback;
  const statusIPs = [
    ...(pod.status?.podIPs?.value.map((entry) => entry.ip?.value) ?? []),
    pod.status?.podIP?.value,
  ]
    .map((ip) => (ip === undefined ? undefined : parseAddress(ip)?.address))
    .filter((ip): ip is string => ip !== undefined);
  const readyCondition = pod.status?.conditions?.value.find((condition) => condition.type?.value === 'Ready');
  const phase = pod.status?.phase?.value;
  const ready = readyCondition ? readyCondition.status?.value === 'True' : phase === undefined || phase === 'Running';
  return {
    namespace: fallback.namespace,
    name: pod.id.name,
    labels: pod.metadata.labels?.value ?? {},
    workload,
    spec: pod.spec,
    simulated: false,
    replica: 0,
    statusIPs: [...new Set(statusIPs)],
    ready,
    source: refTo(pod),
  };
}
