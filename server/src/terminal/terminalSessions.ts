import type { ClusterProfile, ClusterSnapshot, KubeObject } from '../engine';
import { ClusterLayer } from './clusterLayer';
import { ClusterTerminal } from './clusterTerminal';
import type { CommandOutput } from './commandOutput';
import type { ReadFile } from './kubectlChanges';

/** The cluster a terminal answers from, as the host has it now: the model's objects, its profile and snapshot. */
export interface TerminalCluster {
  readonly objects: readonly KubeObject[];
  readonly profile: ClusterProfile;
  readonly snapshot: ClusterSnapshot;
}

/** What a host gives a terminal: the text of a workspace file, and a file `kubectl apply -f` names. */
export interface TerminalFiles {
  readonly readText: (uri: string) => string | undefined;
  readonly readFile: ReadFile;
}

/** At most this many terminals live at once: opening one more closes the oldest. */
const MAX_TERMINALS = 16;

/**
 * The editor's open cluster terminals, by id. Each answers from the cluster model as it is when a command runs
 * (an edit of the manifests shows at the next command) with its own changes layered over it.
 */
export class TerminalSessions {
  private readonly terminals = new Map<number, { readonly terminal: ClusterTerminal; readonly layer: ClusterLayer; cluster: string }>();
  private nextId = 1;

  open(clusterName: string, cluster: TerminalCluster, files: TerminalFiles): { id: number; prompt: string } {
    if (this.terminals.size >= MAX_TERMINALS) this.terminals.delete(this.terminals.keys().next().value!);
    const layer = new ClusterLayer(cluster.objects, cluster.profile, files.readText, cluster.snapshot);
    const terminal = new ClusterTerminal(layer, files.readFile);
    const id = this.nextId++;
    this.terminals.set(id, { terminal, layer, cluster: clusterName });
    return { id, prompt: terminal.prompt() };
  }

  /** The cluster a terminal was opened on, to find its current model; undefined when it is not open. */
  clusterOf(id: number): string | undefined {
    return this.terminals.get(id)?.cluster;
  }

  run(id: number, line: string, cluster: TerminalCluster): (CommandOutput & { readonly prompt: string }) | undefined {
    const open = this.terminals.get(id);
    if (!open) return undefined;
    open.layer.rebase(cluster.objects, cluster.profile, cluster.snapshot);
    const result = open.terminal.run(line);
    return { ...result, prompt: open.terminal.prompt() };
  }

  close(id: number): void {
    this.terminals.delete(id);
  }
}
