import { parseAllDocuments } from 'yaml';

/** A value as canonical JSON: map keys sorted, so that two objects compare as data. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The objects of a YAML stream as a sorted list of canonical JSON: a multiset, as kustomize's tests compare output. */
export function objectsOf(text: string): string[] {
  return parseAllDocuments(text).map((document) => document.toJS() as unknown).filter((value) => value !== null && value !== undefined).map(canonical).sort();
}
