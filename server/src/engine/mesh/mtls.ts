import { matchesLabelMap } from '../labels';
import type { PeerAuthentication } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';

/** Istio's root namespace: a PeerAuthentication there without a selector applies to the whole mesh. */
export const MESH_ROOT_NAMESPACE = 'istio-system';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** The mTLS mode a pod's sidecar accepts, and the PeerAuthentication that decided it (none: PERMISSIVE, Istio's default). */
export interface EffectiveMtls {
  readonly mode: MtlsMode;
  readonly policy?: PeerAuthentication;
  /** Set when the policy's portLevelMtls decided, for this port. */
  readonly port?: number;
}

const isMode = (mode: string | undefined): mode is MtlsMode => mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE';

/**
 * The PeerAuthentication that decides a pod's mode, the most specific first: one of the pod's namespace whose
 * selector matches the pod, then one of its namespace without a selector, then one of the root namespace
 * without a selector. A policy that sets no mode (or UNSET) passes the decision to the next level. For one port,
 * a matching workload policy's portLevelMtls entry decides first.
 */
export function effectiveMtls(snapshot: ClusterSnapshot, pod: SimPod, port?: number): EffectiveMtls {
  const policies = objectsOfType(snapshot, 'PeerAuthentication');
  const workload = policies.filter((policy) => policy.id.namespace === pod.namespace && policy.spec?.selector?.matchLabels && matchesLabelMap(policy.spec.selector.matchLabels.value, pod.labels));
  // A workload policy's mode for one port comes first, whatever decides for the pod's other ports.
  if (port !== undefined) {
    for (const policy of workload) {
      const mode = policy.spec?.portLevelMtls?.value[String(port)]?.mode?.value;
      if (isMode(mode)) return { mode, policy, port };
    }
  }
  const levels = [
    workload,
    policies.filter((policy) => policy.id.namespace === pod.namespace && !policy.spec?.selector?.matchLabels),
    policies.filter((policy) => policy.id.namespace === MESH_ROOT_NAMESPACE && !policy.spec?.selector?.matchLabels),
  ];
  for (const level of levels) {
    for (const policy of level) {
      const mode = policy.spec?.mtls?.mode?.value;
      if (isMode(mode)) return { mode, policy };
    }
  }
  return { mode: 'PERMISSIVE' };
}
