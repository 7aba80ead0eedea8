import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PROFILE } from '../../../server/src/engine/profile';
import { analyzeWorkspace } from '../../../server/src/analysis/workspaceAnalysis';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

const POD = `apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: default, labels: {app: db}}\nspec: {containers: [{name: db, image: postgres}]}\n`;
const SERVICE = `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: default}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n`;

function findings(kustomization: string | undefined): { code: string; severity: string; message: string; related: string[] }[] {
  const index = new WorkspaceIndex(() => ['default']);
  index.setText('file:///w/app/pod.yaml', POD);
  index.setText('file:///w/app/service.yaml', SERVICE);
  if (kustomization !== undefined) index.setText('file:///w/app/kustomization.yaml', kustomization);
  return [...analyzeWorkspace(index, DEFAULT_PROFILE).values()].flat().map((problem) => ({ code: problem.code, severity: problem.severity, message: problem.message, related: (problem.related ?? []).map((related) => related.uri) }));
}

describe('findings in a cluster whose kustomization is not rendered', () => {
  test('a selector finding is information that names the kustomization and what it sets', () => {
    const [finding, ...rest] = findings('resources: [pod.yaml, service.yaml]\ncommonLabels: {app: web}\nnamespace: shop\n');
    assert.deepEqual(rest, []);
    assert.equal(finding?.code, 'KT101');
    assert.equal(finding?.severity, 'information');
    assert.match(finding?.message ?? '', /\(As written: Kubetrace does not render Kustomize yet, and app\/kustomization\.yaml sets commonLabels, namespace, which may change this once built\.\)$/);
    assert.ok(finding?.related.includes('file:///w/app/kustomization.yaml'));
  });

  test('a kustomization that only lists resources changes nothing: the finding stays a warning', () => {
    assert.deepEqual(findings('resources: [pod.yaml, service.yaml]\nimages: [{name: postgres, newTag: "16"}]\n').map((finding) => `${finding.code} ${finding.severity}`), ['KT101 warning']);
    assert.deepEqual(findings(undefined).map((finding) => `${finding.code} ${finding.severity}`), ['KT101 warning']);
  });
});
