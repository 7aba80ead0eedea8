import type { Located } from '../source';
import type { LocatedStringMap, ObjectBase } from './meta';

export interface ConfigMap extends ObjectBase {
  readonly type: 'ConfigMap';
  /** The names of `data` and `binaryData` keys. */
  readonly dataKeys: readonly string[];
  /** `data` with its values: they hold the connection strings the engine checks. */
  readonly data?: LocatedStringMap;
}

/** A Secret's values are never read: only its type and the names of its keys are kept. */
export interface Secret extends ObjectBase {
  readonly type: 'Secret';
  readonly secretType?: Located<string>;
  readonly dataKeys: readonly string[];
}

/** Any other kind (CRDs included), kept by identity so later features can add it. */
export interface OtherObject extends ObjectBase {
  readonly type: 'Other';
}

