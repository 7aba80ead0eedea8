import { objectsOfType, podTemplateOf, policyTypesOf, type ClusterSnapshot, type KubeObject, type LabelSelector, type NetworkPolicy, type NetworkPolicyPeer, type NetworkPolicyPort, type SimPod, type SimService } from '../engine';
import { failure, NOT_SIMULATED, output, type CommandOutput } from './commandOutput';
import { lastOption, readKubectlArguments } from './kubectlArguments';
import { selectorText } from './resourceTables';

type Labels = Readonly<Record<string, string>>;
/** One `Key:\tvalue` line of kubectl's describe output; an empty key continues the line above. */
type Field = readonly [key: string, value: string];

/** `kubectl describe (svc|pod|ingress|netpol) NAME` in kubectl's layout (its describers in pkg/describe/describe.go). */
export function kubectlDescribe(words: readonly string[], snapshot: ClusterSnapshot, currentNamespace: string): CommandOutput {
  const parsed = readKubectlArguments(words, []);
  if ('error' in parsed) return failure(parsed.error);
  const [first, second] = parsed.positionals;
  const [type, name] = first?.includes('/') ? first.split('/') : [first, second];
  const namespace = lastOption(parsed, 'namespace') ?? currentNamespace;
  if (!type || !name) return failure('kubetrace: the terminal answers `kubectl describe svc|pod|ingress|netpol NAME`');
  switch (type.toLowerCase()) {
    case 'svc':
    case 'service':
    case 'services': {
      const service = snapshot.services.find((candidate) => candidate.namespace === namespace && candidate.name === name);
      return service ? output(describeService(service, snapshot)) : notFound('services', name);
    }
    case 'netpol':
    case 'networkpolicy':
    case 'networkpolicies': {
      const policy = objectsOfType(snapshot, 'NetworkPolicy').find((candidate) => candidate.id.namespace === namespace && candidate.id.name === name);
      return policy ? output(describeNetworkPolicy(policy)) : notFound('networkpolicies.networking.k8s.io', name);
    }
    case 'pod':
    case 'pods':
    case 'po': {
      const pod = snapshot.pods.find((candidate) => candidate.namespace === namespace && candidate.name === name);
      return pod ? output(describePod(pod, snapshot)) : notFound('pods', name);
    }
    case 'ing':
    case 'ingress':
    case 'ingresses': {
      const ingress = objectsOfType(snapshot, 'Ingress').find((candidate) => candidate.id.namespace === namespace && candidate.id.name === name);
      return ingress ? output(describeIngress(ingress, snapshot)) : notFound('ingresses.networking.k8s.io', name);
    }
    default:
      return failure(`kubetrace: kubectl describe ${type} is not simulated: the terminal describes svc, pod, ingress and netpol`, NOT_SIMULATED);
  }
}

function notFound(resource: string, name: string): CommandOutput {
  return failure(`Error from server (NotFound): ${resource} "${name}" not found`);
}

/**
 * Fields laid out as describe's tabwriter does (padding 2): a block of lines with a key shares the value column,
 * the longest key and its colon plus two blanks.
 */
function block(fields: readonly Field[]): string {
  const width = Math.max(...fields.map(([key]) => (key ? key.length + 1 : 0))) + 2;
  return fields.map(([key, value]) => `${(key ? `${key}:` : '').padEnd(width)}${value}`.trimEnd() + '\n').join('');
}

function labelLines(key: string, labels: Labels, separator: '=' | ': '): Field[] {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return [[key, '<none>']];
  return keys.map((label, at) => [at === 0 ? key : '', `${label}${separator}${labels[label]}`]);
}

function objectLabels(object: KubeObject | undefined): Labels {
  return object?.metadata.labels?.value ?? {};
}

function objectAnnotations(object: KubeObject | undefined): Labels {
  const annotations = { ...(object?.metadata.annotations?.value ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  return annotations;
}

function describeService(service: SimService, snapshot: ClusterSnapshot): string {
  const object = objectsOfType(snapshot, 'Service').find((candidate) => candidate.id.namespace === service.namespace && candidate.id.name === service.name);
  const endpoints = snapshot.endpoints.get(`${service.namespace}/${service.name}`);
  const fields: Field[] = [
    ['Name', service.name],
    ['Namespace', service.namespace],
    ...labelLines('Labels', objectLabels(object), '='),
    ...labelLines('Annotations', objectAnnotations(object), ': '),
    ['Selector', service.selector && Object.keys(service.selector).length > 0 ? Object.keys(service.selector).sort().map((key) => `${key}=${service.selector![key]}`).join(',') : '<none>'],
    ['Type', service.type],
  ];
  if (service.type !== 'ExternalName') {
    fields.push(['IP Family Policy', 'SingleStack'], ['IP Families', service.clusterIPs[0]?.includes(':') ? 'IPv6' : 'IPv4'], ['IP', service.headless ? 'None' : (service.clusterIPs[0] ?? '<none>')], ['IPs', service.headless ? 'None' : service.clusterIPs.join(',') || '<none>']);
  }
  if (service.externalIPs.length > 0) fields.push(['External IPs', service.externalIPs.join(',')]);
  if (service.externalName) fields.push(['External Name', service.externalName]);
  if (service.loadBalancerIPs.length > 0) fields.push(['LoadBalancer Ingress', service.loadBalancerIPs.join(', ')]);
  for (const port of service.ports) {
    const ready = (endpoints?.endpoints ?? []).filter((endpoint) => endpoint.ready && endpoint.ports[port.name] !== undefined).map((endpoint) => `${endpoint.ip}:${endpoint.ports[port.name]}`);
    fields.push(['Port', `${port.name || '<unset>'}  ${port.port}/${port.protocol}`], ['TargetPort', `${port.targetPort}/${port.protocol}`]);
    if (port.nodePort !== undefined && service.type !== 'ClusterIP') fields.push(['NodePort', `${port.name || '<unset>'}  ${port.nodePort}/${port.protocol}`]);
    fields.push(['Endpoints', !endpoints || endpoints.from === 'none' ? '<none>' : ready.length > 3 ? `${ready.slice(0, 3).join(',')} + ${ready.length - 3} more...` : ready.join(',')]);
  }
  fields.push(['Session Affinity', service.sessionAffinity]);
  if (service.type === 'NodePort' || service.type === 'LoadBalancer') fields.push(['External Traffic Policy', service.externalTrafficPolicy]);
  if (service.type !== 'ExternalName') fields.push(['Internal Traffic Policy', service.internalTrafficPolicy]);
  if (service.loadBalancerSourceRanges.length > 0) fields.push(['LoadBalancer Source Ranges', service.loadBalancerSourceRanges.join(',')]);
  fields.push(['Events', '<none>']);
  return block(fields);
}

function describeNetworkPolicy(policy: NetworkPolicy): string {
  const spec = policy.spec;
  const types = policyTypesOf(policy);
  const head = block([['Name', policy.id.name], ['Namespace', policy.id.namespace ?? 'default'], ['Created on', '<unknown>'], ...labelLines('Labels', objectLabels(policy), '='), ...labelLines('Annotations', objectAnnotations(policy), ': ')]);
  const selector = selectorText(spec?.podSelector);
  const lines = ['Spec:', `  PodSelector:     ${selector === '<none>' ? '<none> (Allowing the specific traffic to all pods in this namespace)' : selector}`];
  const direction = (name: 'ingress' | 'egress', rules: readonly { readonly peers: readonly NetworkPolicyPeer[] | undefined; readonly ports: readonly NetworkPolicyPort[] | undefined }[]) => {
    if (!types.includes(name === 'ingress' ? 'Ingress' : 'Egress')) {
      lines.push(`  Not affecting ${name} traffic`);
      return;
    }
    lines.push(`  Allowing ${name} traffic:`);
    if (rules.length === 0) lines.push(`    <none> (Selected pods are isolated for ${name} connectivity)`);
    rules.forEach((rule, at) => {
      if (at > 0) lines.push('    ----------');
      const ports = rule.ports ?? [];
      if (ports.length === 0) lines.push('    To Port: <any> (traffic allowed to all ports)');
      for (const port of ports) lines.push(port.endPort ? `    To Port Range: ${port.port?.value ?? ''}-${port.endPort.value}/${port.protocol?.value ?? 'TCP'}` : `    To Port: ${port.port?.value ?? '<any>'}/${port.protocol?.value ?? 'TCP'}`);
      const word = name === 'ingress' ? 'From' : 'To';
      if (!rule.peers || rule.peers.length === 0) lines.push(`    ${word}: <any> (traffic not restricted by ${name === 'ingress' ? 'source' : 'destination'})`);
      for (const peer of rule.peers ?? []) {
        lines.push(`    ${word}:`);
        if (peer.namespaceSelector) lines.push(`      NamespaceSelector: ${selectorText(peer.namespaceSelector as LabelSelector)}`);
        if (peer.podSelector) lines.push(`      PodSelector: ${selectorText(peer.podSelector as LabelSelector)}`);
        if (peer.ipBlock) lines.push('      IPBlock:', `        CIDR: ${peer.ipBlock.cidr?.value ?? ''}`, `        Except: ${(peer.ipBlock.except?.value ?? []).map((cidr) => cidr.value).join(', ')}`);
      }
    });
  };
  direction('ingress', (spec?.ingress?.value ?? []).map((rule) => ({ peers: rule.from?.value, ports: rule.ports?.value })));
  direction('egress', (spec?.egress?.value ?? []).map((rule) => ({ peers: rule.to?.value, ports: rule.ports?.value })));
  lines.push(`  Policy Types: ${types.join(', ') || '<none>'}`);
  return head + lines.map((line) => `${line}\n`).join('');
}

function describePod(pod: SimPod, snapshot: ClusterSnapshot): string {
  const maker = snapshot.objects.find((object) => object.id.namespace === pod.workload.namespace && object.id.kind === pod.workload.kind && object.id.name === pod.workload.name);
  const template = maker ? podTemplateOf(maker) : undefined;
  const node = snapshot.nodes.find((candidate) => candidate.name === pod.node);
  const controller = pod.simulated ? (pod.workload.kind === 'Deployment' ? `ReplicaSet/${pod.name.split('-').slice(0, -1).join('-')}` : `${pod.workload.kind}/${pod.workload.name}`) : undefined;
  const head = block([
    ['Name', pod.name],
    ['Namespace', pod.namespace],
    ['Priority', '0'],
    ['Service Account', 'default'],
    ['Node', pod.node ? `${pod.node}/${node?.addresses[0] ?? ''}` : '<none>'],
    ['Start Time', '<unknown>'],
    ...labelLines('Labels', pod.labels, '='),
    ...labelLines('Annotations', {}, ': '),
    ['Status', pod.node ? 'Running' : 'Pending'],
    ['IP', pod.ips[0] ?? ''],
    ...(pod.ips.length > 0 ? [['IPs', ''] as Field, ...pod.ips.map((ip) => ['  IP', ip] as Field)] : [['IPs', '<none>'] as Field]),
    ...(controller ? [['Controlled By', controller] as Field] : []),
  ]);
  const containers = pod.containers.map((container) => {
    const image = (template?.spec?.containers?.value ?? []).find((candidate) => candidate.name?.value === container.name)?.image?.value;
    const ports = container.ports.map((port) => `${port.port}/${port.protocol}`);
    return `  ${container.name}:\n${block([['Image', image ?? '<unknown>'], ['Port', ports.length > 0 ? ports.join(', ') : '<none>'], ['State', 'Running'], ['Ready', pod.ready ? 'True' : 'False'], ['Restart Count', '0']]).replace(/^(?=.)/gm, '    ')}`;
  });
  const conditions = `Conditions:\n  Type              Status\n  PodScheduled      ${pod.node ? 'True' : 'False'} \n  Ready             ${pod.ready && pod.node ? 'True' : 'False'} \n`;
  return `${head}Containers:\n${containers.join('')}${conditions}${block([['Events', '<none>']])}`;
}

function describeIngress(ingress: Extract<KubeObject, { type: 'Ingress' }>, snapshot: ClusterSnapshot): string {
  const spec = ingress.spec;
  const backendText = (service: string | undefined, port: string | undefined) => {
    if (!service) return '<default>';
    const target = snapshot.services.find((candidate) => candidate.namespace === (ingress.id.namespace ?? 'default') && candidate.name === service);
    const servicePort = target?.ports.find((candidate) => String(candidate.port) === port || candidate.name === port);
    const endpoints = target && servicePort ? (snapshot.endpoints.get(`${target.namespace}/${target.name}`)?.endpoints ?? []).filter((endpoint) => endpoint.ready && endpoint.ports[servicePort.name] !== undefined).map((endpoint) => `${endpoint.ip}:${endpoint.ports[servicePort.name]}`) : [];
    return `${service}:${port ?? ''} (${target ? (endpoints.length > 0 ? endpoints.join(',') : '<none>') : `<error: services "${service}" not found>`})`;
  };
  const head = block([
    ['Name', ingress.id.name],
    ...labelLines('Labels', objectLabels(ingress), '='),
    ['Namespace', ingress.id.namespace ?? 'default'],
    ['Address', ''],
    ['Ingress Class', spec?.ingressClassName?.value ?? '<none>'],
    ['Default backend', backendText(spec?.defaultBackend?.service?.name?.value, portText(spec?.defaultBackend?.service?.port))],
  ]);
  const tls = (spec?.tls?.value ?? []).map((entry) => `  ${entry.secretName?.value ?? 'SNI'} terminates ${(entry.hosts?.value ?? []).map((host) => host.value).join(',')}\n`);
  const rows: string[][] = [['Host', 'Path', 'Backends'], ['----', '----', '--------']];
  for (const rule of spec?.rules?.value ?? []) {
    rows.push([rule.host?.value ?? '*', '', '']);
    for (const path of rule.http?.paths?.value ?? []) rows.push(['', path.path?.value ?? '/', backendText(path.backend?.service?.name?.value, portText(path.backend?.service?.port))]);
  }
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)) + 2);
  const rules = rows.map((row) => `  ${row[0]!.padEnd(widths[0]!)}${row[1]!.padEnd(widths[1]!)}${row[2]}`.trimEnd() + '\n');
  return `${head}${tls.length > 0 ? `TLS:\n${tls.join('')}` : ''}Rules:\n${rules.join('')}${block([...labelLines('Annotations', objectAnnotations(ingress), ': '), ['Events', '<none>']])}`;
}

function portText(port: { readonly number?: { readonly value: number }; readonly name?: { readonly value: string } } | undefined): string | undefined {
  return port?.number ? String(port.number.value) : port?.name?.value;
}

