import { cidrContains, parseCidr } from '../cidr';
import type { ClusterSnapshot } from '../snapshot/types';
import { endpointChain, externalChain, firewallChain, localServiceChain, serviceChain } from './chainNames';
import { clusterCidr, masqueradeMark, nodePortIPs, nodePortsOnAllAddresses, proxyPolicy, proxyServicePorts, sourceRanges, type ProxyEndpoint, type ProxyServicePort } from './servicePorts';

/** kube-proxy quotes a comment only when it has a space. */
function comment(text: string): string {
  return text.includes(' ') ? `"${text}"` : text;
}

/** `probability(n)` of kube-proxy: 1/n with ten decimals. */
function probability(remaining: number): string {
  return (1 / remaining).toFixed(10);
}

/**
 * The iptables-restore payload that kube-proxy (iptables mode, current releases) writes on `nodeName`: its filter
 * and nat tables, IPv4, chain lines first and then the rules, in the order proxier.go writes them (Services by
 * name, where kube-proxy walks a map).
 */
export function renderIptables(snapshot: ClusterSnapshot, nodeName: string, only: readonly ProxyServicePort[] = proxyServicePorts(snapshot)): string {
  const node = snapshot.nodes.find((candidate) => candidate.name === nodeName);
  const mark = masqueradeMark(snapshot);
  const podCidr = clusterCidr(snapshot);
  const { masqueradeAll, nodePortAddresses, localhostNodePorts, masqueradeRandomFully } = snapshot.profile.kubeProxy;
  const ports = only.filter((entry) => entry.clusterIP !== undefined && !entry.clusterIP.includes(':'));

  const filterChains = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL'];
  const filterRules: string[] = [];
  const natChains = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'];
  const natRules = [
    `-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN`,
    `-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}`,
    `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${masqueradeRandomFully ? ' --random-fully' : ''}`,
    `-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}`,
  ];
  if (localhostNodePorts) {
    // route_localnet opens NodePorts on 127.0.0.1; this rule keeps other hosts from using it (issue 90259).
    filterChains.push('KUBE-FIREWALL');
    filterRules.push('-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP');
  }

  for (const entry of ports) {
    const { name, protocol, service } = entry;
    const clusterIP = entry.clusterIP!;
    const port = entry.port.port;
    const match = `-m ${protocol} -p ${protocol}`;
    const policy = proxyPolicy(entry, nodeName);
    const svcChain = serviceChain(name, protocol);
    const svlChain = localServiceChain(name, protocol);
    const extChain = externalChain(name, protocol);
    const fwChain = firewallChain(name, protocol);
    const internalChain = policy.internalLocal ? svlChain : svcChain;
    const externalPolicyChain = policy.externalLocal ? svlChain : svcChain;
    const usesExternalChain = policy.hasEndpoints && policy.externallyAccessible;
    const ranges = sourceRanges(service, 'IPv4');
    const usesFirewall = policy.hasEndpoints && service.loadBalancerIPs.length > 0 && ranges.length > 0;
    const loadBalancerChain = usesFirewall ? fwChain : extChain;
    // With no endpoints anywhere kube-proxy rejects; with none on this node for a Local policy it drops.
    const filter = policy.hasEndpoints ? { target: 'DROP', comment: comment(`${name} has no local endpoints`) } : { target: 'REJECT', comment: comment(`${name} has no endpoints`) };

    if (policy.hasInternalEndpoints) {
      natRules.push(`-A KUBE-SERVICES -m comment --comment ${comment(`${name} cluster IP`)} ${match} -d ${clusterIP} --dport ${port} -j ${internalChain}`);
    } else {
      filterRules.push(`-A KUBE-SERVICES -m comment --comment ${filter.comment} ${match} -d ${clusterIP} --dport ${port} -j ${filter.target}`);
    }
    for (const ip of service.externalIPs) {
      if (policy.hasEndpoints) natRules.push(`-A KUBE-SERVICES -m comment --comment ${comment(`${name} external IP`)} ${match} -d ${ip} --dport ${port} -j ${extChain}`);
      if (!policy.hasExternalEndpoints) filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${filter.comment} ${match} -d ${ip} --dport ${port} -j ${filter.target}`);
    }
    for (const ip of service.loadBalancerIPs) {
      if (policy.hasEndpoints) natRules.push(`-A KUBE-SERVICES -m comment --comment ${comment(`${name} loadbalancer IP`)} ${match} -d ${ip} --dport ${port} -j ${loadBalancerChain}`);
      if (usesFirewall) filterRules.push(`-A KUBE-PROXY-FIREWALL -m comment --comment ${comment(`${name} traffic not accepted by ${fwChain}`)} ${match} -d ${ip} --dport ${port} -j DROP`);
    }
    if (!policy.hasExternalEndpoints) {
      for (const ip of service.loadBalancerIPs) filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${filter.comment} ${match} -d ${ip} --dport ${port} -j ${filter.target}`);
    }
    const nodePort = entry.port.nodePort;
    if (nodePort !== undefined) {
      if (policy.hasEndpoints) {
        // Counted with nfacct so that the localhost NodePorts still in use show in kube-proxy's metrics.
        if (localhostNodePorts) natRules.push(`-A KUBE-NODEPORTS -m comment --comment ${comment(name)} ${match} -d 127.0.0.0/8 --dport ${nodePort} -m nfacct --nfacct-name localhost_nps_accepted_pkts -j ${extChain}`);
        natRules.push(`-A KUBE-NODEPORTS -m comment --comment ${comment(name)} ${match} --dport ${nodePort} -j ${extChain}`);
      }
      if (!policy.hasExternalEndpoints) filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${filter.comment} -m addrtype --dst-type LOCAL ${match} --dport ${nodePort} -j ${filter.target}`);
    }
    // apiservice.NeedsHealthCheck: a LoadBalancer with a Local external policy.
    if (service.healthCheckNodePort !== undefined && service.type === 'LoadBalancer' && service.externalTrafficPolicy === 'Local') {
      filterRules.push(`-A KUBE-NODEPORTS -m comment --comment ${comment(`${name} health check node port`)} -m tcp -p tcp --dport ${service.healthCheckNodePort} -j ACCEPT`);
    }

    if (policy.hasInternalEndpoints) {
      const masqueradeSource = masqueradeAll ? '' : podCidr ? ` ! -s ${podCidr}` : undefined;
      if (masqueradeSource !== undefined) natRules.push(`-A ${internalChain} -m comment --comment ${comment(`${name} cluster IP`)} ${match} -d ${clusterIP} --dport ${port}${masqueradeSource} -j KUBE-MARK-MASQ`);
    }
    if (usesExternalChain) {
      natChains.push(extChain);
      if (!policy.externalLocal) {
        natRules.push(`-A ${extChain} -m comment --comment ${comment(`masquerade traffic for ${name} external destinations`)} -j KUBE-MARK-MASQ`);
      } else {
        // Pods and the node itself reach the Service as if through the load balancer: any endpoint will do.
        if (podCidr) natRules.push(`-A ${extChain} -m comment --comment ${comment(`pod traffic for ${name} external destinations`)} -s ${podCidr} -j ${svcChain}`);
        natRules.push(`-A ${extChain} -m comment --comment ${comment(`masquerade LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
        natRules.push(`-A ${extChain} -m comment --comment ${comment(`route LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j ${svcChain}`);
      }
      if (policy.hasExternalEndpoints) natRules.push(`-A ${extChain} -j ${externalPolicyChain}`);
    }
    if (usesFirewall) {
      natChains.push(fwChain);
      const allowed = comment(`${name} loadbalancer IP`);
      for (const range of ranges) natRules.push(`-A ${fwChain} -m comment --comment ${allowed} -s ${range} -j ${extChain}`);
      // A VIP the node holds itself loops a node's own request back with the VIP as its source.
      const nodeIP = node?.addresses.find((address) => !address.includes(':'));
      if (nodeIP && ranges.some((range) => cidrContains(parseCidr(range)!, nodeIP))) {
        for (const ip of service.loadBalancerIPs) natRules.push(`-A ${fwChain} -m comment --comment ${allowed} -s ${ip} -j ${extChain}`);
      }
      natRules.push(`-A ${fwChain} -m comment --comment ${comment(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`)}`);
    }
    if (policy.usesClusterChain) {
      natChains.push(svcChain);
      pushBalancing(natRules, svcChain, entry, entry.endpoints);
    }
    if (policy.usesLocalChain) {
      natChains.push(svlChain);
      pushBalancing(natRules, svlChain, entry, policy.localEndpoints);
    }
    for (const endpoint of policy.reachableEndpoints) {
      const sep = endpointChain(name, protocol, endpoint.address);
      natChains.push(sep);
      natRules.push(`-A ${sep} -m comment --comment ${comment(name)} -s ${endpoint.ip} -j KUBE-MARK-MASQ`);
      const recent = service.sessionAffinity === 'ClientIP' ? ` -m recent --name ${sep} --set` : '';
      natRules.push(`-A ${sep} -m comment --comment ${comment(name)}${recent} ${match} -j DNAT --to-destination ${endpoint.address}`);
    }
  }

  const nodePortsComment = '"kubernetes service nodeports; NOTE: this must be the last rule in this chain"';
  if (nodePortsOnAllAddresses(nodePortAddresses)) {
    natRules.push(`-A KUBE-SERVICES -m comment --comment ${nodePortsComment} -m addrtype --dst-type LOCAL${localhostNodePorts ? '' : ' ! -d 127.0.0.0/8'} -j KUBE-NODEPORTS`);
  } else {
    for (const ip of nodePortIPs(snapshot, nodeName, nodePortAddresses)) natRules.push(`-A KUBE-SERVICES -m comment --comment ${nodePortsComment} -d ${ip} -j KUBE-NODEPORTS`);
  }
  filterRules.push(
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP',
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`,
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  );

  const lines = [
    `# Generated by kubetrace: kube-proxy (iptables mode) on ${nodeName}, cluster CIDR ${podCidr ?? 'unknown'}, masquerade mark ${mark}`,
    '*filter',
    ...filterChains.map((chain) => `:${chain} - [0:0]`),
    ...filterRules,
    'COMMIT',
    '*nat',
    ...natChains.map((chain) => `:${chain} - [0:0]`),
    ...natRules,
    'COMMIT',
  ];
  return `${lines.join('\n')}\n`;
}

/** writeServiceToEndpointRules: the session-affinity checks first, then one random choice per endpoint. */
function pushBalancing(rules: string[], chain: string, entry: ProxyServicePort, endpoints: readonly ProxyEndpoint[]): void {
  const { name, protocol, service } = entry;
  const commentOf = (endpoint: ProxyEndpoint) => comment(`${name} -> ${endpoint.address}`);
  if (service.sessionAffinity === 'ClientIP') {
    for (const endpoint of endpoints) {
      const sep = endpointChain(name, protocol, endpoint.address);
      rules.push(`-A ${chain} -m comment --comment ${commentOf(endpoint)} -m recent --name ${sep} --rcheck --seconds ${service.sessionAffinityTimeoutSeconds} --reap -j ${sep}`);
    }
  }
  endpoints.forEach((endpoint, index) => {
    const remaining = endpoints.length - index;
    const statistic = remaining > 1 ? ` -m statistic --mode random --probability ${probability(remaining)}` : '';
    rules.push(`-A ${chain} -m comment --comment ${commentOf(endpoint)}${statistic} -j ${endpointChain(name, protocol, endpoint.address)}`);
  });
}
