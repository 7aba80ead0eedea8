import type { CiliumPolicy, CiliumPolicySpec } from '../objects';

/** One spec of a policy (a policy may hold several, in `specs`), with the path its rules are written under. */
export interface CiliumSpec {
  readonly policy: CiliumPolicy;
  readonly spec: CiliumPolicySpec;
  readonly path: string;
}

export function specsOf(policy: CiliumPolicy): CiliumSpec[] {
  return [...(policy.spec ? [{ policy, spec: policy.spec, path: 'spec' }] : []), ...(policy.specs?.value ?? []).map((spec, index) => ({ policy, spec, path: `specs[${index}]` }))];
}

/** `namespace/name` of a namespaced policy, the name of a clusterwide one. */
export function ciliumPolicyName(policy: CiliumPolicy): string {
  return policy.id.namespace === undefined ? policy.id.name : `${policy.id.namespace}/${policy.id.name}`;
}
