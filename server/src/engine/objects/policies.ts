import type { Located } from '../source';
import type { LabelSelector, LocatedList, ObjectBase, Spanned } from './meta';

export interface IPBlock extends Spanned {
  readonly cidr?: Located<string>;
  readonly except?: LocatedList<Located<string>>;
}

export interface NetworkPolicyPeer extends Spanned {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: IPBlock;
}

export interface NetworkPolicyPort extends Spanned {
  readonly protocol?: Located<string>;
  readonly port?: Located<number | string>;
  readonly endPort?: Located<number>;
}

export interface NetworkPolicyIngressRule extends Spanned {
  readonly from?: LocatedList<NetworkPolicyPeer>;
  readonly ports?: LocatedList<NetworkPolicyPort>;
}

export interface NetworkPolicyEgressRule extends Spanned {
  readonly to?: LocatedList<NetworkPolicyPeer>;
  readonly ports?: LocatedList<NetworkPolicyPort>;
}

export interface NetworkPolicy extends ObjectBase {
  readonly type: 'NetworkPolicy';
  readonly spec?: Spanned & {
    readonly podSelector?: LabelSelector;
    readonly policyTypes?: LocatedList<Located<string>>;
    readonly ingress?: LocatedList<NetworkPolicyIngressRule>;
    readonly egress?: LocatedList<NetworkPolicyEgressRule>;
  };
}

/** `pods` in an admin policy subject or peer: namespaces AND pods within them. */
export interface NamespacedPods extends Spanned {
  readonly namespaceSelector?: LabelSelector;
  readonly podSelector?: LabelSelector;
}

export interface AdminPolicySubject extends Spanned {
  readonly namespaces?: LabelSelector;
  readonly pods?: NamespacedPods;
}

export interface AdminPolicyPeer extends Spanned {
  readonly namespaces?: LabelSelector;
  readonly pods?: NamespacedPods;
  /** Egress only. */
  readonly nodes?: LabelSelector;
  readonly networks?: LocatedList<Located<string>>;
  readonly domainNames?: LocatedList<Located<string>>;
}

export interface AdminPolicyPort extends Spanned {
  readonly portNumber?: Spanned & { readonly protocol?: Located<string>; readonly port?: Located<number> };
  readonly namedPort?: Located<string>;
  readonly portRange?: Spanned & {
    readonly protocol?: Located<string>;
    readonly start?: Located<number>;
    readonly end?: Located<number>;
  };
}

export interface AdminPolicyRule extends Spanned {
  readonly name?: Located<string>;
  readonly action?: Located<string>;
  /** Ingress rules. */
  readonly from?: LocatedList<AdminPolicyPeer>;
  /** Egress rules. */
  readonly to?: LocatedList<AdminPolicyPeer>;
  readonly ports?: LocatedList<AdminPolicyPort>;
}

export interface AdminPolicySpec extends Spanned {
  /** AdminNetworkPolicy only. */
  readonly priority?: Located<number>;
  readonly subject?: AdminPolicySubject;
  readonly ingress?: LocatedList<AdminPolicyRule>;
  readonly egress?: LocatedList<AdminPolicyRule>;
}

export interface AdminNetworkPolicy extends ObjectBase {
  readonly type: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  readonly spec?: AdminPolicySpec;
}

export interface ClusterPolicyPortNumber extends Spanned {
  readonly number?: Located<number>;
  readonly range?: Spanned & { readonly start?: Located<number>; readonly end?: Located<number> };
}

/** `protocols` of a ClusterNetworkPolicy rule: one of tcp, udp, sctp (each with a destinationPort) or a named port. */
export interface ClusterPolicyProtocol extends Spanned {
  readonly tcp?: Spanned & { readonly destinationPort?: ClusterPolicyPortNumber };
  readonly udp?: Spanned & { readonly destinationPort?: ClusterPolicyPortNumber };
  readonly sctp?: Spanned & { readonly destinationPort?: ClusterPolicyPortNumber };
  readonly destinationNamedPort?: Located<string>;
}

export interface ClusterPolicyRule extends Spanned {
  readonly name?: Located<string>;
  /** Accept, Deny or Pass. */
  readonly action?: Located<string>;
  readonly from?: LocatedList<AdminPolicyPeer>;
  readonly to?: LocatedList<AdminPolicyPeer>;
  readonly protocols?: LocatedList<ClusterPolicyProtocol>;
}

/** policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy: the Admin and Baseline tiers in one kind. */
export interface ClusterNetworkPolicy extends ObjectBase {
  readonly type: 'ClusterNetworkPolicy';
  readonly spec?: Spanned & {
    readonly tier?: Located<string>;
    readonly priority?: Located<number>;
    readonly subject?: AdminPolicySubject;
    readonly ingress?: LocatedList<ClusterPolicyRule>;
    readonly egress?: LocatedList<ClusterPolicyRule>;
  };
}
