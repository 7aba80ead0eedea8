/** Small deterministic hashes: the same names give the same IPs, ports and pod names on every run. */

/** FNV-1a, 32 bits. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The alphabet Kubernetes uses for generated name suffixes (k8s.io/apimachinery rand.SafeEncodeString). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A `length`-character suffix like the ones controllers generate (`-7d4b9c8f6d`, `-x2k9p`). */
export function nameSuffix(seed: string, length: number): string {
  let state = fnv1a(seed);
  let suffix = '';
  for (let index = 0; index < length; index++) {
    state = fnv1a(`${state}:${seed}:${index}`);
    suffix += SAFE_ALPHABET[state % SAFE_ALPHABET.length];
  }
  return suffix;
}
