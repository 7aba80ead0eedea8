import type { ClusterSnapshot } from './types';

/** What `kubectl get endpoints -n NAMESPACE` prints: ready addresses with their ports, three at most and "+ N more...". */
export function renderEndpointsTable(snapshot: ClusterSnapshot, namespace: string): string {
  const rows = snapshot.services
    .filter((service) => service.namespace === namespace && service.type !== 'ExternalName')
    .map((service) => {
      const endpoints = snapshot.endpoints.get(`${service.namespace}/${service.name}`)?.endpoints.filter((endpoint) => endpoint.ready) ?? [];
      const pairs = endpoints.flatMap((endpoint) => Object.values(endpoint.ports).map((port) => `${endpoint.ip.includes(':') ? `[${endpoint.ip}]` : endpoint.ip}:${port}`));
      const shown = pairs.slice(0, 3).join(',');
      const text = pairs.length === 0 ? '<none>' : pairs.length > 3 ? `${shown} + ${pairs.length - 3} more...` : shown;
      return [service.name, text];
    });
  const width = Math.max(4, ...rows.map(([name]) => name!.length)) + 3;
  const lines = [`${'NAME'.padEnd(width)}ENDPOINTS`, ...rows.map(([name, text]) => `${name!.padEnd(width)}${text}`)];
  return `${lines.join('\n')}\n`;
}
