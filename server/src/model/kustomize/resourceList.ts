import { KustomizeError } from './errors';
import { describeId, identityKeyOf, idOf, renameCount, sameIdentity, type ResId, type Resource } from './resource';

/** The resources of a build in order, as kustomize's ResMap: one resource per identity. */
export class ResourceList {
  private readonly list: Resource[] = [];
  /** The resources by identity, for the clash check of `append`, valid until a resource is renamed. */
  private index: Map<string, Resource> | undefined;
  private indexedAt = -1;

  get resources(): readonly Resource[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  /** Adds a resource; one whose identity is already here is kustomize's "already registered id" error. */
  append(resource: Resource): void {
    const id = idOf(resource);
    const index = this.identities();
    const key = identityKeyOf(id);
    if (index.has(key)) throw new KustomizeError(`may not add resource with an already registered id: ${describeId(id)}`);
    this.list.push(resource);
    index.set(key, resource);
  }

  /** The index of identities, made again after a rename (a prefix, a namespace) or a change to the list. */
  private identities(): Map<string, Resource> {
    if (!this.index || this.indexedAt !== renameCount()) {
      this.index = new Map(this.list.map((resource) => [identityKeyOf(idOf(resource)), resource]));
      this.indexedAt = renameCount();
    }
    return this.index;
  }

  appendAll(resources: Iterable<Resource>): void {
    for (const resource of resources) this.append(resource);
  }

  /** Resources whose current id is `id`. */
  byCurrentId(id: ResId): Resource[] {
    return this.list.filter((resource) => sameIdentity(idOf(resource), id));
  }

  /** Resources whose current id or any earlier id (before a prefix, suffix or namespace) is `id`. */
  byAnyId(id: ResId): Resource[] {
    return this.list.filter((resource) => sameIdentity(idOf(resource), id) || resource.previousIds.some((previous) => sameIdentity(previous, id)));
  }

  indexOf(resource: Resource): number {
    return this.list.indexOf(resource);
  }

  replaceAt(index: number, resource: Resource): void {
    this.list[index] = resource;
    this.index = undefined;
  }

  remove(resource: Resource): void {
    const index = this.list.indexOf(resource);
    if (index >= 0) this.list.splice(index, 1);
    this.index = undefined;
  }

  filter(keep: (resource: Resource) => boolean): void {
    const kept = this.list.filter(keep);
    this.list.length = 0;
    this.list.push(...kept);
    this.index = undefined;
  }
}
