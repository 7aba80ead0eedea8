import type { DestinationRule, KubeObject, VirtualService } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import { perSnapshot } from '../snapshot/perSnapshot';
import type { ClusterSnapshot, SimService } from '../snapshot/types';
import { meshHost } from './hosts';

/** The mesh rules that apply to one Service: VirtualServices naming it (as a host or a destination), DestinationRules of it. */
export interface MeshRules {
  readonly virtualServices: readonly VirtualService[];
  /** Those of the VirtualServices that route requests for it: it is one of their hosts. */
  readonly routedBy: readonly VirtualService[];
  readonly destinationRules: readonly DestinationRule[];
}

const NO_RULES: MeshRules = { virtualServices: [], routedBy: [], destinationRules: [] };

function serviceKeys(object: KubeObject, hosts: readonly string[], snapshot: ClusterSnapshot): string[] {
  return hosts.flatMap((host) => {
    const resolved = meshHost(host, object.id.namespace ?? 'default', snapshot);
    return resolved.kind === 'service' ? [`${resolved.namespace}/${resolved.name}`] : [];
  });
}

/** Every Service's mesh rules, found in one pass over a snapshot's mesh objects and kept with it. */
const rulesByService = perSnapshot((snapshot) => {
  const rules = new Map<string, { virtualServices: VirtualService[]; routedBy: VirtualService[]; destinationRules: DestinationRule[] }>();
  const entry = (key: string) => {
    let found = rules.get(key);
    if (!found) rules.set(key, (found = { virtualServices: [], routedBy: [], destinationRules: [] }));
    return found;
  };
  for (const service of objectsOfType(snapshot, 'VirtualService')) {
    const hosts = serviceKeys(service, (service.spec?.hosts?.value ?? []).map((host) => host.value), snapshot);
    const destinations = [...(service.spec?.http?.value ?? []), ...(service.spec?.tcp?.value ?? [])].flatMap((route) => (route.route?.value ?? []).flatMap((destination) => (destination.destination?.host ? [destination.destination.host.value] : [])));
    for (const key of new Set(hosts)) entry(key).routedBy.push(service);
    for (const key of new Set([...hosts, ...serviceKeys(service, destinations, snapshot)])) entry(key).virtualServices.push(service);
  }
  for (const rule of objectsOfType(snapshot, 'DestinationRule')) {
    for (const key of serviceKeys(rule, rule.spec?.host ? [rule.spec.host.value] : [], snapshot)) entry(key).destinationRules.push(rule);
  }
  return rules;
});

export function meshRulesOf(service: SimService, snapshot: ClusterSnapshot): MeshRules {
  return rulesByService(snapshot).get(`${service.namespace}/${service.name}`) ?? NO_RULES;
}
