/**
 * A snapshot made from the previous one after an edit must equal a snapshot built afresh. Random edits of
 * every kind (labels, ports, replicas, Service types and NodePorts, names, written addresses, documents added
 * and removed, cluster-wide objects) are applied in turn; each snapshot is compared with a fresh build.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import type { ClusterSnapshot } from '../../../server/src/engine/snapshot/types';
import { updateSnapshot } from '../../../server/src/engine/snapshot/updateSnapshot';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

function app(namespace: string, name: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, tier: web}}
    spec: {containers: [{name: main, image: x, ports: [{name: http, containerPort: 8080}]}]}
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

const FILES: Record<string, string> = {
  'shop/web.yaml': app('shop', 'web'),
  'shop/api.yaml': app('shop', 'api', '---\napiVersion: v1\nkind: Pod\nmetadata: {name: probe, namespace: shop, labels: {app: probe}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {podIP: 10.244.0.77}\n'),
  'data/db.yaml': app('data', 'db', '---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: pg, namespace: data}\nspec:\n  serviceName: pg\n  replicas: 2\n  selector: {matchLabels: {app: pg}}\n  template:\n    metadata: {labels: {app: pg}}\n    spec: {containers: [{name: pg, image: x, ports: [{containerPort: 5432}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: pg, namespace: data}\nspec: {clusterIP: None, selector: {app: pg}, ports: [{port: 5432}]}\n'),
  'edge/lb.yaml': app('edge', 'gate', '---\napiVersion: v1\nkind: Service\nmetadata: {name: public, namespace: edge}\nspec: {type: LoadBalancer, selector: {app: gate}, ports: [{name: a, port: 443}, {name: b, port: 80, nodePort: 30080}]}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: edge, namespace: edge}\nspec: {rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: gate, port: {number: 80}}}}]}}]}\n'),
  'default/tools.yaml': app('default', 'tools', '---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec: {hostNetwork: true, containers: [{name: a, image: x}]}\n'),
  'cluster.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: shop}}\n',
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
];

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('updating a snapshot after an edit', () => {
  test('gives what a fresh build gives, edit after edit, and takes the short way for most of them', () => {
    const random = seeded(20261125);
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
        assert.deepStrictEqual(incremental, fresh, `step ${step}: ${name}`);
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
      assert.deepStrictEqual(snapshot, buildSnapshot(objects, DEFAULT_PROFILE), name);
      previous = snapshot;
    }
  });
});
