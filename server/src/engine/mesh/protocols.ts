/** The protocols Istio reads from a Service port's name (`http`, `http-web`). */
const NAMED_PROTOCOLS = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'mongo', 'mysql', 'redis', 'tcp', 'tls', 'udp'];

/** The appProtocol values Istio knows. */
export const MESH_APP_PROTOCOLS: ReadonlySet<string> = new Set([...NAMED_PROTOCOLS, 'kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss']);

/** The ones Envoy handles as HTTP (routes, retries, authorization on methods and paths). */
export const HTTP_PROTOCOLS: ReadonlySet<string> = new Set(['http', 'http2', 'grpc', 'grpc-web', 'kubernetes.io/h2c']);

/** The protocol a port's name declares (`name` or `name-suffix`), if any. */
export function namedProtocol(name: string): string | undefined {
  return NAMED_PROTOCOLS.find((protocol) => name === protocol || name.startsWith(`${protocol}-`));
}
