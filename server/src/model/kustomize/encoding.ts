/** Bytes and text as kustomize's generators see them (Go strings are bytes; JavaScript's are UTF-16). */

export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The text of bytes that are valid UTF-8 (a byte order mark kept, as Go keeps it), or undefined. */
export function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (Go's base64.StdEncoding). */
export function base64(bytes: Uint8Array): string {
  let result = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const a = bytes[index]!;
    const b = bytes[index + 1];
    const c = bytes[index + 2];
    result += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    result += b === undefined ? '=' : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    result += c === undefined ? '=' : ALPHABET[c & 63]!;
  }
  return result;
}

/**
 * Base64 as kustomize writes a Secret's value or a ConfigMap's binaryData: in lines of 70 characters, each ended by
 * a newline once the text needs more than one line (kustomize's encodeBase64).
 */
export function base64Lines(bytes: Uint8Array): string {
  const LINE = 70;
  const encoded = base64(bytes);
  if (Math.floor(encoded.length / LINE) + 1 <= 1) return encoded;
  let result = '';
  for (let index = 0; index < encoded.length; index += LINE) result += `${encoded.slice(index, index + LINE)}\n`;
  return result;
}
