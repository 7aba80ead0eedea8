import type { Ingress } from '../objects';

/** ingress-nginx's annotation prefix (its default --annotations-prefix). */
export const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

/** The annotations whose effect the routing simulates (sslRedirect.ts, nginxAccess.ts, nginxRewrite.ts). */
const SIMULATED = new Set(['ssl-redirect', 'force-ssl-redirect', 'whitelist-source-range', 'auth-type', 'auth-secret', 'auth-realm', 'auth-url', 'auth-signin', 'rewrite-target', 'use-regex']);

/** An annotation read as ingress-nginx's parser reads a boolean (Go's strconv.ParseBool); undefined when absent or not a boolean. */
export function booleanAnnotation(ingress: Ingress, name: string): boolean | undefined {
  const value = ingress.metadata.annotations?.value[NGINX_PREFIX + name];
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return undefined;
}

/** The ingress-nginx annotations of an Ingress the simulation does not act on, said as such. */
export function unsimulatedAnnotations(ingress: Ingress): string | undefined {
  const names = Object.keys(ingress.metadata.annotations?.value ?? {})
    .filter((key) => key.startsWith(NGINX_PREFIX) && !SIMULATED.has(key.slice(NGINX_PREFIX.length)))
    .sort();
  if (names.length === 0) return undefined;
  return `not simulated (the answer may differ): ${names.map((key) => `${key}: ${ingress.metadata.annotations!.value[key]}`).join(', ')}`;
}
