/**
 * The hover on a workload's labels lists that workload's pods: a Deployment and a StatefulSet may share a name in one
 * namespace (a controller moved from one kind to the other), and each runs pods of its own.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import { hoverMarkdown } from '../../../server/src/features/hoverContent';
import { symbolAt } from '../../../server/src/features/symbolAt';
import { parseManifest } from '../../../server/src/model/parseManifest';

const WORKLOADS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: controller, namespace: argocd}
spec:
  replicas: 1
  selector: {matchLabels: {app: controller}}
  template:
    metadata:
      labels: {app: controller}
    spec: {containers: [{name: main, image: x, env: [{name: PEER, value: "http://redis:6379"}]}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: controller, namespace: argocd}
spec:
  replicas: 2
  serviceName: controller
  selector: {matchLabels: {app: controller-set}}
  template:
    metadata:
      labels: {app: controller-set}
    spec: {containers: [{name: main, image: x}]}
`;

describe('the hover on a workload', () => {
  test("lists the pods of that workload only, not those of another kind's workload of the same name", () => {
    const uri = 'file:///w/workloads.yaml';
    const snapshot = buildSnapshot(parseManifest(uri, WORKLOADS).objects, DEFAULT_PROFILE);
    const lines = WORKLOADS.split('\n');
    const deploymentLabel = lines.findIndex((line) => line.includes('labels: {app: controller}'));
    const hover = hoverMarkdown(symbolAt(snapshot, uri, { line: deploymentLabel, character: lines[deploymentLabel]!.indexOf('controller') })!, snapshot) ?? '';
    assert.match(hover, /^\*\*1 pod\(s\)\*\*\n- `argocd\/controller-[a-z0-9]+-[a-z0-9]+`/);
    assert.doesNotMatch(hover, /controller-0|controller-1/);
    const setLabel = lines.findIndex((line) => line.includes('labels: {app: controller-set}'));
    const setHover = hoverMarkdown(symbolAt(snapshot, uri, { line: setLabel, character: lines[setLabel]!.indexOf('controller-set') })!, snapshot) ?? '';
    assert.match(setHover, /^\*\*2 pod\(s\)\*\*\n- `argocd\/controller-0`/);
  });

  test("a connection string is resolved from the workload's own pod", () => {
    const uri = 'file:///w/workloads.yaml';
    const snapshot = buildSnapshot(parseManifest(uri, WORKLOADS).objects, DEFAULT_PROFILE);
    const lines = WORKLOADS.split('\n');
    const line = lines.findIndex((text) => text.includes('http://redis'));
    const symbol = symbolAt(snapshot, uri, { line, character: lines[line]!.indexOf('redis') });
    assert.equal(symbol?.kind, 'connection-string');
    assert.equal(symbol.kind === 'connection-string' && symbol.client?.workload.kind, 'Deployment');
  });
});
