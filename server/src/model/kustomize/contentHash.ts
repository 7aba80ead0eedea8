import { sha256 } from '../../engine/sha256';
import { isKMap, scalarText, toPlain, type KMap, type KNode } from './tree';

/**
 * The name suffix kustomize gives a generated ConfigMap or Secret (api/hasher): the SHA-256 of a JSON document of
 * the fields that matter, its first ten hex digits with some digits and vowels substituted (kubectl's encoding).
 * ConfigMap: kind, name, data (and binaryData when it is a map); Secret: kind, name, type, data (and stringData when
 * it is a map).
 */
export function contentHashSuffix(node: KMap): string {
  return encodeHash(hex(sha256(goJson(hashedDocument(node)))));
}

function hashedDocument(node: KMap): unknown {
  const kind = scalarText(node.entries.get('kind'));
  // Kustomize looks `metadata/name` up as one field name, which no object has: the name counts as "" (and a
  // prefix or suffix leaves the hash alone).
  const name = fieldValue(node, 'metadata/name');
  if (kind === 'ConfigMap') {
    const binaryData = fieldValue(node, 'binaryData');
    return { kind, name, data: fieldValue(node, 'data'), ...(isPlainMap(binaryData) && { binaryData }) };
  }
  if (kind === 'Secret') {
    const stringData = fieldValue(node, 'stringData');
    return { kind, type: fieldValue(node, 'type'), name, data: fieldValue(node, 'data'), ...(isPlainMap(stringData) && { stringData }) };
  }
  // Kustomize hashes its own node structure for other kinds; only generators mark resources, and they make ConfigMaps and Secrets.
  return toPlain(node);
}

/** A field as kustomize's getNodeValues reads it: a map as data, a scalar as its text, a missing field as "". */
function fieldValue(node: KMap, field: string): unknown {
  const found: KNode | undefined = node.entries.get(field);
  if (found === undefined) return '';
  if (isKMap(found) || found.type === 'seq') return toPlain(found);
  return scalarText(found) ?? '';
}

function isPlainMap(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** JSON as Go's json.Marshal writes it: map keys sorted, and <, >, &, U+2028 and U+2029 escaped. */
function goJson(value: unknown): string {
  return serialized(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Written by hand: a JavaScript object would put integer-like keys ("10", "9") first, whatever the sort. */
function serialized(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(serialized).join(',')}]`;
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record).sort(byCodePoint).map((key) => `${JSON.stringify(key)}:${serialized(record[key])}`).join(',')}}`;
}

/** Go sorts map keys by their UTF-8 bytes, which is code point order (JavaScript's default sort compares UTF-16 units). */
function byCodePoint(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = left[index]!.codePointAt(0)! - right[index]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

const SUBSTITUTIONS: Readonly<Record<string, string>> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };

function encodeHash(hex: string): string {
  return [...hex.slice(0, 10)].map((char) => SUBSTITUTIONS[char] ?? char).join('');
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
