import type { ReadonlyList } from '../chunkedList';
import { groupBy } from '../groupBy';
import type { KubeObject } from '../objects';
import { problemOf, type Problem, type ProblemConnection, type ProblemFix, type RelatedLocation } from '../problem';
import { spanRange, type FieldSpan, type Located, type TextRange } from '../source';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { podsOf } from '../references';
import type { CaseSeverity, ProblemCode } from './codes';

/** What a check says it found about one object: at a field (the object's name when absent), of its code's severity unless the case sets one. */
export interface CheckFinding<C extends ProblemCode> {
  readonly code: C;
  readonly severity?: CaseSeverity<C>;
  readonly object: KubeObject;
  readonly at: FieldSpan | TextRange | undefined;
  readonly message: string;
  readonly related?: RelatedLocation[];
  readonly fixes?: ProblemFix[];
  readonly connection?: ProblemConnection;
}

/**
 * What every check gets: the snapshot, which objects to check (all of them, or those an edit may have changed
 * the findings of), and a way to report a located, coded problem about one of them.
 */
export class CheckContext {
  /** Findings by the object they are about. */
  readonly findings = new Map<KubeObject, Problem[]>();

  private readonly subjectSet: ReadonlySet<KubeObject> | undefined;
  private subjectsByType: ReadonlyMap<KubeObject['type'], readonly KubeObject[]> | undefined;

  constructor(
    readonly snapshot: ClusterSnapshot,
    /** The objects checked this time (every object when absent); a check still reads every object it needs. */
    private readonly subjectList?: readonly KubeObject[],
  ) {
    this.subjectSet = subjectList && new Set(subjectList);
  }

  /** Whether an object is checked this time. */
  checks(object: KubeObject): boolean {
    return this.subjectSet?.has(object) ?? true;
  }

  /** The objects checked this time. */
  subjects(): ReadonlyList<KubeObject> {
    return this.subjectList ?? this.snapshot.objects;
  }

  /** The objects of one kind checked this time. */
  subjectsOfType<T extends KubeObject['type']>(type: T): ReadonlyList<Extract<KubeObject, { type: T }>> {
    if (!this.subjectList) return objectsOfType(this.snapshot, type);
    // Every check asks for its kinds: the subjects are gone through once, not once per kind asked for.
    this.subjectsByType ??= groupBy(this.subjectList, (object) => [object.type]);
    return (this.subjectsByType.get(type) ?? []) as Extract<KubeObject, { type: T }>[];
  }

  report<C extends ProblemCode>({ code, severity, object, at, message, related = [], fixes = [], connection }: CheckFinding<C>): void {
    if (!this.checks(object)) return;
    const range = at === undefined ? object.metadata.name.span.value : 'start' in at ? at : spanRange(at);
    // A field a Kustomize overlay or patch wrote is reported where it is written.
    const uri = at !== undefined && 'value' in at && at.uri !== undefined ? at.uri : object.uri;
    const problem = problemOf<C>({ code, severity, message, uri, range, ...(related.length > 0 && { related }), ...(fixes.length > 0 && { fixes }), ...(connection && { connection }) });
    const list = this.findings.get(object);
    if (list) list.push(problem);
    else this.findings.set(object, [problem]);
  }

  /** The simulated pods an object stands for (its own pods for a workload). */
  podsOf(object: KubeObject): SimPod[] {
    return podsOf(object, this.snapshot);
  }

  /** Where a pod's manifest (or its workload's template) is, for related information. */
  podLocation(pod: Pick<SimPod, 'source'>, message: string): RelatedLocation[] {
    return pod.source ? [{ uri: pod.source.uri, range: pod.source.range, message }] : [];
  }
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The closest candidate within a small distance, for a typo. */
export function nearest(value: string, candidates: Iterable<string>): string | undefined {
  return nearestWithDistance(value, candidates)?.candidate;
}

/** `nearest`'s answer with its distance: the first candidate of the least distance, within the limit. */
export function nearestWithDistance(value: string, candidates: Iterable<string>): { readonly candidate: string; readonly distance: number } | undefined {
  let best: { candidate: string; distance: number } | undefined;
  const limit = suggestionLimit(value);
  for (const candidate of candidates) {
    if (candidate === value) continue;
    const distance = distanceWithin(value, candidate, best ? best.distance - 1 : limit);
    if (distance !== undefined) best = { candidate, distance };
  }
  return best;
}

/** Whether a candidate is as near `value` as `distance` or nearer (within the limit when undefined): it could be `nearest`'s answer in a list holding it. */
export function asNearAs(value: string, candidate: string, distance: number | undefined): boolean {
  return candidate !== value && distanceWithin(value, candidate, distance ?? suggestionLimit(value)) !== undefined;
}

/** Whether `nearest` could suggest `candidate` for `value`: the candidates it never suggests cannot change its answer. */
export function maySuggest(value: string, candidate: string): boolean {
  return candidate !== value && distanceWithin(value, candidate, suggestionLimit(value)) !== undefined;
}

function suggestionLimit(value: string): number {
  return Math.max(2, Math.floor(value.length / 3));
}

/** The row distanceWithin works in, kept between calls (it grows for a longer value). */
let scratchRow = new Int32Array(64);

/**
 * The Levenshtein distance when it is at most `limit`, else undefined. Checks run this against every label of a
 * namespace: most candidates are ruled out by their length, or after a few rows once every cell exceeds the limit.
 */
function distanceWithin(a: string, b: string, limit: number): number | undefined {
  if (limit < 0 || Math.abs(a.length - b.length) > limit) return undefined;
  // A common start and end change no distance: names alike (app-00123, app-00124) leave a few characters to compare.
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const columns = endB - start;
  // One row reused from call to call: a recheck compares a value with hundreds of candidates.
  if (scratchRow.length <= columns) scratchRow = new Int32Array(2 * (columns + 1));
  const row = scratchRow;
  for (let j = 0; j <= columns; j++) row[j] = j;
  for (let i = 1; i <= endA - start; i++) {
    let previous = row[0]!;
    row[0] = i;
    let smallest = i;
    const code = a.charCodeAt(start + i - 1);
    for (let j = 1; j <= columns; j++) {
      const current = row[j]!;
      row[j] = Math.min(current + 1, row[j - 1]! + 1, previous + (code === b.charCodeAt(start + j - 1) ? 0 : 1));
      previous = current;
      if (row[j]! < smallest) smallest = row[j]!;
    }
    if (smallest > limit) return undefined;
  }
  return row[columns]! <= limit ? row[columns] : undefined;
}

/** IANA service names (RFC 6335): 1-15 characters, lower-case letters, digits and hyphens, a letter, no hyphen at the ends or twice. */
export function isServiceName(name: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

/** A pod's workload as the trace view's source picker names it (`namespace/name`). */
export function traceSource(pod: Pick<SimPod, 'namespace' | 'workload'>): string {
  return `${pod.namespace}/${pod.workload.name}`;
}

/** A pod's workload as the allow-flow edit names it (`namespace/Kind/name`, never ambiguous). */
export function workloadId(pod: SimPod): string {
  return `${pod.workload.namespace}/${pod.workload.kind}/${pod.workload.name}`;
}

/** A fix that writes a suggested value in place of a written one. */
export function replaceWith(written: Located<unknown>, value: string): ProblemFix {
  return { kind: 'replace', title: `Change ${String(written.value)} to ${value}`, preferred: true, range: written.span.value, value };
}
