import { base64Lines } from './encoding';
import { generatedResource, readGeneratorArgs } from './generatorArgs';
import { loadKeyValues } from './keyValueSources';
import type { Generator } from './plugins';
import { map, scalar, type KMap } from './tree';

/**
 * Kustomize's ConfigMapGenerator: a ConfigMap whose `data` holds each key (sorted), a value that is not valid UTF-8
 * going to `binaryData` in base64 instead, as kustomize's LoadMapIntoConfigMapData. Each value carries the origin of
 * the literal, file entry or env line that gave it.
 */
export const configMapGenerator: Generator = (config, context) => {
  const args = readGeneratorArgs(config, 'ConfigMap');
  const data = map([], config.origin);
  const binaryData = map([], config.origin);
  for (const pair of [...loadKeyValues(args, context, false)].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (pair.text !== undefined) data.entries.set(pair.key, scalar(pair.text, pair.origin));
    else binaryData.entries.set(pair.key, scalar(base64Lines(pair.bytes), pair.origin));
  }
  const fields: [string, KMap][] = [];
  if (data.entries.size > 0) fields.push(['data', data]);
  if (binaryData.entries.size > 0) fields.push(['binaryData', binaryData]);
  return [generatedResource(args, 'ConfigMap', fields, context)];
};
