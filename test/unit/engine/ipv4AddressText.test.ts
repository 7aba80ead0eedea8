import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressAt, parseCidr, subnetAt } from '../../../server/src/engine/cidr';

/** Dotted decimal the long way: each byte of the 32-bit value, most significant first. */
function dottedDecimal(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

test('IPv4 addresses are written as the dotted decimal of their value, at every byte boundary and across the whole range', () => {
  const whole = parseCidr('0.0.0.0/0')!;
  const offsets = [0n, 1n, 255n, 256n, 65535n, 65536n, 16777215n, 16777216n, 2147483647n, 2147483648n, 4294967294n, 4294967295n];
  // A fixed walk over the range (no randomness): a stride that is not a multiple of any byte.
  for (let value = 0n; value < 1n << 32n; value += 2654435761n % (1n << 32n) / 7n) offsets.push(value);
  for (const offset of offsets) assert.equal(addressAt(whole, offset), dottedDecimal(offset), `offset ${offset}`);
  assert.equal(addressAt(parseCidr('10.244.0.0/16')!, 258), '10.244.1.2');
  assert.equal(subnetAt(parseCidr('10.0.0.0/8')!, 24, 300)?.text, '10.1.44.0/24');
  assert.equal(parseCidr('192.168.7.9/20')?.text, '192.168.0.0/20');
});
