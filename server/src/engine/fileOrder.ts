import type { KubeObject } from './objects';
import { withoutRuns } from './sortedLists';

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

/** A list in the snapshot's order without the objects that went: every object of the files they came from. */
export function withoutFilesOf<T extends KubeObject>(objects: readonly T[], removed: readonly KubeObject[]): readonly T[] {
  return withoutRuns(objects, new Set(removed.map((object) => object.uri)), fileOrder);
}
