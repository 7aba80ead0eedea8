import { base64Lines } from './encoding';
import { generatedResource, readGeneratorArgs } from './generatorArgs';
import { loadKeyValues } from './keyValueSources';
import type { Generator } from './plugins';
import { isKScalar, map, scalar, type KMap, type KScalar } from './tree';

/**
 * Kustomize's SecretGenerator: a Secret of `type` (Opaque unless given) whose `data` holds each key (sorted) in
 * base64, text or not, as kustomize's LoadMapIntoSecretData; `data` is written even when empty. With
 * `emitStringData: true`, text values go to `stringData` as they are and only the others to `data`. No message
 * shows a value.
 */
export const secretGenerator: Generator = (config, context) => {
  const args = readGeneratorArgs(config, 'Secret');
  const emitStringData = isKScalar(config.entries.get('emitStringData')) && (config.entries.get('emitStringData') as KScalar).value === true;
  const data = map([], config.origin);
  const stringData = map([], config.origin);
  for (const pair of [...loadKeyValues(args, context, true)].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (emitStringData && pair.text !== undefined) stringData.entries.set(pair.key, scalar(pair.text, pair.origin));
    else data.entries.set(pair.key, scalar(base64Lines(pair.bytes), pair.origin));
  }
  const fields: [string, KMap][] = [];
  if (!emitStringData || data.entries.size > 0) fields.push(['data', data]);
  if (stringData.entries.size > 0) fields.push(['stringData', stringData]);
  return [generatedResource(args, 'Secret', fields, context)];
};
