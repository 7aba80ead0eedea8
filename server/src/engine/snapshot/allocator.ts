import { addressAt, cidrContains, cidrSize, offsetOf, type Cidr } from '../cidr';
import { fnv1a } from '../hash';

/** What a Service's simulation asks of an allocator: a value for a seed. */
export interface Allocates<T> {
  allocate(seed: string): T | undefined;
}

/**
 * Hands out addresses from a range the way a real allocator would look from outside: stable for a given
 * name (hash, then the next free one), never twice, with explicitly requested ones reserved first.
 */
export class AddressAllocator implements Allocates<string> {
  /** Offsets from the network address that are taken: numbers in a range that fits them, else decimal strings (IPv6). */
  private readonly used = new Set<number | string>();
  /** How many addresses can be handed out, and whether offsets fit in a number (every IPv4 range does). */
  private readonly usable: bigint;
  private readonly small: boolean;

  constructor(
    private readonly range: Cidr,
    /** Offsets at the start of the range that are never handed out (network address, reserved IPs). */
    private readonly firstUsable: number,
    reserved: readonly string[] = [],
  ) {
    // Broadcast (IPv4) and network addresses are not handed out.
    this.usable = cidrSize(range) - BigInt(firstUsable) - (range.family === 'IPv4' ? 1n : 0n);
    this.small = cidrSize(range) <= BigInt(Number.MAX_SAFE_INTEGER);
    for (const address of reserved) this.reserve(address);
  }

  private key(offset: bigint): number | string {
    return this.small ? Number(offset) : offset.toString();
  }

  /** Takes an address; false when it was taken already (or is outside the range). */
  reserve(address: string): boolean {
    const offset = offsetOf(this.range, address);
    if (offset === undefined) return false;
    const key = this.key(offset);
    if (this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }

  contains(address: string): boolean {
    return cidrContains(this.range, address);
  }

  allocate(seed: string): string | undefined {
    if (this.usable <= 0n) return undefined;
    const start = BigInt(fnv1a(seed)) % this.usable;
    if (this.small) {
      // The common case, in plain numbers: a full node range is probed often, and BigInt steps are slow.
      const usable = Number(this.usable);
      const limit = Math.min(usable, 1_000_000);
      for (let step = 0; step < limit; step++) {
        const offset = this.firstUsable + ((Number(start) + step) % usable);
        if (this.used.has(offset)) continue;
        this.used.add(offset);
        return addressAt(this.range, offset);
      }
      return undefined;
    }
    const limit = this.usable < 1_000_000n ? this.usable : 1_000_000n;
    for (let step = 0n; step < limit; step++) {
      const offset = BigInt(this.firstUsable) + ((start + step) % this.usable);
      const key = offset.toString();
      if (this.used.has(key)) continue;
      this.used.add(key);
      return addressAt(this.range, offset);
    }
    return undefined;
  }
}

/** NodePorts: hashed into the range, next free on collision. */
export class PortAllocator implements Allocates<number> {
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
