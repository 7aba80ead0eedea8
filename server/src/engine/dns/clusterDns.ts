import { addressFromReverseName, compareAddresses, parseAddress } from '../cidr';
import { absoluteName } from '../profile';
import type { ClusterSnapshot, SimEndpoint, SimService } from '../snapshot/types';
import { serviceNamed } from '../snapshot/indexes';
import type { DnsAnswer, RecordType, ResourceRecord } from './types';

/** The schema version CoreDNS answers at dns-version.<zone> (Kubernetes DNS specification 1.1.0). */
const DNS_SCHEMA_VERSION = '1.1.0';

const answer = (rcode: DnsAnswer['rcode'], records: ResourceRecord[], ...notes: string[]): DnsAnswer => ({ rcode, answer: records, notes });

/**
 * What the cluster DNS server (CoreDNS with the kubernetes plugin, as kubeadm configures it: `pods insecure`,
 * reverse zones with fallthrough, `forward . /etc/resolv.conf`) answers for one absolute name.
 */
export function answerQuery(name: string, type: RecordType, snapshot: ClusterSnapshot, chased = 0): DnsAnswer {
  const query = absoluteName(name);
  const zone = `${snapshot.profile.clusterDomain}.`;
  if (query === `dns-version.${zone}`) {
    return type === 'TXT' ? answer('NOERROR', [{ name: query, type: 'TXT', data: DNS_SCHEMA_VERSION }]) : answer('NOERROR', [], 'NODATA: dns-version has only a TXT record');
  }
  const reversed = addressFromReverseName(query);
  if (reversed !== undefined) return answerReverse(query, reversed, type, snapshot, zone);
  if (query === zone || query.endsWith(`.${zone}`)) {
    const labels = query === zone ? [] : query.slice(0, -(zone.length + 1)).split('.');
    return answerInZone(query, labels, type, snapshot, zone, chased);
  }
  return answerUpstream(query, type, snapshot);
}

/** How many ExternalName CNAMEs CoreDNS follows for one query before it gives up (a loop of them). */
const MAX_CNAME_CHAIN = 8;

function answerInZone(query: string, labels: string[], type: RecordType, snapshot: ClusterSnapshot, zone: string, chased: number): DnsAnswer {
  const last = labels[labels.length - 1];
  if (last === 'svc') {
    const rest = labels.slice(0, -1);
    if (rest.length <= 1) return namespaceOnly(rest[0], snapshot, 'svc');
    if (rest.length === 2) return answerService(query, rest[0]!, rest[1]!, type, snapshot, chased);
    if (rest.length === 3) return answerEndpoint(query, rest[0]!, rest[1]!, rest[2]!, type, snapshot);
    if (rest.length === 4 && rest[0]!.startsWith('_') && rest[1]!.startsWith('_')) {
      return answerSrv(query, rest[0]!.slice(1), rest[1]!.slice(1), rest[2]!, rest[3]!, type, snapshot, zone);
    }
    return answer('NXDOMAIN', [], `no record has ${rest.length + 1} labels under svc.${zone}`);
  }
  if (last === 'pod') {
    const rest = labels.slice(0, -1);
    if (rest.length <= 1) return namespaceOnly(rest[0], snapshot, 'pod');
    if (rest.length === 2) return answerPod(query, rest[0]!, rest[1]!, type, snapshot);
  }
  if (labels.length === 0) return answer('NOERROR', [], `NODATA: ${zone} is the cluster zone itself`);
  return answer('NXDOMAIN', [], `nothing in the cluster zone is named ${query}`);
}

function namespaceOnly(namespace: string | undefined, snapshot: ClusterSnapshot, kind: string): DnsAnswer {
  if (namespace === undefined || snapshot.namespaces.has(namespace)) return answer('NOERROR', [], `NODATA: ${kind} and namespace names have no records of their own (CoreDNS)`);
  return answer('NXDOMAIN', [], `there is no namespace ${namespace}`);
}

function findService(snapshot: ClusterSnapshot, namespace: string, name: string): SimService | undefined {
  return serviceNamed(snapshot, namespace, name);
}

function familyOf(type: RecordType): 'IPv4' | 'IPv6' | undefined {
  return type === 'A' ? 'IPv4' : type === 'AAAA' ? 'IPv6' : undefined;
}

function addressRecords(name: string, addresses: readonly string[], type: RecordType): ResourceRecord[] {
  const family = familyOf(type);
  return [...addresses]
    .filter((address) => parseAddress(address)?.family === family)
    .sort(compareAddresses)
    .map((address) => ({ name, type, data: address }));
}

/** Endpoints DNS publishes: ready ones (a Service with publishNotReadyAddresses counts all as ready). */
function publishedEndpoints(snapshot: ClusterSnapshot, service: SimService): SimEndpoint[] {
  return (snapshot.endpoints.get(`${service.namespace}/${service.name}`)?.endpoints ?? []).filter((endpoint) => endpoint.ready);
}

/** The name of an endpoint under its Service: its hostname, or (CoreDNS) its address with dashes. */
function endpointLabel(endpoint: SimEndpoint): string {
  return endpoint.hostname ?? endpoint.ip.replace(/[.:]/g, '-');
}

function answerService(query: string, name: string, namespace: string, type: RecordType, snapshot: ClusterSnapshot, chased: number): DnsAnswer {
  const service = findService(snapshot, namespace, name);
  if (!service) return answer('NXDOMAIN', [], `there is no Service ${namespace}/${name}`);
  const described = `Service ${namespace}/${name}`;
  if (service.type === 'ExternalName') {
    const target = absoluteName(service.externalName ?? '');
    const cname: ResourceRecord = { name: query, type: 'CNAME', data: target };
    if (type === 'CNAME' || type === 'ANY') return answer('NOERROR', [cname], `${described} is an ExternalName for ${target}`);
    if (chased >= MAX_CNAME_CHAIN) return answer('SERVFAIL', [cname], `${described} is an ExternalName for ${target}, but the chain of CNAMEs is too long: a loop of ExternalName Services?`);
    // A target in the cluster zone is answered by CoreDNS itself, with its rcode (NXDOMAIN when it does not exist, SERVFAIL
    // for a loop). One outside is forwarded: what upstream says is unknown unless the profile says it, and the CNAME stands.
    const followed = answerQuery(target, type, snapshot, chased + 1);
    const unknownUpstream = followed.rcode === 'SERVFAIL' && followed.answer.length === 0;
    return answer(unknownUpstream ? 'NOERROR' : followed.rcode, [cname, ...followed.answer], `${described} is an ExternalName for ${target}`, ...followed.notes);
  }
  if (type !== 'A' && type !== 'AAAA' && type !== 'ANY') return answer('NOERROR', [], `NODATA: ${described} has only A/AAAA (and SRV under _port._proto) records`);
  if (!service.headless) {
    const records = type === 'ANY' ? [...addressRecords(query, service.clusterIPs, 'A'), ...addressRecords(query, service.clusterIPs, 'AAAA')] : addressRecords(query, service.clusterIPs, type);
    return answer('NOERROR', records, records.length > 0 ? `${described} has clusterIP ${service.clusterIPs.join(', ')}` : `NODATA: ${described} has no ${familyOf(type)} clusterIP`);
  }
  const endpoints = publishedEndpoints(snapshot, service);
  if (endpoints.length === 0) return answer('NXDOMAIN', [], `${described} is headless and has no ready endpoints`);
  const addresses = [...new Set(endpoints.map((endpoint) => endpoint.ip))];
  const records = type === 'ANY' ? [...addressRecords(query, addresses, 'A'), ...addressRecords(query, addresses, 'AAAA')] : addressRecords(query, addresses, type);
  return answer('NOERROR', records, `${described} is headless: one record per ready endpoint`);
}

function answerEndpoint(query: string, label: string, name: string, namespace: string, type: RecordType, snapshot: ClusterSnapshot): DnsAnswer {
  const service = findService(snapshot, namespace, name);
  if (!service) return answer('NXDOMAIN', [], `there is no Service ${namespace}/${name}`);
  const matching = publishedEndpoints(snapshot, service).filter((endpoint) => endpointLabel(endpoint) === label);
  if (matching.length === 0) {
    return answer('NXDOMAIN', [], service.headless ? `no ready endpoint of Service ${namespace}/${name} is named ${label}` : `Service ${namespace}/${name} is not headless: its endpoints have no names`);
  }
  if (type !== 'A' && type !== 'AAAA') return answer('NOERROR', [], `NODATA: endpoint names have only A/AAAA records`);
  const records = addressRecords(query, matching.map((endpoint) => endpoint.ip), type);
  const pods = matching.map((endpoint) => endpoint.pod).filter((pod) => pod !== undefined);
  return answer('NOERROR', records, `endpoint ${label} of headless Service ${namespace}/${name}${pods.length > 0 ? ` (pod ${pods.join(', ')})` : ''}`);
}

function answerSrv(query: string, portName: string, protocol: string, name: string, namespace: string, type: RecordType, snapshot: ClusterSnapshot, zone: string): DnsAnswer {
  const service = findService(snapshot, namespace, name);
  if (!service) return answer('NXDOMAIN', [], `there is no Service ${namespace}/${name}`);
  const port = service.ports.find((candidate) => candidate.name.toLowerCase() === portName && candidate.protocol.toLowerCase() === protocol);
  if (!port) return answer('NXDOMAIN', [], `Service ${namespace}/${name} has no port named ${portName} over ${protocol.toUpperCase()}`);
  if (type !== 'SRV' && type !== 'ANY') return answer('NOERROR', [], 'NODATA: _port._proto names have only SRV records');
  const serviceName = `${name}.${namespace}.svc.${zone}`;
  if (!service.headless) {
    return answer('NOERROR', [{ name: query, type: 'SRV', data: { priority: 0, weight: 100, port: port.port, target: serviceName } }], `port ${port.name} of Service ${namespace}/${name}`);
  }
  const endpoints = publishedEndpoints(snapshot, service).filter((endpoint) => endpoint.ports[port.name] !== undefined);
  if (endpoints.length === 0) return answer('NXDOMAIN', [], `headless Service ${namespace}/${name} has no ready endpoint for port ${port.name}`);
  const weight = Math.floor(100 / endpoints.length);
  const records: ResourceRecord[] = endpoints
    .map((endpoint) => ({ name: query, type: 'SRV' as const, data: { priority: 0, weight, port: endpoint.ports[port.name]!, target: `${endpointLabel(endpoint)}.${serviceName}` } }))
    .sort((a, b) => (a.data.target < b.data.target ? -1 : 1));
  return answer('NOERROR', records, `headless Service ${namespace}/${name}: one SRV record per ready endpoint (CoreDNS weights)`);
}

function answerPod(query: string, dashed: string, namespace: string, type: RecordType, snapshot: ClusterSnapshot): DnsAnswer {
  const address = parseAddress(dashed.includes('.') ? '' : dashed.replace(/-/g, dashed.split('-').length === 4 ? '.' : ':'))?.address;
  if (!address) return answer('NXDOMAIN', [], `${dashed} is not an address written with dashes`);
  if (!snapshot.namespaces.has(namespace)) return answer('NXDOMAIN', [], `there is no namespace ${namespace}`);
  const note = '`pods insecure` (the kubeadm default): CoreDNS answers any address written with dashes, without checking that a pod has it';
  if (familyOf(type) !== parseAddress(address)!.family) return answer('NOERROR', [], `NODATA: ${address} is not an ${type} address`, note);
  return answer('NOERROR', [{ name: query, type, data: address }], note);
}

function answerReverse(query: string, address: string, type: RecordType, snapshot: ClusterSnapshot, zone: string): DnsAnswer {
  if (type !== 'PTR' && type !== 'ANY') return answer('NOERROR', [], 'NODATA: reverse names have only PTR records');
  const names: string[] = [];
  for (const service of snapshot.services) {
    if (service.clusterIPs.includes(address)) names.push(`${service.name}.${service.namespace}.svc.${zone}`);
    if (service.headless) {
      for (const endpoint of publishedEndpoints(snapshot, service)) {
        if (endpoint.ip === address) names.push(`${endpointLabel(endpoint)}.${service.name}.${service.namespace}.svc.${zone}`);
      }
    }
  }
  if (names.length > 0) return answer('NOERROR', [...new Set(names)].map((data) => ({ name: query, type: 'PTR' as const, data })), `${address} belongs to the cluster`);
  return answer('NXDOMAIN', [], `no Service address or headless endpoint is ${address}; CoreDNS falls through to the upstream servers, assumed to know nothing of it`);
}

/** Top-level domains are letters only, or punycode (`xn--`). */
const TOP_LEVEL_DOMAIN = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Names outside the cluster zone go to the upstream servers: answered from the profile's `upstreamDNS`, if it knows them. */
export function answerUpstream(query: string, type: RecordType, snapshot: ClusterSnapshot): DnsAnswer {
  const known = snapshot.profile.upstreamDNS[query];
  if (!known) {
    const labels = query.split('.').filter((label) => label !== '');
    if (labels.length === 1) {
      return answer('NXDOMAIN', [], `${query} is a single label outside the cluster zone: forwarded upstream, where no such host exists (assumed)`);
    }
    if (!TOP_LEVEL_DOMAIN.test(labels[labels.length - 1]!)) {
      return answer('NXDOMAIN', [], `${query} is forwarded upstream, but "${labels[labels.length - 1]}" cannot be a top-level domain: NXDOMAIN`);
    }
    return answer('SERVFAIL', [], `${query} is outside the cluster zone: CoreDNS forwards it upstream, and the profile's upstreamDNS does not say what upstream answers`);
  }
  if (known.CNAME) {
    const followed = type === 'CNAME' ? answer('NOERROR', []) : answerUpstream(known.CNAME, type, snapshot);
    return answer(followed.rcode, [{ name: query, type: 'CNAME', data: known.CNAME }, ...followed.answer], 'answered from the profile\'s upstreamDNS', ...followed.notes);
  }
  const addresses = type === 'A' ? known.A : type === 'AAAA' ? known.AAAA : undefined;
  return answer('NOERROR', (addresses ?? []).map((data) => ({ name: query, type, data })), 'answered from the profile\'s upstreamDNS');
}
