import { portForwardTarget, traceRequest, type ClusterSnapshot, type PortForwardTarget } from '../engine';
import { failure, output, type CommandOutput } from './commandOutput';
import { lastOption, readKubectlArguments } from './kubectlArguments';

/** A port `kubectl port-forward` listens on: what it forwards to, and the port it names there (a Service's port). */
export interface PortForward {
  readonly target: PortForwardTarget;
  readonly remotePort: number;
}


/**
 * `kubectl port-forward [-n NS] TYPE/NAME [LOCAL:]REMOTE...`: the forwards the terminal keeps while it lives
 * (`curl localhost:LOCAL` goes through them), printed as kubectl prints them, with the pod's port it reaches.
 */
export function kubectlPortForward(words: readonly string[], snapshot: ClusterSnapshot, currentNamespace: string): { readonly output: CommandOutput; readonly forwards: ReadonlyMap<number, PortForward> } {
  const none = new Map<number, PortForward>();
  const parsed = readKubectlArguments(words, [{ long: 'address', takesValue: true }]);
  if ('error' in parsed) return { output: failure(parsed.error), forwards: none };
  const [named, ...ports] = parsed.positionals;
  if (!named || ports.length === 0) return { output: failure('error: TYPE/NAME and list of ports are required for port-forward'), forwards: none };
  const [typeName, name] = named.includes('/') ? named.split('/') : ['pod', named];
  const target = name ? portForwardTarget(lastOption(parsed, 'namespace') ?? currentNamespace, typeName!.toLowerCase(), name) : `error: no name in ${named}`;
  if (typeof target === 'string') return { output: failure(target.startsWith('error:') ? target : `error: ${target}`), forwards: none };
  const forwards = new Map<number, PortForward>();
  const lines: string[] = [];
  for (const spec of ports) {
    const [localText, remoteText] = spec.includes(':') ? spec.split(':') : [spec, spec];
    const local = Number(localText);
    const remote = Number(remoteText);
    if (!Number.isInteger(local) || !Number.isInteger(remote) || local < 1 || remote < 1 || local > 65535 || remote > 65535) return { output: failure(`error: invalid port: ${spec}`), forwards: none };
    // Traced once now, as kubectl resolves the pod and its port when it starts: its errors are kubectl's.
    const trace = traceRequest({ from: { kind: 'port-forward' }, to: { host: `${typeName}/${name}`, port: remote, portForward: target }, protocol: 'TCP' }, snapshot);
    if ('error' in trace) return { output: failure(`error: ${trace.error}`), forwards: none };
    if (trace.verdict.kind === 'no-route') return { output: failure(`error: ${trace.verdict.summary}`), forwards: none };
    const reached = trace.hops.find((hop) => hop.before?.dst === '127.0.0.1')?.before?.dstPort ?? remote;
    lines.push(`Forwarding from 127.0.0.1:${local} -> ${reached}\n`, `Forwarding from [::1]:${local} -> ${reached}\n`);
    forwards.set(local, { target, remotePort: remote });
  }
  return { output: output(lines.join(''), 0, [{ text: 'the forward stays open while this terminal lives: curl localhost:PORT from the prompt goes through it' }]), forwards };
}
