/**
 * HTTPRoutes attached to a Service (GAMMA) in a trace: the client's mesh proxy (an Istio sidecar, or Linkerd's
 * proxy, which reads them for outbound traffic) applies the consumer or producer routes of the Service port it is
 * sent to, and sends the request to the backend the rule chooses; a client without a proxy goes through kube-proxy,
 * which knows no routes.
 */
import { servicePortsNamed, servicePortsOf, type ProxyServicePort } from '../kubeProxy/servicePorts';
import { serviceRoutesFor, routeToServiceParent } from '../routing/serviceRoutes';
import type { SimNode, SimPod, SimService } from '../snapshot/types';
import { carriesHttp, meshRequest, sidecarRouting } from './meshRouting';
import { type DeliverUpstream, toRouteDestination } from './meshTrace';
import type { TraceBuilder } from './traceBuilder';
import type { Packet, Trace } from './types';

/**
 * The proxy's hop for the routes attached to the Service port, then `onward` with the backend's port; undefined
 * when no route attaches there (or the port does not carry HTTP), and the proxy goes on as for any Service.
 */
export function throughServiceRoutes(trace: TraceBuilder, client: SimPod, packet: Packet, entry: ProxyServicePort, node: SimNode, title: string, onward: (backend: ProxyServicePort) => Trace): Trace | undefined {
  const { snapshot } = trace;
  if (!carriesHttp(trace, entry.port)) return undefined;
  const attached = serviceRoutesFor(snapshot, entry.service, entry.port, client.namespace);
  if (!attached) return undefined;
  const { path, method, headers } = meshRequest(trace);
  const scheme = trace.request.to.scheme === 'https' ? 'https' : 'http';
  const result = routeToServiceParent({ host: trace.request.to.host, path, method, headers, scheme, port: packet.dstPort, from: { namespace: client.namespace } }, snapshot, entry.service, entry.port, attached);
  const backend = result.backend;
  const target = backend && servicePortsNamed(snapshot, backend.namespace, backend.service).find((candidate) => (backend.port === undefined ? candidate.service.ports.length === 1 : candidate.port.port === backend.port));
  const to = target ? ` → Service ${target.service.namespace}/${target.service.name} port ${target.port.port}` : '';
  const split = result.split ? [`split: ${result.split.map((choice) => `${choice.backend.namespace}/${choice.backend.service} weight ${choice.weight}${choice.chosen ? ' (followed)' : ''}`).join(', ')}`] : [];
  const details = [...result.notes, ...split];
  trace.hop({ component: 'sidecar', node: node.name, title, decision: `${result.rule}${to}.`, before: packet, details, refs: result.refs });
  trace.serviceRoute = result.route;
  if (result.answeredByProxy) {
    trace.envoyStatus = result.status;
    return trace.finish({ kind: 'delivered', summary: `the client's proxy answers ${result.status} itself: ${result.rule}` });
  }
  if (!backend || result.status === 404 || result.status === 500) {
    trace.envoyStatus = result.status;
    return trace.finish({ kind: result.status === 404 ? 'no-route' : 'http-error', summary: `the client's proxy answers ${result.status}: ${result.rule}` });
  }
  if (!target) {
    trace.envoyStatus = 503;
    return trace.finish({ kind: 'no-endpoints', summary: `the route sends the request to ${backend.namespace}/${backend.service} port ${backend.port ?? '?'}, which the Service does not have: 503` });
  }
  // A URLRewrite: the server's proxy and the application see the rewritten path.
  if (result.backendPath !== undefined) trace.rewrittenPath = result.backendPath;
  trace.meshBackend = { namespace: target.service.namespace, service: target.service.name, port: target.port.port };
  return onward(target);
}

/**
 * HTTPRoutes attached to the Service (GAMMA) in the sidecar: Istio turns them into routes of its own and, for a
 * sidecar, applies one VirtualService per host without merging (istio/istio#36621: the oldest wins). The manifests
 * carry no creation times, so where a VirtualService is bound to the mesh for the Service too, the simulation
 * follows the VirtualService and says so. The backend a rule chooses is balanced by the sidecar itself.
 */
export function throughIstioServiceRoutes(trace: TraceBuilder, client: SimPod, packet: Packet, entry: ProxyServicePort, node: SimNode, deliver: DeliverUpstream): Trace | undefined {
  const title = `Envoy sidecar of ${client.namespace}/${client.name} (outbound)`;
  const bound = sidecarRouting(trace, client, entry.service, true);
  if (bound) {
    if (serviceRoutesFor(trace.snapshot, entry.service, entry.port, client.namespace)) {
      trace.notes.push(`both VirtualService ${bound.service.id.namespace}/${bound.service.id.name} and HTTPRoutes attached to Service ${entry.service.namespace}/${entry.service.name} route it; Istio's sidecars apply one of them (the oldest, istio/istio#36621), and without creation times the simulation follows the VirtualService`);
    }
    return undefined;
  }
  return throughServiceRoutes(trace, client, packet, entry, node, title, (backend) =>
    toRouteDestination(trace, { component: 'sidecar', title, node: node.name, pod: client }, packet, { ip: packet.src, port: packet.srcPort }, undefined, carriesHttp(trace, backend.port), backend, deliver, `HTTPRoute ${trace.serviceRoute}'s rule`),
  );
}

/**
 * A connection to a Service port with routes attached that no mesh proxy carries (the client has none, or the port
 * bypasses it): kube-proxy balances it over the Service's endpoints, and the trace's notes say the routes did not
 * apply ("some implementations may only be able to apply routes on client-side proxies", GEP-1426).
 */
export function noteUnappliedServiceRoutes(trace: TraceBuilder, clientNamespace: string, packet: Packet, service: SimService): void {
  const entry = servicePortsOf(trace.snapshot, service).find((candidate) => candidate.port.port === packet.dstPort && candidate.port.protocol === packet.protocol);
  const attached = entry && serviceRoutesFor(trace.snapshot, service, entry.port, clientNamespace);
  if (!attached) return;
  const names = attached.routes.map((route) => `${route.id.namespace}/${route.id.name}`).join(', ');
  const one = attached.routes.length === 1;
  trace.notes.push(`HTTPRoute${one ? '' : 's'} ${names} attached to Service ${service.namespace}/${service.name} appl${one ? 'ies' : 'y'} only where a mesh proxy carries the request (GAMMA); no proxy carries this connection, so kube-proxy sends it to the Service's endpoints and ${one ? 'the route does' : 'the routes do'} not apply`);
}
