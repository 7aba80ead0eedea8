import type { ChunkedList } from './chunkedList';
import type { KubeObject } from './objects';
import { replaceRuns } from './sortedLists';

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
  return replaceRuns(objects, removed.map((object) => object.uri), fileOrder, added, compareFiles);
}
