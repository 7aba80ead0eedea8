import type { KubeObject } from '../objects';
import { compareProblems, type Problem } from '../problem';
import type { ClusterSnapshot } from '../snapshot/types';
import { checkConnectionStrings } from './connectionStrings';
import { CheckContext } from './context';
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
