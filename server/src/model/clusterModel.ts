import { ChunkedList } from '../engine/chunkedList';
import { identityKey, type KubeObject } from '../engine/objects';
import { fileOrder, replaceFileRuns } from '../engine/fileOrder';
import { runOf } from '../engine/sortedLists';
import { compareProblems, type Problem } from '../engine/problem';
import { changedStretch, differences, type Delta } from '../engine/snapshot/snapshotChange';
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
  /**
   * Each file set or deleted since the last model, with its objects as they were then (none for a file that was not
   * there): the runs the change takes out and puts in come from these and the files now, with no list kept per object.
   */
  private readonly runsBefore = new Map<string, readonly KubeObject[]>();

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
    if (!this.runsBefore.has(file.uri)) this.runsBefore.set(file.uri, known?.objects ?? []);
    // The objects of documents an edit left alone are the same objects: only those that went or came are looked at.
    const { removed: went, added: came } = differences(known?.objects ?? [], file.objects);
    this.forget(went);
    // A kept copy that a later definition replaces is looked at again with its identity: model() lets every object of a changed file's run back in first.
    if (known && this.replaced.size > 0) for (const object of known.objects) if (this.replaced.has(object)) this.touched.add(identityKey(object.id));
    this.files.set(file.uri, file);
    if (!known) {
      this.sortedUris.push(file.uri);
      this.filesCameOrWent = true;
    }
    for (const object of came) {
      const key = identityKey(object.id);
      this.byIdentity.set(key, [...(this.byIdentity.get(key) ?? []), object]);
      this.touched.add(key);
    }
    this.stale = true;
  }

  delete(uri: string): void {
    const known = this.files.get(uri);
    if (!known) return;
    if (!this.runsBefore.has(uri)) this.runsBefore.set(uri, known.objects);
    this.forget(known.objects);
    this.files.delete(uri);
    this.sortedUris.splice(this.sortedUris.indexOf(uri), 1);
    this.filesCameOrWent = true;
    this.stale = true;
  }

  model(): ClusterModel {
    if (this.stale || !this.current) {
      if (this.filesCameOrWent) this.sortedUris.sort();
      const last = this.current;
      // The changed files' whole runs, before and after (each one list as it is when one file changed: an edit).
      const runs = [...this.runsBefore].map(([uri, before]) => ({ uri, before, after: this.files.get(uri)?.objects ?? [] }));
      const removedRun = runs.length === 1 ? runs[0]!.before : runs.flatMap((run) => run.before);
      const addedRun = runs.length === 1 ? runs[0]!.after : runs.flatMap((run) => run.after);
      // Who was out of the last model, replaced by a later definition.
      const before = new Set(this.replaced);
      if (this.replaced.size > 0) for (const object of removedRun) this.replaced.delete(object);
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
      // Files whose objects in the model change: those changed, and those holding a copy replaced or brought back.
      const redone = new Set(this.runsBefore.keys());
      for (const object of before) if (!this.replaced.has(object)) redone.add(object.uri);
      for (const object of this.replaced) if (!before.has(object)) redone.add(object.uri);
      this.current = {
        name: this.name,
        files: last && !this.filesCameOrWent ? last.files : [...this.sortedUris],
        objects: this.objectsInFileOrder(last?.objects, redone, before.size === 0 && this.replaced.size === 0 ? runs : undefined),
        problems: duplicateFindings([...this.duplicates.values()], groupingHint, (uri) => this.files.get(uri)?.objects.length ?? 0).sort(compareProblems),
      };
      if (last) {
        const removed = before.size === 0 ? [...removedRun] : removedRun.filter((object) => !before.has(object));
        const added = this.replaced.size === 0 ? [...addedRun] : addedRun.filter((object) => !this.replaced.has(object));
        // A copy that a change elsewhere replaced, or brought back, went or came with that change.
        if (before.size > 0 || this.replaced.size > 0) {
          const went = new Set(removedRun);
          const came = new Set(addedRun);
          for (const object of before) if (!this.replaced.has(object) && !went.has(object) && !came.has(object)) added.push(object);
          for (const object of this.replaced) if (!before.has(object) && !came.has(object)) removed.push(object);
        }
        changes.set(this.current, { from: last.objects, removed, added });
      }
      this.stale = false;
      this.runsBefore.clear();
      this.filesCameOrWent = false;
    }
    return this.current;
  }

  /**
   * The model's objects in file order, replaced copies left out: from the last list with the runs of some files read
   * again, else from every file. With no copy replaced before or after, a changed file's run in the last list is its
   * objects before (`runs`), and only the stretch between what it starts and ends with as before is cut and put in.
   */
  private objectsInFileOrder(last: ChunkedList<KubeObject> | undefined, redone: ReadonlySet<string>, runs?: readonly { readonly uri: string; readonly before: readonly KubeObject[]; readonly after: readonly KubeObject[] }[]): ChunkedList<KubeObject> {
    if (last && runs) {
      const cuts: [number, number][] = [];
      const fresh: KubeObject[] = [];
      const insertAt: number[] = [];
      for (const { uri, before, after } of [...runs].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0))) {
        const [start] = runOf(last, uri, fileOrder);
        const { head, tail } = changedStretch(before, after);
        cuts.push([start + head, start + before.length - tail]);
        for (let index = head; index < after.length - tail; index++) {
          fresh.push(after[index]!);
          insertAt.push(start + head);
        }
      }
      return last.edited(cuts, fresh, insertAt);
    }
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

  /** Objects that left their file: out of their identities' definitions, which are looked at again. */
  private forget(objects: readonly KubeObject[]): void {
    for (const object of objects) {
      const key = identityKey(object.id);
      this.byIdentity.set(key, (this.byIdentity.get(key) ?? []).filter((other) => other !== object));
      this.touched.add(key);
    }
  }
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
