import type { CiliumDnsRule, CiliumHttpRule } from '../objects';
import type { Protocol, SimPod, SourceRef } from '../snapshot/types';

/** One side of a connection as policy sees it: a pod (with its namespace's labels) or an address outside the cluster. */
export type PolicyPeer =
  | { readonly kind: 'pod'; readonly pod: SimPod; readonly ip: string }
  | {
      readonly kind: 'external';
      readonly ip: string;
      /** The DNS name the client dialled, when it did (Cilium's toFQDNs match it). */
      readonly host?: string;
    };

export interface PolicyConnection {
  readonly from: PolicyPeer;
  readonly to: PolicyPeer;
  readonly protocol: Protocol;
  readonly port: number;
}

/**
 * One direction of a connection as a policy tier reads it: the pod whose policies decide (the source for
 * egress, the destination for ingress), the peer at the other end, and the port, which a rule may name by one
 * of the destination pod's port names.
 */
export interface DirectedConnection {
  readonly direction: 'Ingress' | 'Egress';
  readonly subject: SimPod;
  readonly other: PolicyPeer;
  readonly protocol: Protocol;
  readonly port: number;
  /** Undefined when the destination is outside the cluster. */
  readonly destinationPod: SimPod | undefined;
}

export type PolicyTier =
  | 'AdminNetworkPolicy'
  | 'ClusterNetworkPolicy'
  | 'NetworkPolicy'
  | 'CiliumNetworkPolicy'
  | 'CiliumClusterwideNetworkPolicy'
  | 'CalicoNetworkPolicy'
  | 'CalicoGlobalNetworkPolicy'
  | 'BaselineAdminNetworkPolicy'
  | 'none';

/** One HTTP rule of a Cilium L7 policy that a request may pass, with the policy and line that wrote it. */
export interface HttpGateRule {
  readonly rule: CiliumHttpRule;
  readonly policy: string;
  readonly ref: SourceRef;
}

/** A connection allowed at L3/L4 only for the HTTP requests some rule allows: Cilium's proxy answers the others with 403. */
export interface HttpGate {
  readonly rules: readonly HttpGateRule[];
}

/** DNS allowed only for the names some rule allows: Cilium's DNS proxy refuses queries for the others. */
export interface DnsGate {
  readonly rules: readonly { readonly rule: CiliumDnsRule; readonly policy: string; readonly ref: SourceRef }[];
}

/** What decided one direction: the tier, the object and the rule, with where they are written. */
export interface PolicyDecision {
  readonly tier: PolicyTier;
  /** `namespace/name` (NetworkPolicy) or `name` (admin tiers). */
  readonly policy?: string;
  /** Zero-based rule index within the policy's ingress or egress list. */
  readonly rule?: number;
  readonly action: 'Allow' | 'Deny' | 'Pass' | 'DefaultDeny' | 'NotIsolated';
  readonly explanation: string;
  readonly refs: readonly SourceRef[];
}

export interface DirectionVerdict {
  readonly direction: 'Ingress' | 'Egress';
  readonly allowed: boolean;
  /** NetworkPolicies of the subject's namespace that select it for this direction. */
  readonly isolatedBy: readonly string[];
  /** The chain of tiers consulted, in order (ANP Pass → NetworkPolicy allow). */
  readonly chain: readonly PolicyDecision[];
  /** For a NetworkPolicy default deny: the rule that came closest to admitting the connection, and what it lacks. */
  readonly nearestMiss?: string;
  /** Allowed only for the HTTP requests these Cilium rules allow. */
  readonly httpGate?: HttpGate;
  /** Allowed only for the DNS names these Cilium rules allow. */
  readonly dnsGate?: DnsGate;
}

export interface ConnectionVerdict {
  readonly allowed: boolean;
  /** Undefined when the source is outside the cluster (nothing enforces its egress). */
  readonly egress?: DirectionVerdict;
  /** Undefined when the destination is outside the cluster. */
  readonly ingress?: DirectionVerdict;
  /** One sentence for people. */
  readonly explanation: string;
  /** Choices that depend on the CNI, said out loud. */
  readonly notes: readonly string[];
  /** False when the profile's CNI does not enforce NetworkPolicy: the API verdict still says what the policies mean. */
  readonly enforced: boolean;
}
