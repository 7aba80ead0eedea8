import type { KubeObject } from '../engine';

/** A document or workspace symbol per object: `Kind namespace/name`, located at the object. */
export function symbolsOf(objects: readonly KubeObject[]): { name: string; detail: string; uri: string; range: KubeObject['range']; selection: KubeObject['range']; kind: string }[] {
  return objects.map((object) => ({
    name: object.id.name,
    detail: `${object.id.kind}${object.id.namespace ? ` · ${object.id.namespace}` : ''}`,
    uri: object.uri,
    range: object.range,
    selection: object.metadata.name.span.value,
    kind: object.id.kind,
  }));
}
