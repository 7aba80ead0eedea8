import { stringify } from 'yaml';
import type { Resource } from './resource';
import { toPlain } from './tree';

/** The objects as `kustomize build` prints them: multi-document YAML, `---` between documents. */
export function renderedYaml(resources: readonly Resource[]): string {
  return resources.map((resource) => stringify(toPlain(resource.node), { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
