import type { KustomizeFileSystem } from './fileSystem';
import type { PatchSchema } from './patchSchema';
import type { FieldSpec } from './fieldSpec';
import type { Resource } from './resource';
import type { ResourceList } from './resourceList';
import type { KMap, Origin } from './tree';

/** Of one target kind (a Service, a ConfigMap, ...), the fields of other kinds that name it. */
export interface NameBackReference {
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly fieldSpecs: readonly FieldSpec[];
}

/** Kustomize's TransformerConfig: which fields each transformer touches (built in, plus `configurations:`). */
export interface TransformerConfig {
  readonly namePrefix: readonly FieldSpec[];
  readonly nameSuffix: readonly FieldSpec[];
  readonly nameSpace: readonly FieldSpec[];
  readonly commonLabels: readonly FieldSpec[];
  /** Added to every `labels:` entry's field specs (custom `configurations:` only; none by default). */
  readonly labels: readonly FieldSpec[];
  /** The pod template labels a `labels:` entry with `includeTemplates` sets. */
  readonly templateLabels: readonly FieldSpec[];
  /** The claim template labels a `labels:` entry with `includeVolumeClaimTemplates` sets. */
  readonly volumeClaimTemplateLabels: readonly FieldSpec[];
  readonly commonAnnotations: readonly FieldSpec[];
  readonly nameReference: readonly NameBackReference[];
  readonly varReference: readonly FieldSpec[];
  readonly images: readonly FieldSpec[];
  readonly replicas: readonly FieldSpec[];
}

/** What a builtin transformer or generator is given besides its configuration. */
export interface PluginContext {
  readonly files: KustomizeFileSystem;
  /** The folder of the kustomization that runs the plugin: relative paths in its configuration start here. */
  readonly directory: string;
  readonly kustomizationFile: string;
  readonly config: TransformerConfig;
  /** Set when only one file's objects are rendered again: a patch whose target is another file's is skipped. */
  readonly partial: boolean;
  /**
   * Reads a file named in the kustomization, as kustomize's loader: relative to `directory`, and only inside it
   * (kustomize's default load restrictions). Throws a located KustomizeError when missing or outside.
   */
  loadFile(path: string, origin?: Origin): string;
  /**
   * The OpenAPI schema a kustomization's `openapi: {path: ...}` gave (the root's, else the first one read), which
   * replaces the built-in one for strategic merge patches; undefined for the built-in schema.
   */
  readonly openApiSchema?: PatchSchema;
  /** The same file as bytes (a generator's `files` may be binary), with the same checks. */
  loadBytes(path: string, origin?: Origin): Uint8Array;
  /** Reports what the build goes on without (never a secret's value). */
  notice(message: string, origin?: Origin): void;
}

/** A builtin transformer: changes the resources in place, as `kind: <Name>` with `apiVersion: builtin` does. */
export type Transformer = (resources: ResourceList, config: KMap, context: PluginContext) => void;

/** A builtin generator: makes resources from its configuration. */
export type Generator = (config: KMap, context: PluginContext) => Resource[];
