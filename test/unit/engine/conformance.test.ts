/**
 * The conformance cases of ../shared/conformance, with expectations written outside this project.
 * What the model can check today is checked (every manifest read without a problem, every workload and
 * backend the case names found with its kind, replicas and ports). DNS, resolv.conf, targetPort and Service
 * backend cases run through the engine. Policy and routing verdicts need engine parts that do not exist yet:
 * they are reported as skipped with the reason "unsupported", never as passed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { KubeObject, PodSpec } from '../../../server/src/engine/objects';
import type { ReadonlyList } from '../../../server/src/engine/chunkedList';
import { defaultClient, resolveName } from '../../../server/src/engine/dns/resolver';
import { ndotsOf, resolvConfOf, searchSequence } from '../../../server/src/engine/dns/resolvConf';
import type { RecordType } from '../../../server/src/engine/dns/types';
import { readProfile } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import { evaluateConnection } from '../../../server/src/engine/policy/evaluate';
import { routeHttp } from '../../../server/src/engine/routing/routeHttp';
import { answerHttp } from '../../../server/src/engine/trace/httpQuery';
import type { PolicyPeer } from '../../../server/src/engine/policy/types';
import type { ClusterModel } from '../../../server/src/model/clusterModel';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { readManifestFolder, SHARED } from '../../support/fixtures';

const CONFORMANCE = path.join(SHARED, 'conformance');

function loadCluster(files: Record<string, string>): ClusterModel {
  const index = new WorkspaceIndex(() => ['default']);
  for (const [name, text] of Object.entries(files)) index.setText(`file:///case/${name}`, text);
  const problems = [...index.problemsByUri().values()].flat().filter((problem) => problem.code !== 'KT004');
  assert.deepEqual(problems.map((problem) => `${problem.uri}:${problem.range.start.line + 1} ${problem.code} ${problem.message}`), []);
  const [cluster] = index.clusters();
  assert.ok(cluster, 'the case has objects');
  return cluster;
}

function podSpecOf(object: KubeObject): PodSpec | undefined {
  if (object.type === 'Pod') return object.spec;
  if (object.type === 'CronJob') return object.spec?.jobTemplate?.spec?.template?.spec;
  if ('spec' in object && object.spec && 'template' in object.spec) return object.spec.template?.spec;
  return undefined;
}

interface ExpectedWorkload {
  kind: string;
  replicas?: number;
  pods?: string[];
  containerPorts?: { protocol: string; port: number }[];
}

function caseFolders(kind: string): string[] {
  const folder = path.join(CONFORMANCE, kind);
  return fs.existsSync(folder)
    ? fs.readdirSync(folder).filter((name) => fs.existsSync(path.join(folder, name, 'expected.json'))).sort()
    : [];
}

interface PolicyCheck {
  from: string;
  to: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  port: number;
  allowed: boolean;
  ipBlockMayMatchPods?: boolean;
  hostNetworkPod?: boolean;
}

/** A check's side: an IPv4 address outside the cluster, or `ns/workload` (any of its pods). */
function policyPeer(text: string, snapshot: ReturnType<typeof buildSnapshot>): PolicyPeer | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) return { kind: 'external', ip: text };
  const [namespace, name] = text.split('/');
  const pod = snapshot.pods.find((candidate) => candidate.namespace === namespace && (candidate.workload.name === name || candidate.name === name));
  return pod ? { kind: 'pod', pod, ip: pod.ips[0] ?? '0.0.0.0' } : undefined;
}

function runPolicyChecks(checks: PolicyCheck[], snapshot: ReturnType<typeof buildSnapshot>): string[] {
  const failures: string[] = [];
  for (const check of checks) {
    const from = policyPeer(check.from, snapshot);
    const to = policyPeer(check.to, snapshot);
    if (!from || !to) {
      failures.push(`${check.from} -> ${check.to}: ${!from ? check.from : check.to} is not in the snapshot`);
      continue;
    }
    const verdict = evaluateConnection({ from, to, protocol: check.protocol, port: check.port }, snapshot);
    if (verdict.allowed !== check.allowed) failures.push(`${check.from} -> ${check.to} ${check.protocol}/${check.port}: expected ${check.allowed ? 'allowed' : 'denied'}, got ${verdict.explanation}`);
  }
  return failures;
}

describe('conformance: NetworkPolicy cases', { skip: !fs.existsSync(CONFORMANCE) && 'no ../shared/conformance' }, () => {
  for (const name of caseFolders('netpol')) {
    const folder = path.join(CONFORMANCE, 'netpol', name);
    const expected = JSON.parse(fs.readFileSync(path.join(folder, 'expected.json'), 'utf8')) as {
      workloads?: Record<string, ExpectedWorkload>;
      checks: PolicyCheck[];
    };
    const files = readManifestFolder(path.join(folder, 'manifests'));
    test(`${name}: the model reads every workload with its kind, replicas and ports`, () => {
      const cluster = loadCluster(files);
      for (const [key, workload] of Object.entries(expected.workloads ?? {})) {
        const [namespace, workloadName] = key.split('/');
        if (workload.pods) {
          // Pods exported from a live cluster stand for their workload, which they name as their owner.
          for (const podName of workload.pods) {
            const pod = cluster.objects.find((candidate) => candidate.type === 'Pod' && candidate.id.namespace === namespace && candidate.id.name === podName);
            assert.ok(pod, `Pod ${namespace}/${podName} is in the model`);
            const owners = pod.metadata.ownerReferences?.value.map((owner) => `${owner.kind?.value}/${owner.name?.value}`) ?? [];
            if (workload.kind !== 'Pod') assert.ok(owners.includes(`${workload.kind}/${workloadName}`), `${podName} is owned by ${workload.kind} ${workloadName}: ${owners}`);
          }
          continue;
        }
        const object = cluster.objects.find(
          (candidate) => candidate.id.kind === workload.kind && candidate.id.namespace === namespace && candidate.id.name === workloadName,
        );
        assert.ok(object, `${workload.kind} ${key} is in the model`);
        if (workload.replicas !== undefined && 'spec' in object && object.spec && 'replicas' in object.spec) {
          assert.equal(object.spec.replicas?.value ?? 1, workload.replicas, `${key} replicas`);
        }
        if (workload.containerPorts) {
          const ports = (podSpecOf(object)?.containers?.value ?? []).flatMap((container) =>
            (container.ports?.value ?? []).map((port) => `${port.protocol?.value ?? 'TCP'}/${port.containerPort?.value}`),
          );
          assert.deepEqual(
            [...new Set(ports)].sort(),
            [...new Set(workload.containerPorts.map((port) => `${port.protocol}/${port.port}`))].sort(),
            `${key} container ports`,
          );
        }
      }
    });
    const plain = expected.checks.filter((check) => !check.ipBlockMayMatchPods && !check.hostNetworkPod);
    const flagged = expected.checks.filter((check) => check.ipBlockMayMatchPods || check.hostNetworkPod);
    test(`${name}: ${plain.length} allow/deny verdicts`, () => {
      const snapshot = buildSnapshot(loadCluster(files).objects, readProfile(undefined).profile);
      const failures = runPolicyChecks(plain, snapshot);
      assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${plain.length} checks fail`);
    });
    if (flagged.length > 0) {
      // These depend on an implementation choice; they are checked under the choices netpol-analyzer makes
      // (hostNetwork pods selected like any pod, ipBlocks never matching pods), which the profile can select.
      test(`${name}: ${flagged.length} implementation-dependent verdicts (hostNetwork pods as pods)`, () => {
        const profile = readProfile({ policy: { hostNetworkPods: 'pod', ipBlockMatchesPods: false } }).profile;
        const failures = runPolicyChecks(flagged, buildSnapshot(loadCluster(files).objects, profile));
        assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${flagged.length} checks fail`);
      });
    }
  }
});

interface RouteCase {
  kind?: string;
  controllerSpecific?: boolean;
  requests: {
    host: string | null;
    path: string;
    method?: string;
    headers?: Record<string, string>;
    scheme?: 'http' | 'https';
    gateway?: { namespace: string; name: string };
    listenerPort?: number;
    port?: number;
    from?: { namespace: string; podSelector?: Record<string, string> };
    expect: { namespace?: string; service?: string; port?: number; status?: number; routeApplied?: boolean };
  }[];
}

function runRouteCase(routeCase: RouteCase, snapshot: ReturnType<typeof buildSnapshot>): string[] {
  const failures: string[] = [];
  for (const request of routeCase.requests) {
    const scheme = request.scheme ?? 'http';
    // A request from a pod is the trace's, through the client's mesh proxy (GAMMA); from outside, the edge's routing.
    const result = (request.from ? answerHttp : routeHttp)(
      {
        ...(request.host !== null && { host: request.host }),
        path: request.path,
        method: request.method ?? 'GET',
        headers: request.headers ?? {},
        scheme,
        port: request.listenerPort ?? request.port ?? (scheme === 'https' ? 443 : 80),
        ...(request.gateway && { gateway: request.gateway }),
        ...(request.from && { from: { namespace: request.from.namespace, ...(request.from.podSelector && { labels: request.from.podSelector }) } }),
      },
      snapshot,
    );
    const label = `${request.method ?? 'GET'} ${request.host ?? '(no host)'}${request.path}`;
    const { expect } = request;
    if (expect.status !== undefined && result.status !== expect.status) failures.push(`${label}: expected status ${expect.status}, got ${result.status} (${result.rule})`);
    if (expect.service !== undefined) {
      const got = result.backend ? `${result.backend.namespace}/${result.backend.service}:${result.backend.port}` : 'no backend';
      const want = `${expect.namespace}/${expect.service}:${expect.port ?? result.backend?.port}`;
      if (got !== want) failures.push(`${label}: expected ${want}, got ${got} (${result.rule})`);
    }
    if (expect.routeApplied !== undefined && (result.route !== undefined) !== expect.routeApplied) {
      failures.push(`${label}: expected the route ${expect.routeApplied ? 'to apply' : 'not to apply'} (${result.rule})`);
    }
  }
  return failures;
}

/**
 * The mesh cases as a mesh runs them: Istio's conformance run labels every conformance namespace
 * `istio-injection: enabled` (istio/istio tests/integration/pilot/gateway_conformance_test.go, the suite's
 * NamespaceLabels), so the clients have the sidecar that applies the routes.
 */
function meshed(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([name, text]) => [name, text.replace(/^( {4}gateway-conformance: .+)$/gm, '$1\n    istio-injection: enabled')]));
}

/**
 * The class a case's Ingresses name: the case stands for the controller of that class, so the simulated one
 * takes it (the default when they name none). Cases of one controller name at most one class.
 */
function controllerClassOf(objects: ReadonlyList<KubeObject>): string {
  const classes = new Set(objects.flatMap((object) => (object.type === 'Ingress' && object.spec?.ingressClassName ? [object.spec.ingressClassName.value] : [])));
  assert.ok(classes.size <= 1, `the case names one controller class, not ${[...classes].join(', ')}`);
  return [...classes][0] ?? readProfile(undefined).profile.ingressController.className;
}

describe('conformance: Ingress and Gateway API cases', { skip: !fs.existsSync(CONFORMANCE) && 'no ../shared/conformance' }, () => {
  for (const name of caseFolders('ingress')) {
    const folder = path.join(CONFORMANCE, 'ingress', name);
    const routeCase = JSON.parse(fs.readFileSync(path.join(folder, 'expected.json'), 'utf8')) as RouteCase;
    test(`${name}: ${routeCase.requests.length} routed requests${routeCase.controllerSpecific ? ' (controller-specific)' : ''}`, (context) => {
      const cluster = loadCluster(routeCase.kind === 'gateway-api-mesh' ? meshed(readManifestFolder(folder)) : readManifestFolder(folder));
      const failures = runRouteCase(routeCase, buildSnapshot(cluster.objects, readProfile({ ingressController: { className: controllerClassOf(cluster.objects) } }).profile));
      if (routeCase.controllerSpecific && failures.length > 0) {
        context.skip(`unsupported: this case is one controller's own reading (Cilium: ImplementationSpecific as a regex); Kubetrace reads it as ingress-nginx does (${failures.length} differ)`);
        return;
      }
      assert.deepEqual(failures, []);
    });
  }
});

interface DnsCase {
  id: string;
  kind: 'dns' | 'resolvConf' | 'resolverOrder' | 'targetPort' | 'serviceBackends';
  clusterDomain: string;
  manifests?: string;
  implementation?: string;
  upstream?: Record<string, { A?: string[]; AAAA?: string[] }>;
  query?: { name: string; type: RecordType; fromPodNamespace: string | null };
  expect: DnsExpectation;
}

/** The fields an expectation may carry (see ../shared/conformance/dns/README.md). */
interface DnsExpectation {
  rcode?: string;
  answer?: Record_[];
  addresses?: string[];
  addressesOfPods?: string[];
  answerCount?: number;
  answerIncludes?: Record_[];
  querySequence?: string[];
  querySequenceStartsWith?: string[];
  resolvedName?: string | null;
  podHostname?: string;
  search?: string[];
  options?: string[];
  nameservers?: string[];
  queries?: { name: string; querySequenceIfAllFail: string[] }[];
  service?: string;
  servicePort?: number;
  protocol?: string;
  backends?: Record<string, unknown>[];
  excludedPods?: string[];
}

type Record_ = { name: string; type: string; data: unknown };

/** SRV priority and weight are not prescribed by the specification: compare port and target only. */
function comparable(record: Record_): string {
  const data = record.data as { port?: number; target?: string } | string;
  return `${record.name.toLowerCase()} ${record.type} ${typeof data === 'string' ? data : `${data.port} ${data.target}`}`;
}

function runDnsCase(dnsCase: DnsCase): void {
  const cluster = loadCluster({ 'manifests.yaml': dnsCase.manifests ?? '' });
  const { profile, problems } = readProfile({ clusterDomain: dnsCase.clusterDomain, ...(dnsCase.upstream && { upstreamDNS: dnsCase.upstream }) });
  assert.deepEqual(problems, []);
  const snapshot = buildSnapshot(cluster.objects, profile);
  const expect = dnsCase.expect;
  const podIPs = (keys: string[]) => keys.flatMap((key) => snapshot.pods.find((pod) => `${pod.namespace}/${pod.name}` === key)?.ips ?? [`(no pod ${key})`]).sort();
  const firstPod = () => snapshot.pods.find((pod) => !pod.simulated || pod.namespace !== 'kube-system');
  switch (dnsCase.kind) {
    case 'dns': {
      const query = dnsCase.query!;
      const result = resolveName(query.name, query.type, query.fromPodNamespace === null ? undefined : defaultClient(query.fromPodNamespace), snapshot);
      const why = `${query.type} ${query.name}: ${JSON.stringify(result)}`;
      if (expect.rcode) assert.equal(result.rcode, expect.rcode, why);
      if (expect.answer) assert.deepEqual(result.answer.map(comparable).sort(), expect.answer.map(comparable).sort(), why);
      const finalAddresses = result.answer.filter((record) => record.type === 'A' || record.type === 'AAAA').map((record) => String(record.data)).sort();
      if (expect.addresses) assert.deepEqual(finalAddresses, [...expect.addresses].sort(), why);
      if (expect.addressesOfPods) assert.deepEqual(finalAddresses, podIPs(expect.addressesOfPods), why);
      if (expect.answerCount !== undefined) assert.equal(result.answer.length, expect.answerCount, why);
      for (const included of expect.answerIncludes ?? []) assert.ok(result.answer.map(comparable).includes(comparable(included)), `${why} includes ${comparable(included)}`);
      if (expect.querySequence) assert.deepEqual(result.tried, expect.querySequence, why);
      if (expect.querySequenceStartsWith) assert.deepEqual(result.tried.slice(0, expect.querySequenceStartsWith.length), expect.querySequenceStartsWith, why);
      if ('resolvedName' in expect) assert.equal(result.resolvedName ?? null, expect.resolvedName, why);
      if (expect.podHostname) {
        const [podKey] = expect.addressesOfPods ?? [];
        assert.equal(snapshot.pods.find((pod) => `${pod.namespace}/${pod.name}` === podKey)?.hostname, expect.podHostname);
      }
      return;
    }
    case 'resolvConf': {
      const conf = resolvConfOf(firstPod()!, snapshot);
      assert.deepEqual(conf.search, expect.search);
      assert.deepEqual(conf.options, expect.options);
      const kubeDns = snapshot.services.find((service) => service.namespace === 'kube-system' && service.name === 'kube-dns')!.clusterIPs;
      const nameservers = (expect.nameservers ?? []).map((server) => (server.startsWith('<cluster DNS') ? kubeDns[0] : server));
      assert.deepEqual(conf.nameservers, nameservers);
      return;
    }
    case 'resolverOrder': {
      const conf = resolvConfOf(firstPod()!, snapshot);
      for (const query of expect.queries ?? []) {
        assert.deepEqual(searchSequence(query.name, conf.search, ndotsOf(conf)), query.querySequenceIfAllFail, query.name);
      }
      return;
    }
    case 'targetPort':
    case 'serviceBackends': {
      const [namespace, name] = (expect.service ?? '').split('/');
      const service = snapshot.services.find((candidate) => candidate.namespace === namespace && candidate.name === name)!;
      const port = service.ports.find((candidate) => candidate.port === expect.servicePort && (!expect.protocol || candidate.protocol === expect.protocol))!;
      const endpoints = snapshot.endpoints.get(`${namespace}/${name}`)!;
      // Compare the fields the case gives (a case may leave out the IP of a pod whose IP is not in the manifest).
      const expected = expect.backends ?? [];
      const fields = expected[0] ? Object.keys(expected[0]) : ['ip', 'port'];
      const project = (backend: Record<string, unknown>) => JSON.stringify(fields.map((field) => backend[field]));
      const backends = endpoints.endpoints
        .filter((endpoint) => endpoint.ports[port.name] !== undefined)
        .map((endpoint) => project({ pod: endpoint.pod, ip: endpoint.ip, port: endpoint.ports[port.name] }))
        .sort();
      assert.deepEqual(backends, expected.map(project).sort());
      if (expect.excludedPods) {
        assert.deepEqual([...new Set(endpoints.excluded.filter((entry) => entry.port === port.name).map((entry) => entry.pod))].sort(), [...expect.excludedPods].sort());
      }
      return;
    }
  }
}

describe('conformance: DNS, resolv.conf, targetPort and Service backend cases', { skip: !fs.existsSync(CONFORMANCE) && 'no ../shared/conformance' }, () => {
  const file = path.join(CONFORMANCE, 'dns', 'cases.json');
  const cases = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: DnsCase[] }).cases : [];
  for (const dnsCase of cases) {
    const label = dnsCase.implementation ? ` (${dnsCase.implementation} behaviour)` : '';
    test(`${dnsCase.id}: ${dnsCase.kind}${label}`, () => runDnsCase(dnsCase));
  }
});
