import type { Located } from '../source';
import type { ObjectBase } from './meta';

export interface ConfigMap extends ObjectBase {
  readonly type: 'ConfigMap';
  /** Key names only; values are not needed by the engine. */
  readonly dataKeys: readonly string[];
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

