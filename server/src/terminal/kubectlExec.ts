import type { ClusterSnapshot } from '../engine';
import { failure, type CommandOutput, type TerminalNote } from './commandOutput';
import { lastOption, readKubectlArguments } from './kubectlArguments';
import { runInPod } from './podCommands';
import { podForTarget } from './podLookup';

const SHELLS = ['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash', 'zsh'];

/**
 * `kubectl exec [-n NS] [-it] POD|TYPE/NAME [-c C] -- CMD`: CMD run in the pod, or (a shell with -it) the prompt
 * moved into the pod.
 */
export function kubectlExec(words: readonly string[], snapshot: ClusterSnapshot, currentNamespace: string): CommandOutput | { readonly enter: { readonly namespace: string; readonly name: string }; readonly notes: readonly TerminalNote[] } {
  const parsed = readKubectlArguments(words, [
    { long: 'stdin', short: 'i', takesValue: false },
    { long: 'tty', short: 't', takesValue: false },
    { long: 'container', short: 'c', takesValue: true },
    { long: 'quiet', short: 'q', takesValue: false },
  ]);
  if ('error' in parsed) return failure(parsed.error);
  const [target] = parsed.positionals;
  if (!target) return failure('error: expected \'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]\'.');
  if (parsed.command.length === 0) return failure('error: you must specify at least one command for the container');
  const namespace = lastOption(parsed, 'namespace') ?? currentNamespace;
  const pod = podForTarget(target, namespace, snapshot);
  if ('error' in pod) return failure(pod.error);
  const container = lastOption(parsed, 'container');
  if (container !== undefined && !pod.containers.some((candidate) => candidate.name === container)) {
    return failure(`Error from server (BadRequest): container ${container} is not valid for pod ${pod.name}`);
  }
  if (pod.node === undefined) return failure(`error: unable to upgrade connection: pod ${pod.name} is Pending: no node fits it`);
  const notes = target.includes('/') && !target.startsWith('pod/') ? [{ text: `kubectl picked pod ${pod.namespace}/${pod.name}`, ...(pod.source && { source: pod.source }) }] : [];
  if (parsed.command.length === 1 && SHELLS.includes(parsed.command[0]!)) {
    if (!parsed.flags.has('stdin')) return { stdout: '', stderr: '', status: 0, notes };
    return { enter: { namespace: pod.namespace, name: pod.name }, notes };
  }
  const result = runInPod(parsed.command, pod, snapshot);
  return { ...result, notes: [...notes, ...result.notes] };
}
