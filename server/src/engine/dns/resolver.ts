import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { answerQuery } from './clusterDns';
import { ndotsOf, resolvConfOf, searchSequence } from './resolvConf';
import type { DnsAnswer, RecordType, Resolution } from './types';

/** A client of the cluster DNS: a pod (its resolv.conf applies), or nobody (the query goes to the server as written). */
export type DnsClient = Pick<SimPod, 'namespace' | 'dnsPolicy' | 'dnsConfig' | 'hostNetwork'> | undefined;

/** An ordinary pod of `namespace` with the default dnsPolicy, ClusterFirst. */
export function defaultClient(namespace: string): DnsClient {
  return { namespace, dnsPolicy: 'ClusterFirst', hostNetwork: false };
}

/**
 * Resolves `name` the way a pod's stub resolver would: each name of the search sequence in turn until one
 * answers with records; the overall result is the last answer when none does.
 */
export function resolveName(name: string, type: RecordType, client: DnsClient, snapshot: ClusterSnapshot): Resolution {
  const conf = client ? resolvConfOf(client, snapshot) : undefined;
  const sequence = conf ? searchSequence(name, conf.search, ndotsOf(conf)) : [name.toLowerCase().endsWith('.') ? name.toLowerCase() : `${name.toLowerCase()}.`];
  const confNotes = conf?.notes ?? [];
  // One object per resolution, not a copy per name tried: a check resolves every connection string of the workspace.
  let last: DnsAnswer | undefined;
  for (let at = 0; at < sequence.length; at++) {
    const candidate = sequence[at]!;
    const result = answerQuery(candidate, type, snapshot);
    if (result.rcode === 'NOERROR' && result.answer.length > 0) return { rcode: result.rcode, answer: result.answer, notes: [...confNotes, ...result.notes], tried: sequence.slice(0, at + 1), resolvedName: candidate };
    last = result;
  }
  return { rcode: last?.rcode ?? 'NXDOMAIN', answer: last?.answer ?? [], notes: [...confNotes, ...(last?.notes ?? [])], tried: [...sequence], resolvedName: undefined };
}
