import { isKMap, mapAt, nodeAt, scalar, scalarText, stringAt, type KMap, type KNode, type Origin } from './tree';

/** What kustomize identifies a resource by: group, version, kind, name and namespace. */
export interface ResId {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly name: string;
  /** Empty for a cluster-scoped object or one that names no namespace. */
  readonly namespace: string;
}

/** How a generated ConfigMap or Secret joins one of the same name from a base. */
export type GeneratorBehavior = 'create' | 'merge' | 'replace';

/** One object in a build, with the bookkeeping kustomize keeps on it (its build annotations). */
export interface Resource {
  node: KMap;
  /** The file it was read from, or the kustomization whose generator made it (relative to the file system). */
  readonly file: string;
  /** Its ids before each rename, oldest first: what references written in bases still name. */
  readonly previousIds: ResId[];
  /** The name prefixes and suffixes added to it, innermost first: how kustomize tells two reused bases apart. */
  readonly prefixes: string[];
  readonly suffixes: string[];
  /** Set on generated ConfigMaps and Secrets. */
  generated?: { behavior: GeneratorBehavior; hashSuffix: boolean };
  /** The vars whose objref named it where they were declared (kustomize's refVarNames): their values come from it. */
  refVarNames?: string[];
}

export function makeResource(node: KMap, file: string): Resource {
  return { node, file, previousIds: [], prefixes: [], suffixes: [] };
}

export function groupVersionOf(apiVersion: string | undefined): { group: string; version: string } {
  if (!apiVersion) return { group: '', version: '' };
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function idOf(resource: Resource): ResId {
  const node = resource.node;
  return {
    ...groupVersionOf(stringAt(node, 'apiVersion')),
    kind: stringAt(node, 'kind') ?? '',
    name: stringAt(node, 'metadata', 'name') ?? '',
    namespace: stringAt(node, 'metadata', 'namespace') ?? '',
  };
}

/** The id the resource had where it was first written (before any prefix, suffix or namespace). */
export function originalIdOf(resource: Resource): ResId {
  return resource.previousIds[0] ?? idOf(resource);
}

/** Remembers the current id before a transformer changes the name or namespace, as kustomize's StorePreviousId. */
/** Counts the renames (each stores the id before): a list's index of ids holds until the next one. */
let renames = 0;

export function renameCount(): number {
  return renames;
}

export function storePreviousId(resource: Resource): void {
  resource.previousIds.push(idOf(resource));
  renames += 1;
}

export function sameId(a: ResId, b: ResId): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;
}

/** Kustomize's notion of one identity: group, kind, name and namespace (the version may differ between copies). */
export function sameIdentity(a: ResId, b: ResId): boolean {
  return a.group === b.group && a.kind === b.kind && a.name === b.name && namespaceKey(a) === namespaceKey(b);
}

/** What `sameIdentity` compares, as one string. */
export function identityKeyOf(id: ResId): string {
  return `${id.group}|${id.kind}|${id.name}|${namespaceKey(id)}`;
}

/** An object that names no namespace is in `default` for kustomize's identity checks, unless cluster-scoped. */
function namespaceKey(id: ResId): string {
  return id.namespace === '' || id.namespace === 'default' ? '' : id.namespace;
}

/** An id as kustomize's messages print it: `Deployment.v1.apps/web.[noNs]`. */
export function describeId(id: ResId): string {
  return `${id.kind}.${id.version || '[noVer]'}.${id.group || '[noGrp]'}/${id.name}.${id.namespace || '[noNs]'}`;
}

export function nameOf(resource: Resource): string {
  return stringAt(resource.node, 'metadata', 'name') ?? '';
}

export function setName(resource: Resource, name: string, origin?: Origin): void {
  const metadata = mapAt(resource.node, ['metadata'], origin);
  if (!metadata) return;
  const previous = metadata.entries.get('name');
  metadata.entries.set('name', scalar(name, origin ?? previous?.origin));
}

export function setNamespace(resource: Resource, namespace: string, origin?: Origin): void {
  const metadata = mapAt(resource.node, ['metadata'], origin);
  if (!metadata) return;
  const previous = metadata.entries.get('namespace');
  metadata.entries.set('namespace', scalar(namespace, origin ?? previous?.origin));
}

/** The labels (or annotations) of the object as strings. */
export function stringMapAt(node: KNode | undefined, ...path: string[]): Map<string, string> {
  const result = new Map<string, string>();
  const found = nodeAt(node, ...path);
  if (!isKMap(found)) return result;
  for (const [key, value] of found.entries) result.set(key, scalarText(value) ?? '');
  return result;
}
