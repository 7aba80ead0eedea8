import { createInterface } from 'node:readline';
import { buildSnapshot, type ClusterProfile, type ClusterSnapshot } from '../engine';
import type { ClusterModel } from '../model/clusterModel';
import { ClusterTerminal } from '../terminal/clusterTerminal';
import type { CommandOutput } from '../terminal/commandOutput';
import { notesText } from '../terminal/notesText';
import { displayPath } from './paths';

export const SHELL_HELP = `Usage: kubetrace sh [options] PATH... [-c COMMAND]

A terminal on the cluster the manifests describe, answered offline: kubectl get and exec, and in a pod
curl, wget, nslookup, dig, cat /etc/resolv.conf, nc and ping; on a node iptables-save, iptables -L,
ipvsadm -Ln, nft and ip route. Nothing runs and no file changes. Type 'help' at the prompt for the list.

After each command's own output, lines starting [kubetrace] say what decided it and name the YAML line.

Exit status with -c: the command's own (curl's 28 for a timeout, 6 for a name that does not resolve, ...);
127 for a command the terminal does not simulate; 2 on a usage or I/O error.

Options:
  -c COMMAND             run one command line, print its output and exit with its status
  --quiet                leave out the [kubetrace] lines
  --profile FILE         the cluster profile (default: kubetrace.yaml in or above the cluster's folder)
  --cluster NAME         the cluster, when the PATHs hold several
  --namespace NS         the terminal's namespace, and where objects that name none go (default: the profile's)
  --exclude GLOB         skip files matching GLOB (repeatable)
  -h, --help             show this help
`;

export interface ShellStreams {
  readonly write: (text: string) => void;
  readonly warn: (text: string) => void;
}

/** `kubetrace sh`: one command with `command`, else a prompt on standard input until `exit` or its end. */
export async function runShell(cluster: ClusterModel | undefined, profile: ClusterProfile, options: { readonly command?: string; readonly quiet: boolean }, streams: ShellStreams): Promise<number> {
  let snapshot: ClusterSnapshot | undefined;
  const terminal = new ClusterTerminal(() => (snapshot ??= buildSnapshot(cluster?.objects ?? [], profile)), profile.namespace);
  const print = (result: CommandOutput) => {
    streams.write(result.stdout);
    streams.warn(result.stderr + (options.quiet ? '' : notesText(result.notes, displayPath)));
  };
  if (options.command !== undefined) {
    const result = terminal.run(options.command);
    print(result);
    return result.status;
  }
  const lines = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  let status = 0;
  lines.setPrompt(terminal.prompt());
  lines.prompt();
  for await (const line of lines) {
    if (line.trim() === 'exit' && terminal.where.kind === 'workstation') break;
    const result = terminal.run(line);
    print(result);
    status = result.status;
    lines.setPrompt(terminal.prompt());
    lines.prompt();
  }
  lines.close();
  return status;
}
