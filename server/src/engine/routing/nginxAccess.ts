import { cidrContains, parseAddress, parseCidr } from '../cidr';
import type { Ingress } from '../objects';
import { NGINX_PREFIX as PREFIX } from './nginxAnnotations';
import type { HttpRequest } from './types';

/** An answer ingress-nginx gives itself in its access phase, before proxying. */
export interface AccessAnswer {
  readonly status: number;
  readonly why: string;
}

function header(request: HttpRequest, name: string): string | undefined {
  return Object.entries(request.headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** whitelist-source-range's entries: CIDRs, or addresses taken as one host, as net.ParseIPNets reads them. */
function sourceRanges(text: string) {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const address = parseAddress(entry);
      return parseCidr(address ? `${address.address}/${address.family === 'IPv4' ? 32 : 128}` : entry);
    });
}

/**
 * The location's access rules, in the order nginx applies them (whitelist-source-range's allow/deny, then
 * auth-type basic, then auth-url's auth_request): the first that refuses answers; the notes say what passed
 * and what cannot be known from manifests. `client` is the address nginx sees ($remote_addr).
 */
export function accessAnswer(location: Ingress, request: HttpRequest, client: string | undefined, notes: string[]): AccessAnswer | undefined {
  const annotations = location.metadata.annotations?.value ?? {};
  const name = `Ingress ${location.id.namespace}/${location.id.name}`;
  const ranges = annotations[PREFIX + 'whitelist-source-range'];
  if (ranges !== undefined) {
    const cidrs = sourceRanges(ranges);
    if (cidrs.some((cidr) => cidr === undefined)) {
      // The annotation parser refuses the whole value and ingress-nginx denies the location (503).
      return { status: 503, why: `whitelist-source-range "${ranges}" on ${name} is not a list of CIDRs: ingress-nginx denies the location` };
    }
    if (client === undefined) notes.push(`whitelist-source-range ${ranges}: not checked, the request names no client address`);
    else if (!cidrs.some((cidr) => cidr && cidrContains(cidr, client))) return { status: 403, why: `the client address ${client} is outside whitelist-source-range ${ranges} of ${name}: ingress-nginx answers 403 Forbidden` };
    else notes.push(`whitelist-source-range ${ranges}: the client address ${client} is inside`);
  }
  const credentials = header(request, 'authorization');
  if (annotations[PREFIX + 'auth-type'] === 'basic') {
    const secret = annotations[PREFIX + 'auth-secret'];
    const realm = annotations[PREFIX + 'auth-realm'];
    if (!credentials) return { status: 401, why: `auth-type basic on ${name}${realm ? ` (realm "${realm}")` : ''}: the request has no Authorization header, so ingress-nginx answers 401 Unauthorized` };
    notes.push(`auth-type basic: the request has an Authorization header and is taken as passing; Kubetrace cannot check the password against ${secret ? `Secret ${secret}` : 'the auth-secret'}`);
  }
  const authUrl = annotations[PREFIX + 'auth-url'];
  if (authUrl !== undefined) {
    const signin = annotations[PREFIX + 'auth-signin'];
    const cookie = header(request, 'cookie');
    if (!credentials && !cookie) {
      return signin
        ? { status: 302, why: `auth-url ${authUrl} on ${name}: the request carries no credentials (no Authorization or Cookie header), the auth service is taken to refuse it, and auth-signin sends the client to ${signin} (302)` }
        : { status: 401, why: `auth-url ${authUrl} on ${name}: the request carries no credentials (no Authorization or Cookie header), the auth service is taken to answer 401, which ingress-nginx passes on` };
    }
    notes.push(`auth-url ${authUrl}: the request carries ${credentials ? 'an Authorization' : 'a Cookie'} header and is taken as accepted; the auth service decides, and Kubetrace cannot ask it`);
  }
  return undefined;
}
