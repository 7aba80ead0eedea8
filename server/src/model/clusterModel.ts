import { describeIdentity, identityKey, type KubeObject } from '../engine/objects';
import { compareProblems, type Problem } from '../engine/problem';
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

export function assembleCluster(name: string, files: Iterable<ParsedFile>): ClusterModel {
  const sorted = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const objects = sorted.flatMap((file) => file.objects);
  return {
    name,
    files: sorted.map((file) => file.uri),
    objects,
    problems: findDuplicateObjects(objects).sort(compareProblems),
  };
}

/** The same group, kind, namespace and name twice: `kubectl apply` would keep only the last one. */
function findDuplicateObjects(objects: readonly KubeObject[]): Problem[] {
  const byIdentity = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const key = identityKey(object.id);
    const same = byIdentity.get(key);
    if (same) same.push(object);
    else byIdentity.set(key, [object]);
  }
  const problems: Problem[] = [];
  for (const same of byIdentity.values()) {
    if (same.length < 2) continue;
    for (const object of same) {
      const others = same.filter((other) => other !== object);
      problems.push({
        code: 'KT004',
        severity: 'error',
        message: `${describeIdentity(object.id)} is defined ${same.length} times in this cluster; only one can exist.`,
        uri: object.uri,
        range: object.metadata.name.span.value,
        related: others.map((other) => ({
          uri: other.uri,
          range: other.metadata.name.span.value,
          message: `also defined here`,
        })),
      });
    }
  }
  return problems;
}
