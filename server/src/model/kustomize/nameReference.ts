import { effectiveNamespace, isClusterScoped } from './clusterScope';
import { KustomizeError, locationOf } from './errors';
import { fieldSpecSelects, visitFieldSpec, type FieldSpec } from './fieldSpec';
import type { NameBackReference, TransformerConfig } from './plugins';
import { describeId, idOf, originalIdOf, type ResId, type Resource } from './resource';
import type { ResourceList } from './resourceList';
import { isKMap, isKScalar, isKSeq, nodeAt, scalar, stringAt, type KMap, type KNode, type KScalar } from './tree';

type Gvk = Pick<NameBackReference, 'group' | 'version' | 'kind'>;

/**
 * Kustomize's name reference fix (FixBackReferences), run once after the build: wherever a field named in
 * `config.nameReference` holds the earlier name of an object its entry targets, the field takes that object's
 * current name (and, for a `{name, namespace}` pair such as a subject or a webhook's service, its namespace).
 *
 * Origins: a rewritten name keeps the origin of the reference as written (an Ingress backend's `name:` line), so a
 * finding about the reference stays on the object that makes it; a namespace written where none was carries the
 * origin of the target's `metadata.namespace` (the `namespace:` line that placed it).
 */
export function fixNameReferences(list: ResourceList, config: TransformerConfig, standIns?: StandIns): void {
  const index = new ReferralIndex(list.resources, standIns);
  for (const referrer of list.resources) {
    const filters = filtersFor(referrer, config.nameReference);
    if (filters.length === 0) continue;
    const candidates = index.candidatesFor(referrer);
    for (const { spec, target } of filters) {
      const fixer = new ReferenceFixer(referrer, spec, target, candidates, index);
      visitFieldSpec(referrer.node, { path: spec.path }, (node, replace) => fixer.fix(node, replace));
    }
  }
}

/**
 * A partial render's stand-ins for the objects it does not render again, which references may name: every object
 * of the last render reduced to its ids, those of `renderedAgain` (the file rendered again) left out.
 */
export interface StandIns {
  readonly resources: readonly Resource[];
  readonly renderedAgain: string;
}

/** The field specs that may hold a name this object refers by, chosen by its original type, in table order. */
function filtersFor(referrer: Resource, references: readonly NameBackReference[]): { spec: FieldSpec; target: Gvk }[] {
  const original = originalIdOf(referrer);
  const filters: { spec: FieldSpec; target: Gvk }[] = [];
  for (const reference of references) {
    for (const spec of reference.fieldSpecs) if (fieldSpecSelects(spec, original)) filters.push({ spec, target: reference });
  }
  return filters;
}

/** Objects looked up by id, earlier name and namespace. */
class ResourceLookup {
  readonly ids = new Map<Resource, ResId>();
  readonly byEarlierName = new Map<string, Resource[]>();
  readonly clusterScoped: Resource[] = [];
  readonly byNamespace = new Map<string, Resource[]>();

  constructor(readonly resources: readonly Resource[]) {
    for (const resource of resources) {
      const id = idOf(resource);
      this.ids.set(resource, id);
      for (const name of new Set(resource.previousIds.map((previous) => previous.name))) this.byEarlierName.set(name, [...(this.byEarlierName.get(name) ?? []), resource]);
      if (isClusterScoped(id)) this.clusterScoped.push(resource);
      else this.byNamespace.set(effectiveNamespace(id), [...(this.byNamespace.get(effectiveNamespace(id)) ?? []), resource]);
    }
  }
}

/** The lookup of a build's stand-ins, made once for the list and kept while the list is (edit after edit of one build). */
const standInLookups = new WeakMap<readonly Resource[], ResourceLookup>();

function standInLookup(resources: readonly Resource[]): ResourceLookup {
  let lookup = standInLookups.get(resources);
  if (!lookup) {
    lookup = new ResourceLookup(resources);
    standInLookups.set(resources, lookup);
  }
  return lookup;
}

/**
 * The build's objects looked up by what the fix asks of them, worked out once: the fix rewrites references, never
 * an object's own name or namespace, so each object's id holds for the whole fix (thousands of objects, each with
 * dozens of references, would otherwise compare every pair). A partial render's stand-ins come after the objects
 * rendered, as in build order.
 */
class ReferralIndex {
  private readonly rendered: ResourceLookup;
  private readonly standIns: ResourceLookup | undefined;
  private readonly candidateSets = new Map<string, ReadonlySet<Resource>>();

  constructor(
    resources: readonly Resource[],
    private readonly given?: StandIns,
  ) {
    this.rendered = new ResourceLookup(resources);
    this.standIns = given && standInLookup(given.resources);
  }

  id(resource: Resource): ResId {
    return this.rendered.ids.get(resource) ?? this.standIns?.ids.get(resource) ?? idOf(resource);
  }

  /** The candidates that once had `name`, in build order. */
  earlierNamed(name: string): readonly Resource[] {
    const rendered = this.rendered.byEarlierName.get(name) ?? [];
    const standIns = this.standIns?.byEarlierName.get(name);
    return standIns ? [...rendered, ...this.standing(standIns)] : rendered;
  }

  /**
   * Kustomize's SubsetThatCouldBeReferencedByResource: a cluster-scoped referrer may name anything; a namespaced one,
   * cluster-scoped objects, objects in its namespace, and (a RoleBinding) objects in its ServiceAccount subjects'
   * namespaces. A RoleBinding subject of kind ServiceAccount with a blank namespace is kustomize's error.
   */
  candidatesFor(referrer: Resource): ReadonlySet<Resource> {
    const referrerId = this.id(referrer);
    const namespaces = isClusterScoped(referrerId) ? undefined : [...new Set([effectiveNamespace(referrerId), ...roleBindingNamespaces(referrer, referrerId)])].sort();
    // Most objects of a build share a namespace, and so their candidates.
    const key = namespaces ? namespaces.join('\n') : '\u0000all';
    let candidates = this.candidateSets.get(key);
    if (!candidates) {
      const of = (lookup: ResourceLookup) => (namespaces ? [...lookup.clusterScoped, ...namespaces.flatMap((namespace) => lookup.byNamespace.get(namespace) ?? [])] : lookup.resources);
      candidates = new Set([...of(this.rendered), ...(this.standIns ? this.standing(of(this.standIns)) : [])]);
      this.candidateSets.set(key, candidates);
    }
    return candidates;
  }

  /** The stand-ins of the objects not rendered again. */
  private standing(standIns: readonly Resource[]): Resource[] {
    return standIns.filter((resource) => resource.file !== this.given!.renderedAgain);
  }
}

function roleBindingNamespaces(referrer: Resource, referrerId: ResId): Set<string> {
  const namespaces = new Set<string>();
  const subjects = nodeAt(referrer.node, 'subjects');
  if (referrerId.kind !== 'RoleBinding' || !isKSeq(subjects)) return namespaces;
  for (const subject of subjects.items) {
    if (!isKMap(subject) || !subject.entries.has('namespace') || !subject.entries.has('kind') || stringAt(subject, 'kind') !== 'ServiceAccount') continue;
    const namespace = subject.entries.get('namespace')!;
    if (!isKScalar(namespace) || typeof namespace.value !== 'string') {
      throw new KustomizeError(`Invalid Input: namespace is blank for resource "${describeId(referrerId)}"`, locationOf(namespace.origin) ?? { file: referrer.file });
    }
    namespaces.add(namespace.value);
  }
  return namespaces;
}

/** Kustomize's nameref filter for one referrer, one field spec and one target type. */
class ReferenceFixer {
  constructor(
    private readonly referrer: Resource,
    private readonly spec: FieldSpec,
    private readonly target: Gvk,
    private readonly candidates: ReadonlySet<Resource>,
    private readonly index: ReferralIndex,
  ) {}

  fix(node: KNode, replace: (next: KNode) => void): void {
    if (isKScalar(node) && node.value === null) return;
    if (isKScalar(node)) this.fixName(node, replace);
    else if (isKMap(node)) this.fixNameAndNamespace(node);
    else {
      node.items.forEach((item, index) => {
        if (isKScalar(item)) this.fixName(item, (next) => (node.items[index] = next));
        else if (isKMap(item)) this.fixNameAndNamespace(item);
        else throw this.error('a name reference list must hold names or maps of name and namespace');
      });
    }
  }

  private fixName(node: KScalar, replace: (next: KNode) => void): void {
    const oldName = node.value === null ? '' : String(node.value);
    const referral = this.select(oldName, this.candidates, (chosen) => allSame(chosen, (resource) => this.index.id(resource).name));
    if (!referral) return;
    const name = this.index.id(referral).name;
    if (name === oldName) return;
    replace(scalar(name, node.origin ?? nodeAt(referral.node, 'metadata', 'name')?.origin));
  }

  /** A `{name, namespace}` map: candidates narrowed to the map's namespace (original, else current). */
  private fixNameAndNamespace(node: KMap): void {
    const nameNode = node.entries.get('name');
    if (nameNode === undefined) throw this.error("path config error; no 'name' field in node");
    const namespaceNode = node.entries.get('namespace');
    let candidates = this.candidates;
    if (namespaceNode !== undefined) {
      const namespace = isKScalar(namespaceNode) && namespaceNode.value !== null ? String(namespaceNode.value) : '';
      const all = [...this.candidates];
      const byOriginal = all.filter((candidate) => !isClusterScoped(originalIdOf(candidate)) && effectiveNamespace(originalIdOf(candidate)) === namespace);
      candidates = new Set(byOriginal.length > 0 ? byOriginal : all.filter((candidate) => !isClusterScoped(this.index.id(candidate)) && effectiveNamespace(this.index.id(candidate)) === namespace));
    }
    const oldName = isKScalar(nameNode) && nameNode.value !== null ? String(nameNode.value) : '';
    const referral = this.select(oldName, candidates, (chosen) => allSame(chosen, (resource) => `${this.index.id(resource).name}\n${this.index.id(resource).namespace}`));
    if (!referral) return;
    const { name, namespace } = this.index.id(referral);
    if (name === oldName && namespace === '') return;
    if (name !== oldName) node.entries.set('name', scalar(name, nameNode.origin ?? nodeAt(referral.node, 'metadata', 'name')?.origin));
    // An empty namespace is a wildcard here, not `default`: it never overwrites one.
    if (namespace !== '') node.entries.set('namespace', scalar(namespace, namespaceNode?.origin ?? nodeAt(referral.node, 'metadata', 'namespace')?.origin));
  }

  /** Kustomize's selectReferral: the one candidate the sieves leave, or none, or the "multiple" error. */
  private select(oldName: string, all: ReadonlySet<Resource>, identical: (chosen: readonly Resource[]) => boolean): Resource | undefined {
    let chosen = this.index.earlierNamed(oldName).filter((candidate) => all.has(candidate));
    chosen = chosen.filter((candidate) => candidate.previousIds.some((id) => gvkSelects(this.target, id)));
    const roleRef = this.roleRefGvk();
    if (roleRef) chosen = chosen.filter((candidate) => candidate.previousIds.some((id) => gvkSelects(roleRef, id)));
    chosen = chosen.filter((candidate) => this.inReferrerNamespace(candidate));
    if (chosen.length === 1) return chosen[0];
    chosen = chosen.filter((candidate) => sameEnding(candidate.prefixes, this.referrer.prefixes) && sameEnding(candidate.suffixes, this.referrer.suffixes));
    if (chosen.length === 1) return chosen[0];
    if (chosen.length === 0) return undefined;
    if (identical(chosen)) return chosen[0];
    throw this.error(`found multiple possible referrals: ${chosen.map((candidate) => describeId(this.index.id(candidate))).join(', ')}`);
  }

  /** On a `roleRef/name` field, the roleRef's apiGroup and kind must match too (when both are written). */
  private roleRefGvk(): Gvk | undefined {
    if (!this.spec.path.endsWith('roleRef/name')) return undefined;
    const roleRef = nodeAt(this.referrer.node, 'roleRef');
    const group = stringAt(roleRef, 'apiGroup');
    const kind = stringAt(roleRef, 'kind');
    return group === undefined || kind === undefined ? undefined : { group, kind };
  }

  /** Kustomize's sameCurrentNamespaceAsReferrer: ServiceAccounts and cluster-scoped objects are named across namespaces. */
  private inReferrerNamespace(candidate: Resource): boolean {
    const referrerId = this.index.id(this.referrer);
    if (isClusterScoped(referrerId)) return true;
    const id = this.index.id(candidate);
    return isClusterScoped(id) || id.kind === 'ServiceAccount' || effectiveNamespace(id) === effectiveNamespace(referrerId);
  }

  private error(message: string): KustomizeError {
    return new KustomizeError(`updating name reference in '${this.spec.path}' field of '${describeId(idOf(this.referrer))}': ${message}`, { file: this.referrer.file });
  }
}

/** A previous id's type (its kind as it was, the current group and version) selected by `gvk`. */
function gvkSelects(gvk: Gvk, id: ResId): boolean {
  return (!gvk.group || gvk.group === id.group) && (!gvk.version || gvk.version === id.version) && (!gvk.kind || gvk.kind === id.kind);
}

/** Kustomize's SameEndingSubSlice: the shorter list is the end of the longer (two empty lists are equal). */
function sameEnding(a: readonly string[], b: readonly string[]): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length === 0) return longer.length === 0;
  const offset = longer.length - shorter.length;
  return shorter.every((value, index) => longer[index + offset] === value);
}

function allSame(resources: readonly Resource[], key: (resource: Resource) => string): boolean {
  return resources.every((resource) => key(resource) === key(resources[0]!));
}
