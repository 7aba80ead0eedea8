/**
 * An edit of a Service or a policy rebuilds its namespace from the snapshot before: the pods (which only the objects
 * that make pods decide) and the other Services and their endpoints are kept as they were, and the snapshot equals a
 * fresh build.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import { snapshotChange } from '../../../server/src/engine/snapshot/snapshotChange';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { updateSnapshot } from '../../../server/src/engine/snapshot/updateSnapshot';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

/** An application's Deployment, Service and policy, each in a file of its own (as an editor's edit of one document re-reads that document alone). */
function app(name: string): Record<string, string> {
  return {
    [`${name}/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: x, ports: [{name: http, containerPort: 8080}]}]}
`,
    [`${name}/service.yaml`]: `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec: {selector: {app: ${name}}, ports: [{name: http, port: 80, targetPort: http}]}
`,
    [`${name}/policy.yaml`]: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec: {podSelector: {matchLabels: {app: ${name}}}, ingress: [{ports: [{port: 8080}]}]}
`,
  };
}

const EXTERNAL = `apiVersion: v1
kind: Service
metadata: {name: external, namespace: shop}
spec: {ports: [{port: 5432}]}
`;

const SLICE = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: external-1, namespace: shop, labels: {kubernetes.io/service-name: external}}
addressType: IPv4
endpoints: [{addresses: [10.1.0.5]}]
ports: [{port: 5432}]
`;

/** A snapshot as plain data: its endpoints in one map, however they were layered. */
function comparable(snapshot: ClusterSnapshot) {
  return { ...snapshot, pods: [...snapshot.pods], services: [...snapshot.services], objects: [...snapshot.objects], endpoints: snapshot.endpoints.toMap() };
}

function edited(files: Record<string, string>, changes: Record<string, string>): { before: ClusterSnapshot; after: ClusterSnapshot; fresh: ClusterSnapshot } {
  const index = new WorkspaceIndex(() => ['default']);
  for (const [name, content] of Object.entries(files)) index.setText(`file:///w/${name}`, content);
  const before = buildSnapshot(index.clusters()[0]!.objects, DEFAULT_PROFILE);
  for (const [name, content] of Object.entries(changes)) index.setText(`file:///w/${name}`, content);
  const objects = index.clusters()[0]!.objects;
  const after = updateSnapshot(before, objects);
  assert.ok(after && snapshotChange(after), 'made from the snapshot before');
  return { before, after, fresh: buildSnapshot(objects, DEFAULT_PROFILE) };
}

const WEB = app('web');
const FILES = { ...WEB, ...app('api'), 'external/service.yaml': EXTERNAL, 'external/slice.yaml': SLICE };

describe('rebuilding a namespace after an edit of a Service or a policy', () => {
  test('a policy edit keeps every pod, Service and endpoint as they were', () => {
    const { before, after, fresh } = edited(FILES, { 'web/policy.yaml': WEB['web/policy.yaml']!.replace('ports: [{port: 8080}]', 'ports: [{port: 8081}]') });
    assert.deepEqual(comparable(after), comparable(fresh));
    assert.equal(after.pods, before.pods);
    for (const service of before.services) {
      assert.ok(after.services.includes(service), `${service.name} kept`);
      assert.equal(after.endpoints.get(`shop/${service.name}`), before.endpoints.get(`shop/${service.name}`), `${service.name}'s endpoints kept`);
    }
  });

  test('a selector edit makes its Service and endpoints again, and keeps the rest', () => {
    const { before, after, fresh } = edited(FILES, { 'web/service.yaml': WEB['web/service.yaml']!.replace('selector: {app: web}', 'selector: {app: api}') });
    assert.deepEqual(comparable(after), comparable(fresh));
    assert.equal(after.pods, before.pods);
    assert.deepEqual(after.endpoints.get('shop/web')!.endpoints.map((endpoint) => endpoint.pod), fresh.endpoints.get('shop/web')!.endpoints.map((endpoint) => endpoint.pod));
    assert.notEqual(after.endpoints.get('shop/web'), before.endpoints.get('shop/web'));
    assert.equal(after.endpoints.get('shop/api'), before.endpoints.get('shop/api'));
  });

  test('an EndpointSlice edit makes the endpoints of the namespace\'s Services again', () => {
    const { before, after, fresh } = edited(FILES, { 'external/slice.yaml': SLICE.replace('10.1.0.5', '10.1.0.6') });
    assert.deepEqual(comparable(after), comparable(fresh));
    assert.equal(after.pods, before.pods);
    assert.deepEqual(after.endpoints.get('shop/external')!.endpoints.map((endpoint) => endpoint.ip), ['10.1.0.6']);
  });

  test('a workload edit beside a Service edit makes the pods again', () => {
    const { before, after, fresh } = edited(FILES, { 'web/deployment.yaml': WEB['web/deployment.yaml']!.replace('image: x', 'image: y'), 'web/service.yaml': WEB['web/service.yaml']!.replace('targetPort: http', 'targetPort: 8080') });
    assert.deepEqual(comparable(after), comparable(fresh));
    assert.notEqual(after.pods, before.pods);
  });
});

describe('rebuilding the pods of an edited workload', () => {
  const STATEFUL = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: main, image: x}]}
`;

  test('a pod written with the name a workload gives one of its pods is left to a fresh build', () => {
    // db-1 is also the StatefulSet's second pod: after the edit two pods share a name, and one seed would give both an address.
    const files = { ...FILES, 'db/statefulset.yaml': STATEFUL, 'db/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: db-1, namespace: shop, labels: {app: lone}}\nspec: {containers: [{name: c, image: x}]}\n' };
    const index = new WorkspaceIndex(() => ['default']);
    for (const [name, content] of Object.entries(files)) index.setText(`file:///w/${name}`, content);
    const before = buildSnapshot(index.clusters()[0]!.objects, DEFAULT_PROFILE);
    index.setText('file:///w/db/statefulset.yaml', STATEFUL.replace('image: x', 'image: y'));
    assert.equal(updateSnapshot(before, index.clusters()[0]!.objects), undefined);
  });

  test('a workload edit keeps the endpoints an EndpointSlice gives, and makes those of the Service picking its pods again', () => {
    const { before, after, fresh } = edited(FILES, { 'web/deployment.yaml': WEB['web/deployment.yaml']!.replace('metadata: {labels: {app: web}}', 'metadata: {labels: {app: web, tier: front}}') });
    assert.deepEqual(comparable(after), comparable(fresh));
    assert.equal(after.endpoints.get('shop/external'), before.endpoints.get('shop/external'));
    assert.deepEqual(after.endpoints.get('shop/external')!.endpoints.map((endpoint) => endpoint.ip), ['10.1.0.5']);
    assert.notEqual(after.endpoints.get('shop/web'), before.endpoints.get('shop/web'));
    const front = [...after.pods].filter((pod) => pod.labels['tier'] === 'front').map((pod) => `${pod.namespace}/${pod.name}`);
    assert.equal(front.length, 2);
    assert.deepEqual(after.endpoints.get('shop/web')!.endpoints.map((endpoint) => endpoint.pod).sort(), front.sort());
  });
});
