import type { Located } from '../source';
import type { LabelSelector, LocatedList, ObjectBase, Spanned } from './meta';

/** The API group of Gateway API's kinds, the default of a parentRef's or a ReferenceGrant's `group`. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

export interface ServiceBackendPort extends Spanned {
  readonly number?: Located<number>;
  readonly name?: Located<string>;
}

export interface TypedLocalObjectReference extends Spanned {
  readonly apiGroup?: Located<string>;
  readonly kind?: Located<string>;
  readonly name?: Located<string>;
}

export interface IngressBackend extends Spanned {
  readonly service?: Spanned & { readonly name?: Located<string>; readonly port?: ServiceBackendPort };
  readonly resource?: TypedLocalObjectReference;
}

export interface HTTPIngressPath extends Spanned {
  readonly path?: Located<string>;
  readonly pathType?: Located<string>;
  readonly backend?: IngressBackend;
}

export interface IngressRule extends Spanned {
  readonly host?: Located<string>;
  readonly http?: Spanned & { readonly paths?: LocatedList<HTTPIngressPath> };
}

export interface IngressTLS extends Spanned {
  readonly hosts?: LocatedList<Located<string>>;
  readonly secretName?: Located<string>;
}

export interface Ingress extends ObjectBase {
  readonly type: 'Ingress';
  readonly spec?: Spanned & {
    readonly ingressClassName?: Located<string>;
    readonly defaultBackend?: IngressBackend;
    readonly rules?: LocatedList<IngressRule>;
    readonly tls?: LocatedList<IngressTLS>;
  };
}

export interface IngressClass extends ObjectBase {
  readonly type: 'IngressClass';
  readonly spec?: Spanned & {
    readonly controller?: Located<string>;
    readonly parameters?: TypedLocalObjectReference;
  };
}

export interface GatewayClass extends ObjectBase {
  readonly type: 'GatewayClass';
  readonly spec?: Spanned & { readonly controllerName?: Located<string> };
}

export interface RouteGroupKind extends Spanned {
  readonly group?: Located<string>;
  readonly kind?: Located<string>;
}

export interface GatewayListener extends Spanned {
  readonly name?: Located<string>;
  readonly hostname?: Located<string>;
  readonly port?: Located<number>;
  readonly protocol?: Located<string>;
  readonly tls?: Spanned & {
    readonly mode?: Located<string>;
    readonly certificateRefs?: LocatedList<BackendObjectReference>;
  };
  readonly allowedRoutes?: Spanned & {
    readonly namespaces?: Spanned & { readonly from?: Located<string>; readonly selector?: LabelSelector };
    readonly kinds?: LocatedList<RouteGroupKind>;
  };
}

export interface GatewayAddress extends Spanned {
  readonly type?: Located<string>;
  readonly value?: Located<string>;
}

export interface Gateway extends ObjectBase {
  readonly type: 'Gateway';
  readonly spec?: Spanned & {
    readonly gatewayClassName?: Located<string>;
    readonly listeners?: LocatedList<GatewayListener>;
    readonly addresses?: LocatedList<GatewayAddress>;
    /** Which ListenerSets may add listeners to this Gateway (none when unset). */
    readonly allowedListeners?: Spanned & {
      readonly namespaces?: Spanned & { readonly from?: Located<string>; readonly selector?: LabelSelector };
    };
  };
}

/** A ListenerSet (gateway.networking.k8s.io) or its experimental XListenerSet: listeners added to a Gateway that admits them. */
export interface ListenerSet extends ObjectBase {
  readonly type: 'ListenerSet';
  readonly spec?: Spanned & {
    readonly parentRef?: Spanned & {
      readonly group?: Located<string>;
      readonly kind?: Located<string>;
      readonly namespace?: Located<string>;
      readonly name?: Located<string>;
    };
    readonly listeners?: LocatedList<GatewayListener>;
  };
}

export interface ParentReference extends Spanned {
  readonly group?: Located<string>;
  readonly kind?: Located<string>;
  readonly namespace?: Located<string>;
  readonly name?: Located<string>;
  readonly sectionName?: Located<string>;
  readonly port?: Located<number>;
}

export interface BackendObjectReference extends Spanned {
  readonly group?: Located<string>;
  readonly kind?: Located<string>;
  readonly namespace?: Located<string>;
  readonly name?: Located<string>;
  readonly port?: Located<number>;
}

export interface HTTPBackendRef extends BackendObjectReference {
  readonly weight?: Located<number>;
  readonly filters?: LocatedList<HTTPRouteFilter>;
}

export interface HTTPNameValueMatch extends Spanned {
  readonly type?: Located<string>;
  readonly name?: Located<string>;
  readonly value?: Located<string>;
}

export interface HTTPRouteMatch extends Spanned {
  readonly path?: Spanned & { readonly type?: Located<string>; readonly value?: Located<string> };
  readonly headers?: LocatedList<HTTPNameValueMatch>;
  readonly queryParams?: LocatedList<HTTPNameValueMatch>;
  readonly method?: Located<string>;
}

/** Filters are kept by type with their raw settings as strings; routing reads the few that change it. */
export interface HTTPRouteFilter extends Spanned {
  readonly type?: Located<string>;
  readonly requestRedirect?: Spanned & {
    readonly scheme?: Located<string>;
    readonly hostname?: Located<string>;
    readonly port?: Located<number>;
    readonly statusCode?: Located<number>;
    readonly path?: Spanned & { readonly type?: Located<string>; readonly replaceFullPath?: Located<string>; readonly replacePrefixMatch?: Located<string> };
  };
  readonly urlRewrite?: Spanned & {
    readonly hostname?: Located<string>;
    readonly path?: Spanned & { readonly type?: Located<string>; readonly replaceFullPath?: Located<string>; readonly replacePrefixMatch?: Located<string> };
  };
  readonly requestMirror?: Spanned & { readonly backendRef?: BackendObjectReference };
  readonly requestHeaderModifier?: Spanned;
  readonly responseHeaderModifier?: Spanned;
}

export interface HTTPRouteRule extends Spanned {
  readonly name?: Located<string>;
  readonly matches?: LocatedList<HTTPRouteMatch>;
  readonly filters?: LocatedList<HTTPRouteFilter>;
  readonly backendRefs?: LocatedList<HTTPBackendRef>;
}

export interface HTTPRoute extends ObjectBase {
  readonly type: 'HTTPRoute';
  readonly spec?: Spanned & {
    readonly parentRefs?: LocatedList<ParentReference>;
    readonly hostnames?: LocatedList<Located<string>>;
    readonly rules?: LocatedList<HTTPRouteRule>;
  };
}

export interface ReferenceGrantFrom extends Spanned {
  readonly group?: Located<string>;
  readonly kind?: Located<string>;
  readonly namespace?: Located<string>;
}

export interface ReferenceGrantTo extends Spanned {
  readonly group?: Located<string>;
  readonly kind?: Located<string>;
  readonly name?: Located<string>;
}

export interface ReferenceGrant extends ObjectBase {
  readonly type: 'ReferenceGrant';
  readonly spec?: Spanned & {
    readonly from?: LocatedList<ReferenceGrantFrom>;
    readonly to?: LocatedList<ReferenceGrantTo>;
  };
}
