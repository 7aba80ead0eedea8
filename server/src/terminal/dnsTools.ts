import { answerQuery, parseAddress, resolvConfOf, resolveName, traceRequest, type ClusterSnapshot, type DnsAnswer, type ResourceRecord, type SimPod } from '../engine';
import { failure, type CommandOutput, type DnsQueryRecord, type TerminalNote } from './commandOutput';

/** The TTL of kubeadm's Corefile (`kubernetes ... { ttl 30 }`), which CoreDNS gives the cluster's records. */
const RECORD_TTL = 30;

/**
 * Whether the pod's queries reach its nameserver: a UDP packet to it on port 53, which NetworkPolicy decides on
 * like any other. Undefined when they do; otherwise why not, as a note.
 */
function unreachableNameserver(pod: SimPod, nameserver: string | undefined, snapshot: ClusterSnapshot): TerminalNote | undefined {
  if (!nameserver) return { text: "the pod's resolv.conf names no nameserver" };
  const trace = traceRequest({ from: { kind: 'pod', namespace: pod.namespace, name: pod.name }, to: { host: nameserver, port: 53 }, protocol: 'UDP' }, snapshot);
  if ('error' in trace || trace.verdict.kind !== 'denied') return undefined;
  const source = [...trace.hops].reverse().find((hop) => hop.refs.length > 0)?.refs[0];
  return { text: `denied: ${trace.verdict.summary}`, ...(source && { source }) };
}

/** `nslookup NAME [SERVER]` in a pod, in the BIND 9 tool's output (the dnsutils and netshoot images'). */
export function nslookup(args: readonly string[], pod: SimPod, snapshot: ClusterSnapshot): CommandOutput {
  const name = args.find((arg) => !arg.startsWith('-'));
  if (!name) return failure('nslookup: the terminal answers `nslookup NAME` (interactive mode is not simulated)', 1);
  const conf = resolvConfOf(pod, snapshot);
  const server = conf.nameservers[0];
  const blocked = unreachableNameserver(pod, server, snapshot);
  if (blocked) return { stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '', status: 1, notes: [blocked] };
  const header = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  const ipv4 = resolveName(name, 'A', pod, snapshot);
  const ipv6 = resolveName(name, 'AAAA', pod, snapshot);
  const notes = answerNotes(ipv4, conf.notes);
  if (ipv4.answer.length === 0 && ipv6.answer.length === 0) {
    return { stdout: `${header}** server can't find ${name}: ${ipv4.rcode === 'NOERROR' ? 'NXDOMAIN' : ipv4.rcode}\n\n`, stderr: '', status: 1, notes, dnsQueries: resolverQueries(name, pod, snapshot) };
  }
  const lines: string[] = [];
  for (const record of [...ipv4.answer, ...ipv6.answer.filter((record) => record.type === 'AAAA')]) {
    if (record.type === 'CNAME') lines.push(`${withoutDot(record.name)}\tcanonical name = ${String(record.data)}`);
    else lines.push(`Name:\t${withoutDot(record.name)}\nAddress: ${String(record.data)}`);
  }
  return { stdout: `${header}${dedupe(lines).join('\n')}\n\n`, stderr: '', status: 0, notes, dnsQueries: resolverQueries(name, pod, snapshot) };
}

/** `dig [@SERVER] NAME [TYPE] [+short] [+search]` in a pod: without +search, the name is asked as written, as dig does. */
export function dig(args: readonly string[], pod: SimPod, snapshot: ClusterSnapshot): CommandOutput {
  let name: string | undefined;
  let type = 'A';
  let short = false;
  let search = false;
  for (const arg of args) {
    if (arg === '+short') short = true;
    else if (arg === '+search') search = true;
    else if (arg.startsWith('+') || arg.startsWith('@')) continue;
    else if (/^(A|AAAA|SRV|PTR|CNAME|TXT|NS|SOA|MX|ANY)$/i.test(arg) && name !== undefined) type = arg.toUpperCase();
    else if (arg === '-x') type = 'PTR';
    else if (arg.startsWith('-')) return failure(`dig: option ${arg} not simulated`, 1);
    else name = type === 'PTR' && !arg.endsWith('.arpa') ? reverseName(arg) : arg;
  }
  if (!name) return failure('dig: the terminal answers `dig NAME [TYPE] [+short] [+search]`', 1);
  const conf = resolvConfOf(pod, snapshot);
  const server = conf.nameservers[0];
  const blocked = unreachableNameserver(pod, server, snapshot);
  if (blocked) return { stdout: `;; communications error to ${server}#53: timed out\n;; communications error to ${server}#53: timed out\n;; communications error to ${server}#53: timed out\n\n; <<>> DiG 9.18.28 <<>> ${args.join(' ')}\n;; global options: +cmd\n;; no servers could be reached\n`, stderr: '', status: 9, notes: [blocked] };
  const answer: DnsAnswer & { resolvedName?: string | undefined } = search ? resolveName(name, type, pod, snapshot) : answerQuery(absolute(name), type, snapshot);
  const asked = search && 'resolvedName' in answer && answer.resolvedName ? answer.resolvedName : absolute(name);
  const notes = answerNotes(answer, conf.notes);
  const dnsQueries = search ? resolverQueries(name, pod, snapshot, [type]) : [{ client: pod.ips[0] ?? '0.0.0.0', name: asked, type, rcode: answer.rcode, answers: answer.answer.length }];
  if (short) return { stdout: answer.answer.map((record) => `${recordData(record)}\n`).join(''), stderr: '', status: 0, notes, dnsQueries };
  const records = answer.answer.map((record) => `${record.name}\t\t${RECORD_TTL}\tIN\t${record.type}\t${recordData(record)}`);
  const text = [
    '',
    `; <<>> DiG 9.18.28 <<>> ${args.join(' ')}`,
    ';; global options: +cmd',
    ';; Got answer:',
    `;; ->>HEADER<<- opcode: QUERY, status: ${answer.rcode}, id: ${queryId(asked)}`,
    `;; flags: qr aa rd; QUERY: 1, ANSWER: ${records.length}, AUTHORITY: 0, ADDITIONAL: 1`,
    ';; WARNING: recursion requested but not available',
    '',
    ';; QUESTION SECTION:',
    `;${asked}\t\t\tIN\t${type}`,
    ...(records.length > 0 ? ['', ';; ANSWER SECTION:', ...records] : []),
    '',
    ';; Query time: 0 msec',
    `;; SERVER: ${server}#53(${server}) (UDP)`,
    '',
  ];
  return { stdout: `${text.join('\n')}\n`, stderr: '', status: 0, notes, dnsQueries };
}

/** `cat /etc/resolv.conf`: the file the kubelet writes for the pod's dnsPolicy and dnsConfig. */
export function resolvConfText(pod: SimPod, snapshot: ClusterSnapshot): { readonly text: string; readonly notes: readonly TerminalNote[] } {
  const conf = resolvConfOf(pod, snapshot);
  const lines = [...conf.nameservers.map((server) => `nameserver ${server}`), ...(conf.search.length > 0 ? [`search ${conf.search.join(' ')}`] : []), ...(conf.options.length > 0 ? [`options ${conf.options.join(' ')}`] : [])];
  return { text: lines.map((line) => `${line}\n`).join(''), notes: conf.notes.map((text) => ({ text })) };
}

function answerNotes(answer: DnsAnswer & { readonly tried?: readonly string[] }, confNotes: readonly string[]): TerminalNote[] {
  const tried = answer.tried && answer.tried.length > 1 ? [`queries sent: ${answer.tried.join(', ')}`] : [];
  return [...tried, ...answer.notes.filter((note) => !confNotes.includes(note))].map((text) => ({ text }));
}

function recordData(record: ResourceRecord): string {
  if (typeof record.data === 'string') return record.data;
  return `${record.data.priority} ${record.data.weight} ${record.data.port} ${record.data.target}`;
}

function absolute(name: string): string {
  return name.endsWith('.') ? name.toLowerCase() : `${name.toLowerCase()}.`;
}

function withoutDot(name: string): string {
  return name.replace(/\.$/, '');
}

function dedupe(lines: readonly string[]): string[] {
  return [...new Set(lines)];
}

function reverseName(address: string): string {
  return `${address.split('.').reverse().join('.')}.in-addr.arpa.`;
}

/** A message id that stays the same for the same question, so that a transcript can be compared. */
function queryId(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 65536;
  return hash;
}

/**
 * The queries a pod's stub resolver sends for a name, as getaddrinfo does for a program (curl, wget, nc, ping):
 * A and AAAA for each name of the search sequence until one answers. None for an address.
 */
export function resolverQueries(host: string, pod: SimPod, snapshot: ClusterSnapshot, types: readonly string[] = ['A', 'AAAA']): DnsQueryRecord[] {
  if (parseAddress(host) || host === 'localhost') return [];
  const conf = resolvConfOf(pod, snapshot);
  if (conf.nameservers.length === 0) return [];
  const tried = resolveName(host, 'A', pod, snapshot).tried;
  const client = pod.ips[0] ?? '0.0.0.0';
  const queries: DnsQueryRecord[] = [];
  for (const name of tried) {
    const answers = types.map((type) => ({ type, answer: answerQuery(name, type, snapshot) }));
    for (const { type, answer } of answers) queries.push({ client, name, type, rcode: answer.rcode, answers: answer.answer.length });
    if (answers.some(({ answer }) => answer.answer.length > 0)) break;
  }
  return queries;
}
