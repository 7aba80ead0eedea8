import { matchesLabelMap } from '../engine/labels';
import { meshHost, type MeshHost } from '../engine/mesh/hosts';
import { meshRulesOf } from '../engine/mesh/rules';
import { namesGateway } from '../engine/mesh/ingressGateway';
import type { MeshGateway, Subset } from '../engine/objects';
import { objectsOfType, podsInNamespace } from '../engine/snapshot/indexes';
import type { ClusterSnapshot, SimPod, SimService } from '../engine/snapshot/types';
import type { CursorField } from './cursor';

/** A VirtualService or DestinationRule host under the cursor (a host, a route destination's host), as Istio reads it. */
export function meshHostAt(field: CursorField, snapshot: ClusterSnapshot): { readonly written: string; readonly host: MeshHost } | undefined {
  const { object, value } = field;
  const at = field.path.join('.');
  if ((object.type !== 'VirtualService' && object.type !== 'DestinationRule') || typeof value !== 'string') return undefined;
  if (!/^spec\.hosts\.(?:value\.)?\d+$/.test(at) && at !== 'spec.host' && !at.endsWith('destination.host')) return undefined;
  return { written: value, host: meshHost(value, object.id.namespace ?? 'default', snapshot) };
}

/** A DestinationRule subset under the cursor (in the rule, or named by a VirtualService destination), with its pods. */
export interface SubsetAtCursor {
  readonly name: string;
  readonly service: SimService;
  readonly labels: Readonly<Record<string, string>>;
  readonly subset: Subset;
  readonly pods: readonly SimPod[];
}

export function meshSubsetAt(field: CursorField, snapshot: ClusterSnapshot): SubsetAtCursor | undefined {
  const { object } = field;
  const at = field.path.join('.');
  const namespace = object.id.namespace ?? 'default';
  let host: string | undefined;
  let hostNamespace = namespace;
  let subset: Subset | undefined;
  if (object.type === 'DestinationRule') {
    const index = /^spec\.subsets\.(?:value\.)?(\d+)/.exec(at)?.[1];
    subset = index === undefined ? undefined : object.spec?.subsets?.value[Number(index)];
    host = object.spec?.host?.value;
  } else if (object.type === 'VirtualService' && at.endsWith('destination.subset') && typeof field.value === 'string') {
    const destination = [...(object.spec?.http?.value ?? []), ...(object.spec?.tcp?.value ?? [])].flatMap((route) => route.route?.value ?? []).find((candidate) => candidate.destination?.subset?.value === field.value)?.destination;
    host = destination?.host?.value;
    const target = host ? meshHost(host, namespace, snapshot) : undefined;
    const rule = target?.kind === 'service' && target.service ? meshRulesOf(target.service, snapshot).destinationRules.find((candidate) => candidate.spec?.subsets?.value.some((entry) => entry.name?.value === field.value)) : undefined;
    subset = rule?.spec?.subsets?.value.find((entry) => entry.name?.value === field.value);
    if (rule) {
      host = rule.spec!.host!.value;
      hostNamespace = rule.id.namespace ?? 'default';
    }
  }
  const resolved = host ? meshHost(host, hostNamespace, snapshot) : undefined;
  const service = resolved?.kind === 'service' ? resolved.service : undefined;
  if (!subset?.name || !service) return undefined;
  const labels = subset.labels?.value ?? {};
  const pods = podsInNamespace(snapshot, service.namespace).filter((pod) => service.selector && matchesLabelMap(service.selector, pod.labels) && matchesLabelMap(labels, pod.labels));
  return { name: subset.name.value, service, labels, subset, pods };
}

/** An Istio Gateway under the cursor: anywhere in the Gateway itself, or a VirtualService's `gateways` entry naming one. */
export function meshGatewayAt(field: CursorField, snapshot: ClusterSnapshot): { readonly written: string; readonly gateway: MeshGateway | undefined } | undefined {
  const { object, value } = field;
  if (object.type === 'MeshGateway') return { written: object.id.name, gateway: object };
  if (object.type !== 'VirtualService' || typeof value !== 'string' || value === 'mesh' || !/(^|\.)gateways\.(?:value\.)?\d+$/.test(field.path.join('.'))) return undefined;
  return { written: value, gateway: objectsOfType(snapshot, 'MeshGateway').find((gateway) => namesGateway(value, object, gateway)) };
}
