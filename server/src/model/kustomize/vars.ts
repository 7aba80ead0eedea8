import type { FieldSpec } from './fieldSpec';
import type { TransformerConfig } from './plugins';
import type { ResourceList } from './resourceList';
import type { KMap } from './tree';

/** A `vars:` entry of a kustomization, with the file that declared it. */
export interface VarDeclaration {
  readonly name: string;
  readonly node: KMap;
  readonly file: string;
}

// TEMPORARY during issue 19: vars come with replacements.
export function resolveVars(_list: ResourceList, _vars: readonly VarDeclaration[], _config: TransformerConfig): void {}

// TEMPORARY during issue 19: kustomize's varReference field specs come with vars.
export const DEFAULT_VAR_REFERENCE: readonly FieldSpec[] = [];
