import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { analyzeWorkspace } from '../../../server/src/analysis/workspaceAnalysis';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

const POLICY = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-deny-all, namespace: default}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: api}}}]\n`;
const SERVICE = `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: default}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n`;
const OTHER_POD = `apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: default, labels: {app: db}}\nspec: {containers: [{name: db, image: postgres}]}\n`;

function codes(files: Record<string, string>): string[] {
  const index = new WorkspaceIndex(() => ['default']);
  for (const [name, text] of Object.entries(files)) index.setText(`file:///w/${name}`, text);
  return [...analyzeWorkspace(index, DEFAULT_PROFILE).values()].flat().map((problem) => `${problem.code} ${problem.severity}`).sort();
}

describe('selectors in a namespace where the workspace defines no pod', () => {
  test('say nothing: the workloads are deployed from elsewhere (a folder of policy recipes)', () => {
    assert.deepEqual(codes({ 'policy.yaml': POLICY, 'service.yaml': SERVICE }), []);
  });

  test('are warnings again once the namespace has pods none of which match', () => {
    assert.deepEqual(codes({ 'policy.yaml': POLICY, 'service.yaml': SERVICE, 'pod.yaml': OTHER_POD }), ['KT101 warning', 'KT301 warning', 'KT302 warning']);
  });
});
