import { chunkedGroups, type ReadonlyList } from '../chunkedList';
import { groupBy } from '../groupBy';
import { LayeredMap } from '../layeredMap';
import { GATEWAY_API_GROUP, type Ingress, type KubeObject, type ServiceBackendPort } from '../objects';
import type { Located } from '../source';
import { evaluateConnection } from '../policy/evaluate';
import { isIngressControllerPod } from '../routing/ingressController';
import type { CheckContext } from './context';
import { nearest, replaceWith, traceSource, workloadId } from './context';
import type { ProblemFix } from '../problem';
import { objectsInNamespace, objectsOfType, podsWithIp, regroup, serviceNamed, servicesInNamespace } from '../snapshot/indexes';
import type { ClusterSnapshot, SimService } from '../snapshot/types';
import { perSnapshot } from '../snapshot/perSnapshot';
import { missingButMaybeMade } from './unknownPodMakers';
import { readIngressClass, type IngressClassReading } from '../routing/ingressClass';
import { referenceGrantAllows } from '../routing/referenceGrant';
import { ingressBackends, routeBackends } from '../references';


/**
 * KT2xx: Ingress and Gateway API. An Ingress of another controller's class (see readIngressClass) keeps the
 * findings any controller would share (a missing Service or port, no endpoints, an invalid path, a missing Secret),
 * not those of the simulated controller's own behaviour (regex paths, its pods' reach through NetworkPolicy).
 */
export function checkRouting(context: CheckContext): void {
  const { snapshot } = context;
  const classes = objectsOfType(snapshot, 'IngressClass');
  for (const ingress of context.subjectsOfType('Ingress')) {
    const namespace = ingress.id.namespace ?? 'default';
    const reading = readIngressClass(ingress, snapshot);
    const seen = new Set<string>();
    const className = ingress.spec?.ingressClassName;
    if (className && !reading.served && classes.length > 0 && !classes.some((candidate) => candidate.id.name === className.value)) {
      const suggestion = nearest(className.value, classes.map((candidate) => candidate.id.name));
      // A near miss of a class the workspace has is a typo; another name is a controller installed elsewhere (Istio, Traefik, a cloud's).
      if (suggestion) context.report({ code: 'KT204', object: ingress, at: className.span, message: `There is no IngressClass ${className.value} (classes: ${classes.map((candidate) => candidate.id.name).join(', ')}): no controller serves this Ingress. Did you mean ${suggestion}?`, fixes: [replaceWith(className, suggestion)] });
      else context.report({ code: 'KT204', severity: 'information', object: ingress, at: className.span, message: `IngressClass ${className.value} is not in the workspace: its controller is assumed to be installed elsewhere; the simulated controller (class ${snapshot.profile.ingressController.className}) does not serve this Ingress.` });
    }
    checkBackends(context, ingress, reading);
    for (const rule of ingress.spec?.rules?.value ?? []) {
      for (const path of rule.http?.paths?.value ?? []) {
        const value = path.path?.value;
        const type = path.pathType?.value;
        if (value !== undefined && (type === 'Exact' || type === 'Prefix') && !value.startsWith('/')) context.report({ code: 'KT205', object: ingress, at: path.path!.span, message: `A ${type} path must start with "/": "${value}".` });
        if (reading.served && value !== undefined && (type === 'Exact' || type === 'Prefix') && /[{}*$^()|\\[\]]/.test(value)) context.report({ code: 'KT205', severity: 'warning', object: ingress, at: path.path!.span, message: `"${value}" looks like a regular expression, but pathType ${type} matches it literally (use ImplementationSpecific with the controller's regex support).` });
        const key = pathClaim(rule.host?.value, value, type);
        // The Ingress of the same controller before this one that claims the path; a path this Ingress claims twice is told once.
        const claimants = ingressesClaiming(snapshot, key).filter((other) => other === ingress || sameController(readIngressClass(other as Ingress, snapshot), reading));
        const other = claimants[claimants.indexOf(ingress) - 1];
        if (other && !seen.has(key)) {
          context.report({ code: 'KT206', object: ingress, at: path.path?.span ?? path.span, message: `Host ${rule.host?.value ?? '(any)'} path ${value ?? '/'} is also claimed by Ingress ${other.id.namespace}/${other.id.name}: which one wins depends on the controller.`, related: [{ uri: other.uri, range: other.metadata.name.span.value, message: 'the other Ingress' }] });
        }
        seen.add(key);
      }
    }
    for (const tls of ingress.spec?.tls?.value ?? []) {
      const secretName = tls.secretName?.value;
      if (!secretName) continue;
      const secrets = objectsOfType(snapshot, 'Secret');
      const exists = secrets.some((object) => object.id.namespace === namespace && object.id.name === secretName);
      if (!exists) {
        const elsewhere = secrets.find((object) => object.id.name === secretName);
        context.report({ code: 'KT207', object: ingress, at: tls.secretName!.span, message: `Secret ${namespace}/${secretName} is not in the workspace${elsewhere ? ` (there is one in ${elsewhere.id.namespace}, but an Ingress can only use Secrets of its own namespace)` : ' (it may be created elsewhere, e.g. by cert-manager)'}.` });
      }
    }
  }
  checkGatewayRoutes(context);
}

/** Whether two Ingresses are served by the same controller: both the simulated one's, or both of one other class. */
function sameController(a: IngressClassReading, b: IngressClassReading): boolean {
  return a.served === b.served && (a.served || a.className === b.className);
}

/** What an Ingress path claims: host, path and path type. Two Ingresses claiming the same leave the winner to the controller. */
function pathClaim(host: string | undefined, path: string | undefined, type: string | undefined): string {
  return `${(host ?? '*').toLowerCase()}|${path ?? '/'}|${type ?? 'ImplementationSpecific'}`;
}

const claimsOfIngress = new WeakMap<Ingress, readonly string[]>();

/** Every path an Ingress claims, worked out once per Ingress: objects never change, and every edit asks again. */
export function pathClaims(ingress: Ingress): readonly string[] {
  let claims = claimsOfIngress.get(ingress);
  if (!claims) {
    claims = (ingress.spec?.rules?.value ?? []).flatMap((rule) => (rule.http?.paths?.value ?? []).map((path) => pathClaim(rule.host?.value, path.path?.value, path.pathType?.value)));
    claimsOfIngress.set(ingress, claims);
  }
  return claims;
}

const claimsOf = (object: KubeObject) => (object.type === 'Ingress' ? [...new Set(pathClaims(object))] : []);

/** The Ingresses claiming each path, in the snapshot's order; after an edit, only the paths of the Ingresses that changed are listed again. */
const ingressesByClaim = perSnapshot(
  (snapshot) => LayeredMap.of(chunkedGroups(groupBy<KubeObject>(objectsOfType(snapshot, 'Ingress'), claimsOf))),
  (previous, change) => regroup(previous, change, claimsOf),
);

/** The Ingresses claiming a path (see pathClaims), in the snapshot's order. */
export function ingressesClaiming(snapshot: ClusterSnapshot, claim: string): ReadonlyList<KubeObject> {
  return ingressesByClaim(snapshot).get(claim) ?? [];
}

/** " Did you mean orders?" when a written name is a near miss of a candidate, with the edit that writes it. */
function nameSuggestion(written: Located<string>, candidates: Iterable<string>): { hint: string; fixes: ProblemFix[] } {
  const suggestion = nearest(written.value, candidates);
  return suggestion ? { hint: ` Did you mean ${suggestion}?`, fixes: [replaceWith(written, suggestion)] } : { hint: '', fixes: [] };
}

/** The pod the checks treat as the ingress controller, found once per snapshot. */
const ingressControllerPod = perSnapshot(
  (snapshot) => snapshot.pods.find((pod) => isIngressControllerPod(pod, snapshot) && pod.ips.length > 0),
  // An edit that is applied to the last snapshot never touches the controller's namespace.
  (previous) => previous,
);

/** Where an Ingress names a backend: its defaultBackend or a path. */
interface BackendUse {
  readonly name: Located<string>;
  readonly port: ServiceBackendPort | undefined;
  readonly where: string;
}

function backendUses(ingress: Ingress): BackendUse[] {
  return ingressBackends(ingress).flatMap(({ backend, rule, path }) => {
    const where = path ? `path ${rule?.host?.value ?? ''}${path.path?.value ?? '/'}` : 'the defaultBackend';
    return backend.service?.name ? [{ name: backend.service.name, port: backend.service.port, where }] : [];
  });
}

/** The other uses of the backend a finding is about, as related locations: one finding per backend, not per path. */
function alsoUsedAt(ingress: Ingress, uses: readonly BackendUse[]) {
  return uses.slice(1).map((use) => ({ uri: ingress.uri, range: use.name.span.value, message: `the same backend, for ${use.where}` }));
}

/** KT201-KT203 and KT210, once per backend Service (and port) however many paths name it. */
function checkBackends(context: CheckContext, ingress: Ingress, reading: IngressClassReading): void {
  const { snapshot } = context;
  const namespace = ingress.id.namespace ?? 'default';
  const answer = reading.served ? 'the controller answers 503' : `the controller of class ${reading.className} cannot send requests to it`;
  for (const [name, uses] of groupBy(backendUses(ingress), (use) => [use.name.value])) {
    const first = uses[0]!.name;
    const service = serviceNamed(snapshot, namespace, name);
    if (!service) {
      const names = servicesInNamespace(snapshot, namespace).map((candidate) => candidate.name);
      const { severity, note, related } = missingButMaybeMade(snapshot, [namespace], 'it');
      const { hint, fixes } = nameSuggestion(first, names);
      context.report({ code: 'KT201', severity, object: ingress, at: first.span, message: `There is no Service ${name} in ${namespace}: ${answer}.${hint}${note}`, related: [...alsoUsedAt(ingress, uses), ...(related ?? [])], fixes });
      continue;
    }
    // The Service port each use leads to (a number and a name may be the same port), or what it wrote that none has.
    const servicePortOf = (use: BackendUse) => (use.port?.number ? service.ports.find((candidate) => candidate.port === use.port!.number!.value) : use.port?.name ? service.ports.find((candidate) => candidate.name === use.port!.name!.value) : service.ports[0]);
    for (const samePort of groupBy(uses, (use) => [servicePortOf(use)?.port.toString() ?? `missing ${use.port?.number?.value ?? use.port?.name?.value}`]).values()) {
      checkServicePort(context, ingress, reading, service, servicePortOf(samePort[0]!), samePort);
    }
  }
}

function checkServicePort(context: CheckContext, ingress: Ingress, reading: IngressClassReading, service: SimService, servicePort: SimService['ports'][number] | undefined, uses: readonly BackendUse[]): void {
  const { snapshot } = context;
  const namespace = service.namespace;
  const { name, port } = uses[0]!;
  const related = alsoUsedAt(ingress, uses);
  if (port && !servicePort) {
    const written = port.number?.value ?? port.name?.value;
    if (written === undefined) {
      // `port: {}`, half typed: and the Service has no port to fall back on.
      context.report({ code: 'KT202', object: ingress, at: port.span, message: `The backend names neither a port number nor a port name, and Service ${namespace}/${name.value} has no port.`, related });
      return;
    }
    const byTarget = typeof written === 'number' ? service.ports.find((candidate) => candidate.targetPort === written) : undefined;
    context.report({ code: 'KT202', object: ingress, at: (port.number ?? port.name ?? port).span, message: `Service ${namespace}/${name.value} has no port ${written}${byTarget ? ` (${written} is the targetPort of its port ${byTarget.port}; an Ingress names the Service port)` : ''} (ports: ${service.ports.map((candidate) => candidate.name || candidate.port).join(', ')}).`, related });
    return;
  }
  if (!servicePort) return;
  const endpoints = snapshot.endpoints.get(`${namespace}/${service.name}`)?.endpoints.filter((endpoint) => endpoint.ready && endpoint.ports[servicePort.name] !== undefined) ?? [];
  // The simulated ingress controller is the client of the backend; another class's controller is not simulated.
  const controller = reading.served ? ingressControllerPod(snapshot) : undefined;
  // Written only for a finding: most backends have none.
  const traced = () => controller && { from: traceSource(controller), to: `${service.name}.${namespace}:${servicePort.port}` };
  if (endpoints.length === 0) {
    const connection = traced();
    context.report({ code: 'KT203', object: ingress, at: name.span, message: `Service ${namespace}/${name.value} has no ready endpoint for port ${servicePort.port}: requests get 503.`, related: [...(service.source ? [{ uri: service.source.uri, range: service.source.range, message: 'the Service' }] : []), ...related], ...(connection && { connection }) });
    return;
  }
  // Can the controller reach the backend pods at all?
  const endpoint = endpoints[0]!;
  const target = podsWithIp(snapshot, endpoint.ip)[0];
  if (controller && target) {
    const port = endpoint.ports[servicePort.name]!;
    const verdict = evaluateConnection({ from: { kind: 'pod', pod: controller, ip: controller.ips[0]! }, to: { kind: 'pod', pod: target, ip: endpoint.ip }, protocol: 'TCP', port }, snapshot);
    if (verdict.allowed || !verdict.enforced) return;
    const connection = { ...traced()!, allow: { from: workloadId(controller), to: workloadId(target), protocol: 'TCP' as const, port } };
    // The other side: the pods the controller cannot reach, and the policies that isolate them (or it).
    const isolating = [verdict.egress, verdict.ingress].filter((direction) => direction && !direction.allowed).flatMap((direction) => direction!.chain.flatMap((decision) => decision.refs));
    const sides = [...context.podLocation(target, 'the backend pods'), ...isolating.map((ref) => ({ uri: ref.uri, range: ref.range, message: ref.label }))];
    context.report({ code: 'KT210', object: ingress, at: name.span, message: `NetworkPolicy stops the ingress controller from reaching ${target.namespace}/${target.name} on port ${port}: ${verdict.explanation}.`, related: [...related, ...sides], connection });
  }
}

function checkGatewayRoutes(context: CheckContext): void {
  const { snapshot } = context;
  for (const route of context.subjectsOfType('HTTPRoute')) {
    const namespace = route.id.namespace ?? 'default';
    for (const parent of route.spec?.parentRefs?.value ?? []) {
      const kind = parent.kind?.value ?? 'Gateway';
      const parentNamespace = parent.namespace?.value ?? namespace;
      if (kind === 'Gateway' && (parent.group?.value ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP) {
        const gateway = objectsOfType(snapshot, 'Gateway').find((object) => object.id.namespace === parentNamespace && object.id.name === parent.name?.value);
        // A shared Gateway in a namespace the workspace holds nothing of is the platform's, installed apart: a note.
        const elsewhere = parentNamespace !== (route.id.namespace ?? 'default') && objectsInNamespace(snapshot, parentNamespace).length === 0;
        if (!gateway && elsewhere) context.report({ code: 'KT208', severity: 'information', object: route, at: parent.name?.span ?? parent.span, message: `Gateway ${parentNamespace}/${parent.name?.value} is not in the workspace, nor anything of namespace ${parentNamespace}: if the platform installs it, the route attaches there.` });
        else if (!gateway) context.report({ code: 'KT208', object: route, at: parent.name?.span ?? parent.span, message: `There is no Gateway ${parentNamespace}/${parent.name?.value}: the route is attached to nothing.` });
        else if (parent.sectionName && !(gateway.spec?.listeners?.value ?? []).some((listener) => listener.name?.value === parent.sectionName!.value)) {
          context.report({ code: 'KT208', object: route, at: parent.sectionName.span, message: `Gateway ${parentNamespace}/${gateway.id.name} has no listener named ${parent.sectionName.value}.` });
        }
      } else if (kind === 'Service' && !snapshot.services.some((service) => service.namespace === parentNamespace && service.name === parent.name?.value)) {
        context.report({ code: 'KT208', object: route, at: parent.name?.span ?? parent.span, message: `There is no Service ${parentNamespace}/${parent.name?.value} for this mesh route to attach to.` });
      }
    }
    for (const { ref, namespace: refNamespace, isService } of routeBackends(route)) {
      const name = ref.name?.value;
      if (!isService || !name) continue;
      const isMeshParent = (route.spec?.parentRefs?.value ?? []).some((parent) => parent.kind?.value === 'Service' && parent.name?.value === name && (parent.namespace?.value ?? namespace) === refNamespace);
      if (refNamespace !== namespace && !isMeshParent && !referenceGrantAllows(snapshot, namespace, refNamespace, name)) {
        context.report({ code: 'KT209', object: route, at: ref.namespace?.span ?? ref.span, message: `No ReferenceGrant in ${refNamespace} lets HTTPRoutes of ${namespace} use Service ${name}: requests to this backend get 500.` });
      } else if (!serviceNamed(snapshot, refNamespace, name)) {
        const { severity, note, related } = missingButMaybeMade(snapshot, [refNamespace], 'it');
        const { hint, fixes } = nameSuggestion(ref.name!, servicesInNamespace(snapshot, refNamespace).map((service) => service.name));
        context.report({ code: 'KT201', severity, object: route, at: ref.name!.span, message: `There is no Service ${refNamespace}/${name}: requests to this backend get 500.${hint}${note}`, related, fixes });
      }
    }
  }
}

