/** Every address and CIDR the engine handles goes through here: the only file that imports ipaddr.js. */
import * as ipaddr from 'ipaddr.js';

export type IPFamily = 'IPv4' | 'IPv6';

export interface Cidr {
  readonly text: string;
  readonly family: IPFamily;
  readonly prefix: number;
  /** The network address as a big integer, for arithmetic. */
  readonly base: bigint;
}

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, family: IPFamily): string {
  if (family === 'IPv4') {
    // Dotted decimal as ipaddr.js writes it, in plain numbers: every pod and Service address is made here.
    const number = Number(value);
    return `${number >>> 24}.${(number >>> 16) & 255}.${(number >>> 8) & 255}.${number & 255}`;
  }
  const length = 16;
  const bytes: number[] = [];
  for (let index = 0; index < length; index++) bytes.unshift(Number((value >> BigInt(8 * index)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

function bits(family: IPFamily): number {
  return family === 'IPv4' ? 32 : 128;
}

/** A pure function of a string, remembered: the same few thousand addresses and CIDRs are read over and over. */
function remembered<T>(compute: (text: string) => T, kept = 100_000): (text: string) => T {
  const values = new Map<string, T>();
  return (text) => {
    if (values.has(text)) return values.get(text)!;
    const value = compute(text);
    if (values.size >= kept) values.clear();
    values.set(text, value);
    return value;
  };
}

const readAddress = remembered((text): { address: string; family: IPFamily } | undefined => {
  if (!ipaddr.isValid(text) || (ipaddr.IPv4.isValid(text) && !ipaddr.IPv4.isValidFourPartDecimal(text))) return undefined;
  const parsed = ipaddr.parse(text);
  return Object.freeze({ address: parsed.toString(), family: parsed.kind() === 'ipv4' ? 'IPv4' : 'IPv6' });
});

/** An address in its canonical text form (`::ffff:` forms stay IPv6), or undefined when it is not one. */
export function parseAddress(text: string): { address: string; family: IPFamily } | undefined {
  // Most strings asked about are names: anything with a character no address has is not one.
  return /^[0-9a-fA-F:.]+(%.+)?$/.test(text) ? readAddress(text) : undefined;
}

/**
 * An address as Kubernetes' ParseIPSloppy reads it (kube-proxy, and the API server before it validated strictly):
 * an IPv4 part with leading zeros is decimal, so 010.001.002.003 is 10.1.2.3 (ipaddr.js would read it as octal or
 * refuse it).
 */
export function parseSloppyAddress(text: string): { address: string; family: IPFamily } | undefined {
  return parseAddress(withoutLeadingZeros(text));
}

/** A CIDR as ParseCIDRSloppy reads it: leading zeros decimal, host bits cleared. */
export function parseSloppyCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  return slash < 0 ? undefined : parseCidr(`${withoutLeadingZeros(text.slice(0, slash))}${text.slice(slash)}`);
}

function withoutLeadingZeros(text: string): string {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) ? text.split('.').map((part) => String(Number(part))).join('.') : text;
}

/** A canonical address (from `parseAddress`) as a number. */
const addressValue = remembered((canonical) => toBigInt(ipaddr.parse(canonical)));

/** A CIDR with its host bits cleared (10.1.2.3/16 is 10.1.0.0/16), or undefined when the text is not one. */
export const parseCidr = remembered((text: string): Cidr | undefined => {
  try {
    const [address, prefix] = ipaddr.parseCIDR(text);
    const family: IPFamily = address.kind() === 'ipv4' ? 'IPv4' : 'IPv6';
    const hostBits = BigInt(bits(family) - prefix);
    const base = (toBigInt(address) >> hostBits) << hostBits;
    return Object.freeze({ text: `${fromBigInt(base, family)}/${prefix}`, family, prefix, base });
  } catch {
    return undefined;
  }
});

export function cidrSize(cidr: Cidr): bigint {
  return 1n << BigInt(bits(cidr.family) - cidr.prefix);
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  const parsed = parseAddress(address);
  if (!parsed || parsed.family !== cidr.family) return false;
  const hostBits = BigInt(bits(cidr.family) - cidr.prefix);
  return addressValue(parsed.address) >> hostBits === cidr.base >> hostBits;
}

/** The address `offset` places after the network address (0 is the network address itself). */
export function addressAt(cidr: Cidr, offset: bigint | number): string {
  return fromBigInt(cidr.base + BigInt(offset), cidr.family);
}

export function offsetOf(cidr: Cidr, address: string): bigint | undefined {
  if (!cidrContains(cidr, address)) return undefined;
  return toBigInt(ipaddr.parse(address)) - cidr.base;
}

/** The `index`-th subnet of `prefix` bits inside `cidr` (node pod ranges: a /24 each out of a /16). */
export function subnetAt(cidr: Cidr, prefix: number, index: number): Cidr | undefined {
  if (prefix < cidr.prefix || prefix > bits(cidr.family)) return undefined;
  const count = 1n << BigInt(prefix - cidr.prefix);
  if (BigInt(index) >= count) return undefined;
  const base = cidr.base + (BigInt(index) << BigInt(bits(cidr.family) - prefix));
  return { text: `${fromBigInt(base, cidr.family)}/${prefix}`, family: cidr.family, prefix, base };
}

/** The reverse-lookup name of an address: `1.0.3.10.in-addr.arpa.` or the nibble form under `ip6.arpa.`. */
export function reverseName(address: string): string | undefined {
  const parsed = parseAddress(address);
  if (!parsed) return undefined;
  if (parsed.family === 'IPv4') return `${parsed.address.split('.').reverse().join('.')}.in-addr.arpa.`;
  const hex = toBigInt(ipaddr.parse(parsed.address)).toString(16).padStart(32, '0');
  return `${hex.split('').reverse().join('.')}.ip6.arpa.`;
}

/** The address a reverse-lookup name stands for, if it is one. */
export function addressFromReverseName(name: string): string | undefined {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower.endsWith('.in-addr.arpa')) {
    const parts = lower.slice(0, -'.in-addr.arpa'.length).split('.');
    return parts.length === 4 ? parseAddress(parts.reverse().join('.'))?.address : undefined;
  }
  if (lower.endsWith('.ip6.arpa')) {
    const nibbles = lower.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || nibbles.some((nibble) => !/^[0-9a-f]$/.test(nibble))) return undefined;
    const hex = nibbles.reverse().join('');
    return fromBigInt(BigInt(`0x${hex}`), 'IPv6');
  }
  return undefined;
}

/** Orders addresses numerically (IPv4 before IPv6), for stable output. */
export function compareAddresses(a: string, b: string): number {
  const left = parseAddress(a);
  const right = parseAddress(b);
  if (!left || !right) return a.localeCompare(b);
  if (left.family !== right.family) return left.family === 'IPv4' ? -1 : 1;
  const difference = toBigInt(ipaddr.parse(left.address)) - toBigInt(ipaddr.parse(right.address));
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
