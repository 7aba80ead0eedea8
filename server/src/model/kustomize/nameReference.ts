import type { TransformerConfig } from './plugins';
import type { ResourceList } from './resourceList';

// TEMPORARY during issue 19: the name reference fixer comes with the name transformers.
export function fixNameReferences(_list: ResourceList, _config: TransformerConfig): void {}
