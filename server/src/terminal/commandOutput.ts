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
}

export interface TerminalNote {
  readonly text: string;
  readonly source?: SourceRef;
}

export function output(stdout: string, status = 0, notes: readonly TerminalNote[] = [], stderr = ''): CommandOutput {
  return { stdout, stderr, status, notes };
}

export function failure(stderr: string, status = 1, notes: readonly TerminalNote[] = []): CommandOutput {
  return { stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, status, notes };
}
