import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { KubeObject, ObjectBase } from '../engine/objects';
import { problemOf } from '../engine/problem';
import type { Located } from '../engine/source';
import {
  forEachEntry,
  rangeOf,
  reportWrongType,
  resolveNode,
  string,
  stringMap,
  type DecodeContext,
  type Decoder,
  type FieldPlace,
} from './decode';
import { groupOf, kindDefinition } from './kinds';
import { ownerReferences } from './schemas';

const DEFAULT_NAMESPACE = 'default';

/** What a typed list (`PodList`) gives items that leave out their own apiVersion and kind. */
interface ItemDefaults {
  readonly apiVersion: Located<string>;
  readonly kind: Located<string>;
}

/**
 * Reads one YAML mapping as Kubernetes objects: a single object, or the items of a `List` / `*List`.
 * A mapping with no `kind` is not a Kubernetes object and gives nothing, silently.
 */
export function readObjects(raw: unknown, context: DecodeContext, path = ''): KubeObject[] {
  const node = resolveNode(raw, context);
  if (!isMap(node)) return [];
  const fields = new Map<string, { key: FieldPlace; value: unknown }>();
  forEachEntry(node, context, (key, keyRange, value) => {
    fields.set(key, { key: { path: path + key, key: keyRange }, value });
  });
  const kindField = fields.get('kind');
  const apiVersionField = fields.get('apiVersion');
  if (!kindField || (!apiVersionField && !fields.has('metadata') && !fields.has('items'))) return [];
  const kind = string(kindField.value, kindField.key, context);
  const apiVersion = apiVersionField ? string(apiVersionField.value, apiVersionField.key, context) : undefined;
  if (!kind) return [];
  if (!apiVersion) {
    if (!apiVersionField) reportMissing(context, node, kindField.key, 'apiVersion', `${kind.value} has no apiVersion`);
    return [];
  }
  const items = fields.get('items');
  if (kind.value.endsWith('List') && items) return readListItems(items, { apiVersion, kind }, context);
  return readSingleObject(node, fields, { apiVersion, kind }, context);
}

function readListItems(items: { key: FieldPlace; value: unknown }, list: ItemDefaults, context: DecodeContext): KubeObject[] {
  const node = resolveNode(items.value, context);
  if (node === undefined) return [];
  if (!isSeq(node)) {
    reportWrongType(context, node, items.key, 'a list');
    return [];
  }
  const itemKind = list.kind.value === 'List' ? undefined : list.kind.value.slice(0, -'List'.length);
  const objects: KubeObject[] = [];
  node.items.forEach((itemRaw, index) => {
    const item = resolveNode(itemRaw, context);
    const path = `items[${index}].`;
    if (!isMap(item)) return;
    if (itemKind !== undefined && !item.has('kind')) {
      const fields = new Map<string, { key: FieldPlace; value: unknown }>();
      forEachEntry(item, context, (key, keyRange, value) => fields.set(key, { key: { path: path + key, key: keyRange }, value }));
      const defaults = { apiVersion: list.apiVersion, kind: { value: itemKind, span: list.kind.span } };
      objects.push(...readSingleObject(item, fields, defaults, context));
    } else {
      objects.push(...readObjects(item, context, path));
    }
  });
  return objects;
}

function readSingleObject(
  node: YamlNode,
  fields: ReadonlyMap<string, { key: FieldPlace; value: unknown }>,
  type: ItemDefaults,
  context: DecodeContext,
): KubeObject[] {
  const metadataField = fields.get('metadata');
  const kindPlace: FieldPlace = { path: 'kind', key: type.kind.span.key ?? type.kind.span.value };
  const metadataNode = metadataField ? resolveNode(metadataField.value, context) : undefined;
  if (metadataNode !== undefined && !isMap(metadataNode)) {
    reportWrongType(context, metadataNode, metadataField!.key, 'a mapping');
    return [];
  }
  const meta = new Map<string, { key: FieldPlace; value: unknown }>();
  if (metadataNode) {
    const prefix = `${metadataField!.key.path}.`;
    forEachEntry(metadataNode, context, (key, keyRange, value) =>
      meta.set(key, { key: { path: prefix + key, key: keyRange }, value }),
    );
  }
  const read = <T>(entry: { key: FieldPlace; value: unknown } | undefined, decode: Decoder<T>) =>
    entry ? decode(entry.value, entry.key, context) : undefined;
  const name = read(meta.get('name'), string);
  if (!name) {
    if (!meta.has('name') && !meta.has('generateName')) {
      reportMissing(context, node, metadataField?.key ?? kindPlace, 'metadata.name', `${type.kind.value} has no metadata.name`);
    }
    return [];
  }
  const group = groupOf(type.apiVersion.value);
  const definition = kindDefinition(group, type.kind.value);
  const namespace = read(meta.get('namespace'), string);
  const labels = read(meta.get('labels'), stringMap);
  const annotations = read(meta.get('annotations'), stringMap);
  const owners = read(meta.get('ownerReferences'), ownerReferences);
  const base: ObjectBase = {
    id: {
      group,
      kind: type.kind.value,
      namespace: definition.clusterScoped ? undefined : (namespace?.value ?? DEFAULT_NAMESPACE),
      name: name.value,
    },
    apiVersion: type.apiVersion,
    kindField: type.kind,
    metadata: {
      name,
      ...(namespace && { namespace }),
      ...(labels && { labels }),
      ...(annotations && { annotations }),
      ...(owners && { ownerReferences: owners }),
    },
    uri: context.uri,
    range: rangeOf(context, node),
  };
  const object: Record<string, unknown> = { ...base, type: definition.type };
  for (const [fieldName, decode] of Object.entries(definition.fields)) {
    const entry = fields.get(fieldName);
    if (!entry) continue;
    const decoded = decode(entry.value, entry.key, context);
    // A Secret's own `type` field would clash with the discriminant.
    if (decoded !== undefined) object[fieldName === 'type' ? 'secretType' : fieldName] = decoded;
  }
  return [finishKind(object)];
}

/** A Secret keeps only the names of its keys; a ConfigMap also its `data` values (not secret, and they name Services). */
function finishKind(object: Record<string, unknown>): KubeObject {
  if (object['type'] === 'ConfigMap') {
    const data = object['data'] as { value: Record<string, string> } | undefined;
    object['dataKeys'] = [...new Set([...Object.keys(data?.value ?? {}), ...((object['binaryData'] as string[] | undefined) ?? [])])].sort();
    delete object['binaryData'];
  }
  if (object['type'] === 'Secret') {
    const keys = new Set<string>();
    for (const field of ['data', 'stringData']) {
      for (const key of (object[field] as string[] | undefined) ?? []) keys.add(key);
      delete object[field];
    }
    object['dataKeys'] = [...keys].sort();
  }
  return object as unknown as KubeObject;
}

function reportMissing(context: DecodeContext, node: YamlNode, place: FieldPlace, field: string, message: string): void {
  context.problems.push(problemOf({
    code: 'KT003',
    message: `${message}: ${field} is required.`,
    uri: context.uri,
    range: place.key ?? rangeOf(context, node),
  }));
}
