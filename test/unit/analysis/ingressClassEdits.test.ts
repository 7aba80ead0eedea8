/**
 * An IngressClass decides which controller an Ingress elsewhere belongs to, and so which findings it gets: after an
 * edit to one (cluster-scoped, so the snapshot is built afresh), the Ingresses of other files are checked again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { analyzeWorkspace } from '../../../server/src/analysis/workspaceAnalysis';
import { ClusterChecks } from '../../../server/src/analysis/clusterChecks';
import { SnapshotCache } from '../../../server/src/analysis/snapshotCache';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

const SITE = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: site, namespace: web}
spec:
  rules: [{host: site.example.com, http: {paths: [{path: "/api/(.*)", pathType: Prefix, backend: {service: {name: site, port: {number: 80}}}}]}}]
---
apiVersion: v1
kind: Service
metadata: {name: site, namespace: web}
spec: {ports: [{port: 80}]}
`;
const TRAEFIK = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: traefik, annotations: {ingressclass.kubernetes.io/is-default-class: "false"}}
spec: {controller: traefik.io/ingress-controller}
`;

describe('IngressClass edits and the Ingresses of other files', () => {
  test('marking another controller\'s class default takes ingress-nginx\'s findings off an Ingress naming no class, and giving it back restores them', () => {
    const index = new WorkspaceIndex(() => ['default']);
    index.setText('file:///w/site.yaml', SITE);
    index.setText('file:///w/classes.yaml', TRAEFIK);
    const snapshots = new SnapshotCache();
    const checks = new ClusterChecks();
    const regexWarnings = (problems: Map<string, readonly { code: string; severity: string }[]>) => (problems.get('file:///w/site.yaml') ?? []).filter((problem) => problem.code === 'KT205' && problem.severity === 'warning').length;
    assert.equal(regexWarnings(analyzeWorkspace(index, DEFAULT_PROFILE, snapshots, checks)), 1);
    for (const [value, expected] of [['true', 0], ['false', 1]] as const) {
      index.setText('file:///w/classes.yaml', TRAEFIK.replace('"false"', `"${value}"`));
      const after = analyzeWorkspace(index, DEFAULT_PROFILE, snapshots, checks);
      assert.deepStrictEqual(after, analyzeWorkspace(index, DEFAULT_PROFILE));
      assert.equal(regexWarnings(after), expected, `is-default-class ${value}`);
    }
  });
});
