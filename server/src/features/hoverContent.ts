import { appliesTo, cniPoliciesOf, type CniPolicy, cniRuleMeaning, podsSelectedByCniPolicy, refusalsOf, type AuthorizationPolicy, boundVirtualServices, podsOf, type ClusterSnapshot, describeEntry, effectiveMtls, findPort, isolatingPolicies, istioPrincipal, type KubeObject, linkerdIdentity, linkerdSettings, type MeshGateway, meshGatewayPods, meshRulesOf, type NetworkPolicy, type PeerAuthentication, podMesh, podsSelectedBy, podTemplateOf, resolveName, routersOf, serviceAccountOf, serviceNamed, servicePods, servicesSelecting, type SimPod, type SimService } from '../engine';
import { TRACE_TO_COMMAND } from '../protocol';
import { peerPods, policyRule, type SymbolAt, type WrittenSelector } from './symbolAt';

/** A Markdown link that opens the YAML of an object at its name. */
function objectLink(object: KubeObject | undefined, text: string): string {
  if (!object) return `\`${text}\``;
  const { line, character } = object.metadata.name.span.value.start;
  return `[${text}](${object.uri}#L${line + 1},${character + 1})`;
}

const podLine = (pod: SimPod) => `\`${pod.namespace}/${pod.name}\` ${pod.ips[0] ?? 'no IP'} on ${pod.node ?? 'no node'}${pod.ready ? '' : ' (not ready)'}`;

function list(lines: readonly string[], limit = 8): string {
  const shown = lines.slice(0, limit).map((line) => `- ${line}`);
  if (lines.length > limit) shown.push(`- … and ${lines.length - limit} more`);
  return shown.join('\n');
}

/**
 * Where a Service port leads in its pods, each distinct way once: `80/TCP → targetPort http → 8080 (container web)`,
 * `80/TCP → targetPort 8080 (container web)`.
 */
function portLine(port: SimService['ports'][number], pods: readonly SimPod[]): string {
  const containersOf = (pod: SimPod, number: number) => {
    const names = pod.containers.filter((container) => container.ports.some((declared) => declared.port === number && declared.protocol === port.protocol)).map((container) => container.name);
    return names.length > 0 ? `container ${names.join(', ')}` : 'no container declares it';
  };
  const named = typeof port.targetPort === 'string';
  const reached = [
    ...new Set(
      pods.map((pod) => {
        const number = findPort(pod, port);
        if (number === undefined) return 'no such container port';
        return named ? `${number} (${containersOf(pod, number)})` : containersOf(pod, number);
      }),
    ),
  ];
  const target = named ? `targetPort ${port.targetPort} → ${reached.join(', ') || 'no pods'}` : `targetPort ${port.targetPort}${reached.length > 0 ? ` (${reached.join(', ')})` : ''}`;
  return `${port.name ? `${port.name}: ` : ''}${port.port}/${port.protocol} → ${target}${port.nodePort ? ` · NodePort ${port.nodePort}` : ''}`;
}

/** A command link that opens the trace view aimed at the Service (the client trusts this one command in hovers). */
function traceLink(service: SimService): string {
  const target = `${service.name}.${service.namespace}:${service.ports[0]?.port ?? 80}`;
  return `[Trace a request to this Service](command:${TRACE_TO_COMMAND}?${encodeURIComponent(JSON.stringify([target]))} "Open the trace view with ${target} as the destination")`;
}

function serviceMarkdown(service: SimService, snapshot: ClusterSnapshot): string {
  const zone = snapshot.profile.clusterDomain;
  const endpoints = snapshot.endpoints.get(`${service.namespace}/${service.name}`);
  const pods = servicePods(service, snapshot);
  const lines = [`**Service ${service.namespace}/${service.name}** · ${service.type}${service.headless ? ' (headless)' : ''}`, ''];
  if (service.type === 'ExternalName') lines.push(`CNAME to \`${service.externalName}\``);
  else lines.push(`ClusterIP: ${service.headless ? 'None (DNS answers with the pod addresses)' : service.clusterIPs.join(', ') || 'none'}`);
  // Each on its own line: Markdown joins lines that no blank line separates.
  lines.push('', '**DNS**', list([`\`${service.name}.${service.namespace}.svc.${zone}\``, `\`${service.name}\` from ${service.namespace}`, `\`${service.name}.${service.namespace}\` elsewhere`]));
  if (service.loadBalancerIPs.length > 0) lines.push('', `LoadBalancer: ${service.loadBalancerIPs.join(', ')} (externalTrafficPolicy ${service.externalTrafficPolicy})`);
  lines.push('', '**Ports**');
  lines.push(list(service.ports.map((port) => portLine(port, pods))));
  const ready = endpoints?.endpoints.filter((endpoint) => endpoint.ready) ?? [];
  lines.push('', `**Endpoints** (${endpoints?.from === 'selector' ? 'from the selector' : endpoints?.from ?? 'none'}): ${ready.length} ready`);
  if (ready.length > 0) lines.push(list(ready.map((endpoint) => `${endpoint.ip}${endpoint.pod ? ` \`${endpoint.pod}\`` : ''}${endpoint.nodeName ? ` on ${endpoint.nodeName}` : ''}`)));
  const routers = routersOf(service, snapshot);
  if (routers.length > 0) lines.push('', `**Routed by**: ${routers.map((object) => `${object.id.kind} ${objectLink(object, `${object.id.namespace}/${object.id.name}`)}`).join(', ')}`);
  const mesh = meshRulesOf(service, snapshot);
  if (mesh.virtualServices.length > 0) lines.push('', `**Mesh routes**: VirtualService ${mesh.virtualServices.map((object) => objectLink(object, `${object.id.namespace}/${object.id.name}`)).join(', ')}`);
  for (const rule of mesh.destinationRules) {
    const subsets = (rule.spec?.subsets?.value ?? []).map((subset) => `${subset.name?.value ?? '?'} (${Object.entries(subset.labels?.value ?? {}).map(([key, value]) => `${key}=${value}`).join(', ')})`);
    lines.push('', `**DestinationRule** ${objectLink(rule, `${rule.id.namespace}/${rule.id.name}`)}${subsets.length > 0 ? `: subsets ${subsets.join(', ')}` : ''}`);
  }
  const guards = isolatingPolicies(pods, snapshot).ingress;
  lines.push('', guards.length > 0 ? `**Ingress to its pods is isolated by**: ${guards.map((policy) => objectLink(policy, `${policy.id.namespace}/${policy.id.name}`)).join(', ')}` : 'No NetworkPolicy isolates its pods for ingress.');
  lines.push('', traceLink(service));
  return lines.join('\n');
}

function selectorMarkdown(selector: WrittenSelector, namespaces: readonly string[], snapshot: ClusterSnapshot, what: string): string {
  const pods = podsSelectedBy(selector, namespaces, snapshot);
  const workloads = [...new Set(pods.map((pod) => `${pod.workload.kind} ${pod.workload.namespace}/${pod.workload.name}`))];
  if (pods.length === 0) return `**${what}** matches no pod in ${namespaces.join(', ')}.`;
  return [`**${what}** matches ${pods.length} pod(s) of ${workloads.length} workload(s)`, '', list(workloads), '', list(pods.map(podLine))].join('\n');
}

function labelsMarkdown(pods: readonly SimPod[], snapshot: ClusterSnapshot): string {
  const pod = pods[0];
  if (!pod) return 'This workload runs no pod in the simulation.';
  const services = servicesSelecting([pod], snapshot);
  const { ingress, egress } = isolatingPolicies([pod], snapshot);
  return [
    `**${pods.length} pod(s)**`,
    list(pods.map(podLine), 5),
    '',
    `**Selected by Services**: ${services.length > 0 ? services.map((service) => `\`${service.name}\``).join(', ') : 'none'}`,
    `**Ingress**: ${ingress.length > 0 ? `isolated by ${ingress.map((policy) => `\`${policy.id.name}\``).join(', ')}` : 'open to every pod and address'}`,
    `**Egress**: ${egress.length > 0 ? `isolated by ${egress.map((policy) => `\`${policy.id.name}\``).join(', ')}` : 'open'}`,
    ...cniPoliciesOf(pod, snapshot).map(({ policy, directions }) => `**${policy.type}** ${objectLink(policy, policy.id.name)} selects it${directions.length > 0 ? ` (${directions.join(', ').toLowerCase()})` : ''}`),
    `**Mesh**: ${meshLine(pod, snapshot)}`,
  ].join('\n');
}

/** Which proxy a pod runs, with the identity it presents and how it accepts connections. */
function meshLine(pod: SimPod, snapshot: ClusterSnapshot): string {
  const mesh = podMesh(snapshot, pod);
  if (mesh === 'istio') {
    const mtls = effectiveMtls(snapshot, pod);
    return `Istio sidecar, identity \`${istioPrincipal(snapshot, pod)}\`, mTLS ${mtls.mode}${mtls.policy ? ` (PeerAuthentication \`${mtls.policy.id.namespace}/${mtls.policy.id.name}\`)` : " (Istio's default)"}`;
  }
  if (mesh === 'linkerd') {
    const settings = linkerdSettings(snapshot, pod);
    return `Linkerd proxy, identity \`${linkerdIdentity(pod, serviceAccountOf(snapshot, pod) ?? 'default')}\`, default inbound policy ${settings.inboundPolicy}`;
  }
  return 'no proxy: its traffic is plaintext and, to Istio, from outside the mesh';
}

/** A Cilium or Calico policy: the pods it selects today, and whether the profile's CNI enforces it. */
function cniPolicyMarkdown(policy: CniPolicy, snapshot: ClusterSnapshot): string {
  const refusals = refusalsOf(policy);
  const name = `${policy.type} ${policy.id.namespace === undefined ? policy.id.name : `${policy.id.namespace}/${policy.id.name}`}`;
  if (refusals.length > 0) return [`**${name}** is refused by Cilium, so none of its rules take effect:`, '', list(refusals)].join('\n');
  const pods = podsSelectedByCniPolicy(policy, snapshot);
  const cni = policy.type.startsWith('Cilium') ? 'cilium' : 'calico';
  const enforced = snapshot.profile.cni.plugin === cni ? '' : `\n\nThe cluster profile's CNI is ${snapshot.profile.cni.plugin}, which does not enforce it: traces and the matrix leave it out.`;
  const what = `${policy.type} ${policy.id.namespace === undefined ? policy.id.name : `${policy.id.namespace}/${policy.id.name}`}`;
  if (pods.length === 0) return `**${what}** selects no pod${policy.id.namespace === undefined ? '' : ` in ${policy.id.namespace}`}.${enforced}`;
  return [`**${what}** selects ${pods.length} pod(s) of ${workloadNames(pods).join(', ')}`, '', list(pods.map(podLine))].join('\n') + enforced;
}

/** A NetworkPolicy rule: the peers it admits (the pods each selects today) and on which ports. */
function ruleMarkdown(policy: NetworkPolicy, direction: 'ingress' | 'egress', index: number, snapshot: ClusterSnapshot): string | undefined {
  const rule = policyRule(policy, direction, index);
  if (!rule) return undefined;
  const peerLines = !rule.peers || rule.peers.length === 0
    ? ['every peer']
    : rule.peers.map((peer) => {
        if (peer.ipBlock) return `addresses in ${peer.ipBlock.cidr?.value}${peer.ipBlock.except ? ` except ${peer.ipBlock.except.value.map((entry) => entry.value).join(', ')}` : ''}`;
        const { namespaces, pods } = peerPods(peer, policy, snapshot);
        const workloads = workloadNames(pods);
        return `${peer.podSelector ? 'pods' : 'every pod'} in ${namespaces.join(', ') || 'no namespace'}: ${workloads.length > 0 ? `${pods.length} pod(s) of ${workloads.join(', ')}` : 'none today'}`;
      });
  const portText = rule.ports.length === 0 ? 'every port' : rule.ports.map((port) => `${port.protocol?.value ?? 'TCP'} ${port.port?.value ?? 'any'}${port.endPort ? `-${port.endPort.value}` : ''}`).join(', ');
  return [`**${direction} rule ${index + 1} of ${policy.id.namespace}/${policy.id.name}** admits ${direction === 'ingress' ? 'from' : 'to'}:`, list(peerLines), '', `on ${portText}`].join('\n');
}

/** An Istio Gateway: its servers, the Envoy pods it configures (or the stand-in, or none), the VirtualServices bound to it. */
function gatewayMarkdown(gateway: MeshGateway, snapshot: ClusterSnapshot): string {
  const selector = gateway.spec?.selector?.value ?? {};
  const servers = (gateway.spec?.servers?.value ?? []).map((server) => `${server.port?.name ? `${server.port.name.value}: ` : ''}${server.port?.number?.value ?? '?'}/${server.port?.protocol?.value ?? '?'}${server.tls?.mode ? ` (TLS ${server.tls.mode.value})` : ''}, hosts ${(server.hosts?.value ?? []).map((host) => `\`${host.value}\``).join(', ') || 'none'}`);
  const pods = meshGatewayPods(gateway, snapshot);
  const fronts = servicesSelecting(pods, snapshot);
  const addresses = fronts.flatMap((service) => [...service.loadBalancerIPs, ...service.externalIPs].map((ip) => `${ip} (Service ${service.namespace}/${service.name}${service.virtual ? ', a stand-in' : ''})`));
  const standIn = pods.length > 0 && pods.every((pod) => !pod.source);
  const bound = boundVirtualServices(gateway, snapshot);
  return [
    `**Istio Gateway ${gateway.id.namespace}/${gateway.id.name}** · selector ${Object.entries(selector).map(([key, value]) => `\`${key}=${value}\``).join(', ') || 'none'}`,
    '',
    '**Servers**',
    list(servers.length > 0 ? servers : ['none']),
    '',
    pods.length === 0
      ? "**Envoy pods**: none. No pod of the workspace has these labels, and they are not the labels Istio's default ingress gateway or an istio/gateway Helm release gives its pods, which Kubetrace stands in for: nothing serves these routes."
      : `**Envoy pods**${standIn ? ` (a stand-in for ${pods[0]!.workload.name === 'istio-ingressgateway' ? "Istio's default ingress gateway" : `the istio/gateway Helm release ${pods[0]!.workload.name}`}, which the workspace does not define)` : ''}\n${list(pods.map(podLine), 5)}`,
    ...(addresses.length > 0 ? ['', `**Reached at**: ${addresses.join(', ')}`] : []),
    '',
    `**Bound VirtualServices**: ${bound.length > 0 ? bound.map((service) => `${objectLink(service, `${service.id.namespace}/${service.id.name}`)} (${(service.spec?.hosts?.value ?? []).map((host) => `\`${host.value}\``).join(', ')})`).join(', ') : 'none'}`,
  ].join('\n');
}

/** The workloads of some pods, as `namespace/name` in code, one each. */
function workloadNames(pods: readonly SimPod[]): string[] {
  return [...new Set(pods.map((pod) => `\`${pod.workload.namespace}/${pod.workload.name}\``))];
}

/** A PeerAuthentication: the mode, and the meshed pods it decides for (more specific policies win for the rest). */
function peerAuthenticationMarkdown(policy: PeerAuthentication, snapshot: ClusterSnapshot): string {
  const meshed = snapshot.pods.filter((pod) => podMesh(snapshot, pod) === 'istio');
  const decided = meshed.filter((pod) => effectiveMtls(snapshot, pod).policy === policy);
  const ports = Object.entries(policy.spec?.portLevelMtls?.value ?? {}).map(([port, entry]) => `${port}: ${entry.mode?.value ?? 'UNSET'}`);
  return [
    `**PeerAuthentication ${policy.id.namespace}/${policy.id.name}** · mTLS ${policy.spec?.mtls?.mode?.value ?? 'UNSET (the next level decides)'}${ports.length > 0 ? ` · by port ${ports.join(', ')}` : ''}`,
    '',
    decided.length > 0 ? `**Decides for** ${decided.length} pod(s) with a sidecar, of:\n${list(workloadNames(decided), 5)}` : 'Decides for no pod with a sidecar (none is in its scope, or a more specific policy decides for each).',
  ].join('\n');
}

/** An AuthorizationPolicy: its action, the pods with a sidecar it applies to, how many rules it has. */
function authorizationPolicyMarkdown(policy: AuthorizationPolicy, snapshot: ClusterSnapshot): string {
  const pods = snapshot.pods.filter((pod) => podMesh(snapshot, pod) === 'istio' && appliesTo(policy, pod));
  const rules = policy.spec?.rules?.value.length ?? 0;
  const action = policy.spec?.action?.value ?? 'ALLOW';
  const effect = action === 'ALLOW' && rules === 0 ? ' · no rules: it allows nothing, so every request to these pods is denied' : ` · ${rules} rule(s)`;
  return [`**AuthorizationPolicy ${policy.id.namespace}/${policy.id.name}** · ${action}${effect}`, '', pods.length > 0 ? `**Applies to** ${pods.length} pod(s) with a sidecar, of:\n${list(workloadNames(pods), 5)}` : 'Applies to no pod with a sidecar.'].join('\n');
}

/** Markdown for what is under the cursor; undefined when there is nothing useful to say. */
export function hoverMarkdown(symbol: SymbolAt, snapshot: ClusterSnapshot): string | undefined {
  switch (symbol.kind) {
    case 'service-ref': {
      const service = serviceNamed(snapshot, symbol.namespace, symbol.name);
      return service && serviceMarkdown(service, snapshot);
    }
    case 'target-port':
      return objectMarkdown(symbol.object, snapshot);
    case 'selector':
      if (symbol.owner === 'workload') return workloadMarkdown(symbol.object, snapshot);
      return selectorMarkdown(symbol.selector, symbol.namespaces, snapshot, symbol.owner === 'service' ? 'This selector' : 'This policy');
    case 'label':
      return workloadMarkdown(symbol.object, snapshot) ?? hoverMarkdown(symbol.within, snapshot);
    case 'connection-string': {
      const { host, client } = symbol;
      if (!client) return undefined;
      const resolution = resolveName(host, 'A', client, snapshot);
      return resolution.answer.length > 0 ? `\`${host}\` resolves to ${resolution.answer.map((record) => (typeof record.data === 'string' ? record.data : record.data.target)).join(', ')} (\`${resolution.resolvedName}\`)` : `\`${host}\` does not resolve from ${client.namespace} (${resolution.rcode})`;
    }
    case 'mesh-host': {
      const { written, host } = symbol;
      if (host.kind === 'wildcard') return `\`${written}\` is a wildcard: the rule applies to every host it matches.`;
      if (host.kind === 'external') {
        return host.entry
          ? `\`${written}\` is declared by ServiceEntry ${objectLink(host.entry, `${host.entry.id.namespace}/${host.entry.id.name}`)} (${describeEntry(host.entry)}).`
          : `\`${written}\` is neither a Service of the workspace nor a ServiceEntry host: the mesh has no cluster for it.`;
      }
      return host.service ? serviceMarkdown(host.service, snapshot) : `There is no Service ${host.namespace}/${host.name} in the workspace.`;
    }
    case 'mesh-subset': {
      const { subset } = symbol;
      const what = `Subset **${subset.name}** of Service ${subset.service.namespace}/${subset.service.name} (${Object.entries(subset.labels).map(([key, value]) => `${key}=${value}`).join(', ') || 'no labels'})`;
      return subset.pods.length > 0 ? `${what}: ${subset.pods.length} pod(s)\n\n${list(subset.pods.map((pod) => `\`${pod.name}\` ${pod.ips[0] ?? ''}${pod.node ? ` on ${pod.node}` : ''}`))}` : `${what}: no pod has these labels, so requests routed to it get 503.`;
    }
    case 'mesh-gateway':
      return symbol.gateway ? gatewayMarkdown(symbol.gateway, snapshot) : `There is no Istio Gateway \`${symbol.written}\` in the workspace.`;
    case 'cni-policy': {
      const meaning = symbol.rule && cniRuleMeaning(symbol.object, symbol.rule, snapshot);
      return meaning ? [`**${meaning.title}**`, '', list(meaning.lines)].join('\n') : cniPolicyMarkdown(symbol.object, snapshot);
    }
    case 'policy-rule':
      return ruleMarkdown(symbol.object, symbol.direction, symbol.rule, snapshot);
    case 'object':
      return objectMarkdown(symbol.object, snapshot);
  }
}

/** What an object is, wherever in it the cursor is, for the kinds that have something to say. */
function objectMarkdown(object: KubeObject, snapshot: ClusterSnapshot): string | undefined {
  const namespace = object.id.namespace ?? 'default';
  switch (object.type) {
    case 'Service': {
      const service = serviceNamed(snapshot, namespace, object.id.name);
      return service && serviceMarkdown(service, snapshot);
    }
    case 'NetworkPolicy':
      return object.spec?.podSelector ? selectorMarkdown(object.spec.podSelector, [namespace], snapshot, `NetworkPolicy ${object.id.name}`) : undefined;
    case 'PeerAuthentication':
      return peerAuthenticationMarkdown(object, snapshot);
    case 'AuthorizationPolicy':
      return authorizationPolicyMarkdown(object, snapshot);
    default:
      return undefined;
  }
}

/** The pods a workload (or a Pod) runs, with what selects and isolates them; undefined for other objects and for none. */
function workloadMarkdown(object: KubeObject, snapshot: ClusterSnapshot): string | undefined {
  if (!podTemplateOf(object)) return undefined;
  const pods = podsOf(object, snapshot);
  return pods.length > 0 ? labelsMarkdown(pods, snapshot) : undefined;
}
