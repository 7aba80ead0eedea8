import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkObjects, sortedFindings } from '../../../server/src/engine/diagnostics/checkCluster';
import { defaultClient, resolveName } from '../../../server/src/engine/dns/resolver';
import { keepPodGroups, podAddressCounts } from '../../../server/src/engine/snapshot/groupedPods';
import { podGroupsOf, type PodGroup } from '../../../server/src/engine/snapshot/pods';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { traceRequest } from '../../../server/src/engine/trace/trace';
import { snapshotOf } from '../../support/engineFixtures';

/**
 * A fresh snapshot keeps a workload's pods as one group and makes them only when asked for; the checks of Services
 * and selectors count them from the groups. A copy of the snapshot (its pods made, no groups kept) answers pod by
 * pod: both must give the same findings, DNS answers, endpoints and traces.
 */
const workspace = (replicas: number) => `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: app, image: web, ports: [{name: http, containerPort: 8080}], env: [{name: API, value: "http://orders-apii.shop:80"}, {name: DB, value: "db-0.db.shop:6379"}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-canary, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web, track: canary}}
  template:
    metadata: {labels: {app: web, track: canary, tier: front}}
    spec: {containers: [{name: app, image: web, ports: [{containerPort: 9090}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}, {name: metrics, port: 9100, targetPort: 9100}]}
---
apiVersion: v1
kind: Service
metadata: {name: orders-api, namespace: shop}
spec: {selector: {app: order}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  replicas: ${replicas}
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: redis, image: redis, ports: [{containerPort: 6379}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 6379}]}
---
apiVersion: v1
kind: Service
metadata: {name: db-primary, namespace: shop}
spec: {selector: {app: db, statefulset.kubernetes.io/pod-name: db-1}, ports: [{port: 6379}]}
---
apiVersion: v1
kind: Service
metadata: {name: db-missing, namespace: shop}
spec: {selector: {app: db, statefulset.kubernetes.io/pod-name: db-${replicas + 5}}, ports: [{port: 6379}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-debug
  namespace: shop
  labels: {app: web}
  ownerReferences: [{kind: Deployment, name: web, controller: true}]
spec: {containers: [{name: shell, image: busybox, env: [{name: API, value: "http://web-x.shop:80"}]}]}
`;

/** The snapshot answering pod by pod: a copy with its pods made and no groups. */
const podByPod = (snapshot: ClusterSnapshot): ClusterSnapshot => ({ ...snapshot });

/** Reading the snapshot's pods (or notes, which the pods add to) counts; the pods are made as before. */
function countingPodReads(snapshot: ClusterSnapshot): { reads: number } {
  const counter = { reads: 0 };
  for (const key of ['pods', 'notes'] as const) {
    const made = Object.getOwnPropertyDescriptor(snapshot, key)!.get!;
    Object.defineProperty(snapshot, key, {
      get() {
        counter.reads++;
        return made.call(snapshot);
      },
    });
  }
  return counter;
}

describe('pods kept as groups', () => {
  for (const replicas of [1, 2, 3, 7]) {
    test(`with replicas ${replicas}, the checks find the same from the groups as pod by pod`, () => {
      const snapshot = snapshotOf(workspace(replicas));
      const grouped = sortedFindings(checkObjects(snapshot));
      const byPod = sortedFindings(checkObjects(podByPod(snapshotOf(workspace(replicas)))));
      assert.deepEqual(grouped, byPod);
      const codes = new Set(grouped.map((finding) => finding.code));
      for (const code of ['KT101', 'KT102', 'KT103', 'KT401', 'KT508'] as const) assert.ok(codes.has(code), `${code} among ${[...codes].join(', ')}`);
    });
  }

  test('DNS answers, endpoints and traces are the same from a fresh snapshot as pod by pod', () => {
    const fresh = snapshotOf(workspace(4));
    const byPod = podByPod(snapshotOf(workspace(4)));
    for (const name of ['db.shop.svc.cluster.local', 'db-2.db.shop.svc.cluster.local', 'web.shop.svc.cluster.local']) {
      const answer = resolveName(name, 'A', defaultClient('shop'), fresh);
      assert.deepEqual(answer, resolveName(name, 'A', defaultClient('shop'), byPod));
      assert.equal(answer.rcode, 'NOERROR', name);
    }
    assert.equal(resolveName('db.shop.svc.cluster.local', 'A', defaultClient('shop'), fresh).answer.length, 4, 'a headless Service answers with every ready pod');
    assert.deepEqual(fresh.endpoints.toMap(), byPod.endpoints.toMap());
    assert.equal(fresh.endpoints.get('shop/db-primary')?.endpoints.length, 1, 'the Service selects one StatefulSet pod by its name');
    const request = { from: { kind: 'workload', namespace: 'shop', name: 'web' }, to: { host: 'db-1.db.shop', port: 6379 }, protocol: 'TCP' } as const;
    assert.deepEqual(traceRequest(request, fresh), traceRequest(request, byPod));
    assert.deepEqual(fresh.pods, byPod.pods);
  });

  test('checking makes no pod, and reads each group a number of times that does not grow with replicas', () => {
    // Which pod comes first takes every pod's name: a finding on a Service selecting several workloads names the
    // first, a selector matching nothing orders the namespace's label sets by it, and a Pod named like a
    // workload's pods is placed by it. Those are left out here: each Service selects one workload.
    const selecting = (replicas: number) =>
      workspace(replicas)
        .split('---\n')
        .filter((document) => !/name: (orders-api|db-missing|web-debug|web-canary)\b/.test(document))
        .join('---\n');
    const planCalls = (replicas: number): number => {
      const snapshot = snapshotOf(selecting(replicas));
      const reads = countingPodReads(snapshot);
      // The groups a fresh build keeps, each counting the pods it is asked to plan.
      let calls = 0;
      const counted = podGroupsOf([...snapshot.objects], snapshot.nodes).map((group): PodGroup => ({ ...group, plan: (index) => (calls++, group.plan(index)) }));
      keepPodGroups(snapshot, counted);
      const findings = sortedFindings(checkObjects(snapshot));
      assert.ok(findings.some((finding) => finding.code === 'KT102'), 'the metrics port no container declares');
      assert.equal(reads.reads, 0, 'the checks read no pod');
      return calls;
    };
    // The selector on a StatefulSet pod's own name looks at each of its pods once (the mesh's port check asks
    // about the same selector as the Service check and is given the same classes); the rest are counted.
    const deploymentsOnly = (calls: number, replicas: number) => calls - replicas;
    assert.equal(deploymentsOnly(planCalls(10), 10), deploymentsOnly(planCalls(1000), 1000));
    assert.equal(deploymentsOnly(planCalls(1000), 1000), deploymentsOnly(planCalls(100_000), 1000), 'a workload makes at most 1,000 pods');
  });

  test('the pods given an address and those left without one are counted from the groups as buildPods gives them', () => {
    const deployments = (count: number, replicas: number, spec = '{containers: [{name: main}]}') =>
      Array.from({ length: count }, (_, index) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${index}, namespace: big}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: app-${index}}}\n  template: {metadata: {labels: {app: app-${index}}}, spec: ${spec}}\n`).join('---\n');
    const cases: readonly (readonly [string, object, boolean])[] = [
      [deployments(12, 100), { nodes: 3 }, true],
      [deployments(12, 100), { nodes: 3, nodeCIDRMaskSize: 28 }, true],
      [deployments(3, 40), {}, true],
      [`${deployments(4, 300)}---\n${deployments(1, 5, '{hostNetwork: true, containers: [{name: main}]}').replace(/app-0/g, 'host')}`, { nodes: 2 }, true],
      [deployments(3, 300, '{nodeSelector: {pool: a}, containers: [{name: main}]}'), { nodes: [{ name: 'a', labels: { pool: 'a' } }, { name: 'b' }] }, false],
      [`${deployments(2, 300)}---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: big}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template: {metadata: {labels: {app: agent}}, spec: {containers: [{name: main}]}}\n`, { nodes: 2 }, false],
    ];
    for (const [text, profile, counted] of cases) {
      const fresh = snapshotOf(text, profile);
      const reads = countingPodReads(fresh);
      const counts = podAddressCounts(fresh);
      assert.deepEqual(counts, podAddressCounts(podByPod(snapshotOf(text, profile))));
      assert.equal(reads.reads === 0, counted, `counted without the pods: ${JSON.stringify(profile)}`);
    }
    // 1,200 pods and CoreDNS's two on three /24 ranges of 253 addresses.
    assert.deepEqual(podAddressCounts(snapshotOf(deployments(12, 100), { nodes: 3 })), { addressed: 759, unaddressed: 443 });
  });
});
