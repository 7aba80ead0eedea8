import { counted } from '../counted';
import type { HTTPIngressPath, Ingress, IngressBackend } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import { refTo } from '../snapshot/sourceRef';
import type { ClusterSnapshot } from '../snapshot/types';
import { ingressHostMatches, requestHostname } from './hostnames';
import { backendStatus, resolveServicePort } from './backends';
import { readIngressClass } from './ingressClass';
import { accessAnswer } from './nginxAccess';
import { unsimulatedAnnotations } from './nginxAnnotations';
import { pathsAreRegex, regexPathMatches, rewrittenPath } from './nginxRewrite';
import { httpsRedirect, unmatchedPathRedirect } from './sslRedirect';
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

/** With use-regex (or rewrite-target) on the host, a path other than Exact is a case-insensitive regex anchored at the start. */
function pathMatches(entry: HTTPIngressPath, path: string, regex: boolean): boolean {
  const written = entry.path?.value ?? '/';
  const type = entry.pathType?.value ?? 'ImplementationSpecific';
  if (type === 'Exact') return written === path;
  return regex ? regexPathMatches(written, path) : prefixMatches(written, path);
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
  const regex = pathsAreRegex(matchedRules.map(({ ingress }) => ingress));
  const matching = candidates.filter((candidate) => pathMatches(candidate.entry, path, regex));
  // Longest path wins (ingress-nginx orders a server's locations by length, and nginx takes the first regex that matches); on equal length Exact beats Prefix.
  matching.sort(
    (a, b) =>
      (b.entry.path?.value ?? '/').length - (a.entry.path?.value ?? '/').length ||
      Number(b.entry.pathType?.value === 'Exact') - Number(a.entry.pathType?.value === 'Exact'),
  );
  return { matchedRules, matching, regex };
}

/** Routes a request through the Ingresses, as the Kubernetes Ingress specification and ingress-nginx do. */
export function routeIngress(request: HttpRequest, snapshot: ClusterSnapshot): RouteResult {
  const { ingresses, others } = servedIngresses(snapshot);
  const notes: string[] = [];
  const host = requestHostname(request.host);
  const path = request.path.split('?')[0] || '/';
  const { matchedRules, matching, regex } = matchingPaths(ingresses, host, path);
  if (regex) notes.push(`use-regex (or rewrite-target) on an Ingress of host ${host ?? '*'}: ingress-nginx reads every path of the host, except Exact ones, as a case-insensitive regex anchored at the start`);
  for (const candidate of matching) {
    if (!regex && (candidate.entry.pathType?.value === 'ImplementationSpecific' || !candidate.entry.pathType)) {
      notes.push(`path ${candidate.entry.path?.value ?? '/'} of Ingress ${candidate.ingress.id.namespace}/${candidate.ingress.id.name} is ImplementationSpecific: read as a Prefix, as ingress-nginx does without use-regex`);
      break;
    }
  }
  const winner = matching[0];
  if (winner) {
    const location = winner.ingress;
    const written = winner.entry.path?.value ?? '/';
    if (!readIngressClass(location, snapshot).className) notes.push(`Ingress ${location.id.namespace}/${location.id.name} names no class: the controller's class ${snapshot.profile.ingressController.className} is taken as the default`);
    if (matching.length > 1) notes.push(`${counted(matching.length - 1, 'other path')} also ${matching.length === 2 ? 'matches and loses' : 'match and lose'} to the longer or Exact ${written}`);
    const unsimulated = unsimulatedAnnotations(location);
    if (unsimulated) notes.push(unsimulated);
    const rule = `Ingress ${location.id.namespace}/${location.id.name}: host ${winner.host ?? '*'} path ${written} (${winner.entry.pathType?.value ?? 'ImplementationSpecific'})`;
    const ref = refTo(location, winner.entry.span, 'path');
    // nginx's rewrite phase (the HTTPS redirect) comes before its access phase (allow/deny, auth).
    const redirect = httpsRedirect(location, host, request, ingresses);
    if (redirect) notes.push(redirect.why);
    const refused = redirect?.redirects ? undefined : accessAnswer(location, request, request.clientAddress, notes);
    if (refused) return { status: refused.status, backend: null, rule: `${rule}: ${refused.why}`, via: 'ingress', route: `${location.id.namespace}/${location.id.name}`, answeredByProxy: true, notes, refs: [ref, refTo(location, location.metadata.annotations?.span, 'metadata.annotations')] };
    const backendPath = regex ? rewrittenPath(location, written, request.path) : undefined;
    if (backendPath !== undefined) notes.push(`rewrite-target ${location.metadata.annotations!.value['nginx.ingress.kubernetes.io/rewrite-target']}: the backend receives ${backendPath}`);
    const routed = fromBackend(winner.entry.backend, location, snapshot, rule, notes, ref);
    return { ...routed, ...(backendPath !== undefined && { backendPath }), ...(redirect?.redirects && { status: 308, answeredByProxy: true }) };
  }
  const catchAllRedirect = unmatchedPathRedirect(host, request, ingresses);
  if (catchAllRedirect) return { status: 308, backend: null, rule: catchAllRedirect, via: 'ingress', answeredByProxy: true, notes, refs: [] };
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
