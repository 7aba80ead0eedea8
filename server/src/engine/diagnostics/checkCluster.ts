import { compareProblems, type Problem } from '../problem';
import type { ClusterSnapshot } from '../snapshot/types';
import { checkConnectionStrings } from './connectionStrings';
import { CheckContext } from './context';
import { checkPolicies } from './policyChecks';
import { checkRouting } from './routingChecks';
import { checkServices } from './serviceChecks';

/** Every coded finding about a cluster's objects (KT1xx Services, KT2xx routing, KT3xx policy, KT4xx connection strings). */
export function checkCluster(snapshot: ClusterSnapshot): Problem[] {
  const context = new CheckContext(snapshot);
  checkServices(context);
  checkRouting(context);
  checkPolicies(context);
  checkConnectionStrings(context);
  return context.problems.sort(compareProblems);
}
