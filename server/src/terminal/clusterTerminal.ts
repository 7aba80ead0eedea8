import type { SimPod } from '../engine';
import type { ClusterLayer } from './clusterLayer';
import { failure, NOT_SIMULATED, output, type CommandOutput, type DnsQueryRecord, type TrackedConnection } from './commandOutput';
import { kubectlLogs } from './coreDnsLog';
import { curl, wget } from './httpClients';
import { kubectlPortForward, type PortForward } from './kubectlPortForward';
import { kubectlApply, kubectlCreate, kubectlDelete, kubectlExpose, kubectlLabel, kubectlPatch, kubectlRun, kubectlScale, type ChangeResult, type ReadFile } from './kubectlChanges';
import { kubectlDescribe } from './kubectlDescribe';
import { kubectlExec } from './kubectlExec';
import { kubectlGet } from './kubectlGet';
import { runInNode } from './nodeCommands';
import { runInPod, POD_COMMANDS } from './podCommands';
import { pipeThrough, PIPE_COMMANDS } from './pipeCommands';
import { splitPipeline } from './shellWords';
import { NODE_COMMANDS } from './nodeCommands';

/** Where the terminal's commands run: the user's machine (kubectl), inside a pod (after `kubectl exec -it`), or on a node. */
export type TerminalPlace = { readonly kind: 'workstation' } | { readonly kind: 'pod'; readonly namespace: string; readonly name: string } | { readonly kind: 'node'; readonly name: string };

const KUBECTL_VERBS = ['get', 'describe svc|pod|ingress|netpol', 'exec', 'logs (of CoreDNS)', 'port-forward', 'run', 'debug node/NAME', 'create deployment|namespace', 'expose', 'label', 'annotate', 'scale', 'patch', 'apply -f', 'delete', 'config set-context --current --namespace=NS'];
const WORKSTATION_COMMANDS = [...KUBECTL_VERBS.map((verb) => `kubectl ${verb}`), 'curl and wget (from outside the cluster, or localhost through a port-forward)', 'node NAME', 'layer (the changes made here, as YAML)', 'help', 'exit'];

/**
 * A shell over the cluster the manifests describe: kubectl, and the programs the documents run in pods and on
 * nodes, answered from the snapshot (never a program run, never a file changed: what kubectl changes goes to an
 * in-memory layer). It keeps the current namespace and where the prompt is.
 */
export class ClusterTerminal {
  private place: TerminalPlace = { kind: 'workstation' };
  /** The pod `kubectl run --rm -it` made: deleted when its prompt is left. */
  private removeOnExit: SimPod | undefined;
  private namespace: string;
  /** What the commands so far did that later ones show: CoreDNS's query log, the nodes' conntrack tables, open forwards. */
  private readonly dnsQueries: { readonly query: DnsQueryRecord; readonly batch: number }[] = [];
  private commandsRun = 0;
  private readonly connections: TrackedConnection[] = [];
  private readonly forwards = new Map<number, PortForward>();

  constructor(
    private readonly layer: ClusterLayer,
    private readonly readFile: ReadFile,
  ) {
    this.namespace = layer.namespace;
  }

  private snapshot() {
    return this.layer.snapshot();
  }

  /** The prompt, saying where a command would run: `default$ `, `shop/web-5f7c9-abcde# `, `node/node-1# `. */
  prompt(): string {
    if (this.place.kind === 'pod') return `${this.place.namespace}/${this.place.name}# `;
    if (this.place.kind === 'node') return `node/${this.place.name}# `;
    return `${this.namespace}$ `;
  }

  get where(): TerminalPlace {
    return this.place;
  }

  /** Runs one command line (a pipeline of simulated commands) and says what it printed and its status. */
  run(line: string): CommandOutput {
    const stages = splitPipeline(line);
    if ('error' in stages) return failure(`sh: ${stages.error}`, 2);
    if (stages.length === 1 && stages[0]!.length === 0) return output('');
    let result = this.runWords(stages[0]!);
    // One command's queries leave from one socket: kube-proxy's conntrack sends them to one CoreDNS pod.
    const batch = this.commandsRun++;
    this.dnsQueries.push(...(result.dnsQueries ?? []).map((query) => ({ query, batch })));
    this.connections.push(...(result.connections ?? []));
    for (const stage of stages.slice(1)) result = pipeThrough(stage, result);
    return result;
  }

  private runWords(words: readonly string[]): CommandOutput {
    const [program, ...args] = words;
    if (program === 'exit' || program === 'logout') {
      if (this.place.kind === 'workstation') return output('');
      this.place = { kind: 'workstation' };
      return this.removeTemporaryPod('');
    }
    if (this.place.kind === 'pod') {
      const pod = this.podNamed(this.place.namespace, this.place.name);
      if (!pod) {
        this.place = { kind: 'workstation' };
        return failure('error: the pod is no longer in the cluster');
      }
      return runInPod(words, pod, this.snapshot());
    }
    if (this.place.kind === 'node') {
      if (program === 'conntrack') return conntrackList(args, this.connections.filter((connection) => connection.node === (this.place as { name: string }).name));
      return runInNode(words, this.place.name, this.snapshot());
    }
    if (program === 'curl' || program === 'wget') return this.fromWorkstation(program, args);
    if (program === 'kubectl' || program === 'k') return this.kubectl(args);
    if (program === 'node') return this.enterNode(args[0]);
    if (program === 'help') return output(helpText());
    if (program === 'layer') return output(this.layer.yaml());
    return notSimulated(words, WORKSTATION_COMMANDS);
  }

  private kubectl(args: readonly string[]): CommandOutput {
    const [verb, ...rest] = args;
    const snapshot = this.snapshot();
    switch (verb) {
      case 'get':
        return kubectlGet(rest, snapshot, this.namespace, (object) => this.layer.plainOf(object));
      case 'exec': {
        const result = kubectlExec(rest, snapshot, this.namespace);
        if ('enter' in result) {
          this.place = { kind: 'pod', namespace: result.enter.namespace, name: result.enter.name };
          return output('', 0, result.notes);
        }
        return result;
      }
      case 'describe':
        return kubectlDescribe(rest, snapshot, this.namespace);
      case 'logs':
        return kubectlLogs(rest, snapshot, this.namespace, this.dnsQueries);
      case 'port-forward': {
        const forwarded = kubectlPortForward(rest, snapshot, this.namespace);
        for (const [port, forward] of forwarded.forwards) this.forwards.set(port, forward);
        return forwarded.output;
      }
      case 'run':
        return this.afterChange(kubectlRun(rest, this.layer, this.namespace));
      case 'create':
        return kubectlCreate(rest, this.layer, this.namespace);
      case 'expose':
        return kubectlExpose(rest, this.layer, this.namespace);
      case 'label':
        return kubectlLabel(rest, this.layer, this.namespace, 'labels');
      case 'annotate':
        return kubectlLabel(rest, this.layer, this.namespace, 'annotations');
      case 'scale':
        return kubectlScale(rest, this.layer, this.namespace);
      case 'patch':
        return kubectlPatch(rest, this.layer, this.namespace);
      case 'apply':
        return kubectlApply(rest, this.layer, this.namespace, this.readFile);
      case 'delete':
        return kubectlDelete(rest, this.layer, this.namespace, this.readFile);
      case 'debug': {
        const node = /^node\/(.+)$/.exec(rest.find((arg) => arg.startsWith('node/')) ?? '');
        if (!node) return failure('error: the terminal simulates `kubectl debug node/NAME -it --image=IMAGE` only');
        return this.enterNode(node[1]);
      }
      case 'config': {
        const namespace = /^--namespace=(.+)$/.exec(rest.find((arg) => arg.startsWith('--namespace=')) ?? '')?.[1];
        if (rest[0] === 'set-context' && namespace) {
          this.namespace = namespace;
          return output(`Context "kubetrace" modified.\n`);
        }
        return notSimulated(['kubectl', ...args], ['kubectl config set-context --current --namespace=NS']);
      }
      default:
        return notSimulated(['kubectl', ...args], KUBECTL_VERBS.map((verb) => `kubectl ${verb}`));
    }
  }

  /**
   * curl and wget on the user's machine: to localhost through a port-forward this terminal opened, otherwise as a
   * client outside the cluster (a NodePort, a load balancer, an Ingress host).
   */
  private fromWorkstation(program: 'curl' | 'wget', args: readonly string[]): CommandOutput {
    const local = args.map((arg) => /^(?:https?:\/\/)?(?:localhost|127\.0\.0\.1)(?::(\d+))?/.exec(arg)).find((match) => match);
    if (local) {
      const port = Number(local[1] ?? 80);
      if (!this.forwards.has(port)) return program === 'curl' ? failure(`curl: (7) Failed to connect to localhost port ${port} after 0 ms: Connection refused`, 7) : failure("wget: can't connect to remote host (127.0.0.1): Connection refused", 1);
    }
    const client = {
      route: (host: string, port: number) => {
        const forward = ['localhost', '127.0.0.1'].includes(host) ? this.forwards.get(port) : undefined;
        if (forward) return { from: { kind: 'port-forward' as const }, portForward: forward.target, host: `${forward.target.type}/${forward.target.name}`, port: forward.remotePort };
        return { from: { kind: 'external' as const, ip: '198.51.100.7' }, host, port };
      },
      queries: () => [],
    };
    return program === 'curl' ? curl(args, client, this.snapshot()) : wget(args, client, this.snapshot());
  }

  /** After `kubectl run`: its command run in the new pod (which --rm deletes after), or the prompt moved into it. */
  private afterChange(result: ChangeResult): CommandOutput {
    const run = result.runIn;
    if (!run) return result.output;
    if (run.interactive) {
      this.place = { kind: 'pod', namespace: run.pod.namespace, name: run.pod.name };
      this.removeOnExit = run.remove ? run.pod : undefined;
      return output("If you don't see a command prompt, try pressing enter.\n");
    }
    const ran = runInPod(run.command, run.pod, this.snapshot());
    if (!run.remove) return ran;
    this.removeOnExit = run.pod;
    const removed = this.removeTemporaryPod('');
    return { ...ran, stdout: ran.stdout + removed.stdout };
  }

  private removeTemporaryPod(stdout: string): CommandOutput {
    const pod = this.removeOnExit;
    this.removeOnExit = undefined;
    if (!pod) return output(stdout);
    const object = this.layer.objects().find((candidate) => candidate.id.kind === 'Pod' && candidate.id.namespace === pod.namespace && candidate.id.name === pod.name);
    if (object) this.layer.remove(object);
    return output(`${stdout}pod "${pod.name}" deleted\n`);
  }

  private enterNode(name: string | undefined): CommandOutput {
    const nodes = this.snapshot().nodes;
    const node = nodes.find((candidate) => candidate.name === name);
    if (!node) return failure(`Error from server (NotFound): nodes "${name ?? ''}" not found (nodes: ${nodes.map((candidate) => candidate.name).join(', ')})`);
    this.place = { kind: 'node', name: node.name };
    return output('');
  }

  private podNamed(namespace: string, name: string): SimPod | undefined {
    return this.snapshot().pods.find((pod) => pod.namespace === namespace && pod.name === name);
  }
}

/** What the terminal answers to a command it does not simulate: that, and what it does, never a guess. */
export function notSimulated(words: readonly string[], simulated: readonly string[]): CommandOutput {
  return failure(`kubetrace: command not simulated: ${words.join(' ')}\nsimulated here: ${simulated.join(', ')}`, NOT_SIMULATED);
}

function helpText(): string {
  return [
    'Kubetrace cluster terminal: commands answered from the manifests, offline. Nothing runs and no file changes.',
    '',
    `On your machine: ${WORKSTATION_COMMANDS.join(', ')}`,
    `In a pod (kubectl exec -it POD -- sh, or kubectl exec POD -- CMD): ${POD_COMMANDS.join(', ')}`,
    `On a node (node NAME, or kubectl debug node/NAME -it --image=busybox): ${NODE_COMMANDS.join(', ')}`,
    `After |: ${PIPE_COMMANDS.join(', ')}`,
    '',
  ].join('\n');
}

/** `conntrack -L`: the connections this terminal's commands opened through the node, as conntrack lists them. */
function conntrackList(args: readonly string[], connections: readonly TrackedConnection[]): CommandOutput {
  if (!args.some((arg) => arg === '-L' || arg === '--dump')) return failure('kubetrace: the terminal answers `conntrack -L` (listing only)', NOT_SIMULATED);
  const lines = connections.map((entry) =>
    entry.answered
      ? `tcp      6 86397 ESTABLISHED src=${entry.src} dst=${entry.dst} sport=${entry.srcPort} dport=${entry.dstPort} src=${entry.replySrc} dst=${entry.src} sport=${entry.replyPort} dport=${entry.srcPort} [ASSURED] mark=0 use=1\n`
      : `tcp      6 117 SYN_SENT src=${entry.src} dst=${entry.dst} sport=${entry.srcPort} dport=${entry.dstPort} [UNREPLIED] src=${entry.replySrc} dst=${entry.src} sport=${entry.replyPort} dport=${entry.srcPort} mark=0 use=1\n`,
  );
  return { stdout: lines.join(''), stderr: `conntrack v1.4.7 (conntrack-tools): ${connections.length} flow entries have been shown.\n`, status: 0, notes: connections.length === 0 ? [{ text: 'only the connections this terminal\'s commands opened through this node are tracked' }] : [] };
}
