import { cidrContains, parseAddress, parseCidr } from '../cidr';
import { matchesLabelSelector } from '../labels';
import { containersOf, type Container, type KubeObject, type Service } from '../objects';
import { findPort } from '../snapshot/endpoints';
import { podLabelSetCounts, selectedPodClasses, type PodClass } from '../snapshot/groupedPods';
import { objectNamed, serviceNamed } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';
import type { ClusterSnapshot } from '../snapshot/types';
import type { ProblemFix } from '../problem';
import type { FieldSpan } from '../source';
import type { CheckContext} from './context';
import { isServiceName } from './context';
import { labelSetKeys, labelSetsMatching, labelSetValues, nearestAmong } from './labelSuggestions';
import { mentionsPort } from './portMentions';
import { definesNoPodIn, missingButMaybeMade } from './unknownPodMakers';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_NAME = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.?$/i;

/** KT1xx: Services and the workloads behind them. */
export function checkServices(context: CheckContext): void {
  const { snapshot } = context;
  // Only the Services checked this time are gone through, also for the owners of NodePorts and ClusterIPs: an owner
  // matters only in a clash, a clash is also a snapshot note, and a snapshot with notes is checked in full.
  const services = context.subjectsOfType('Service');
  const nodePortOwners = new Map<number, Service>();
  const clusterIPOwners = new Map<string, Service>();
  for (const service of services) {
    const spec = service.spec;
    const namespace = service.id.namespace ?? 'default';
    const simulated = serviceNamed(snapshot, namespace, service.id.name);
    const type = spec?.type?.value ?? 'ClusterIP';
    const ports = spec?.ports?.value ?? [];

    if (type === 'ExternalName') {
      if (spec?.selector && Object.keys(spec.selector.value).length > 0) context.report({ code: 'KT106', severity: 'warning', object: service, at: spec.selector.span, message: 'An ExternalName Service ignores its selector: DNS answers with a CNAME and no endpoints are made.' });
      const target = spec?.externalName?.value;
      if (!target) context.report({ code: 'KT106', object: service, at: spec?.type?.span, message: 'An ExternalName Service needs spec.externalName.' });
      else if (!DNS_NAME.test(target) || parseAddress(target)) context.report({ code: 'KT106', object: service, at: spec!.externalName!.span, message: `externalName must be a DNS name${parseAddress(target) ? ', not an IP address' : ''}: "${target}".` });
      continue;
    }

    // Ports: names, duplicates, NodePorts.
    const seen = new Map<string, number>();
    const names = new Map<string, number>();
    ports.forEach((port, index) => {
      const key = `${port.protocol?.value ?? 'TCP'}/${port.port?.value}`;
      if (port.port && seen.has(key)) context.report({ code: 'KT105', object: service, at: port.port.span, message: `Port ${key} appears twice (also spec.ports[${seen.get(key)}]).` });
      seen.set(key, index);
      const name = port.name?.value;
      if (ports.length > 1 && !name) context.report({ code: 'KT105', object: service, at: port.span, message: 'A Service with more than one port must name every port.' });
      if (name !== undefined) {
        if (names.has(name)) context.report({ code: 'KT105', object: service, at: port.name!.span, message: `Port name ${name} is used twice.` });
        names.set(name, index);
        if (!DNS_LABEL.test(name)) context.report({ code: 'KT110', object: service, at: port.name!.span, message: `Service port name "${name}" must be a DNS label (lower-case letters, digits, '-').` });
      }
      if (port.nodePort) {
        const nodePort = port.nodePort.value;
        const { min, max } = snapshot.profile.nodePortRange;
        if (nodePort < min || nodePort > max) context.report({ code: 'KT104', object: service, at: port.nodePort.span, message: `nodePort ${nodePort} is outside the NodePort range ${min}-${max}.` });
        const owner = nodePortOwners.get(nodePort);
        if (owner && owner !== service) {
          context.report({ code: 'KT104', object: service, at: port.nodePort.span, message: `nodePort ${nodePort} is already used by Service ${owner.id.namespace}/${owner.id.name}.`, related: [{ uri: owner.uri, range: owner.metadata.name.span.value, message: 'the other Service' }] });
        }
        nodePortOwners.set(nodePort, service);
        if (type === 'ClusterIP') context.report({ code: 'KT104', object: service, at: port.nodePort.span, message: 'A ClusterIP Service cannot have a nodePort.' });
      }
    });

    // ClusterIP: in the service CIDR and not taken.
    const clusterIP = spec?.clusterIP?.value;
    if (clusterIP && clusterIP !== 'None' && clusterIP !== '') {
      const address = parseAddress(clusterIP);
      const ranges = snapshot.profile.serviceCIDR.map((text) => parseCidr(text)).filter((cidr) => cidr !== undefined);
      if (!address) context.report({ code: 'KT107', object: service, at: spec!.clusterIP!.span, message: `clusterIP "${clusterIP}" is not an IP address.` });
      else if (!ranges.some((cidr) => cidrContains(cidr, address.address))) {
        context.report({ code: 'KT107', object: service, at: spec!.clusterIP!.span, message: `clusterIP ${clusterIP} is outside the service CIDR (${snapshot.profile.serviceCIDR.join(', ')}): the API server rejects it.` });
      } else {
        const owner = clusterIPOwners.get(address.address);
        if (owner) context.report({ code: 'KT107', object: service, at: spec!.clusterIP!.span, message: `clusterIP ${clusterIP} is already taken by Service ${owner.id.namespace}/${owner.id.name}.`, related: [{ uri: owner.uri, range: owner.metadata.name.span.value, message: 'the other Service' }] });
        clusterIPOwners.set(address.address, service);
      }
    }

    for (const range of spec?.loadBalancerSourceRanges?.value ?? []) {
      if (!parseCidr(range.value)) context.report({ code: 'KT109', object: service, at: range.span, message: `loadBalancerSourceRanges entry "${range.value}" is not a CIDR.` });
    }
    if (spec?.loadBalancerSourceRanges && type !== 'LoadBalancer') context.report({ code: 'KT109', severity: 'warning', object: service, at: spec.loadBalancerSourceRanges.span, message: 'loadBalancerSourceRanges applies only to LoadBalancer Services.' });

    // Selector and target ports, against the pods it selects.
    const selector = spec?.selector;
    const providedEndpoints = snapshot.endpoints.get(`${namespace}/${service.id.name}`)?.from;
    if (!selector || Object.keys(selector.value).length === 0 || providedEndpoints === 'EndpointSlice' || providedEndpoints === 'Endpoints') continue;
    // Counted by classes of alike pods (a workload's replicas are one), not pod by pod.
    const selected = selectedPodClasses(snapshot, namespace, selector.value);
    const selectedCount = selected.count;
    if (selectedCount === 0) {
      reportEmptySelector(context, service, selector.value, selector.entries);
      continue;
    }
    for (const port of ports) {
      if (!simulated) break;
      const simPort = simulated.ports.find((candidate) => candidate.port === port.port?.value && candidate.protocol === (port.protocol?.value ?? 'TCP'));
      if (!simPort) continue;
      const targetSpan = port.targetPort?.span ?? port.port?.span;
      if (typeof simPort.targetPort === 'number') {
        // containerPort is informational: the application may listen on a port its arguments or configuration set.
        // A workload's pods share their containers: each list is read once.
        const declaredBy = (classes: readonly PodClass[]) => [...new Set(classes.map((pods) => pods.containers))].flatMap((containers) => containers.flatMap((container) => container.ports));
        const declared = declaredBy(selected.classes);
        const target = simPort.targetPort;
        if (declared.length > 0 && !declared.some((candidate) => candidate.port === target && candidate.protocol === simPort.protocol) && !podsTold(context, selected.classes, target)) {
          // The ports in the order of the first pod declaring them.
          const numbers = [...new Set(declaredBy(selected.inOrder()).map((candidate) => candidate.port))].join(', ');
          context.report({ code: 'KT102', object: service, at: targetSpan, message: `No container of the ${selectedCount} selected pod(s) declares ${simPort.protocol} port ${simPort.targetPort} (they declare ${numbers}). containerPort is informational: this works if the application listens on ${simPort.targetPort} (set by its arguments or configuration); if it does not, connections are refused.`, related: context.podLocation(selected.inOrder()[0]!, 'a selected pod') });
        }
      } else {
        const lacks = (pods: PodClass) => findPort(pods, simPort) === undefined;
        const missingCount = countOf(selected.classes.filter(lacks));
        if (missingCount > 0) {
          const all = missingCount === selectedCount;
          context.report({ code: 'KT103', severity: all ? 'error' : 'warning', object: service, at: targetSpan, message: `targetPort "${simPort.targetPort}" names no ${simPort.protocol} container port on ${all ? 'any of the' : `${missingCount} of the ${selectedCount}`} selected pods: ${all ? 'the Service has no endpoints for this port' : 'those pods get no traffic on it'}.`, related: context.podLocation(selected.inOrder().find(lacks)!, 'a pod without that port') });
        }
      }
    }
  }
  checkWorkloads(context);
}

function countOf(classes: readonly PodClass[]): number {
  return classes.reduce((count, pods) => count + pods.count, 0);
}

/** Whether the containers of some selected pod are given the port in their command, arguments or environment. */
function podsTold(context: CheckContext, pods: readonly PodClass[], port: number): boolean {
  const workloads = new Set(pods.map((pod) => objectNamed(context.snapshot, pod.namespace, pod.workload.kind, pod.workload.name)));
  return [...workloads].some((object) => object !== undefined && containersOf(object).some((container) => mentionsPort(container, port)));
}

function reportEmptySelector(context: CheckContext, service: Service, selector: Readonly<Record<string, string>>, entries: Readonly<Record<string, FieldSpan>>): void {
  const namespace = service.id.namespace ?? 'default';
  if (definesNoPodIn(context.snapshot, [namespace])) return;
  const { severity, note, related } = missingButMaybeMade(context.snapshot, [namespace], 'the pods');
  const { key, text, suggestion } = emptySelectorReading(context.snapshot, namespace, selector);
  const entry = key === undefined ? undefined : entries[key];
  const fixes: ProblemFix[] = suggestion && entry ? [{ kind: 'replace', title: `Change the selector to ${key}: ${suggestion}`, preferred: true, range: entry.value, value: suggestion }] : [];
  context.report({ code: 'KT101', severity, object: service, at: key === undefined ? service.spec?.selector?.span : entry, message: `${text}${note}`, related, fixes });
}

/** What KT101 says of a Service selector that picks no pod of a namespace that has pods: the entry it blames (none: the whole selector), and the value it suggests. */
interface EmptySelectorReading {
  readonly key?: string;
  readonly text: string;
  readonly suggestion?: string;
}

/**
 * KT101's reading of a selector that picks no pod, from the namespace's pod labels alone: the recheck after an edit
 * compares the readings of the snapshots before and after to tell whether the finding changed.
 */
export function emptySelectorReading(snapshot: ClusterSnapshot, namespace: string, selector: Readonly<Record<string, string>>): EmptySelectorReading {
  // Kept per snapshot and selector: the recheck after an edit reads the snapshot before's, worked out after the edit before.
  const known = readingsOf(snapshot).get(selector);
  if (known?.namespace === namespace) return known.reading;
  const reading = readEmptySelector(snapshot, namespace, selector);
  readingsOf(snapshot).set(selector, { namespace, reading });
  return reading;
}

const readingsOf = perSnapshot(() => new WeakMap<Readonly<Record<string, string>>, { readonly namespace: string; readonly reading: EmptySelectorReading }>());

function readEmptySelector(snapshot: ClusterSnapshot, namespace: string, selector: Readonly<Record<string, string>>): EmptySelectorReading {
  const podLabels = podLabelSetCounts(snapshot, namespace);
  // The culprit is the one entry without which some pod would match; the closest value those pods have is the hint.
  for (const [key, value] of Object.entries(selector)) {
    const others = Object.fromEntries(Object.entries(selector).filter(([otherKey]) => otherKey !== key));
    const rest = labelSetsMatching(podLabels, others);
    if (rest.sets.length === 0) continue;
    const values = labelSetValues(rest.sets, key);
    const question = `${namespace}\u0000${JSON.stringify(others)}`;
    const suggestion = nearestAmong(snapshot, `label sets' values\u0000${question}\u0000${key}`, value, values);
    const keySuggestion = values.size === 0 ? nearestAmong(snapshot, `label sets' keys\u0000${question}`, key, labelSetKeys(rest.sets)) : undefined;
    const hint = suggestion ? ` Did you mean ${key}: ${suggestion}?` : keySuggestion ? ` Did you mean the label key ${keySuggestion}?` : '';
    // With one entry there is no rest to speak of: no pod of the namespace has it.
    const which = Object.keys(others).length === 0 ? 'no pod of the namespace has' : `${rest.podCount} pod(s) match the rest of it, but none has`;
    return { key, text: `The selector matches no pod in namespace ${namespace}: ${which} ${key}=${value}.${hint}`, ...(suggestion && { suggestion }) };
  }
  const text = Object.entries(selector).map(([key, value]) => `${key}=${value}`).join(', ');
  return { text: `The selector (${text}) matches no pod in namespace ${namespace}.` };
}

/** KT108 StatefulSet governing Service, KT110 container port names, KT111 selector vs template, KT112 probe port names. */
function checkWorkloads(context: CheckContext): void {
  const { snapshot } = context;
  for (const object of context.subjects()) {
    if (object.type === 'StatefulSet') {
      const serviceName = object.spec?.serviceName;
      if (serviceName) {
        const service = serviceNamed(snapshot, object.id.namespace ?? 'default', serviceName.value);
        if (!service) context.report({ code: 'KT108', object, at: serviceName.span, message: `serviceName ${serviceName.value} names no Service in ${object.id.namespace}: the pods get no stable DNS names (${object.id.name}-0.${serviceName.value}…).` });
        else if (!service.headless) context.report({ code: 'KT108', object, at: serviceName.span, message: `Service ${serviceName.value} is not headless (clusterIP: None): the pods get no per-pod DNS names.`, related: service.source ? [{ uri: service.source.uri, range: service.source.range, message: 'the Service' }] : [] });
      }
    }
    if (object.type === 'Deployment' || object.type === 'ReplicaSet' || object.type === 'StatefulSet' || object.type === 'DaemonSet' || object.type === 'Job') {
      const selector = object.spec?.selector;
      const labels = object.spec?.template?.metadata?.labels?.value ?? {};
      if (selector && (object.type !== 'Job' || selector.matchLabels) && !matchesLabelSelector(selector, labels)) {
        context.report({ code: 'KT111', object, at: selector.span, message: `spec.selector does not match the labels of spec.template: the API server rejects the ${object.id.kind}.` });
      }
    }
    for (const container of containersOf(object)) checkContainer(context, object, container);
  }
}

function checkContainer(context: CheckContext, object: KubeObject, container: Container): void {
  const ports = container.ports?.value ?? [];
  for (const port of ports) {
    if (port.name && !isServiceName(port.name.value)) context.report({ code: 'KT110', object, at: port.name.span, message: `Container port name "${port.name.value}" is not a valid IANA service name (at most 15 lower-case letters, digits and '-', with a letter).` });
  }
  // A probe on a port number needs no declaration (the kubelet connects to the pod's address); a port name must be one of the container's.
  for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
    const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
    if (!port || typeof port.value !== 'string') continue;
    if (!ports.some((candidate) => candidate.name?.value === port.value)) {
      context.report({ code: 'KT112', object, at: port.span, message: `The probe names port "${port.value}", which container ${container.name?.value ?? ''} does not declare: the probe fails.` });
    }
  }
}
