import { containersOf, type Container, type KubeObject } from './objects';
import type { Located } from './source';

/**
 * The network hosts a configuration value names: what a client given it connects to. Only URL schemes whose
 * authority is a host the client opens a connection to count; `s3://bucket`, `gs://bucket`, `hf://org/model`,
 * `file:///path` and `oci://registry/artifact` name a bucket, a dataset, a file or an artifact a tool fetches,
 * not a host of the cluster, and are left alone.
 */

/** Schemes whose authority is the host (and port) a client connects to. `git://` is the git daemon's TCP port. */
const NETWORK_SCHEMES = new Set([
  'http', 'https', 'ws', 'wss', 'grpc', 'grpcs', 'h2c', 'tcp', 'udp', 'tls', 'ssl',
  'redis', 'rediss', 'memcached', 'postgres', 'postgresql', 'mysql', 'mysqlx', 'mariadb', 'sqlserver', 'mssql',
  'mongodb', 'mongodb+srv', 'cassandra', 'clickhouse', 'couchbase', 'couchbases', 'neo4j', 'bolt',
  'amqp', 'amqps', 'kafka', 'nats', 'mqtt', 'mqtts', 'stomp', 'zookeeper', 'zk', 'etcd',
  'ldap', 'ldaps', 'smtp', 'smtps', 'imap', 'imaps', 'ftp', 'sftp', 'ssh', 'git',
  // Proxies: SOCKS, and Wavefront's `proxy://wavefront-proxy:2878`.
  'socks', 'socks4', 'socks5', 'socks5h', 'proxy',
]);

/** `scheme://authority`: the authority ends where a path, query, fragment, parameters (JDBC's `;`) or quotes begin. */
const URL = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*):\/\/([^\s/?#;"'<>`]*)/gi;
/** One host of an authority: a DNS name (a Service's name begins with a letter), then an optional port. */
const HOST = /^([a-z][a-z0-9.-]*)(?::(\d{1,5}))?$/i;
/** A whole value that is `host:port`, or a list of them (`kafka-0.kafka:9092,kafka-1.kafka:9092`). */
const HOST_PORT_LIST = /^\s*[a-z][a-z0-9.-]*:\d{1,5}(\s*,\s*[a-z][a-z0-9.-]*:\d{1,5})*\s*$/i;
const DNS_NAME = /^\s*([a-z][a-z0-9-]*(\.[a-z0-9-]+)*\.?)\s*$/i;

export interface HostReference {
  /** As written (a trailing dot kept). */
  readonly host: string;
  readonly port?: number;
  /** Where the host begins in the value. */
  readonly start: number;
  /** The URL's scheme, lower-cased (`postgres`, `jdbc:mysql` gives `mysql`); undefined for a bare `host:port`. */
  readonly scheme?: string;
}

/**
 * The hosts a value connects to: each host of a URL with a network scheme (several for `mongodb://a,b/`), after
 * any `user:password@`, which is never read; or, when the value has no URL, the value as `host:port` or a list
 * of them. A host with `$(VAR)` or `${VAR}` in it is decided only at run time and is not read.
 */
export function hostsIn(value: string): HostReference[] {
  const references: HostReference[] = [];
  let sawUrl = false;
  for (const match of value.matchAll(URL)) {
    sawUrl = true;
    if (!NETWORK_SCHEMES.has(match[1]!.toLowerCase())) continue;
    const authority = match[2]!;
    const authorityStart = match.index + match[1]!.length + '://'.length;
    // The password may hold an unescaped `@`: the host list follows the last one.
    const hostsStart = authority.lastIndexOf('@') + 1;
    references.push(...hostList(authority.slice(hostsStart), authorityStart + hostsStart, match[1]!.toLowerCase()));
  }
  if (!sawUrl && HOST_PORT_LIST.test(value)) references.push(...hostList(value, 0));
  return references;
}

/** `a:1,b:2` read from `offset` in the value, each part trimmed; a part that is not a host is left out. */
function hostList(text: string, offset: number, scheme?: string): HostReference[] {
  const references: HostReference[] = [];
  let partStart = 0;
  for (const part of text.split(',')) {
    const leading = part.length - part.trimStart().length;
    const host = HOST.exec(part.trim());
    if (host) references.push({ host: host[1]!, ...(host[2] && { port: Number(host[2]) }), start: offset + partStart + leading, ...(scheme && { scheme }) });
    partStart += part.length + 1;
  }
  return references;
}

/**
 * The host a value is about, for hovers and navigation: the first host it connects to, or the whole value when
 * it is a bare DNS name (`DB_HOST: postgres`).
 */
export function hostOfValue(value: string): HostReference | undefined {
  const [first] = hostsIn(value);
  if (first) return first;
  const name = DNS_NAME.exec(value);
  return name ? { host: name[1]!, start: value.indexOf(name[1]!) } : undefined;
}

/** The values of one container that may hold a connection string: env values, args and command. */
export function containerValues(container: Container): Located<string>[] {
  return [
    ...(container.env?.value.map((variable) => variable.value).filter((value): value is Located<string> => value !== undefined) ?? []),
    ...(container.args?.value ?? []),
    ...(container.command?.value ?? []),
  ];
}

/** A ConfigMap's values, each with where it is written. */
export function configMapValues(object: KubeObject): Located<string>[] {
  if (object.type !== 'ConfigMap') return [];
  return Object.entries(object.data?.entries ?? {}).map(([key, span]) => ({ value: object.data!.value[key]!, span }));
}

const labelsOfObject = new WeakMap<KubeObject, ReadonlySet<string>>();
const NO_LABELS: ReadonlySet<string> = new Set();

/**
 * Every DNS label of every host an object's connection strings name, lower-cased: the namespaces they may reach
 * into. Worked out once per object: objects never change, and the recheck after every edit asks again.
 */
export function connectionStringLabels(object: KubeObject): ReadonlySet<string> {
  // Looked up first: the recheck after an edit asks this of the thousand objects naming the edited namespace's hosts.
  let labels = labelsOfObject.get(object);
  if (labels) return labels;
  const containers = containersOf(object);
  // Most objects (Services, policies, routes) hold no value of either kind: nothing to keep for them.
  if (containers.length === 0 && !(object.type === 'ConfigMap' && object.data)) return NO_LABELS;
  const found = new Set<string>();
  // The values in the order configMapValues and containerValues give them, with no list of them made: the snapshot asks this of every object.
  const add = (value: string) => {
    for (const reference of hostsIn(value)) for (const label of reference.host.toLowerCase().split('.')) found.add(label);
  };
  if (object.type === 'ConfigMap' && object.data) for (const key of Object.keys(object.data.entries)) add(object.data.value[key]!);
  for (const container of containers) {
    for (const variable of container.env?.value ?? []) if (variable.value !== undefined) add(variable.value.value);
    for (const argument of container.args?.value ?? []) add(argument.value);
    for (const command of container.command?.value ?? []) add(command.value);
  }
  labels = found;
  labelsOfObject.set(object, labels);
  return labels;
}
