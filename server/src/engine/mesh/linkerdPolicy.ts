/**
 * Linkerd's policy resources (linkerd.io "Authorization Policy" reference): a Server selecting a pod's port replaces
 * the default inbound policy there; a client reaches it only when an AuthorizationPolicy targeting the Server (or
 * its Namespace) has every one of its required authentications satisfied (a MeshTLSAuthentication by the client's
 * identity, a NetworkAuthentication by its address, a ServiceAccount), or else by the Server's accessPolicy
 * (`deny` when absent).
 */
import { cidrContains, parseCidr } from '../cidr';
import { matchesLabelSelector } from '../labels';
import type { LinkerdAuthorizationPolicy, LinkerdRef, LinkerdServer } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import { accountIdentity } from './linkerd';

/** What a Server's authorizations look at: the client's Linkerd identity (none in plaintext) and its address. */
export interface LinkerdClient {
  readonly identity: string | undefined;
  readonly ip: string;
}

/** The Server of the pod's namespace that selects the pod and the port (a number, or a container port's name). */
export function serverFor(snapshot: ClusterSnapshot, pod: SimPod, port: number): LinkerdServer | undefined {
  return objectsOfType(snapshot, 'LinkerdServer').find((server) => {
    const selector = server.spec?.podSelector;
    const written = server.spec?.port?.value;
    if (server.id.namespace !== pod.namespace || !selector || !matchesLabelSelector(selector, pod.labels)) return false;
    return typeof written === 'number' ? written === port : pod.containers.some((container) => container.ports.some((candidate) => candidate.name === written && candidate.port === port));
  });
}

/** The AuthorizationPolicy that admits a client to a Server, if one does. */
export function authorizationFor(snapshot: ClusterSnapshot, server: LinkerdServer, client: LinkerdClient): LinkerdAuthorizationPolicy | undefined {
  const namespace = server.id.namespace ?? 'default';
  return objectsOfType(snapshot, 'LinkerdAuthorizationPolicy').find((policy) => {
    const target = policy.spec?.targetRef;
    if (policy.id.namespace !== namespace || !target) return false;
    const kind = target.kind?.value;
    const targets = (kind === 'Server' && target.name?.value === server.id.name) || (kind === 'Namespace' && target.name?.value === namespace);
    return targets && (policy.spec?.requiredAuthenticationRefs?.value ?? []).every((ref) => satisfies(snapshot, ref, namespace, client));
  });
}

/** Whether a client satisfies one required authentication (of the policy's namespace unless the reference names one). */
function satisfies(snapshot: ClusterSnapshot, ref: LinkerdRef, policyNamespace: string, client: LinkerdClient): boolean {
  const namespace = ref.namespace?.value ?? policyNamespace;
  const name = ref.name?.value;
  switch (ref.kind?.value) {
    case 'ServiceAccount':
      return name !== undefined && client.identity === accountIdentity(name, namespace);
    case 'MeshTLSAuthentication': {
      const authentication = objectsOfType(snapshot, 'MeshTLSAuthentication').find((candidate) => candidate.id.namespace === namespace && candidate.id.name === name);
      const identity = client.identity;
      if (!authentication || identity === undefined) return false;
      const byName = (authentication.spec?.identities?.value ?? []).some(({ value }) => value === '*' || value === identity || (value.startsWith('*.') && identity.endsWith(value.slice(1))));
      const byRef = (authentication.spec?.identityRefs?.value ?? []).some((identityRef) => {
        const refNamespace = identityRef.namespace?.value ?? authentication.id.namespace ?? 'default';
        if (identityRef.kind?.value === 'Namespace') return identityRef.name?.value === '*' || identity.includes(`.${identityRef.name?.value}.serviceaccount.`);
        return identityRef.kind?.value === 'ServiceAccount' && (identityRef.name?.value === '*' ? identity.includes(`.${refNamespace}.serviceaccount.`) : identity === accountIdentity(identityRef.name?.value ?? '', refNamespace));
      });
      return byName || byRef;
    }
    case 'NetworkAuthentication': {
      const authentication = objectsOfType(snapshot, 'NetworkAuthentication').find((candidate) => candidate.id.namespace === namespace && candidate.id.name === name);
      const contains = (cidr: string | undefined) => {
        const parsed = cidr === undefined ? undefined : parseCidr(cidr);
        return parsed !== undefined && cidrContains(parsed, client.ip);
      };
      return (authentication?.spec?.networks?.value ?? []).some((network) => contains(network.cidr?.value) && !(network.except?.value ?? []).some((except) => contains(except.value)));
    }
    default:
      return false;
  }
}
