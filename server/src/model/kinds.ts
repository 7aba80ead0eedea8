import type { ObjectType } from '../engine/objects';
import * as S from './schemas';
import { operatorResourceFields } from './operatorSchemas';
import { calicoNetworkSetFields, calicoPolicyFields, calicoTierFields, ciliumNetworkPolicyFields } from './cniPolicySchemas';
import type { Decoder } from './decode';

/** How the model reads one kind: the object type it becomes, its scope and its top-level field readers. */
export interface KindDefinition {
  readonly type: ObjectType;
  readonly clusterScoped: boolean;
  readonly fields: Readonly<Record<string, Decoder<unknown>>>;
}

function kind(type: ObjectType, fields: object, clusterScoped = false): KindDefinition {
  return { type, clusterScoped, fields: fields as Record<string, Decoder<unknown>> };
}

/** Keyed by `group/Kind` ("" is the core group); any version of a group is read the same way. */
const KNOWN_KINDS: ReadonlyMap<string, KindDefinition> = new Map([
  ['/Namespace', kind('Namespace', S.namespaceFields, true)],
  ['/Node', kind('Node', S.nodeFields, true)],
  ['/Pod', kind('Pod', S.podFields)],
  ['/ReplicationController', kind('ReplicationController', S.replicationControllerFields)],
  ['/Service', kind('Service', S.serviceFields)],
  ['/Endpoints', kind('Endpoints', S.endpointsFields)],
  ['/ConfigMap', kind('ConfigMap', S.configMapFields)],
  ['/Secret', kind('Secret', S.secretFields)],
  ['apps/Deployment', kind('Deployment', S.workloadFields)],
  ['apps/ReplicaSet', kind('ReplicaSet', S.workloadFields)],
  ['apps/StatefulSet', kind('StatefulSet', S.workloadFields)],
  ['apps/DaemonSet', kind('DaemonSet', S.workloadFields)],
  ['batch/Job', kind('Job', S.workloadFields)],
  ['batch/CronJob', kind('CronJob', S.cronJobFields)],
  ['discovery.k8s.io/EndpointSlice', kind('EndpointSlice', S.endpointSliceFields)],
  ['networking.k8s.io/Ingress', kind('Ingress', S.ingressFields)],
  ['networking.k8s.io/IngressClass', kind('IngressClass', S.ingressClassFields, true)],
  ['networking.k8s.io/NetworkPolicy', kind('NetworkPolicy', S.networkPolicyFields)],
  ['policy.networking.k8s.io/AdminNetworkPolicy', kind('AdminNetworkPolicy', S.adminNetworkPolicyFields, true)],
  [
    'policy.networking.k8s.io/BaselineAdminNetworkPolicy',
    kind('BaselineAdminNetworkPolicy', S.adminNetworkPolicyFields, true),
  ],
  ['policy.networking.k8s.io/ClusterNetworkPolicy', kind('ClusterNetworkPolicy', S.clusterNetworkPolicyFields, true)],
  ['cilium.io/CiliumNetworkPolicy', kind('CiliumNetworkPolicy', ciliumNetworkPolicyFields)],
  ['cilium.io/CiliumClusterwideNetworkPolicy', kind('CiliumClusterwideNetworkPolicy', ciliumNetworkPolicyFields, true)],
  // Calico's API server serves projectcalico.org/v3; the CRDs under it are crd.projectcalico.org/v1, with the same spec.
  ...['projectcalico.org', 'crd.projectcalico.org'].flatMap((group) => [
    [`${group}/NetworkPolicy`, kind('CalicoNetworkPolicy', calicoPolicyFields)] as const,
    [`${group}/GlobalNetworkPolicy`, kind('CalicoGlobalNetworkPolicy', calicoPolicyFields, true)] as const,
    [`${group}/Tier`, kind('CalicoTier', calicoTierFields, true)] as const,
    [`${group}/NetworkSet`, kind('CalicoNetworkSet', calicoNetworkSetFields)] as const,
    [`${group}/GlobalNetworkSet`, kind('CalicoNetworkSet', calicoNetworkSetFields, true)] as const,
  ]),
  ['gateway.networking.k8s.io/GatewayClass', kind('GatewayClass', S.gatewayClassFields, true)],
  ['gateway.networking.k8s.io/Gateway', kind('Gateway', S.gatewayFields)],
  ['gateway.networking.k8s.io/ListenerSet', kind('ListenerSet', S.listenerSetFields)],
  ['gateway.networking.x-k8s.io/XListenerSet', kind('ListenerSet', S.listenerSetFields)],
  ['gateway.networking.k8s.io/HTTPRoute', kind('HTTPRoute', S.httpRouteFields)],
  ['gateway.networking.k8s.io/ReferenceGrant', kind('ReferenceGrant', S.referenceGrantFields)],
  ['networking.istio.io/VirtualService', kind('VirtualService', S.virtualServiceFields)],
  ['networking.istio.io/DestinationRule', kind('DestinationRule', S.destinationRuleFields)],
  ['networking.istio.io/Gateway', kind('MeshGateway', S.meshGatewayFields)],
  ['networking.istio.io/ServiceEntry', kind('ServiceEntry', S.serviceEntryFields)],
  ['networking.istio.io/Sidecar', kind('Sidecar', S.sidecarFields)],
  ['security.istio.io/PeerAuthentication', kind('PeerAuthentication', S.peerAuthenticationFields)],
  ['security.istio.io/AuthorizationPolicy', kind('AuthorizationPolicy', S.authorizationPolicyFields)],
  ['policy.linkerd.io/Server', kind('LinkerdServer', S.linkerdServerFields)],
  ['policy.linkerd.io/AuthorizationPolicy', kind('LinkerdAuthorizationPolicy', S.linkerdAuthorizationPolicyFields)],
  ['policy.linkerd.io/ServerAuthorization', kind('ServerAuthorization', S.serverAuthorizationFields)],
  ['policy.linkerd.io/MeshTLSAuthentication', kind('MeshTLSAuthentication', S.meshTlsAuthenticationFields)],
  ['policy.linkerd.io/NetworkAuthentication', kind('NetworkAuthentication', S.networkAuthenticationFields)],
  // Linkerd's own HTTPRoute has the Gateway API's shape; its group (policy.linkerd.io) stays in the object's identity.
  ['policy.linkerd.io/HTTPRoute', kind('HTTPRoute', S.httpRouteFields)],
  // Custom resources whose operators make pods (engine/snapshot/operatorPods.ts); all namespaced, CloudNativePG's Cluster too.
  ...[
    'monitoring.coreos.com/Prometheus',
    'monitoring.coreos.com/Alertmanager',
    'monitoring.coreos.com/ThanosRuler',
    'leaderworkerset.x-k8s.io/LeaderWorkerSet',
    'postgresql.cnpg.io/Cluster',
    'postgresql.cnpg.io/Pooler',
    'elasticsearch.k8s.elastic.co/Elasticsearch',
    'kibana.k8s.elastic.co/Kibana',
    'kafka.strimzi.io/Kafka',
    'kafka.strimzi.io/KafkaNodePool',
    'kafka.strimzi.io/KafkaConnect',
    'kafka.strimzi.io/KafkaBridge',
    'kafka.strimzi.io/KafkaMirrorMaker2',
  ].map((key) => [key, kind('OperatorResource', operatorResourceFields)] as const),
]);

/** Cluster-scoped kinds the model does not read, so that their identity has no namespace. */
const OTHER_CLUSTER_SCOPED = new Set([
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
  'APIService',
  'PriorityClass',
  'RuntimeClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'PodSecurityPolicy',
  'CertificateSigningRequest',
  'IPAddress',
  'ServiceCIDR',
]);

const OTHER: Omit<KindDefinition, 'clusterScoped'> = { type: 'Other', fields: {} };

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function kindDefinition(group: string, kindName: string): KindDefinition {
  return (
    KNOWN_KINDS.get(`${group}/${kindName}`) ?? {
      ...OTHER,
      clusterScoped: OTHER_CLUSTER_SCOPED.has(kindName) || kindName.startsWith('Cluster'),
    }
  );
}

