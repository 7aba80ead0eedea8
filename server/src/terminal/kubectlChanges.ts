import type { KubeObject, SimPod } from '../engine';
import { patchObject, plainDocuments, type PlainObject } from '../model/objectEdits';
import type { ClusterLayer } from './clusterLayer';
import { failure, NOT_SIMULATED, output, type CommandOutput } from './commandOutput';
import { lastOption, readKubectlArguments, type KubectlArguments, type KubectlOption } from './kubectlArguments';
import { findObject, groupOfApiVersion, groupOfTypeName, isClusterScoped, objectKindNamed, readTargets, resourceOf, typeNameOf } from './objectKinds';

/** A file a command names (`apply -f`), read by the host: the CLI from the disk, the editor from its buffers. */
export type ReadFile = (path: string) => { readonly uri: string; readonly text: string } | { readonly error: string };

/** What a changing command did, and the pod to run a command in or move the prompt to (`kubectl run`). */
export interface ChangeResult {
  readonly output: CommandOutput;
  readonly runIn?: { readonly pod: SimPod; readonly command: readonly string[]; readonly remove: boolean; readonly interactive: boolean };
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** `kubectl run NAME --image=IMAGE [--labels=k=v,...] [--port=P] [--rm] [-it] [-- COMMAND]`: a pod of the layer. */
export function kubectlRun(words: readonly string[], layer: ClusterLayer, currentNamespace: string): ChangeResult {
  const parsed = readArguments(words, [
    { long: 'image', takesValue: true },
    { long: 'labels', takesValue: true },
    { long: 'port', takesValue: true },
    { long: 'restart', takesValue: true },
    { long: 'rm', takesValue: false },
    { long: 'stdin', short: 'i', takesValue: false },
    { long: 'tty', short: 't', takesValue: false },
    { long: 'command', takesValue: false },
    { long: 'env', takesValue: true },
  ]);
  if ('error' in parsed) return { output: failure(parsed.error) };
  const [name] = parsed.positionals;
  const image = lastOption(parsed, 'image');
  if (!name) return { output: failure('error: NAME is required for run') };
  if (!image) return { output: failure('error: required flag(s) "image" not set') };
  const namespace = lastOption(parsed, 'namespace') ?? currentNamespace;
  const labels = readLabelList(lastOption(parsed, 'labels')) ?? { run: name };
  if ('error' in labels) return { output: failure(labels.error) };
  const port = lastOption(parsed, 'port');
  const container: PlainObject = { name, image, ...(port && { ports: [{ containerPort: Number(port) }] }) };
  const pod: PlainObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [container], restartPolicy: lastOption(parsed, 'restart') ?? 'Always' } };
  if (parsed.flags.has('rm') && !parsed.flags.has('stdin')) return { output: failure('error: --rm should only be used for attached containers') };
  if (findObject(layer.objects(), { kind: 'Pod', typeName: 'pod', namespaced: true }, name, namespace)) return { output: failure(`Error from server (AlreadyExists): pods "${name}" already exists`) };
  const put = layer.put(pod);
  if ('error' in put) return { output: failure(put.error) };
  const made = layer.snapshot().pods.find((candidate) => candidate.namespace === namespace && candidate.name === name);
  // Without -i kubectl does not attach: the command's output goes to the pod's log, not the terminal.
  const attached = parsed.flags.has('stdin');
  if (!made || !attached) return { output: output(`pod/${name} created\n`) };
  return { output: output(''), runIn: { pod: made, command: parsed.command, remove: parsed.flags.has('rm'), interactive: parsed.command.length === 0 } };
}

/** `kubectl create deployment NAME --image=I [--replicas=N] [--port=P]` and `kubectl create namespace NAME`. */
export function kubectlCreate(words: readonly string[], layer: ClusterLayer, currentNamespace: string): CommandOutput {
  const parsed = readArguments(words, [
    { long: 'image', takesValue: true },
    { long: 'replicas', short: 'r', takesValue: true },
    { long: 'port', takesValue: true },
    { long: 'filename', short: 'f', takesValue: true },
  ]);
  if ('error' in parsed) return failure(parsed.error);
  const [what, name] = parsed.positionals;
  const namespace = lastOption(parsed, 'namespace') ?? currentNamespace;
  if ((what === 'namespace' || what === 'ns') && name) return created(layer, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  if ((what === 'deployment' || what === 'deploy') && name) {
    const image = lastOption(parsed, 'image');
    if (!image) return failure('error: required flag(s) "image" not set');
    const replicas = Number(lastOption(parsed, 'replicas') ?? 1);
    const port = lastOption(parsed, 'port');
    const container = { name: image.split('/').at(-1)!.split(':')[0]!.replace(/[^a-z0-9-]/g, '-'), image, ...(port && { ports: [{ containerPort: Number(port) }] }) };
    return created(layer, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels: { app: name } }, spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [container] } } } });
  }
  return failure('kubetrace: of kubectl create, the terminal simulates `create deployment NAME --image=IMAGE [--replicas=N] [--port=P]` and `create namespace NAME`; write other objects in a file and `kubectl apply -f` it', NOT_SIMULATED);
}

/** `kubectl expose (TYPE NAME | TYPE/NAME) --port=P [--target-port=T] [--name=N] [--type=T] [--protocol=P]`. */
export function kubectlExpose(words: readonly string[], layer: ClusterLayer, currentNamespace: string): CommandOutput {
  const parsed = readArguments(words, [
    { long: 'port', takesValue: true },
    { long: 'target-port', takesValue: true },
    { long: 'name', takesValue: true },
    { long: 'type', takesValue: true },
    { long: 'protocol', takesValue: true },
    { long: 'selector', takesValue: true },
  ]);
  if ('error' in parsed) return failure(parsed.error);
  const namespace = lastOption(parsed, 'namespace') ?? currentNamespace;
  const target = findTarget(parsed.positionals, layer, namespace);
  if ('error' in target) return failure(target.error);
  const plain = layer.plainOf(target.object);
  const selector = readLabelList(lastOption(parsed, 'selector')) ?? exposedSelector(target.object, plain);
  if (!selector || 'error' in selector) return failure(`error: couldn't retrieve selectors via --selector flag or introspection: ${typeNameOf(target.object)} ${target.object.id.name} has no matchLabels to copy`);
  const port = lastOption(parsed, 'port') ?? declaredPort(plain);
  if (port === undefined) return failure("error: couldn't find port via --port flag or introspection");
  const targetPort = lastOption(parsed, 'target-port');
  const name = lastOption(parsed, 'name') ?? target.object.id.name;
  const service: PlainObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { ...(lastOption(parsed, 'type') && { type: lastOption(parsed, 'type') }), selector, ports: [{ port: Number(port), protocol: lastOption(parsed, 'protocol') ?? 'TCP', ...(targetPort !== undefined && { targetPort: /^\d+$/.test(targetPort) ? Number(targetPort) : targetPort }) }] },
  };
  if (findObject(layer.objects(), { kind: 'Service', typeName: 'service', namespaced: true }, name, namespace)) return failure(`Error from server (AlreadyExists): services "${name}" already exists`);
  const put = layer.put(service);
  return 'error' in put ? failure(put.error) : output(`service/${name} exposed\n`);
}

/** `kubectl label` and `kubectl annotate`: `k=v` sets, `k-` removes, an existing value needs --overwrite. */
export function kubectlLabel(words: readonly string[], layer: ClusterLayer, currentNamespace: string, field: 'labels' | 'annotations'): CommandOutput {
  const parsed = readArguments(words, [{ long: 'overwrite', takesValue: false }]);
  if ('error' in parsed) return failure(parsed.error);
  const changes = parsed.positionals.filter((word) => /^[^/=]+(\/[^=]+)?=/.test(word) || /^[\w./-]+-$/.test(word));
  const targets = parsed.positionals.filter((word) => !changes.includes(word));
  if (changes.length === 0) return failure(`error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
  const namespace = lastOption(parsed, 'namespace') ?? currentNamespace;
  const target = findTarget(targets, layer, namespace);
  if ('error' in target) return failure(target.error);
  const plain = layer.plainOf(target.object);
  if (!plain) return notWritten(target.object);
  const metadata = ((plain['metadata'] ??= {}) as PlainObject);
  const values = { ...((metadata[field] ?? {}) as Record<string, string>) };
  for (const change of changes) {
    if (change.endsWith('-') && !change.includes('=')) {
      delete values[change.slice(0, -1)];
      continue;
    }
    const [key, ...rest] = change.split('=');
    const value = rest.join('=');
    if (values[key!] !== undefined && values[key!] !== value && !parsed.flags.has('overwrite')) return failure(`error: '${key}' already has a value (${values[key!]}), and --overwrite is false`);
    values[key!] = value;
  }
  metadata[field] = values;
  const put = layer.put(plain);
  return 'error' in put ? failure(put.error) : output(`${typeNameOf(target.object)}/${target.object.id.name} ${field === 'labels' ? 'labeled' : 'annotated'}\n`);
}

/** `kubectl scale (TYPE NAME | TYPE/NAME) --replicas=N`. */
export function kubectlScale(words: readonly string[], layer: ClusterLayer, currentNamespace: string): CommandOutput {
  const parsed = readArguments(words, [{ long: 'replicas', takesValue: true }]);
  if ('error' in parsed) return failure(parsed.error);
  const replicas = Number(lastOption(parsed, 'replicas'));
  if (!Number.isInteger(replicas) || replicas < 0) return failure('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const target = findTarget(parsed.positionals, layer, lastOption(parsed, 'namespace') ?? currentNamespace);
  if ('error' in target) return failure(target.error);
  if (!['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].includes(target.object.id.kind)) return failure(`error: no scaler has been implemented for ${target.object.id.kind}`);
  const plain = layer.plainOf(target.object);
  if (!plain) return notWritten(target.object);
  plain['spec'] = { ...((plain['spec'] ?? {}) as PlainObject), replicas };
  const put = layer.put(plain);
  return 'error' in put ? failure(put.error) : output(`${typeNameOf(target.object)}/${target.object.id.name} scaled\n`);
}

/** `kubectl patch (TYPE NAME | TYPE/NAME) -p PATCH [--type strategic|merge|json]`. */
export function kubectlPatch(words: readonly string[], layer: ClusterLayer, currentNamespace: string): CommandOutput {
  const parsed = readArguments(words, [
    { long: 'patch', short: 'p', takesValue: true },
    { long: 'type', takesValue: true },
  ]);
  if ('error' in parsed) return failure(parsed.error);
  const patch = lastOption(parsed, 'patch');
  const type = lastOption(parsed, 'type') ?? 'strategic';
  if (patch === undefined) return failure('error: must specify -p to patch');
  if (type !== 'strategic' && type !== 'merge' && type !== 'json') return failure(`error: --type must be one of [json merge strategic], not "${type}"`);
  const target = findTarget(parsed.positionals, layer, lastOption(parsed, 'namespace') ?? currentNamespace);
  if ('error' in target) return failure(target.error);
  const plain = layer.plainOf(target.object);
  if (!plain) return notWritten(target.object);
  const result = patchObject(plain, patch, type);
  if ('error' in result) return failure(result.error);
  const name = `${typeNameOf(target.object)}/${target.object.id.name}`;
  if (JSON.stringify(result.patched) === JSON.stringify(plain)) return output(`${name} patched (no change)\n`);
  const put = layer.put(result.patched);
  return 'error' in put ? failure(put.error) : output(`${name} patched\n`);
}

/** `kubectl delete (TYPE NAME... | TYPE/NAME... | -f FILE)`. */
export function kubectlDelete(words: readonly string[], layer: ClusterLayer, currentNamespace: string, readFile: ReadFile): CommandOutput {
  const parsed = readArguments(words, [
    { long: 'filename', short: 'f', takesValue: true },
    { long: 'now', takesValue: false },
    { long: 'force', takesValue: false },
    { long: 'grace-period', takesValue: true },
    { long: 'ignore-not-found', takesValue: false },
  ]);
  if ('error' in parsed) return failure(parsed.error);
  const namespace = lastOption(parsed, 'namespace') ?? currentNamespace;
  const file = lastOption(parsed, 'filename');
  let targets: { kind: string; group: string; typeName: string; name: string; namespace: string }[];
  if (file !== undefined) {
    const read = readObjectsFile(file, readFile, namespace);
    if ('error' in read) return failure(read.error);
    targets = read.objects.map((plain) => ({ kind: String(plain['kind']), group: groupOfApiVersion(String(plain['apiVersion'] ?? '')), typeName: '', name: String((plain['metadata'] as PlainObject)['name']), namespace: String((plain['metadata'] as PlainObject)['namespace'] ?? namespace) }));
  } else {
    const named = readTargets(parsed.positionals);
    if ('error' in named) return failure(named.error);
    targets = named.map(({ kind, name }) => ({ kind: kind.kind, group: groupOfTypeName(kind.typeName), typeName: kind.typeName, name, namespace }));
  }
  const lines: string[] = [];
  const errors: string[] = [];
  for (const target of targets) {
    const object = layer.objects().find((candidate) => candidate.id.kind === target.kind && candidate.id.group === target.group && candidate.id.name === target.name && (isClusterScoped(target.kind) || candidate.id.namespace === target.namespace));
    if (!object) {
      if (!parsed.flags.has('ignore-not-found')) errors.push(`Error from server (NotFound): ${resourceOf(target.typeName || (objectKindNamed(target.kind)?.typeName ?? target.kind.toLowerCase()))} "${target.name}" not found`);
      continue;
    }
    layer.remove(object);
    lines.push(`${typeNameOf(object)} "${object.id.name}" deleted\n`);
  }
  return { stdout: lines.join(''), stderr: errors.map((error) => `${error}\n`).join(''), status: errors.length > 0 ? 1 : 0, notes: [] };
}

/** `kubectl apply -f FILE [-n NS]`: each object of the file into the layer, created, configured or unchanged. */
export function kubectlApply(words: readonly string[], layer: ClusterLayer, currentNamespace: string, readFile: ReadFile): CommandOutput {
  const parsed = readArguments(words, [{ long: 'filename', short: 'f', takesValue: true }]);
  if ('error' in parsed) return failure(parsed.error);
  const file = lastOption(parsed, 'filename');
  if (file === undefined) return failure('error: must specify one of -f and -k');
  const read = readObjectsFile(file, readFile, lastOption(parsed, 'namespace') ?? currentNamespace);
  if ('error' in read) return failure(read.error);
  const lines: string[] = [];
  for (const plain of read.objects) {
    const metadata = plain['metadata'] as PlainObject;
    const existing = layer.objects().find((object) => object.id.kind === plain['kind'] && object.id.group === groupOfApiVersion(String(plain['apiVersion'] ?? '')) && object.id.name === metadata['name'] && (object.id.namespace ?? '') === String(metadata['namespace'] ?? ''));
    const before = existing ? layer.plainOf(existing) : undefined;
    if (before && JSON.stringify(before) === JSON.stringify(plain)) {
      lines.push(`${typeNameOf(existing!)}/${existing!.id.name} unchanged\n`);
      continue;
    }
    const put = layer.put(plain);
    if ('error' in put) return { stdout: lines.join(''), stderr: `${put.error}\n`, status: 1, notes: [] };
    lines.push(`${typeNameOf(put.object)}/${put.object.id.name} ${existing ? 'configured' : 'created'}\n`);
  }
  return output(lines.join(''));
}

function readObjectsFile(file: string, readFile: ReadFile, namespace: string): { objects: PlainObject[] } | { readonly error: string } {
  const read = readFile(file);
  if ('error' in read) return read;
  const { objects, errors } = plainDocuments(read.uri, read.text);
  if (errors.length > 0) return { error: `error: error parsing ${file}: ${errors[0]}` };
  for (const object of objects) {
    if (typeof object['kind'] !== 'string' || typeof object['apiVersion'] !== 'string') return { error: `error: error validating "${file}": an object has no apiVersion or kind` };
    const metadata = ((object['metadata'] ??= {}) as PlainObject);
    if (typeof metadata['name'] !== 'string') return { error: `error: error validating "${file}": a ${object['kind']} has no metadata.name` };
    if (metadata['namespace'] === undefined && !isClusterScoped(String(object['kind']))) metadata['namespace'] = namespace;
  }
  return { objects };
}

function created(layer: ClusterLayer, plain: PlainObject): CommandOutput {
  const metadata = plain['metadata'] as PlainObject;
  const kind = objectKindNamed(String(plain['kind']))!;
  if (findObject(layer.objects(), kind, String(metadata['name']), String(metadata['namespace'] ?? ''))) return failure(`Error from server (AlreadyExists): ${resourceOf(kind.typeName)} "${String(metadata['name'])}" already exists`);
  const put = layer.put(plain);
  return 'error' in put ? failure(put.error) : output(`${typeNameOf(put.object)}/${put.object.id.name} created\n`);
}

function readArguments(words: readonly string[], options: readonly KubectlOption[]): KubectlArguments | { readonly error: string } {
  return readKubectlArguments(words, options);
}

function findTarget(positionals: readonly string[], layer: ClusterLayer, namespace: string): { object: KubeObject } | { readonly error: string } {
  const targets = readTargets(positionals);
  if ('error' in targets) return targets;
  const [target] = targets;
  const object = findObject(layer.objects(), target!.kind, target!.name, namespace);
  if (object) return { object };
  const simulated = target!.kind.kind === 'Pod' ? layer.snapshot().pods.find((pod) => pod.namespace === namespace && pod.name === target!.name) : undefined;
  if (simulated) return { error: `kubetrace: pod ${simulated.name} is one of ${simulated.workload.kind} ${simulated.workload.name}'s pods, which the simulation makes from its template: change the template (kubectl patch ${simulated.workload.kind.toLowerCase()} ${simulated.workload.name} ...) instead` };
  return { error: `Error from server (NotFound): ${resourceOf(target!.kind.typeName)} "${target!.name}" not found` };
}

function notWritten(object: KubeObject): CommandOutput {
  return failure(`kubetrace: ${typeNameOf(object)}/${object.id.name} could not be read from ${object.uri}`);
}

/** `--labels=a=b,c=d` as a map; undefined when not given. */
function readLabelList(text: string | undefined): Record<string, string> | { readonly error: string } | undefined {
  if (text === undefined) return undefined;
  const labels: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const [key, value] = pair.split('=');
    if (!key || value === undefined) return { error: `error: invalid label spec: ${pair}` };
    labels[key] = value;
  }
  return labels;
}

/** What `expose` copies as the Service's selector: a workload's matchLabels, a pod's labels, a Service's selector. */
function exposedSelector(object: KubeObject, plain: PlainObject | undefined): Record<string, string> | undefined {
  const spec = (plain?.['spec'] ?? {}) as PlainObject;
  if (object.id.kind === 'Pod') return ((plain?.['metadata'] as PlainObject | undefined)?.['labels'] as Record<string, string> | undefined) ?? undefined;
  if (object.id.kind === 'Service') return spec['selector'] as Record<string, string> | undefined;
  if (WORKLOAD_KINDS.has(object.id.kind)) {
    const selector = spec['selector'] as PlainObject | undefined;
    return selector?.['matchExpressions'] ? undefined : (selector?.['matchLabels'] as Record<string, string> | undefined);
  }
  return undefined;
}

/** The first container port a pod or its template declares: what `expose` takes without --port. */
function declaredPort(plain: PlainObject | undefined): string | undefined {
  const spec = (plain?.['spec'] ?? {}) as PlainObject;
  const podSpec = (((spec['template'] as PlainObject | undefined)?.['spec'] ?? spec) as PlainObject) ?? {};
  const containers = (podSpec['containers'] ?? []) as PlainObject[];
  const port = ((containers[0]?.['ports'] ?? []) as PlainObject[])[0]?.['containerPort'];
  return port === undefined ? undefined : String(port);
}
