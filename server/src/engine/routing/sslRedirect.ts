import type { Ingress } from '../objects';
import { booleanAnnotation } from './nginxAnnotations';
import type { HttpRequest } from './types';

/**
 * The Ingress that gives a host its certificate: ingress-nginx gives a server (a host of the rules) a
 * certificate when an Ingress with a rule for that host has a TLS section, the listed secret when the
 * section lists the host, else the default certificate (controller.go createServers; kubernetes/ingress-nginx#3258).
 * A request's host falls back to the wildcard `*.parent` as certificate.lua's get_pem_cert_uid does.
 */
function certificateOf(host: string, ingresses: readonly Ingress[]): { ingress: Ingress; listed: boolean } | undefined {
  const lower = host.toLowerCase();
  for (const candidate of [lower, lower.replace(/^[^.]+\./, '*.')]) {
    for (const ingress of ingresses) {
      const tls = ingress.spec?.tls?.value ?? [];
      if (tls.length === 0 || !(ingress.spec?.rules?.value ?? []).some((rule) => rule.host?.value.toLowerCase() === candidate)) continue;
      return { ingress, listed: tls.some((entry) => (entry.hosts?.value ?? []).some((listed) => listed.value.toLowerCase() === candidate)) };
    }
  }
  return undefined;
}

/**
 * Whether ingress-nginx answers a plain-HTTP request with its 308 redirect to HTTPS, and why (lua_ingress.lua
 * redirect_to_https): `force-ssl-redirect` always; otherwise `ssl-redirect` (true unless the location's Ingress
 * says false) when the request's host has a certificate. Undefined when there is nothing to say.
 */
export function httpsRedirect(location: Ingress, host: string | undefined, request: HttpRequest, served: readonly Ingress[]): { readonly redirects: boolean; readonly why: string } | undefined {
  if (request.scheme !== 'http') return undefined;
  const name = `Ingress ${location.id.namespace}/${location.id.name}`;
  if (booleanAnnotation(location, 'force-ssl-redirect')) {
    return { redirects: true, why: `force-ssl-redirect on ${name}: ingress-nginx answers plain HTTP with a 308 redirect to HTTPS, certificate or not; the route shown is the one HTTPS takes` };
  }
  const certificate = host === undefined ? undefined : certificateOf(host, served);
  if (!certificate) {
    if ((location.spec?.tls?.value.length ?? 0) === 0) return undefined;
    return { redirects: false, why: `${name} has TLS, but ${host === undefined ? 'a request that names no host' : `host ${host}`} has no certificate: ingress-nginx redirects to HTTPS only hosts with one (ssl-redirect), so plain HTTP is served` };
  }
  const source = `spec.tls of Ingress ${certificate.ingress.id.namespace}/${certificate.ingress.id.name}${certificate.listed ? '' : ', which does not list it: ingress-nginx gives it the default certificate'}`;
  if (booleanAnnotation(location, 'ssl-redirect') === false) {
    return { redirects: false, why: `host ${host} has a certificate (${source}), but ssl-redirect is "false" on ${name}: plain HTTP is served` };
  }
  return { redirects: true, why: `host ${host} has a certificate (${source}), so ingress-nginx answers plain HTTP with a 308 redirect to HTTPS (ssl-redirect); the route shown is the one HTTPS takes` };
}

/**
 * The redirect of a request no path of its host matches: ingress-nginx's catch-all location of the host's server
 * carries no Ingress's annotations, so ssl-redirect is the ConfigMap's default (true) and only the certificate decides.
 */
export function unmatchedPathRedirect(host: string | undefined, request: HttpRequest, served: readonly Ingress[]): string | undefined {
  if (request.scheme !== 'http' || host === undefined) return undefined;
  const certificate = certificateOf(host, served);
  if (!certificate) return undefined;
  return `no path of host ${host} matches, but the host has a certificate (spec.tls of Ingress ${certificate.ingress.id.namespace}/${certificate.ingress.id.name}): ingress-nginx's catch-all location for it answers plain HTTP with a 308 redirect to HTTPS (ssl-redirect) before anything else`;
}
