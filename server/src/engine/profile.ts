/**
 * The cluster profile: what the manifests do not say but the simulation needs (cluster domain, CIDRs,
 * nodes, kube-proxy mode, CNI). Read from `kubetrace.yaml` and editor settings; every key has a default.
 */
import { addressAt, parseAddress, parseCidr } from './cidr';
import { CNI_DATAPATHS, CNI_PLUGINS, datapathsOf, type CniDatapath, type CniPlugin } from './cniDatapaths';
import type { TextRange } from './source';

export type { CniDatapath, CniPlugin } from './cniDatapaths';
export type KubeProxyMode = 'iptables' | 'ipvs' | 'nftables';
/** CoreDNS's `pods` option: answer any dashed address, only a pod's own address in its namespace, or no pod names. */
export type PodDnsMode = 'insecure' | 'verified' | 'disabled';

export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  /** NoSchedule, PreferNoSchedule or NoExecute. */
  readonly effect: string;
}

export interface ProfileNode {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly zone?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints?: readonly NodeTaint[];
  /** A node nobody described (the default nodes, or a count of them): what the pods ask of nodes cannot be judged against it. */
  readonly assumed?: true;
}

export interface UpstreamAnswers {
  readonly A?: readonly string[];
  readonly AAAA?: readonly string[];
  readonly CNAME?: string;
}

export interface ClusterProfile {
  /** Where objects that name no namespace go, as with `kubectl apply -n` (default `default`). */
  readonly namespace: string;
  readonly clusterDomain: string;
  /** One CIDR per IP family (dual-stack: `10.96.0.0/12,fd00:10:96::/112`). */
  readonly serviceCIDR: readonly string[];
  readonly podCIDR: readonly string[];
  /** Each node gets a pod range of this many bits (24: a /24 per node out of the pod CIDR). */
  readonly nodeCIDRMaskSize: number;
  readonly nodes: readonly ProfileNode[];
  readonly nodePortRange: { readonly min: number; readonly max: number };
  /** Where simulated LoadBalancer addresses come from when a Service has no status. */
  readonly loadBalancerCIDR: string;
  readonly kubeProxy: {
    readonly mode: KubeProxyMode;
    readonly scheduler: string;
    readonly masqueradeBit: number;
    readonly masqueradeAll: boolean;
    readonly nodePortAddresses: readonly string[];
    readonly localhostNodePorts: boolean;
    /** Whether iptables' MASQUERADE gets `--random-fully` (kube-proxy adds it when the iptables binary supports it). */
    readonly masqueradeRandomFully: boolean;
  };
  readonly cni: {
    readonly plugin: CniPlugin;
    readonly datapath: CniDatapath;
    readonly mtu: number;
    /** Cilium's eBPF Service load balancing runs instead of kube-proxy (Cilium's `kubeProxyReplacement: true`). */
    readonly kubeProxyReplacement: boolean;
  };
  readonly ingressController: {
    /** The IngressClass name the controller serves (and takes as the default for an Ingress naming none). */
    readonly className: string;
    /** The spec.controller of the IngressClasses it serves too, as ingress-nginx's --controller-class. */
    readonly controller: string;
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly serviceType: string;
  };
  /** The cluster DNS server's choices: CoreDNS's kubernetes plugin `pods` option (kubeadm writes `pods insecure`). */
  readonly dns: { readonly pods: PodDnsMode };
  /** Answers of DNS servers outside the cluster, by absolute name. */
  readonly upstreamDNS: Readonly<Record<string, UpstreamAnswers>>;
  /** Policy choices that depend on the CNI. */
  readonly policy: {
    /** Whether ipBlock peers select in-cluster pod addresses (most CNIs: no). */
    readonly ipBlockMatchesPods: boolean;
    /** `node`: a hostNetwork pod is its node for policy; `pod`: policies select it by label like any pod. */
    readonly hostNetworkPods: 'node' | 'pod';
  };
  /** Where the `nodes` key was written (kubetrace.yaml), for a finding about them. */
  readonly nodesWrittenAt?: { readonly uri: string; readonly range: TextRange };
}

export interface ProfileProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * The labels the kubelet puts on its Node when it registers (well-known labels: the hostname, and the OS and
 * architecture under their current and their deprecated beta keys, which old manifests still select by).
 */
export function kubeletLabels(name: string): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
  };
}

export function defaultNodes(count: number): ProfileNode[] {
  const network = parseCidr('192.168.0.0/16')!;
  return Array.from({ length: count }, (_, index) => {
    const name = `node-${index + 1}`;
    return { name, addresses: [addressAt(network, index + 2)], labels: kubeletLabels(name), assumed: true };
  });
}

export const DEFAULT_PROFILE: ClusterProfile = {
  namespace: 'default',
  clusterDomain: 'cluster.local',
  serviceCIDR: ['10.96.0.0/12'],
  podCIDR: ['10.244.0.0/16'],
  nodeCIDRMaskSize: 24,
  nodes: defaultNodes(3),
  nodePortRange: { min: 30000, max: 32767 },
  loadBalancerCIDR: '203.0.113.0/24',
  kubeProxy: { mode: 'iptables', scheduler: 'rr', masqueradeBit: 14, masqueradeAll: false, nodePortAddresses: [], localhostNodePorts: true, masqueradeRandomFully: true },
  cni: { plugin: 'calico', datapath: 'ipip', mtu: CNI_DATAPATHS.calico.ipip!.mtu, kubeProxyReplacement: false },
  ingressController: {
    className: 'nginx',
    controller: 'k8s.io/ingress-nginx',
    namespace: 'ingress-nginx',
    labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
    serviceType: 'LoadBalancer',
  },
  dns: { pods: 'insecure' },
  upstreamDNS: {},
  policy: { ipBlockMatchesPods: false, hostNetworkPods: 'node' },
};

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a profile from untrusted data (a parsed `kubetrace.yaml`, editor settings), layered over `base`:
 * only the keys present change anything. A wrong value is reported and the base value kept.
 */
export function readProfile(raw: unknown, base: ClusterProfile = DEFAULT_PROFILE): { profile: ClusterProfile; problems: ProfileProblem[] } {
  const problems: ProfileProblem[] = [];
  if (raw === undefined || raw === null) return { profile: base, problems };
  if (!isRecord(raw)) return { profile: base, problems: [{ path: '', message: 'the profile must be a mapping of settings' }] };
  const problem = (path: string, message: string) => problems.push({ path, message });

  const text = (path: string, value: unknown, fallback: string, valid: (text: string) => boolean = () => true, expected = 'a string') => {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && valid(value)) return value;
    problem(path, `must be ${expected}, not ${JSON.stringify(value)}`);
    return fallback;
  };
  const cidrs = (path: string, value: unknown, fallback: readonly string[]) => {
    if (value === undefined) return fallback;
    const list = typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value;
    if (!Array.isArray(list) || list.length === 0 || list.length > 2) {
      problem(path, 'must be a CIDR, or two (one per IP family) separated by a comma');
      return fallback;
    }
    const parsed = list.map((item) => (typeof item === 'string' ? parseCidr(item) : undefined));
    if (parsed.some((cidr) => cidr === undefined) || new Set(parsed.map((cidr) => cidr!.family)).size !== parsed.length) {
      problem(path, `must be valid CIDRs, at most one per IP family: ${JSON.stringify(value)}`);
      return fallback;
    }
    return parsed.map((cidr) => cidr!.text);
  };
  const integer = (path: string, value: unknown, fallback: number, min: number, max: number) => {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    problem(path, `must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`);
    return fallback;
  };
  const flag = (path: string, value: unknown, fallback: boolean) => {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    problem(path, `must be true or false, not ${JSON.stringify(value)}`);
    return fallback;
  };
  const oneOf = <T extends string>(path: string, value: unknown, fallback: T, allowed: readonly T[]): T => {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    problem(path, `must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
    return fallback;
  };
  const stringMap = (path: string, value: unknown, fallback: Readonly<Record<string, string>>) => {
    if (value === undefined) return fallback;
    if (isRecord(value) && Object.values(value).every((item) => typeof item === 'string')) return value as Record<string, string>;
    problem(path, 'must be a mapping of strings');
    return fallback;
  };

  const kubeProxyRaw = isRecord(raw['kubeProxy']) ? raw['kubeProxy'] : {};
  if (raw['kubeProxy'] !== undefined && !isRecord(raw['kubeProxy'])) problem('kubeProxy', 'must be a mapping');
  const cniRaw = isRecord(raw['cni']) ? raw['cni'] : {};
  if (raw['cni'] !== undefined && !isRecord(raw['cni'])) problem('cni', 'must be a mapping');
  const ingressRaw = isRecord(raw['ingressController']) ? raw['ingressController'] : {};
  const policyRaw = isRecord(raw['policy']) ? raw['policy'] : {};
  const dnsRaw = isRecord(raw['dns']) ? raw['dns'] : {};
  if (raw['dns'] !== undefined && !isRecord(raw['dns'])) problem('dns', 'must be a mapping');

  const plugin = oneOf('cni.plugin', cniRaw['plugin'], base.cni.plugin, CNI_PLUGINS);
  const pluginChanged = plugin !== base.cni.plugin;
  const datapath = readDatapath(plugin, cniRaw['datapath'], pluginChanged ? datapathsOf(plugin)[0]! : base.cni.datapath, problem);
  // The MTU follows the mode unless written: Calico's VXLAN pods get 1450, its IP-in-IP pods 1480.
  const modeChanged = pluginChanged || datapath !== base.cni.datapath;
  const nodePortAddresses = cidrList('kubeProxy.nodePortAddresses', kubeProxyRaw['nodePortAddresses'], base.kubeProxy.nodePortAddresses, problem);

  const profile: ClusterProfile = {
    namespace: text('namespace', raw['namespace'], base.namespace, isNamespaceName, 'a namespace name (a DNS label)'),
    clusterDomain: text('clusterDomain', raw['clusterDomain'], base.clusterDomain, isDomain, 'a DNS domain such as cluster.local').replace(/\.$/, '').toLowerCase(),
    serviceCIDR: cidrs('serviceCIDR', raw['serviceCIDR'], base.serviceCIDR),
    podCIDR: cidrs('podCIDR', raw['podCIDR'], base.podCIDR),
    nodeCIDRMaskSize: integer('nodeCIDRMaskSize', raw['nodeCIDRMaskSize'], base.nodeCIDRMaskSize, 8, 126),
    nodes: readNodes(raw['nodes'], base.nodes, problem),
    nodePortRange: readPortRange(raw['nodePortRange'], base.nodePortRange, problem),
    loadBalancerCIDR: text('loadBalancerCIDR', raw['loadBalancerCIDR'], base.loadBalancerCIDR, (value) => parseCidr(value) !== undefined, 'a CIDR'),
    kubeProxy: {
      mode: oneOf('kubeProxy.mode', kubeProxyRaw['mode'], base.kubeProxy.mode, ['iptables', 'ipvs', 'nftables']),
      scheduler: oneOf('kubeProxy.scheduler', kubeProxyRaw['scheduler'], base.kubeProxy.scheduler, ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'mh']),
      masqueradeBit: integer('kubeProxy.masqueradeBit', kubeProxyRaw['masqueradeBit'], base.kubeProxy.masqueradeBit, 0, 31),
      masqueradeAll: flag('kubeProxy.masqueradeAll', kubeProxyRaw['masqueradeAll'], base.kubeProxy.masqueradeAll),
      nodePortAddresses,
      localhostNodePorts: flag('kubeProxy.localhostNodePorts', kubeProxyRaw['localhostNodePorts'], base.kubeProxy.localhostNodePorts),
      masqueradeRandomFully: flag('kubeProxy.masqueradeRandomFully', kubeProxyRaw['masqueradeRandomFully'], base.kubeProxy.masqueradeRandomFully),
    },
    cni: {
      plugin,
      datapath,
      mtu: integer('cni.mtu', cniRaw['mtu'], modeChanged ? CNI_DATAPATHS[plugin][datapath]!.mtu : base.cni.mtu, 576, 65535),
      kubeProxyReplacement: readKubeProxyReplacement(cniRaw['kubeProxyReplacement'], plugin, pluginChanged ? false : base.cni.kubeProxyReplacement, flag, problem),
    },
    ingressController: {
      className: text('ingressController.className', ingressRaw['className'], base.ingressController.className),
      controller: text('ingressController.controller', ingressRaw['controller'], base.ingressController.controller),
      namespace: text('ingressController.namespace', ingressRaw['namespace'], base.ingressController.namespace),
      labels: stringMap('ingressController.labels', ingressRaw['labels'], base.ingressController.labels),
      serviceType: oneOf('ingressController.serviceType', ingressRaw['serviceType'], base.ingressController.serviceType, ['LoadBalancer', 'NodePort', 'ClusterIP']),
    },
    dns: { pods: oneOf('dns.pods', dnsRaw['pods'], base.dns.pods, ['insecure', 'verified', 'disabled']) },
    upstreamDNS: readUpstream(raw['upstreamDNS'], base.upstreamDNS, problem),
    policy: {
      ipBlockMatchesPods: flag('policy.ipBlockMatchesPods', policyRaw['ipBlockMatchesPods'], base.policy.ipBlockMatchesPods),
      hostNetworkPods: oneOf('policy.hostNetworkPods', policyRaw['hostNetworkPods'], base.policy.hostNetworkPods, ['node', 'pod']),
    },
    ...(raw['nodes'] === undefined && base.nodesWrittenAt && { nodesWrittenAt: base.nodesWrittenAt }),
  };
  for (const key of Object.keys(raw)) {
    if (!(key in DEFAULT_PROFILE)) problem(key, `is not a profile setting (known: ${Object.keys(DEFAULT_PROFILE).join(', ')})`);
  }
  return { profile, problems };
}

/** A mode the plugin has (see cniDatapaths.ts); its default mode when the base's is not one of them. */
function readDatapath(plugin: CniPlugin, value: unknown, fallback: CniDatapath, problem: (path: string, message: string) => void): CniDatapath {
  const modes = datapathsOf(plugin);
  const usable = modes.includes(fallback) ? fallback : modes[0]!;
  if (value === undefined) return usable;
  if (typeof value === 'string' && (modes as string[]).includes(value)) return value as CniDatapath;
  problem('cni.datapath', `${plugin} has no mode ${JSON.stringify(value)} (its modes: ${modes.join(', ')})`);
  return usable;
}

function isDomain(value: string): boolean {
  return /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i.test(value);
}

function cidrList(path: string, value: unknown, fallback: readonly string[], problem: (path: string, message: string) => void): readonly string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || parseCidr(item) === undefined)) {
    problem(path, 'must be a list of CIDRs');
    return fallback;
  }
  return value.map((item) => parseCidr(item as string)!.text);
}

function readNodes(value: unknown, fallback: readonly ProfileNode[], problem: (path: string, message: string) => void): readonly ProfileNode[] {
  if (value === undefined) return fallback;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 1 && value <= 5000) return defaultNodes(value);
    problem('nodes', `must be a node count from 1 to 5000 or a list of nodes, not ${value}`);
    return fallback;
  }
  if (!Array.isArray(value) || value.length === 0) {
    problem('nodes', 'must be a node count or a non-empty list of nodes');
    return fallback;
  }
  const nodes: ProfileNode[] = [];
  value.forEach((item, index) => {
    const path = `nodes[${index}]`;
    if (!isRecord(item) || typeof item['name'] !== 'string' || item['name'] === '') {
      problem(path, 'must be a mapping with a name');
      return;
    }
    const name = item['name'];
    const addresses = Array.isArray(item['addresses']) ? item['addresses'] : [];
    const valid = addresses.filter((address): address is string => typeof address === 'string' && parseAddress(address) !== undefined);
    if (valid.length !== addresses.length) problem(`${path}.addresses`, 'must be a list of IP addresses');
    const zone = typeof item['zone'] === 'string' ? item['zone'] : undefined;
    const fallbackAddress = addressAt(parseCidr('192.168.0.0/16')!, index + 2);
    const labels = kubeletLabels(name);
    if (zone) labels['topology.kubernetes.io/zone'] = zone;
    if (isRecord(item['labels'])) for (const [key, label] of Object.entries(item['labels'])) if (typeof label === 'string') labels[key] = label;
    const taints = readTaints(`${path}.taints`, item['taints'], problem);
    nodes.push({ name, addresses: valid.length > 0 ? valid.map((address) => parseAddress(address)!.address) : [fallbackAddress], ...(zone && { zone }), labels, ...(taints.length > 0 && { taints }) });
  });
  if (new Set(nodes.map((node) => node.name)).size !== nodes.length) problem('nodes', 'node names must be unique');
  return nodes.length > 0 ? nodes : fallback;
}

function readTaints(path: string, value: unknown, problem: (path: string, message: string) => void): NodeTaint[] {
  if (value === undefined) return [];
  const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
  const valid = (item: unknown): item is Raw =>
    isRecord(item) && typeof item['key'] === 'string' && item['key'] !== '' && (item['value'] === undefined || typeof item['value'] === 'string') && effects.includes(item['effect'] as string);
  if (!Array.isArray(value) || !value.every(valid)) {
    problem(path, `must be a list of taints ({key, value, effect}, effect one of ${effects.join(', ')})`);
    return [];
  }
  return value.map((item) => ({ key: item['key'] as string, ...(typeof item['value'] === 'string' && { value: item['value'] }), effect: item['effect'] as string }));
}

/** Only Cilium replaces kube-proxy: the setting with another plugin is a mistake, reported and left off. */
function readKubeProxyReplacement(
  value: unknown,
  plugin: CniPlugin,
  fallback: boolean,
  flag: (path: string, value: unknown, fallback: boolean) => boolean,
  problem: (path: string, message: string) => void,
): boolean {
  const replaces = flag('cni.kubeProxyReplacement', value, fallback);
  if (!replaces || plugin === 'cilium') return replaces;
  problem('cni.kubeProxyReplacement', `only Cilium replaces kube-proxy, not ${plugin}: set cni.plugin to cilium, or leave kubeProxyReplacement out`);
  return false;
}

function readPortRange(value: unknown, fallback: ClusterProfile['nodePortRange'], problem: (path: string, message: string) => void): ClusterProfile['nodePortRange'] {
  if (value === undefined) return fallback;
  const match = typeof value === 'string' ? /^(\d+)-(\d+)$/.exec(value) : null;
  const min = Number(match?.[1]);
  const max = Number(match?.[2]);
  if (!match || min < 1 || max > 65535 || min > max) {
    problem('nodePortRange', `must look like 30000-32767, not ${JSON.stringify(value)}`);
    return fallback;
  }
  return { min, max };
}

function readUpstream(value: unknown, fallback: ClusterProfile['upstreamDNS'], problem: (path: string, message: string) => void): ClusterProfile['upstreamDNS'] {
  if (value === undefined) return fallback;
  if (!isRecord(value)) {
    problem('upstreamDNS', 'must map names to their answers, e.g. {"www.example.com": {"A": ["192.0.2.1"]}}');
    return fallback;
  }
  const answers: Record<string, UpstreamAnswers> = {};
  for (const [name, entry] of Object.entries(value)) {
    if (!isRecord(entry)) {
      problem(`upstreamDNS.${name}`, 'must be a mapping of record types');
      continue;
    }
    const list = (key: 'A' | 'AAAA') =>
      Array.isArray(entry[key]) ? (entry[key] as unknown[]).filter((item): item is string => typeof item === 'string' && parseAddress(item) !== undefined) : undefined;
    const a = list('A');
    const aaaa = list('AAAA');
    const cname = typeof entry['CNAME'] === 'string' ? entry['CNAME'] : undefined;
    answers[absoluteName(name)] = { ...(a && { A: a }), ...(aaaa && { AAAA: aaaa }), ...(cname && { CNAME: absoluteName(cname) }) };
  }
  return answers;
}

/** `www.example.com` → `www.example.com.`, lower case. */
export function absoluteName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/** A namespace name: a DNS-1123 label. */
function isNamespaceName(value: string): boolean {
  return value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}
