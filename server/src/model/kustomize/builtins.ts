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

/**
 * Every kind kustomize's builtin plugin factories make (builtinhelpers), including those Kubetrace does not run
 * (Helm, ValueAdd). A configuration of `apiVersion: builtin` naming another kind fails the build in kustomize;
 * SortOrderTransformer is left out on purpose there (it belongs to the top kustomization's sortOptions).
 */
export const KUSTOMIZE_BUILTIN_KINDS: ReadonlySet<string> = new Set([
  ...Object.keys(BUILTIN_TRANSFORMERS),
  ...Object.keys(BUILTIN_GENERATORS),
  'HelmChartInflationGenerator',
  'ValueAddTransformer',
]);
