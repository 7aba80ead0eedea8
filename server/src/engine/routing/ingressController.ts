import { matchesLabelMap } from '../labels';
import type { ClusterSnapshot, SimPod, SimService } from '../snapshot/types';

/** The Service in front of the ingress controller the profile describes, when the workspace defines it. */
export function ingressControllerService(snapshot: ClusterSnapshot): SimService | undefined {
  const { namespace, labels } = snapshot.profile.ingressController;
  return snapshot.services.find((service) => service.namespace === namespace && service.selector !== undefined && matchesLabelMap(service.selector, labels));
}

/** Whether a pod is one of the ingress controller's own: in the profile's namespace, with its labels. */
export function isIngressControllerPod(pod: SimPod, snapshot: ClusterSnapshot): boolean {
  const { namespace, labels } = snapshot.profile.ingressController;
  return pod.namespace === namespace && matchesLabelMap(labels, pod.labels);
}
