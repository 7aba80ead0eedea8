import type { Located } from '../source';
import type { LocatedList, LocatedStringMap, ObjectBase, Spanned } from './meta';

export interface ServicePort extends Spanned {
  readonly name?: Located<string>;
  readonly protocol?: Located<string>;
  readonly appProtocol?: Located<string>;
  readonly port?: Located<number>;
  readonly targetPort?: Located<number | string>;
  readonly nodePort?: Located<number>;
}

export interface ServiceSpec extends Spanned {
  readonly type?: Located<string>;
  readonly selector?: LocatedStringMap;
  readonly ports?: LocatedList<ServicePort>;
  readonly clusterIP?: Located<string>;
  readonly clusterIPs?: LocatedList<Located<string>>;
  readonly externalIPs?: LocatedList<Located<string>>;
  readonly externalName?: Located<string>;
  readonly externalTrafficPolicy?: Located<string>;
  readonly internalTrafficPolicy?: Located<string>;
  readonly sessionAffinity?: Located<string>;
  readonly sessionAffinityConfig?: Spanned & { readonly clientIP?: Spanned & { readonly timeoutSeconds?: Located<number> } };
  readonly loadBalancerIP?: Located<string>;
  readonly loadBalancerSourceRanges?: LocatedList<Located<string>>;
  readonly loadBalancerClass?: Located<string>;
  readonly allocateLoadBalancerNodePorts?: Located<boolean>;
  readonly healthCheckNodePort?: Located<number>;
  readonly publishNotReadyAddresses?: Located<boolean>;
  readonly ipFamilies?: LocatedList<Located<string>>;
  readonly ipFamilyPolicy?: Located<string>;
  readonly trafficDistribution?: Located<string>;
}

export interface LoadBalancerIngress extends Spanned {
  readonly ip?: Located<string>;
  readonly hostname?: Located<string>;
}

export interface Service extends ObjectBase {
  readonly type: 'Service';
  readonly spec?: ServiceSpec;
  readonly status?: Spanned & {
    readonly loadBalancer?: Spanned & { readonly ingress?: LocatedList<LoadBalancerIngress> };
  };
}

export interface ObjectReference extends Spanned {
  readonly kind?: Located<string>;
  readonly namespace?: Located<string>;
  readonly name?: Located<string>;
}

export interface EndpointAddress extends Spanned {
  readonly ip?: Located<string>;
  readonly hostname?: Located<string>;
  readonly nodeName?: Located<string>;
  readonly targetRef?: ObjectReference;
}

export interface EndpointPort extends Spanned {
  readonly name?: Located<string>;
  readonly port?: Located<number>;
  readonly protocol?: Located<string>;
  readonly appProtocol?: Located<string>;
}

export interface EndpointSubset extends Spanned {
  readonly addresses?: LocatedList<EndpointAddress>;
  readonly notReadyAddresses?: LocatedList<EndpointAddress>;
  readonly ports?: LocatedList<EndpointPort>;
}

export interface Endpoints extends ObjectBase {
  readonly type: 'Endpoints';
  readonly subsets?: LocatedList<EndpointSubset>;
}

export interface EndpointConditions extends Spanned {
  readonly ready?: Located<boolean>;
  readonly serving?: Located<boolean>;
  readonly terminating?: Located<boolean>;
}

export interface SliceEndpoint extends Spanned {
  readonly addresses?: LocatedList<Located<string>>;
  readonly conditions?: EndpointConditions;
  readonly hostname?: Located<string>;
  readonly nodeName?: Located<string>;
  readonly zone?: Located<string>;
  readonly targetRef?: ObjectReference;
}

export interface EndpointSlice extends ObjectBase {
  readonly type: 'EndpointSlice';
  readonly addressType?: Located<string>;
  readonly endpoints?: LocatedList<SliceEndpoint>;
  readonly ports?: LocatedList<EndpointPort>;
}
