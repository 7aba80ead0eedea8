import type { ClusterSnapshot } from '../snapshot/types';
import { proxyServicePorts, type ProxyServicePort } from './servicePorts';

/** What `ipvsadm -Ln` prints on `nodeName` with kube-proxy in IPVS mode: one virtual server per Service address and port. */
export function renderIpvs(snapshot: ClusterSnapshot, nodeName: string, only: readonly ProxyServicePort[] = proxyServicePorts(snapshot)): string {
  const node = snapshot.nodes.find((candidate) => candidate.name === nodeName);
  const scheduler = snapshot.profile.kubeProxy.scheduler;
  const lines = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'];
  const servers: { address: string; protocol: string; endpoints: string[]; persistence: number | undefined }[] = [];
  for (const entry of only) {
    const protocol = entry.protocol.toUpperCase();
    const endpoints = entry.endpoints.map((endpoint) => endpoint.address);
    // ClientIP affinity is IPVS persistence for the affinity's timeout.
    const persistence = entry.service.sessionAffinity === 'ClientIP' ? entry.service.sessionAffinityTimeoutSeconds : undefined;
    const add = (ip: string, port: number) => servers.push({ address: ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`, protocol, endpoints, persistence });
    if (entry.clusterIP) add(entry.clusterIP, entry.port.port);
    for (const ip of [...entry.service.externalIPs, ...entry.service.loadBalancerIPs]) add(ip, entry.port.port);
    if (entry.port.nodePort !== undefined) for (const ip of node?.addresses ?? []) add(ip, entry.port.nodePort);
  }
  servers.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.address.localeCompare(b.address, 'en', { numeric: true }));
  for (const server of servers) {
    lines.push(`${server.protocol.padEnd(4)} ${server.address} ${scheduler}${server.persistence !== undefined ? ` persistent ${server.persistence}` : ''}`);
    for (const endpoint of server.endpoints) lines.push(`  -> ${endpoint.padEnd(28)} Masq    1      0          0`);
  }
  return `${lines.join('\n')}\n`;
}
