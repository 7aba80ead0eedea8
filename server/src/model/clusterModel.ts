import { ChunkedList } from '../engine/chunkedList';
import { identityKey, type KubeObject } from '../engine/objects';
import { replaceFileRuns } from '../engine/fileOrder';
import { compareProblems, type Problem } from '../engine/problem';
import { differences, type Delta } from '../engine/snapshot/snapshotChange';
import { compareApplyOrder, duplicateFindings } from './duplicateDefinitions';
import type { ParsedFile } from './parseManifest';

/** Every object of one cluster, from every file assigned to it, with the problems only the whole can show. */
export interface ClusterModel {
  readonly name: string;
  /** Sorted by URI, so that the same files give the same model whatever order they were read in. */
  readonly files: readonly string[];
  /** In file order (fileOrder.ts); a chunked list, which an edit changes without copying the cluster's tens of thousands of objects. */
  readonly objects: ChunkedList<KubeObject>;
  /** Problems across files (an object defined twice); each file's own problems stay in its ParsedFile. */
  readonly problems: readonly Problem[];
}

/**
 * The objects that went and came between two models of one cluster: those of the files that changed, each
 * file's whole run. An object a changed file holds again (a rendered object that did not change) is in both
 * lists, since readers replace a changed file's run whole (replaceFilesOf).
 */
export interface ObjectChange extends Delta {
  readonly from: ChunkedList<KubeObject>;
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
 * Of an object defined more than once, the model holds only the definition `kubectl apply` keeps.
 */
export class ClusterAssembly {
  private readonly files = new Map<string, ParsedFile>();
  /** Sorted when a model is made (a load sets ten thousand files: each put in its place would move half the list). */
  private readonly sortedUris: string[] = [];
  private readonly byIdentity = new Map<string, KubeObject[]>();
  /** Each identity defined more than once: its copies in apply order. */
  private readonly duplicates = new Map<string, readonly KubeObject[]>();
  /** The copies a later definition replaces: in no model. */
  private readonly replaced = new Set<KubeObject>();
  private readonly touched = new Set<string>();
  /** The last model made; `stale` once a file has changed since. */
  private current: ClusterModel | undefined;
  private stale = true;
  /** Whether a file came or went since the last model (not only changed). */
  private filesCameOrWent = false;
  private removed: KubeObject[] = [];
  /** Objects set since the last model; one set and taken away again before the next model is in neither list. */
  private added = new Set<KubeObject>();
  /** Files set or deleted since the last model. */
  private readonly changedFiles = new Set<string>();

  /** `namespace`: where objects that name no namespace go (`kubectl apply -n`); `default` when not given. */
  constructor(
    readonly name: string,
    private readonly namespace?: string,
  ) {}

  get size(): number {
    return this.files.size;
  }

  set(given: ParsedFile): void {
    const file = this.namespace && this.namespace !== 'default' ? inNamespace(given, this.namespace) : given;
    const known = this.files.get(file.uri);
    // The objects of documents an edit left alone are the same objects: their identities need no second look.
    const kept = known && keptObjects(known.objects, file.objects);
    this.remove(file.uri, kept);
    this.files.set(file.uri, file);
    this.changedFiles.add(file.uri);
    if (!known) {
      this.sortedUris.push(file.uri);
      this.filesCameOrWent = true;
    }
    for (const object of file.objects) this.added.add(object);
    for (const object of file.objects) {
      if (kept?.has(object)) continue;
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
    this.filesCameOrWent = true;
    this.stale = true;
  }

  model(): ClusterModel {
    if (this.stale || !this.current) {
      if (this.filesCameOrWent) this.sortedUris.sort();
      const last = this.current;
      // Who was out of the last model, replaced by a later definition.
      const before = new Set(this.replaced);
      for (const object of this.removed) this.replaced.delete(object);
      for (const key of this.touched) {
        const same = this.byIdentity.get(key) ?? [];
        for (const object of same) this.replaced.delete(object);
        const position = new Map(same.length < 2 ? [] : same.map((object) => [object, this.files.get(object.uri)!.objects.indexOf(object)]));
        if (same.length > 1) same.sort((a, b) => compareApplyOrder(a.uri, b.uri) || position.get(a)! - position.get(b)!);
        if (same.length === 0) this.byIdentity.delete(key);
        if (same.length < 2) this.duplicates.delete(key);
        else {
          this.duplicates.set(key, [...same]);
          for (const object of same.slice(0, -1)) this.replaced.add(object);
        }
      }
      this.touched.clear();
      const went = new Set(this.removed);
      const came = this.added;
      // Files whose objects in the model change: those changed, and those holding a copy replaced or brought back.
      const redone = new Set(this.changedFiles);
      for (const object of before) if (!this.replaced.has(object)) redone.add(object.uri);
      for (const object of this.replaced) if (!before.has(object)) redone.add(object.uri);
      this.current = {
        name: this.name,
        files: last && !this.filesCameOrWent ? last.files : [...this.sortedUris],
        objects: this.objectsInFileOrder(last?.objects, redone),
        problems: duplicateFindings([...this.duplicates.values()], groupingHint, (uri) => this.files.get(uri)?.objects.length ?? 0).sort(compareProblems),
      };
      if (last) {
        const removed = this.removed.filter((object) => !before.has(object));
        const added = [...this.added].filter((object) => !this.replaced.has(object));
        // A copy that a change elsewhere replaced, or brought back, went or came with that change.
        for (const object of before) if (!this.replaced.has(object) && !went.has(object) && !came.has(object)) added.push(object);
        for (const object of this.replaced) if (!before.has(object) && !came.has(object)) removed.push(object);
        changes.set(this.current, { from: last.objects, removed, added });
      }
      this.stale = false;
      this.removed = [];
      this.added = new Set();
      this.changedFiles.clear();
      this.filesCameOrWent = false;
    }
    return this.current;
  }

  /** The model's objects in file order, replaced copies left out: from the last list with the runs of some files read again, else from every file. */
  private objectsInFileOrder(last: ChunkedList<KubeObject> | undefined, redone: ReadonlySet<string>): ChunkedList<KubeObject> {
    const kept = (uri: string) => (this.files.get(uri)?.objects ?? []).filter((object) => !this.replaced.has(object));
    if (last) {
      const uris = [...redone].sort();
      return replaceFileRuns(last, uris, uris.flatMap(kept));
    }
    // A plain loop: flatMap over ten thousand files costs several times as much.
    const objects: KubeObject[] = [];
    for (const uri of this.sortedUris) for (const object of this.files.get(uri)!.objects) if (!this.replaced.has(object)) objects.push(object);
    return ChunkedList.of(objects);
  }

  private remove(uri: string, kept?: { has(object: KubeObject): boolean }): void {
    for (const object of this.files.get(uri)?.objects ?? []) {
      // Set since the last model: it came and goes again within one change.
      if (!this.added.delete(object)) this.removed.push(object);
      // A kept copy that a later definition replaces is looked at again with its identity: model() lets every removed object back in first.
      if (kept?.has(object)) {
        if (this.replaced.has(object)) this.touched.add(identityKey(object.id));
        continue;
      }
      const key = identityKey(object.id);
      this.byIdentity.set(key, (this.byIdentity.get(key) ?? []).filter((other) => other !== object));
      this.touched.add(key);
    }
  }
}

/** Whether an object of a file set again is in it both before and after: not among the few that went or came. */
function keptObjects(before: readonly KubeObject[], after: readonly KubeObject[]): { has(object: KubeObject): boolean } {
  const { removed, added } = differences(before, after);
  const changed = new Set([...removed, ...added]);
  return { has: (object) => !changed.has(object) };
}

/** Copies in two folders: how to check those folders as clusters of their own instead. */
function groupingHint(a: string, b: string): string | undefined {
  const folder = (uri: string) => uri.slice(0, uri.lastIndexOf('/'));
  if (folder(a) === folder(b)) return undefined;
  return 'The copies are in different folders: if those are deployed separately, put a kubetrace.yaml in each (or list them in the setting kubetrace.clusters) to check each as a cluster of its own.';
}

/** Objects copied into a namespace: those that name none land where `kubectl apply -n NAMESPACE` puts them. One copy per object, so a file set again keeps its objects. */
const placed = new WeakMap<KubeObject, KubeObject>();
function inNamespace(file: ParsedFile, namespace: string): ParsedFile {
  const objects = file.objects.map((object) => {
    if (object.id.namespace === undefined || object.metadata.namespace !== undefined) return object;
    let copy = placed.get(object);
    if (copy?.id.namespace !== namespace) {
      copy = { ...object, id: { ...object.id, namespace } } as KubeObject;
      placed.set(object, copy);
    }
    return copy;
  });
  return { ...file, objects };
}
