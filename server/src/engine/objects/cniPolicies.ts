import type { Located } from '../source';
import type { LabelSelector, LocatedList, ObjectBase, Spanned } from './meta';

/** Cilium's and Calico's own policy resources (cilium.io/v2; projectcalico.org/v3 and crd.projectcalico.org/v1). */

export interface CiliumPortProtocol extends Spanned {
  /** A number or a name, written as a string in Cilium's API ("80", "http"). */
  readonly port?: Located<number | string>;
  readonly endPort?: Located<number>;
  /** TCP, UDP, SCTP or ANY (the default). */
  readonly protocol?: Located<string>;
}

export interface CiliumHeaderMatch extends Spanned {
  readonly name?: Located<string>;
  readonly value?: Located<string>;
  readonly mismatch?: Located<string>;
}

/** One HTTP rule of an L7 policy: every field given must match; method and path are regular expressions. */
export interface CiliumHttpRule extends Spanned {
  readonly method?: Located<string>;
  readonly path?: Located<string>;
  readonly host?: Located<string>;
  /** `Name: value`, or a bare name that must be present. */
  readonly headers?: LocatedList<Located<string>>;
  readonly headerMatches?: LocatedList<CiliumHeaderMatch>;
}

export interface CiliumDnsRule extends Spanned {
  readonly matchName?: Located<string>;
  readonly matchPattern?: Located<string>;
}

export interface CiliumL7Rules extends Spanned {
  readonly http?: LocatedList<CiliumHttpRule>;
  readonly dns?: LocatedList<CiliumDnsRule>;
  readonly kafka?: LocatedList<Spanned>;
  readonly l7proto?: Located<string>;
}

export interface CiliumPortRule extends Spanned {
  readonly ports?: LocatedList<CiliumPortProtocol>;
  readonly rules?: CiliumL7Rules;
}

export interface CiliumCidrRule extends Spanned {
  readonly cidr?: Located<string>;
  readonly except?: LocatedList<Located<string>>;
  readonly cidrGroupRef?: Located<string>;
}

export interface CiliumServiceSelector extends Spanned {
  readonly k8sService?: Spanned & { readonly serviceName?: Located<string>; readonly namespace?: Located<string> };
  readonly k8sServiceSelector?: Spanned & { readonly selector?: LabelSelector; readonly namespace?: Located<string> };
}

export interface CiliumFqdnSelector extends Spanned {
  readonly matchName?: Located<string>;
  readonly matchPattern?: Located<string>;
}

/** One entry of `ingress`, `ingressDeny`, `egress` or `egressDeny`: its peers (any kind matches) and its ports. */
export interface CiliumRule extends Spanned {
  readonly fromEndpoints?: LocatedList<LabelSelector>;
  readonly toEndpoints?: LocatedList<LabelSelector>;
  readonly fromRequires?: LocatedList<LabelSelector>;
  readonly toRequires?: LocatedList<LabelSelector>;
  readonly fromEntities?: LocatedList<Located<string>>;
  readonly toEntities?: LocatedList<Located<string>>;
  readonly fromCIDR?: LocatedList<Located<string>>;
  readonly toCIDR?: LocatedList<Located<string>>;
  readonly fromCIDRSet?: LocatedList<CiliumCidrRule>;
  readonly toCIDRSet?: LocatedList<CiliumCidrRule>;
  readonly fromNodes?: LocatedList<LabelSelector>;
  readonly toNodes?: LocatedList<LabelSelector>;
  readonly toServices?: LocatedList<CiliumServiceSelector>;
  readonly toFQDNs?: LocatedList<CiliumFqdnSelector>;
  readonly toPorts?: LocatedList<CiliumPortRule>;
  readonly icmps?: LocatedList<Spanned>;
}

export interface CiliumPolicySpec extends Spanned {
  readonly description?: Located<string>;
  readonly endpointSelector?: LabelSelector;
  readonly nodeSelector?: LabelSelector;
  readonly ingress?: LocatedList<CiliumRule>;
  readonly ingressDeny?: LocatedList<CiliumRule>;
  readonly egress?: LocatedList<CiliumRule>;
  readonly egressDeny?: LocatedList<CiliumRule>;
  readonly enableDefaultDeny?: Spanned & { readonly ingress?: Located<boolean>; readonly egress?: Located<boolean> };
}

export interface CiliumNetworkPolicy extends ObjectBase {
  readonly type: 'CiliumNetworkPolicy';
  readonly spec?: CiliumPolicySpec;
  readonly specs?: LocatedList<CiliumPolicySpec>;
}

export interface CiliumClusterwideNetworkPolicy extends ObjectBase {
  readonly type: 'CiliumClusterwideNetworkPolicy';
  readonly spec?: CiliumPolicySpec;
  readonly specs?: LocatedList<CiliumPolicySpec>;
}

/** A Calico rule's `source` or `destination`: every field given must match. */
export interface CalicoEntityRule extends Spanned {
  readonly nets?: LocatedList<Located<string>>;
  readonly notNets?: LocatedList<Located<string>>;
  readonly selector?: Located<string>;
  readonly notSelector?: Located<string>;
  readonly namespaceSelector?: Located<string>;
  /** Numbers, `first:last` ranges or port names. */
  readonly ports?: LocatedList<Located<number | string>>;
  readonly notPorts?: LocatedList<Located<number | string>>;
  readonly serviceAccounts?: Spanned & { readonly names?: LocatedList<Located<string>>; readonly selector?: Located<string> };
  readonly services?: Spanned & { readonly name?: Located<string>; readonly namespace?: Located<string> };
}

export interface CalicoRule extends Spanned {
  readonly action?: Located<string>;
  readonly protocol?: Located<number | string>;
  readonly notProtocol?: Located<number | string>;
  readonly ipVersion?: Located<number>;
  readonly source?: CalicoEntityRule;
  readonly destination?: CalicoEntityRule;
  readonly http?: Spanned;
}

export interface CalicoPolicySpec extends Spanned {
  readonly tier?: Located<string>;
  readonly order?: Located<number>;
  readonly selector?: Located<string>;
  /** GlobalNetworkPolicy only: the namespaces whose pods it selects. */
  readonly namespaceSelector?: Located<string>;
  readonly serviceAccountSelector?: Located<string>;
  readonly types?: LocatedList<Located<string>>;
  readonly ingress?: LocatedList<CalicoRule>;
  readonly egress?: LocatedList<CalicoRule>;
  readonly doNotTrack?: Located<boolean>;
  readonly preDNAT?: Located<boolean>;
  readonly applyOnForward?: Located<boolean>;
}

export interface CalicoNetworkPolicy extends ObjectBase {
  readonly type: 'CalicoNetworkPolicy';
  readonly spec?: CalicoPolicySpec;
}

export interface CalicoGlobalNetworkPolicy extends ObjectBase {
  readonly type: 'CalicoGlobalNetworkPolicy';
  readonly spec?: CalicoPolicySpec;
}

export interface CalicoTier extends ObjectBase {
  readonly type: 'CalicoTier';
  readonly spec?: Spanned & { readonly order?: Located<number>; readonly defaultAction?: Located<string> };
}

/** A NetworkSet (namespaced) or GlobalNetworkSet: addresses outside the cluster with labels, which rule selectors pick. */
export interface CalicoNetworkSet extends ObjectBase {
  readonly type: 'CalicoNetworkSet';
  readonly spec?: Spanned & { readonly nets?: LocatedList<Located<string>> };
}

export type CiliumPolicy = CiliumNetworkPolicy | CiliumClusterwideNetworkPolicy;
export type CalicoPolicy = CalicoNetworkPolicy | CalicoGlobalNetworkPolicy;
