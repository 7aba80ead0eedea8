/** Host header → the name routing uses: lower case, without the port and the trailing dot. */
export function requestHostname(host: string | undefined): string | undefined {
  if (host === undefined || host === '') return undefined;
  const withoutPort = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return withoutPort.toLowerCase().replace(/\.$/, '');
}

/** Ingress host rules: `*.foo.com` matches exactly one more label (`bar.foo.com`, not `foo.com` nor `baz.bar.foo.com`). */
export function ingressHostMatches(pattern: string, host: string): boolean {
  const lower = pattern.toLowerCase();
  if (!lower.startsWith('*.')) return lower === host;
  const suffix = lower.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, -suffix.length);
  return label.length > 0 && !label.includes('.');
}

/** Gateway API hostnames: `*.example.com` matches one or more labels before `example.com`, never `example.com` itself. */
export function gatewayHostMatches(pattern: string, host: string): boolean {
  const lower = pattern.toLowerCase();
  if (!lower.startsWith('*.')) return lower === host;
  return host.endsWith(lower.slice(1)) && host.length > lower.length - 1;
}

/** Whether two Gateway API hostnames (either may be a wildcard) can both match some name. */
export function hostnamesIntersect(a: string, b: string): boolean {
  const aWild = a.startsWith('*.');
  const bWild = b.startsWith('*.');
  if (!aWild && !bWild) return a.toLowerCase() === b.toLowerCase();
  if (aWild && !bWild) return gatewayHostMatches(a, b.toLowerCase());
  if (!aWild && bWild) return gatewayHostMatches(b, a.toLowerCase());
  return a.endsWith(b.slice(1)) || b.endsWith(a.slice(1));
}
