/**
 * The matrix judges connections by address; a request by name first asks kube-dns. This finds the sources
 * whose DNS query a policy drops, so the matrix can say where a trace by name fails.
 */
import { type ClusterSnapshot, evaluateConnection, type MatrixParty } from '../../../server/src/engine';

/** Workloads (by matrix name) whose DNS query to kube-dns is denied, with why; the others are absent. */
export function dnsDeniedSources(snapshot: ClusterSnapshot, parties: readonly MatrixParty[]): Map<string, string> {
  const denied = new Map<string, string>();
  const endpoint = snapshot.endpoints.get('kube-system/kube-dns')?.endpoints.find((candidate) => candidate.ready && candidate.ports['dns'] !== undefined);
  const coreDns = endpoint && snapshot.pods.find((pod) => !pod.hostNetwork && pod.ips.includes(endpoint.ip));
  if (!endpoint || !coreDns) return denied;
  for (const party of parties) {
    if (party.kind !== 'workload') continue;
    const pod = snapshot.pods.find((candidate) => candidate.ips.length > 0 && `${candidate.workload.namespace}/${candidate.workload.name}` === party.name);
    if (!pod || pod.hostNetwork) continue;
    const verdict = evaluateConnection({ from: { kind: 'pod', pod, ip: pod.ips[0]! }, to: { kind: 'pod', pod: coreDns, ip: endpoint.ip }, protocol: 'UDP', port: endpoint.ports['dns']! }, snapshot);
    if (!verdict.allowed && verdict.enforced) denied.set(party.name, verdict.explanation);
  }
  return denied;
}
