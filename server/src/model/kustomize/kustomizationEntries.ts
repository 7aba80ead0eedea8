import type { TextRange } from '../../engine/source';
import { isKMap, isKSeq, parseDocuments, scalarText, type KNode } from './tree';

/** What a path in a kustomization names: objects to build, a Component, a patch, or another input file. */
export type EntryRole = 'resource' | 'component' | 'patch' | 'input';

/** A path (or inline patch) written in a kustomization, with where. */
export interface KustomizationEntry {
  readonly field: string;
  readonly role: EntryRole;
  /** The path as written; for a generator's `key=path`, the path part. */
  readonly path: string;
  readonly range: TextRange;
}

const LIST_FIELDS: Readonly<Record<string, EntryRole>> = {
  resources: 'resource',
  bases: 'resource',
  components: 'component',
  crds: 'input',
  configurations: 'input',
  patchesStrategicMerge: 'patch',
  generators: 'input',
  transformers: 'input',
  validators: 'input',
};

/** The paths a kustomization's text names (entries that are inline YAML are not paths and are left out). */
export function kustomizationEntries(file: string, text: string): KustomizationEntry[] {
  const { documents } = parseDocuments(file, text);
  const fields = documents[0]?.node;
  if (!isKMap(fields)) return [];
  const entries: KustomizationEntry[] = [];
  const add = (field: string, role: EntryRole, node: KNode | undefined, path = scalarText(node)) => {
    if (path === undefined || path.includes('\n') || !node?.origin) return;
    entries.push({ field, role, path, range: node.origin.range });
  };
  for (const [field, node] of fields.entries) {
    const role = LIST_FIELDS[field];
    if (role && isKSeq(node)) for (const item of node.items) add(field, role, item);
    if ((field === 'patches' || field === 'patchesJson6902' || field === 'replacements') && isKSeq(node)) {
      for (const item of node.items) if (isKMap(item)) add(field, field === 'replacements' ? 'input' : 'patch', item.entries.get('path'));
    }
    if ((field === 'configMapGenerator' || field === 'secretGenerator') && isKSeq(node)) {
      for (const generator of node.items) {
        if (!isKMap(generator)) continue;
        for (const list of ['files', 'envs']) {
          const paths = generator.entries.get(list);
          if (isKSeq(paths)) for (const item of paths.items) add(field, 'input', item, scalarText(item)?.replace(/^[^=]*=/, ''));
        }
        add(field, 'input', generator.entries.get('env'));
      }
    }
  }
  return entries;
}
