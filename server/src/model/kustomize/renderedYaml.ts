import { stringify } from 'yaml';
import type { Resource } from './resource';
import { toPlain } from './tree';

/** The objects as `kustomize build` prints them: multi-document YAML, `---` between documents. */
export function renderedYaml(resources: readonly Resource[]): string {
  return resources.map((resource) => stringify(toPlain(resource.node), { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

/** One object as YAML for the user to read, a Secret's values replaced: they are never shown. */
export function readableYaml(resource: Resource): string {
  const plain = toPlain(resource.node) as Record<string, unknown>;
  if (plain['kind'] === 'Secret') {
    for (const field of ['data', 'stringData']) {
      const values = plain[field];
      if (values && typeof values === 'object') plain[field] = Object.fromEntries(Object.keys(values).map((key) => [key, '(hidden: Kubetrace never shows Secret values)']));
    }
  }
  return stringify(plain, { lineWidth: 0, aliasDuplicateObjects: false });
}
