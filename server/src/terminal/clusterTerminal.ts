import type { SimPod } from '../engine';
import type { ClusterLayer } from './clusterLayer';
import { failure, output, type CommandOutput } from './commandOutput';
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

/** The status a shell gives a command it does not know; the terminal gives it to what it does not simulate. */
export const NOT_SIMULATED = 127;

const KUBECTL_VERBS = ['get', 'describe svc|pod|ingress|netpol', 'exec', 'run', 'debug node/NAME', 'create deployment|namespace', 'expose', 'label', 'annotate', 'scale', 'patch', 'apply -f', 'delete', 'config set-context --current --namespace=NS'];
const WORKSTATION_COMMANDS = [...KUBECTL_VERBS.map((verb) => `kubectl ${verb}`), 'node NAME', 'layer (the changes made here, as YAML)', 'help', 'exit'];

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
    if (this.place.kind === 'node') return runInNode(words, this.place.name, this.snapshot());
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
        return kubectlGet(rest, snapshot, this.namespace);
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
