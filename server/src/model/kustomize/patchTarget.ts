import { meetsRequirements, parseSelectorText } from '../../engine/labelSelectorText';
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

/**
 * Matches labels (or annotations) against a Kubernetes label selector string: `a=b`, `a==b`, `a!=b`, `a`, `!a`,
 * `a in (x,y)`, `a notin (x,y)`, `a>1`, `a<1`, comma-separated, all required. An empty selector matches all.
 */
export function matchesLabelSelector(labels: ReadonlyMap<string, string>, selector: string, origin?: Origin): boolean {
  const requirements = parseSelectorText(selector);
  if ('error' in requirements) throw new KustomizeError(`unable to parse requirement: ${requirements.error} in selector "${selector}"`, locationOf(origin));
  return meetsRequirements(requirements, (key) => labels.get(key));
}
