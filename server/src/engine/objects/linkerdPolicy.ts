/** Linkerd's policy resources (policy.linkerd.io): Servers, the AuthorizationPolicies and ServerAuthorizations that admit clients to them, and the authentications those require. */
import type { Located } from '../source';
import type { LabelSelector, LocatedList, ObjectBase, Spanned } from './meta';

/** A port of the selected pods (a number, or a container port's name) that Linkerd's policy then decides for. */
export interface LinkerdServer extends ObjectBase {
  readonly type: 'LinkerdServer';
  readonly spec?: Spanned & {
    readonly podSelector?: LabelSelector;
    readonly port?: Located<number | string>;
    /** v1beta3: what applies to clients no authorization admits (a default policy name); `deny` when absent. */
    readonly accessPolicy?: Located<string>;
  };
}

/** A reference to an object by group, kind, name and (for some kinds) namespace. */
export interface LinkerdRef extends Spanned {
  readonly group?: Located<string>;
  readonly kind?: Located<string>;
  readonly name?: Located<string>;
  readonly namespace?: Located<string>;
}

/** Linkerd's AuthorizationPolicy (not Istio's): clients that satisfy every required authentication may reach its target. */
export interface LinkerdAuthorizationPolicy extends ObjectBase {
  readonly type: 'LinkerdAuthorizationPolicy';
  readonly spec?: Spanned & {
    readonly targetRef?: LinkerdRef;
    readonly requiredAuthenticationRefs?: LocatedList<LinkerdRef>;
  };
}

/** Clients by their mesh identity: `identities` (`*` any) or `identityRefs` (a ServiceAccount, or every one of a Namespace). */
export interface MeshTLSAuthentication extends ObjectBase {
  readonly type: 'MeshTLSAuthentication';
  readonly spec?: Spanned & {
    readonly identities?: LocatedList<Located<string>>;
    readonly identityRefs?: LocatedList<LinkerdRef>;
  };
}

/** Client addresses: a CIDR, less its exceptions. */
export interface LinkerdNetwork extends Spanned {
  readonly cidr?: Located<string>;
  readonly except?: LocatedList<Located<string>>;
}

/** Clients by their address: in one of the networks and in none of its exceptions. */
export interface NetworkAuthentication extends ObjectBase {
  readonly type: 'NetworkAuthentication';
  readonly spec?: Spanned & {
    readonly networks?: LocatedList<LinkerdNetwork>;
  };
}

/**
 * Linkerd's older authorization (v1beta1): clients it describes may reach the Servers of its namespace it names, by
 * `name` or by a label `selector` over the Servers' labels.
 */
export interface ServerAuthorization extends ObjectBase {
  readonly type: 'ServerAuthorization';
  readonly spec?: Spanned & {
    readonly server?: Spanned & { readonly name?: Located<string>; readonly selector?: LabelSelector };
    readonly client?: Spanned & {
      /** Client addresses admitted; the cluster's networks when absent. */
      readonly networks?: LocatedList<LinkerdNetwork>;
      /** Any client, with or without an identity. */
      readonly unauthenticated?: Located<boolean>;
      readonly meshTLS?: Spanned & {
        /** Any meshed client, whatever its identity. */
        readonly unauthenticatedTLS?: Located<boolean>;
        readonly identities?: LocatedList<Located<string>>;
        /** ServiceAccounts (of the authorization's namespace unless one is named) whose identity is admitted. */
        readonly serviceAccounts?: LocatedList<Spanned & { readonly name?: Located<string>; readonly namespace?: Located<string> }>;
      };
    };
  };
}
