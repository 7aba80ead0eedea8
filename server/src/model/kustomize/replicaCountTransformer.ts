import { KustomizeError, locationOf, MissingTargetError } from './errors';
import { fieldSpecSelects, visitFieldSpec } from './fieldSpec';
import type { Transformer } from './plugins';
import { idOf, type ResId, type Resource } from './resource';
import { fieldSpecsFrom } from './transformerConfig';
import { isKMap, scalar, scalarText, type KNode } from './tree';

/**
 * Kustomize's ReplicaCountTransformer: for each field spec, the objects whose current or any earlier name is
 * `replica.name` and whose type the spec selects get `count` at the spec's path (made when missing). No object
 * matched by any spec is an error.
 */
export const replicaCountTransformer: Transformer = (resources, config, context) => {
  const replica = config.entries.get('replica');
  if (!isKMap(replica)) throw new KustomizeError('ReplicaCountTransformer needs a replica mapping', locationOf(config.origin));
  const name = scalarText(replica.entries.get('name')) ?? '';
  const countNode: KNode | undefined = replica.entries.get('count');
  const count = countNode?.type === 'scalar' && typeof countNode.value === 'number' && Number.isInteger(countNode.value) ? countNode.value : undefined;
  if (count === undefined) throw new KustomizeError(`replicas: the count of ${name} must be a whole number`, locationOf(countNode?.origin ?? replica.origin));
  const origin = countNode?.origin ?? replica.origin;
  const fieldSpecs = fieldSpecsFrom(config.entries.get('fieldSpecs'), { file: context.kustomizationFile });
  let found = false;
  for (const spec of fieldSpecs) {
    const matches = (id: ResId): boolean => id.name === name && fieldSpecSelects(spec, id);
    const selected = resources.resources.filter((resource: Resource) => matches(idOf(resource)) || resource.previousIds.some(matches));
    if (selected.length > 0) found = true;
    for (const resource of selected) visitFieldSpec(resource.node, spec, (_node, replace) => replace(scalar(count, origin)), 'scalar', origin);
  }
  if (!found) {
    const gvks = fieldSpecs.map((spec) => `${spec.kind || '~K'}.${spec.version || '~V'}.${spec.group || '~G'}`);
    throw new MissingTargetError(`resource with name ${name} does not match a config with the following GVK [${gvks.join(' ')}]`, locationOf(replica.origin));
  }
};
