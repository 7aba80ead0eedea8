import type { KMap } from './tree';

// TEMPORARY during issue 19: kustomize's merge of generatorOptions comes with the generators.
export function withGlobalOptions(entry: KMap, _global: KMap | undefined): KMap {
  return entry;
}
