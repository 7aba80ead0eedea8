/**
 * The server's Istio sidecar: the PeerAuthentication mode for the port (STRICT resets plaintext), then the
 * AuthorizationPolicies (any matching DENY rule denies; with ALLOW policies, a request no ALLOW rule matches is denied).
 */
import { authorizeRequest, readsJwt } from '../mesh/authorization';
import { istioPrincipal, isIstioProxy } from '../mesh/identity';
import { effectiveMtls } from '../mesh/mtls';
import { refTo } from '../snapshot/sourceRef';
import type { SimPod, SourceRef } from '../snapshot/types';
import type { ResolvedSource } from './locate';
import { meshRequest } from './meshRouting';
import type { TraceBuilder } from './traceBuilder';
import type { Packet, TraceVerdict } from './types';

/**
 * The server's sidecar: PeerAuthentication's mode (STRICT resets plaintext), then the AuthorizationPolicies
 * (any matching DENY rule denies; with ALLOW policies, a request no ALLOW rule matches is denied).
 */
export function inboundSidecar(trace: TraceBuilder, source: ResolvedSource, packet: Packet, pod: SimPod): TraceVerdict | undefined {
  const { snapshot } = trace;
  const viaMtls = source.istioMtls ?? isIstioProxy(snapshot, source.pod);
  const mtls = effectiveMtls(snapshot, pod, packet.dstPort);
  const title = `Envoy sidecar of ${pod.namespace}/${pod.name} (inbound)`;
  const modeText = `mTLS mode ${mtls.mode}${mtls.port !== undefined ? ` on port ${mtls.port}` : ''}${mtls.policy ? ` (PeerAuthentication ${mtls.policy.id.namespace}/${mtls.policy.id.name}${mtls.port !== undefined ? ', portLevelMtls' : ''})` : " (no PeerAuthentication: Istio's default)"}`;
  const modeSpan = mtls.port !== undefined ? mtls.policy?.spec?.portLevelMtls?.value[String(mtls.port)]?.span : mtls.policy?.spec?.mtls?.mode?.span;
  const refs: SourceRef[] = mtls.policy ? [refTo(mtls.policy, modeSpan)] : [];
  if (mtls.mode === 'STRICT' && !viaMtls) {
    trace.hop({ component: 'sidecar', ...(pod.node && { node: pod.node }), title, decision: `${modeText}: the client has no sidecar and sends plaintext, so the sidecar resets the connection.`, before: packet, refs });
    return { kind: 'denied', summary: `STRICT mTLS on ${pod.namespace}/${pod.name} resets plaintext from a client outside the mesh` };
  }
  const request = meshRequest(trace);
  const identity = viaMtls && source.pod ? { principal: istioPrincipal(snapshot, source.pod), namespace: source.pod.namespace } : undefined;
  const { policies, denied, allowed, allowPolicies } = authorizeRequest(snapshot, pod, { http: request, identity, sourceIp: packet.src, destinationIp: packet.dst, port: packet.dstPort });
  const custom = policies.filter((policy) => policy.spec?.action?.value === 'CUSTOM');
  const who = identity ? `${identity.principal}` : `plaintext from ${packet.src} (no identity)`;
  const details = [
    modeText,
    `request: ${request.method} ${request.path} from ${who}`,
    ...(policies.some(readsJwt) ? ['the traced request carries no JWT: requestPrincipals and request.auth.* conditions do not match it'] : []),
    ...(custom.length > 0 ? [`CUSTOM policies (${custom.map((policy) => `${policy.id.namespace}/${policy.id.name}`).join(', ')}) ask an external authorizer first, which Kubetrace does not simulate`] : []),
  ];
  if (denied) {
    trace.hop({ component: 'sidecar', ...(pod.node && { node: pod.node }), title, decision: `AuthorizationPolicy ${denied.policy.id.namespace}/${denied.policy.id.name} (DENY), rule ${denied.index + 1}, matches: the sidecar answers 403 (RBAC: access denied).`, before: packet, details, refs: [...refs, refTo(denied.policy, denied.rule.span, `rule ${denied.index + 1}`)] });
    return { kind: 'denied', summary: `HTTP 403: AuthorizationPolicy ${denied.policy.id.namespace}/${denied.policy.id.name} denies the request (rule ${denied.index + 1})` };
  }
  if (allowPolicies.length > 0 && !allowed) {
    const names = allowPolicies.map((policy) => `${policy.id.namespace}/${policy.id.name}`).join(', ');
    trace.hop({ component: 'sidecar', ...(pod.node && { node: pod.node }), title, decision: `ALLOW policies apply (${names}) and no rule of theirs matches: the sidecar answers 403 (RBAC: access denied).`, before: packet, details, refs: [...refs, ...allowPolicies.map((policy) => refTo(policy))] });
    return { kind: 'denied', summary: `HTTP 403: no rule of the ALLOW AuthorizationPolicies of ${pod.namespace}/${pod.name} (${names}) matches the request` };
  }
  const authz = allowed ? `AuthorizationPolicy ${allowed.policy.id.namespace}/${allowed.policy.id.name}, rule ${allowed.index + 1}, allows it` : policies.length === 0 ? 'no AuthorizationPolicy applies: allowed' : 'no DENY rule matches and no ALLOW policy applies: allowed';
  trace.hop({ component: 'sidecar', ...(pod.node && { node: pod.node }), title, decision: `${modeText}, ${viaMtls ? 'the connection is mTLS' : 'plaintext is accepted'}; ${authz}. The request goes to the application.`, before: packet, details, refs: [...refs, ...(allowed ? [refTo(allowed.policy, allowed.rule.span, `rule ${allowed.index + 1}`)] : [])] });
  return undefined;
}
