import type { TextRange } from '../../engine/source';
import type { Origin } from './tree';

/** Where a kustomization problem is: a file and, when known, the range in it. */
export interface KustomizeLocation {
  readonly file: string;
  readonly range?: TextRange;
}

/** Why `kustomize build` fails: the build stops, as kustomize's does, and says where. */
export class KustomizeError extends Error {
  constructor(
    message: string,
    readonly location?: KustomizeLocation,
  ) {
    super(message);
  }
}

/**
 * A patch or replacement whose target is not in the build. Where the build left something out (a remote resource,
 * a Helm chart, a plugin), the target may be there: the step is skipped with a notice instead.
 */
export class MissingTargetError extends KustomizeError {}

/** What the build could not do but went on without (a plugin not run, a remote resource not fetched). */
export interface KustomizeNotice {
  readonly message: string;
  readonly location?: KustomizeLocation;
}

export function locationOf(origin: Origin | undefined): KustomizeLocation | undefined {
  return origin ? { file: origin.file, range: origin.key ?? origin.range } : undefined;
}
