import { addressFromReverseName, compareAddresses, parseAddress } from '../cidr';
import { absoluteName } from '../profile';
import type { ClusterSnapshot, SimEndpoint, SimService } from '../snapshot/types';
import { serviceNamed } from '../snapshot/indexes';
import type { DnsAnswer, RecordType, ResourceRecord, ServedRecordType } from './types';

/** The schema version CoreDNS answers at dns-version.<zone> (Kubernetes DNS specification 1.1.0). */
const DNS_SCHEMA_VERSION = '1.1.0';

const answer = (rcode: DnsAnswer['rcode'], records: ResourceRecord[], ...notes: string[]): DnsAnswer => ({ rcode, answer: records, notes });

/** The types the kubernetes plugin answers with records of its own (MX too, but a Service never has one). */
const SERVED_TYPES: ReadonlySet<string> = new Set<ServedRecordType>(['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT', 'NS', 'SOA']);

/**
 * What the cluster DNS server (CoreDNS with the kubernetes plugin, as kubeadm configures it: reverse zones with
 * fallthrough, `forward . /etc/resolv.conf`; `pods` as the profile's `dns.pods` says) answers for one absolute name.
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
    if (!SERVED_TYPES.has(type)) return answerUnservedType(query, labels, type, snapshot, zone);
    return answerInZone(query, labels, type, snapshot, zone, chased);
  }
  return answerUpstream(query, type, snapshot);
}

/**
 * A type the plugin has no records of (HINFO, MX, ANY...): CoreDNS's handler looks the name up as A only to tell
 * NXDOMAIN (no such name) from NODATA (plugin/kubernetes handler.go, the default case).
 */
function answerUnservedType(query: string, labels: string[], type: RecordType, snapshot: ClusterSnapshot, zone: string): DnsAnswer {
  const asA = answerInZone(query, labels, 'A', snapshot, zone, 0);
  // A name that answers a CNAME (an ExternalName Service) exists, whatever its target says.
  if (asA.rcode === 'NXDOMAIN' && asA.answer.length === 0) return answer('NXDOMAIN', [], ...asA.notes);
  return answer('NOERROR', [], `NODATA: CoreDNS's kubernetes plugin serves no ${type} records; ${query} exists, so it answers NOERROR with no records`);
}

/** How many ExternalName CNAMEs CoreDNS follows for one query before it gives up (a loop of them). */
const MAX_CNAME_CHAIN = 8;

function answerInZone(query: string, labels: string[], type: RecordType, snapshot: ClusterSnapshot, zone: string, chased: number): DnsAnswer {
  const last = labels[labels.length - 1];
  if (last === 'svc') {
    const rest = labels.slice(0, -1);
    if (rest.length <= 1) return namespaceOnly(rest[0], snapshot, 'svc');
    if (rest.length === 2) return answerService(query, rest[0]!, rest[1]!, type, snapshot, zone, chased);
    if (rest.length === 3) return answerEndpoint(query, rest[0]!, rest[1]!, rest[2]!, type, snapshot);
    if (rest.length === 4 && rest[0]!.startsWith('_') && rest[1]!.startsWith('_')) {
      return answerSrv(query, rest[0]!.slice(1), rest[1]!.slice(1), rest[2]!, rest[3]!, type, snapshot, zone);
    }
    return answer('NXDOMAIN', [], `no record has ${rest.length + 1} labels under svc.${zone}`);
  }
  if (last === 'pod') {
    const rest = labels.slice(0, -1);
    // `pods disabled`: CoreDNS's findPods answers nothing under a namespace, not even NODATA.
    if (rest.length === 1 && snapshot.profile.dns.pods === 'disabled') return answer('NXDOMAIN', [], POD_MODE_NOTES.disabled);
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

const isAddressType = (type: RecordType): type is 'A' | 'AAAA' => type === 'A' || type === 'AAAA';

function familyOf(type: RecordType): 'IPv4' | 'IPv6' | undefined {
  return type === 'A' ? 'IPv4' : type === 'AAAA' ? 'IPv6' : undefined;
}

function addressRecords(name: string, addresses: readonly string[], type: 'A' | 'AAAA'): ResourceRecord[] {
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

function answerService(query: string, name: string, namespace: string, type: RecordType, snapshot: ClusterSnapshot, zone: string, chased: number): DnsAnswer {
  const service = findService(snapshot, namespace, name);
  if (!service) return answer('NXDOMAIN', [], `there is no Service ${namespace}/${name}`);
  const described = `Service ${namespace}/${name}`;
  if (service.type === 'ExternalName') {
    const target = absoluteName(service.externalName ?? '');
    const cname: ResourceRecord = { name: query, type: 'CNAME', data: target };
    if (type === 'CNAME') return answer('NOERROR', [cname], `${described} is an ExternalName for ${target}`);
    if (chased >= MAX_CNAME_CHAIN) return answer('SERVFAIL', [cname], `${described} is an ExternalName for ${target}, but the chain of CNAMEs is too long: a loop of ExternalName Services?`);
    // A target in the cluster zone is answered by CoreDNS itself, with its rcode (NXDOMAIN when it does not exist, SERVFAIL
    // for a loop). One outside is forwarded: what upstream says is unknown unless the profile says it, and the CNAME stands.
    const followed = answerQuery(target, type, snapshot, chased + 1);
    const unknownUpstream = followed.rcode === 'SERVFAIL' && followed.answer.length === 0;
    return answer(unknownUpstream ? 'NOERROR' : followed.rcode, [cname, ...followed.answer], `${described} is an ExternalName for ${target}`, ...followed.notes);
  }
  if (type === 'SRV') return answerSrvRecords(query, service, undefined, snapshot, zone);
  if (!isAddressType(type)) return answer('NOERROR', [], `NODATA: ${described} has only A/AAAA and SRV records`);
  if (!service.headless) {
    const records = addressRecords(query, service.clusterIPs, type);
    return answer('NOERROR', records, records.length > 0 ? `${described} has clusterIP ${service.clusterIPs.join(', ')}` : `NODATA: ${described} has no ${familyOf(type)} clusterIP`);
  }
  const endpoints = publishedEndpoints(snapshot, service);
  if (endpoints.length === 0) return answer('NXDOMAIN', [], `${described} is headless and has no ready endpoints`);
  const records = addressRecords(query, [...new Set(endpoints.map((endpoint) => endpoint.ip))], type);
  return answer('NOERROR', records, `${described} is headless: one record per ready endpoint`);
}

function answerEndpoint(query: string, label: string, name: string, namespace: string, type: RecordType, snapshot: ClusterSnapshot): DnsAnswer {
  const service = findService(snapshot, namespace, name);
  if (!service) return answer('NXDOMAIN', [], `there is no Service ${namespace}/${name}`);
  const matching = publishedEndpoints(snapshot, service).filter((endpoint) => endpointLabel(endpoint) === label);
  if (matching.length === 0) {
    return answer('NXDOMAIN', [], service.headless ? `no ready endpoint of Service ${namespace}/${name} is named ${label}` : `Service ${namespace}/${name} is not headless: its endpoints have no names`);
  }
  if (!isAddressType(type)) return answer('NOERROR', [], `NODATA: endpoint names have only A/AAAA records`);
  const records = addressRecords(query, matching.map((endpoint) => endpoint.ip), type);
  const pods = matching.map((endpoint) => endpoint.pod).filter((pod) => pod !== undefined);
  return answer('NOERROR', records, `endpoint ${label} of headless Service ${namespace}/${name}${pods.length > 0 ? ` (pod ${pods.join(', ')})` : ''}`);
}

function answerSrv(query: string, portName: string, protocol: string, name: string, namespace: string, type: RecordType, snapshot: ClusterSnapshot, zone: string): DnsAnswer {
  const service = findService(snapshot, namespace, name);
  if (!service) return answer('NXDOMAIN', [], `there is no Service ${namespace}/${name}`);
  if (type !== 'SRV') {
    const exists = answerSrvRecords(query, service, { name: portName, protocol }, snapshot, zone).rcode !== 'NXDOMAIN';
    return exists ? answer('NOERROR', [], 'NODATA: _port._proto names have only SRV records') : answer('NXDOMAIN', [], `Service ${namespace}/${name} has no port named ${portName} over ${protocol.toUpperCase()}`);
  }
  return answerSrvRecords(query, service, { name: portName, protocol }, snapshot, zone);
}

/** CoreDNS's stand-in for an endpoint whose slice lists no ports: it matches only a query that names no port, and makes no SRV record. */
const NO_PORT = { name: '', port: -1, protocol: '' };

/**
 * SRV records as CoreDNS makes them (plugin/kubernetes findServices, then plugin.SRV): one entry per port and
 * clusterIP, or for a headless Service per ready endpoint address and port its EndpointSlice lists (the Service's
 * own ports do not count: it may have none); `_port._proto` keeps the ports of that name and protocol. Entries with
 * the same target and port make one record (a dual-stack Service gives one), each weighing floor(100 / entries).
 */
function answerSrvRecords(query: string, service: SimService, wanted: { name: string; protocol: string } | undefined, snapshot: ClusterSnapshot, zone: string): DnsAnswer {
  const described = `${service.headless ? 'headless ' : ''}Service ${service.namespace}/${service.name}`;
  const serviceName = `${service.name}.${service.namespace}.svc.${zone}`;
  const matches = (port: { name: string; protocol: string }) => wanted === undefined || (port.name.toLowerCase() === wanted.name && port.protocol.toLowerCase() === wanted.protocol);
  const entries: { target: string; port: number }[] = service.headless
    ? publishedEndpoints(snapshot, service).flatMap((endpoint) =>
        (endpoint.publishedPorts.length > 0 ? endpoint.publishedPorts : [NO_PORT]).filter(matches).map((port) => ({ target: `${endpointLabel(endpoint)}.${serviceName}`, port: port.port })),
      )
    : service.ports.filter(matches).flatMap((port) => service.clusterIPs.map(() => ({ target: serviceName, port: port.port })));
  const portText = wanted ? `port ${wanted.name} over ${wanted.protocol.toUpperCase()}` : 'port';
  if (entries.length === 0) {
    return answer('NXDOMAIN', [], service.headless ? `${described} has no ready endpoint with a ${portText}` : `${described} has no ${portText}`);
  }
  const weight = Math.max(1, Math.floor(100 / entries.length));
  const distinct = new Map(entries.filter((entry) => entry.port !== NO_PORT.port).map((entry) => [`${entry.target} ${entry.port}`, entry]));
  const records: ResourceRecord[] = [...distinct.values()]
    .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0))
    .map((entry) => ({ name: query, type: 'SRV', data: { priority: 0, weight, port: entry.port, target: entry.target } }));
  const per = service.headless ? 'one SRV record per ready endpoint and port its EndpointSlice lists' : 'one SRV record per port, the Service\'s name as target';
  return answer('NOERROR', records, records.length > 0 ? `${described}: ${per} (CoreDNS weights: floor(100 / ${entries.length}))` : `NODATA: the endpoints of ${described} list no ports`);
}

/** What CoreDNS's `pods` option (the profile's `dns.pods`) does to a pod name: plugin/kubernetes findPods. */
const POD_MODE_NOTES = {
  insecure: '`pods insecure` (the kubeadm default): CoreDNS answers any address written with dashes, without checking that a pod has it',
  verified: '`pods verified`: CoreDNS answers only when a pod in that namespace has the address as its pod IP',
  disabled: '`pods disabled`: CoreDNS answers no pod names',
} as const;

function answerPod(query: string, dashed: string, namespace: string, type: RecordType, snapshot: ClusterSnapshot): DnsAnswer {
  const mode = snapshot.profile.dns.pods;
  const note = POD_MODE_NOTES[mode];
  if (mode === 'disabled') return answer('NXDOMAIN', [], note);
  const address = parseAddress(dashed.includes('.') ? '' : dashed.replace(/-/g, dashed.split('-').length === 4 ? '.' : ':'))?.address;
  if (!address) return answer('NXDOMAIN', [], `${dashed} is not an address written with dashes`);
  if (!snapshot.namespaces.has(namespace)) return answer('NXDOMAIN', [], `there is no namespace ${namespace}`);
  if (mode === 'verified') {
    const pods = snapshot.pods.filter((pod) => pod.namespace === namespace && pod.ips[0] === address);
    if (pods.length === 0) return answer('NXDOMAIN', [], `no pod of namespace ${namespace} has the address ${address}`, note);
  }
  if (!isAddressType(type)) return answer('NOERROR', [], `NODATA: pod names have only A/AAAA records`, note);
  if (familyOf(type) !== parseAddress(address)!.family) return answer('NOERROR', [], `NODATA: ${address} is not an ${type} address`, note);
  return answer('NOERROR', [{ name: query, type, data: address }], note);
}

function answerReverse(query: string, address: string, type: RecordType, snapshot: ClusterSnapshot, zone: string): DnsAnswer {
  // The kubernetes plugin answers reverse names only for PTR; any other type falls through to the upstream servers.
  if (type !== 'PTR') return answer('NXDOMAIN', [], `CoreDNS answers reverse names only for PTR: a ${type} query falls through to the upstream servers, assumed to know nothing of it`);
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
  if (!isAddressType(type)) return answer('NOERROR', [], 'answered from the profile\'s upstreamDNS');
  return answer('NOERROR', ((type === 'A' ? known.A : known.AAAA) ?? []).map((data) => ({ name: query, type, data })), 'answered from the profile\'s upstreamDNS');
}
