import { parseAddress } from '../cidr';
import type { HttpRequest } from './types';

/**
 * Reads an `http` query: the URL's host is the Host header (an explicit `host` overrides it; an address sends
 * no name), its port picks the listener; `from` is `external` (the address 198.51.100.7, as a trace's), `external:IP`
 * or a workload (`ns/name`) for east-west routes.
 */
export function readHttpRequest(raw: Record<string, unknown>, podLabels: (namespace: string, name: string) => Record<string, string> | undefined): HttpRequest | string {
  if (typeof raw['url'] !== 'string') return 'an http request needs "url"';
  let url: URL;
  try {
    url = new URL(raw['url']);
  } catch {
    return `cannot read "${raw['url']}" as a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http and https URLs can be routed, not ${url.protocol}`;
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const host = typeof raw['host'] === 'string' ? raw['host'] : parseAddress(hostname) ? undefined : url.port ? `${hostname}:${url.port}` : hostname;
  const headers: Record<string, string> = {};
  if (raw['headers'] !== undefined) {
    if (typeof raw['headers'] !== 'object' || raw['headers'] === null) return '"headers" must be an object of strings';
    for (const [name, value] of Object.entries(raw['headers'])) if (typeof value === 'string') headers[name] = value;
  }
  const gateway = raw['gateway'] as { namespace?: unknown; name?: unknown } | undefined;
  if (gateway !== undefined && (typeof gateway !== 'object' || typeof gateway.namespace !== 'string' || typeof gateway.name !== 'string')) return '"gateway" must be {"namespace": ..., "name": ...}';
  const from = raw['from'] ?? 'external';
  if (typeof from !== 'string') return '"from" must be "external" or a workload NAMESPACE/NAME';
  let client: HttpRequest['from'];
  let clientAddress: string | undefined;
  if (from === 'external') clientAddress = '198.51.100.7';
  else if (from.startsWith('external:')) {
    clientAddress = parseAddress(from.slice('external:'.length))?.address;
    if (!clientAddress) return `"${from}" does not name an IP address`;
  } else {
    const [namespace, name] = from.split('/');
    if (!namespace || !name) return `"from" must be "external" or NAMESPACE/NAME, not ${from}`;
    const labels = podLabels(namespace, name);
    if (!labels) return `there is no workload ${from}`;
    client = { namespace, labels, name };
  }
  return {
    ...(host !== undefined && { host }),
    path: `${url.pathname}${url.search}`,
    method: typeof raw['method'] === 'string' ? raw['method'].toUpperCase() : 'GET',
    headers,
    scheme,
    port: url.port ? Number(url.port) : scheme === 'https' ? 443 : 80,
    ...(gateway && { gateway: { namespace: gateway.namespace as string, name: gateway.name as string } }),
    ...(client && { from: client }),
    ...(clientAddress && { clientAddress }),
  };
}
