import type { KubeObject } from './objects';
import { firstAfter } from './sortedLists';

/**
 * Objects in a cluster model's order: by file, files in code-unit order of their URIs, and within a file as
 * written. A changed file is read again whole, so its objects are always one run that a binary search finds.
 */

/**
 * A list in the snapshot's order without the objects that went. Those are every object of the files they came
 * from (a changed file is read again whole), so each file's run is cut out where a binary search finds it.
 */
export function withoutFilesOf<T extends KubeObject>(objects: readonly T[], removed: readonly KubeObject[]): T[] {
  let kept: readonly T[] = objects;
  for (const uri of new Set(removed.map((object) => object.uri))) {
    const start = fileBoundary(kept, uri, false);
    const end = fileBoundary(kept, uri, true);
    if (end > start) kept = kept.slice(0, start).concat(kept.slice(end));
  }
  return kept === objects ? [...objects] : (kept as T[]);
}

/** The first position whose file sorts after `uri` (or, with `after` false, not before it). */
export function fileBoundary(objects: readonly KubeObject[], uri: string, after: boolean): number {
  return firstAfter(objects, (object) => object.uri < uri || (after && object.uri === uri));
}

/** Objects in the snapshot's order: by file, in the order the model sorts files; within a file, as written. */
export function compareFiles(a: KubeObject, b: KubeObject): number {
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0;
}
