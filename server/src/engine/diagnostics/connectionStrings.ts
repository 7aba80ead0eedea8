import { parseAddress } from '../cidr';
import { configMapValues, containerValues, hostsIn } from '../connectionHosts';
import { defaultClient, resolveName } from '../dns/resolver';
import { containersOf, type KubeObject } from '../objects';
import { substringRange, type Located } from '../source';
import { firstPodClient } from '../snapshot/groupedPods';
import { servicesInNamespace, servicesNamed } from '../snapshot/indexes';
import type { SimPod } from '../snapshot/types';
import type { CheckContext } from './context';
import { nearest, traceSource } from './context';
import type { ProblemFix } from '../problem';
import { serviceOfName } from '../references';
import { missingButMaybeMade } from './unknownPodMakers';

/**
 * KT401/KT402: a host (and port) in a container's env, args or command that points into the cluster: the name
 * must resolve, from the pod's own namespace, to a Service, and the port must be one the Service exposes.
 * Names outside the cluster zone (public domains) are not judged, nor URLs that name no network host (`s3://`).
 */
export function checkConnectionStrings(context: CheckContext): void {
  for (const object of context.subjects()) {
    if (object.type === 'ConfigMap') {
      // A ConfigMap's values are read by some pod of its namespace: resolve them as an ordinary pod there would.
      checkValues(context, object, configMapValues(object), defaultClient(object.id.namespace ?? 'default')!);
      continue;
    }
    const containers = containersOf(object);
    const pod = containers.length > 0 ? firstPodClient(context.snapshot, object) : undefined;
    if (!pod) continue;
    for (const container of containers) checkValues(context, object, containerValues(container), pod, traceSource(pod));
  }
}

/** `client` names the workload whose containers hold the values, for a trace from it; a ConfigMap's reader is not known. */
function checkValues(context: CheckContext, object: KubeObject, values: readonly Located<string>[], pod: Pick<SimPod, 'namespace' | 'dnsPolicy' | 'dnsConfig' | 'hostNetwork'>, client?: string): void {
  const { snapshot } = context;
  const zone = snapshot.profile.clusterDomain;
  for (const value of values) {
    for (const reference of hostsIn(value.value)) {
      // The finding marks the host, not the whole value: a ConfigMap's block can hold a whole config file.
      const range = substringRange(value, reference.start, reference.start + reference.host.length);
      const host = reference.host.toLowerCase().replace(/\.$/, '');
      if (parseAddress(host) || host === 'localhost') continue;
      const labels = host.split('.');
      const inCluster = host.endsWith(`.${zone}`) || host.endsWith('.svc') || labels.length <= 2 && !/\.(com|org|net|io|dev|app|cloud|example|local|internal)$/.test(host);
      if (!inCluster || (labels.length === 2 && !snapshot.namespaces.has(labels[1]!))) continue;
      const resolution = resolveName(host, 'A', pod, snapshot);
      if (resolution.rcode !== 'NOERROR' || resolution.answer.length === 0) {
        const namespace = labels[1] && snapshot.namespaces.has(labels[1]) ? labels[1] : pod.namespace;
        const services = servicesInNamespace(snapshot, namespace).map((service) => service.name);
        const elsewhere = servicesNamed(snapshot, labels[0]!).map((service) => `${service.name}.${service.namespace}`);
        const suggestion = nearest(labels[0]!, services);
        const hint = elsewhere.length > 0 ? ` A Service ${labels[0]} exists in another namespace: write ${elsewhere[0]}.` : suggestion ? ` Did you mean ${suggestion}?` : '';
        // The host as written with the suggestion in place (`orders-apii.shop` becomes `orders-api.shop`), written as is inside the value.
        const written = reference.host.split('.')[0]!;
        const fixedHost = elsewhere[0] ?? (suggestion && suggestion + reference.host.slice(written.length));
        const fixes: ProblemFix[] = fixedHost ? [{ kind: 'replace', title: `Change ${reference.host} to ${fixedHost}`, preferred: true, range, value: fixedHost }] : [];
        const { severity, note, related } = missingButMaybeMade(snapshot, [namespace], 'its Service');
        const connection = client && { from: client, to: reference.port === undefined ? reference.host : `${reference.host}:${reference.port}` };
        context.report({ code: 'KT401', severity, object, at: range, message: `"${reference.host}" resolves to nothing from namespace ${pod.namespace} (${resolution.rcode}; tried ${resolution.tried.join(', ')}).${hint}${note}`, related, fixes, ...(connection && { connection }) });
        continue;
      }
      if (reference.port === undefined) continue;
      const service = resolution.resolvedName ? serviceOfName(resolution.resolvedName, snapshot) : undefined;
      if (!service || service.headless || service.type === 'ExternalName') continue;
      const { namespace, name: serviceName } = service;
      if (!service.ports.some((port) => port.port === reference.port)) {
        const target = service.ports.find((port) => port.targetPort === reference.port);
        context.report({ code: 'KT402', object, at: range, message: `Service ${namespace}/${serviceName} has no port ${reference.port}${target ? `: ${reference.port} is the targetPort of its port ${target.port}; clients must use ${target.port}` : ` (ports: ${service.ports.map((port) => port.port).join(', ')})`}.` });
      }
    }
  }
}
