import type { LeastPrivilegePlan } from '../engine';

/** The plan's counts, the flows already admitted and those the user must add, as YAML comments. */
export function planComments(plan: LeastPrivilegePlan, place: (uri: string) => string): string {
  const lines = [`# kubetrace generate: ${plan.policies.length} NetworkPolicies for ${plan.flows.length} connections in ${plan.namespaces.length} namespaces (${plan.namespaces.join(', ') || 'none'})`];
  if (plan.admitted.length > 0) {
    lines.push(`# ${plan.admitted.length} already admitted by the workspace's policies, not written again:`);
    for (const { flow, direction, by } of plan.admitted) lines.push(`#   ${flow.from.kind === 'anywhere' ? 'anywhere' : `${flow.from.namespace}/${flow.from.name}`} → ${flow.to.namespace}/${flow.to.name} ${flow.protocol}/${flow.port} (${direction.toLowerCase()}): ${by}`);
  }
  if (plan.notInferred.length > 0) {
    lines.push(`# ${plan.notInferred.length} not inferred, for you to add:`);
    for (const item of plan.notInferred) lines.push(`#   ${item.text}${item.source ? ` (${place(item.source.uri)}:${item.source.range.start.line + 1})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
