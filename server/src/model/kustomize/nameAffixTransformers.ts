import { KustomizeError, locationOf } from './errors';
import { fieldSpecSelects, visitFieldSpec, type FieldSpec } from './fieldSpec';
import type { PluginContext, Transformer } from './plugins';
import { idOf, originalIdOf, storePreviousId, type ResId } from './resource';
import type { ResourceList } from './resourceList';
import { fieldSpecsFrom } from './transformerConfig';
import { isKScalar, scalar, scalarText, type KMap, type KNode, type Origin } from './tree';

/** Types whose names kustomize never prefixes or suffixes (their names are fixed by the API). */
const SKIPPED: readonly Pick<FieldSpec, 'group' | 'kind'>[] = [
  { kind: 'CustomResourceDefinition' },
  { group: 'apiregistration.k8s.io', kind: 'APIService' },
  { kind: 'Namespace' },
];

/** Kustomize's PrefixTransformer: `prefix` before the fields its field specs name (`metadata/name` by default). */
export const prefixTransformer: Transformer = (resources, config, context) => {
  const prefix = config.entries.get('prefix');
  addAffixes(resources, config, context, { prefix: scalarText(prefix) ?? '', suffix: '' }, prefix?.origin ?? config.origin);
};

/** Kustomize's SuffixTransformer: `suffix` after the fields its field specs name. */
export const suffixTransformer: Transformer = (resources, config, context) => {
  const suffix = config.entries.get('suffix');
  addAffixes(resources, config, context, { prefix: '', suffix: scalarText(suffix) ?? '' }, suffix?.origin ?? config.origin);
};

/** The legacy PrefixSuffixTransformer: both at once. */
export const prefixSuffixTransformer: Transformer = (resources, config, context) => {
  addAffixes(resources, config, context, { prefix: scalarText(config.entries.get('prefix')) ?? '', suffix: scalarText(config.entries.get('suffix')) ?? '' }, config.origin);
};

/**
 * For each object (CRDs, APIServices and Namespaces excepted) and each field spec its original type matches: on
 * `metadata/name`, records the prefix and suffix (how kustomize tells copies of one base apart) and stores the
 * previous id; then rewrites the field. The new name keeps the origin of the name it extends (the base's line, where
 * findings about the object belong); a name made where none was written carries `origin` (the `namePrefix` value).
 */
function addAffixes(resources: ResourceList, config: KMap, context: PluginContext, affixes: { prefix: string; suffix: string }, origin: Origin | undefined): void {
  const where = locationOf(config.origin) ?? { file: context.kustomizationFile };
  const specsNode = config.entries.get('fieldSpecs');
  if (specsNode === undefined || (isKScalar(specsNode) && specsNode.value === null)) throw new KustomizeError('fieldSpecs is not expected to be nil', where);
  const specs = fieldSpecsFrom(specsNode, where);
  const { prefix, suffix } = affixes;
  for (const resource of resources.resources) {
    const original = originalIdOf(resource);
    if (SKIPPED.some((skip) => selects(skip, original))) continue;
    for (const spec of specs) {
      if (!fieldSpecSelects(spec, original)) continue;
      if (spec.path === 'metadata/name') {
        if (prefix !== '') resource.prefixes.push(prefix);
        if (suffix !== '') resource.suffixes.push(suffix);
        if (prefix !== '' || suffix !== '') storePreviousId(resource);
      }
      if (!fieldSpecSelects(spec, idOf(resource))) continue;
      visitFieldSpec(resource.node, spec, (node: KNode, replace) => {
        if (!isKScalar(node)) throw new KustomizeError(`name prefix and suffix field specs must target scalar nodes (${spec.path})`, locationOf(node.origin) ?? where);
        replace(scalar(`${prefix}${node.value === null ? '' : String(node.value)}${suffix}`, node.origin ?? origin));
      }, 'scalar', origin);
    }
  }
}

function selects(skip: Pick<FieldSpec, 'group' | 'kind'>, id: ResId): boolean {
  return (!skip.group || skip.group === id.group) && (!skip.kind || skip.kind === id.kind);
}
