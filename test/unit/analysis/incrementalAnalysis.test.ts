/**
 * After an edit, the snapshot made from the previous one and the checks run only where the edit may have changed
 * findings must equal a fresh build and a full run. Random edits of every kind (labels, ports, replicas, Service
 * types and NodePorts, names, written addresses, connection strings, Ingress paths, documents added and removed,
 * cluster-wide objects) are applied in turn, and each result is compared with the one computed afresh.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { snapshotChange } from '../../../server/src/engine/snapshot/snapshotChange';
import { updateSnapshot } from '../../../server/src/engine/snapshot/updateSnapshot';
import { analyzeWorkspace, WorkspaceAnalysis } from '../../../server/src/analysis/workspaceAnalysis';
import { ClusterChecks } from '../../../server/src/analysis/clusterChecks';
import { SnapshotCache } from '../../../server/src/analysis/snapshotCache';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { seededRandom } from '../../support/random';

function app(namespace: string, name: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, tier: web}}
    spec: {containers: [{name: main, image: x, ports: [{name: http, containerPort: 8080}], env: [{name: PEER, value: "http://db.data.svc.cluster.local:80/"}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  type: ClusterIP
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  podSelector: {matchLabels: {app: ${name}}}
  ingress: [{from: [{podSelector: {matchLabels: {tier: web}}}], ports: [{port: 8080}]}]
${extra}`;
}

/** A snapshot as plain data: its endpoints in one map, however they were layered. */
function comparable(snapshot: ClusterSnapshot) {
  return { ...snapshot, pods: [...snapshot.pods], services: [...snapshot.services], objects: [...snapshot.objects], endpoints: snapshot.endpoints.toMap() };
}

const FILES: Record<string, string> = {
  'shop/web.yaml': app('shop', 'web'),
  'shop/api.yaml': app('shop', 'api', '---\napiVersion: v1\nkind: Pod\nmetadata: {name: probe, namespace: shop, labels: {app: probe}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {podIP: 10.244.0.77}\n'),
  // The db pods take Linkerd's proxy and admit only meshed clients: every other app, calling db, is refused (KT513).
  'data/db.yaml': app('data', 'db', '---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: pg, namespace: data}\nspec:\n  serviceName: pg\n  replicas: 2\n  selector: {matchLabels: {app: pg}}\n  template:\n    metadata: {labels: {app: pg}}\n    spec: {containers: [{name: pg, image: x, ports: [{containerPort: 5432}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: pg, namespace: data}\nspec: {clusterIP: None, selector: {app: pg}, ports: [{port: 5432}]}\n').replace('metadata: {labels: {app: db, tier: web}}', 'metadata: {labels: {app: db, tier: web}, annotations: {linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: all-authenticated}}'),
  'edge/lb.yaml': app('edge', 'gate', '---\napiVersion: v1\nkind: Service\nmetadata: {name: public, namespace: edge}\nspec: {type: LoadBalancer, selector: {app: gate}, ports: [{name: a, port: 443}, {name: b, port: 80, nodePort: 30080}]}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: edge, namespace: edge}\nspec: {rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: gate, port: {number: 80}}}}]}}]}\n'),
  'default/tools.yaml': app('default', 'tools', '---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec: {hostNetwork: true, containers: [{name: a, image: x}]}\n'),
  'cluster.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: shop}}\n',
  'ops/watch.yaml': [
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: watch, namespace: ops}\nspec:\n  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: shop}}, podSelector: {matchLabels: {tier: web}}}]}]\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: urls, namespace: ops}\ndata: {api: "http://api.shop:80", pg: "pg-0.pg.data.svc:5432", ext: "http://outside.ops:80"}\n',
    'apiVersion: v1\nkind: Service\nmetadata: {name: outside, namespace: ops}\nspec: {type: ExternalName, externalName: web.shop.svc.cluster.local}\n',
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ops, namespace: ops}\nspec:\n  tls: [{secretName: certs}]\n  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: outside, port: {number: 80}}}}]}}]\n',
    'apiVersion: v1\nkind: Service\nmetadata: {name: np, namespace: ops}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 30090}]}\n',
    'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: ops}\nspec:\n  rules: [{backendRefs: [{name: web, namespace: shop, port: 80}]}]\n',
  ].join('---\n'),
  'shop/grant.yaml': 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: shop}\nspec: {from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: ops}], to: [{group: "", kind: Service}]}\n',
};

/** Edits as people make them: each takes a file's text and returns it changed (or unchanged when it does not apply). */
const EDITS: ((text: string, random: () => number) => string)[] = [
  (text, random) => text.replace(/tier: web/, `tier: web${Math.floor(random() * 3)}`),
  (text, random) => text.replace(/containerPort: 8080/, `containerPort: ${8080 + Math.floor(random() * 3)}`),
  (text, random) => text.replace(/replicas: \d/, `replicas: ${1 + Math.floor(random() * 3)}`),
  (text) => text.replace(/type: ClusterIP/, 'type: NodePort'),
  (text) => text.replace(/type: NodePort/, 'type: ClusterIP'),
  (text, random) => text.replace(/nodePort: \d+/, `nodePort: ${30080 + Math.floor(random() * 2)}`),
  (text, random) => text.replace(/ports: \[\{name: http, port: 80/, `ports: [{name: http, port: ${80 + Math.floor(random() * 2)}`),
  (text) => text.replace(/selector: \{app: (\w+)\}/, 'selector: {app: $1x}'),
  (text) => text.replace(/podIP: [\d.]+/, 'podIP: 10.244.0.78'),
  (text) => text.replace(/metadata: \{name: (\w+), namespace: (\w+)\}\nspec:\n {2}replicas/, 'metadata: {name: $1b, namespace: $2}\nspec:\n  replicas'),
  (text) => text.replace(/\n---\n[^]*$/, '\n'),
  (text) => `${text}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n`,
  (text, random) => text.replace(/labels: \{team: \w+\}/, `labels: {team: t${Math.floor(random() * 3)}}`),
  (text) => text.replace(/spec: \{clusterIP: None/, 'spec: {clusterIP: 10.96.0.50'),
  (text) => text.replace(/---\napiVersion: networking.k8s.io\/v1\nkind: Ingress\n[^]*$/, ''),
  (text) => (text.includes('kind: Ingress') ? text : `${text}---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: late, namespace: shop}\nspec: {defaultBackend: {service: {name: web, port: {number: 80}}}}\n`),
  (text) => text.replace(/namespace: (shop|data|edge)\b/g, 'namespace: $1x'),
  (text) => text.replace(/namespace: (shop|data|edge)x\b/g, 'namespace: $1'),
  (text, random) => text.replace(/db\.data\.svc\.cluster\.local:\d+/, `db.data.svc.cluster.local:${80 + Math.floor(random() * 2)}`),
  (text) => text.replace(/path: \/, pathType: Prefix/, 'path: /shop, pathType: Prefix'),
  (text) => text.replace(/path: \/shop, pathType: Prefix/, 'path: /, pathType: Prefix'),
  (text) => `${text}---\napiVersion: v1\nkind: Secret\nmetadata: {name: certs}\n`,
  (text) => text.replace(/---\napiVersion: v1\nkind: Secret\nmetadata: \{name: certs\}\n/, ''),
  (text) => text.replace(/\{team: shop\}, podSelector/, '{team: data}, podSelector'),
  // Linkerd's default inbound policy taken off the db pods and put back (KT513 reads it from the edited namespace).
  (text) => text.replace(/, config\.linkerd\.io\/default-inbound-policy: all-authenticated\}/, '}'),
  (text) => text.replace(/annotations: \{linkerd\.io\/inject: enabled\}/, 'annotations: {linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: all-authenticated}'),
  (text) => text.replace(/selector: \{matchLabels: \{app: (\w+)\}\}\n {2}template:\n {4}metadata: \{labels: \{app: \w+, tier: web\}\}/, 'selector: {matchLabels: {app: $1}}\n  template:\n    metadata: {labels: {app: $1, tier: api}}'),
];

describe('updating a snapshot after an edit', () => {
  test('gives what a fresh build gives, edit after edit, and takes the short way for most of them', () => {
    const random = seededRandom(20261125);
    const index = new WorkspaceIndex(() => ['default']);
    const texts = new Map(Object.entries(FILES));
    for (const [name, text] of texts) index.setText(`file:///w/${name}`, text);
    let previous: ClusterSnapshot = buildSnapshot(index.clusters()[0]!.objects, DEFAULT_PROFILE);
    let updated = 0;
    for (let step = 0; step < 400; step++) {
      const names = [...texts.keys()];
      const name = names[Math.floor(random() * names.length)]!;
      const edit = EDITS[Math.floor(random() * EDITS.length)]!;
      const text = edit(texts.get(name)!, random);
      texts.set(name, text);
      index.setText(`file:///w/${name}`, text);
      const objects = index.clusters()[0]?.objects ?? [];
      const fresh = buildSnapshot(objects, DEFAULT_PROFILE);
      const incremental = updateSnapshot(previous, objects);
      if (incremental) {
        updated++;
        assert.deepStrictEqual(comparable(incremental), comparable(fresh), `step ${step}: ${name}`);
      }
      previous = incremental ?? fresh;
    }
    assert.ok(updated > 150, `${updated} of 400 edits were applied to the previous snapshot`);
  });

  test('changes that reach past their namespace: the last Ingress going, a namespace appearing or emptied', () => {
    const index = new WorkspaceIndex(() => ['default']);
    for (const [name, text] of Object.entries(FILES)) index.setText(`file:///w/${name}`, text);
    let previous = buildSnapshot(index.clusters()[0]!.objects, DEFAULT_PROFILE);
    const edge = FILES['edge/lb.yaml']!;
    const steps: [string, string][] = [
      ['edge/lb.yaml', edge.replace(/---\napiVersion: networking.k8s.io\/v1\nkind: Ingress\n[^]*$/, '')],
      ['edge/lb.yaml', edge],
      ['data/db.yaml', FILES['data/db.yaml']!.replace(/namespace: data\b/g, 'namespace: data2')],
      ['data/db.yaml', FILES['data/db.yaml']!],
      ['shop/api.yaml', FILES['shop/api.yaml']!.replace(/namespace: shop\b/g, 'namespace: data')],
      ['shop/web.yaml', FILES['shop/web.yaml']!.replace(/namespace: shop\b/g, 'namespace: data')],
      ['config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: fresh}\n'],
    ];
    for (const [name, text] of steps) {
      index.setText(`file:///w/${name}`, text);
      const objects = index.clusters()[0]!.objects;
      const snapshot = updateSnapshot(previous, objects) ?? buildSnapshot(objects, DEFAULT_PROFILE);
      assert.deepStrictEqual(comparable(snapshot), comparable(buildSnapshot(objects, DEFAULT_PROFILE)), name);
      previous = snapshot;
    }
  });

  test('checks run only where an edit may have changed findings give what a full run gives', () => {
    const random = seededRandom(7);
    const index = new WorkspaceIndex(() => ['default']);
    const texts = new Map(Object.entries(FILES));
    for (const [name, text] of texts) index.setText(`file:///w/${name}`, text);
    const snapshots = new SnapshotCache();
    const analysis = new WorkspaceAnalysis(snapshots, new ClusterChecks());
    let last = analysis.analyze(index, DEFAULT_PROFILE);
    let before = new Map(last.byUri);
    const deleted = new Set<string>();
    let findings = 0;
    let updated = 0;
    let fewFilesLooked = 0;
    for (let step = 0; step < 400; step++) {
      const names = [...texts.keys()];
      const name = names[Math.floor(random() * names.length)]!;
      const uri = `file:///w/${name}`;
      if (deleted.delete(name)) {
        index.setText(uri, texts.get(name)!);
      } else if (random() < 0.05) {
        deleted.add(name);
        index.delete(uri);
      } else {
        const text = EDITS[Math.floor(random() * EDITS.length)]!(texts.get(name)!, random);
        texts.set(name, text);
        index.setText(uri, text);
      }
      const result = analysis.analyze(index, DEFAULT_PROFILE);
      const fresh = analyzeWorkspace(index, DEFAULT_PROFILE);
      assert.deepStrictEqual(new Map(result.byUri), fresh, `step ${step}: ${name}`);
      // The files named as changed are all those whose problems differ (and maybe some whose problems do not).
      const changed = result.changedSince(last.revision);
      assert.ok(changed, `step ${step}: the files changed are known`);
      for (const file of new Set([...before.keys(), ...fresh.keys()])) {
        if (!isDeepStrictEqual(before.get(file), fresh.get(file))) assert.ok(changed.has(file), `step ${step}: ${file} changed`);
      }
      if (changed.size < fresh.size / 2) fewFilesLooked++;
      findings += [...fresh.values()].flat().filter((problem) => /^KT[1-4]/.test(problem.code)).length;
      if (snapshotChange(snapshots.get(index.clusters()[0], DEFAULT_PROFILE))) updated++;
      last = result;
      before = fresh;
    }
    assert.ok(findings > 400, `${findings} engine findings compared`);
    assert.ok(updated > 150, `${updated} of 400 edits were checked in part`);
    assert.ok(fewFilesLooked > 200, `${fewFilesLooked} of 400 analyses named fewer than half the files as changed`);
  });

  test('each way a check reads across namespaces is followed: the findings elsewhere change, and match a full run', () => {
    const texts = new Map(Object.entries(FILES));
    const index = new WorkspaceIndex(() => ['default']);
    for (const [name, text] of texts) index.setText(`file:///w/${name}`, text);
    const snapshots = new SnapshotCache();
    const checks = new ClusterChecks();
    let before = analyzeWorkspace(index, DEFAULT_PROFILE, snapshots, checks);
    // As the server does once each analysis is sent: the readers' index is carried over from edit to edit.
    checks.indexForEdits();
    const outside = (problems: Map<string, readonly unknown[]>, file: string) => JSON.stringify([...problems].filter(([uri]) => !uri.endsWith(file)));
    const steps: [string, string, RegExp, string][] = [
      ['a ReferenceGrant stops admitting a route of another namespace (KT209)', 'shop/grant.yaml', /namespace: ops\}/, 'namespace: opz}'],
      ['one of two apps a namespaceSelector peer reaches loses its label (setup)', 'shop/api.yaml', /tier: web/, 'tier: api'],
      ['the other one does too: the peer matches no pod (KT302)', 'shop/web.yaml', /tier: web/, 'tier: api'],
      ['an Ingress gives up a path another one claims (KT206)', 'edge/lb.yaml', /path: \/, pathType/, 'path: /edge, pathType'],
      ['a Secret of the name another Ingress wants appears elsewhere (KT207)', 'edge/lb.yaml', /$/, '---\napiVersion: v1\nkind: Secret\nmetadata: {name: certs, namespace: edge}\n'],
      ['the ExternalName Service goes (setup)', 'ops/watch.yaml', /apiVersion: v1\nkind: Service\nmetadata: \{name: outside[^]*?---\n/, ''],
      ['the pod a connection string of another namespace names goes (KT401)', 'data/db.yaml', /selector: \{app: pg\}, ports/, 'selector: {app: pgx}, ports'],
      ['a workload of another namespace stops calling the Service whose Linkerd policy refused it (KT513)', 'shop/web.yaml', /db\.data\.svc\.cluster\.local/, 'api.shop.svc.cluster.local'],
    ];
    for (const [what, file, pattern, replacement] of steps) {
      const text = texts.get(file)!.replace(pattern, replacement);
      assert.notEqual(text, texts.get(file), `${what}: the edit applies`);
      texts.set(file, text);
      index.setText(`file:///w/${file}`, text);
      const after = analyzeWorkspace(index, DEFAULT_PROFILE, snapshots, checks);
      checks.indexForEdits();
      assert.deepStrictEqual(after, analyzeWorkspace(index, DEFAULT_PROFILE), what);
      if (!what.endsWith('(setup)')) {
        assert.ok(snapshotChange(snapshots.get(index.clusters()[0], DEFAULT_PROFILE)), `${what}: checked in part`);
        assert.notEqual(outside(after, file), outside(before, file), `${what}: findings in other files changed`);
      }
      before = after;
    }
  });
});
