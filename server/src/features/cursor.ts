import type { KubeObject } from '../engine/objects';
import type { FieldSpan, TextPosition, TextRange } from '../engine/source';
import { groupBy } from '../engine/groupBy';

export function contains(range: TextRange, position: TextPosition): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

function spanContains(span: FieldSpan, position: TextPosition): boolean {
  return contains(span.value, position) || (span.key !== undefined && contains(span.key, position));
}

/** Whether a field is written in the file under the cursor (a rendered object's field may be in a patch). */
function writtenIn(span: FieldSpan, object: KubeObject, uri: string): boolean {
  return (span.uri ?? object.uri) === uri;
}

/** Where the cursor is: the object, and the path of fields down to the innermost located one (`spec.ports.0.targetPort`). */
export interface CursorField {
  readonly object: KubeObject;
  readonly path: readonly string[];
  readonly span: FieldSpan | undefined;
  /** The located value there (a Located's value, or the nested object). */
  readonly value: unknown;
}

function isSpan(value: unknown): value is FieldSpan {
  return typeof value === 'object' && value !== null && 'value' in value && typeof (value as { value: unknown }).value === 'object' && (value as { value: { start?: unknown } }).value !== null && 'start' in (value as { value: object }).value;
}

/** Walks the plain-data object for the innermost field whose key or value holds the position. */
/** The objects of each file, per object list (a snapshot's), so finding the one under the cursor reads one file's. */
const objectsByUri = new WeakMap<readonly KubeObject[], Map<string, KubeObject[]>>();

function objectsOfFile(objects: readonly KubeObject[], uri: string): readonly KubeObject[] {
  let byUri = objectsByUri.get(objects);
  if (!byUri) {
    byUri = groupBy(objects, (object) => [object.uri]);
    objectsByUri.set(objects, byUri);
  }
  return byUri.get(uri) ?? [];
}

export function fieldAt(objects: readonly KubeObject[], uri: string, position: TextPosition): CursorField | undefined {
  const object = objectsOfFile(objects, uri).find((candidate) => contains(candidate.range, position));
  if (!object) return undefined;
  let best: CursorField = { object, path: [], span: undefined, value: object };
  const visit = (node: unknown, path: string[]): void => {
    if (typeof node !== 'object' || node === null) return;
    const span = (node as { span?: unknown }).span;
    if (isSpan(span) && writtenIn(span, object, uri)) {
      if (!spanContains(span, position)) return;
      best = { object, path, span, value: 'value' in (node as object) && !('entries' in (node as object)) ? (node as { value: unknown }).value : node };
    }
    const entries = (node as { entries?: Record<string, FieldSpan> }).entries;
    if (entries && typeof entries === 'object') {
      for (const [key, entrySpan] of Object.entries(entries)) {
        if (isSpan(entrySpan) && writtenIn(entrySpan, object, uri) && spanContains(entrySpan, position)) best = { object, path: [...path, key], span: entrySpan, value: (node as { value: Record<string, string> }).value[key] };
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'span' || key === 'entries' || key === 'range' || key === 'id') continue;
      if (Array.isArray(child)) child.forEach((item, index) => visit(item, [...path, key, String(index)]));
      else visit(child, key === 'value' ? path : [...path, key]);
    }
  };
  visit(object, []);
  return best;
}
