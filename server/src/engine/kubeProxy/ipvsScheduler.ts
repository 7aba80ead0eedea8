import { parseAddress } from '../cidr';
import { fnv1a } from '../hash';

/**
 * How an IPVS scheduler (`ipvsadm -s`, kube-proxy's `ipvs.scheduler`) picks a real server for a new
 * connection, as the kernel's ip_vs_*.c modules do. kube-proxy gives every real server weight 1.
 */
export interface IpvsChoice {
  /** Index of the server chosen among the candidates. */
  readonly index: number;
  /** The chance of each candidate for this connection: 1 and 0s when the scheduler's hash decides. */
  readonly probabilities: readonly number[];
  /** What decided, for the hop's decision. */
  readonly how: string;
  /** True when the scheduler's hash names the server: the same one for every connection it hashes alike. */
  readonly hashed: boolean;
  /** What the scheduler does in general, and what the simulation cannot know. */
  readonly details: readonly string[];
}

/** The connection a scheduler sees: the addresses before DNAT (`dst` is the virtual server's address). */
export interface IpvsConnection {
  readonly src: string;
  readonly dst: string;
}

/** ip_vs_sh.c and ip_vs_dh.c: 256 buckets filled with the servers in turn (weight 1 each: bucket i holds server i mod n). */
const HASH_BUCKETS = 256;

/**
 * ip_vs_sh_hashkey / ip_vs_dh_hashkey: the address as a 32-bit number (IPv6 folded by XOR of its four words),
 * times 2654435761, masked to the table size. Only the low 8 bits of the product count, so 32-bit arithmetic is exact.
 */
export function ipvsHashBucket(address: string): number {
  const parsed = parseAddress(address);
  if (!parsed) return 0;
  let folded: number;
  if (parsed.family === 'IPv4') {
    folded = parsed.address.split('.').reduce((value, octet) => ((value << 8) | Number(octet)) >>> 0, 0);
  } else {
    const groups = expandIPv6(parsed.address);
    folded = 0;
    for (let word = 0; word < 4; word++) folded = (folded ^ ((groups[word * 2]! << 16) | groups[word * 2 + 1]!)) >>> 0;
  }
  return Math.imul(folded, 2654435761 | 0) & (HASH_BUCKETS - 1);
}

function expandIPv6(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const part = (text: string) => (text === '' ? [] : text.split(':').map((group) => parseInt(group, 16)));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const ORDER_CAVEAT = 'the kernel fills its table in the order the real servers were added, which the manifests do not say: the server named here is the one the table gives when they are in endpoint order';

/**
 * The scheduler's choice among `count` candidate servers for one new connection; `spread` is the one the
 * simulation takes where the choice depends on live state (turns, connection counts) it cannot know.
 */
export function ipvsChoice(scheduler: string, count: number, connection: IpvsConnection, spread: number): IpvsChoice {
  const even = Array<number>(count).fill(1 / count);
  const only = (index: number) => Array.from({ length: count }, (_, candidate) => (candidate === index ? 1 : 0));
  switch (scheduler) {
    case 'sh': {
      const bucket = ipvsHashBucket(connection.src);
      return {
        index: bucket % count,
        probabilities: only(bucket % count),
        how: `IPVS scheduler sh gives the source address ${connection.src} (bucket ${bucket} of its ${HASH_BUCKETS})`,
        hashed: true,
        details: [`sh (source hashing) sends every connection from ${connection.src} to the same server, whatever its port, as long as the servers do not change`, ORDER_CAVEAT],
      };
    }
    case 'dh': {
      const bucket = ipvsHashBucket(connection.dst);
      return {
        index: bucket % count,
        probabilities: only(bucket % count),
        how: `IPVS scheduler dh gives the destination address ${connection.dst} (bucket ${bucket} of its ${HASH_BUCKETS})`,
        hashed: true,
        details: [`dh (destination hashing) sends everything addressed to ${connection.dst} to one server, from every client: behind a Service's address the other servers get none of it`, ORDER_CAVEAT],
      };
    }
    case 'mh':
      return {
        index: fnv1a(connection.src) % count,
        probabilities: only(fnv1a(connection.src) % count),
        how: `IPVS scheduler mh (Maglev hashing) gives the source address ${connection.src}`,
        hashed: true,
        details: [`mh (Maglev hashing) sends every connection from ${connection.src} to the same server; which one depends on a hash key the kernel draws at random for each virtual server, so the server named here stands for that one`],
      };
    case 'lblc':
    case 'lblcr':
      return {
        index: spread,
        probabilities: even,
        how: `IPVS scheduler ${scheduler}, locality-based least-connection on the destination address ${connection.dst}`,
        hashed: false,
        details: [
          `${scheduler} keeps the connections for one destination address (here ${connection.dst}, for every client) on the ${scheduler === 'lblc' ? 'server' : 'set of servers'} it picked first, the one with the fewest connections, until ${scheduler === 'lblc' ? 'that server is' : 'they are'} overloaded; which one that is depends on the live connection counts`,
        ],
      };
    case 'lc':
    case 'wlc':
    case 'sed':
    case 'nq':
      return {
        index: spread,
        probabilities: even,
        how: `IPVS scheduler ${scheduler}, ${CONNECTION_COUNTING[scheduler]}`,
        hashed: false,
        details: [`${scheduler} decides by the servers' live connection counts, which the manifests cannot say: with equal counts each is as likely`],
      };
    default:
      // rr, and wrr with the equal weights kube-proxy sets: each new connection goes to the next server in turn.
      return {
        index: spread,
        probabilities: even,
        how: `IPVS scheduler ${scheduler}, round robin: each new connection to the next server in turn`,
        hashed: false,
        details: scheduler === 'wrr' ? ['wrr weighs the turns, and kube-proxy gives every server weight 1: it behaves as rr'] : [],
      };
  }
}

const CONNECTION_COUNTING: Record<string, string> = {
  lc: 'least-connection, the server with the fewest active connections',
  wlc: 'weighted least-connection, the fewest connections per weight (all weights are 1)',
  sed: 'shortest expected delay, the fewest active connections plus one, per weight',
  nq: 'never queue, an idle server if there is one, else the shortest expected delay',
};
