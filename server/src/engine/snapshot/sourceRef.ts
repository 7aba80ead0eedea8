import { describeIdentity, type KubeObject } from '../objects';
import { spanRange, type FieldSpan } from '../source';
import type { SourceRef } from './types';

/** Points at a field of an object (or the object's name when no field is given). */
export function refTo(object: KubeObject, span?: FieldSpan, field?: string): SourceRef {
  return {
    uri: object.uri,
    range: span ? spanRange(span) : object.metadata.name.span.value,
    label: field ? `${describeIdentity(object.id)} ${field}` : describeIdentity(object.id),
  };
}
