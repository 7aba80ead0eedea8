import { servicePods, type ClusterSnapshot, type SimPod } from '../engine';
import { objectKindNamed } from './objectKinds';

/** The kinds whose pods kubectl exec, logs and port-forward find by TYPE/NAME. */
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);


/**
 * The pod `kubectl exec NAME` or `TYPE/NAME` picks in a namespace: the pod of that name, or the first running pod
 * (by name) of the workload or of the Service's selector, as kubectl picks one of them. An error in kubectl's words otherwise.
 */
export function podForTarget(target: string, namespace: string, snapshot: ClusterSnapshot): SimPod | { readonly error: string } {
  const slash = target.indexOf('/');
  const type = slash < 0 ? 'pod' : target.slice(0, slash).toLowerCase();
  const name = slash < 0 ? target : target.slice(slash + 1);
  const inNamespace = snapshot.pods.filter((pod) => pod.namespace === namespace);
  const first = (pods: readonly SimPod[]) => [...pods].sort((a, b) => a.name.localeCompare(b.name)).find((pod) => pod.node !== undefined) ?? pods[0];
  if (type === 'pod' || type === 'pods' || type === 'po') {
    return inNamespace.find((pod) => pod.name === name) ?? { error: `Error from server (NotFound): pods "${name}" not found` };
  }
  if (type === 'svc' || type === 'service' || type === 'services') {
    const service = snapshot.services.find((candidate) => candidate.namespace === namespace && candidate.name === name);
    if (!service) return { error: `Error from server (NotFound): services "${name}" not found` };
    return first(servicePods(service, snapshot)) ?? { error: `error: cannot attach to *v1.Service: selector for service ${name} has no running pods` };
  }
  const kind = objectKindNamed(type)?.kind;
  if (!kind || !WORKLOADS.has(kind)) return { error: `error: the terminal finds pods by pod/NAME, svc/NAME, deploy/NAME, sts/NAME, ds/NAME, rs/NAME or job/NAME, not ${type}/` };
  const pods = inNamespace.filter((pod) => pod.workload.kind === kind && pod.workload.name === name);
  return first(pods) ?? { error: `Error from server (NotFound): ${kind.toLowerCase()}s.apps "${name}" not found` };
}
