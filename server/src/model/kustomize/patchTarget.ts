import { isClusterScoped } from './clusterScope';
import { KustomizeError, locationOf } from './errors';
import { describeId, idOf, originalIdOf, stringMapAt, type ResId, type Resource } from './resource';
import { isKMap, scalarText, type KNode, type Origin } from './tree';

/**
 * Kustomize's patch target (types.Selector): group, version, kind, name and namespace are regular expressions
 * anchored at both ends (empty matches anything); labelSelector and annotationSelector use Kubernetes' label
 * selector syntax.
 */
export interface Selector {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
  /** Where the selector is written: errors in it point there. */
  readonly origin?: Origin;
}

const SELECTOR_FIELDS = ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const;

/** A `target:` mapping read as a selector; undefined when absent or null. */
export function readSelector(node: KNode | undefined): Selector | undefined {
  if (!isKMap(node)) return undefined;
  const selector: Record<string, string | Origin> = {};
  for (const field of SELECTOR_FIELDS) {
    const value = scalarText(node.entries.get(field));
    if (value !== undefined && value !== '') selector[field] = value;
  }
  if (node.origin) selector.origin = node.origin;
  return selector as Selector;
}

/** The selector's id as kustomize prints it in messages (`Deployment.v1.apps/web.[noNs]`). */
export function describeSelector(selector: Selector): string {
  return describeId({ group: selector.group ?? '', version: selector.version ?? '', kind: selector.kind ?? '', name: selector.name ?? '', namespace: selector.namespace ?? '' });
}

/**
 * Whether the selector picks the resource, as kustomize's ResMap.Select: the name and namespace may match the
 * original ones (as first written) or the current ones; the namespace compared is the effective one (`default`
 * for an object that names none).
 */
export function selects(resource: Resource, selector: Selector): boolean {
  const current = idOf(resource);
  const original = originalIdOf(resource);
  const pattern = (field: 'group' | 'version' | 'kind' | 'name' | 'namespace'): RegExp | undefined => compile(selector, field);
  const namespace = pattern('namespace');
  if (namespace && !namespace.test(selectedNamespace(original)) && !namespace.test(selectedNamespace(current))) return false;
  const name = pattern('name');
  if (name && !name.test(original.name) && !name.test(current.name)) return false;
  for (const field of ['group', 'version', 'kind'] as const) {
    const regex = pattern(field);
    if (regex && !regex.test(current[field])) return false;
  }
  if (selector.labelSelector !== undefined && !matchesLabelSelector(stringMapAt(resource.node, 'metadata', 'labels'), selector.labelSelector, selector.origin)) return false;
  if (selector.annotationSelector !== undefined && !matchesLabelSelector(stringMapAt(resource.node, 'metadata', 'annotations'), selector.annotationSelector, selector.origin)) return false;
  return true;
}

function compile(selector: Selector, field: 'group' | 'version' | 'kind' | 'name' | 'namespace'): RegExp | undefined {
  const pattern = selector[field];
  if (pattern === undefined || pattern === '') return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    throw new KustomizeError(`error parsing regexp: invalid ${field} pattern: \`${pattern}\``, locationOf(selector.origin));
  }
}

/** The namespace a selector's pattern is matched against: none for a cluster-scoped object, else `default` when unset. */
function selectedNamespace(id: ResId): string {
  if (isClusterScoped(id)) return '';
  return id.namespace === '' ? 'default' : id.namespace;
}

type Requirement =
  | { readonly key: string; readonly operator: 'exists' | 'notExists' }
  | { readonly key: string; readonly operator: 'in' | 'notIn'; readonly values: readonly string[] }
  | { readonly key: string; readonly operator: 'gt' | 'lt'; readonly value: number };

/**
 * Matches labels (or annotations) against a Kubernetes label selector string: `a=b`, `a==b`, `a!=b`, `a`, `!a`,
 * `a in (x,y)`, `a notin (x,y)`, `a>1`, `a<1`, comma-separated, all required. An empty selector matches all.
 */
export function matchesLabelSelector(labels: ReadonlyMap<string, string>, selector: string, origin?: Origin): boolean {
  return parseLabelSelector(selector, origin).every((requirement) => {
    const value = labels.get(requirement.key);
    switch (requirement.operator) {
      case 'exists':
        return value !== undefined;
      case 'notExists':
        return value === undefined;
      case 'in':
        return value !== undefined && requirement.values.includes(value);
      case 'notIn':
        return value === undefined || !requirement.values.includes(value);
      case 'gt':
      case 'lt': {
        if (value === undefined || !/^-?\d+$/.test(value)) return false;
        return requirement.operator === 'gt' ? Number(value) > requirement.value : Number(value) < requirement.value;
      }
    }
    return false;
  });
}

function parseLabelSelector(selector: string, origin: Origin | undefined): Requirement[] {
  const fail = (why: string): never => {
    throw new KustomizeError(`unable to parse requirement: ${why} in selector "${selector}"`, locationOf(origin));
  };
  const requirements: Requirement[] = [];
  for (const part of splitRequirements(selector)) {
    const text = part.trim();
    if (text === '') {
      if (selector.trim() !== '') fail('found empty requirement');
      continue;
    }
    const set = /^([^\s!=<>(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
    if (set) {
      const values = set[3]!.split(',').map((value) => value.trim());
      requirements.push({ key: validKey(set[1]!, fail), operator: set[2] === 'in' ? 'in' : 'notIn', values });
      continue;
    }
    const comparison = /^([^\s!=<>(),]+)\s*(==|=|!=|>|<)\s*([^\s!=<>(),]*)$/.exec(text);
    if (comparison) {
      const [, key, operator, value] = comparison as unknown as [string, string, string, string];
      if (operator === '>' || operator === '<') {
        if (!/^-?\d+$/.test(value)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
        requirements.push({ key: validKey(key, fail), operator: operator === '>' ? 'gt' : 'lt', value: Number(value) });
      } else {
        requirements.push({ key: validKey(key, fail), operator: operator === '!=' ? 'notIn' : 'in', values: [value] });
      }
      continue;
    }
    const exists = /^(!?)\s*([^\s!=<>(),]+)$/.exec(text);
    if (exists) {
      requirements.push({ key: validKey(exists[2]!, fail), operator: exists[1] ? 'notExists' : 'exists' });
      continue;
    }
    fail(`'${text}' is not a valid requirement`);
  }
  return requirements;
}

function validKey(key: string, fail: (why: string) => never): string {
  if (!/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key)) fail(`invalid label key "${key}"`);
  return key;
}

/** Splits on commas outside parentheses. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
