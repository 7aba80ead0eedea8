import { addressAt, parseCidr } from '../cidr';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { cniEnforcesPolicy, evaluateConnection } from './evaluate';
import { selectingPolicies } from './networkPolicy';
import type { PolicyPeer } from './types';
import { groupBy } from '../groupBy';

export interface MatrixParty {
  /** `namespace/workload`, or an external class such as `external 0.0.0.0/0`. */
  readonly name: string;
  readonly namespace?: string;
  readonly kind: 'workload' | 'external';
  /** The address that stands for an external class. */
  readonly ip?: string;
}

export interface MatrixPort {
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
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
}

export interface ConnectivityMatrix {
  readonly parties: readonly MatrixParty[];
  readonly cells: readonly MatrixCell[];
  /** How many distinct policy classes were evaluated (pods alike to every policy share one). */
  readonly classes: number;
  readonly enforced: boolean;
}

/** Pods that every policy sees alike: same namespace, labels, declared ports and network mode. */
function classKey(pod: SimPod): string {
  const labels = Object.entries(pod.labels).sort(([a], [b]) => a.localeCompare(b));
  const ports = pod.containers.flatMap((container) => container.ports.map((port) => `${port.name ?? ''}/${port.protocol}/${port.port}`)).sort();
  return JSON.stringify([pod.namespace, labels, ports, pod.hostNetwork]);
}

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
  const ports: MatrixPort[] = [];
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
  for (const object of snapshot.objects) {
    if (object.type !== 'NetworkPolicy') continue;
    for (const rule of [...(object.spec?.ingress?.value.map((item) => item.from?.value) ?? []), ...(object.spec?.egress?.value.map((item) => item.to?.value) ?? [])]) {
      for (const peer of rule ?? []) if (peer.ipBlock?.cidr) cidrs.add(peer.ipBlock.cidr.value);
    }
  }
  const parties: MatrixParty[] = [{ name: 'external 198.51.100.7 (the internet)', kind: 'external', ip: '198.51.100.7' }];
  for (const text of [...cidrs].sort()) {
    const cidr = parseCidr(text);
    if (!cidr || cidr.family !== 'IPv4' || cidr.prefix === 0) continue;
    parties.push({ name: `external ${cidr.text}`, kind: 'external', ip: addressAt(cidr, cidr.prefix >= 31 ? 0 : 1) });
  }
  return parties;
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
  return ports.size > 0 ? [...ports.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol)) : [{ protocol: 'TCP', port: 443 }];
}

/**
 * Who may talk to whom, per destination port: workloads and external classes to workloads, and workloads to
 * external classes (egress). Pods that every policy sees alike are one class and are evaluated once, so the
 * cost grows with the number of classes, not pods. `keepWorkload` limits it to some workloads (a view's filter):
 * the output has a cell per pair, so a workspace of thousands of workloads is best looked at a part at a time.
 */
export function connectivityMatrix(snapshot: ClusterSnapshot, only?: MatrixPort, keepWorkload: (name: string) => boolean = () => true): ConnectivityMatrix {
  const workloads = groupBy(
    snapshot.pods.filter((pod) => pod.ips.length > 0),
    (pod) => [`${pod.workload.namespace}/${pod.workload.name}`].filter(keepWorkload),
  );
  const names = [...workloads.keys()].sort();
  const parties: MatrixParty[] = [...names.map((name) => ({ name, namespace: name.split('/')[0]!, kind: 'workload' as const })), ...externalParties(snapshot)];
  const memo = new Map<string, { allowed: boolean; reason: string }>();
  const classes = new Set<string>();
  const evaluate = (from: PolicyPeer, fromKey: string, to: SimPod, port: MatrixPort) => {
    const key = `${fromKey}|${classKey(to)}|${port.protocol}/${port.port}`;
    classes.add(classKey(to));
    let result = memo.get(key);
    if (!result) {
      const verdict = evaluateConnection({ from, to: { kind: 'pod', pod: to, ip: to.ips[0]! }, protocol: port.protocol, port: port.port }, snapshot);
      result = { allowed: verdict.allowed, reason: verdict.explanation };
      memo.set(key, result);
    }
    return result;
  };
  const cells: MatrixCell[] = [];
  const externals = parties.filter((party) => party.kind === 'external');
  const egressPorts = externalEgressPorts(snapshot);
  for (const source of parties) {
    const sourcePods = source.kind === 'workload' ? workloads.get(source.name)! : [];
    for (const destination of names) {
      if (destination === source.name) continue;
      const destinationPods = workloads.get(destination)!;
      const ports = only ? [only] : portsFor(destinationPods[0]!, policyPortsOf(destinationPods[0]!, snapshot));
      for (const port of ports) {
        const results = (source.kind === 'external' ? [undefined] : sourcePods).flatMap((pod) =>
          destinationPods.map((target) =>
            pod ? evaluate({ kind: 'pod', pod, ip: pod.ips[0]! }, classKey(pod), target, port) : evaluate({ kind: 'external', ip: source.ip! }, `ip:${source.ip}`, target, port),
          ),
        );
        const allowed = results.filter((result) => result.allowed).length;
        const verdict: CellVerdict = allowed === results.length ? 'allowed' : allowed === 0 ? 'denied' : 'depends';
        const reason = verdict === 'depends' ? `${allowed} of ${results.length} pod pairs are allowed (their pods differ)` : results[0]!.reason;
        cells.push({ from: source.name, to: destination, protocol: port.protocol, port: port.port, verdict, reason });
      }
    }
    // Egress from a workload to each external class: the destination is an address, so no class sharing is needed.
    if (source.kind !== 'workload') continue;
    for (const external of externals) {
      for (const port of only ? [only] : egressPorts) {
        const results = sourcePods.map((pod) => {
          const key = `${classKey(pod)}|ip:${external.ip}|${port.protocol}/${port.port}`;
          let result = memo.get(key);
          if (!result) {
            const verdict = evaluateConnection({ from: { kind: 'pod', pod, ip: pod.ips[0]! }, to: { kind: 'external', ip: external.ip! }, protocol: port.protocol, port: port.port }, snapshot);
            result = { allowed: verdict.allowed, reason: verdict.explanation };
            memo.set(key, result);
          }
          return result;
        });
        const allowed = results.filter((result) => result.allowed).length;
        const verdict: CellVerdict = allowed === results.length ? 'allowed' : allowed === 0 ? 'denied' : 'depends';
        const reason = verdict === 'depends' ? `${allowed} of ${results.length} pods are allowed (their pods differ)` : results[0]!.reason;
        cells.push({ from: source.name, to: external.name, protocol: port.protocol, port: port.port, verdict, reason });
      }
    }
  }
  return { parties, cells, classes: classes.size, enforced: cniEnforcesPolicy(snapshot) };
}
