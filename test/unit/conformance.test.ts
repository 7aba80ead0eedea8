/**
 * The conformance cases of ../shared/conformance, with expectations written outside this project.
 * What the model can check today is checked (every manifest read without a problem, every workload and
 * backend the case names found with its kind, replicas and ports). Verdicts need the networking engine:
 * until it exists each case's verdicts are reported as skipped with the reason "unsupported", never as passed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { KubeObject, PodSpec } from '../../server/src/engine/objects';
import type { ClusterModel } from '../../server/src/model/clusterModel';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { SHARED } from '../support/fixtures';

const CONFORMANCE = path.join(SHARED, 'conformance');
const UNSUPPORTED = 'unsupported: verdicts need the networking engine (issues 4, 5 and 6)';

function loadCluster(files: Record<string, string>): ClusterModel {
  const index = new WorkspaceIndex(() => ['default']);
  for (const [name, text] of Object.entries(files)) index.setText(`file:///case/${name}`, text);
  const problems = [...index.problemsByUri().values()].flat().filter((problem) => problem.code !== 'KT004');
  assert.deepEqual(problems.map((problem) => `${problem.uri}:${problem.range.start.line + 1} ${problem.code} ${problem.message}`), []);
  const [cluster] = index.clusters();
  assert.ok(cluster, 'the case has objects');
  return cluster;
}

function readFolder(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort()) {
    if (/\.(ya?ml|json)$/.test(name) && name !== 'expected.json') files[name] = fs.readFileSync(path.join(folder, name), 'utf8');
  }
  return files;
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

describe('conformance: NetworkPolicy cases', { skip: !fs.existsSync(CONFORMANCE) && 'no ../shared/conformance' }, () => {
  for (const name of caseFolders('netpol')) {
    const folder = path.join(CONFORMANCE, 'netpol', name);
    const expected = JSON.parse(fs.readFileSync(path.join(folder, 'expected.json'), 'utf8')) as {
      workloads?: Record<string, ExpectedWorkload>;
      checks: unknown[];
    };
    test(`${name}: the model reads every workload with its kind, replicas and ports`, () => {
      const cluster = loadCluster(readFolder(path.join(folder, 'manifests')));
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
    test(`${name}: ${expected.checks.length} allow/deny verdicts`, { skip: UNSUPPORTED }, () => {});
  }
});

describe('conformance: Ingress and Gateway API cases', { skip: !fs.existsSync(CONFORMANCE) && 'no ../shared/conformance' }, () => {
  for (const name of caseFolders('ingress')) {
    const folder = path.join(CONFORMANCE, 'ingress', name);
    const expected = JSON.parse(fs.readFileSync(path.join(folder, 'expected.json'), 'utf8')) as {
      requests: { expect: { namespace?: string; service?: string } }[];
    };
    test(`${name}: the model reads every route and every expected backend Service`, () => {
      const cluster = loadCluster(readFolder(folder));
      assert.ok(cluster.objects.some((object) => object.type === 'Ingress' || object.type === 'HTTPRoute'), 'a route');
      for (const request of expected.requests) {
        const { namespace, service } = request.expect;
        if (!service) continue;
        assert.ok(
          cluster.objects.some((object) => object.type === 'Service' && object.id.name === service && (!namespace || object.id.namespace === namespace)),
          `Service ${namespace}/${service} is in the model`,
        );
      }
    });
    test(`${name}: ${expected.requests.length} routed requests`, { skip: UNSUPPORTED }, () => {});
  }
});

describe('conformance: DNS cases', { skip: !fs.existsSync(CONFORMANCE) && 'no ../shared/conformance' }, () => {
  const file = path.join(CONFORMANCE, 'dns', 'cases.json');
  const cases = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: { id: string; kind: string; manifests?: string }[] }).cases
    : [];
  for (const dnsCase of cases) {
    if (dnsCase.manifests) {
      test(`${dnsCase.id}: the model reads the case's manifests`, () => {
        loadCluster({ 'manifests.yaml': dnsCase.manifests! });
      });
    }
    test(`${dnsCase.id}: ${dnsCase.kind} answer`, { skip: UNSUPPORTED }, () => {});
  }
});
