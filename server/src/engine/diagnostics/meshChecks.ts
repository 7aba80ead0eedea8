import { matchesLabelMap } from '../labels';
import { meshHost, type MeshHost } from '../mesh/hosts';
import { MESH_APP_PROTOCOLS, namedProtocol } from '../mesh/protocols';
import { meshRulesOf } from '../mesh/rules';
import { podMesh } from '../mesh/injection';
import { linkerdSettings, runsLinkerdProxy } from '../mesh/linkerd';
import { linkerdClient, linkerdInboundDecision } from '../mesh/linkerdPolicy';
import { effectiveMtls, MESH_ROOT_NAMESPACE, type EffectiveMtls } from '../mesh/mtls';
import { containersOf, podTemplateOf, type DestinationRule, type HTTPMatchRequest, type KubeObject, type LocatedStringMap, type MeshGateway, type MeshHTTPRoute, type RouteDestination, type Subset, type VirtualService } from '../objects';
import { namesGateway, serverAdmits, servicesFronting } from '../mesh/ingressGateway';
import { findPort } from '../snapshot/endpoints';
import type { ProblemFix, RelatedLocation } from '../problem';
import { objectsInNamespace, objectsOfType, podsInNamespace, servicesInNamespace } from '../snapshot/indexes';
import { selectedPodClasses } from '../snapshot/groupedPods';
import type { ClusterSnapshot, SimPod, SimService } from '../snapshot/types';
import type { Located } from '../source';
import { configMapValues, connectionStringLabels, containerValues, hostsIn } from '../connectionHosts';
import { editDistance, nearest, replaceWith, type CheckContext } from './context';
import { servicePods, servicesSelecting } from '../references';


/** KT5xx: the service mesh (Istio VirtualServices, DestinationRules, Gateways and their servers, PeerAuthentications; port names). */
export function checkMesh(context: CheckContext): void {
  const { snapshot } = context;
  for (const service of context.subjectsOfType('VirtualService')) checkVirtualService(context, service);
  for (const rule of context.subjectsOfType('DestinationRule')) {
    checkSubsetsSelectPods(context, rule);
    checkTlsMode(context, rule);
  }
  for (const policy of context.subjectsOfType('PeerAuthentication')) checkStrictClients(context, policy);
  for (const service of context.subjectsOfType('Service')) checkPortProtocols(context, service, snapshot);
  for (const gateway of context.subjectsOfType('MeshGateway')) checkServerPorts(context, gateway);
  for (const object of context.subjects()) checkLinkerdPolicy(context, object);
}

function checkVirtualService(context: CheckContext, service: VirtualService): void {
  const gateways = service.spec?.gateways?.value ?? [];
  // Bound to gateways only, its hosts are the names clients outside use, not Services.
  if (gateways.length === 0 || gateways.some((gateway) => gateway.value === 'mesh')) {
    for (const host of service.spec?.hosts?.value ?? []) checkServiceHost(context, service, host, 'host');
  }
  for (const gateway of gateways) checkGateway(context, service, gateway);
  checkHostsAdmitted(context, service);
  const routes = service.spec?.http?.value ?? [];
  routes.forEach((route, index) => {
    for (const destination of route.route?.value ?? []) checkDestination(context, service, destination);
    checkWeights(context, service, route.route?.value ?? []);
    const shadowedBy = routes.slice(0, index).findIndex((earlier) => covers(earlier, route));
    if (shadowedBy >= 0) {
      const earlier = routes[shadowedBy]!;
      // Moved first, it must not shadow the routes it jumps over in turn (a second catch-all would).
      const movable = routes.slice(shadowedBy, index).every((jumped) => !covers(route, jumped));
      const move: ProblemFix = { kind: 'move-before', title: `Move this route before route ${shadowedBy + 1}, so it is tried first`, preferred: true, item: route.span.value, before: earlier.span.value };
      context.report({ code: 'KT506', object: service, at: route.span, message: `This route is never used: route ${shadowedBy + 1}${earlier.name ? ` (${earlier.name.value})` : ''} before it already takes every request it matches.`, related: [{ uri: service.uri, range: earlier.span.value, message: 'the route that takes its requests' }], fixes: movable ? [move] : [] });
    }
  });
  for (const route of service.spec?.tcp?.value ?? []) {
    for (const destination of route.route?.value ?? []) checkDestination(context, service, destination);
    checkWeights(context, service, route.route?.value ?? []);
  }
}

/** KT501: a host that names a Service of the cluster must name one that exists. */
function checkServiceHost(context: CheckContext, object: KubeObject, host: Located<string>, what: string): MeshHost {
  const resolved = meshHost(host.value, object.id.namespace ?? 'default', context.snapshot);
  if (resolved.kind === 'service' && !resolved.service) {
    const names = servicesInNamespace(context.snapshot, resolved.namespace).filter((candidate) => !candidate.virtual).map((candidate) => candidate.name);
    const suggestion = nearest(resolved.name, names);
    // The host as written with the Service's name changed: `reviwes.shop` becomes `reviews.shop`.
    const fixed = suggestion && host.value.startsWith(resolved.name) ? suggestion + host.value.slice(resolved.name.length) : undefined;
    context.report({ code: 'KT501', object, at: host.span, message: `The ${what} ${host.value} names Service ${resolved.namespace}/${resolved.name}, which is not in the workspace: the mesh has no route for it.${suggestion ? ` Did you mean ${suggestion}?` : ''}`, fixes: fixed ? [replaceWith(host, fixed)] : [] });
  }
  return resolved;
}

/** KT502: a gateway a VirtualService binds to must be an Istio Gateway (`mesh` is the sidecars). */
function checkGateway(context: CheckContext, service: VirtualService, gateway: Located<string>): void {
  if (gateway.value === 'mesh') return;
  const [namespace, name] = gateway.value.includes('/') ? (gateway.value.split('/', 2) as [string, string]) : [service.id.namespace ?? 'default', gateway.value];
  const gateways = objectsOfType(context.snapshot, 'MeshGateway');
  if (gateways.some((candidate) => candidate.id.namespace === namespace && candidate.id.name === name)) return;
  // A shared gateway in a namespace the workspace holds nothing of is the platform's, installed apart: a note (as KT208).
  if (namespace !== (service.id.namespace ?? 'default') && objectsInNamespace(context.snapshot, namespace).length === 0) {
    context.report({ code: 'KT502', severity: 'information', object: service, at: gateway.span, message: `Istio Gateway ${namespace}/${name} is not in the workspace, nor anything of namespace ${namespace}: if the platform installs it, the routes are served there.` });
    return;
  }
  const suggestion = nearest(name, gateways.filter((candidate) => candidate.id.namespace === namespace).map((candidate) => candidate.id.name));
  const fixed = suggestion && (gateway.value.includes('/') ? `${namespace}/${suggestion}` : suggestion);
  context.report({ code: 'KT502', object: service, at: gateway.span, message: `There is no Istio Gateway ${namespace}/${name}: the routes bound to it are not served.${suggestion ? ` Did you mean ${suggestion}?` : ''}`, fixes: fixed ? [replaceWith(gateway, fixed)] : [] });
}

/** KT509: a host of a VirtualService bound to Istio Gateways must be admitted by a server of one of them. */
function checkHostsAdmitted(context: CheckContext, service: VirtualService): void {
  const namespace = service.id.namespace ?? 'default';
  const all = objectsOfType(context.snapshot, 'MeshGateway');
  const gateways = (service.spec?.gateways?.value ?? []).flatMap((entry) => (entry.value === 'mesh' ? [] : all.filter((gateway) => namesGateway(entry.value, service, gateway))));
  if (gateways.length === 0) return;
  const servers = gateways.flatMap((gateway) => (gateway.spec?.servers?.value ?? []).map((server) => ({ gateway, server })));
  for (const host of service.spec?.hosts?.value ?? []) {
    if (servers.some(({ gateway, server }) => serverAdmits(server, gateway, host.value, namespace))) continue;
    const taken = [...new Set(servers.flatMap(({ server }) => server.hosts?.value.map((entry) => entry.value) ?? []))];
    const names = gateways.map((gateway) => `${gateway.id.namespace}/${gateway.id.name}`).join(', ');
    context.report({ code: 'KT509', object: service, at: host.span, message: `No server of Gateway ${names} admits host ${host.value} (they take ${taken.join(', ') || 'no host'}): the gateway does not route it by this VirtualService.`, related: servers.map(({ gateway, server }) => ({ uri: gateway.uri, range: server.span.value, message: 'a server of the Gateway' })) });
  }
}

/**
 * KT510: a server's port must be one the gateway's Service offers or sends to (Istio's IST0162): on any other the
 * gateway listens where no Service leads. Judged only where the gateway's pods and a Service in front of them are known.
 */
function checkServerPorts(context: CheckContext, gateway: MeshGateway): void {
  const { snapshot } = context;
  const selector = gateway.spec?.selector?.value;
  if (!selector || Object.keys(selector).length === 0) return;
  const pod = snapshot.pods.find((candidate) => matchesLabelMap(selector, candidate.labels));
  const fronting = pod ? servicesFronting(snapshot, pod) : [];
  if (!pod || fronting.length === 0) return;
  const ports = fronting.flatMap((service) => service.ports.map((port) => ({ service, name: port.name, port: port.port, target: findPort(pod, port) })));
  const reachable = new Set(ports.flatMap(({ port, target }) => (target === undefined ? [port] : [port, target])));
  const offered = fronting.map((service) => `${service.namespace}/${service.name}${service.virtual ? ' (the stand-in)' : ''}: ${ports.filter((entry) => entry.service === service).map(({ port, target }) => (target === undefined || target === port ? String(port) : `${port}→${target}`)).join(', ')}`).join('; ');
  for (const server of gateway.spec?.servers?.value ?? []) {
    const number = server.port?.number;
    if (!number || reachable.has(number.value)) continue;
    // Istio's health check port is no place for routes.
    const choices = [...new Set(ports.filter(({ name }) => name !== 'status-port').map(({ port }) => port))].slice(0, 4);
    context.report({ code: 'KT510', object: gateway, at: number.span.value, message: `No Service in front of the gateway's pods offers port ${number.value} or sends to it (${offered}): the gateway listens there, but no client reaches the server.`, fixes: choices.map((port) => ({ kind: 'replace', title: `Use the Service's port ${port}`, preferred: false, range: number.span.value, value: String(port) })) });
  }
}

/** KT501 for a destination's host; KT503: a subset must be defined by a DestinationRule of that host. */
function checkDestination(context: CheckContext, service: VirtualService, route: RouteDestination): void {
  const destination = route.destination;
  if (!destination?.host) return;
  const host = checkServiceHost(context, service, destination.host, 'destination');
  // KT512: Envoy routes only to hosts its registry knows: the cluster's Services and the ServiceEntries' hosts.
  if (host.kind !== 'service' && !(host.kind === 'external' && host.entry)) {
    context.report({ code: 'KT512', object: service, at: destination.host.span.value, message: `No Service of the workspace and no ServiceEntry has host ${destination.host.value}: Envoy has no cluster for it, and requests routed there get 503 (NC). Declare it with a ServiceEntry.` });
  }
  const subset = destination.subset;
  if (!subset || host.kind !== 'service' || !host.service) return;
  const rules = meshRulesOf(host.service, context.snapshot).destinationRules;
  const subsets = rules.flatMap((rule) => (rule.spec?.subsets?.value ?? []).flatMap((candidate) => (candidate.name ? [candidate.name.value] : [])));
  if (subsets.includes(subset.value)) return;
  const suggestion = nearest(subset.value, subsets);
  const defined = rules.length === 0 ? `no DestinationRule has host ${host.namespace}/${host.name}` : `its DestinationRules define ${subsets.length > 0 ? subsets.join(', ') : 'no subset'}`;
  context.report({ code: 'KT503', object: service, at: subset.span.value, message: `Subset ${subset.value} of ${host.namespace}/${host.name} is not defined (${defined}): Envoy answers 503 (no healthy upstream).${suggestion ? ` Did you mean ${suggestion}?` : ''}`, fixes: suggestion ? [replaceWith(subset, suggestion)] : [] });
}

/** KT505: several destinations (or any weight) must have weights that add up to 100. */
function checkWeights(context: CheckContext, service: VirtualService, destinations: readonly RouteDestination[]): void {
  const weighted = destinations.filter((destination) => destination.weight !== undefined);
  if (weighted.length === 0 && destinations.length <= 1) return;
  if (destinations.length === 1 && weighted.length === 1) {
    const weight = weighted[0]!.weight!;
    if (weight.value !== 100) context.report({ code: 'KT505', object: service, at: weight.span.value, message: `The only destination has weight ${weight.value}; the weights of a route must add up to 100. Did you mean 100?`, fixes: [replaceWith(weight, '100')] });
    return;
  }
  const total = destinations.reduce((sum, destination) => sum + (destination.weight?.value ?? 0), 0);
  if (total === 100) return;
  const last = [...destinations].reverse().find((destination) => destination.weight !== undefined);
  const rest = total - (last?.weight?.value ?? 0);
  const lastWeight = last?.weight;
  const fixed = lastWeight && rest <= 100 ? 100 - rest : undefined;
  context.report({ code: 'KT505', object: service, at: lastWeight?.span.value ?? destinations[0]!.span, message: `The weights of this route add up to ${total}, not 100: Istio rejects the VirtualService.${fixed !== undefined ? ` Did you mean ${fixed}?` : ''}`, fixes: lastWeight && fixed !== undefined ? [replaceWith(lastWeight, String(fixed))] : [] });
}

/** Whether every request a later route matches is taken by an earlier one. */
function covers(earlier: MeshHTTPRoute, later: MeshHTTPRoute): boolean {
  const earlierMatches = earlier.match?.value ?? [];
  if (earlierMatches.length === 0) return true;
  const laterMatches = later.match?.value ?? [];
  if (laterMatches.length === 0) return false;
  return laterMatches.every((match) => earlierMatches.some((candidate) => matchCovers(candidate, match)));
}

/** An earlier match with only a URI condition (or none) takes every request of a later match whose URI it includes. */
function matchCovers(earlier: HTTPMatchRequest, later: HTTPMatchRequest): boolean {
  const conditions = [earlier.method, earlier.authority, earlier.headers, earlier.port, earlier.sourceLabels, earlier.gateways].filter((condition) => condition !== undefined);
  if (conditions.length > 0) return false;
  const uri = earlier.uri;
  if (!uri) return true;
  const laterPath = later.uri?.exact?.value ?? later.uri?.prefix?.value;
  if (laterPath === undefined) return false;
  if (uri.prefix) return laterPath.startsWith(uri.prefix.value);
  if (uri.exact) return later.uri?.exact?.value === uri.exact.value;
  return false;
}

/** KT504: a subset whose labels select none of its Service's pods routes to nothing. */
function checkSubsetsSelectPods(context: CheckContext, rule: DestinationRule): void {
  const host = rule.spec?.host;
  if (!host) return;
  const resolved = checkServiceHost(context, rule, host, 'host');
  const service = resolved.kind === 'service' ? resolved.service : undefined;
  if (!service?.selector) return;
  const pods = servicePods(service, context.snapshot);
  for (const subset of rule.spec?.subsets?.value ?? []) {
    const labels = subset.labels;
    if (!labels || pods.some((pod) => matchesLabelMap(labels.value, pod.labels))) continue;
    const wanted = Object.entries(labels.value).map(([key, value]) => `${key}: ${value}`).join(', ');
    const versions = [...new Set(pods.flatMap((pod) => Object.keys(labels.value).map((key) => pod.labels[key]).filter((value) => value !== undefined)))];
    context.report({ code: 'KT504', object: rule, at: labels.span, message: `Subset ${subset.name?.value ?? '(unnamed)'} selects no pod: none of the ${pods.length} pod(s) of Service ${service.namespace}/${service.name} has ${wanted}${versions.length > 0 ? ` (they have ${versions.join(', ')})` : ''}. Requests routed to it get 503.`, fixes: labelFixes(labels, pods, rule.spec?.subsets?.value ?? []) });
  }
}

/**
 * When one label of a subset is the reason it selects nothing: each value of that label, among the Service's pods,
 * that makes it select some, the closest to what was written first. A value another subset already selects is
 * left out: Bookinfo's rules define v2 and v3 before those versions run, and making them copies of v1 fixes nothing.
 */
function labelFixes(labels: LocatedStringMap, pods: readonly SimPod[], subsets: readonly Subset[]): ProblemFix[] {
  const wrong = Object.keys(labels.value).filter((key) => !pods.some((pod) => pod.labels[key] === labels.value[key]));
  if (wrong.length !== 1) return [];
  const key = wrong[0]!;
  const rest = Object.entries(labels.value).filter(([other]) => other !== key);
  const taken = (value: string) => subsets.some((other) => other.labels !== labels && other.labels?.value[key] === value);
  const values = new Set(pods.filter((pod) => rest.every(([other, value]) => pod.labels[other] === value)).flatMap((pod) => (pod.labels[key] !== undefined && !taken(pod.labels[key]) ? [pod.labels[key]] : [])));
  const distance = new Map([...values].map((value) => [value, editDistance(labels.value[key]!, value)]));
  const ranked = [...values].sort((a, b) => distance.get(a)! - distance.get(b)! || a.localeCompare(b)).slice(0, 5);
  // Preferred only when one value is closer than the others: `V3` among v1, v2, v3, not `v4`.
  const unique = ranked.length === 1 || distance.get(ranked[0]!)! < distance.get(ranked[1]!)!;
  return ranked.map((value, index) => ({ kind: 'replace', title: `Select the pods with ${key}: ${value}`, preferred: unique && index === 0, range: labels.entries[key]!.value, value }));
}

/**
 * KT511: a DestinationRule's tls mode the host's pods cannot take. Not ISTIO_MUTUAL (DISABLE, or TLS Envoy originates
 * itself) while STRICT mTLS guards them: every meshed client's connection is reset. ISTIO_MUTUAL while they have no
 * sidecar: no handshake completes, and clients get 503.
 */
function checkTlsMode(context: CheckContext, rule: DestinationRule): void {
  const mode = rule.spec?.trafficPolicy?.tls?.mode;
  const host = rule.spec?.host;
  if (!mode || !host) return;
  const { snapshot } = context;
  const resolved = meshHost(host.value, rule.id.namespace ?? 'default', snapshot);
  const service = resolved.kind === 'service' ? resolved.service : undefined;
  if (!service?.selector || Object.keys(service.selector).length === 0) return;
  const pods = servicePods(service, snapshot);
  const name = `${service.namespace}/${service.name}`;
  if (mode.value === 'ISTIO_MUTUAL') {
    const bare = pods.filter((pod) => podMesh(snapshot, pod) !== 'istio');
    if (bare.length > 0 && bare.length === pods.length) context.report({ code: 'KT511', object: rule, at: mode.span.value, message: `tls mode ISTIO_MUTUAL, but the pods of ${name} have no sidecar to answer it: every connection fails and clients get 503 (UF).` });
    return;
  }
  const strict = pods.filter((pod) => podMesh(snapshot, pod) === 'istio').flatMap((pod) => strictPorts(snapshot, service, pod))[0];
  if (!strict) return;
  const by = strict.mtls.policy ? `PeerAuthentication ${strict.mtls.policy.id.namespace}/${strict.mtls.policy.id.name}${strict.mtls.port !== undefined ? `, portLevelMtls ${strict.mtls.port}` : ''}` : 'the mesh';
  const where = strict.mtls.port !== undefined ? ` on port ${strict.mtls.port}` : '';
  context.report({ code: 'KT511', object: rule, at: mode.span.value, message: `tls mode ${mode.value} sends ${mode.value === 'DISABLE' ? 'plaintext' : 'TLS that is not Istio mTLS'} to ${name}, whose pods require STRICT mTLS${where} (${by}): every meshed client's connection is reset.`, related: strict.mtls.policy ? [{ uri: strict.mtls.policy.uri, range: strict.mode?.span.value ?? strict.mtls.policy.metadata.name.span.value, message: 'the STRICT policy' }] : [], fixes: [{ ...replaceWith(mode, 'ISTIO_MUTUAL'), title: 'Use ISTIO_MUTUAL, the mTLS the pods require' }] });
}

/**
 * The ports of a Service where a pod's sidecar requires STRICT mTLS, each with what decided it and the mode as
 * written (a portLevelMtls entry, keyed by the pod's port the Service targets, or the policy's mtls mode).
 */
function strictPorts(snapshot: ClusterSnapshot, service: SimService, pod: SimPod): { readonly mtls: EffectiveMtls; readonly mode: Located<string> | undefined }[] {
  return service.ports.flatMap((port) => {
    const target = findPort(pod, port);
    if (target === undefined) return [];
    const mtls = effectiveMtls(snapshot, pod, target);
    if (mtls.mode !== 'STRICT') return [];
    const mode = mtls.port !== undefined ? mtls.policy?.spec?.portLevelMtls?.value[String(mtls.port)]?.mode : mtls.policy?.spec?.mtls?.mode;
    return [{ mtls, mode }];
  });
}

/**
 * KT507: STRICT mTLS rejects the plaintext of clients outside the mesh that name the Services it protects; judged per
 * Service port, so a portLevelMtls entry decides for the port it names. Reported at the mode that decided.
 */
function checkStrictClients(context: CheckContext, policy: KubeObject): void {
  if (policy.type !== 'PeerAuthentication') return;
  const { snapshot } = context;
  const guarded = new Map<Located<string>, { readonly port: number | undefined; readonly services: Set<SimService> }>();
  // A policy decides for its own namespace's pods, or (in the root namespace) for any.
  const services = policy.id.namespace === MESH_ROOT_NAMESPACE ? snapshot.services : policy.id.namespace === undefined ? [] : servicesInNamespace(snapshot, policy.id.namespace);
  for (const service of services) {
    for (const pod of servicePods(service, snapshot).filter((candidate) => podMesh(snapshot, candidate) === 'istio')) {
      for (const { mtls, mode } of strictPorts(snapshot, service, pod)) {
        if (mtls.policy !== policy || !mode) continue;
        const entry = guarded.get(mode) ?? { port: mtls.port, services: new Set<SimService>() };
        entry.services.add(service);
        guarded.set(mode, entry);
      }
    }
  }
  for (const [mode, { port, services }] of guarded) {
    const clients = clientsOfServices(context, [...services], (pod) => podMesh(snapshot, pod) !== 'istio');
    if (clients.length === 0) continue;
    context.report({ code: 'KT507', object: policy, at: mode.span.value, message: `STRICT mTLS${port !== undefined ? ` on port ${port}` : ''} rejects plaintext, and ${clients.length} workload(s) outside the mesh name Services it protects: ${shownClients(clients)}. Their connections are reset; use PERMISSIVE until they join the mesh.`, related: clientLocations(clients), fixes: [{ ...replaceWith(mode, 'PERMISSIVE'), title: 'Set the mode to PERMISSIVE until these clients join the mesh' }] });
  }
}

/**
 * KT513: Linkerd's default inbound policy refusing clients that call the pods: `deny` refuses all of them, the
 * `*-authenticated` policies those without a Linkerd identity. Judged as the trace judges (linkerdInboundDecision),
 * per port of the Services a client names: a port a Server selects is the Server's and its authorizations', not
 * the default policy's. Reported where the annotation is written (the pod template, or the namespace for the pods
 * that take it from there).
 */
function checkLinkerdPolicy(context: CheckContext, object: KubeObject): void {
  const { snapshot } = context;
  const annotation = linkerdAnnotations(object);
  const span = annotation?.entries[LINKERD_INBOUND_POLICY];
  const policy = annotation?.value[LINKERD_INBOUND_POLICY];
  if (!span || (policy !== 'deny' && policy !== 'all-authenticated' && policy !== 'cluster-authenticated')) return;
  const pods = (object.type === 'Namespace' ? podsInNamespace(snapshot, object.id.name).filter((pod) => linkerdSettings(snapshot, pod).inboundPolicyFrom === 'namespace') : context.podsOf(object)).filter((pod) => runsLinkerdProxy(snapshot, pod));
  const refused = clientsOf(context, pods, (client, services, workload) => refusedByDefault(snapshot, pods, client, services, workload));
  if (refused.length === 0) return;
  const why = policy === 'deny' ? 'deny refuses every connection, meshed or not (until a Server and an AuthorizationPolicy admit them)' : `${policy} refuses clients without a Linkerd identity`;
  context.report({ code: 'KT513', object, at: span.value, message: `${why}, and ${refused.length} workload(s) name Services in front of these pods: ${shownClients(refused)}. Their connections are refused.`, related: clientLocations(refused), fixes: [{ kind: 'replace', title: 'Use all-unauthenticated, which admits them', preferred: false, range: span.value, value: 'all-unauthenticated' }] });
}

/**
 * Whether the default inbound policy of one of the pods refuses the client on a port of a Service it names: the
 * ports its connection strings give for that Service, else all of them (a client without an address sends nothing).
 */
function refusedByDefault(snapshot: ClusterSnapshot, pods: readonly SimPod[], client: SimPod, services: readonly SimService[], object: KubeObject): boolean {
  const address = client.ips[0];
  if (address === undefined) return false;
  const caller = linkerdClient(snapshot, client, address);
  return services.some((service) => {
    const named = portsNamed(object, service);
    const ports = named.length > 0 ? service.ports.filter((port) => named.includes(port.port)) : service.ports;
    return servicePods(service, snapshot).some((pod) => pods.includes(pod) && ports.some((port) => {
      const target = findPort(pod, port);
      if (target === undefined) return false;
      const decision = linkerdInboundDecision(snapshot, pod, target, caller);
      return decision.by === 'default' && decision.refusal !== undefined;
    }));
  });
}

/** The ports an object's connection strings give with a host naming the Service (as namesService reads hosts). */
function portsNamed(object: KubeObject, service: SimService): number[] {
  const values = [...configMapValues(object), ...containersOf(object).flatMap(containerValues)];
  return values.flatMap((value) => hostsIn(value.value)).flatMap((reference) => {
    const labels = reference.host.toLowerCase().split('.');
    const names = labels[0] === service.name && (labels[1] === service.namespace || (labels.length === 1 && object.id.namespace === service.namespace));
    return names && reference.port !== undefined ? [reference.port] : [];
  });
}

const LINKERD_INBOUND_POLICY = 'config.linkerd.io/default-inbound-policy';

/** Whether an object writes Linkerd's default inbound policy (on its pod template, or as a Namespace). */
export function setsLinkerdInboundPolicy(object: KubeObject): boolean {
  return linkerdAnnotations(object)?.value[LINKERD_INBOUND_POLICY] !== undefined;
}

/** Where Linkerd reads an object's proxy settings: a Namespace's annotations, or its pod template's. */
function linkerdAnnotations(object: KubeObject): LocatedStringMap | undefined {
  return object.type === 'Namespace' ? object.metadata.annotations : podTemplateOf(object)?.metadata?.annotations;
}

/** The workloads (as `Kind namespace/name (to Services)`) whose connection strings name a Service in front of the pods, and whose pods `refused` picks. */
function clientsOf(context: CheckContext, pods: readonly SimPod[], refused: Refused): { readonly text: string; readonly object: KubeObject }[] {
  return clientsOfServices(context, servicesSelecting(pods, context.snapshot), refused);
}

/** Whether a workload's pod is refused, given the Services its connection strings name. */
type Refused = (client: SimPod, reached: readonly SimService[], object: KubeObject) => boolean;

/** The workloads whose connection strings name one of the Services, and whose pods `refused` picks. */
function clientsOfServices(context: CheckContext, services: readonly SimService[], refused: Refused): { readonly text: string; readonly object: KubeObject }[] {
  const { snapshot } = context;
  if (services.length === 0) return [];
  return snapshot.objects.flatMap((object) => {
    const reached = services.filter((service) => namesService(object, service));
    if (reached.length === 0) return [];
    const pod = context.podsOf(object)[0];
    if (!pod || !refused(pod, reached, object)) return [];
    return [{ text: `${object.id.kind} ${object.id.namespace}/${object.id.name} (to ${reached.map((service) => `${service.namespace}/${service.name}`).join(', ')})`, object }];
  });
}

function shownClients(clients: readonly { readonly text: string }[]): string {
  return clients.slice(0, 3).map((client) => client.text).join('; ') + (clients.length > 3 ? `; and ${clients.length - 3} more` : '');
}

/** The other side of a refusal: each client's YAML, at its name. */
function clientLocations(clients: readonly { readonly object: KubeObject }[]): RelatedLocation[] {
  return clients.map(({ object }) => ({ uri: object.uri, range: object.metadata.name.span.value, message: 'a client it refuses' }));
}

/** Whether an object's connection strings name a Service (its name, and its namespace when the object is elsewhere). */
function namesService(object: KubeObject, service: SimService): boolean {
  const labels = connectionStringLabels(object);
  return labels.has(service.name) && (object.id.namespace === service.namespace || labels.has(service.namespace));
}

/** KT508: a port of a Service in front of meshed pods whose protocol Istio cannot read from its name or appProtocol. */
function checkPortProtocols(context: CheckContext, service: KubeObject, snapshot: ClusterSnapshot): void {
  if (service.type !== 'Service' || !service.spec?.selector) return;
  const selector = service.spec.selector.value;
  if (Object.keys(selector).length === 0) return;
  const meshed = selectedPodClasses(snapshot, service.id.namespace ?? 'default', selector).classes.some((pods) => podMesh(snapshot, pods) === 'istio');
  if (!meshed) return;
  for (const port of service.spec.ports?.value ?? []) {
    const name = port.name?.value ?? '';
    const appProtocol = port.appProtocol?.value;
    if (appProtocol !== undefined ? MESH_APP_PROTOCOLS.has(appProtocol) : namedProtocol(name) !== undefined) continue;
    const what = appProtocol !== undefined ? `appProtocol ${appProtocol}` : name ? `name "${name}"` : 'missing name';
    // Which protocol the port speaks is the user's to say; appProtocol says it without renaming a port others may name.
    const fixes = DECLARED_PROTOCOLS.map((protocol): ProblemFix =>
      port.appProtocol
        ? { kind: 'replace', title: `Set appProtocol to ${protocol}`, preferred: false, range: port.appProtocol.span.value, value: protocol }
        : { kind: 'add-entry', title: `Declare the protocol: appProtocol: ${protocol}`, preferred: false, mapping: port.span.value, key: 'appProtocol', value: protocol },
    );
    context.report({ code: 'KT508', object: service, at: port.name?.span ?? port.appProtocol?.span ?? port.span, message: `Istio cannot tell this port's protocol from its ${what}: it sniffs the first bytes, which breaks server-first protocols (MySQL, SMTP) and adds delay. Name it http-…, grpc-…, tcp-… (or set appProtocol).`, fixes });
  }
}

/** The protocols KT508 offers to declare. */
const DECLARED_PROTOCOLS = ['http', 'grpc', 'tcp'];

