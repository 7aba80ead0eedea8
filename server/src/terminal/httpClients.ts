import { parseDestination, type ClusterSnapshot } from '../engine';
import { failure, notSimulatedHere, type CommandOutput, type DnsQueryRecord, type TerminalNote } from './commandOutput';
import { traceConnection, type ConnectionClient, type ConnectionOutcome, type TracedConnection } from './connectionOutcome';

/** How long a connection to a dropped SYN takes to fail without a time limit: Linux's 6 SYN retries (1+2+...+64 s). */
const SYN_TIMEOUT_MS = 127_000;

const REASONS: Record<number, string> = { 200: 'OK', 301: 'Moved Permanently', 302: 'Found', 308: 'Permanent Redirect', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

interface CurlOptions {
  url?: string;
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  head: boolean;
  include: boolean;
  fail: boolean;
  maxTimeMs?: number;
  connectTimeoutMs?: number;
  method?: string;
  headers: Record<string, string>;
  writeOut?: string;
  output?: string;
  /** `--resolve HOST:PORT:ADDRESS`: connect to ADDRESS for HOST:PORT, sending Host: HOST. */
  resolve: { host: string; port: number; address: string }[];
}

/** The curl options the documents use; any other is refused by name rather than ignored. */
function readCurlOptions(args: readonly string[]): CurlOptions | { readonly error: string } {
  const options: CurlOptions = { silent: false, showError: false, verbose: false, head: false, include: false, fail: false, headers: {}, resolve: [] };
  for (let at = 0; at < args.length; at++) {
    const arg = args[at]!;
    const value = () => args[++at];
    if (!arg.startsWith('-') || arg === '-') {
      options.url = arg;
      continue;
    }
    if (/^-[sSvIifkL]+$/.test(arg)) {
      for (const letter of arg.slice(1)) {
        if (letter === 's') options.silent = true;
        if (letter === 'S') options.showError = true;
        if (letter === 'v') options.verbose = true;
        if (letter === 'I') options.head = true;
        if (letter === 'i') options.include = true;
        if (letter === 'f') options.fail = true;
      }
      continue;
    }
    switch (arg) {
      case '--silent': options.silent = true; break;
      case '--show-error': options.showError = true; break;
      case '--verbose': options.verbose = true; break;
      case '--head': options.head = true; break;
      case '--include': options.include = true; break;
      case '--fail': options.fail = true; break;
      case '--insecure': case '--location': break;
      case '-m': case '--max-time': {
        const seconds = Number(value());
        if (!(seconds > 0)) return { error: 'curl: option --max-time: expected a proper numerical parameter' };
        options.maxTimeMs = seconds * 1000;
        break;
      }
      case '--connect-timeout': {
        const seconds = Number(value());
        if (!(seconds > 0)) return { error: 'curl: option --connect-timeout: expected a proper numerical parameter' };
        options.connectTimeoutMs = seconds * 1000;
        break;
      }
      case '-X': case '--request': options.method = value(); break;
      case '-H': case '--header': {
        const header = value() ?? '';
        const colon = header.indexOf(':');
        if (colon > 0) options.headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
        break;
      }
      case '-w': case '--write-out': options.writeOut = value(); break;
      case '--resolve': {
        const entry = /^([^:]+):(\d+):(.+)$/.exec(value() ?? '');
        if (!entry) return { error: 'curl: option --resolve: expected HOST:PORT:ADDRESS' };
        options.resolve.push({ host: entry[1]!.toLowerCase(), port: Number(entry[2]), address: entry[3]!.replace(/^\[|\]$/g, '') });
        break;
      }
      case '-o': case '--output': options.output = value(); break;
      default:
        return { error: `curl: option ${arg}: not simulated (the terminal's curl takes -s -S -v -I -i -f -k -L -m/--max-time --connect-timeout -X -H -w -o --resolve)` };
    }
  }
  return options;
}

/** `curl` in a pod: the request traced through the cluster, printed as curl prints it, with curl's exit status. */
export function curl(args: readonly string[], client: ConnectionClient, snapshot: ClusterSnapshot): CommandOutput {
  const options = readCurlOptions(args);
  if ('error' in options) return failure(options.error, 2);
  if (!options.url) return failure("curl: try 'curl --help' or 'curl --manual' for more information", 2);
  const target = readUrl(options.url);
  if ('error' in target) return failure(`curl: (3) URL rejected: ${target.error}`, 3);
  const method = options.method ?? (options.head ? 'HEAD' : 'GET');
  // --resolve pins the name to an address: no DNS query, and the name goes on as the Host header.
  const pinned = options.resolve.find((entry) => entry.host === target.host.toLowerCase() && entry.port === target.port);
  const headers = pinned && options.headers['host'] === undefined ? { ...options.headers, host: target.port === 80 || target.port === 443 ? target.host : `${target.host}:${target.port}` } : options.headers;
  const traced = traceConnection({ ...client.route(pinned?.address ?? target.host, target.port), scheme: target.scheme, path: target.path, method, ...(Object.keys(headers).length > 0 && { headers }) }, snapshot);
  return withEffects(curlOutput(options, target, method, traced), traced, pinned ? [] : client.queries(target.host));
}

/** The DNS queries and the tracked connection of a client program's run, for CoreDNS's log and conntrack. */
export function withEffects(result: CommandOutput, traced: TracedConnection, queries: readonly DnsQueryRecord[]): CommandOutput {
  return { ...result, ...(queries.length > 0 && { dnsQueries: queries }), ...(traced.tracked && { connections: [traced.tracked] }) };
}

function curlOutput(options: CurlOptions, target: Url, method: string, { outcome, notes }: TracedConnection): CommandOutput {
  const limitMs = Math.min(options.maxTimeMs ?? Infinity, options.connectTimeoutMs ?? Infinity);
  const quiet = options.silent && !options.showError;
  const error = (code: number, message: string): CommandOutput => ({ stdout: writeOut(options, 0), stderr: `${verboseConnect(options, target, outcome)}${quiet ? '' : `curl: (${code}) ${message}\n`}`, status: code, notes });
  switch (outcome.kind) {
    case 'unresolved':
      return error(6, `Could not resolve host: ${target.host}`);
    case 'resolve-timeout':
      return Number.isFinite(limitMs) && limitMs < 10_000 ? error(28, `Resolving timed out after ${limitMs} milliseconds`) : error(6, `Could not resolve host: ${target.host}`);
    case 'refused':
      return error(7, `Failed to connect to ${target.host} port ${target.port} after 1 ms: Connection refused`);
    case 'timeout':
      return Number.isFinite(limitMs) ? error(28, `Connection timed out after ${limitMs + 1} milliseconds`) : error(28, `Failed to connect to ${target.host} port ${target.port} after ${SYN_TIMEOUT_MS} ms: Connection timed out`);
    case 'reset':
      return error(56, 'Recv failure: Connection reset by peer');
    case 'not-simulated':
      return notSimulatedHere(outcome.why, notes);
    case 'answered':
      return answered(options, target, outcome, method, notes);
  }
}

function answered(options: CurlOptions, target: Url, outcome: Extract<ConnectionOutcome, { kind: 'answered' }>, method: string, notes: readonly TerminalNote[]): CommandOutput {
  const statusLine = `HTTP/1.1 ${outcome.status} ${REASONS[outcome.status] ?? ''}`.trimEnd();
  const body = simulatedBody(outcome);
  const headers = [statusLine, 'content-type: text/plain', `content-length: ${body.length}`, 'x-kubetrace: simulated'];
  if (options.fail && outcome.status >= 400) {
    return { stdout: writeOut(options, outcome.status), stderr: `${verboseConnect(options, target, outcome)}${options.silent && !options.showError ? '' : `curl: (22) The requested URL returned error: ${outcome.status}\n`}`, status: 22, notes };
  }
  const verbose = options.verbose ? `${verboseConnect(options, target, outcome)}${verboseRequest(target, method, options.headers)}${headers.map((line) => `< ${line}\n`).join('')}<\n` : '';
  const shownHeaders = options.head || options.include ? `${headers.join('\r\n')}\r\n\r\n` : '';
  const shownBody = options.head || options.output !== undefined ? '' : body;
  return { stdout: `${shownHeaders}${shownBody}${writeOut(options, outcome.status)}`, stderr: verbose + (options.verbose ? `* Connection #0 to host ${target.host} left intact\n` : ''), status: 0, notes };
}

/** The body the simulator answers with: it cannot know the application's, and says so. */
function simulatedBody(outcome: Extract<ConnectionOutcome, { kind: 'answered' }>): string {
  if (outcome.server) return `[kubetrace] simulated response: ${outcome.status} from pod ${outcome.server.namespace}/${outcome.server.name} (${outcome.server.ips[0] ?? 'no address'}); the application's own body is not simulated\n`;
  return `[kubetrace] simulated response: ${outcome.status}, answered on the way: ${outcome.by}\n`;
}

function verboseConnect(options: CurlOptions, target: Url, outcome: ConnectionOutcome): string {
  if (!options.verbose) return '';
  const address = 'address' in outcome ? outcome.address : undefined;
  if (!address) return '';
  const connected = outcome.kind === 'answered' || outcome.kind === 'reset';
  return `*   Trying ${address}:${target.port}...\n${connected ? `* Connected to ${target.host} (${address}) port ${target.port} (#0)\n` : ''}`;
}

function verboseRequest(target: Url, method: string, headers: Readonly<Record<string, string>>): string {
  const hostHeader = target.port === 80 ? target.host : `${target.host}:${target.port}`;
  const lines = [`${method} ${target.path} HTTP/1.1`, `Host: ${headers['host'] ?? hostHeader}`, 'User-Agent: curl/7.88.1', 'Accept: */*', ...Object.entries(headers).filter(([name]) => name !== 'host').map(([name, value]) => `${name}: ${value}`), ''];
  return lines.map((line) => `> ${line}\n`).join('');
}

/** `-w`: the variables scripts read (`%{http_code}`), and `\n`. */
function writeOut(options: CurlOptions, status: number): string {
  if (options.writeOut === undefined) return '';
  return options.writeOut.replace(/%\{http_code\}|%\{response_code\}/g, String(status).padStart(3, '0')).replace(/\\n/g, '\n');
}

interface Url {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

/** A URL as curl reads it: the scheme defaults to http, the path to `/`. */
function readUrl(text: string): Url | { readonly error: string } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const destination = parseDestination(withScheme);
  if (typeof destination === 'string') return { error: destination };
  return { scheme: destination.scheme ?? 'http', host: destination.host, port: destination.port, path: destination.path ?? '/' };
}

/** `wget -qO- URL` (and `-T`, `-S`, `--spider`) in a pod, as busybox's wget answers. */
export function wget(args: readonly string[], client: ConnectionClient, snapshot: ClusterSnapshot): CommandOutput {
  let url: string | undefined;
  let quiet = false;
  let toStdout = false;
  let spider = false;
  let timeoutSeconds: number | undefined;
  for (let at = 0; at < args.length; at++) {
    const arg = args[at]!;
    if (arg === '-q') quiet = true;
    else if (arg === '-O-' || arg === '-qO-') {
      toStdout = true;
      quiet ||= arg === '-qO-';
    } else if (arg === '-O') toStdout = args[++at] === '-';
    else if (arg === '--spider') spider = true;
    else if (arg === '-T' || arg === '--timeout') timeoutSeconds = Number(args[++at]);
    else if (arg.startsWith('-T')) timeoutSeconds = Number(arg.slice(2));
    else if (arg.startsWith('-')) return failure(`wget: option ${arg} not simulated (the terminal's wget takes -q, -O FILE, -O-, -T SEC, --spider)`, 2);
    else url = arg;
  }
  if (!url) return failure('BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-T SEC] URL...', 1);
  const target = readUrl(url);
  if ('error' in target) return failure(`wget: bad address '${url}'`);
  const traced = traceConnection({ ...client.route(target.host, target.port), scheme: target.scheme, path: target.path }, snapshot);
  return withEffects(wgetOutput(target, { quiet, toStdout, spider, timeoutSeconds }, traced), traced, client.queries(target.host));
}

function wgetOutput(target: Url, { quiet, toStdout, spider, timeoutSeconds }: { quiet: boolean; toStdout: boolean; spider: boolean; timeoutSeconds: number | undefined }, { outcome, notes }: TracedConnection): CommandOutput {
  const connecting = quiet ? '' : `Connecting to ${target.host}${target.port === 80 ? '' : `:${target.port}`} (${'address' in outcome && outcome.address ? outcome.address : target.host})\n`;
  const fail = (message: string): CommandOutput => ({ stdout: '', stderr: `${connecting}wget: ${message}\n`, status: 1, notes });
  switch (outcome.kind) {
    case 'unresolved':
    case 'resolve-timeout':
      return { stdout: '', stderr: `wget: bad address '${target.host}${target.port === 80 ? '' : `:${target.port}`}'\n`, status: 1, notes };
    case 'refused':
      return fail(`can't connect to remote host (${outcome.address ?? target.host}): Connection refused`);
    case 'timeout':
      return timeoutSeconds !== undefined ? fail('download timed out') : fail(`can't connect to remote host (${outcome.address ?? target.host}): Connection timed out`);
    case 'reset':
      return fail('error getting response: Connection reset by peer');
    case 'not-simulated':
      return notSimulatedHere(outcome.why, notes);
    case 'answered':
      if (outcome.status >= 400) return fail(`server returned error: HTTP/1.1 ${outcome.status} ${REASONS[outcome.status] ?? ''}`.trimEnd());
      if (spider) return { stdout: '', stderr: quiet ? '' : `${connecting}remote file exists\n`, status: 0, notes };
      return { stdout: toStdout ? simulatedBody(outcome) : '', stderr: toStdout ? connecting : `${connecting}saving to 'index.html'\n'index.html' saved\n`, status: 0, notes };
  }
}
