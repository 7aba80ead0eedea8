import { fnv1a } from '../hash';
import { replacesKubeProxy } from '../kubeProxy/ciliumReplacement';
import { ipvsChoice } from '../kubeProxy/ipvsScheduler';
import type { ClusterSnapshot } from '../snapshot/types';
import type { Packet } from './types';

/** The endpoint a Service's load balancer picks for one new connection, and how it decides. */
export interface BalancingChoice {
  readonly index: number;
  readonly probabilities: readonly number[];
  /** The words of the decision: `one of 3 endpoints (…)`, or which one the scheduler's hash names. */
  readonly words: string;
  readonly details: readonly string[];
}

/**
 * iptables and nftables pick at random (statistic, numgen), Cilium too by default (`loadBalancer.algorithm:
 * random`); IPVS as its scheduler does. A random pick is made from the connection, so a trace is repeatable.
 */
export function chooseEndpoint(snapshot: ClusterSnapshot, count: number, packet: Packet, servicePortName: string): BalancingChoice {
  const spread = fnv1a(`${packet.src}:${packet.srcPort}->${servicePortName}`) % count;
  const mode = snapshot.profile.kubeProxy.mode;
  const random = (how: string): BalancingChoice => ({
    index: spread,
    probabilities: Array<number>(count).fill(1 / count),
    words: count === 1 ? 'the only endpoint' : `one of ${count} endpoints (${how}, ${Math.round(100 / count)}% each)`,
    details: [],
  });
  if (replacesKubeProxy(snapshot.profile)) return random('Cilium\'s random backend selection');
  if (mode !== 'ipvs') return random(mode === 'nftables' ? 'numgen random' : 'iptables statistic random');
  const choice = ipvsChoice(snapshot.profile.kubeProxy.scheduler, count, { src: packet.src, dst: packet.dst }, spread);
  if (count === 1) return { index: 0, probabilities: [1], words: 'the only endpoint', details: [] };
  return {
    index: choice.index,
    probabilities: choice.probabilities,
    words: choice.hashed ? `the one of ${count} endpoints that ${choice.how}` : `one of ${count} endpoints (${choice.how}, ${Math.round(100 / count)}% each)`,
    details: choice.details,
  };
}
