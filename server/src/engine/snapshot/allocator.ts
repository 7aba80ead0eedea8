import { addressAt, cidrContains, cidrSize, offsetOf, type Cidr } from '../cidr';
import { fnv1a } from '../hash';

/**
 * Hands out addresses from a range the way a real allocator would look from outside: stable for a given
 * name (hash, then the next free one), never twice, with explicitly requested ones reserved first.
 */
export class AddressAllocator {
  /** Offsets from the network address that are taken, as decimal strings (IPv6 offsets exceed a number). */
  private readonly used = new Set<string>();

  constructor(
    private readonly range: Cidr,
    /** Offsets at the start of the range that are never handed out (network address, reserved IPs). */
    private readonly firstUsable: number,
    reserved: readonly string[] = [],
  ) {
    for (const address of reserved) this.reserve(address);
  }

  /** Takes an address; false when it was taken already (or is outside the range). */
  reserve(address: string): boolean {
    const offset = offsetOf(this.range, address);
    if (offset === undefined) return false;
    const key = offset.toString();
    if (this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }

  contains(address: string): boolean {
    return cidrContains(this.range, address);
  }

  allocate(seed: string): string | undefined {
    const size = cidrSize(this.range);
    // Broadcast (IPv4) and network addresses are not handed out.
    const usable = size - BigInt(this.firstUsable) - (this.range.family === 'IPv4' ? 1n : 0n);
    if (usable <= 0n) return undefined;
    const limit = usable < 1_000_000n ? usable : 1_000_000n;
    const start = BigInt(fnv1a(seed)) % usable;
    for (let step = 0n; step < limit; step++) {
      const offset = BigInt(this.firstUsable) + ((start + step) % usable);
      const key = offset.toString();
      if (this.used.has(key)) continue;
      this.used.add(key);
      return addressAt(this.range, offset);
    }
    return undefined;
  }
}

/** NodePorts: hashed into the range, next free on collision. */
export class PortAllocator {
  private readonly used = new Map<number, string>();

  constructor(private readonly min: number, private readonly max: number) {}

  /** Returns the owner already holding the port, if any. */
  reserve(port: number, owner: string): string | undefined {
    const holder = this.used.get(port);
    if (holder !== undefined) return holder;
    this.used.set(port, owner);
    return undefined;
  }

  allocate(seed: string): number | undefined {
    const size = this.max - this.min + 1;
    const start = fnv1a(seed) % size;
    for (let step = 0; step < size; step++) {
      const port = this.min + ((start + step) % size);
      if (!this.used.has(port)) {
        this.used.set(port, seed);
        return port;
      }
    }
    return undefined;
  }
}
