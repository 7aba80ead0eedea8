import { matchesLabelMap } from '../labels';
import type { LabelSelectorRequirement, NodeSelectorTerm, PodSpec, Toleration } from '../objects';
import type { NodeTaint } from '../profile';
import type { FieldSpan } from '../source';
import type { SimNode } from './types';

/**
 * Which nodes a pod may be scheduled on, as the scheduler's filters decide it: the nodeSelector, the required
 * node affinity, and the taints it does not tolerate (NoSchedule and NoExecute; PreferNoSchedule only ranks).
 */
export function fitsNode(spec: PodSpec | undefined, node: SimNode, extraTolerations: readonly SimToleration[] = []): boolean {
  return matchesLabelMap(spec?.nodeSelector?.value ?? {}, node.labels) && matchesAffinity(spec, node) && toleratesTaints(spec, node, extraTolerations);
}

/**
 * What of a pod spec decides the nodes it fits: the spec itself when it sets a nodeSelector, a required node
 * affinity or tolerations, else undefined, which fits the same nodes (a workload's specs that set none share one answer).
 */
export function schedulingKey(spec: PodSpec | undefined): PodSpec | undefined {
  return spec?.nodeSelector || spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution || spec?.tolerations ? spec : undefined;
}

/** Why no node fits, at the field that excludes the pod; undefined when some node fits or there are no nodes. */
export interface NoNodeFits {
  readonly message: string;
  readonly at: FieldSpan | undefined;
}

export function whyNoNodeFits(spec: PodSpec | undefined, nodes: readonly SimNode[], extraTolerations: readonly SimToleration[] = []): NoNodeFits | undefined {
  if (nodes.length === 0 || nodes.some((node) => fitsNode(spec, node, extraTolerations))) return undefined;
  const selector = spec?.nodeSelector;
  const bySelector = nodes.filter((node) => matchesLabelMap(selector?.value ?? {}, node.labels));
  if (bySelector.length === 0) {
    // The entry no node has, else the combination.
    const entry = Object.entries(selector!.value).find(([key, value]) => !nodes.some((node) => node.labels[key] === value));
    if (entry) return { message: `no node has the label ${entry[0]}=${entry[1]}`, at: selector!.entries[entry[0]] ?? selector!.span };
    return { message: `no node has all the labels of the nodeSelector (${Object.entries(selector!.value).map(([key, value]) => `${key}=${value}`).join(', ')})`, at: selector!.span };
  }
  const byAffinity = bySelector.filter((node) => matchesAffinity(spec, node));
  if (byAffinity.length === 0) {
    const required = spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!;
    const terms = required.nodeSelectorTerms?.value ?? [];
    // With one term, the first requirement no node meets is the culprit.
    const requirement = terms.length === 1 ? termRequirements(terms[0]!).find(({ field, requirement }) => !bySelector.some((node) => meetsRequirement(requirement, field ? { 'metadata.name': node.name } : node.labels))) : undefined;
    if (requirement) return { message: `no node meets the required node affinity ${describeRequirement(requirement.requirement)}`, at: requirement.requirement.span };
    return { message: 'no node matches a term of the required node affinity', at: required.nodeSelectorTerms?.span ?? required.span };
  }
  const taints = [...new Set(byAffinity.flatMap((node) => node.taints.filter((taint) => taint.effect !== 'PreferNoSchedule' && !tolerated(taint, spec, extraTolerations)).map(describeTaint)))];
  return { message: `every node it could run on has a taint it does not tolerate (${taints.join(', ')})`, at: spec?.tolerations?.span };
}

/** A toleration as the scheduler reads it (a DaemonSet's controller adds some to every pod). */
export interface SimToleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

/** What the DaemonSet controller adds to its pods' tolerations: they run on nodes that are not ready or under pressure. */
export const DAEMON_SET_TOLERATIONS: readonly SimToleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function matchesAffinity(spec: PodSpec | undefined, node: SimNode): boolean {
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  // Terms are ORed; a term without requirements matches no node.
  return (required.nodeSelectorTerms?.value ?? []).some((term) => {
    const requirements = termRequirements(term);
    return requirements.length > 0 && requirements.every(({ field, requirement }) => meetsRequirement(requirement, field ? { 'metadata.name': node.name } : node.labels));
  });
}

function termRequirements(term: NodeSelectorTerm): { field: boolean; requirement: LabelSelectorRequirement }[] {
  return [
    ...(term.matchExpressions?.value ?? []).map((requirement) => ({ field: false, requirement })),
    ...(term.matchFields?.value ?? []).map((requirement) => ({ field: true, requirement })),
  ];
}

/** A NodeSelectorRequirement: like a label selector's, with Gt and Lt comparing the label as an integer. */
function meetsRequirement(requirement: LabelSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const key = requirement.key?.value;
  if (key === undefined) return false;
  const values = (requirement.values?.value ?? []).map((value) => value.value);
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const label = labels[key];
  switch (requirement.operator?.value) {
    case 'In':
      return has && values.includes(label!);
    case 'NotIn':
      return !has || !values.includes(label!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      const integer = /^-?\d+$/;
      if (!has || values.length !== 1 || !integer.test(label!) || !integer.test(values[0]!)) return false;
      return requirement.operator.value === 'Gt' ? Number(label) > Number(values[0]) : Number(label) < Number(values[0]);
    }
    default:
      return false;
  }
}

function describeRequirement(requirement: LabelSelectorRequirement): string {
  const values = (requirement.values?.value ?? []).map((value) => value.value);
  return `${requirement.key?.value ?? '?'} ${requirement.operator?.value ?? '?'}${values.length > 0 ? ` (${values.join(', ')})` : ''}`;
}

function toleratesTaints(spec: PodSpec | undefined, node: SimNode, extra: readonly SimToleration[]): boolean {
  return node.taints.every((taint) => taint.effect === 'PreferNoSchedule' || tolerated(taint, spec, extra));
}

function tolerated(taint: NodeTaint, spec: PodSpec | undefined, extra: readonly SimToleration[]): boolean {
  const written = (spec?.tolerations?.value ?? []).map(simToleration);
  return [...written, ...extra].some((toleration) => toleratesTaint(toleration, taint));
}

function simToleration(toleration: Toleration): SimToleration {
  return {
    ...(toleration.key && { key: toleration.key.value }),
    ...(toleration.operator && { operator: toleration.operator.value }),
    ...(toleration.value && { value: toleration.value.value }),
    ...(toleration.effect && { effect: toleration.effect.value }),
  };
}

/** v1.Toleration.ToleratesTaint: an empty effect matches every effect, an empty key with Exists every taint. */
function toleratesTaint(toleration: SimToleration, taint: NodeTaint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (!toleration.key && toleration.operator !== 'Exists') return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.operator ?? 'Equal') === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}

function describeTaint(taint: NodeTaint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}
