import { cidrContains, parseAddress, parseCidr } from '../cidr';
import { answerUpstream } from '../dns/clusterDns';
import { resolveName } from '../dns/resolver';
import { datapathFacts } from '../cniDatapaths';
import { counted } from '../counted';
import { fnv1a } from '../hash';
import { renderProxyRules } from '../kubeProxy/renderRules';
import { durationWords } from './durationWords';
import { isLocalEndpoint, servicePortsOf, type ProxyEndpoint, type ProxyServicePort } from '../kubeProxy/servicePorts';
import { replacesKubeProxy } from '../kubeProxy/ciliumReplacement';
import { serviceRejection } from '../kubeProxy/rejectedServices';
import { chooseEndpoint } from './serviceBalancing';
import { ciliumTranslation } from './ciliumService';
import { rejectedServiceHop } from './rejectedServiceHop';
import type { ClusterSnapshot, SimGateway, SimNode, SimPod, SimService, SourceRef } from '../snapshot/types';
import { evaluateConnection } from '../policy/evaluate';
import { meshRequest } from './meshRouting';
import { describeHttpRule, passingHttpRule } from '../policy/ciliumHttp';
import { passingDnsRule } from '../policy/ciliumPolicy';
import type { ConnectionVerdict, DirectionVerdict, PolicyPeer } from '../policy/types';
import { routeHttp } from '../routing/routeHttp';
import { routeIngress } from '../routing/ingress';
import { meshGatewaysOf, servedByMeshGateway } from '../mesh/ingressGateway';
import { refTo } from '../snapshot/sourceRef';
import { dataPlanePod } from '../snapshot/gatewayDataPlanes';
import { serviceOfName } from '../references';
import { foreignIngressHost, gatewayAddressFor, ingressAddressFor, meshGatewayAddressFor } from './entryPoints';
import { isIngressControllerPod } from '../routing/ingressController';
import { hasLinkerdProxy, linkerdInbound, throughLinkerdOutbound } from './linkerdTrace';
import { throughMeshGateway } from './meshGatewayTrace';
import { classifyAddress, resolveSource, type ResolvedSource } from './locate';
import { loopbackAddress, throughLoopback } from './loopback';
import { throughPortForward } from './portForward';
import { hasIstioSidecar } from '../mesh/identity';
import { inboundSidecar } from './meshInbound';
import { outsideSidecarEgress, passThroughSidecar, throughOutboundSidecar } from './meshTrace';
import { noteUnappliedServiceRoutes, throughIstioServiceRoutes } from './serviceRouteTrace';
import { TraceBuilder } from './traceBuilder';
import type { EndpointChoice, Packet, Trace, TraceRequest, TraceVerdict } from './types';

/** How the packet crosses between nodes, from the plugin's mode (cniDatapaths.ts). */
function crossingText(snapshot: ClusterSnapshot, from: SimNode, to: SimNode): string {
  const { plugin, datapath, mtu } = snapshot.profile.cni;
  const { encapsulation, overhead } = datapathFacts(plugin, datapath);
  if (encapsulation) {
    const outer = 'udpPort' in encapsulation ? `UDP ${encapsulation.udpPort}` : `IP protocol ${encapsulation.ipProtocol}`;
    const how = encapsulation.name === 'WireGuard' ? 'encrypted and encapsulated by WireGuard' : `encapsulated in ${encapsulation.name}`;
    return `${how} (${outer}, device ${encapsulation.device}) from ${from.addresses[0]} to ${to.addresses[0]}: ${overhead} bytes of headers per packet, so the pod MTU is ${mtu}`;
  }
  if (datapath === 'cloud') return `routed by the cloud network: pod addresses are addresses of ${to.name}'s network interfaces, no encapsulation`;
  if (datapath === 'host-gw') return `routed without encapsulation: a static route sends ${to.name}'s pod range to ${to.addresses[0]}`;
  return `routed without encapsulation: ${to.name}'s pod range is reached via ${to.addresses[0]}, a route learned over BGP`;
}

/**
 * Follows one request hop by hop through the simulated cluster: DNS, kube-proxy (DNAT, SNAT, the endpoint
 * chosen and its alternatives), the CNI between nodes, NetworkPolicy, and the receiving container.
 * Returns a message instead of a trace when the source does not exist.
 */
export function traceRequest(request: TraceRequest, snapshot: ClusterSnapshot): Trace | { readonly error: string } {
  const traced = traceWithBuilder(request, snapshot);
  return 'error' in traced ? traced : traced.trace;
}

/** A trace, and the HTTP status a proxy on the way answered with itself (an ingress controller, Envoy, Linkerd), if one did. */
export function traceWithProxyStatus(request: TraceRequest, snapshot: ClusterSnapshot): { readonly trace: Trace; readonly proxyStatus: number | undefined } | { readonly error: string } {
  const traced = traceWithBuilder(request, snapshot);
  return 'error' in traced ? traced : { trace: traced.trace, proxyStatus: traced.builder.envoyStatus };
}

/** A trace, and the builder that made it (what the mesh's proxies answered, for the `http` query). */
export function traceWithBuilder(request: TraceRequest, snapshot: ClusterSnapshot): { readonly trace: Trace; readonly builder: TraceBuilder } | { readonly error: string } {
  const source = resolveSource(request.from, snapshot);
  if (typeof source === 'string') return { error: source };
  if ((request.from.kind === 'port-forward') !== (request.to.portForward !== undefined)) return { error: 'kubectl port-forward is traced from port-forward to NAMESPACE/TYPE/NAME:PORT (shop/svc/web:80), and only so' };
  const trace = new TraceBuilder(request, snapshot);
  return { trace: traceFrom(trace, source), builder: trace };
}

function traceFrom(trace: TraceBuilder, source: ResolvedSource): Trace {
  const { request } = trace;
  const srcPort = 32768 + (fnv1a(`${source.ip}->${request.to.host}:${request.to.port}`) % 28000);
  trace.hop({
    component: 'client',
    ...(source.node && { node: source.node.name }),
    title: `From ${source.description}`,
    decision: `${source.ip} opens a ${request.protocol} connection to ${request.to.host}:${request.to.port}${request.to.path ? ` (${request.to.scheme}://…${request.to.path})` : ''}.`,
    refs: source.refs,
  });

  if (request.to.portForward) return throughPortForward(trace, request.to.portForward, srcPort);
  // A pod's own loopback: its host-network peers share the node's instead, which the workspace does not describe.
  const loopback = source.pod && !source.pod.hostNetwork ? loopbackAddress(request.to.host) : undefined;
  if (loopback && source.pod) {
    const named = parseAddress(request.to.host) ? [] : [`${request.to.host} is ${loopback} in the pod's /etc/hosts, which the kubelet writes: no DNS query is sent`];
    const packet: Packet = { protocol: request.protocol, src: loopback, srcPort, dst: loopback, dstPort: request.to.port };
    return throughLoopback(trace, source.pod, packet, [...named, 'loopback traffic stays inside the pod: no Service, no NetworkPolicy and no mesh sidecar is involved']);
  }
  let destinationIP = parseAddress(request.to.host)?.address;
  if (!destinationIP) {
    const resolved = resolveDestinationName(trace, source);
    if ('verdict' in resolved) return trace.finish(resolved.verdict);
    destinationIP = resolved.ip;
  }
  const packet: Packet = { protocol: request.protocol, src: source.ip, srcPort, dst: destinationIP, dstPort: request.to.port };
  return followPacket(trace, source, packet);
}

function resolveDestinationName(trace: TraceBuilder, source: ResolvedSource): { ip: string } | { verdict: TraceVerdict } {
  const { snapshot, request } = trace;
  const host = request.to.host;
  if (!source.pod) {
    const answer = answerUpstream(host.endsWith('.') ? host : `${host}.`, 'A', snapshot);
    const address = answer.answer.find((record) => record.type === 'A')?.data as string | undefined;
    const gatewayEntry = address ? undefined : gatewayAddressFor(host, snapshot);
    if (gatewayEntry) {
      trace.hop({
        component: 'dns',
        ...(source.node && { node: source.node.name }),
        title: `DNS lookup of ${host} outside the cluster`,
        decision: `${host} is served by Gateway ${gatewayEntry.gateway.namespace}/${gatewayEntry.gateway.name}: assuming public DNS points it at the Gateway's address ${gatewayEntry.ip}${gatewayEntry.gateway.simulatedAddress ? ' (simulated: the Gateway names no address)' : ''}.`,
        details: ['The manifests cannot say what public DNS holds; set upstreamDNS in the profile to say otherwise.'],
        refs: gatewayEntry.gateway.source ? [gatewayEntry.gateway.source] : [],
      });
      return { ip: gatewayEntry.ip };
    }
    const meshEntry = address || gatewayEntry ? undefined : meshGatewayAddressFor(host, snapshot);
    if (meshEntry) {
      trace.hop({
        component: 'dns',
        ...(source.node && { node: source.node.name }),
        title: `DNS lookup of ${host} outside the cluster`,
        decision: `${host} is served by Istio Gateway ${meshEntry.gateway.id.namespace}/${meshEntry.gateway.id.name}: assuming public DNS points it at the ingress gateway's address ${meshEntry.ip} (Service ${meshEntry.service.namespace}/${meshEntry.service.name}${meshEntry.service.virtual ? ', a stand-in' : ''}).`,
        details: ['The manifests cannot say what public DNS holds; set upstreamDNS in the profile to say otherwise.'],
        refs: [refTo(meshEntry.gateway), ...(meshEntry.service.source ? [meshEntry.service.source] : [])],
      });
      return { ip: meshEntry.ip };
    }
    const entry = address ? undefined : ingressAddressFor(host, snapshot);
    if (entry) {
      trace.hop({
        component: 'dns',
        ...(source.node && { node: source.node.name }),
        title: `DNS lookup of ${host} outside the cluster`,
        decision: `${host} is a host of the cluster's Ingresses: assuming public DNS points it at the ingress controller's address ${entry.ip} (Service ${entry.service.namespace}/${entry.service.name}).`,
        details: ['The manifests cannot say what public DNS holds; set upstreamDNS in the profile to say otherwise.'],
        refs: entry.service.source ? [entry.service.source] : [],
      });
      return { ip: entry.ip };
    }
    trace.hop({
      component: 'dns',
      ...(source.node && { node: source.node.name }),
      title: `DNS lookup of ${host} outside the cluster`,
      decision: address ? `Upstream DNS answers ${address}.` : `Upstream DNS does not resolve ${host} (${answer.rcode}).`,
      details: [`${source.description} does not use the cluster DNS: names in the cluster zone resolve only from pods.`, ...answer.notes, ...(address ? [] : [...unreachableMeshGateway(host, snapshot), ...foreignIngressHost(host, snapshot)])],
      refs: [],
    });
    return address ? { ip: address } : { verdict: { kind: answer.rcode === 'NXDOMAIN' ? 'nxdomain' : 'dns-failure', summary: `${host} does not resolve outside the cluster${answer.rcode === 'NXDOMAIN' ? '' : ` (${answer.rcode})`}` } };
  }
  const pod = source.pod;
  // As getaddrinfo asks with no family: the A answer when there is one, else the AAAA answer (an IPv6-only Service).
  let resolution = resolveName(host, 'A', pod, snapshot);
  let address = addressIn(resolution, 'A');
  if (!address) {
    const ipv6 = resolveName(host, 'AAAA', pod, snapshot);
    address = addressIn(ipv6, 'AAAA');
    if (address) resolution = ipv6;
  }
  const kubeDns = snapshot.services.find((service) => service.namespace === 'kube-system' && service.name === 'kube-dns');
  const answeredBy = resolution.resolvedName ? serviceOfName(resolution.resolvedName, snapshot) : undefined;
  const sourceFamily = parseAddress(source.ip)?.family;
  const dnsServer = kubeDns?.clusterIPs.find((ip) => parseAddress(ip)?.family === sourceFamily) ?? kubeDns?.clusterIPs[0];
  const dnsPacket: Packet = { protocol: 'UDP', src: source.ip, srcPort: 53000 + (fnv1a(host) % 1000), dst: dnsServer ?? '0.0.0.0', dstPort: 53 };
  trace.hop({
    component: 'dns',
    ...(source.node && { node: source.node.name }),
    title: `DNS lookup of ${host}`,
    decision: address
      ? `${resolution.resolvedName} → ${resolution.answer.map((record) => `${record.type} ${typeof record.data === 'string' ? record.data : record.data.target}`).join(', ')} (after ${resolution.tried.length} ${resolution.tried.length === 1 ? 'query' : 'queries'}).`
      : `${resolution.rcode}: no name of the search sequence resolved.`,
    before: dnsPacket,
    details: [`tried: ${resolution.tried.join(', ')}`, ...resolution.notes],
    refs: [...(answeredBy?.source ? [answeredBy.source] : []), ...(kubeDns?.source ? [kubeDns.source] : [])],
  });
  const dnsDenied = dnsPolicy(trace, source, dnsPacket, kubeDns, resolution.resolvedName ?? host);
  if (dnsDenied) return { verdict: dnsDenied };
  if (address) return { ip: address };
  return { verdict: { kind: resolution.rcode === 'NXDOMAIN' ? 'nxdomain' : 'dns-failure', summary: `${host} does not resolve from ${pod.namespace} (${resolution.rcode === 'NXDOMAIN' ? '' : `${resolution.rcode}; `}tried ${resolution.tried.join(', ')})` } };
}

/** Why an Istio Gateway that serves a host gave it no address: no Service with an external address fronts the pods it selects. */
function unreachableMeshGateway(host: string, snapshot: ClusterSnapshot): string[] {
  const gateway = servedByMeshGateway(snapshot, host.toLowerCase().replace(/\.$/, ''));
  if (!gateway) return [];
  const selector = Object.entries(gateway.spec?.selector?.value ?? {}).map(([key, value]) => `${key}=${value}`).join(', ');
  return [`Istio Gateway ${gateway.id.namespace}/${gateway.id.name} serves ${host}, but no LoadBalancer or external-IP Service of the workspace fronts the pods it selects (${selector}), and those are not Istio's default ingress gateway, which Kubetrace stands in for.`];
}

/** The DNS query is a packet to a CoreDNS pod (after kube-proxy's DNAT) and passes NetworkPolicy like any other. */
function dnsPolicy(trace: TraceBuilder, source: ResolvedSource, dnsPacket: Packet, kubeDns: SimService | undefined, name: string): TraceVerdict | undefined {
  const { snapshot } = trace;
  if (!kubeDns) return undefined;
  const endpoints = snapshot.endpoints.get(`${kubeDns.namespace}/${kubeDns.name}`)?.endpoints.filter((endpoint) => endpoint.ready && endpoint.ports['dns'] !== undefined) ?? [];
  const endpoint = endpoints[fnv1a(`${dnsPacket.src}:${dnsPacket.srcPort}`) % Math.max(endpoints.length, 1)];
  const coreDns = endpoint ? snapshot.pods.find((candidate) => candidate.ips.includes(endpoint.ip)) : undefined;
  if (!endpoint || !coreDns) return undefined;
  const afterDnat: Packet = { ...dnsPacket, dst: endpoint.ip, dstPort: endpoint.ports['dns']! };
  // The query leaves from the client: the step is shown on the client's node, where its egress is decided.
  const denied = policyHop(trace, source, coreDns, afterDnat, 'DNS query', source.node?.name ?? coreDns.node, name.replace(/\.$/, ''));
  return denied ? { kind: 'denied', summary: `${denied.summary.replace('the DNS query is denied', 'the DNS query to kube-dns is denied')}; the name never resolves` } : undefined;
}

function followPacket(trace: TraceBuilder, source: ResolvedSource, packet: Packet): Trace {
  const { snapshot } = trace;
  const destination = classifyAddress(packet.dst, snapshot);
  switch (destination.kind) {
    case 'cluster-ip': {
      if (!source.node) {
        return trace.finish({ kind: 'no-route', summary: `${packet.dst} is the ClusterIP of Service ${destination.service.namespace}/${destination.service.name}: ClusterIPs are reachable only from inside the cluster` });
      }
      // A client with an Istio sidecar: its Envoy routes the connection, not kube-proxy.
      const entry = hasIstioSidecar(snapshot, source.pod) || hasLinkerdProxy(trace, source.pod) ? servicePortOfPacket(destination.service, packet, snapshot) : undefined;
      if (entry && hasIstioSidecar(snapshot, source.pod)) {
        const node = source.node;
        const unrouted = () => throughService(trace, { ...source, istioMtls: false }, packet, destination.service, node, 'cluster-ip');
        const deliver = (after: Packet, pod: SimPod, istioMtls: boolean) => toPod(trace, { ...source, istioMtls }, after, pod, node);
        return outsideSidecarEgress(trace, source, packet, entry.service, unrouted) ?? throughIstioServiceRoutes(trace, source.pod!, packet, entry, node, deliver) ?? throughOutboundSidecar(trace, source, packet, entry, node, deliver);
      }
      const proxied = entry && throughLinkerdOutbound(trace, source, packet, entry, source.node, (after, pod) => toPod(trace, source, after, pod, source.node));
      if (proxied) return proxied;
      if (source.pod) noteUnappliedServiceRoutes(trace, source.pod.namespace, packet, destination.service);
      trace.meshBackend ??= { namespace: destination.service.namespace, service: destination.service.name, port: packet.dstPort };
      return throughService(trace, source, packet, destination.service, source.node, 'cluster-ip');
    }
    case 'external-address': {
      const service = destination.service;
      if (source.node) return throughService(trace, source, packet, service, source.node, 'external');
      const entry = servicePortOfPacket(service, packet, snapshot);
      const node = loadBalancerTarget(service, entry, packet, snapshot);
      if (!node) return trace.finish({ kind: 'no-route', summary: `no node of the cluster takes traffic for ${packet.dst}:${packet.dstPort}` });
      const nodePort = entry?.port.nodePort;
      const allowedRanges = service.loadBalancerSourceRanges.map((range) => parseCidr(range)).filter((cidr) => cidr !== undefined);
      if (destination.via === 'loadbalancer' && allowedRanges.length > 0 && !allowedRanges.some((cidr) => cidrContains(cidr, packet.src))) {
        trace.hop({
          component: 'load-balancer',
          title: `Cloud load balancer of Service ${service.namespace}/${service.name}`,
          decision: `${packet.src} is not in loadBalancerSourceRanges (${service.loadBalancerSourceRanges.join(', ')}): the packet is dropped.`,
          before: packet,
          refs: service.source ? [service.source] : [],
        });
        return trace.finish({ kind: 'denied', summary: `${packet.src} is not allowed by loadBalancerSourceRanges of ${service.namespace}/${service.name}: the client times out` });
      }
      const after: Packet = nodePort !== undefined ? { ...packet, dst: node.addresses[0]!, dstPort: nodePort } : packet;
      trace.hop({
        component: 'load-balancer',
        title: `${destination.via === 'loadbalancer' ? 'Cloud load balancer' : 'External IP'} of Service ${service.namespace}/${service.name}`,
        decision:
          service.externalTrafficPolicy === 'Local'
            ? `externalTrafficPolicy: Local: the load balancer's health checks pass only on nodes with a ready local endpoint; it sends the packet to ${node.name}, keeping the client address.`
            : `The load balancer sends the packet to a node (${node.name})${nodePort !== undefined ? ` on NodePort ${nodePort}` : ''}.`,
        before: packet,
        after,
        details: service.loadBalancerSourceRanges.length > 0 ? [`loadBalancerSourceRanges: ${service.loadBalancerSourceRanges.join(', ')}`] : [],
        refs: service.source ? [service.source] : [],
      });
      return throughService(trace, { ...source, node }, after, service, node, 'external');
    }
    case 'node': {
      const service = snapshot.services.find((candidate) => candidate.ports.some((port) => port.nodePort === packet.dstPort && port.protocol === packet.protocol));
      if (!service) {
        return deliverToNode(trace, source, packet, destination.node);
      }
      return throughService(trace, source, packet, service, destination.node, 'node-port');
    }
    case 'pod':
      return toPod(trace, source, packet, destination.pod, source.node);
    case 'gateway':
      return throughGateway(trace, source, destination.gateway, packet);
    case 'unassigned':
      return trace.finish({ kind: 'no-route', summary: `${packet.dst} is in ${destination.range}, but nothing in the cluster has that address: the packet is dropped and the client times out` });
    case 'outside': {
      const dropped = hasIstioSidecar(snapshot, source.pod) ? passThroughSidecar(trace, source, packet) : undefined;
      if (dropped) return dropped;
      const denied = source.pod ? egressPolicyHop(trace, source.pod, packet) : undefined;
      if (denied) return trace.finish(denied);
      trace.hop({
        component: 'egress',
        ...(source.node && { node: source.node.name }),
        title: 'Leaves the cluster',
        decision: source.pod && !source.pod.hostNetwork ? `${packet.dst} is outside the cluster: the node masquerades the pod address to its own (${source.node?.addresses[0]}) and routes the packet out.` : `${packet.dst} is outside the cluster.`,
        before: packet,
        ...(source.pod && !source.pod.hostNetwork && source.node && { after: { ...packet, src: source.node.addresses[0]! } }),
        refs: [],
      });
      return trace.finish({ kind: 'leaves-cluster', summary: `${packet.dst}:${packet.dstPort} is outside the cluster` });
    }
  }
}

function servicePortOfPacket(service: SimService, packet: Packet, snapshot: ClusterSnapshot): ProxyServicePort | undefined {
  return servicePortsOf(snapshot, service).find(
    (entry) =>
      entry.service === service &&
      entry.port.protocol === packet.protocol &&
      (entry.port.port === packet.dstPort || entry.port.nodePort === packet.dstPort),
  );
}

/** Which node a load balancer picks: any node for Cluster policy, a node with a local endpoint for Local. */
function loadBalancerTarget(service: SimService, entry: ProxyServicePort | undefined, packet: Packet, snapshot: ClusterSnapshot): SimNode | undefined {
  const nodes = service.externalTrafficPolicy === 'Local' && entry ? snapshot.nodes.filter((node) => entry.endpoints.some((endpoint) => isLocalEndpoint(endpoint, node.name))) : snapshot.nodes;
  return nodes[fnv1a(`${packet.src}:${packet.srcPort}`) % Math.max(nodes.length, 1)];
}

function serviceRules(snapshot: ClusterSnapshot, node: SimNode, entry: ProxyServicePort): string {
  const lines = renderProxyRules(snapshot, snapshot.profile.kubeProxy.mode, node.name, servicePortsOf(snapshot, entry.service)).split('\n');
  const named = (line: string) =>
    line.includes(`${entry.name} `) || line.includes(`${entry.name}"`) || line.endsWith(entry.name) || line.includes(`/${entry.protocol}/${entry.port.name}`) || (entry.clusterIP !== undefined && line.includes(`${entry.clusterIP}:${entry.port.port}`));
  // Rules that do not name the Service (a bare jump between its chains) belong to it through its chains.
  const chains = new Set(lines.filter(named).flatMap((line) => line.match(/KUBE-(SVC|SVL|EXT|FW|SEP)-[A-Z2-7]{16}/g) ?? []));
  return lines.filter((line) => named(line) || [...chains].some((chain) => line.startsWith(`-A ${chain} `))).join('\n');
}

function throughService(trace: TraceBuilder, source: ResolvedSource, packet: Packet, service: SimService, node: SimNode, via: 'cluster-ip' | 'external' | 'node-port'): Trace {
  const { snapshot } = trace;
  const mode = snapshot.profile.kubeProxy.mode;
  const rejection = serviceRejection(snapshot, service);
  if (rejection) return rejectedServiceHop(trace, packet, service, node, rejection);
  const entry = servicePortOfPacket(service, packet, snapshot);
  const described = `Service ${service.namespace}/${service.name}`;
  const refs: SourceRef[] = [...(entry?.port.source ? [entry.port.source] : service.source ? [service.source] : [])];
  const cilium = replacesKubeProxy(snapshot.profile);
  const component = cilium ? 'cilium' : 'kube-proxy';
  const proxy = cilium ? 'Cilium eBPF service load balancing' : `kube-proxy (${mode})`;
  if (!entry) {
    trace.hop({ component, node: node.name, title: `${proxy} on ${node.name}`, decision: `${described} has no ${packet.protocol} port ${packet.dstPort}: no rule matches, so nothing answers.`, before: packet, refs });
    return trace.finish({ kind: 'no-route', summary: `${described} does not serve ${packet.protocol} port ${packet.dstPort} (ports: ${service.ports.map((port) => `${port.port}/${port.protocol}`).join(', ') || 'none'})` });
  }
  const rules = serviceRules(snapshot, node, entry);
  if (entry.endpoints.length === 0) {
    const excluded = snapshot.endpoints.get(`${service.namespace}/${service.name}`)?.excluded.filter((item) => item.port === entry.port.name) ?? [];
    trace.hop({
      component,
      node: node.name,
      title: `${proxy} on ${node.name}`,
      decision: `${entry.name} has no ready endpoints: ${cilium ? 'Cilium' : 'kube-proxy'} rejects the packet (ICMP port unreachable, "connection refused").`,
      before: packet,
      details: [
        service.selector ? `selector ${Object.entries(service.selector).map(([key, value]) => `${key}=${value}`).join(', ')} matches no ready pod with this port` : 'the Service has no selector and no EndpointSlice names it',
        ...excluded.map((item) => `pod ${item.pod} is left out: ${item.reason}`),
      ],
      ...(!cilium && { rules }),
      refs,
    });
    return trace.finish({ kind: 'no-endpoints', summary: `${described} has no endpoints for port ${entry.port.name || entry.port.port}: connection refused` });
  }
  const external = via !== 'cluster-ip';
  const fromOutside = trace.request.from.kind === 'external';
  const fromPod = source.pod !== undefined && !source.pod.hostNetwork;
  // Pods and the node itself short-circuit a Local external policy to the cluster-wide chain; only outside clients are kept local.
  const localOnly = (external && service.externalTrafficPolicy === 'Local' && fromOutside) || (!external && service.internalTrafficPolicy === 'Local');
  const candidates = localOnly ? entry.endpoints.filter((endpoint) => isLocalEndpoint(endpoint, node.name)) : entry.endpoints;
  if (candidates.length === 0) {
    trace.hop({ component, node: node.name, title: `${proxy} on ${node.name}`, decision: `${entry.name} has endpoints, but none on ${node.name}, and its traffic policy is Local: the packet is dropped.`, before: packet, ...(!cilium && { rules }), refs });
    return trace.finish({ kind: 'no-route', summary: `${described} has no endpoint on ${node.name} and a Local traffic policy: dropped` });
  }
  const choice = chooseEndpoint(snapshot, candidates.length, packet, entry.name);
  const chosenIndex = choice.index;
  const chosen = candidates[chosenIndex]!;
  const hairpin = source.pod?.ips.includes(chosen.ip) ?? false;
  const keepsClient = external ? service.externalTrafficPolicy === 'Local' && (fromOutside || fromPod) : fromPod;
  const translation = cilium ? ciliumTranslation(trace, source, service, chosen, node) : undefined;
  const snat = translation ? translation.snat : snapshot.profile.kubeProxy.masqueradeAll || hairpin || !keepsClient;
  const after: Packet = { ...packet, dst: chosen.ip, dstPort: chosen.port, ...(snat && { src: node.addresses[0]! }) };
  const alternatives: EndpointChoice[] = candidates.map((endpoint, index) => ({
    address: endpoint.address,
    ...(endpoint.pod && { pod: endpoint.pod }),
    ...(endpoint.nodeName && { node: endpoint.nodeName }),
    probability: choice.probabilities[index]!,
    chosen: index === chosenIndex,
  }));
  const translated = `${chosen.address}${chosen.pod ? ` (pod ${chosen.pod})` : ''}, ${choice.words}${snat ? `; SNAT to the node address ${node.addresses[0]}` : '; the client address is kept'}`;
  trace.hop({
    component,
    node: node.name,
    title: `${proxy} on ${node.name}: ${entry.name}`,
    decision: translation ? `${translation.how} to ${translated}.` : `DNAT to ${translated}.`,
    before: packet,
    after,
    details: [
      ...(translation?.details ?? []),
      ...choice.details,
      ...(via === 'node-port' ? [`NodePort ${entry.port.nodePort} on ${node.name}`] : []),
      ...(service.sessionAffinity === 'ClientIP' ? [`sessionAffinity: ClientIP: later connections from this client go to the same endpoint until ${durationWords(service.sessionAffinityTimeoutSeconds)} pass without one`] : []),
      ...(localOnly ? [`traffic policy Local: only endpoints on ${node.name} are candidates`] : []),
      ...(snat && !translation ? [snatReason(snapshot, source, chosen, external)] : []),
    ],
    ...(!cilium && { rules }),
    alternatives,
    refs,
  });
  const pod = snapshot.pods.find((candidate) => candidate.ips.includes(chosen.ip) && !candidate.hostNetwork);
  if (!pod) {
    const nodeTarget = snapshot.nodes.find((candidate) => candidate.addresses.includes(chosen.ip));
    if (nodeTarget) return deliverToNode(trace, { ...source, node }, after, nodeTarget);
    trace.hop({ component: 'egress', node: node.name, title: 'Endpoint outside the cluster', decision: `${chosen.address} is not a pod of the workspace: the packet is routed to it from ${node.name}.`, before: after, refs: [] });
    return trace.finish({ kind: 'leaves-cluster', summary: `${described} sends the connection to ${chosen.address}, outside the cluster's pods` });
  }
  return toPod(trace, { ...source, node }, after, pod, node);
}

function snatReason(snapshot: ClusterSnapshot, source: ResolvedSource, chosen: ProxyEndpoint, external: boolean): string {
  if (snapshot.profile.kubeProxy.masqueradeAll) return 'masqueradeAll is set: every Service packet is masqueraded';
  if (source.pod?.ips.includes(chosen.ip)) return 'hairpin: the pod reaches itself through its Service, so the source is masqueraded';
  if (external) return 'externalTrafficPolicy: Cluster: the packet may be forwarded to another node, so the client address is replaced by the node\'s';
  return 'the source is not a pod address (KUBE-MARK-MASQ for traffic from outside the cluster CIDR)';
}

function cniHop(trace: TraceBuilder, packet: Packet, from: SimNode | undefined, to: SimNode | undefined): void {
  const { snapshot } = trace;
  const { plugin, datapath } = snapshot.profile.cni;
  if (!from || !to) return;
  if (from.name === to.name) {
    trace.hop({ component: 'cni', node: to.name, title: `${plugin}: same node`, decision: `Source and destination are both on ${to.name}: the packet goes from one pod interface to the other through the node (${plugin === 'flannel' ? 'veth → cni0 bridge → veth' : plugin === 'cilium' ? 'eBPF redirect between veths' : 'veth → host route → veth'}), without leaving it.`, before: packet, refs: [] });
    return;
  }
  trace.hop({
    component: 'cni',
    node: from.name,
    title: `${plugin} (${datapath}): ${from.name} → ${to.name}`,
    decision: `The packet crosses to ${to.name}: ${crossingText(snapshot, from, to)}.`,
    before: packet,
    details: [`${to.name}'s pod range: ${to.podCIDRs.map((cidr) => cidr.text).join(', ') || 'unknown'}`],
    refs: [],
  });
}

/** The peer a policy sees for an address: the pod that has it, or an address outside the pod network. */
function peerFor(ip: string, snapshot: ClusterSnapshot, pod?: SimPod): PolicyPeer {
  if (pod && pod.ips.includes(ip)) return { kind: 'pod', pod, ip };
  const owner = snapshot.pods.find((candidate) => !candidate.hostNetwork && candidate.ips.includes(ip));
  return owner ? { kind: 'pod', pod: owner, ip } : { kind: 'external', ip };
}

/**
 * The policy verdict said once: the decision names the verdict and the rule that decided it; the details add
 * only what it does not say (the nearest miss, the tiers passed before the last, the other direction's verdict).
 */
function policyWords(verdict: ConnectionVerdict, what: string, names: { egress: string; ingress: string }, cni: string): { decision: string; details: string[] } {
  const directions = [verdict.egress, verdict.ingress].filter((direction): direction is DirectionVerdict => direction !== undefined);
  const denied = directions.find((direction) => !direction.allowed);
  const deciding = denied ? [denied] : directions;
  const reasons = deciding.map((direction) => direction.chain.at(-1)?.explanation).join('; ') || 'no policy applies outside the cluster';
  const decision = !denied ? `The ${what} is allowed: ${reasons}.` : verdict.enforced ? `The ${what} is denied: ${reasons}.` : `The policies would deny the ${what} (${reasons}), but ${cni} does not enforce NetworkPolicy: it goes through.`;
  const details = directions.flatMap((direction) => {
    const who = `${direction.direction.toLowerCase()} of ${direction.direction === 'Egress' ? names.egress : names.ingress}`;
    if (!deciding.includes(direction)) return [`${who}: ${direction.allowed ? 'allowed' : 'denied too'}: ${direction.chain.map((decision) => decision.explanation).join(' → ')}`];
    return [
      ...(direction.chain.length > 1 ? [`${who}, before that: ${direction.chain.slice(0, -1).map((decision) => decision.explanation).join(' → ')}`] : []),
      ...(direction.nearestMiss ? [`nearest miss: ${direction.nearestMiss}`] : []),
    ];
  });
  return { decision, details };
}

/**
 * Evaluates NetworkPolicy and the admin tiers for a packet (after DNAT, on pod addresses); returns the verdict when it stops the packet.
 * `node` is where the hop is shown: the destination pod's by default, the client's for its DNS query.
 */
function policyHop(trace: TraceBuilder, source: ResolvedSource, pod: SimPod, packet: Packet, what = 'connection', node = pod.node, dnsName?: string): TraceVerdict | undefined {
  const from = peerFor(packet.src, trace.snapshot, source.pod);
  const verdict = evaluateConnection({ from, to: { kind: 'pod', pod, ip: packet.dst }, protocol: packet.protocol, port: packet.dstPort }, trace.snapshot);
  return verdictHop(trace, verdict, packet, what, { egress: from.kind === 'pod' ? `${from.pod.namespace}/${from.pod.name}` : from.ip, ingress: `${pod.namespace}/${pod.name}` }, node, dnsName);
}

/**
 * The egress policy of a pod's connection to an address outside the cluster, with the name the client dialled
 * (Cilium's toFQDNs match it); returns the verdict when it stops the packet.
 */
function egressPolicyHop(trace: TraceBuilder, pod: SimPod, packet: Packet): TraceVerdict | undefined {
  const host = trace.request.to.host;
  const verdict = evaluateConnection({ from: { kind: 'pod', pod, ip: packet.src }, to: { kind: 'external', ip: packet.dst, ...(host !== undefined && { host }) }, protocol: packet.protocol, port: packet.dstPort }, trace.snapshot);
  const egress = verdict.egress;
  // A pod nothing restricts says nothing here: the hop would only repeat "not isolated".
  if (!egress || (egress.allowed && egress.chain.every((decision) => decision.action === 'NotIsolated'))) return undefined;
  return verdictHop(trace, verdict, packet, 'connection', { egress: `${pod.namespace}/${pod.name}`, ingress: packet.dst }, pod.node);
}

/**
 * A policy verdict as the trace's hop (and the hop of Cilium's proxy where an allowed connection passes it); the
 * verdict that stops the packet, if any. `dnsName` is the name a DNS query asks for.
 */
function verdictHop(trace: TraceBuilder, verdict: ConnectionVerdict, packet: Packet, what: string, names: { egress: string; ingress: string }, node: string | undefined, dnsName?: string): TraceVerdict | undefined {
  trace.notes.push(...verdict.notes);
  const { decision, details } = policyWords(verdict, what, names, trace.snapshot.profile.cni.plugin);
  trace.hop({
    component: 'network-policy',
    ...(node && { node }),
    title: `NetworkPolicy: ${verdict.allowed ? 'allowed' : 'denied'}${verdict.enforced ? '' : ' (not enforced)'}`,
    decision,
    before: packet,
    details,
    refs: [verdict.egress, verdict.ingress].flatMap((direction) => direction?.chain.flatMap((step) => step.refs) ?? []),
  });
  if (verdict.allowed && verdict.enforced) return dnsName !== undefined ? ciliumDnsProxyHop(trace, verdict, packet, node, dnsName) : ciliumProxyHop(trace, verdict, packet, node);
  if (verdict.allowed || !verdict.enforced) return undefined;
  const denied = [verdict.egress, verdict.ingress].find((direction) => direction && !direction.allowed)!;
  const decided = denied.chain.at(-1)!;
  const by = decided.policy ? `${decided.tier} ${decided.policy}` : decided.tier;
  return { kind: 'denied', summary: `the ${what} is denied by ${by} (${denied.direction.toLowerCase()} of ${denied.direction === 'Egress' ? names.egress : names.ingress}): the packet is dropped and the client times out` };
}

/** Cilium's DNS proxy, where a client's DNS was allowed only for some names: a query for another name is refused. */
function ciliumDnsProxyHop(trace: TraceBuilder, verdict: ConnectionVerdict, packet: Packet, node: string | undefined, name: string): TraceVerdict | undefined {
  const gate = verdict.egress?.dnsGate;
  if (!gate) return undefined;
  const passing = passingDnsRule(gate, name);
  const allowedNames = gate.rules.map(({ rule, policy }) => `${rule.matchName ? rule.matchName.value : `pattern ${rule.matchPattern?.value ?? '?'}`} (${policy})`);
  const base = { component: 'cilium' as const, ...(node && { node }), title: "Cilium's DNS proxy", before: packet };
  if (!passing) {
    trace.hop({ ...base, decision: `The query for ${name} matches no DNS rule of the policies that allow the client's DNS: Cilium's DNS proxy answers REFUSED.`, details: allowedNames.map((allowed) => `allowed: ${allowed}`), refs: gate.rules.map((rule) => rule.ref) });
    return { kind: 'denied', summary: `Cilium's DNS proxy refuses the query for ${name} (no DNS rule of ${[...new Set(gate.rules.map((rule) => rule.policy))].join(', ')} allows it)` };
  }
  trace.hop({ ...base, decision: `The query for ${name} matches ${passing.rule.matchName ? passing.rule.matchName.value : `pattern ${passing.rule.matchPattern?.value}`} of ${passing.policy}: the proxy forwards it, and Cilium learns the answer for toFQDNs rules.`, refs: [passing.ref] });
  return undefined;
}

/**
 * Cilium's L7 proxy, where an allowed connection was allowed only for some HTTP requests: the request passes a rule
 * or the proxy answers 403. A trace without an HTTP request says which requests would pass.
 */
function ciliumProxyHop(trace: TraceBuilder, verdict: ConnectionVerdict, packet: Packet, node: string | undefined): TraceVerdict | undefined {
  const gates = [verdict.egress?.httpGate, verdict.ingress?.httpGate].filter((gate) => gate !== undefined);
  if (gates.length === 0) return undefined;
  const rules = gates.flatMap((gate) => gate.rules);
  const listed = rules.map((entry) => `${describeHttpRule(entry.rule)} (${entry.policy})`);
  const base = { component: 'cilium' as const, ...(node && { node }), title: "Cilium's L7 proxy (HTTP)", before: packet };
  if (!trace.request.to.scheme) {
    trace.hop({ ...base, decision: `The connection is allowed only for the HTTP requests Cilium's rules allow; its proxy answers any other request with 403.`, details: listed.map((rule) => `allowed: ${rule}`), refs: rules.map((entry) => entry.ref) });
    return undefined;
  }
  const request = meshRequest(trace);
  const gated = { method: request.method, path: request.path, headers: request.headers, ...(request.authority !== undefined && { host: request.authority }) };
  const refused = gates.find((gate) => passingHttpRule(gate, gated) === undefined);
  if (refused) {
    trace.hop({ ...base, decision: `${request.method} ${request.path} matches no HTTP rule of the policies that allow this connection: Cilium's proxy answers 403 (Access denied).`, details: listed.map((rule) => `allowed: ${rule}`), refs: refused.rules.map((entry) => entry.ref) });
    return { kind: 'denied', summary: `HTTP 403: no Cilium HTTP rule allows ${request.method} ${request.path} (${[...new Set(refused.rules.map((entry) => entry.policy))].join(', ')})` };
  }
  const passing = gates.map((gate) => passingHttpRule(gate, gated)!);
  trace.hop({ ...base, decision: `${request.method} ${request.path} matches ${passing.map((entry) => `${describeHttpRule(entry.rule)} of ${entry.policy}`).join(' and ')}: the proxy forwards it.`, refs: passing.map((entry) => entry.ref) });
  return undefined;
}

function toPod(trace: TraceBuilder, source: ResolvedSource, packet: Packet, pod: SimPod, from: SimNode | undefined): Trace {
  const { snapshot } = trace;
  const podNode = snapshot.nodes.find((node) => node.name === pod.node);
  cniHop(trace, packet, from, podNode);
  const denied = policyHop(trace, source, pod, packet);
  if (denied) return trace.finish(denied);
  const refused = hasIstioSidecar(snapshot, pod) ? inboundSidecar(trace, source, packet, pod) : hasLinkerdProxy(trace, pod) ? linkerdInbound(trace, source, packet, pod) : undefined;
  if (refused) return trace.finish(refused);
  const declared = pod.containers.flatMap((container) => container.ports.map((port) => ({ container: container.name, ...port })));
  const listening = declared.find((port) => port.port === packet.dstPort && port.protocol === packet.protocol);
  const refs = [...(listening?.source ? [listening.source] : pod.source ? [pod.source] : [])];
  // containerPort is informational: a process listens where its arguments or configuration say, declared or not.
  const undeclared = declared.length > 0 && !listening;
  trace.hop({
    component: 'container',
    ...(pod.node && { node: pod.node }),
    title: `Pod ${pod.namespace}/${pod.name}`,
    decision: listening
      ? `Container ${listening.container} declares ${packet.protocol} ${packet.dstPort}${listening.name ? ` (${listening.name})` : ''}: the connection is delivered.`
      : undeclared
        ? `No container of the pod declares ${packet.protocol} port ${packet.dstPort} (declared: ${declared.map((port) => `${port.port}/${port.protocol}`).join(', ')}): the connection is delivered, and accepted if the application listens on ${packet.dstPort}.`
        : `No container declares any port; assuming the application listens on ${packet.dstPort}.`,
    before: packet,
    ...(undeclared && { details: [`port ${packet.dstPort} is not declared: containerPort is informational, and an application may listen on a port its arguments or configuration set; if nothing listens there, the connection is refused`] }),
    refs,
  });
  if (isIngressControllerPod(pod, snapshot) && trace.request.to.scheme && !trace.routed) {
    trace.routed = true;
    return throughIngressController(trace, pod, packet, source.ip);
  }
  if (trace.request.to.scheme && !trace.routed && meshGatewaysOf(snapshot, pod).length > 0) {
    trace.routed = true;
    const gatewayNode = snapshot.nodes.find((node) => node.name === pod.node);
    const gateway: ResolvedSource = { ip: pod.ips[0]!, ...(gatewayNode && { node: gatewayNode }), pod, description: `Istio ingress gateway ${pod.namespace}/${pod.name}`, refs: pod.source ? [pod.source] : [] };
    return throughMeshGateway(trace, pod, packet, (after, backend, istioMtls) => toPod(trace, { ...gateway, istioMtls }, after, backend, gatewayNode));
  }
  return trace.finish({ kind: 'delivered', summary: `delivered to pod ${pod.namespace}/${pod.name} at ${packet.dst}:${packet.dstPort}${undeclared ? ' (a port no container declares)' : ''}` });
}

/**
 * The Host header a proxy routes by: the one the client set (`curl -H 'Host: …'`, or `--resolve` connecting a name
 * to an address), else the URL's name; none for a bare address.
 */
function hostHeader(to: TraceRequest['to']): string | undefined {
  const given = to.headers?.['host'];
  if (given !== undefined) return given.replace(/:\d+$/, '');
  return parseAddress(to.host) ? undefined : to.host;
}

/** The ingress controller reads the HTTP request, picks a backend by the Ingress rules and connects straight to one of its endpoints. */
function throughIngressController(trace: TraceBuilder, controller: SimPod, arrived: Packet, clientIP: string): Trace {
  const { snapshot, request } = trace;
  const scheme = request.to.scheme === 'https' ? 'https' : 'http';
  const host = hostHeader(request.to);
  // The Ingresses only: ingress-nginx does not serve Gateway API routes, nor another controller's Ingresses.
  // nginx sees the connection's source ($remote_addr): the client's address only where nothing masqueraded it on the way.
  const http = { method: (request.to.method ?? 'GET').toUpperCase(), headers: request.to.headers ?? {} };
  const result = routeIngress({ ...(host && { host }), path: request.to.path ?? '/', ...http, scheme, port: request.to.port, clientAddress: arrived.src }, snapshot);
  const backendText = result.backend ? `Service ${result.backend.namespace}/${result.backend.service} port ${result.backend.port ?? '?'}` : 'no backend';
  const clientSeen = arrived.src === clientIP ? [] : [`the controller sees the connection from ${arrived.src}, not the client's own address: that is the address whitelist-source-range and the access log see (the client's ${clientIP} survives only where nothing masquerades it, such as externalTrafficPolicy: Local)`];
  trace.hop({
    component: 'ingress-controller',
    ...(controller.node && { node: controller.node }),
    title: `Ingress controller ${controller.namespace}/${controller.name}`,
    decision: `${result.rule} → ${backendText} (HTTP ${result.status})${result.backendPath !== undefined ? `; the backend receives ${result.backendPath}` : ''}.`,
    before: arrived,
    details: [...result.notes, ...clientSeen],
    refs: result.refs,
  });
  // The controller answers these itself: the status the client sees.
  if (result.status === 308 || result.answeredByProxy || !result.backend || result.status >= 400) trace.envoyStatus = result.status;
  if (result.status === 308) return trace.finish({ kind: 'delivered', summary: `the ingress controller answers HTTP 308: ${result.rule}` });
  if (result.answeredByProxy) return trace.finish({ kind: 'http-error', summary: `the ingress controller answers HTTP ${result.status} itself: ${result.rule}` });
  if (!result.backend || result.status >= 400) {
    return trace.finish({ kind: result.status === 503 ? 'no-endpoints' : 'no-route', summary: `the ingress controller answers HTTP ${result.status}: ${result.rule}` });
  }
  if (result.backendPath !== undefined) trace.rewrittenPath = result.backendPath;
  const service = snapshot.services.find((candidate) => candidate.namespace === result.backend!.namespace && candidate.name === result.backend!.service)!;
  const port = service.ports.find((candidate) => candidate.port === result.backend!.port)!;
  const endpoints = snapshot.endpoints.get(`${service.namespace}/${service.name}`)?.endpoints.filter((endpoint) => endpoint.ready && endpoint.ports[port.name] !== undefined) ?? [];
  const chosen = endpoints[fnv1a(`${arrived.src}:${arrived.srcPort}->${service.name}`) % endpoints.length]!;
  const upstream: Packet = { protocol: 'TCP', src: controller.ips[0]!, srcPort: 40000 + (fnv1a(controller.name) % 20000), dst: chosen.ip, dstPort: chosen.ports[port.name]! };
  trace.hop({
    component: 'ingress-controller',
    ...(controller.node && { node: controller.node }),
    title: 'Controller → endpoint',
    decision: `The controller connects to ${chosen.ip}:${upstream.dstPort}${chosen.pod ? ` (pod ${chosen.pod})` : ''} itself, ${endpoints.length === 1 ? 'the only endpoint' : `one of ${counted(endpoints.length, 'endpoint')}`} of ${backendText}, not through the ClusterIP (ingress-nginx without service-upstream).`,
    before: upstream,
    alternatives: endpoints.map((endpoint) => ({ address: `${endpoint.ip}:${endpoint.ports[port.name]}`, ...(endpoint.pod && { pod: endpoint.pod }), ...(endpoint.nodeName && { node: endpoint.nodeName }), probability: 1 / endpoints.length, chosen: endpoint === chosen })),
    refs: port.source ? [port.source] : [],
  });
  const backendPod = snapshot.pods.find((candidate) => candidate.ips.includes(chosen.ip) && !candidate.hostNetwork);
  const controllerNode = snapshot.nodes.find((node) => node.name === controller.node);
  if (!backendPod) return trace.finish({ kind: 'leaves-cluster', summary: `the backend endpoint ${chosen.ip} is not a pod of the workspace` });
  return toPod(trace, { ip: controller.ips[0]!, ...(controllerNode && { node: controllerNode }), pod: controller, description: `ingress controller ${controller.namespace}/${controller.name}`, refs: [] }, upstream, backendPod, controllerNode);
}

/**
 * A Gateway's data plane: the listener and route that match, then straight to an endpoint of the backend. Where the
 * implementation is known, its pods (the workspace's, else a stand-in laid out as its controller deploys them)
 * receive the connection and open the upstream one, and policies see them; otherwise policies see the Gateway's
 * address.
 */
function throughGateway(trace: TraceBuilder, source: ResolvedSource, gateway: SimGateway, arrived: Packet): Trace {
  const { snapshot, request } = trace;
  const plane = gateway.dataPlane;
  const planePod = dataPlanePod(gateway, snapshot);
  if (plane && planePod) {
    const containerPort = plane.ports.find((entry) => entry.port === arrived.dstPort)?.containerPort ?? arrived.dstPort;
    const delivered: Packet = { ...arrived, dst: planePod.ips[0]!, dstPort: containerPort };
    trace.hop({
      component: 'gateway',
      ...(planePod.node && { node: planePod.node }),
      title: `${plane.implementation} data plane of Gateway ${gateway.namespace}/${gateway.name}`,
      decision: `${plane.implementation} serves the Gateway from ${planePod.source ? `pod ${planePod.namespace}/${planePod.name}` : `its own pods (${plane.namespace}/${plane.name}, not in the workspace: a stand-in laid out as ${plane.implementation} deploys them takes their place)`}; listener port ${arrived.dstPort} is served on container port ${containerPort}.`,
      before: arrived,
      after: delivered,
      refs: gateway.source ? [gateway.source] : [],
    });
    const denied = policyHop(trace, source, planePod, delivered, "connection to the Gateway's pods");
    if (denied) return trace.finish(denied);
  }
  const scheme = request.to.scheme === 'https' ? 'https' : 'http';
  const host = hostHeader(request.to);
  const result = routeHttp({ ...(host && { host }), path: request.to.path ?? '/', method: 'GET', headers: {}, scheme, port: arrived.dstPort, gateway: { namespace: gateway.namespace, name: gateway.name } }, snapshot);
  const backendText = result.backend ? `Service ${result.backend.namespace}/${result.backend.service} port ${result.backend.port ?? '?'}` : 'no backend';
  trace.hop({
    component: 'gateway',
    title: `Gateway ${gateway.namespace}/${gateway.name}`,
    decision: `${result.rule} → ${backendText} (HTTP ${result.status}).`,
    before: arrived,
    details: [...result.notes, ...(result.split ? [`split: ${result.split.map((entry) => `${entry.backend.service} weight ${entry.weight}${entry.chosen ? ' (followed)' : ''}`).join(', ')}`] : [])],
    refs: result.refs,
  });
  if (!result.backend || result.status >= 400) {
    return trace.finish({ kind: result.status === 503 ? 'no-endpoints' : 'no-route', summary: `the Gateway answers HTTP ${result.status}: ${result.rule}` });
  }
  const service = snapshot.services.find((candidate) => candidate.namespace === result.backend!.namespace && candidate.name === result.backend!.service)!;
  const port = service.ports.find((candidate) => candidate.port === result.backend!.port) ?? service.ports[0]!;
  const endpoints = snapshot.endpoints.get(`${service.namespace}/${service.name}`)?.endpoints.filter((endpoint) => endpoint.ready && endpoint.ports[port.name] !== undefined) ?? [];
  const chosen = endpoints[fnv1a(`${arrived.src}:${arrived.srcPort}->${service.name}`) % endpoints.length]!;
  const sourceIP = planePod?.ips[0] ?? gateway.addresses[0]!;
  const upstream: Packet = { protocol: 'TCP', src: sourceIP, srcPort: 40000 + (fnv1a(gateway.name) % 20000), dst: chosen.ip, dstPort: chosen.ports[port.name]! };
  trace.hop({
    component: 'gateway',
    ...(planePod?.node && { node: planePod.node }),
    title: 'Gateway → endpoint',
    decision: `The Gateway's data plane connects to ${chosen.ip}:${upstream.dstPort}${chosen.pod ? ` (pod ${chosen.pod})` : ''}, ${endpoints.length === 1 ? 'the only endpoint' : `one of ${counted(endpoints.length, 'endpoint')}`}. ${planePod ? `NetworkPolicy sees pod ${planePod.namespace}/${planePod.name} (${sourceIP}).` : `Its pods are not in the workspace, so NetworkPolicy sees the Gateway's address ${sourceIP}.`}`,
    before: upstream,
    alternatives: endpoints.map((endpoint) => ({ address: `${endpoint.ip}:${endpoint.ports[port.name]}`, ...(endpoint.pod && { pod: endpoint.pod }), ...(endpoint.nodeName && { node: endpoint.nodeName }), probability: 1 / endpoints.length, chosen: endpoint === chosen })),
    refs: port.source ? [port.source] : [],
  });
  const backendPod = snapshot.pods.find((candidate) => candidate.ips.includes(chosen.ip) && !candidate.hostNetwork);
  if (!backendPod) return trace.finish({ kind: 'leaves-cluster', summary: `the backend endpoint ${chosen.ip} is not a pod of the workspace` });
  if (!planePod) {
    trace.notes.push("the Gateway implementation's own pods are not in the workspace and its implementation is not one Kubetrace knows: its hop has no node and policies see its address");
    return toPod(trace, { ip: sourceIP, description: `Gateway ${gateway.namespace}/${gateway.name}`, refs: [] }, upstream, backendPod, undefined);
  }
  const planeNode = snapshot.nodes.find((node) => node.name === planePod.node);
  const dataPlane: ResolvedSource = { ip: sourceIP, pod: planePod, ...(planeNode && { node: planeNode }), description: `${plane!.implementation} data plane of Gateway ${gateway.namespace}/${gateway.name}`, refs: planePod.source ? [planePod.source] : [] };
  return toPod(trace, dataPlane, upstream, backendPod, planeNode);
}

function deliverToNode(trace: TraceBuilder, source: ResolvedSource, packet: Packet, node: SimNode): Trace {
  const pod = trace.snapshot.pods.find((candidate) => candidate.hostNetwork && candidate.node === node.name && candidate.containers.some((container) => container.ports.some((port) => port.port === packet.dstPort)));
  if (pod) return toPod(trace, source, packet, pod, source.node);
  trace.hop({ component: 'node', node: node.name, title: `Node ${node.name}`, decision: `${packet.dst} is node ${node.name}, and no Service NodePort or host-network pod in the workspace uses port ${packet.dstPort}.`, before: packet, refs: node.source ? [node.source] : [] });
  return trace.finish({ kind: 'not-listening', summary: `nothing in the workspace listens on ${node.name} port ${packet.dstPort}` });
}

function addressIn(resolution: { readonly answer: readonly { readonly type: string; readonly data: unknown }[] }, type: 'A' | 'AAAA'): string | undefined {
  const data = resolution.answer.find((record) => record.type === type)?.data;
  return typeof data === 'string' ? data : undefined;
}
