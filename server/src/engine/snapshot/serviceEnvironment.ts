import type { ClusterSnapshot, SimService } from './types';

/** `my-svc` → `MY_SVC`, as the kubelet names Service environment variables. */
function envName(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/**
 * The Docker-link style variables the kubelet gives a pod for every Service of its namespace (and the
 * `kubernetes` Service of `default`), when enableServiceLinks is on (the default): `<SVC>_SERVICE_HOST`,
 * `<SVC>_SERVICE_PORT`, `<SVC>_PORT_<port>_<PROTO>_ADDR` and the rest. Headless and ExternalName Services give none.
 */
export function serviceEnvironment(namespace: string, snapshot: ClusterSnapshot): Record<string, string> {
  const services = snapshot.services.filter(
    (service) => (service.namespace === namespace || (service.namespace === 'default' && service.name === 'kubernetes')) && !service.headless && service.type !== 'ExternalName' && service.clusterIPs.length > 0,
  );
  const variables: Record<string, string> = {};
  for (const service of services.sort((a, b) => a.name.localeCompare(b.name))) Object.assign(variables, variablesOf(service));
  return variables;
}

function variablesOf(service: SimService): Record<string, string> {
  const prefix = envName(service.name);
  const ip = service.clusterIPs[0]!;
  const host = ip.includes(':') ? `[${ip}]` : ip;
  const variables: Record<string, string> = {};
  const first = service.ports[0];
  if (!first) return variables;
  variables[`${prefix}_SERVICE_HOST`] = ip;
  variables[`${prefix}_SERVICE_PORT`] = String(first.port);
  for (const port of service.ports) if (port.name) variables[`${prefix}_SERVICE_PORT_${envName(port.name)}`] = String(port.port);
  variables[`${prefix}_PORT`] = `${first.protocol.toLowerCase()}://${host}:${first.port}`;
  for (const port of service.ports) {
    const base = `${prefix}_PORT_${port.port}_${port.protocol}`;
    variables[base] = `${port.protocol.toLowerCase()}://${host}:${port.port}`;
    variables[`${base}_PROTO`] = port.protocol.toLowerCase();
    variables[`${base}_PORT`] = String(port.port);
    variables[`${base}_ADDR`] = ip;
  }
  return variables;
}
