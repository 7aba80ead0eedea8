/** Who speaks for a pod in the mesh: whether an Istio proxy carries its traffic, and the identity it presents. */
import { isIstioGatewayApiPod, istioGatewayStandInAccount } from '../snapshot/standIns';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { meshGatewaysOf } from './ingressGateway';
import { podMesh } from './injection';
import { serviceAccountOf } from '../snapshot/podOwner';

/** Whether a pod has an Istio sidecar. */
export function hasIstioSidecar(snapshot: ClusterSnapshot, pod: SimPod | undefined): boolean {
  return pod !== undefined && !pod.hostNetwork && podMesh(snapshot, pod) === 'istio';
}

/**
 * Whether a pod's traffic goes through an Istio proxy that speaks mTLS: its sidecar, or the pod is an ingress
 * gateway (an Istio Gateway's, or Istio's deployment of a Gateway API Gateway).
 */
export function isIstioProxy(snapshot: ClusterSnapshot, pod: SimPod | undefined): boolean {
  return pod !== undefined && (hasIstioSidecar(snapshot, pod) || meshGatewaysOf(snapshot, pod).length > 0 || isIstioGatewayApiPod(pod));
}

/** A pod's mesh identity: its service account's SPIFFE name in Istio's default trust domain. */
export function istioPrincipal(snapshot: ClusterSnapshot, pod: SimPod): string {
  const account = istioGatewayStandInAccount(pod) ?? serviceAccountOf(snapshot, pod);
  return `cluster.local/ns/${pod.namespace}/sa/${account ?? 'default'}`;
}
