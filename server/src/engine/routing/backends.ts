import type { ClusterSnapshot } from '../snapshot/types';
import { serviceNamed } from '../snapshot/indexes';

/** A route's port for a Service, by number or by the Service port's name, resolved to the number. */
export function resolveServicePort(snapshot: ClusterSnapshot, namespace: string, name: string, written: number | string | undefined): { number: number | undefined; name?: string } {
  const service = serviceNamed(snapshot, namespace, name);
  if (typeof written === 'number') {
    const port = service?.ports.find((candidate) => candidate.port === written);
    return { number: written, ...(port?.name && { name: port.name }) };
  }
  if (typeof written === 'string') {
    const port = service?.ports.find((candidate) => candidate.name === written);
    return { number: port?.port, name: written };
  }
  const only = service?.ports.length === 1 ? service.ports[0] : undefined;
  return { number: only?.port, ...(only?.name && { name: only.name }) };
}

/**
 * 200 when the Service exists and has a ready endpoint for the port, 503 otherwise (the backend is still
 * named): what ingress-nginx and Gateway implementations answer.
 */
export function backendStatus(snapshot: ClusterSnapshot, namespace: string, name: string, port: number | undefined): { status: number; note?: string } {
  const service = serviceNamed(snapshot, namespace, name);
  if (!service) return { status: 503, note: `Service ${namespace}/${name} does not exist: 503` };
  const servicePort = service.ports.find((candidate) => candidate.port === port) ?? (port === undefined ? service.ports[0] : undefined);
  if (!servicePort) return { status: 503, note: `Service ${namespace}/${name} has no port ${port}: 503` };
  const endpoints = snapshot.endpoints.get(`${namespace}/${name}`)?.endpoints.filter((endpoint) => endpoint.ready && endpoint.ports[servicePort.name] !== undefined) ?? [];
  if (endpoints.length === 0) return { status: 503, note: `Service ${namespace}/${name} has no ready endpoint for port ${servicePort.port}: 503` };
  return { status: 200 };
}
