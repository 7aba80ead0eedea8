import type { KubeObject } from '../objects';
import type { RelatedLocation } from '../problem';
import { podCountIn } from '../snapshot/groupedPods';
import { objectsInNamespace } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';
import type { ClusterSnapshot } from '../snapshot/types';

/** API groups of Kubernetes itself with a dot (core, apps, batch, autoscaling and policy have none): their kinds make no pods the model would miss. */
const BUILT_IN_GROUPS = new Set([
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/**
 * Custom resources that configure something and make no pod or Service: certificates, routes and policies,
 * monitoring targets, topics and users, backups, kustomize and Flux sources. By group (every kind of it) or by
 * `group/Kind`.
 */
const CONFIG_ONLY = new Set([
  'cert-manager.io',
  'cilium.io',
  'projectcalico.org',
  'crd.projectcalico.org',
  'acme.cert-manager.io',
  'metallb.io',
  'snapshot.storage.k8s.io',
  'gateway.networking.k8s.io',
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'policy.linkerd.io',
  'kustomize.config.k8s.io',
  'source.toolkit.fluxcd.io',
  'notification.toolkit.fluxcd.io',
  'external-secrets.io',
  'access.strimzi.io',
  'projectcontour.io/HTTPProxy',
  'projectcontour.io/TLSCertificateDelegation',
  'projectcontour.io/ExtensionService',
  'gateway.envoyproxy.io/SecurityPolicy',
  'gateway.envoyproxy.io/BackendTrafficPolicy',
  'gateway.envoyproxy.io/ClientTrafficPolicy',
  'gateway.envoyproxy.io/EnvoyPatchPolicy',
  'gateway.envoyproxy.io/EnvoyExtensionPolicy',
  'gateway.envoyproxy.io/HTTPRouteFilter',
  'gateway.envoyproxy.io/Backend',
  'monitoring.coreos.com/ServiceMonitor',
  'monitoring.coreos.com/PodMonitor',
  'monitoring.coreos.com/PrometheusRule',
  'monitoring.coreos.com/Probe',
  'monitoring.coreos.com/AlertmanagerConfig',
  'monitoring.coreos.com/ScrapeConfig',
  'kafka.strimzi.io/KafkaTopic',
  'kafka.strimzi.io/KafkaUser',
  'kafka.strimzi.io/KafkaRebalance',
  'kafka.strimzi.io/KafkaConnector',
  'postgresql.cnpg.io/Backup',
  'postgresql.cnpg.io/ScheduledBackup',
  'postgresql.cnpg.io/Database',
  'postgresql.cnpg.io/Publication',
  'postgresql.cnpg.io/Subscription',
  'postgresql.cnpg.io/ImageCatalog',
]);

/**
 * Each namespace's custom resources that may make pods, per snapshot: every Service and policy whose selector picks
 * no pod asks. An edit that changes none of them keeps the lists of the namespaces it touched (the objects that stay
 * keep their order).
 */
const makersByNamespace = perSnapshot(
  () => new Map<string, readonly KubeObject[]>(),
  (previous, change) => {
    const carried = new Map(previous);
    for (const object of change.changed) if (mayMakePods(object)) carried.delete(object.id.namespace ?? 'default');
    return carried;
  },
);

/**
 * The custom resources of a namespace whose kinds the model does not know, and whose operators may make pods and
 * Services there (a HelmRelease, an Argo CD Application, another operator's database): kinds of the table in
 * engine/snapshot/operatorPods.ts are simulated, and those that only configure are left out.
 */
export function unknownPodMakers(snapshot: ClusterSnapshot, namespace: string): readonly KubeObject[] {
  const known = makersByNamespace(snapshot);
  let makers = known.get(namespace);
  if (!makers) known.set(namespace, (makers = objectsInNamespace(snapshot, namespace).filter(mayMakePods)));
  return makers;
}

function mayMakePods(object: KubeObject): boolean {
  const { group, kind } = object.id;
  // A custom resource's group is a DNS subdomain: an apiVersion such as skaffold's `skaffold/v4` names a tool's file, not an API.
  return object.type === 'Other' && group.includes('.') && !BUILT_IN_GROUPS.has(group) && !CONFIG_ONLY.has(group) && !CONFIG_ONLY.has(`${group}/${kind}`);
}

/**
 * Whether the workspace defines no pod at all in these namespaces: their workloads are deployed from elsewhere (a
 * folder of policies, a tutorial's `kubectl run`), and a selector that matches none there says nothing.
 */
export function definesNoPodIn(snapshot: ClusterSnapshot, namespaces: readonly string[]): boolean {
  return namespaces.length > 0 && namespaces.every((namespace) => podCountIn(snapshot, namespace) === 0);
}

/** How a finding about missing pods or Services reads where custom resources may make them: as information, naming them. */
export interface MissingButMaybeMade {
  /** Information where custom resources may make what is missing, else none (the code's own severity). */
  readonly severity: 'information' | undefined;
  /** Appended to the message: which custom resources may make what is missing. */
  readonly note: string;
  readonly related: RelatedLocation[];
}

/**
 * The severity, note and related locations of a finding that something (`what`: pods, a Service) is missing from
 * some namespaces: the finding's code's own severity when no custom resource there may make it, else information.
 */
export function missingButMaybeMade(snapshot: ClusterSnapshot, namespaces: readonly string[], what: string): MissingButMaybeMade {
  const makers = namespaces.flatMap((namespace) => unknownPodMakers(snapshot, namespace));
  if (makers.length === 0) return { severity: undefined, note: '', related: [] };
  const shown = makers.slice(0, 3).map((maker) => `${maker.id.kind}/${maker.id.name}`);
  const more = makers.length > shown.length ? ` and ${makers.length - shown.length} more` : '';
  return {
    severity: 'information',
    note: ` The custom resource${makers.length > 1 ? 's' : ''} ${shown.join(', ')}${more} in the same namespace may create ${what}: ${makers.length > 1 ? 'their operators are' : 'its operator is'} not simulated.`,
    related: makers.map((maker) => ({ uri: maker.uri, range: maker.metadata.name.span.value, message: `${maker.id.kind} ${maker.id.name} may create ${what}` })),
  };
}
