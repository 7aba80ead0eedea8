import { describeIdentity, identityKey, type KubeObject } from '../engine/objects';
import { fileOrder } from '../engine/fileOrder';
import { firstAfter, runOf } from '../engine/sortedLists';
import { compareProblems, type Problem } from '../engine/problem';
import type { Delta } from '../engine/snapshot/snapshotChange';
import type { ParsedFile } from './parseManifest';

/** Every object of one cluster, from every file assigned to it, with the problems only the whole can show. */
export interface ClusterModel {
  readonly name: string;
  /** Sorted by URI, so that the same files give the same model whatever order they were read in. */
  readonly files: readonly string[];
  readonly objects: readonly KubeObject[];
  /** Problems across files (an object defined twice); each file's own problems stay in its ParsedFile. */
  readonly problems: readonly Problem[];
}

/** The objects that went and came between two models of one cluster (those of the files that changed). */
export interface ObjectChange extends Delta {
  readonly from: readonly KubeObject[];
}

const changes = new WeakMap<ClusterModel, ObjectChange>();

/** What changed since the model before, when a model was made from that one file by file. */
export function modelChange(model: ClusterModel): ObjectChange | undefined {
  return changes.get(model);
}

/**
 * One cluster's model, kept current file by file: a changed file replaces its own objects, and only the
 * identities it touches are checked again for duplicates, so an edit costs little however large the cluster.
 * `model()` equals what assembling every file afresh gives, and stays the same object until a file changes.
 */
export class ClusterAssembly {
  private readonly files = new Map<string, ParsedFile>();
  private sortedUris: string[] = [];
  private readonly byIdentity = new Map<string, KubeObject[]>();
  private readonly duplicates = new Map<string, Problem[]>();
  private readonly touched = new Set<string>();
  /** The last model made; `stale` once a file has changed since. */
  private current: ClusterModel | undefined;
  private stale = true;
  private removed: KubeObject[] = [];
  private added: KubeObject[] = [];
  /** Files set or deleted since the last model. */
  private readonly changedFiles = new Set<string>();

  constructor(readonly name: string) {}

  get size(): number {
    return this.files.size;
  }

  set(file: ParsedFile): void {
    const known = this.files.has(file.uri);
    this.remove(file.uri);
    this.files.set(file.uri, file);
    this.changedFiles.add(file.uri);
    if (!known) this.sortedUris.splice(firstAfter(this.sortedUris, (uri) => uri < file.uri), 0, file.uri);
    this.added.push(...file.objects);
    for (const object of file.objects) {
      const key = identityKey(object.id);
      this.byIdentity.set(key, [...(this.byIdentity.get(key) ?? []), object]);
      this.touched.add(key);
    }
    this.stale = true;
  }

  delete(uri: string): void {
    if (!this.files.has(uri)) return;
    this.remove(uri);
    this.files.delete(uri);
    this.changedFiles.add(uri);
    this.sortedUris.splice(this.sortedUris.indexOf(uri), 1);
    this.stale = true;
  }

  model(): ClusterModel {
    if (this.stale || !this.current) {
      const last = this.current;
      const order = (object: KubeObject) => firstAfter(this.sortedUris, (uri) => uri < object.uri) * 1e6 + this.files.get(object.uri)!.objects.indexOf(object);
      for (const key of this.touched) {
        const same = (this.byIdentity.get(key) ?? []).sort((a, b) => order(a) - order(b));
        if (same.length === 0) this.byIdentity.delete(key);
        if (same.length < 2) this.duplicates.delete(key);
        else this.duplicates.set(key, duplicateProblems(same));
      }
      this.touched.clear();
      const went = new Set(this.removed);
      const came = new Set(this.added);
      this.current = {
        name: this.name,
        files: [...this.sortedUris],
        objects: this.objectsInFileOrder(last?.objects),
        problems: [...this.duplicates.values()].flat().sort(compareProblems),
      };
      // An object that came and went again within one change is in neither list.
      if (last) changes.set(this.current, { from: last.objects, removed: this.removed.filter((object) => !came.has(object)), added: this.added.filter((object) => !went.has(object)) });
      this.stale = false;
      this.removed = [];
      this.added = [];
      this.changedFiles.clear();
    }
    return this.current;
  }

  /** Every object in file order: from the last model's list, each changed file's run replaced, else from every file. */
  private objectsInFileOrder(last: readonly KubeObject[] | undefined): readonly KubeObject[] {
    if (last) {
      let objects = last;
      for (const uri of this.changedFiles) {
        const [start, end] = runOf(objects, uri, fileOrder);
        objects = objects.slice(0, start).concat(this.files.get(uri)?.objects ?? [], objects.slice(end));
      }
      return objects;
    }
    // A plain loop: flatMap over ten thousand files costs several times as much.
    const objects: KubeObject[] = [];
    for (const uri of this.sortedUris) for (const object of this.files.get(uri)!.objects) objects.push(object);
    return objects;
  }

  private remove(uri: string): void {
    this.removed.push(...(this.files.get(uri)?.objects ?? []));
    for (const object of this.files.get(uri)?.objects ?? []) {
      const key = identityKey(object.id);
      this.byIdentity.set(key, (this.byIdentity.get(key) ?? []).filter((other) => other !== object));
      this.touched.add(key);
    }
  }
}

/** How many other copies a duplicate links to: thousands of copies must not make millions of links. */
const MAX_LINKED_COPIES = 10;

/** The same group, kind, namespace and name more than once: `kubectl apply` would keep only the last one. */
function duplicateProblems(same: readonly KubeObject[]): Problem[] {
  const linked = same.length - 1 > MAX_LINKED_COPIES ? ` The first ${MAX_LINKED_COPIES} other copies are linked.` : '';
  return same.map((object) => ({
    code: 'KT004',
    severity: 'error',
    message: `${describeIdentity(object.id)} is defined ${same.length} times in this cluster; only one can exist.${linked}`,
    uri: object.uri,
    range: object.metadata.name.span.value,
    related: same
      .filter((other) => other !== object)
      .slice(0, MAX_LINKED_COPIES)
      .map((other) => ({
        uri: other.uri,
        range: other.metadata.name.span.value,
        message: `also defined here`,
      })),
  }));
}
