import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClusterProfile } from '../engine';
import type { ClusterModel } from '../model/clusterModel';
import { describeError } from '../workspace/fileDiscovery';
import { ClusterLayer } from '../terminal/clusterLayer';
import { ClusterTerminal } from '../terminal/clusterTerminal';
import type { CommandOutput } from '../terminal/commandOutput';
import { notesText } from '../terminal/notesText';
import { displayPath } from './paths';

export const SHELL_HELP = `Usage: kubetrace sh [options] PATH... [-c COMMAND]

A terminal on the cluster the manifests describe, answered offline: kubectl get, exec and run, and in a pod
curl, wget, nslookup, dig, cat /etc/resolv.conf, nc and ping; on a node iptables-save, iptables -L,
ipvsadm -Ln, nft and ip route. Nothing runs and no file changes: kubectl create, expose, label, annotate,
scale, patch, apply -f and delete change an in-memory layer over the manifests, which the command 'layer'
prints as YAML. Type 'help' at the prompt for the list.

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
  const layer = new ClusterLayer([...(cluster?.objects ?? [])], profile, readWorkspaceFile);
  const terminal = new ClusterTerminal(layer, readNamedFile);
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

function readWorkspaceFile(uri: string): string | undefined {
  try {
    return readFileSync(uri.startsWith('file:') ? fileURLToPath(uri) : uri, 'utf8');
  } catch {
    return undefined;
  }
}

/** A file `kubectl apply -f` names, relative to the working folder as kubectl reads it. */
function readNamedFile(name: string): { uri: string; text: string } | { error: string } {
  const absolute = path.resolve(name);
  try {
    return { uri: pathToFileURL(absolute).href, text: readFileSync(absolute, 'utf8') };
  } catch (error) {
    return { error: `error: the path "${name}" does not exist (${describeError(error)})` };
  }
}
