import { configMapGenerator } from './configMapGenerator';
import { patchJson6902Transformer, patchStrategicMergeTransformer, patchTransformer } from './patchTransformers';
import { annotationsTransformer, labelTransformer } from './labelTransformers';
import { prefixSuffixTransformer, prefixTransformer, suffixTransformer } from './nameAffixTransformers';
import { namespaceTransformer } from './namespaceTransformer';
import type { Generator, Transformer } from './plugins';
import { replacementTransformer } from './replacements';
import { secretGenerator } from './secretGenerator';

/** The builtin transformers by kind, as `apiVersion: builtin` configurations and a kustomization's fields name them. */
export const BUILTIN_TRANSFORMERS: Readonly<Record<string, Transformer>> = {
  PatchTransformer: patchTransformer,
  PatchStrategicMergeTransformer: patchStrategicMergeTransformer,
  PatchJson6902Transformer: patchJson6902Transformer,
  NamespaceTransformer: namespaceTransformer,
  PrefixTransformer: prefixTransformer,
  SuffixTransformer: suffixTransformer,
  PrefixSuffixTransformer: prefixSuffixTransformer,
  LabelTransformer: labelTransformer,
  AnnotationsTransformer: annotationsTransformer,
  ReplacementTransformer: replacementTransformer,
};

/** The builtin generators by kind. */
export const BUILTIN_GENERATORS: Readonly<Record<string, Generator>> = {
  ConfigMapGenerator: configMapGenerator,
  SecretGenerator: secretGenerator,
};
