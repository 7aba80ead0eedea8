import type { ClusterSnapshot } from '../snapshot/types';
import { endpointChain, externalChain, firewallChain, localServiceChain, serviceChain } from './chainNames';
import { clusterCidr, isLocalEndpoint, masqueradeMark, proxyServicePorts, type ProxyServicePort } from './servicePorts';

/** kube-proxy quotes a comment only when it has a space, as iptables-save prints it. */
function comment(text: string): string {
  return text.includes(' ') ? `"${text}"` : text;
}

/** `probability(n)` of kube-proxy: 1/n with ten decimals. */
function probability(remaining: number): string {
  return (1 / remaining).toFixed(10);
}

/**
 * What `iptables-save` shows for the KUBE-* chains that kube-proxy (iptables mode, current releases)
 * programs on `nodeName`: the filter and nat tables of its iptables-restore payload, IPv4.
 */
export function renderIptables(snapshot: ClusterSnapshot, nodeName: string, only: (entry: ProxyServicePort) => boolean = () => true): string {
  const node = snapshot.nodes.find((candidate) => candidate.name === nodeName);
  const mark = masqueradeMark(snapshot);
  const podCidr = clusterCidr(snapshot);
  const { masqueradeAll, nodePortAddresses } = snapshot.profile.kubeProxy;
  const ports = proxyServicePorts(snapshot).filter((entry) => only(entry) && entry.clusterIP !== undefined && !entry.clusterIP.includes(':'));

  const filterChains = ['KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-FORWARD', 'KUBE-KUBELET-CANARY', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-PROXY-CANARY', 'KUBE-SERVICES'];
  const filterRules: string[] = [];
  const natChains = ['KUBE-KUBELET-CANARY', 'KUBE-MARK-MASQ', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-PROXY-CANARY', 'KUBE-SERVICES'];
  const natRules: string[] = [];
  const serviceRules: string[] = [];
  const nodePortRules: string[] = [];

  for (const entry of ports) {
    const { name, protocol } = entry;
    const clusterIP = entry.clusterIP!;
    const port = entry.port.port;
    const match = `-m ${protocol} -p ${protocol}`;
    const service = entry.service;
    const external = service.type === 'NodePort' || service.type === 'LoadBalancer' || service.externalIPs.length > 0;
    const local = entry.endpoints.filter((endpoint) => isLocalEndpoint(endpoint, nodeName, snapshot));
    const internalEndpoints = service.internalTrafficPolicy === 'Local' ? local : entry.endpoints;
    const externalLocal = service.externalTrafficPolicy === 'Local';
    const svcChain = serviceChain(name, protocol);
    const extChain = externalChain(name, protocol);

    if (entry.endpoints.length === 0) {
      filterRules.push(`-A KUBE-SERVICES -m comment --comment ${comment(`${name} has no endpoints`)} ${match} -d ${clusterIP}/32 --dport ${port} -j REJECT`);
      for (const ip of [...service.externalIPs, ...service.loadBalancerIPs]) {
        filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${comment(`${name} has no endpoints`)} ${match} -d ${ip}/32 --dport ${port} -j REJECT`);
      }
      if (entry.port.nodePort !== undefined) {
        filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${comment(`${name} has no endpoints`)} -m addrtype --dst-type LOCAL ${match} --dport ${entry.port.nodePort} -j REJECT`);
      }
      continue;
    }

    // ClusterIP: jump to the service chain, which masquerades traffic from outside the pod network.
    if (internalEndpoints.length > 0) {
      serviceRules.push(`-A KUBE-SERVICES -m comment --comment ${comment(`${name} cluster IP`)} ${match} -d ${clusterIP}/32 --dport ${port} -j ${service.internalTrafficPolicy === 'Local' ? localServiceChain(name, protocol) : svcChain}`);
    } else {
      filterRules.push(`-A KUBE-SERVICES -m comment --comment ${comment(`${name} has no local endpoints`)} ${match} -d ${clusterIP}/32 --dport ${port} -j DROP`);
    }
    natChains.push(svcChain);
    const masqueradeSource = masqueradeAll ? '' : podCidr ? ` ! -s ${podCidr}` : '';
    natRules.push(`-A ${svcChain} -m comment --comment ${comment(`${name} cluster IP`)} ${match} -d ${clusterIP}/32 --dport ${port}${masqueradeSource} -j KUBE-MARK-MASQ`);
    pushBalancing(natRules, natChains, svcChain, entry, entry.endpoints);

    if (external) {
      natChains.push(extChain);
      for (const ip of service.externalIPs) serviceRules.push(`-A KUBE-SERVICES -m comment --comment ${comment(`${name} external IP`)} ${match} -d ${ip}/32 --dport ${port} -j ${extChain}`);
      for (const ip of service.loadBalancerIPs) {
        const target = service.loadBalancerSourceRanges.length > 0 ? firewallChain(name, protocol) : extChain;
        serviceRules.push(`-A KUBE-SERVICES -m comment --comment ${comment(`${name} loadbalancer IP`)} ${match} -d ${ip}/32 --dport ${port} -j ${target}`);
        if (target !== extChain) {
          natChains.push(target);
          for (const range of service.loadBalancerSourceRanges) {
            natRules.push(`-A ${target} -m comment --comment ${comment(`${name} loadbalancer IP`)} -s ${range} -j ${extChain}`);
          }
          natRules.push(`-A ${target} -m comment --comment ${comment(`${name} loadbalancer IP`)} -j KUBE-MARK-DROP`);
        }
      }
      if (entry.port.nodePort !== undefined) {
        nodePortRules.push(`-A KUBE-NODEPORTS -m comment --comment ${comment(name)} ${match} --dport ${entry.port.nodePort} -j ${extChain}`);
      }
      if (externalLocal) {
        if (podCidr) natRules.push(`-A ${extChain} -m comment --comment ${comment(`pod traffic for ${name} external destinations`)} -s ${podCidr} -j ${svcChain}`);
        natRules.push(`-A ${extChain} -m comment --comment ${comment(`masquerade LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
        natRules.push(`-A ${extChain} -m comment --comment ${comment(`route LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j ${svcChain}`);
        if (local.length > 0) {
          const svlChain = localServiceChain(name, protocol);
          natRules.push(`-A ${extChain} -j ${svlChain}`);
          natChains.push(svlChain);
          pushBalancing(natRules, natChains, svlChain, entry, local, false);
        } else {
          filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${comment(`${name} has no local endpoints`)} ${match} --dport ${entry.port.nodePort ?? port} -j DROP`);
        }
      } else {
        natRules.push(`-A ${extChain} -m comment --comment ${comment(`masquerade traffic for ${name} external destinations`)} -j KUBE-MARK-MASQ`);
        natRules.push(`-A ${extChain} -j ${svcChain}`);
      }
    }
  }

  const nodePortTarget =
    nodePortAddresses.length === 0
      ? ['-m addrtype --dst-type LOCAL']
      : (node?.addresses ?? []).filter((address) => !address.includes(':')).map((address) => `-d ${address}/32`);
  const lines = [
    `# Generated by kubetrace: kube-proxy (iptables mode) on ${nodeName}, cluster CIDR ${podCidr ?? 'unknown'}, masquerade mark ${mark}`,
    '*filter',
    ...filterChains.map((chain) => `:${chain} - [0:0]`),
    '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    ...filterRules,
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts -j DROP',
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`,
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    'COMMIT',
    '*nat',
    ...[...new Set(natChains)].map((chain) => `:${chain} - [0:0]`),
    `-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}`,
    ...nodePortRules,
    `-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN`,
    `-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}`,
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ...serviceRules,
    ...nodePortTarget.map((target) => `-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" ${target} -j KUBE-NODEPORTS`),
    ...groupByChain(natRules, [...new Set(natChains)]),
    'COMMIT',
  ];
  return `${lines.join('\n')}\n`;
}

/** iptables-save prints each chain's rules together, chains in the order they were declared. */
function groupByChain(rules: readonly string[], chains: readonly string[]): string[] {
  const order = new Map(chains.map((chain, index) => [chain, index]));
  const chainOf = (rule: string) => rule.split(' ')[1] ?? '';
  return rules
    .map((rule, index) => ({ rule, index, chain: order.get(chainOf(rule)) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.chain - b.chain || a.index - b.index)
    .map((entry) => entry.rule);
}

/** The random-choice rules of a service chain and each endpoint's DNAT chain. */
function pushBalancing(rules: string[], chains: string[], chain: string, entry: ProxyServicePort, endpoints: ProxyServicePort['endpoints'], writeEndpointChains = true): void {
  const { name, protocol, service } = entry;
  endpoints.forEach((endpoint, index) => {
    const sep = endpointChain(name, protocol, endpoint.address);
    const remaining = endpoints.length - index;
    const affinity = service.sessionAffinity === 'ClientIP' ? ` -m recent --name ${sep} --mask 255.255.255.255 --rsource --rcheck --seconds 10800 --reap` : '';
    if (affinity) rules.push(`-A ${chain} -m comment --comment ${comment(`${name} -> ${endpoint.address}`)}${affinity} -j ${sep}`);
    const statistic = remaining > 1 ? ` -m statistic --mode random --probability ${probability(remaining)}` : '';
    rules.push(`-A ${chain} -m comment --comment ${comment(`${name} -> ${endpoint.address}`)}${statistic} -j ${sep}`);
    if (!writeEndpointChains) return;
    chains.push(sep);
    rules.push(`-A ${sep} -m comment --comment ${comment(name)} -s ${endpoint.ip}/32 -j KUBE-MARK-MASQ`);
    const recent = service.sessionAffinity === 'ClientIP' ? ` -m recent --name ${sep} --mask 255.255.255.255 --rsource --set` : '';
    rules.push(`-A ${sep} -m comment --comment ${comment(name)}${recent} -m ${protocol} -p ${protocol} -j DNAT --to-destination ${endpoint.address}`);
  });
}
