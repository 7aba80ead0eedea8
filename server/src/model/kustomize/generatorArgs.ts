import { KustomizeError, locationOf } from './errors';
import type { PluginContext } from './plugins';
import { makeResource, type GeneratorBehavior, type Resource } from './resource';
import { isKMap, isKScalar, isKSeq, map, scalar, scalarText, type KMap, type KNode, type KScalar, type Origin } from './tree';

/** A string of a generator's configuration with where it is written. */
export interface Located {
  readonly text: string;
  readonly origin?: Origin;
}

/** Kustomize's GeneratorArgs (and SecretArgs' `type`): one configMapGenerator or secretGenerator entry. */
export interface GeneratorArgs {
  readonly config: KMap;
  readonly name: Located;
  readonly namespace?: Located;
  readonly behavior: GeneratorBehavior;
  readonly literals: readonly Located[];
  readonly files: readonly Located[];
  /** `envs`, then the deprecated `env`, as kustomize's FixKustomization appends it. */
  readonly envs: readonly Located[];
  readonly type?: Located;
  readonly labels?: KMap;
  readonly annotations?: KMap;
  readonly disableNameSuffixHash: boolean;
  readonly immutable: boolean;
}

/**
 * Reads an entry; as a `generators:` configuration (`kind: ConfigMapGenerator`), `metadata.name` and
 * `metadata.namespace` stand in for a missing `name` and `namespace`, as the builtin plugin's Config does.
 */
export function readGeneratorArgs(config: KMap, kind: 'ConfigMap' | 'Secret'): GeneratorArgs {
  const metadata = config.entries.get('metadata');
  const field = (key: string): Located | undefined => located(config.entries.get(key)) ?? (isKMap(metadata) ? located(metadata.entries.get(key)) : undefined);
  const name = field('name');
  if (!name || name.text === '') throw new KustomizeError('a configmap must have a name', locationOf(config.origin));
  const namespace = field('namespace');
  const options = config.entries.get('options');
  const option = (key: string): KNode | undefined => (isKMap(options) ? options.entries.get(key) : undefined);
  const labels = option('labels');
  const annotations = option('annotations');
  const type = located(config.entries.get('type'));
  const env = located(config.entries.get('env'));
  return {
    config,
    name,
    ...(namespace && namespace.text !== '' && { namespace }),
    behavior: behaviorOf(scalarText(config.entries.get('behavior'))),
    literals: strings(config, 'literals'),
    files: strings(config, 'files'),
    envs: [...strings(config, 'envs'), ...(env && env.text !== '' ? [env] : [])],
    ...(kind === 'Secret' && type && type.text !== '' && { type }),
    ...(isKMap(labels) && { labels }),
    ...(isKMap(annotations) && { annotations }),
    disableNameSuffixHash: isTrue(option('disableNameSuffixHash')),
    immutable: isTrue(option('immutable')),
  };
}

/** Kustomize's NewGenerationBehavior: anything but merge or replace acts as create. */
function behaviorOf(text: string | undefined): GeneratorBehavior {
  return text === 'merge' || text === 'replace' ? text : 'create';
}

function isTrue(node: KNode | undefined): boolean {
  return isKScalar(node) && node.value === true;
}

function located(node: KNode | undefined): Located | undefined {
  const text = scalarText(node);
  return text === undefined ? undefined : { text, ...(node?.origin && { origin: node.origin }) };
}

function strings(config: KMap, key: string): Located[] {
  const node = config.entries.get(key);
  if (node === undefined || (isKScalar(node) && node.value === null)) return [];
  if (!isKSeq(node)) throw new KustomizeError(`${key} must be a list of strings`, locationOf(node.origin));
  return node.items.map((item) => {
    const entry = located(item);
    if (!entry) throw new KustomizeError(`each entry of ${key} must be a string`, locationOf(item.origin));
    return entry;
  });
}

/**
 * The generated object before its data: `apiVersion: v1`, the kind, name and namespace, the options' labels and
 * annotations and `immutable`, as kustomize's makeBaseNode, copyLabelsAndAnnotations and setImmutable. Every
 * node carries the origin of the configuration that wrote it.
 */
export function generatedResource(args: GeneratorArgs, kind: 'ConfigMap' | 'Secret', data: Iterable<[string, KMap]>, context: PluginContext): Resource {
  const origin = args.config.origin;
  const metadata = map([['name', scalar(args.name.text, args.name.origin ?? origin)]], origin);
  if (args.namespace) metadata.entries.set('namespace', scalar(args.namespace.text, args.namespace.origin ?? origin));
  for (const [field, values] of [['labels', args.labels], ['annotations', args.annotations]] as const) {
    if (!values || values.entries.size === 0) continue;
    const sorted = [...values.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    metadata.entries.set(field, map(sorted.map(([key, value]): [string, KScalar] => [key, scalar(scalarText(value) ?? '', value.origin)]), values.origin));
  }
  const node = map([['apiVersion', scalar('v1', origin)], ['kind', scalar(kind, origin)], ['metadata', metadata]], origin);
  if (kind === 'Secret') node.entries.set('type', args.type ? scalar(args.type.text, args.type.origin) : scalar('Opaque', origin));
  for (const [field, values] of data) node.entries.set(field, values);
  if (args.immutable) node.entries.set('immutable', scalar(true, origin));
  const resource = makeResource(node, context.kustomizationFile);
  resource.generated = { behavior: args.behavior, hashSuffix: !args.disableNameSuffixHash };
  return resource;
}
