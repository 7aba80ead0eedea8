import type { ChunkedList } from './chunkedList';
import type { KubeObject } from './objects';
import { runOf } from './sortedLists';

/**
 * Objects in a cluster model's order: by file, files in code-unit order of their URIs, and within a file as
 * written. A changed file is read again whole, so its objects are always one run that a binary search finds.
 */

/** Where an object sorts against a file: before its run, in it, or after it. */
export function fileOrder(object: KubeObject, uri: string): number {
  return object.uri < uri ? -1 : object.uri > uri ? 1 : 0;
}

/** Objects in the snapshot's order: by file, in the order the model sorts files; within a file, as written. */
export function compareFiles(a: KubeObject, b: KubeObject): number {
  return fileOrder(a, b.uri);
}

/** A list in the snapshot's order after a change: every object of the files the objects that went came from is replaced by those that came (sorted). */
export function replaceFilesOf<T extends KubeObject>(objects: ChunkedList<T>, removed: readonly KubeObject[], added: readonly T[]): ChunkedList<T> {
  const uris = new Set<string>();
  for (const object of removed) uris.add(object.uri);
  return replaceFileRuns(objects, uris, added);
}

/**
 * A list in file order with the runs of some files replaced by `fresh` (in file order), and a fresh object of another
 * file put after that file's run. Only the stretch of a run between the objects it keeps at its start and at its end
 * (the same objects: an edit of one document of a large file keeps the others) is cut and put in again, so the
 * rest of the run is neither searched for nor copied.
 */
export function replaceFileRuns<T extends KubeObject>(objects: ChunkedList<T>, uris: Iterable<string>, fresh: readonly T[]): ChunkedList<T> {
  const replaced = new Set(uris);
  const freshOf = new Map<string, T[]>();
  for (const object of fresh) {
    const run = freshOf.get(object.uri);
    if (run) run.push(object);
    else freshOf.set(object.uri, [object]);
  }
  const cuts: [number, number][] = [];
  const items: T[] = [];
  const insertAt: number[] = [];
  // Code-unit order, the order fileOrder sorts files in.
  for (const uri of [...new Set([...replaced, ...freshOf.keys()])].sort()) {
    const [start, end] = runOf(objects, uri, fileOrder);
    const run = freshOf.get(uri) ?? [];
    if (!replaced.has(uri)) {
      for (const object of run) {
        items.push(object);
        insertAt.push(end);
      }
      continue;
    }
    let head = 0;
    while (head < run.length && start + head < end && objects.at(start + head) === run[head]) head++;
    let tail = 0;
    while (tail < run.length - head && end - tail > start + head && objects.at(end - 1 - tail) === run[run.length - 1 - tail]) tail++;
    cuts.push([start + head, end - tail]);
    for (let index = head; index < run.length - tail; index++) {
      items.push(run[index]!);
      insertAt.push(start + head);
    }
  }
  return objects.edited(cuts, items, insertAt);
}
