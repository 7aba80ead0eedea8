import { matchesLabelSelector } from '../labels';
import { GATEWAY_API_GROUP, type Gateway, type GatewayListener, type ListenerSet, type ParentReference } from '../objects';
import type { ClusterSnapshot } from '../snapshot/types';


/** A listener a Gateway serves: its own, or one of a ListenerSet it admits (the listener's direct parent). */
export interface ServedListener {
  readonly listener: GatewayListener;
  readonly owner: Gateway | ListenerSet;
}

/**
 * The ListenerSets a Gateway admits (gateway-api apis/v1 listenerset_types.go, GEP-1713): each names the Gateway
 * in its parentRef, and the Gateway's `allowedListeners.namespaces.from` lets its namespace in (None, the default,
 * lets none in; Same, All, Selector). In the merge order: by namespace/name (creation times are not in manifests).
 */
export function admittedListenerSets(gateway: Gateway, snapshot: ClusterSnapshot): ListenerSet[] {
  const allowed = gateway.spec?.allowedListeners?.namespaces;
  const from = allowed?.from?.value ?? 'None';
  const admits = (namespace: string): boolean => {
    if (from === 'All') return true;
    if (from === 'Same') return namespace === gateway.id.namespace;
    if (from === 'Selector') return allowed?.selector !== undefined && matchesLabelSelector(allowed.selector, snapshot.namespaces.get(namespace) ?? {});
    return false;
  };
  return snapshot.objects
    .filter((object): object is ListenerSet => object.type === 'ListenerSet')
    .filter((set) => {
      const parent = set.spec?.parentRef;
      const namespace = set.id.namespace ?? 'default';
      return (
        (parent?.group?.value ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP &&
        (parent?.kind?.value ?? 'Gateway') === 'Gateway' &&
        (parent?.namespace?.value ?? namespace) === gateway.id.namespace &&
        parent?.name?.value === gateway.id.name &&
        admits(namespace)
      );
    })
    .sort((a, b) => `${a.id.namespace}/${a.id.name}`.localeCompare(`${b.id.namespace}/${b.id.name}`));
}

const listenerKey = (listener: GatewayListener) => `${listener.port?.value} ${(listener.protocol?.value ?? 'HTTP').toUpperCase()} ${listener.hostname?.value ?? ''}`;

/**
 * Every listener the Gateway serves, merged as the API says: the Gateway's own first, then its admitted ListenerSets'.
 * A listener with the port, protocol and hostname of one before it is Conflicted and does not serve.
 */
export function servedListeners(gateway: Gateway, snapshot: ClusterSnapshot): ServedListener[] {
  const served: ServedListener[] = [];
  const taken = new Set<string>();
  for (const owner of [gateway, ...admittedListenerSets(gateway, snapshot)]) {
    for (const listener of owner.spec?.listeners?.value ?? []) {
      const key = listenerKey(listener);
      if (taken.has(key)) continue;
      taken.add(key);
      served.push({ listener, owner });
    }
  }
  return served;
}

/** Whether a route's parentRef names this Gateway or ListenerSet: its kind and group as written (XListenerSet is the experimental kind). */
export function parentRefNames(parent: ParentReference, owner: Gateway | ListenerSet, routeNamespace: string): boolean {
  return (
    (parent.kind?.value ?? 'Gateway') === owner.id.kind &&
    (parent.group?.value ?? GATEWAY_API_GROUP) === owner.id.group &&
    (parent.namespace?.value ?? routeNamespace) === owner.id.namespace &&
    parent.name?.value === owner.id.name
  );
}

/** How a served listener is named in answers: `Gateway ns/gw listener web` or `ListenerSet ns/set (of Gateway ns/gw) listener web`. */
export function describeOwner(owner: Gateway | ListenerSet, gateway: Gateway): string {
  const name = `${owner.id.kind} ${owner.id.namespace}/${owner.id.name}`;
  return owner === gateway ? name : `${name} (of Gateway ${gateway.id.namespace}/${gateway.id.name})`;
}
