import { parseCidr, cidrContains } from '../cidr';
import type { LocatedStringMap, NetworkPolicy, NetworkPolicyPeer } from '../objects';
import type { ProblemFix } from '../problem';
import { evaluateConnection, seenAsNode } from '../policy/evaluate';
import { resolveNamedPort } from '../snapshot/endpoints';
import { podsMatching, selectedNamespaces } from '../policy/selectorIndex';
import { policyTypesOf } from '../policy/networkPolicy';
import { podsInNamespace } from '../snapshot/indexes';
import type { ClusterSnapshot, SimPod } from '../snapshot/types';
import type { FieldSpan } from '../source';
import type { CheckContext } from './context';
import { traceSource, workloadId } from './context';
import { nearestAmong, podLabelValues } from './labelSuggestions';
import { definesNoPodIn, missingButMaybeMade } from './unknownPodMakers';

/** KT3xx: NetworkPolicy. */
export function checkPolicies(context: CheckContext): void {
  const { snapshot } = context;
  for (const policy of context.subjectsOfType('NetworkPolicy')) {
    const namespace = policy.id.namespace ?? 'default';
    const selector = policy.spec?.podSelector;
    // Through the index by label: every policy of a namespace of thousands of pods is checked again after an edit there.
    const matching = podsMatching(selector, [namespace], snapshot);
    // Host-network pods are their node to the CNI: no NetworkPolicy applies to them (unless the profile says otherwise).
    const selected = matching.filter((pod) => !seenAsNode(pod, snapshot));
    const selectorIsEmpty = !selector || (!selector.matchLabels && !selector.matchExpressions);
    if (selected.length === 0 && matching.length > 0) {
      const workloads = [...new Set(matching.map((pod) => `${pod.workload.kind} ${pod.workload.name}`))];
      context.report({ code: 'KT301', severity: 'information', object: policy, at: selector?.span, message: `The podSelector selects only host-network pods (${workloads.join(', ')}): NetworkPolicy does not apply to them (the CNI sees their traffic as their node's), so this policy changes nothing.`, related: context.podLocation(matching[0]!, 'hostNetwork pods') });
    } else if (selected.length === 0 && !selectorIsEmpty && !definesNoPodIn(snapshot, [namespace])) {
      const { severity, note, related } = missingButMaybeMade(snapshot, [namespace], 'the pods');
      const { hint, fixes } = labelSuggestion(snapshot, selector?.matchLabels, [namespace]);
      context.report({ code: 'KT301', severity, object: policy, at: selector?.span, message: `The podSelector matches no pod in namespace ${namespace}: this policy applies to nothing.${hint}${note}`, related, fixes });
    }
    const directions: ['Ingress' | 'Egress', readonly { peers?: readonly NetworkPolicyPeer[]; ports?: readonly { port?: { value: number | string; span: FieldSpan }; protocol?: { value: string } }[]; span: FieldSpan }[]][] = [
      ['Ingress', (policy.spec?.ingress?.value ?? []).map((rule) => ({ ...(rule.from && { peers: rule.from.value }), ...(rule.ports && { ports: rule.ports.value }), span: rule.span }))],
      ['Egress', (policy.spec?.egress?.value ?? []).map((rule) => ({ ...(rule.to && { peers: rule.to.value }), ...(rule.ports && { ports: rule.ports.value }), span: rule.span }))],
    ];
    for (const [direction, rules] of directions) {
      const seen: string[] = [];
      rules.forEach((rule, index) => {
        // A rule is compared only with the others of its direction: a lone rule's fingerprint is never read.
        const fingerprint = rules.length > 1 ? JSON.stringify({ peers: rule.peers?.map(peerShape) ?? [], ports: rule.ports?.map((port) => [port.protocol?.value ?? 'TCP', port.port?.value]) ?? [] }) : '';
        const allowsAll = (rule.peers?.length ?? 0) === 0 && (rule.ports?.length ?? 0) === 0;
        const earlierAll = seen.indexOf(ADMITS_ALL);
        if (seen.includes(fingerprint)) context.report({ code: 'KT306', object: policy, at: rule.span, message: `${direction.toLowerCase()} rule ${index + 1} repeats rule ${seen.indexOf(fingerprint) + 1}: it admits nothing new.` });
        else if (earlierAll >= 0 && !allowsAll) context.report({ code: 'KT306', object: policy, at: rule.span, message: `${direction.toLowerCase()} rule ${earlierAll + 1} already admits everything: rule ${index + 1} admits nothing new.` });
        seen.push(fingerprint);
        for (const peer of rule.peers ?? []) checkPeer(context, policy, peer);
        for (const port of rule.ports ?? []) {
          if (direction !== 'Ingress' || typeof port.port?.value !== 'string' || selected.length === 0) continue;
          const name = port.port.value;
          const protocol = port.protocol?.value ?? 'TCP';
          if (!selected.some((pod) => resolveNamedPort(pod, name, protocol) !== undefined)) {
            context.report({ code: 'KT304', object: policy, at: port.port.span, message: `No selected pod has a ${protocol} container port named "${name}": this port admits nothing.` });
          }
        }
      });
    }
    checkDnsEgress(context, policy, selected);
  }
}

/** The fingerprint of a rule with no peers and no ports: it admits everything. */
const ADMITS_ALL = JSON.stringify({ peers: [], ports: [] });

/**
 * " Did you mean name: carts?" when one matchLabels value is a near miss of a label the pods of `namespaces` have, with
 * the edit that writes it (KT301, KT302). The recheck after an edit compares the hints of the snapshots before and after.
 */
export function labelSuggestion(snapshot: ClusterSnapshot, matchLabels: LocatedStringMap | undefined, namespaces: readonly string[]): { hint: string; fixes: ProblemFix[] } {
  // One namespace's list as it is: the values of each list are worked out once.
  const pods: readonly SimPod[] = namespaces.length === 1 ? podsInNamespace(snapshot, namespaces[0]!) : namespaces.flatMap((name) => podsInNamespace(snapshot, name));
  for (const [key, value] of Object.entries(matchLabels?.value ?? {})) {
    const suggestion = nearestAmong(snapshot, `pods' values\u0000${namespaces.join('\u0000')}\u0000${key}`, value, podLabelValues(pods, key));
    if (!suggestion) continue;
    const entry = matchLabels?.entries[key];
    return { hint: ` Did you mean ${key}: ${suggestion}?`, fixes: entry ? [{ kind: 'replace', title: `Change the selector to ${key}: ${suggestion}`, preferred: true, range: entry.value, value: suggestion }] : [] };
  }
  return { hint: '', fixes: [] };
}

function peerShape(peer: NetworkPolicyPeer): unknown {
  return { pod: peer.podSelector?.matchLabels?.value ?? null, podExpr: peer.podSelector?.matchExpressions?.value.length ?? 0, ns: peer.namespaceSelector?.matchLabels?.value ?? null, nsExpr: peer.namespaceSelector?.matchExpressions?.value.length ?? 0, ip: peer.ipBlock?.cidr?.value ?? null, except: peer.ipBlock?.except?.value.map((entry) => entry.value) ?? null, hasPod: !!peer.podSelector, hasNs: !!peer.namespaceSelector };
}

function checkPeer(context: CheckContext, policy: NetworkPolicy, peer: NetworkPolicyPeer): void {
  const { snapshot } = context;
  if (peer.ipBlock) {
    const cidr = peer.ipBlock.cidr ? parseCidr(peer.ipBlock.cidr.value) : undefined;
    if (!cidr) {
      context.report({ code: 'KT307', object: policy, at: peer.ipBlock.cidr?.span ?? peer.ipBlock.span, message: `ipBlock.cidr "${peer.ipBlock.cidr?.value ?? ''}" is not a CIDR.` });
      return;
    }
    for (const entry of peer.ipBlock.except?.value ?? []) {
      const except = parseCidr(entry.value);
      if (!except) context.report({ code: 'KT307', object: policy, at: entry.span, message: `except entry "${entry.value}" is not a CIDR.` });
      else if (except.family !== cidr.family || except.prefix < cidr.prefix || !cidrContains(cidr, entry.value.split('/')[0]!)) {
        context.report({ code: 'KT307', object: policy, at: entry.span, message: `except ${entry.value} is not inside ${cidr.text}: the API server rejects it.` });
      }
    }
    return;
  }
  const namespaces = peer.namespaceSelector ? selectedNamespaces(peer.namespaceSelector, snapshot) : [policy.id.namespace ?? 'default'];
  if (peer.namespaceSelector && namespaces.length === 0) {
    // Namespaces are often made outside the manifests (by the platform, with labels it sets): a note, not a warning.
    context.report({ code: 'KT303', object: policy, at: peer.namespaceSelector.span, message: 'The namespaceSelector matches no namespace of the workspace (namespace labels set outside the manifests are not seen).' });
    return;
  }
  if (peer.podSelector && (peer.podSelector.matchLabels || peer.podSelector.matchExpressions)) {
    if (podsMatching(peer.podSelector, namespaces, snapshot).length === 0 && !definesNoPodIn(snapshot, namespaces)) {
      const { severity, note, related } = missingButMaybeMade(snapshot, namespaces, 'the pods');
      const { hint, fixes } = labelSuggestion(snapshot, peer.podSelector.matchLabels, namespaces);
      context.report({ code: 'KT302', severity, object: policy, at: peer.podSelector.span, message: `The podSelector matches no pod in ${namespaces.length === 1 ? `namespace ${namespaces[0]}` : `the ${namespaces.length} selected namespaces`}.${hint}${note}`, related, fixes });
    }
  }
}

/** KT305: egress isolated, and DNS to kube-dns not allowed for the pods this policy isolates. */
function checkDnsEgress(context: CheckContext, policy: NetworkPolicy, selected: ReturnType<CheckContext['podsOf']>): void {
  const { snapshot } = context;
  if (!policyTypesOf(policy).includes('Egress') || selected.length === 0) return;
  const dnsPod = podsInNamespace(snapshot, 'kube-system').find((pod) => pod.labels['k8s-app'] === 'kube-dns' && pod.ips.length > 0);
  if (!dnsPod) return;
  const blocked = selected.filter((pod) => pod.ips.length > 0 && !evaluateConnection({ from: { kind: 'pod', pod, ip: pod.ips[0]! }, to: { kind: 'pod', pod: dnsPod, ip: dnsPod.ips[0]! }, protocol: 'UDP', port: 53 }, snapshot).egress?.allowed);
  if (blocked.length === 0) return;
  const at = policy.spec?.policyTypes?.span ?? policy.spec?.egress?.span ?? policy.spec?.podSelector?.span;
  const client = blocked[0]!;
  // Traced as a lookup would go (to kube-dns's Service); allowed as the policy decides it (the DNS pods on UDP 53).
  const connection = { from: traceSource(client), to: 'kube-dns.kube-system:53', allow: { from: workloadId(client), to: workloadId(dnsPod), protocol: 'UDP' as const, port: 53 } };
  context.report({ code: 'KT305', object: policy, at, message: `Egress is isolated and DNS is not allowed: ${blocked.length === selected.length ? 'the selected pods' : `${blocked.length} of the selected pods`} (${client.workload.name}${blocked.length > 1 ? ', …' : ''}) cannot resolve any name. Allow UDP and TCP 53 to kube-dns.`, related: context.podLocation(client, 'a pod that cannot resolve names'), connection });
}
