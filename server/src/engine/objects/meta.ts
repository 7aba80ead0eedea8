import type { FieldSpan, Located, TextRange } from '../source';

/** A string map (labels, annotations, selectors) with where each entry was written. */
export interface LocatedStringMap extends Located<Readonly<Record<string, string>>> {
  readonly entries: Readonly<Record<string, FieldSpan>>;
}

/** A nested object read from a manifest: its own span plus located fields. */
export interface Spanned {
  readonly span: FieldSpan;
}

export type LocatedList<T> = Located<readonly T[]>;

export interface LabelSelectorRequirement extends Spanned {
  readonly key?: Located<string>;
  readonly operator?: Located<string>;
  readonly values?: LocatedList<Located<string>>;
}

export interface LabelSelector extends Spanned {
  readonly matchLabels?: LocatedStringMap;
  readonly matchExpressions?: LocatedList<LabelSelectorRequirement>;
}

/** API group, kind, namespace and name: what makes an object the same object. */
export interface ObjectIdentity {
  /** "" for the core group. */
  readonly group: string;
  readonly kind: string;
  /** undefined for cluster-scoped kinds. */
  readonly namespace: string | undefined;
  readonly name: string;
}

export function identityKey(id: ObjectIdentity): string {
  return `${id.group}/${id.kind}/${id.namespace ?? ''}/${id.name}`;
}

export function describeIdentity(id: ObjectIdentity): string {
  const kind = id.group ? `${id.kind}.${id.group}` : id.kind;
  return id.namespace === undefined ? `${kind} ${id.name}` : `${kind} ${id.namespace}/${id.name}`;
}

export interface OwnerReference extends Spanned {
  readonly apiVersion?: Located<string>;
  readonly kind?: Located<string>;
  readonly name?: Located<string>;
  readonly controller?: Located<boolean>;
}

export interface ObjectMetadata {
  readonly name: Located<string>;
  /** As written; the effective namespace is in `id.namespace`. */
  readonly namespace?: Located<string>;
  readonly labels?: LocatedStringMap;
  readonly annotations?: LocatedStringMap;
  /** Pods exported from a live cluster name the workload that made them. */
  readonly ownerReferences?: LocatedList<OwnerReference>;
}

/** What every object read from a manifest carries. */
export interface ObjectBase {
  readonly id: ObjectIdentity;
  readonly apiVersion: Located<string>;
  readonly kindField: Located<string>;
  readonly metadata: ObjectMetadata;
  readonly uri: string;
  /** The whole object: its YAML document or list item. */
  readonly range: TextRange;
}
