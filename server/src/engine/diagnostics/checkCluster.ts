import type { KubeObject } from '../objects';
import { compareProblems, type Problem } from '../problem';
import type { ClusterSnapshot } from '../snapshot/types';
import { firstAfter } from '../sortedLists';
import { checkConnectionStrings } from './connectionStrings';
import { CheckContext } from './context';
import { checkCniPolicies } from './cniPolicyChecks';
import { checkPolicies } from './policyChecks';
import { checkRouting } from './routingChecks';
import { checkMesh } from './meshChecks';
import { checkScheduling } from './schedulingChecks';
import { checkServices } from './serviceChecks';
import { checkValues } from './valueChecks';

/**
 * The coded findings (KT010 rejected values, KT1xx Services, KT2xx routing, KT3xx policy, KT4xx connection strings, KT5xx the mesh) about `subjects`
 * (every object by default), by object.
 */
export function checkObjects(snapshot: ClusterSnapshot, subjects?: readonly KubeObject[]): Map<KubeObject, Problem[]> {
  const context = new CheckContext(snapshot, subjects);
  checkServices(context);
  checkScheduling(context);
  checkRouting(context);
  checkPolicies(context);
  checkCniPolicies(context);
  checkConnectionStrings(context);
  checkValues(context);
  checkMesh(context);
  return context.findings;
}

/** Every coded finding about a cluster's objects, in document order. */
export function checkCluster(snapshot: ClusterSnapshot): Problem[] {
  return sortedFindings(checkObjects(snapshot));
}

export function sortedFindings(findings: ReadonlyMap<KubeObject, readonly Problem[]>): Problem[] {
  return [...findings.values()].flat().sort(compareProblems);
}

/**
 * `sortedFindings` of the findings after some objects were checked again (or went), from those before: `sorted`
 * (sortedFindings of `before`) without the findings `before` had about `gone`, with `fresh` merged in. As the
 * findings after list the objects checked again last, a finding of theirs comes after an equal one that stayed.
 * An edit costs the findings it changed, not a sort of the cluster's every finding.
 */
export function sortedFindingsAfter(sorted: readonly Problem[], before: ReadonlyMap<KubeObject, readonly Problem[]>, gone: Iterable<KubeObject>, fresh: ReadonlyMap<KubeObject, readonly Problem[]>): Problem[] {
  const stale = new Set<Problem>();
  for (const object of gone) for (const problem of before.get(object) ?? []) stale.add(problem);
  const kept = stale.size > 0 ? sorted.filter((problem) => !stale.has(problem)) : sorted;
  // Each fresh finding's place is searched for (a few fresh among hundreds kept), not compared with each kept one on the way.
  const merged: Problem[] = [];
  let at = 0;
  for (const problem of sortedFindings(fresh)) {
    const place = firstAfter(kept, (other) => compareProblems(other, problem) <= 0, at);
    while (at < place) merged.push(kept[at++]!);
    merged.push(problem);
  }
  while (at < kept.length) merged.push(kept[at++]!);
  return merged;
}
