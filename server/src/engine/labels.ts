import type { LabelSelector } from './objects';

export type Labels = Readonly<Record<string, string>>;

/** A plain map selector (Service `spec.selector`, ReplicationController): every pair must match. An empty one matches nothing for a Service. */
export function matchesLabelMap(selector: Labels, labels: Labels): boolean {
  // A loop over the keys, not Object.entries: this runs for every pod a selector is tried on, and an array per call adds up.
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/**
 * A metav1.LabelSelector: matchLabels AND every matchExpression. An empty selector matches everything;
 * an absent one (undefined) is for the caller to decide.
 */
export function matchesLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  if (selector.matchLabels && !matchesLabelMap(selector.matchLabels.value, labels)) return false;
  for (const requirement of selector.matchExpressions?.value ?? []) {
    const key = requirement.key?.value;
    if (key === undefined) return false;
    const values = (requirement.values?.value ?? []).map((value) => value.value);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (requirement.operator?.value) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // An unknown operator is rejected by the API server; a selector with one selects nothing.
        return false;
    }
  }
  return true;
}
