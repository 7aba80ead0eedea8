import { KustomizeError, locationOf } from './errors';
import { fieldSpecSelects, visitFieldSpec } from './fieldSpec';
import type { PluginContext, Transformer } from './plugins';
import { idOf } from './resource';
import type { ResourceList } from './resourceList';
import { fieldSpecsFrom } from './transformerConfig';
import { isKMap, isKScalar, scalar, type KMap, type KNode, type Origin } from './tree';

/** Kustomize's LabelTransformer: sets each of `labels` in the maps its field specs name, making them where `create`. */
export const labelTransformer: Transformer = (resources, config, context) => setEntries(resources, config, context, 'labels');

/** Kustomize's AnnotationsTransformer: the same for `annotations`. */
export const annotationsTransformer: Transformer = (resources, config, context) => setEntries(resources, config, context, 'annotations');

interface Entry {
  readonly value: string;
  readonly origin?: Origin;
}

/**
 * Sets the pairs, keys in sorted order as kustomize does, on every field spec match of every object. Values are
 * strings: a number or boolean written as a value becomes its text, as kustomize's reader converts it for a string
 * map. Each value set carries the origin of the value that wrote it; a map made on the way, the pairs' origin.
 */
function setEntries(resources: ResourceList, config: KMap, context: PluginContext, field: 'labels' | 'annotations'): void {
  const where = locationOf(config.origin) ?? { file: context.kustomizationFile };
  const pairsNode = config.entries.get(field);
  const pairs = stringPairs(pairsNode, field, where);
  if (pairs.size === 0) return;
  const specs = fieldSpecsFrom(config.entries.get('fieldSpecs'), where);
  const keys = [...pairs.keys()].sort();
  for (const resource of resources.resources) {
    // Setting labels changes no id: the specs that apply are chosen once per object.
    const id = idOf(resource);
    const applying = specs.filter((spec) => fieldSpecSelects(spec, id));
    for (const key of keys) {
      const entry = pairs.get(key)!;
      // One node per object and key, set at every field spec (kustomize's fsslice.SetEntry): a var resolved in
      // one of them (metadata/annotations) shows in all (a pod template's annotations).
      const value = scalar(entry.value, entry.origin);
      for (const spec of applying) {
        visitFieldSpec(resource.node, spec, (node: KNode) => {
          if (isKScalar(node) && node.value === null) return;
          if (!isKMap(node)) throw new KustomizeError(`wrong node kind: expected MappingNode at ${spec.path}`, locationOf(node.origin) ?? where);
          node.entries.set(key, value);
        }, 'map', pairsNode?.origin ?? config.origin);
      }
    }
  }
}

function stringPairs(node: KNode | undefined, field: string, where: { file: string }): Map<string, Entry> {
  const pairs = new Map<string, Entry>();
  if (node === undefined || (isKScalar(node) && node.value === null)) return pairs;
  if (!isKMap(node)) throw new KustomizeError(`json: cannot unmarshal ${field} that is not a mapping into map[string]string`, locationOf(node.origin) ?? where);
  for (const [key, value] of node.entries) {
    if (!isKScalar(value)) throw new KustomizeError(`json: cannot unmarshal an object into the ${field} value of ${key}, a string`, locationOf(value.origin) ?? where);
    pairs.set(key, { value: value.value === null ? '' : String(value.value), ...(value.origin && { origin: value.origin }) });
  }
  return pairs;
}
