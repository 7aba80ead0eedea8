import { configMapGenerator } from './configMapGenerator';
import { hashTransformer } from './hashTransformer';
import { iamPolicyGenerator } from './iamPolicyGenerator';
import { imageTagTransformer } from './imageTagTransformer';
import { annotationsTransformer, labelTransformer } from './labelTransformers';
import { prefixSuffixTransformer, prefixTransformer, suffixTransformer } from './nameAffixTransformers';
import { namespaceTransformer } from './namespaceTransformer';
import { patchJson6902Transformer, patchStrategicMergeTransformer, patchTransformer } from './patchTransformers';
import type { Generator, Transformer } from './plugins';
import { replacementTransformer } from './replacements';
import { replicaCountTransformer } from './replicaCountTransformer';
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
  HashTransformer: hashTransformer,
  ImageTagTransformer: imageTagTransformer,
  ReplicaCountTransformer: replicaCountTransformer,
};

/** The builtin generators by kind. */
export const BUILTIN_GENERATORS: Readonly<Record<string, Generator>> = {
  ConfigMapGenerator: configMapGenerator,
  IAMPolicyGenerator: iamPolicyGenerator,
  SecretGenerator: secretGenerator,
};
