/**
 * Whether two values of plain data (objects, arrays, primitives) are equal all the way down, shared parts found by
 * identity first. Anything else (a Map, a Set, a class of its own) counts as different unless it is the same object:
 * a caller that skips work on equal values then does the work.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  const prototype = Object.getPrototypeOf(a) as unknown;
  if (prototype !== Object.prototype || Object.getPrototypeOf(b) !== prototype) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && sameValue(left[key], right[key]));
}
