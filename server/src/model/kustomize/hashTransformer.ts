import { contentHashSuffix } from './contentHash';
import type { Transformer } from './plugins';
import { nameOf, setName, storePreviousId } from './resource';
import type { ResourceList } from './resourceList';

/**
 * Kustomize's HashTransformer: each generated object that wants one gets `-<hash of its content>` appended to its
 * name, its former id kept so that references to the name are rewritten afterwards.
 */
export function addHashSuffixes(resources: ResourceList): void {
  for (const resource of resources.resources) {
    if (!resource.generated?.hashSuffix) continue;
    const suffix = contentHashSuffix(resource.node);
    storePreviousId(resource);
    setName(resource, `${nameOf(resource)}-${suffix}`);
  }
}

export const hashTransformer: Transformer = (resources) => addHashSuffixes(resources);
