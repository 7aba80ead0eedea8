import { matchesLabelMap, type Labels } from '../labels';
import type { LabelSetCounts } from '../snapshot/groupedPods';
import { perSnapshot } from '../snapshot/perSnapshot';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { asNearAs, nearestWithDistance } from './context';

/**
 * The label values a selector that picks no pod is compared with (KT101, KT301, KT302), worked out once per list of
 * pods or label sets, and the nearest of them, once per snapshot and carried over from the snapshot before where an
 * edit cannot change it: after an edit of a namespace of hundreds of workloads, the Services and policies there whose
 * selector picks nothing are checked again, many of them asking the same (a Service and its policy name one value,
 * most one-entry selectors one key). The lists are a snapshot's (kept per snapshot, never changed), and so are the
 * sets made from them.
 */

/** The label sets that match some labels, with how many pods they count. */
export interface MatchingLabelSets {
  readonly sets: LabelSetCounts;
  readonly podCount: number;
}

const matchingByList = new WeakMap<LabelSetCounts, Map<string, MatchingLabelSets>>();

/** The label sets of a list that carry all of `labels`, in the list's order. */
export function labelSetsMatching(labelSets: LabelSetCounts, labels: Labels): MatchingLabelSets {
  let byLabels = matchingByList.get(labelSets);
  if (!byLabels) matchingByList.set(labelSets, (byLabels = new Map()));
  const key = JSON.stringify(labels);
  let matching = byLabels.get(key);
  if (!matching) {
    const sets = labelSets.filter(([candidate]) => matchesLabelMap(labels, candidate));
    matching = { sets, podCount: sets.reduce((pods, [, count]) => pods + count, 0) };
    byLabels.set(key, matching);
  }
  return matching;
}

const valuesBySets = new WeakMap<LabelSetCounts, Map<string, ReadonlySet<string>>>();

/** The values a label key has among label sets, in their order. */
export function labelSetValues(labelSets: LabelSetCounts, key: string): ReadonlySet<string> {
  return valuesOnce(valuesBySets, labelSets, key, () => labelSets.map(([labels]) => labels[key]));
}

const keysBySets = new WeakMap<LabelSetCounts, ReadonlySet<string>>();

/** The label keys of label sets, in their order. */
export function labelSetKeys(labelSets: LabelSetCounts): ReadonlySet<string> {
  let keys = keysBySets.get(labelSets);
  if (!keys) keysBySets.set(labelSets, (keys = new Set(labelSets.flatMap(([labels]) => Object.keys(labels)))));
  return keys;
}

const valuesByPods = new WeakMap<readonly SimPod[], Map<string, ReadonlySet<string>>>();

/** The values a label key has on a list of pods, in the pods' order. */
export function podLabelValues(pods: readonly SimPod[], key: string): ReadonlySet<string> {
  return valuesOnce(valuesByPods, pods, key, () => pods.map((pod) => pod.labels[key]));
}

function valuesOnce<L extends object>(cache: WeakMap<L, Map<string, ReadonlySet<string>>>, list: L, key: string, valuesOf: () => (string | undefined)[]): ReadonlySet<string> {
  let byKey = cache.get(list);
  if (!byKey) cache.set(list, (byKey = new Map()));
  let values = byKey.get(key);
  if (!values) {
    values = new Set(valuesOf().filter((value): value is string => value !== undefined));
    byKey.set(key, values);
  }
  return values;
}

/** `nearest`'s answer for a value among one set of candidates, with its distance (none: no candidate within the limit). */
interface Answer {
  readonly suggestion: string | undefined;
  readonly distance: number | undefined;
}

/**
 * The answers given among one set of candidates, and what an edit changed since the set the same question was asked
 * of in the snapshot before (the same namespace's pods or label sets, the same key): an answer there still holds
 * when its suggestion is still a candidate, no candidate that came is as near, and the candidates that stayed kept
 * their order (a nearer one coming first takes the answer).
 */
interface Answers {
  readonly candidates: ReadonlySet<string>;
  readonly given: Map<string, Answer>;
  readonly before?: { readonly given: ReadonlyMap<string, Answer>; readonly went: ReadonlySet<string>; readonly came: readonly string[] };
}

/** The answers of a snapshot by question; the next snapshot's start from them. */
const answersByQuestion = perSnapshot(
  () => new Map<string, Answers>(),
  (previous) => new Map(previous),
);

/**
 * `nearest(value, candidates)` for a set made above, answered once per snapshot and carried over from the snapshot
 * before where the edit cannot have changed it. `question` names what the candidates are (whose values, which key), so
 * that the next snapshot's set of the same question starts from these answers.
 */
export function nearestAmong(snapshot: ClusterSnapshot, question: string, value: string, candidates: ReadonlySet<string>): string | undefined {
  const byQuestion = answersByQuestion(snapshot);
  let answers = byQuestion.get(question);
  if (answers?.candidates !== candidates) byQuestion.set(question, (answers = answersFor(candidates, answers)));
  let answer = answers.given.get(value);
  if (!answer) {
    answer = carried(answers, value) ?? answerOf(value, candidates);
    answers.given.set(value, answer);
  }
  return answer.suggestion;
}

function answerOf(value: string, candidates: ReadonlySet<string>): Answer {
  const nearestOne = nearestWithDistance(value, candidates);
  return { suggestion: nearestOne?.candidate, distance: nearestOne?.distance };
}

/** A new set's answers, carried from another set's of the same question when the candidates that stayed kept their order. */
function answersFor(candidates: ReadonlySet<string>, earlier: Answers | undefined): Answers {
  if (!earlier) return { candidates, given: new Map() };
  const went = new Set([...earlier.candidates].filter((candidate) => !candidates.has(candidate)));
  const came = [...candidates].filter((candidate) => !earlier.candidates.has(candidate));
  const stayedBefore = [...earlier.candidates].filter((candidate) => !went.has(candidate));
  const stayedAfter = [...candidates].filter((candidate) => earlier.candidates.has(candidate));
  const sameOrder = stayedBefore.length === stayedAfter.length && stayedBefore.every((candidate, index) => stayedAfter[index] === candidate);
  return { candidates, given: new Map(), ...(sameOrder && { before: { given: earlier.given, went, came } }) };
}

function carried(answers: Answers, value: string): Answer | undefined {
  const before = answers.before;
  const answer = before?.given.get(value);
  if (!before || !answer) return undefined;
  if (answer.suggestion !== undefined && before.went.has(answer.suggestion)) return undefined;
  return before.came.some((candidate) => asNearAs(value, candidate, answer.distance)) ? undefined : answer;
}
