import type { ClusterSnapshot } from '../snapshot/types';
import { routeGateway } from './gateway';
import { routeIngress, servedIngresses } from './ingress';
import type { HttpRequest, RouteResult } from './types';

/**
 * Routes an HTTP request arriving at the cluster's edge: to a named Gateway through it; otherwise through the
 * Ingresses the controller serves, or the Gateway when the workspace has Gateways and no such Ingress. A request
 * from a pod is the trace's (trace/httpQuery.ts), which follows the client's mesh proxy and its routes.
 */
export function routeHttp(request: HttpRequest, snapshot: ClusterSnapshot): RouteResult {
  if (request.gateway) return routeGateway(request, snapshot);
  const hasGateway = snapshot.objects.some((object) => object.type === 'Gateway');
  if (hasGateway && servedIngresses(snapshot).ingresses.length === 0) return routeGateway(request, snapshot);
  return routeIngress(request, snapshot);
}
