import type { ClusterSnapshot, SimPod } from '../engine';
import { failure, NOT_SIMULATED, output, type CommandOutput, type DnsQueryRecord } from './commandOutput';
import { lastOption, readKubectlArguments } from './kubectlArguments';
import { parseLabelQuery } from './labelQuery';
import { podForTarget } from './podLookup';

/** What CoreDNS prints as it starts (kubeadm's image), before any query. */
const STARTUP = ['.:53', '[INFO] plugin/reload: Running configuration SHA512 = (simulated)', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9'];

/**
 * `kubectl logs` of the cluster DNS pods (`-n kube-system -l k8s-app=kube-dns`, `deploy/coredns` or a pod): the
 * queries this terminal's commands sent, in the log plugin's format, each on the CoreDNS pod kube-proxy gave it
 * to. Other pods' logs are the applications' own, which the manifests do not hold.
 */
export function kubectlLogs(words: readonly string[], snapshot: ClusterSnapshot, currentNamespace: string, queries: readonly { readonly query: DnsQueryRecord; readonly batch: number }[]): CommandOutput {
  const parsed = readKubectlArguments(words, [
    { long: 'container', short: 'c', takesValue: true },
    { long: 'follow', short: 'f', takesValue: false },
    { long: 'tail', takesValue: true },
    { long: 'timestamps', takesValue: false },
    { long: 'prefix', takesValue: false },
  ]);
  if ('error' in parsed) return failure(parsed.error);
  const namespace = lastOption(parsed, 'namespace') ?? currentNamespace;
  const selector = lastOption(parsed, 'selector');
  let pods: SimPod[];
  if (selector !== undefined) {
    const query = parseLabelQuery(selector);
    if ('error' in query) return failure(query.error);
    pods = snapshot.pods.filter((pod) => pod.namespace === namespace && query(pod.labels));
    if (pods.length === 0) return output('', 0, [], `No resources found in ${namespace} namespace.\n`);
  } else {
    const [target] = parsed.positionals;
    if (!target) return failure('error: expected \'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]\'.');
    const pod = podForTarget(target, namespace, snapshot);
    if ('error' in pod) return failure(pod.error);
    pods = [pod];
  }
  const dnsPods = coreDnsPods(snapshot);
  if (!pods.every((pod) => dnsPods.includes(pod))) {
    return failure(`kubetrace: not simulated: the logs of ${pods.map((pod) => `${pod.namespace}/${pod.name}`).join(', ')} are the application's own, which the manifests do not hold; the terminal shows CoreDNS's (kubectl logs -n kube-system -l k8s-app=kube-dns)`, NOT_SIMULATED);
  }
  const tail = Number(lastOption(parsed, 'tail') ?? (selector !== undefined ? 10 : -1));
  const blocks = pods.map((pod) => {
    const lines = [...STARTUP, ...queries.flatMap(({ query, batch }, at) => (dnsPods[batch % dnsPods.length] === pod ? [logLine(query, batch, at)] : []))];
    const shown = tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
    return shown.map((line) => `${parsed.flags.has('prefix') ? `[pod/${pod.name}/coredns] ` : ''}${line}\n`).join('');
  });
  const note = { text: "kubeadm's default Corefile has no `log` plugin: a real CoreDNS prints these query lines only once `log` is added to its Corefile" };
  return output(blocks.join(''), 0, queries.length > 0 ? [note] : []);
}

/** The pods behind kube-system/kube-dns, in the order kube-proxy's endpoints list them. */
function coreDnsPods(snapshot: ClusterSnapshot): SimPod[] {
  const endpoints = snapshot.endpoints.get('kube-system/kube-dns')?.endpoints ?? [];
  return endpoints.flatMap((endpoint) => snapshot.pods.filter((pod) => pod.namespace === 'kube-system' && pod.ips.includes(endpoint.ip)));
}

/** The log plugin's common format: `[INFO] CLIENT:PORT - ID "TYPE IN NAME udp SIZE false 512" RCODE FLAGS SIZE DURATION`. */
function logLine(query: DnsQueryRecord, batch: number, at: number): string {
  const name = query.name.endsWith('.') ? query.name : `${query.name}.`;
  const requestSize = 12 + name.length + 1 + 4;
  const answerSize = query.type === 'AAAA' ? 28 : query.type === 'A' ? 16 : 40;
  const flags = query.rcode === 'NOERROR' || query.rcode === 'NXDOMAIN' ? 'qr,aa,rd' : 'qr,rd';
  const port = 40000 + ((batch * 7919) % 20000);
  const id = (at * 40503 + 17) % 65536;
  return `[INFO] ${query.client}:${port} - ${id} "${query.type} IN ${name} udp ${requestSize} false 512" ${query.rcode} ${flags} ${requestSize + query.answers * answerSize} 0.000${String(100 + ((at * 37) % 800)).padStart(3, '0')}s`;
}
