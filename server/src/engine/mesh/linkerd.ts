import { cidrContains, parseCidr } from '../cidr';
import { namespaceObject, objectNamed } from '../snapshot/indexes';
import type { ClusterSnapshot, SimPod, SimService } from '../snapshot/types';
import { podAnnotations, podMesh } from './injection';

/** The inbound policies a proxy may default to (`config.linkerd.io/default-inbound-policy`). */
export type LinkerdInboundPolicy = 'all-unauthenticated' | 'all-authenticated' | 'cluster-unauthenticated' | 'cluster-authenticated' | 'deny';

const POLICIES: readonly LinkerdInboundPolicy[] = ['all-unauthenticated', 'all-authenticated', 'cluster-unauthenticated', 'cluster-authenticated', 'deny'];

/** What `linkerd install` sets unless told otherwise. */
const INSTALL_DEFAULTS = {
  inboundPolicy: 'all-unauthenticated' as LinkerdInboundPolicy,
  /** Ports whose protocol is not detected (server-first or commonly TLS): SMTP, MySQL, Galera, PostgreSQL, Redis, Elasticsearch, Memcached. */
  opaquePorts: '25,587,3306,4444,5432,6379,9300,11211',
  clusterNetworks: ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16', 'fd00::/8'],
  trustDomain: 'cluster.local',
};

/** The settings a pod's proxy runs with: its annotations, else its namespace's, else the install's defaults. */
export interface LinkerdProxySettings {
  readonly inboundPolicy: LinkerdInboundPolicy;
  /** Where the inbound policy was set: the pod template, the namespace, or the install. */
  readonly inboundPolicyFrom: 'pod' | 'namespace' | 'install';
  readonly opaquePorts: readonly string[];
  readonly skipInboundPorts: readonly string[];
  readonly skipOutboundPorts: readonly string[];
}

export function linkerdSettings(snapshot: ClusterSnapshot, pod: SimPod): LinkerdProxySettings {
  const own = podAnnotations(snapshot, pod);
  const namespace = namespaceObject(snapshot, pod.namespace)?.metadata.annotations?.value ?? {};
  const read = (key: string) => own[key] ?? namespace[key];
  const written = read('config.linkerd.io/default-inbound-policy');
  const policy = POLICIES.find((candidate) => candidate === written);
  return {
    inboundPolicy: policy ?? INSTALL_DEFAULTS.inboundPolicy,
    inboundPolicyFrom: policy === undefined ? 'install' : own['config.linkerd.io/default-inbound-policy'] !== undefined ? 'pod' : 'namespace',
    opaquePorts: portList(read('config.linkerd.io/opaque-ports') ?? INSTALL_DEFAULTS.opaquePorts),
    skipInboundPorts: portList(read('config.linkerd.io/skip-inbound-ports') ?? ''),
    skipOutboundPorts: portList(read('config.linkerd.io/skip-outbound-ports') ?? ''),
  };
}

/** Whether a port is in a Linkerd port list (`25,587`, ranges `4000-4100`). */
export function inPortList(list: readonly string[], port: number): boolean {
  return list.some((entry) => {
    const [low, high = low] = entry.split('-').map((part) => Number(part.trim()));
    return low !== undefined && high !== undefined && port >= low && port <= high;
  });
}

function portList(text: string): string[] {
  return text.split(',').map((entry) => entry.trim()).filter((entry) => /^\d+(-\d+)?$/.test(entry));
}

/** Whether a Service port is opaque to Linkerd: the Service's annotation, else the destination pods' settings. */
export function opaqueServicePort(snapshot: ClusterSnapshot, service: SimService, port: number, targetPort: number, pod: SimPod | undefined): boolean {
  const annotation = objectNamed(snapshot, service.namespace, 'Service', service.name)?.metadata.annotations?.value['config.linkerd.io/opaque-ports'];
  if (annotation !== undefined) return inPortList(portList(annotation), port);
  return inPortList(pod ? linkerdSettings(snapshot, pod).opaquePorts : portList(INSTALL_DEFAULTS.opaquePorts), targetPort);
}

/** Whether a pod runs Linkerd's proxy (a pod on the host's network is never injected). */
export function runsLinkerdProxy(snapshot: ClusterSnapshot, pod: SimPod): boolean {
  return !pod.hostNetwork && podMesh(snapshot, pod) === 'linkerd';
}

/** A pod's Linkerd identity: its service account's name under the install's trust domain. */
export function linkerdIdentity(pod: SimPod, serviceAccount: string): string {
  return accountIdentity(serviceAccount, pod.namespace);
}

/** The Linkerd identity of a service account of a namespace. */
export function accountIdentity(serviceAccount: string, namespace: string): string {
  return `${serviceAccount}.${namespace}.serviceaccount.identity.linkerd.${INSTALL_DEFAULTS.trustDomain}`;
}

/** Whether an address is in the networks Linkerd counts as the cluster's (the `cluster-*` policies admit only these). */
export function inClusterNetworks(ip: string): boolean {
  return INSTALL_DEFAULTS.clusterNetworks.some((network) => {
    const cidr = parseCidr(network);
    return cidr !== undefined && cidrContains(cidr, ip);
  });
}
