import type { CalicoGlobalNetworkPolicy, CalicoNetworkPolicy, CalicoNetworkSet, CalicoTier, CiliumClusterwideNetworkPolicy, CiliumNetworkPolicy } from './cniPolicies';
import type { ConfigMap, OtherObject, Secret } from './config';
import type { AuthorizationPolicy, DestinationRule, MeshGateway, PeerAuthentication, ServiceEntry, Sidecar, VirtualService } from './mesh';
import type { LinkerdAuthorizationPolicy, LinkerdServer, MeshTLSAuthentication, NetworkAuthentication, ServerAuthorization } from './linkerdPolicy';
import type { OperatorResource } from './operators';
import type { AdminNetworkPolicy, ClusterNetworkPolicy, NetworkPolicy } from './policies';
import type { Gateway, GatewayClass, HTTPRoute, Ingress, IngressClass, ListenerSet, ReferenceGrant } from './routing';
import type { EndpointSlice, Endpoints, Service } from './services';
import type { CronJob, Namespace, Node, Pod, ReplicationController, Workload } from './workloads';

/** Every object the model can hold, discriminated by `type`. */
export type KubeObject =
  | Namespace
  | Node
  | Pod
  | Workload
  | ReplicationController
  | CronJob
  | Service
  | Endpoints
  | EndpointSlice
  | Ingress
  | IngressClass
  | NetworkPolicy
  | AdminNetworkPolicy
  | ClusterNetworkPolicy
  | CiliumNetworkPolicy
  | CiliumClusterwideNetworkPolicy
  | CalicoNetworkPolicy
  | CalicoGlobalNetworkPolicy
  | CalicoTier
  | CalicoNetworkSet
  | GatewayClass
  | Gateway
  | ListenerSet
  | HTTPRoute
  | ReferenceGrant
  | VirtualService
  | DestinationRule
  | MeshGateway
  | ServiceEntry
  | Sidecar
  | PeerAuthentication
  | AuthorizationPolicy
  | LinkerdServer
  | LinkerdAuthorizationPolicy
  | ServerAuthorization
  | MeshTLSAuthentication
  | NetworkAuthentication
  | ConfigMap
  | Secret
  | OperatorResource
  | OtherObject;

export type ObjectType = KubeObject['type'];
