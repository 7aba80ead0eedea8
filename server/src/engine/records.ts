/**
 * Sets an entry whose key a manifest wrote. A plain assignment of `__proto__` would change the record's
 * prototype instead of adding the entry (and a label or port named so would silently vanish).
 */
export function setEntry<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** Whether a value read from outside (JSON, a client's message) is a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
