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
}

/**
 * The PeerAuthentication that decides a pod's mode, the most specific first: one of the pod's namespace whose
 * selector matches the pod, then one of its namespace without a selector, then one of the root namespace
 * without a selector. A policy that sets no mode (or UNSET) passes the decision to the next level.
 */
export function effectiveMtls(snapshot: ClusterSnapshot, pod: SimPod): EffectiveMtls {
  const policies = objectsOfType(snapshot, 'PeerAuthentication');
  const levels = [
    policies.filter((policy) => policy.id.namespace === pod.namespace && policy.spec?.selector?.matchLabels && matchesLabelMap(policy.spec.selector.matchLabels.value, pod.labels)),
    policies.filter((policy) => policy.id.namespace === pod.namespace && !policy.spec?.selector?.matchLabels),
    policies.filter((policy) => policy.id.namespace === MESH_ROOT_NAMESPACE && !policy.spec?.selector?.matchLabels),
  ];
  for (const level of levels) {
    for (const policy of level) {
      const mode = policy.spec?.mtls?.mode?.value;
      if (mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE') return { mode, policy };
    }
  }
  return { mode: 'PERMISSIVE' };
}
