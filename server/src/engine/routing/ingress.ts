import { counted } from '../counted';
import type { HTTPIngressPath, Ingress, IngressBackend } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot } from '../snapshot/types';
import { ingressHostMatches, requestHostname } from './hostnames';
import { backendStatus, resolveServicePort } from './backends';
import { readIngressClass } from './ingressClass';
import type { HttpRequest, RouteResult } from './types';

/** The Ingresses the profile's controller serves (see readIngressClass), and those it leaves to other controllers. */
export function servedIngresses(snapshot: ClusterSnapshot): { ingresses: Ingress[]; others: Ingress[] } {
  const ingresses: Ingress[] = [];
  const others: Ingress[] = [];
  for (const ingress of objectsOfType(snapshot, 'Ingress')) (readIngressClass(ingress, snapshot).served ? ingresses : others).push(ingress);
  return { ingresses, others };
}

/** Element-wise prefix match: `/foo` matches `/foo`, `/foo/` and `/foo/bar`, not `/foobar`; trailing slashes are ignored. */
function prefixMatches(prefix: string, path: string): boolean {
  const want = prefix.split('/').filter((part) => part !== '');
  const have = path.split('/').filter((part) => part !== '');
  return want.length <= have.length && want.every((part, index) => have[index] === part);
}

function pathMatches(entry: HTTPIngressPath, path: string): boolean {
  const written = entry.path?.value ?? '/';
  const type = entry.pathType?.value ?? 'ImplementationSpecific';
  if (type === 'Exact') return written === path;
  return prefixMatches(written, path);
}

interface Candidate {
  readonly ingress: Ingress;
  readonly entry: HTTPIngressPath;
  readonly host: string | undefined;
}

/** The paths of these Ingresses that match a request, best first: its host's rules (exact, else wildcard, else hostless). */
function matchingPaths(ingresses: readonly Ingress[], host: string | undefined, path: string) {
  const rules = ingresses.flatMap((ingress) => (ingress.spec?.rules?.value ?? []).map((rule) => ({ ingress, rule })));
  // Exact hosts first, then wildcards, then rules without a host.
  const exact = rules.filter(({ rule }) => host !== undefined && rule.host && !rule.host.value.startsWith('*') && ingressHostMatches(rule.host.value, host));
  const wildcard = rules.filter(({ rule }) => host !== undefined && rule.host?.value.startsWith('*.') && ingressHostMatches(rule.host.value, host));
  const hostless = rules.filter(({ rule }) => !rule.host);
  const matchedRules = exact.length > 0 ? exact : wildcard.length > 0 ? wildcard : hostless;
  const candidates: Candidate[] = matchedRules.flatMap(({ ingress, rule }) => (rule.http?.paths?.value ?? []).map((entry) => ({ ingress, entry, host: rule.host?.value })));
  const matching = candidates.filter((candidate) => pathMatches(candidate.entry, path));
  // Longest path wins; on equal length Exact beats Prefix.
  matching.sort(
    (a, b) =>
      (b.entry.path?.value ?? '/').length - (a.entry.path?.value ?? '/').length ||
      Number(b.entry.pathType?.value === 'Exact') - Number(a.entry.pathType?.value === 'Exact'),
  );
  return { matchedRules, matching };
}

/** Routes a request through the Ingresses, as the Kubernetes Ingress specification and ingress-nginx do. */
export function routeIngress(request: HttpRequest, snapshot: ClusterSnapshot): RouteResult {
  const { ingresses, others } = servedIngresses(snapshot);
  const notes: string[] = [];
  const host = requestHostname(request.host);
  const path = request.path.split('?')[0] || '/';
  const { matchedRules, matching } = matchingPaths(ingresses, host, path);
  for (const candidate of matching) {
    if (candidate.entry.pathType?.value === 'ImplementationSpecific' || !candidate.entry.pathType) {
      notes.push(`path ${candidate.entry.path?.value ?? '/'} of Ingress ${candidate.ingress.id.namespace}/${candidate.ingress.id.name} is ImplementationSpecific: read as a Prefix, as ingress-nginx does without use-regex`);
      break;
    }
  }
  const winner = matching[0];
  if (winner) {
    if (!readIngressClass(winner.ingress, snapshot).className) notes.push(`Ingress ${winner.ingress.id.namespace}/${winner.ingress.id.name} names no class: the controller's class ${snapshot.profile.ingressController.className} is taken as the default`);
    if (matching.length > 1) notes.push(`${counted(matching.length - 1, 'other path')} also ${matching.length === 2 ? 'matches and loses' : 'match and lose'} to the longer or Exact ${winner.entry.path?.value ?? '/'}`);
    addAnnotationNotes(winner.ingress, request, notes);
    const routed = fromBackend(winner.entry.backend, winner.ingress, snapshot, `Ingress ${winner.ingress.id.namespace}/${winner.ingress.id.name}: host ${winner.host ?? '*'} path ${winner.entry.path?.value ?? '/'} (${winner.entry.pathType?.value ?? 'ImplementationSpecific'})`, notes, refTo(winner.ingress, winner.entry.span, 'path'));
    return redirectsToHttps(winner.ingress, request) ? { ...routed, status: 308 } : routed;
  }
  const withDefault = [...new Set(matchedRules.map(({ ingress }) => ingress)), ...ingresses].find((ingress) => ingress.spec?.defaultBackend);
  if (withDefault) {
    return fromBackend(withDefault.spec!.defaultBackend, withDefault, snapshot, `Ingress ${withDefault.id.namespace}/${withDefault.id.name}: no host and path rule matches, so its defaultBackend`, notes, refTo(withDefault, withDefault.spec!.defaultBackend!.span, 'spec.defaultBackend'));
  }
  // An Ingress of another class that would match: its controller, not this one, answers for it.
  const elsewhere = matchingPaths(others, host, path).matching[0]?.ingress;
  return {
    status: 404,
    backend: null,
    rule: elsewhere
      ? `no Ingress the controller serves matches ${host ?? '(no host)'}${path}: Ingress ${elsewhere.id.namespace}/${elsewhere.id.name} does, but ${readIngressClass(elsewhere, snapshot).why}. The controller's own default backend answers 404 (ingress-nginx)`
      : `no Ingress rule matches ${host ?? '(no host)'}${path}, and no Ingress has a defaultBackend: the controller's own default backend answers 404 (ingress-nginx)`,
    via: 'ingress',
    notes,
    refs: elsewhere ? [refTo(elsewhere, elsewhere.spec?.ingressClassName?.span, elsewhere.spec?.ingressClassName && 'spec.ingressClassName')] : [],
  };
}

function redirectsToHttps(ingress: Ingress, request: HttpRequest): boolean {
  const hasTls = (ingress.spec?.tls?.value.length ?? 0) > 0;
  return hasTls && request.scheme === 'http' && ingress.metadata.annotations?.value['nginx.ingress.kubernetes.io/ssl-redirect'] !== 'false';
}

function addAnnotationNotes(ingress: Ingress, request: HttpRequest, notes: string[]): void {
  const annotations = ingress.metadata.annotations?.value ?? {};
  const prefix = 'nginx.ingress.kubernetes.io/';
  for (const name of ['rewrite-target', 'use-regex', 'service-upstream', 'backend-protocol']) {
    if (annotations[prefix + name] !== undefined) notes.push(`${prefix}${name}: ${annotations[prefix + name]}`);
  }
  if (redirectsToHttps(ingress, request)) {
    notes.push('the Ingress has TLS, so ingress-nginx answers plain HTTP with a 308 redirect to HTTPS (ssl-redirect); the route shown is the one HTTPS takes');
  }
}

function fromBackend(backend: IngressBackend | undefined, ingress: Ingress, snapshot: ClusterSnapshot, rule: string, notes: string[], ref: ReturnType<typeof refTo>): RouteResult {
  const namespace = ingress.id.namespace ?? 'default';
  if (!backend?.service?.name) {
    return { status: 404, backend: null, rule: `${rule}: a resource backend (${backend?.resource?.kind?.value ?? 'none'}), which only some controllers serve`, via: 'ingress', notes, refs: [ref] };
  }
  const service = backend.service.name.value;
  const written = backend.service.port?.number?.value ?? backend.service.port?.name?.value;
  const port = resolveServicePort(snapshot, namespace, service, written);
  const status = backendStatus(snapshot, namespace, service, port.number);
  if (status.note) notes.push(status.note);
  return {
    status: status.status,
    backend: { namespace, service, port: port.number, ...(port.name && { portName: port.name }) },
    rule,
    via: 'ingress',
    route: `${namespace}/${ingress.id.name}`,
    notes,
    refs: [ref],
  };
}
