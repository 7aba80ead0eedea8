import { parseCidr } from '../cidr';
import type { CiliumPolicy, CiliumRule } from '../objects';
import type { FieldSpan } from '../source';
import { ciliumRegex } from './ciliumHttp';
import { specsOf } from './ciliumSpecs';

/**
 * What makes Cilium refuse a policy: the CRD's schema (checked by the API server) and the agent's own checks
 * (pkg/policy/api/rule_validation.go). A refused policy takes no effect at all, its default deny included, so the
 * simulation leaves it out and the checks say why (KT010).
 */

export interface CiliumRejection {
  readonly span: FieldSpan;
  readonly message: string;
  /** The API server refuses the object, or the agent refuses to load it (the object is stored, with Valid=False). */
  readonly by: 'api-server' | 'agent';
}

/** The entities the CRD's enum allows (pkg/policy/api/entity.go). */
export const CILIUM_ENTITIES: ReadonlySet<string> = new Set(['all', 'world', 'cluster', 'host', 'init', 'ingress', 'unmanaged', 'remote-node', 'health', 'none', 'kube-apiserver']);
const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP', 'ANY']);

/** The peer fields of a rule by direction: Cilium refuses a rule that combines two of them. */
const INGRESS_PEERS = ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes'] as const;
const EGRESS_PEERS = ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toFQDNs', 'toNodes'] as const;

function ruleRejections(rule: CiliumRule, where: string, deny: boolean, ingress: boolean): CiliumRejection[] {
  const found: CiliumRejection[] = [];
  const reject = (span: FieldSpan, message: string, by: CiliumRejection['by'] = 'agent') => found.push({ span, message: `${where}: ${message}`, by });
  const peers = (ingress ? INGRESS_PEERS : EGRESS_PEERS).filter((field) => (rule[field]?.value.length ?? 0) > 0);
  if (peers.length > 1) reject(rule[peers[1]!]!.span, `combining ${peers[0]} and ${peers[1]} in one rule is not supported (write two rules)`);
  for (const field of ['fromNodes', 'toNodes'] as const) {
    if ((rule[field]?.value.length ?? 0) > 0) reject(rule[field]!.span, `${field} needs the agent's enable-node-selector-labels option, which is off by default`);
  }
  for (const entity of [...(rule.fromEntities?.value ?? []), ...(rule.toEntities?.value ?? [])]) {
    if (!CILIUM_ENTITIES.has(entity.value)) reject(entity.span, `"${entity.value}" is not an entity (${[...CILIUM_ENTITIES].join(', ')})`, 'api-server');
  }
  const cidrs = [...(rule.fromCIDR?.value ?? []), ...(rule.toCIDR?.value ?? []), ...[...(rule.fromCIDRSet?.value ?? []), ...(rule.toCIDRSet?.value ?? [])].flatMap((set) => [...(set.cidr ? [set.cidr] : []), ...(set.except?.value ?? [])])];
  for (const cidr of cidrs) {
    if (!cidr.value.includes('/') || !parseCidr(cidr.value)) reject(cidr.span, `${JSON.stringify(cidr.value)} is not a CIDR (an address needs its prefix length, as in 192.0.2.1/32)`, 'api-server');
  }
  if (deny && (rule.toFQDNs?.value.length ?? 0) > 0) reject(rule.toFQDNs!.span, 'deny rules take no toFQDNs');
  if ((rule.toServices?.value.length ?? 0) > 0 && (rule.toPorts?.value.length ?? 0) > 0) reject(rule.toPorts!.span, 'toServices cannot be combined with toPorts');
  for (const portRule of rule.toPorts?.value ?? []) {
    const l7 = portRule.rules;
    const http = l7?.http?.value ?? [];
    const kafka = l7?.kafka?.value ?? [];
    if (deny && l7 && (http.length > 0 || kafka.length > 0 || (l7.dns?.value.length ?? 0) > 0)) reject(l7.span, 'deny rules take no L7 rules');
    for (const port of portRule.ports?.value ?? []) {
      const written = port.port?.value;
      if (written === undefined) reject(port.span, 'a port entry needs its port', 'api-server');
      else if (typeof written === 'number') reject(port.port!.span, `port must be a string ("${written}"), as the CRD's schema says`, 'api-server');
      else if (/^\d+$/.test(written) && Number(written) > 65535) reject(port.port!.span, `port ${written} is not between 0 and 65535`);
      if (port.protocol && !PROTOCOLS.has(port.protocol.value)) reject(port.protocol.span, `protocol must be one of TCP, UDP, SCTP, ANY (in capitals), not ${JSON.stringify(port.protocol.value)}`, 'api-server');
      if (http.length > 0 || kafka.length > 0) {
        const protocol = port.protocol?.value ?? 'ANY';
        if (protocol !== 'TCP') reject(port.protocol?.span ?? port.span, `L7 rules can only apply to TCP, and this port's protocol is ${protocol}${port.protocol ? '' : ' (the default when none is written)'}`);
        if (written === '0' || written === 0) reject(port.port!.span, 'L7 rules cannot apply to port 0');
      }
    }
    for (const rule of http) {
      for (const field of [rule.method, rule.path, rule.host]) {
        if (field && ciliumRegex(field.value) === null) reject(field.span, `${JSON.stringify(field.value)} is not a regular expression RE2 compiles (no lookaround, no backreferences)`);
      }
    }
  }
  return found;
}

const rejectionsOf = new WeakMap<CiliumPolicy, readonly CiliumRejection[]>();

/** Why Cilium refuses a policy, per policy (policies never change): none when it takes it. */
export function ciliumRejections(policy: CiliumPolicy): readonly CiliumRejection[] {
  let found = rejectionsOf.get(policy);
  if (!found) {
    found = specsOf(policy).flatMap(({ spec, path }) => {
      const rejections: CiliumRejection[] = [];
      if (spec.endpointSelector && spec.nodeSelector) rejections.push({ span: spec.nodeSelector.span, message: `${path}: takes endpointSelector or nodeSelector, not both`, by: 'api-server' });
      else if (!spec.endpointSelector && !spec.nodeSelector) rejections.push({ span: spec.span, message: `${path}: needs an endpointSelector (or, cluster-wide, a nodeSelector)`, by: 'api-server' });
      for (const [section, rules] of [['ingress', spec.ingress], ['ingressDeny', spec.ingressDeny], ['egress', spec.egress], ['egressDeny', spec.egressDeny]] as const) {
        (rules?.value ?? []).forEach((rule, index) => rejections.push(...ruleRejections(rule, `${path}.${section}[${index}]`, section.endsWith('Deny'), section.startsWith('ingress'))));
      }
      return rejections;
    });
    rejectionsOf.set(policy, found);
  }
  return found;
}
