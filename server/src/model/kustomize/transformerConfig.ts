import type { FieldSpec } from './fieldSpec';
import type { NameBackReference, TransformerConfig } from './plugins';
import type { Origin } from './tree';
import { DEFAULT_VAR_REFERENCE } from './vars';

// TEMPORARY during issue 19: the full tables come with the name transformers.
export function defaultTransformerConfig(): TransformerConfig {
  return {
    namePrefix: [{ path: 'metadata/name' }],
    nameSuffix: [{ path: 'metadata/name' }],
    nameSpace: [{ path: 'metadata/namespace', create: true }],
    commonLabels: [{ path: 'metadata/labels', create: true }],
    templateLabels: [],
    commonAnnotations: [{ path: 'metadata/annotations', create: true }],
    nameReference: [],
    varReference: DEFAULT_VAR_REFERENCE,
    images: [],
    replicas: [],
  };
}

export function mergeTransformerConfigs(a: TransformerConfig, b: TransformerConfig): TransformerConfig {
  const specs = (x: readonly FieldSpec[], y: readonly FieldSpec[]): FieldSpec[] => [...x, ...y.filter((spec) => !x.some((other) => other.path === spec.path && other.kind === spec.kind && other.group === spec.group && other.version === spec.version))];
  const refs = (x: readonly NameBackReference[], y: readonly NameBackReference[]): NameBackReference[] => [...x, ...y];
  return {
    namePrefix: specs(a.namePrefix, b.namePrefix),
    nameSuffix: specs(a.nameSuffix, b.nameSuffix),
    nameSpace: specs(a.nameSpace, b.nameSpace),
    commonLabels: specs(a.commonLabels, b.commonLabels),
    templateLabels: specs(a.templateLabels, b.templateLabels),
    commonAnnotations: specs(a.commonAnnotations, b.commonAnnotations),
    nameReference: refs(a.nameReference, b.nameReference),
    varReference: specs(a.varReference, b.varReference),
    images: specs(a.images, b.images),
    replicas: specs(a.replicas, b.replicas),
  };
}

export function readTransformerConfig(_text: string, _file: string, _origin?: Origin): TransformerConfig {
  return defaultTransformerConfig();
}
