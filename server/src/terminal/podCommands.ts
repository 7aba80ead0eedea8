import { classifyAddress, isolatingPolicies, parseAddress, resolveName, type ClusterSnapshot, type SimPod } from '../engine';
import { failure, NOT_SIMULATED, notSimulatedHere, output, type CommandOutput } from './commandOutput';
import { podClient, traceConnection, type TracedConnection } from './connectionOutcome';
import { dig, nslookup, resolvConfText, resolverQueries } from './dnsTools';
import { curl, wget, withEffects } from './httpClients';

/** More replies than this would only repeat themselves. */
const MAX_PINGS = 100;

export const POD_COMMANDS = ['curl', 'wget', 'nslookup', 'dig', 'cat /etc/resolv.conf', 'cat /etc/hostname', 'hostname', 'nc -zv HOST PORT', 'ping', 'exit'];

/** A command run in a pod's network namespace, as the pod's own programs would answer it. */
export function runInPod(words: readonly string[], pod: SimPod, snapshot: ClusterSnapshot): CommandOutput {
  const [program, ...args] = words;
  const client = podClient(pod, (host) => resolverQueries(host, pod, snapshot));
  switch (program) {
    case 'curl':
      return curl(args, client, snapshot);
    case 'wget':
      return wget(args, client, snapshot);
    case 'nslookup':
      return nslookup(args, pod, snapshot);
    case 'dig':
      return dig(args, pod, snapshot);
    case 'hostname':
      return output(`${pod.hostname}\n`);
    case 'cat':
      return cat(args, pod, snapshot);
    case 'nc':
    case 'netcat':
      return netcat(args, pod, snapshot);
    case 'ping': {
      const result = ping(args, pod, snapshot);
      const host = args.filter((arg, at) => !arg.startsWith('-') && !['-c', '-W', '-w', '-i'].includes(args[at - 1] ?? '')).at(-1);
      return host ? { ...result, dnsQueries: resolverQueries(host, pod, snapshot, ['A']) } : result;
    }
    case 'sh':
    case 'bash':
    case '/bin/sh':
    case '/bin/bash':
      if (args[0] === '-c' && args[1] !== undefined) return failure('kubetrace: `sh -c` is not simulated: give the command itself after --', NOT_SIMULATED);
      return failure('kubetrace: a shell needs -it (kubectl exec -it POD -- sh)', NOT_SIMULATED);
    default:
      return failure(`kubetrace: command not simulated in a pod: ${words.join(' ')}\nsimulated here: ${POD_COMMANDS.join(', ')}`, NOT_SIMULATED);
  }
}

function cat(args: readonly string[], pod: SimPod, snapshot: ClusterSnapshot): CommandOutput {
  const file = args[0];
  if (file === '/etc/resolv.conf') {
    const { text, notes } = resolvConfText(pod, snapshot);
    return output(text, 0, notes);
  }
  if (file === '/etc/hostname') return output(`${pod.hostname}\n`);
  return failure(`kubetrace: cat ${file ?? ''}: only /etc/resolv.conf and /etc/hostname are simulated`, NOT_SIMULATED);
}

/** `nc -zv [-w SEC] HOST PORT`, as OpenBSD netcat (the netshoot image's) reports a connection attempt. */
function netcat(args: readonly string[], pod: SimPod, snapshot: ClusterSnapshot): CommandOutput {
  const positional: string[] = [];
  let timeout = false;
  let udp = false;
  for (let at = 0; at < args.length; at++) {
    const arg = args[at]!;
    if (arg === '-w') {
      timeout = true;
      at++;
    } else if (/^-[zvnu]+$/.test(arg)) udp ||= arg.includes('u');
    else if (arg.startsWith('-w')) timeout = true;
    else if (arg.startsWith('-')) return failure(`nc: option ${arg} not simulated (the terminal's nc takes -z -v -n -w SEC)`, 1);
    else positional.push(arg);
  }
  const [host, portText] = positional;
  const port = Number(portText);
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) return failure('usage: nc [-zv] [-w timeout] destination port', 1);
  if (udp) return failure('kubetrace: nc -u is not simulated: UDP has no connection to report on', NOT_SIMULATED);
  const traced = traceConnection({ from: { kind: 'pod', namespace: pod.namespace, name: pod.name }, host, port }, snapshot);
  return withEffects(netcatOutput(host, port, timeout, traced), traced, resolverQueries(host, pod, snapshot));
}

function netcatOutput(host: string, port: number, timeout: boolean, { outcome, notes }: TracedConnection): CommandOutput {
  const address = 'address' in outcome && outcome.address ? outcome.address : host;
  const said = (line: string, status: number): CommandOutput => ({ stdout: '', stderr: `${line}\n`, status, notes });
  switch (outcome.kind) {
    case 'answered':
    case 'reset':
      return said(`Connection to ${host} (${address}) ${port} port [tcp/*] succeeded!`, 0);
    case 'unresolved':
    case 'resolve-timeout':
      return said(`nc: getaddrinfo for host "${host}" port ${port}: Name or service not known`, 1);
    case 'refused':
      return said(`nc: connect to ${host} (${address}) port ${port} (tcp) failed: Connection refused`, 1);
    case 'timeout':
      return said(timeout ? `nc: connect to ${host} (${address}) port ${port} (tcp) timed out: Operation now in progress` : `nc: connect to ${host} (${address}) port ${port} (tcp) failed: Connection timed out`, 1);
    case 'not-simulated':
      return notSimulatedHere(outcome.why, notes);
  }
}

/**
 * `ping [-c N] HOST`: a ClusterIP answers no ICMP under kube-proxy's iptables and nftables modes (only the DNAT'd
 * ports exist), but does in IPVS mode (the address is on the kube-ipvs0 device). A pod answers when no policy
 * isolates it; where one does, NetworkPolicy says nothing of ICMP and CNIs differ, so that is not simulated.
 */
function ping(args: readonly string[], pod: SimPod, snapshot: ClusterSnapshot): CommandOutput {
  let count = 4;
  let host: string | undefined;
  const notes = [];
  let counted = false;
  for (let at = 0; at < args.length; at++) {
    const arg = args[at]!;
    if (arg === '-c') {
      count = Number(args[++at]);
      counted = true;
    } else if (arg.startsWith('-c')) {
      count = Number(arg.slice(2));
      counted = true;
    } else if (arg === '-W' || arg === '-w' || arg === '-i') at++;
    else if (arg.startsWith('-')) return failure(`ping: option ${arg} not simulated (the terminal's ping takes -c N, -W SEC)`, 2);
    else host = arg;
  }
  if (!host) return failure('ping: usage error: Destination address required', 2);
  if (!Number.isInteger(count) || count < 1) return failure(`ping: invalid argument: '${count}'`, 1);
  if (count > MAX_PINGS) {
    notes.push({ text: `the terminal sends ${MAX_PINGS} pings at most, not ${count}` });
    count = MAX_PINGS;
  }
  if (!counted) notes.push({ text: 'ping runs until interrupted; the terminal sends 4 (give -c N for another count)' });
  const resolved = parseAddress(host) ? { name: host, ip: host } : resolvedAddress(host, pod, snapshot);
  if (!resolved) return failure(`ping: ${host}: Name or service not known`, 2);
  const where = classifyAddress(resolved.ip, snapshot);
  const header = `PING ${resolved.name} (${resolved.ip}) 56(84) bytes of data.\n`;
  const statistics = (received: number) => `\n--- ${resolved.name} ping statistics ---\n${count} packets transmitted, ${received} received, ${received === count ? 0 : 100}% packet loss, time ${(count - 1) * 1000 + 4}ms\n`;
  const replies = () => Array.from({ length: count }, (_, at) => `64 bytes from ${resolved.ip}: icmp_seq=${at + 1} ttl=64 time=0.100 ms\n`).join('') + statistics(count) + 'rtt min/avg/max/mdev = 0.100/0.100/0.100/0.000 ms\n';
  if (where.kind === 'cluster-ip') {
    if (snapshot.profile.kubeProxy.mode === 'ipvs') return output(header + replies(), 0, [...notes, { text: `IPVS mode binds ${resolved.ip} to the kube-ipvs0 device of every node, so the node answers the ping itself` }]);
    return output(header + statistics(0), 1, [...notes, { text: `${resolved.ip} is the ClusterIP of Service ${where.service.namespace}/${where.service.name}: kube-proxy (${snapshot.profile.kubeProxy.mode} mode) only rewrites its declared ports; nothing answers ICMP to it`, ...(where.service.source && { source: where.service.source }) }]);
  }
  if (where.kind === 'pod') {
    const isolation = isolatingPolicies([where.pod, pod], snapshot);
    if (isolation.ingress.length > 0 || isolation.egress.length > 0) return failure(`kubetrace: not simulated: NetworkPolicy selects ${where.pod.namespace}/${where.pod.name} or this pod and says nothing of ICMP; whether ${snapshot.profile.cni.plugin} lets a ping through is not modelled`, NOT_SIMULATED);
    return output(header + replies(), 0, notes);
  }
  return failure(`kubetrace: not simulated: ${resolved.ip} is ${where.kind === 'outside' ? 'outside the cluster' : `a ${where.kind} address`}; ICMP to it is not modelled`, NOT_SIMULATED);
}

function resolvedAddress(host: string, pod: SimPod, snapshot: ClusterSnapshot): { name: string; ip: string } | undefined {
  const resolution = resolveName(host, 'A', pod, snapshot);
  const record = resolution.answer.find((candidate) => candidate.type === 'A');
  return record && resolution.resolvedName ? { name: resolution.resolvedName.replace(/\.$/, ''), ip: String(record.data) } : undefined;
}
