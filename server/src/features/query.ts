import { answerHttp, type ClusterSnapshot, defaultClient, evaluateConnection, type KubeProxyMode, parseAddress, parseDestination, parseProtocol, parseSource, type PolicyPeer, proxyServicePorts, readHttpRequest, type RecordType, renderEndpointsTable, renderProxyRules, resolveName, serviceEnvironment, traceRequest } from '../engine';

/** A DNS type mnemonic (A, SRV, HINFO, TYPE65...): the engine answers every type as CoreDNS does. */
const RECORD_TYPE = /^[A-Z][A-Z0-9-]*$/;

/** One request of `kubetrace query` or the `kubetrace/query` LSP request; see schemas/query.schema.json. */
export type QueryRequest = Record<string, unknown> & { id?: unknown; kind?: unknown };

/** Answers one request; never throws on bad input. */
export function answerRequest(request: QueryRequest, snapshot: ClusterSnapshot): Record<string, unknown> {
  const id = request.id ?? null;
  const fail = (error: string) => ({ id, error });
  switch (request.kind) {
    case 'dns': {
      if (typeof request['name'] !== 'string' || request['name'] === '') return fail('a dns request needs "name"');
      const type = String(request['type'] ?? 'A').toUpperCase();
      if (!RECORD_TYPE.test(type)) return fail(`"type" must be a DNS record type such as A, AAAA or SRV, not ${type}`);
      const from = request['fromNamespace'];
      if (from !== undefined && from !== null && typeof from !== 'string') return fail('"fromNamespace" must be a namespace or null');
      const result = resolveName(request['name'], type as RecordType, typeof from === 'string' ? defaultClient(from) : undefined, snapshot);
      return { id, rcode: result.rcode, answer: result.answer, tried: result.tried, resolvedName: result.resolvedName ?? null, notes: result.notes };
    }
    case 'trace': {
      if (typeof request['from'] !== 'string' || typeof request['to'] !== 'string') return fail('a trace request needs "from" and "to" strings');
      const from = parseSource(request['from']);
      if (typeof from === 'string') return fail(from);
      const to = parseDestination(request['to']);
      if (typeof to === 'string') return fail(to);
      const protocol = parseProtocol(typeof request['protocol'] === 'string' ? request['protocol'] : undefined);
      if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') return fail(protocol);
      const method = request['method'];
      if (method !== undefined && typeof method !== 'string') return fail('"method" must be a string');
      const headers = request['headers'];
      if (headers !== undefined && (typeof headers !== 'object' || headers === null || Array.isArray(headers) || Object.values(headers).some((value) => typeof value !== 'string'))) return fail('"headers" must map header names to strings');
      const http = { ...(method && { method: method.toUpperCase() }), ...(headers && { headers: Object.fromEntries(Object.entries(headers as Record<string, string>).map(([name, value]) => [name.toLowerCase(), value])) }) };
      const trace = traceRequest({ from, to: { ...to, ...http }, protocol }, snapshot);
      return 'error' in trace ? fail(trace.error) : { id, ...trace };
    }
    case 'rules': {
      const mode = (request['mode'] ?? snapshot.profile.kubeProxy.mode) as string;
      if (mode !== 'iptables' && mode !== 'ipvs' && mode !== 'nftables') return fail(`mode must be iptables, ipvs or nftables, not ${mode}`);
      const node = typeof request['node'] === 'string' ? request['node'] : snapshot.nodes[0]?.name;
      if (!node || !snapshot.nodes.some((candidate) => candidate.name === node)) return fail(`there is no node ${String(request['node'])}`);
      const builtins = request['builtins'] ?? true;
      if (typeof builtins !== 'boolean') return fail('"builtins" must be true or false');
      // The built-in Services (default/kubernetes, kube-dns) and stand-ins are the simulation's, not the workspace's.
      return { id, mode, node, text: renderProxyRules(snapshot, mode as KubeProxyMode, node, builtins ? undefined : proxyServicePorts(snapshot).filter((entry) => !entry.service.virtual)) };
    }
    case 'env': {
      if (typeof request['namespace'] !== 'string') return fail('an env request needs "namespace"');
      return { id, namespace: request['namespace'], variables: serviceEnvironment(request['namespace'], snapshot) };
    }
    case 'endpoints': {
      if (typeof request['namespace'] !== 'string') return fail('an endpoints request needs "namespace"');
      return { id, namespace: request['namespace'], text: renderEndpointsTable(snapshot, request['namespace']) };
    }
    case 'connect':
      return answerConnect(request, snapshot, fail);
    case 'http': {
      const request_ = readHttpRequest(request, (namespace, name) => snapshot.pods.find((pod) => pod.namespace === namespace && (pod.workload.name === name || pod.name === name))?.labels);
      if (typeof request_ === 'string') return fail(request_);
      const result = answerHttp(request_, snapshot);
      return { id: request.id ?? null, status: result.status, backend: result.backend, rule: result.rule, via: result.via, ...(result.backendPath !== undefined && { backendPath: result.backendPath }), ...(result.split && { split: result.split }), notes: result.notes, refs: result.refs };
    }
    default:
      return fail(`unknown request kind ${JSON.stringify(request.kind)} (known: dns, trace, connect, rules, endpoints, env, http)`);
  }
}

/**
 * A workload as written in the workspace (`NS/NAME` or `NS/Kind/NAME`), a Pod by its own name, or an IPv4
 * address outside the cluster.
 */
export function connectPeer(text: string, snapshot: ClusterSnapshot): PolicyPeer | string {
  const address = parseAddress(text);
  if (address) return { kind: 'external', ip: address.address };
  const source = parseSource(text);
  if (typeof source === 'string') return source;
  if (source.kind !== 'workload') return `"${text}" is not a workload or an address`;
  const pods = snapshot.pods.filter(
    (pod) => pod.namespace === source.namespace && pod.ips.length > 0 && (pod.workload.name === source.name || (pod.name === source.name && !pod.simulated)) && (!source.workloadKind || pod.workload.kind.toLowerCase() === source.workloadKind.toLowerCase()),
  );
  const kinds = new Set(pods.map((pod) => pod.workload.kind));
  if (pods.length === 0) return `there is no workload ${text} with a running pod`;
  if (kinds.size > 1 && !source.workloadKind) return `${text} names ${[...kinds].join(' and ')}: write NS/Kind/NAME`;
  return { kind: 'pod', pod: pods[0]!, ip: pods[0]!.ips[0]! };
}

function answerConnect(request: QueryRequest, snapshot: ClusterSnapshot, fail: (error: string) => Record<string, unknown>): Record<string, unknown> {
  if (typeof request['from'] !== 'string' || typeof request['to'] !== 'string') return fail('a connect request needs "from" and "to"');
  const port = request['port'];
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return fail('"port" must be a number from 1 to 65535');
  const protocol = parseProtocol(typeof request['protocol'] === 'string' ? request['protocol'] : undefined);
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') return fail(protocol);
  const from = connectPeer(request['from'], snapshot);
  if (typeof from === 'string') return fail(from);
  const to = connectPeer(request['to'], snapshot);
  if (typeof to === 'string') return fail(to);
  const verdict = evaluateConnection({ from, to, protocol, port }, snapshot);
  return {
    id: request.id ?? null,
    allowed: verdict.allowed,
    verdict: verdict.allowed ? 'allowed' : verdict.enforced ? 'denied' : 'denied by policy, not enforced by the CNI',
    explanation: verdict.explanation,
    enforced: verdict.enforced,
    ...(verdict.egress && { egress: verdict.egress }),
    ...(verdict.ingress && { ingress: verdict.ingress }),
    notes: verdict.notes,
  };
}
