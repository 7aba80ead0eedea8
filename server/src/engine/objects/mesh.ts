/** Service mesh objects: Istio's networking.istio.io and security.istio.io kinds, as the mesh reads them. */
import type { Located } from '../source';
import type { LocatedList, LocatedStringMap, ObjectBase, Spanned } from './meta';

/** A string condition: exactly one of exact, prefix or regex. */
export interface StringMatch extends Spanned {
  readonly exact?: Located<string>;
  readonly prefix?: Located<string>;
  readonly regex?: Located<string>;
}

export interface HTTPMatchRequest extends Spanned {
  readonly name?: Located<string>;
  readonly uri?: StringMatch;
  readonly method?: StringMatch;
  readonly authority?: StringMatch;
  readonly headers?: Located<Readonly<Record<string, StringMatch>>>;
  readonly port?: Located<number>;
  readonly sourceLabels?: LocatedStringMap;
  readonly gateways?: LocatedList<Located<string>>;
}

export interface MeshDestination extends Spanned {
  readonly host?: Located<string>;
  readonly subset?: Located<string>;
  readonly port?: Spanned & { readonly number?: Located<number> };
}

export interface RouteDestination extends Spanned {
  readonly destination?: MeshDestination;
  readonly weight?: Located<number>;
}

export interface HTTPRetry extends Spanned {
  readonly attempts?: Located<number>;
  readonly perTryTimeout?: Located<string>;
  readonly retryOn?: Located<string>;
}

/** A share of requests (0-100); absent means all of them. */
export interface Percentage extends Spanned {
  readonly value?: Located<number>;
}

export interface HTTPFault extends Spanned {
  readonly abort?: Spanned & { readonly httpStatus?: Located<number>; readonly percentage?: Percentage };
  readonly delay?: Spanned & { readonly fixedDelay?: Located<string>; readonly percentage?: Percentage };
}

export interface MeshHTTPRoute extends Spanned {
  readonly name?: Located<string>;
  readonly match?: LocatedList<HTTPMatchRequest>;
  readonly route?: LocatedList<RouteDestination>;
  /** Answered by Envoy instead of routed: a redirect, or a fixed response. */
  readonly redirect?: Spanned & { readonly uri?: Located<string>; readonly authority?: Located<string>; readonly scheme?: Located<string>; readonly redirectCode?: Located<number> };
  readonly directResponse?: Spanned & { readonly status?: Located<number> };
  readonly rewrite?: Spanned & { readonly uri?: Located<string>; readonly authority?: Located<string> };
  readonly fault?: HTTPFault;
  readonly mirror?: MeshDestination;
  readonly timeout?: Located<string>;
  readonly retries?: HTTPRetry;
}

export interface MeshTCPRoute extends Spanned {
  readonly route?: LocatedList<RouteDestination>;
}

export interface VirtualService extends ObjectBase {
  readonly type: 'VirtualService';
  readonly spec?: Spanned & {
    readonly hosts?: LocatedList<Located<string>>;
    readonly gateways?: LocatedList<Located<string>>;
    readonly http?: LocatedList<MeshHTTPRoute>;
    readonly tcp?: LocatedList<MeshTCPRoute>;
  };
}

export interface Subset extends Spanned {
  readonly name?: Located<string>;
  readonly labels?: LocatedStringMap;
}

export interface HTTPCookie extends Spanned {
  readonly name?: Located<string>;
}

/** How the client's Envoy talks to a host's pods. */
export interface TrafficPolicy extends Spanned {
  readonly tls?: Spanned & { readonly mode?: Located<string> };
  readonly loadBalancer?: Spanned & {
    /** ROUND_ROBIN, LEAST_REQUEST, RANDOM, PASSTHROUGH. */
    readonly simple?: Located<string>;
    readonly consistentHash?: Spanned & { readonly httpHeaderName?: Located<string>; readonly httpCookie?: HTTPCookie; readonly useSourceIp?: Located<boolean> };
  };
  /** Present or not is what the trace reads: limits and ejection depend on load, which it does not simulate. */
  readonly connectionPool?: Spanned;
  readonly outlierDetection?: Spanned;
}

export interface DestinationRule extends ObjectBase {
  readonly type: 'DestinationRule';
  readonly spec?: Spanned & {
    readonly host?: Located<string>;
    readonly subsets?: LocatedList<Subset>;
    readonly trafficPolicy?: TrafficPolicy;
  };
}

/** A port as Istio's Gateway servers and ServiceEntries write it. */
export interface MeshPort extends Spanned {
  readonly number?: Located<number>;
  readonly name?: Located<string>;
  readonly protocol?: Located<string>;
}

export interface MeshGatewayServer extends Spanned {
  readonly hosts?: LocatedList<Located<string>>;
  readonly port?: MeshPort;
  /** PASSTHROUGH hands the TLS stream on by SNI; SIMPLE, MUTUAL and ISTIO_MUTUAL terminate it. */
  readonly tls?: Spanned & { readonly mode?: Located<string> };
}

/** Istio's Gateway (networking.istio.io), not Gateway API's. */
export interface MeshGateway extends ObjectBase {
  readonly type: 'MeshGateway';
  readonly spec?: Spanned & {
    readonly selector?: LocatedStringMap;
    readonly servers?: LocatedList<MeshGatewayServer>;
  };
}

/** Istio's ServiceEntry: hosts the mesh registry knows besides the cluster's Services (usually outside it). */
export interface ServiceEntry extends ObjectBase {
  readonly type: 'ServiceEntry';
  readonly spec?: Spanned & {
    readonly hosts?: LocatedList<Located<string>>;
    readonly ports?: LocatedList<MeshPort>;
    /** MESH_EXTERNAL (the default) or MESH_INTERNAL. */
    readonly location?: Located<string>;
    /** NONE, STATIC, DNS or DNS_ROUND_ROBIN. */
    readonly resolution?: Located<string>;
  };
}

/** Istio's Sidecar: which hosts a workload's sidecar knows (its egress listeners) and where it sends what it does not know. */
export interface Sidecar extends ObjectBase {
  readonly type: 'Sidecar';
  readonly spec?: Spanned & {
    readonly workloadSelector?: Spanned & { readonly labels?: LocatedStringMap };
    /** Each listener's hosts are `namespace/dnsName` (`*`, `.` for the Sidecar's own, `~` for none). */
    readonly egress?: LocatedList<Spanned & { readonly port?: MeshPort; readonly hosts?: LocatedList<Located<string>> }>;
    /** REGISTRY_ONLY or ALLOW_ANY (the mesh's default). */
    readonly outboundTrafficPolicy?: Spanned & { readonly mode?: Located<string> };
  };
}

export interface WorkloadSelector extends Spanned {
  readonly matchLabels?: LocatedStringMap;
}

export interface PeerAuthentication extends ObjectBase {
  readonly type: 'PeerAuthentication';
  readonly spec?: Spanned & {
    readonly selector?: WorkloadSelector;
    readonly mtls?: Spanned & { readonly mode?: Located<string> };
    /** By the workload's (container) port number: the mode for that port; only with a selector. */
    readonly portLevelMtls?: Located<Readonly<Record<string, Spanned & { readonly mode?: Located<string> }>>>;
  };
}

type Strings = LocatedList<Located<string>>;

export interface AuthorizationSource extends Spanned {
  readonly principals?: Strings;
  readonly notPrincipals?: Strings;
  readonly requestPrincipals?: Strings;
  readonly notRequestPrincipals?: Strings;
  readonly namespaces?: Strings;
  readonly notNamespaces?: Strings;
  readonly ipBlocks?: Strings;
  readonly notIpBlocks?: Strings;
  readonly remoteIpBlocks?: Strings;
  readonly notRemoteIpBlocks?: Strings;
}

export interface AuthorizationOperation extends Spanned {
  readonly methods?: Strings;
  readonly notMethods?: Strings;
  readonly paths?: Strings;
  readonly notPaths?: Strings;
  readonly ports?: Strings;
  readonly notPorts?: Strings;
  readonly hosts?: Strings;
  readonly notHosts?: Strings;
}

/** A `when` condition: an attribute (`request.headers[x-team]`, `source.ip`, ...) and the values it must or must not have. */
export interface AuthorizationCondition extends Spanned {
  readonly key?: Located<string>;
  readonly values?: Strings;
  readonly notValues?: Strings;
}

export interface AuthorizationRule extends Spanned {
  readonly from?: LocatedList<Spanned & { readonly source?: AuthorizationSource }>;
  readonly to?: LocatedList<Spanned & { readonly operation?: AuthorizationOperation }>;
  readonly when?: LocatedList<AuthorizationCondition>;
}

export interface AuthorizationPolicy extends ObjectBase {
  readonly type: 'AuthorizationPolicy';
  readonly spec?: Spanned & {
    readonly selector?: WorkloadSelector;
    readonly action?: Located<string>;
    readonly rules?: LocatedList<AuthorizationRule>;
  };
}
