import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { answerQuery } from './clusterDns';
import { ndotsOf, resolvConfOf, searchSequence } from './resolvConf';
import type { RecordType, Resolution } from './types';

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
  const tried: string[] = [];
  let last: Resolution | undefined;
  for (const candidate of sequence) {
    tried.push(candidate);
    const result = answerQuery(candidate, type, snapshot);
    last = { ...result, tried: [...tried], resolvedName: undefined };
    if (result.rcode === 'NOERROR' && result.answer.length > 0) return { ...result, tried, resolvedName: candidate, notes: [...(conf?.notes ?? []), ...result.notes] };
  }
  return { ...(last ?? { rcode: 'NXDOMAIN', answer: [], notes: [], tried, resolvedName: undefined }), notes: [...(conf?.notes ?? []), ...(last?.notes ?? [])] };
}
