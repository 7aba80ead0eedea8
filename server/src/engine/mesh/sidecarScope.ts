/**
 * Istio's Sidecar resource for one workload (istio.io networking/v1 Sidecar reference): the one of the pod's
 * namespace whose workloadSelector its labels match, else the namespace's one without a selector, else the root
 * namespace's one without a selector. Its egress listeners' hosts (`namespace/dnsName`: `*` any namespace, `.` the
 * Sidecar's own, `~` none) are the only Services the sidecar has routes for; what it has none for goes by its
 * outboundTrafficPolicy: ALLOW_ANY (the mesh's default) passes it on unrouted, REGISTRY_ONLY drops it.
 */
import { matchesLabelMap } from '../labels';
import type { ServiceEntry, Sidecar } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { serviceEntryFor } from './hosts';
import { istioHostMatches } from './ingressGateway';
import { MESH_ROOT_NAMESPACE } from './mtls';

export type OutboundPolicy = 'ALLOW_ANY' | 'REGISTRY_ONLY';

/** The Sidecar that configures a pod's sidecar, if any. */
export function sidecarOf(snapshot: ClusterSnapshot, pod: SimPod): Sidecar | undefined {
  const sidecars = objectsOfType(snapshot, 'Sidecar');
  const selector = (sidecar: Sidecar) => sidecar.spec?.workloadSelector?.labels?.value;
  return (
    sidecars.find((sidecar) => sidecar.id.namespace === pod.namespace && selector(sidecar) !== undefined && matchesLabelMap(selector(sidecar)!, pod.labels)) ??
    sidecars.find((sidecar) => sidecar.id.namespace === pod.namespace && selector(sidecar) === undefined) ??
    sidecars.find((sidecar) => sidecar.id.namespace === MESH_ROOT_NAMESPACE && selector(sidecar) === undefined)
  );
}

/** What the sidecar does with traffic its registry does not route: the Sidecar's outboundTrafficPolicy, else the mesh's default. */
export function outboundPolicy(sidecar: Sidecar | undefined): OutboundPolicy {
  return sidecar?.spec?.outboundTrafficPolicy?.mode?.value === 'REGISTRY_ONLY' ? 'REGISTRY_ONLY' : 'ALLOW_ANY';
}

/**
 * Whether a Sidecar's egress admits a host of a namespace on a port: some listener for the port (or for every port)
 * lists `namespace/dnsName` with a namespace part that takes it and a name that matches. Without egress, every host.
 */
export function egressAdmits(sidecar: Sidecar, namespace: string | undefined, host: string, port: number): boolean {
  const listeners = sidecar.spec?.egress?.value;
  if (!listeners || listeners.length === 0) return true;
  return listeners.some((listener) => {
    const listenerPort = listener.port?.number?.value;
    if (listenerPort !== undefined && listenerPort !== port) return false;
    return (listener.hosts?.value ?? []).some(({ value }) => {
      const slash = value.indexOf('/');
      const part = slash < 0 ? '*' : value.slice(0, slash);
      const name = slash < 0 ? value : value.slice(slash + 1);
      const namespaceOk = part === '*' || (part === '.' ? namespace === sidecar.id.namespace : part !== '~' && part === namespace);
      return namespaceOk && istioHostMatches(name.toLowerCase(), host.toLowerCase());
    });
  });
}

/** The ServiceEntry that declares a host, when the pod's Sidecar (none: no limit) lets the pod see it on that port. */
export function visibleServiceEntry(snapshot: ClusterSnapshot, sidecar: Sidecar | undefined, host: string, port: number): ServiceEntry | undefined {
  const entry = serviceEntryFor(snapshot, host);
  return entry && (!sidecar || egressAdmits(sidecar, entry.id.namespace, host, port)) ? entry : undefined;
}
