import { addressAt, parseCidr } from '../cidr';
import type { ClusterSnapshot, Protocol, SimPod } from '../snapshot/types';
import { cniEnforcesPolicy, evaluateConnection, seenAsNode } from '../policy/evaluate';
import { policyPeers, selectingPolicies } from '../policy/networkPolicy';
import { egressUnrestricted, sourcesSetApart } from '../policy/sourcesSetApart';
import type { PolicyPeer } from '../policy/types';
import { groupBy } from '../groupBy';
import { isIstioProxy } from '../mesh/identity';
import { podAnnotations, podMesh } from '../mesh/injection';
import { serviceAccountOf } from '../snapshot/podOwner';
import { objectsOfType } from '../snapshot/indexes';
import { perPod } from '../snapshot/perSnapshot';
import { activeCniPolicies, cniEgressPorts, cniIngressPorts, cniPoliciesMatchPodAddresses, cniPolicyCidrs, cniPolicyNames } from '../policy/cniPolicies';
import { meshOutcome } from './meshConnection';

export interface MatrixParty {
  /** `namespace/workload`, or an external class such as `external 0.0.0.0/0`. */
  readonly name: string;
  readonly namespace?: string;
  readonly kind: 'workload' | 'external';
  /** The address that stands for an external class. */
  readonly ip?: string;
  /** The DNS name a client dials to reach it, for the classes that Cilium's toFQDNs rules name. */
  readonly host?: string;
}

export interface MatrixPort {
  readonly protocol: Protocol;
  readonly port: number;
}

export type CellVerdict = 'allowed' | 'denied' | 'depends';

export interface MatrixCell {
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly port: number;
  readonly verdict: CellVerdict;
  readonly reason: string;
  /** `name.namespace:port`: the Service a meshed client's proxy was taken to connect through, which a trace of the cell should ask for. */
  readonly through?: string;
}

export interface ConnectivityMatrix {
  readonly parties: readonly MatrixParty[];
  readonly cells: readonly MatrixCell[];
  /** How many distinct policy classes were evaluated (pods alike to every policy share one). */
  readonly classes: number;
  readonly enforced: boolean;
}

/**
 * Pods that every policy sees alike: same namespace, labels, declared ports and network mode. Where policies
 * see a pod by its address (a host-network pod taken as its node, or address blocks that match pods), the
 * address and node are part of it too; in a mesh, its identity (service account) and its proxy's settings.
 */
const classKey = perPod((pod, snapshot): string => {
  const labels = Object.entries(pod.labels).sort(([a], [b]) => a.localeCompare(b));
  const ports = pod.containers.flatMap((container) => container.ports.map((port) => `${port.name ?? ''}/${port.protocol}/${port.port}`)).sort();
  const seenByAddress = snapshot.profile.policy.ipBlockMatchesPods || seenAsNode(pod, snapshot) || cniPoliciesMatchPodAddresses(snapshot);
  const mesh = podMesh(snapshot, pod);
  // Cilium's and Calico's own policies may select by service account.
  const account = mesh || activeCniPolicies(snapshot) ? [serviceAccountOf(snapshot, pod) ?? ''] : [];
  const meshed = mesh ? [mesh, Object.entries(podAnnotations(snapshot, pod)).sort(([a], [b]) => a.localeCompare(b))] : [];
  return JSON.stringify([pod.namespace, labels, ports, pod.hostNetwork, ...(seenByAddress ? [pod.ips[0], pod.node] : []), ...account, ...meshed]);
});

/** The ports that matter for a destination: its declared container ports and the numbers its policies name (TCP 80 when there are none). */
function portsFor(pod: SimPod, policyPorts: readonly MatrixPort[]): MatrixPort[] {
  const declared = pod.containers.flatMap((container) => container.ports.map((port) => ({ protocol: port.protocol as MatrixPort['protocol'], port: port.port })));
  const all = [...declared, ...policyPorts];
  // A pod that declares no port and that no policy names a port for is probed on TCP 80: every port is alike for it.
  if (all.length === 0) return [{ protocol: 'TCP', port: 80 }];
  const seen = new Set<string>();
  return all.filter((entry) => {
    const key = `${entry.protocol}/${entry.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Numbered ports of the ingress rules of the policies that select a pod: the ports its policies care about. */
function policyPortsOf(pod: SimPod, snapshot: ClusterSnapshot): MatrixPort[] {
  const ports: MatrixPort[] = cniIngressPorts(pod, snapshot);
  for (const policy of selectingPolicies(pod, 'Ingress', snapshot)) {
    for (const rule of policy.spec?.ingress?.value ?? []) {
      for (const entry of rule.ports?.value ?? []) {
        if (typeof entry.port?.value === 'number') ports.push({ protocol: (entry.protocol?.value ?? 'TCP') as MatrixPort['protocol'], port: entry.port.value });
      }
    }
  }
  return ports;
}

/** External classes: the internet at large, and one representative address per ipBlock CIDR the policies name. */
function externalParties(snapshot: ClusterSnapshot): MatrixParty[] {
  const cidrs = new Set<string>();
  for (const policy of objectsOfType(snapshot, 'NetworkPolicy')) {
    for (const peer of policyPeers(policy)) if (peer.ipBlock?.cidr) cidrs.add(peer.ipBlock.cidr.value);
  }
  for (const cidr of cniPolicyCidrs(snapshot)) cidrs.add(cidr);
  const parties: MatrixParty[] = [{ name: 'external 198.51.100.7 (the internet)', kind: 'external', ip: '198.51.100.7' }];
  // A name Cilium's toFQDNs rules list, at the address the profile's upstream DNS gives it (else the internet's).
  for (const host of cniPolicyNames(snapshot)) {
    parties.push({ name: `external ${host}`, kind: 'external', ip: snapshot.profile.upstreamDNS[host]?.A?.[0] ?? '198.51.100.7', host });
  }
  for (const text of [...cidrs].sort()) {
    const cidr = parseCidr(text);
    if (!cidr || cidr.family !== 'IPv4' || cidr.prefix === 0) continue;
    parties.push({ name: `external ${cidr.text}`, kind: 'external', ip: addressAt(cidr, cidr.prefix >= 31 ? 0 : 1) });
  }
  return parties;
}

/** The peer an external class stands for: its address, and the name dialled for it. */
export function externalPeer(party: MatrixParty): PolicyPeer {
  return { kind: 'external', ip: party.ip!, ...(party.host !== undefined && { host: party.host }) };
}

/** Ports with more added, each once. */
function withPorts(own: readonly MatrixPort[], more: readonly MatrixPort[]): MatrixPort[] {
  const seen = new Map<string, MatrixPort>();
  for (const port of [...own, ...more]) if (!seen.has(`${port.protocol}/${port.port}`)) seen.set(`${port.protocol}/${port.port}`, port);
  return [...seen.values()];
}

/** Ports probed toward external classes: the numbered ports of egress rules that name an ipBlock, else TCP 443. */
function externalEgressPorts(snapshot: ClusterSnapshot): MatrixPort[] {
  const ports = new Map<string, MatrixPort>();
  for (const object of snapshot.objects) {
    if (object.type !== 'NetworkPolicy') continue;
    for (const rule of object.spec?.egress?.value ?? []) {
      if (!(rule.to?.value ?? []).some((peer) => peer.ipBlock)) continue;
      for (const entry of rule.ports?.value ?? []) {
        if (typeof entry.port?.value !== 'number') continue;
        const protocol = (entry.protocol?.value ?? 'TCP') as MatrixPort['protocol'];
        ports.set(`${protocol}/${entry.port.value}`, { protocol, port: entry.port.value });
      }
    }
  }
  for (const entry of cniEgressPorts(snapshot)) ports.set(`${entry.protocol}/${entry.port}`, entry);
  return ports.size > 0 ? [...ports.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol)) : [{ protocol: 'TCP', port: 443 }];
}


/** One destination and port: the verdict shared by the sources its policies treat alike, and the sources that differ. */
export interface MatrixRow {
  readonly to: string;
  readonly protocol: MatrixPort['protocol'];
  readonly port: number;
  /**
   * The verdict of every workload not named in `cells` (itself excepted): its pods match no peer of the
   * destination's policies and nothing restricts their egress. Absent when every source has its own cell.
   */
  readonly others?: { readonly verdict: CellVerdict; readonly reason: string };
  readonly cells: readonly MatrixCell[];
}

/** The whole matrix without a cell per pair: its size grows with the rows and the sources policies set apart. */
export interface FoldedMatrix {
  readonly parties: readonly MatrixParty[];
  readonly rows: readonly MatrixRow[];
  /** How many distinct policy classes of destination pods were evaluated (pods alike to every policy share one). */
  readonly classes: number;
  readonly enforced: boolean;
}

interface Outcome {
  readonly verdict: CellVerdict;
  readonly reason: string;
  readonly through?: string;
}

/** All pods alike (allowed, denied, or each depending on the request), or some allowed and some not: "depends", with how many. */
function aggregate(results: readonly Outcome[], what: string): Outcome {
  const first = results[0]!;
  if (results.every((result) => result.verdict === first.verdict)) return first;
  const allowed = results.filter((result) => result.verdict === 'allowed').length;
  return { verdict: 'depends', reason: `${allowed} of ${results.length} ${what} are allowed (their pods differ)`, ...(first.through !== undefined && { through: first.through }) };
}

/** A pair's verdict: the policies' (NetworkPolicy and the admin tiers), then, for what they let through, the meshes'. */
export function pairOutcome(from: PolicyPeer, to: PolicyPeer, port: MatrixPort, snapshot: ClusterSnapshot): Outcome {
  const verdict = evaluateConnection({ from, to, protocol: port.protocol, port: port.port }, snapshot);
  if (!verdict.allowed) return { verdict: 'denied', reason: verdict.explanation };
  const mesh = meshOutcome(from, to, port.protocol, port.port, snapshot);
  if (!mesh) return { verdict: 'allowed', reason: verdict.explanation };
  return { verdict: mesh.verdict, reason: mesh.verdict === 'depends' ? mesh.reason : `${mesh.verdict}: ${mesh.reason}`, ...(mesh.through !== undefined && { through: mesh.through }) };
}

/** What a comparison asks of a matrix: more ports of a destination than its own, and only some destination rows. */
export interface MatrixQuestion {
  readonly morePorts?: (destination: string) => readonly MatrixPort[];
  /** The destinations (workloads, or external classes for egress) whose rows are wanted; every source stays. */
  readonly keepDestination?: (destination: string) => boolean;
  /**
   * The sources whose cells of their own are wanted (workloads, external classes); a row's shared verdict stays as it
   * is, for the sources it stands for.
   */
  readonly keepSource?: (source: string) => boolean;
  /** External classes besides the snapshot's own (another version's ipBlocks), as sources and egress destinations. */
  readonly moreExternals?: readonly MatrixParty[];
}

/**
 * Who may talk to whom, per destination port: workloads and external classes to workloads, and workloads to
 * external classes (egress). A destination's policies treat every source that matches none of their peers
 * alike, so such sources share one verdict (`others`) and only the rest are evaluated, pod class by pod class.
 * `keepWorkload` limits it to some workloads (a view's filter); `asked` narrows or widens the question a comparison
 * asks (see MatrixQuestion).
 */
export function foldedMatrix(snapshot: ClusterSnapshot, only?: MatrixPort, keepWorkload: (name: string) => boolean = () => true, asked: MatrixQuestion = {}): FoldedMatrix {
  const morePorts = asked.morePorts ?? (() => []);
  const keepDestination = asked.keepDestination ?? (() => true);
  const keepSource = asked.keepSource ?? (() => true);
  const workloadOf = (pod: SimPod) => `${pod.workload.namespace}/${pod.workload.name}`;
  const workloads = groupBy(
    snapshot.pods.filter((pod) => pod.ips.length > 0),
    (pod) => [workloadOf(pod)].filter(keepWorkload),
  );
  const names = [...workloads.keys()].sort();
  const externalClasses = externalParties(snapshot);
  for (const party of asked.moreExternals ?? []) if (!externalClasses.some((known) => known.name === party.name)) externalClasses.push(party);
  const parties: MatrixParty[] = [...names.map((name) => ({ name, namespace: name.split('/')[0]!, kind: 'workload' as const })), ...externalClasses];
  const externals = parties.filter((party) => party.kind === 'external');
  // A pod with an Istio proxy is never unrestricted: its Sidecar and DestinationRules may refuse what policies allow.
  const unrestrictedPods = snapshot.pods.filter((pod) => pod.ips.length > 0 && egressUnrestricted(pod, snapshot) && !isIstioProxy(snapshot, pod));
  const unrestricted = new Set(unrestrictedPods);
  const restricted = names.filter((name) => !workloads.get(name)!.every((pod) => unrestricted.has(pod)));
  const memo = new Map<string, Outcome>();
  const classes = new Set<string>();
  const evaluate = (from: PolicyPeer, fromKey: string, to: PolicyPeer, toKey: string, port: MatrixPort): Outcome => {
    // Traffic from a node to its own pods is always allowed, so a source seen by its address also depends on where the destination runs.
    const byAddress = from.kind === 'external' || seenAsNode(from.pod, snapshot);
    const key = `${fromKey}|${toKey}${byAddress && to.kind === 'pod' ? `@${to.pod.node}` : ''}|${port.protocol}/${port.port}`;
    let result = memo.get(key);
    if (!result) {
      result = pairOutcome(from, to, port, snapshot);
      memo.set(key, result);
    }
    return result;
  };
  const podPeer = (pod: SimPod): PolicyPeer => ({ kind: 'pod', pod, ip: pod.ips[0]! });
  // The shared verdict at a destination pod: that of any source it does not set apart, seen from its ingress side alone.
  const shared = new Map<string, Outcome | null>();
  const sharedVerdict = (destination: SimPod, apart: ReadonlySet<SimPod>, port: MatrixPort): Outcome | undefined => {
    const key = `${classKey(destination, snapshot)}|${port.protocol}/${port.port}`;
    if (!shared.has(key)) {
      const source = unrestrictedPods.find((pod) => pod !== destination && !apart.has(pod));
      const ingress = source && evaluateConnection({ from: podPeer(source), to: podPeer(destination), protocol: port.protocol, port: port.port }, snapshot).ingress;
      shared.set(key, ingress ? { verdict: ingress.allowed ? 'allowed' : 'denied', reason: `${ingress.allowed ? 'allowed' : 'denied'}: ${ingress.chain.at(-1)?.explanation}` } : null);
    }
    return shared.get(key) ?? undefined;
  };

  const rows: MatrixRow[] = [];
  for (const destination of names) {
    if (!keepDestination(destination)) continue;
    const destinationPods = workloads.get(destination)!;
    // A meshed destination's proxy tells clients apart by identity and address: every source is evaluated.
    const apartByPod = new Map(destinationPods.map((pod) => [pod, podMesh(snapshot, pod) && !pod.hostNetwork ? 'all' : sourcesSetApart(pod, snapshot)] as const));
    for (const pod of destinationPods) classes.add(classKey(pod, snapshot));
    // Sources with a cell of their own: a pod set apart by some destination pod, or egress that policies restrict.
    const separate = new Set<string>(restricted);
    for (const apart of apartByPod.values()) {
      if (apart === 'all') names.forEach((name) => separate.add(name));
      else for (const pod of apart) if (workloads.has(workloadOf(pod))) separate.add(workloadOf(pod));
    }
    separate.delete(destination);
    const ports = only ? [only] : portsFor(destinationPods[0]!, [...policyPortsOf(destinationPods[0]!, snapshot), ...morePorts(destination)]);
    for (const port of ports) {
      const cells: MatrixCell[] = [];
      const against = (peer: PolicyPeer, key: string) => destinationPods.map((target) => evaluate(peer, key, podPeer(target), classKey(target, snapshot), port));
      for (const source of [...separate].sort()) {
        if (!keepSource(source)) continue;
        const results = workloads.get(source)!.flatMap((pod) => against(podPeer(pod), classKey(pod, snapshot)));
        cells.push({ from: source, to: destination, protocol: port.protocol, port: port.port, ...aggregate(results, 'pod pairs') });
      }
      for (const external of externals) {
        if (!keepSource(external.name)) continue;
        const results = against(externalPeer(external), `ip:${external.ip}#${external.host ?? ''}`);
        cells.push({ from: external.name, to: destination, protocol: port.protocol, port: port.port, ...aggregate(results, 'destination pods') });
      }
      const sharedResults = separate.size + 1 < names.length ? destinationPods.map((pod) => (apartByPod.get(pod) === 'all' ? undefined : sharedVerdict(pod, apartByPod.get(pod) as ReadonlySet<SimPod>, port))) : [];
      const others = sharedResults.length > 0 && sharedResults.every((result) => result !== undefined) ? aggregate(sharedResults as Outcome[], 'destination pods') : undefined;
      rows.push({ to: destination, protocol: port.protocol, port: port.port, ...(others && { others }), cells });
    }
  }

  // Egress from workloads to each external class: only sources whose egress policies restrict need a verdict of their own.
  for (const external of externals.filter((party) => keepDestination(party.name))) {
    for (const port of only ? [only] : withPorts(externalEgressPorts(snapshot), morePorts(external.name))) {
      const cells = restricted.filter(keepSource).map((source): MatrixCell => {
        const results = workloads.get(source)!.map((pod) => evaluate(podPeer(pod), classKey(pod, snapshot), externalPeer(external), `ip:${external.ip}#${external.host ?? ''}`, port));
        return { from: source, to: external.name, protocol: port.protocol, port: port.port, ...aggregate(results, 'pods') };
      });
      const others = restricted.length < names.length ? { verdict: 'allowed' as const, reason: 'allowed: no policy restricts the egress of the source, and nothing outside the cluster enforces policy' } : undefined;
      rows.push({ to: external.name, protocol: port.protocol, port: port.port, ...(others && { others }), cells });
    }
  }
  return { parties, rows, classes: classes.size, enforced: cniEnforcesPolicy(snapshot) };
}

/** The matrix with one cell per source, destination and port: for a view or a report of a part of the workspace. */
export function connectivityMatrix(snapshot: ClusterSnapshot, only?: MatrixPort, keepWorkload: (name: string) => boolean = () => true): ConnectivityMatrix {
  return unfoldMatrix(foldedMatrix(snapshot, only, keepWorkload));
}

/** A folded matrix with its shared verdicts written out, one cell per pair. */
export function unfoldMatrix(folded: FoldedMatrix): ConnectivityMatrix {
  const workloadNames = new Set(folded.parties.filter((party) => party.kind === 'workload').map((party) => party.name));
  const byRow = folded.rows.map((row) => ({ row, cells: new Map(row.cells.map((cell) => [cell.from, cell])) }));
  const cells: MatrixCell[] = [];
  for (const source of folded.parties) {
    for (const { row, cells: listed } of byRow) {
      if (row.to === source.name || (source.kind === 'external' && !workloadNames.has(row.to))) continue;
      const cell = listed.get(source.name) ?? (row.others && { from: source.name, to: row.to, protocol: row.protocol, port: row.port, ...row.others });
      if (cell) cells.push(cell);
    }
  }
  return { parties: folded.parties, cells, classes: folded.classes, enforced: folded.enforced };
}
