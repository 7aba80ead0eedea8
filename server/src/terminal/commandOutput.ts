import type { SourceRef } from '../engine';

/**
 * What a simulated command printed and the status it exits with, as the real program would; `notes` are the
 * simulator's own words (what decided the answer, what it does not simulate), each naming the YAML behind it.
 */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
  readonly notes: readonly TerminalNote[];
  /** The DNS queries the command sent, for CoreDNS's log (`kubectl logs -l k8s-app=kube-dns`). */
  readonly dnsQueries?: readonly DnsQueryRecord[];
  /** The connection it opened, for `conntrack -L` on the node that tracked it. */
  readonly connections?: readonly TrackedConnection[];
}

/** One query as CoreDNS's log plugin records it. */
export interface DnsQueryRecord {
  readonly client: string;
  readonly name: string;
  readonly type: string;
  readonly rcode: string;
  readonly answers: number;
}

/** One conntrack entry: the packet as sent, and the reply direction after kube-proxy's DNAT. */
export interface TrackedConnection {
  readonly node: string;
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
  readonly replySrc: string;
  readonly replyPort: number;
  readonly answered: boolean;
}

export interface TerminalNote {
  readonly text: string;
  readonly source?: SourceRef;
}

/** The status a shell gives a command it does not know; the terminal gives it to what it does not simulate. */
export const NOT_SIMULATED = 127;

/** What the terminal says where the simulation stops (a request leaving the cluster, a case it does not model). */
export function notSimulatedHere(why: string, notes: readonly TerminalNote[] = []): CommandOutput {
  return { stdout: '', stderr: `kubetrace: not simulated: ${why}\n`, status: NOT_SIMULATED, notes };
}

export function output(stdout: string, status = 0, notes: readonly TerminalNote[] = [], stderr = ''): CommandOutput {
  return { stdout, stderr, status, notes };
}

export function failure(stderr: string, status = 1, notes: readonly TerminalNote[] = []): CommandOutput {
  return { stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, status, notes };
}
